package resource

import (
	"context"
	"fmt"
	"sort"
)

// Kind is the type of a field as the APIs see it.
type Kind uint8

// Field kinds. Int and Uint cover every integer width (values are int64 and
// uint64 in the runtime, converted by the generated code to the field's Go type).
const (
	KindString Kind = iota + 1
	KindBool
	KindInt
	KindUint
	KindFloat
	KindTime
	KindEnum
	KindUUID
	KindBytes
	KindJSON
	KindOther
	KindComposite // the id of an edge schema: two fields (Field.Parts)
)

var kindNames = [...]string{"", "string", "boolean", "integer", "unsigned integer", "number", "date-time", "enum", "uuid", "bytes", "json", "value", "composite id"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Numeric reports whether values of the kind are numbers (sum, avg, increment).
func (k Kind) Numeric() bool { return k == KindInt || k == KindUint || k == KindFloat }

// Ordered reports whether values of the kind can be compared with < and >.
func (k Kind) Ordered() bool {
	return k.Numeric() || k == KindTime || k == KindString || k == KindEnum || k == KindUUID
}

// FieldSpec is what the generator knows of a field: NewRegistry builds the
// read-only Field from it. Its members are documented on the accessors of
// Field of the same names.
type FieldSpec struct {
	Name       string
	Member     string
	Column     string
	EntName    string
	Kind       Kind
	Nillable   bool
	Optional   bool
	Default    bool
	Immutable  bool
	ReadOnly   bool
	Unique     bool
	Enum       []string
	ReadRule   bool
	UpdateRule bool
	Sensitive  bool
	Elem       Kind
	Conv       func(any) (any, error)
	AddConv    func(any) (any, error)
}

// Field describes a scalar field of a model. The ID is a Field too (Model.ID),
// but it is not in Model.Fields. It is read-only: NewRegistry builds it
// from a FieldSpec (NewField, a field of no model); the slices it returns
// must not be modified.
type Field struct {
	s     FieldSpec
	index int
	edge  *Edge
	parts []*Field

	model     *Model
	key       []byte // `"name":`, precomputed for the JSON writers
	memberKey []byte // the same with the JSON:API member name
}

// NewField returns a field of no model (a value described for a filter or
// a document: an element of a list, an aggregate). It has no JSON keys
// (Key, MemberKey) and index 0.
func NewField(s FieldSpec) *Field { return &Field{s: s} }

// Name is the API name, lowerCamelCase: "viewCount" (RPC field, JSON:API
// member unless Member says otherwise).
func (f *Field) Name() string { return f.s.Name }

// Member is the JSON:API member name when it differs from Name ("type"
// and "id" are reserved there); see MemberName.
func (f *Field) Member() string { return f.s.Member }

// Column is the SQL column: "view_count".
func (f *Field) Column() string { return f.s.Column }

// EntName is the Ent field name: "view_count".
func (f *Field) EntName() string { return f.s.EntName }

// Kind is the API type.
func (f *Field) Kind() Kind { return f.s.Kind }

// Nillable reports whether the field can be NULL (JSON null on output).
func (f *Field) Nillable() bool { return f.s.Nillable }

// Optional reports whether the field may be omitted on create.
func (f *Field) Optional() bool { return f.s.Optional }

// Default reports whether the field has a default value on create.
func (f *Field) Default() bool { return f.s.Default }

// Immutable reports whether the field cannot be updated.
func (f *Field) Immutable() bool { return f.s.Immutable }

// ReadOnly reports whether the field cannot be written through the APIs
// (annotation).
func (f *Field) ReadOnly() bool { return f.s.ReadOnly }

// Unique reports a unique column: usable in RPC unique where.
func (f *Field) Unique() bool { return f.s.Unique }

// Enum lists the allowed values of an enum field.
func (f *Field) Enum() []string { return f.s.Enum }

// Index is the position in Model.Fields (-1 for the ID).
func (f *Field) Index() int { return f.index }

// Edge is the to-one edge this field is the foreign key of, if any.
func (f *Field) Edge() *Edge { return f.edge }

// ReadRule reports whether a field-level read rule may hide it (privacy).
func (f *Field) ReadRule() bool { return f.s.ReadRule }

// UpdateRule reports whether a field-level update rule guards writing it
// (privacy).
func (f *Field) UpdateRule() bool { return f.s.UpdateRule }

// Sensitive reports a field never serialized (Ent's Sensitive).
func (f *Field) Sensitive() bool { return f.s.Sensitive }

// Elem is the kind of the elements of a JSON list field ([]string:
// KindString), if scalar.
func (f *Field) Elem() Kind { return f.s.Elem }

// Conv converts a canonical value (see Coerce) to the field's Go type, as
// Ent's generated setters take it; nil when the APIs cannot write the
// field.
func (f *Field) Conv() func(any) (any, error) { return f.s.Conv }

// AddConv converts an increment (Ent's adders of unsigned fields take
// signed values); nil when the field has no adder.
func (f *Field) AddConv() func(any) (any, error) { return f.s.AddConv }

// Parts are the fields a composite id is made of (KindComposite).
func (f *Field) Parts() []*Field { return f.parts }

// Model returns the model the field belongs to.
func (f *Field) Model() *Model { return f.model }

// Key returns the JSON object key of the field, quoted and followed by a colon.
func (f *Field) Key() []byte { return f.key }

// MemberName returns the JSON:API member name of the field.
func (f *Field) MemberName() string { return memberName(f.s.Name, f.s.Member) }

func memberName(name, member string) string {
	if member != "" {
		return member
	}
	return name
}

// MemberKey is Key with the JSON:API member name.
func (f *Field) MemberKey() []byte { return f.memberKey }

// Nullable reports whether the field's column can hold NULL.
func (f *Field) Nullable() bool { return f.s.Nillable || f.s.Optional }

// Writable reports whether the APIs may set the field on create (or update,
// when update is true).
func (f *Field) Writable(update bool) bool {
	return !f.s.ReadOnly && !f.s.Sensitive && !(update && f.s.Immutable)
}

// EdgeSpec is what the generator knows of an edge: NewRegistry builds the
// read-only Edge from it. Its members are documented on the accessors of
// Edge of the same names.
type EdgeSpec struct {
	Name       string
	Member     string
	EntName    string
	TargetName string
	Unique     bool
	Required   bool
	Rel        Rel
	Inverse    bool
	Table      string
	Columns    []string
	Bidi       bool
	FKName     string
	Immutable  bool
	ReadOnly   bool
}

// Edge describes a relation of a model. Its SQL shape (Rel, Table, Columns,
// Inverse) is what sqlgraph needs to build neighbour predicates and orders.
// It is read-only: NewRegistry builds it from an EdgeSpec; the slices it
// returns must not be modified.
type Edge struct {
	s     EdgeSpec
	fk    *Field
	index int

	target    *Model
	model     *Model
	key       []byte
	memberKey []byte
}

// Name is the API name: "author" (RPC field, JSON:API member unless Member
// says otherwise).
func (e *Edge) Name() string { return e.s.Name }

// Member is the JSON:API member name when it differs from Name; see
// MemberName.
func (e *Edge) Member() string { return e.s.Member }

// EntName is the Ent edge name.
func (e *Edge) EntName() string { return e.s.EntName }

// TargetName is the Ent name of the target model: "User".
func (e *Edge) TargetName() string { return e.s.TargetName }

// Unique reports a to-one.
func (e *Edge) Unique() bool { return e.s.Unique }

// Required reports a to-one that must be set on create.
func (e *Edge) Required() bool { return e.s.Required }

// Rel is the relation type seen from this side.
func (e *Edge) Rel() Rel { return e.s.Rel }

// Inverse reports an edge declared with edge.From (an inverse edge).
func (e *Edge) Inverse() bool { return e.s.Inverse }

// Table is the table holding the foreign key (or the join table).
func (e *Edge) Table() string { return e.s.Table }

// Columns are the foreign-key column(s); two for M2M (owner, target).
func (e *Edge) Columns() []string { return e.s.Columns }

// Bidi reports a self-referencing M2M edge with no inverse.
func (e *Edge) Bidi() bool { return e.s.Bidi }

// FKName is the API name of the field holding the foreign key on this
// side, if exposed.
func (e *Edge) FKName() string { return e.s.FKName }

// FK is that field.
func (e *Edge) FK() *Field { return e.fk }

// Index is the position in Model.Edges.
func (e *Edge) Index() int { return e.index }

// Immutable reports an edge that cannot be changed after create.
func (e *Edge) Immutable() bool { return e.s.Immutable }

// ReadOnly reports an edge that cannot be written through the APIs
// (annotation).
func (e *Edge) ReadOnly() bool { return e.s.ReadOnly }

// Rel is the relation type of an edge, seen from its owner.
type Rel uint8

// Relation types (the same as sqlgraph.Rel, kept here to spare the API
// packages an import of sqlgraph).
const (
	O2O Rel = iota + 1
	O2M
	M2O
	M2M
)

// Target returns the model at the other end of the edge.
func (e *Edge) Target() *Model { return e.target }

// Model returns the model the edge belongs to.
func (e *Edge) Model() *Model { return e.model }

// Key returns the JSON object key of the edge, quoted and followed by a colon.
func (e *Edge) Key() []byte { return e.key }

// MemberName returns the JSON:API member name of the edge.
func (e *Edge) MemberName() string { return memberName(e.s.Name, e.s.Member) }

// MemberKey is Key with the JSON:API member name.
func (e *Edge) MemberKey() []byte { return e.memberKey }

// ModelSpec is what the generator knows of a model: NewRegistry builds the
// read-only Model from it. Its members are documented on the accessors of
// Model of the same names.
type ModelSpec struct {
	Name       string
	Type       string
	Table      string
	ID         *FieldSpec
	Fields     []*FieldSpec
	Edges      []*EdgeSpec
	Key        []string
	ClientID   bool
	ReadOnly   bool
	RowWrites  bool
	DBDefaults bool
	// PostgresExact: see Model.PostgresExact.
	PostgresExact bool
	Hooked        bool
	Guarded       Guards
	Ops           Ops
}

// Field returns the spec of the field with the API name, or nil.
func (s *ModelSpec) Field(name string) *FieldSpec {
	for _, f := range s.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Edge returns the spec of the edge with the API name, or nil.
func (s *ModelSpec) Edge(name string) *EdgeSpec {
	for _, e := range s.Edges {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Edit applies the edits to each of the models, in order, and returns them:
// generated code lets its caller change the metadata before the registry
// is built (it is read-only after).
func Edit(edits []func(*ModelSpec), models ...*ModelSpec) []*ModelSpec {
	for _, m := range models {
		for _, edit := range edits {
			edit(m)
		}
	}
	return models
}

// Model describes an entity type and carries its generated operations. It
// is read-only: NewRegistry builds it from a ModelSpec; the slices it
// returns must not be modified.
type Model struct {
	s         ModelSpec // ID, Fields and Edges nil: built below
	id        *Field
	fieldList []*Field
	edgeList  []*Edge

	reg     *Registry
	fields  map[string]*Field
	edges   map[string]*Edge
	members map[string]any // JSON:API member name → *Field or *Edge
}

// Name is the Ent name: "Post".
func (m *Model) Name() string { return m.s.Name }

// Type is the API type and path: "post".
func (m *Model) Type() string { return m.s.Type }

// Table is the SQL table: "posts".
func (m *Model) Table() string { return m.s.Table }

// ID is the id field.
func (m *Model) ID() *Field { return m.id }

// Fields are the fields besides the id, in schema order.
func (m *Model) Fields() []*Field { return m.fieldList }

// Edges are the relations, in schema order.
func (m *Model) Edges() []*Edge { return m.edgeList }

// Key names the fields of a composite id (an edge schema's, Ent's
// field.ID(a, b)); ID is then of KindComposite, and RPC finds the row by
// Prisma's compound key, named after them: {"a_b": {"a": 1, "b": 2}}.
func (m *Model) Key() []string { return m.s.Key }

// ClientID reports whether the APIs accept client-generated ids on create
// (annotation).
func (m *Model) ClientID() bool { return m.s.ClientID }

// ReadOnly reports whether the APIs only read it (an Ent view: Ent
// generates no writes).
func (m *Model) ReadOnly() bool { return m.s.ReadOnly }

// RowWrites reports whether Ops.UpdateOne and DeleteOne write the row by
// one UPDATE or DELETE narrowed to it, which reports a row it misses
// itself, relation changes included (privacy.WriteRow). Otherwise
// (composite ids, ids Ent's bulk update cannot carry) they are Ent's
// UpdateOne and DeleteOne, and the row is looked up before relation
// changes.
func (m *Model) RowWrites() bool { return m.s.RowWrites }

// DBDefaults reports whether a column has a default only the database
// applies, which the row Ent returns from a create lacks: creates are read
// back.
func (m *Model) DBDefaults() bool { return m.s.DBDefaults }

// PostgresExact reports whether every column of the model stores on
// PostgreSQL the Go value Ent writes, times once truncated to microseconds
// (the generated create does it: MicrosecondTimes): the row Ent returns
// from a create is then the row as stored, and answers the create (unless
// DBDefaults). JSON (jsonb normalizes it), column types of the schema's
// own and custom Go types that convert themselves are not exact.
func (m *Model) PostgresExact() bool { return m.s.PostgresExact }

// Hooked reports whether the schema's hooks, or update rules checked after
// the write (privacy.PostWrite), may run statements of their own with a
// write, so that every write runs in a transaction (see
// Write.oneStatement).
func (m *Model) Hooked() bool { return m.s.Hooked }

// Guarded says the operations an access policy restricts.
func (m *Model) Guarded() Guards { return m.s.Guarded }

// Ops are the generated operations, bound to a client.
func (m *Model) Ops() Ops { return m.s.Ops }

// Guards says which operations of a model its access policy restricts: a
// guarded read sees only the rows the rules let through, a guarded write may
// be denied (403). An operation whose rules are a constant allow (or a model
// of a client without any rules) is not guarded. API descriptions use it.
type Guards struct{ Create, Read, Update, Delete bool }

// Field returns the field with the API name; the ID is found as "id".
func (m *Model) Field(name string) (*Field, bool) {
	f, ok := m.fields[name]
	return f, ok
}

// Edge returns the edge with the API name.
func (m *Model) Edge(name string) (*Edge, bool) {
	e, ok := m.edges[name]
	return e, ok
}

// Composite reports whether the model's id is made of several fields.
func (m *Model) Composite() bool { return m.ID() != nil && m.ID().Kind() == KindComposite }

// Attribute returns the field with the JSON:API member name (the ID as
// "id").
func (m *Model) Attribute(name string) (*Field, bool) {
	f, ok := m.members[name].(*Field)
	return f, ok
}

// Relationship returns the edge with the JSON:API member name.
func (m *Model) Relationship(name string) (*Edge, bool) {
	e, ok := m.members[name].(*Edge)
	return e, ok
}

// FieldNames lists the API names of the fields, for error messages.
func (m *Model) FieldNames() []string {
	out := make([]string, 0, len(m.Fields()))
	for _, f := range m.Fields() {
		out = append(out, f.Name())
	}
	return out
}

// Registry is the set of models of one generated client, addressable by
// API type. Build it with NewRegistry (generated code does).
type Registry struct {
	Models []*Model
	// IDDivider joins the parts of composite ids in JSON:API ids (default
	// DefaultIDDivider, "_"). Set it before serving.
	IDDivider string
	// Limits bound the filters and sorts of the requests the API flavours
	// serve over the registry (set them before serving; zero fields take
	// the defaults).
	Limits Limits
	// Dialect is the database's (entgo.io/ent/dialect), set by the
	// generated Resources. On SQLite a created row as Ent returns it is
	// the row as stored (CreateTx), and on PostgreSQL for the models that
	// are PostgresExact; other databases and models may round times or
	// normalize values.
	Dialect string
	byType  map[string]*Model
	byName  map[string]*Model
	tx      TxFunc
	ent     EntErrors
}

// TxFunc starts a transaction and returns a context whose generated
// operations run inside it.
type TxFunc func(ctx context.Context) (context.Context, Tx, error)

// Tx is a database transaction started by a Registry.
type Tx interface {
	Commit() error
	Rollback() error
}

// NewRegistry builds the models from their specs (linking edge targets,
// back-pointers, JSON keys) and indexes them. The specs are copied: the
// models are read-only after. It panics on inconsistent metadata: that is
// a generator bug.
func NewRegistry(tx TxFunc, errs EntErrors, specs ...*ModelSpec) *Registry {
	r := &Registry{Models: make([]*Model, len(specs)), byType: map[string]*Model{}, byName: map[string]*Model{}, tx: tx, ent: errs}
	for i, spec := range specs {
		m := &Model{s: *spec, reg: r}
		m.s.ID, m.s.Fields, m.s.Edges = nil, nil, nil
		if spec.ID != nil {
			m.id = &Field{s: *spec.ID, model: m, index: -1, key: jsonKey(spec.ID.Name), memberKey: jsonKey(spec.ID.Name)}
		}
		m.fieldList = make([]*Field, len(spec.Fields))
		for i, fs := range spec.Fields {
			m.fieldList[i] = &Field{s: *fs, model: m, index: i, key: jsonKey(fs.Name), memberKey: jsonKey(memberName(fs.Name, fs.Member))}
		}
		m.edgeList = make([]*Edge, len(spec.Edges))
		for i, es := range spec.Edges {
			m.edgeList[i] = &Edge{s: *es, model: m, index: i, key: jsonKey(es.Name), memberKey: jsonKey(memberName(es.Name, es.Member))}
		}
		r.Models[i] = m
		r.byType[m.s.Type] = m
		r.byName[m.s.Name] = m
	}
	for _, m := range r.Models {
		m.fields = make(map[string]*Field, len(m.fieldList)+1)
		m.edges = make(map[string]*Edge, len(m.edgeList))
		m.members = make(map[string]any, len(m.fieldList)+len(m.edgeList)+1)
		for _, f := range m.fieldList {
			m.fields[f.s.Name] = f
			m.members[f.MemberName()] = f
		}
		if m.id != nil {
			m.members[m.id.s.Name] = m.id
			if len(m.s.Key) > 0 {
				// Prisma's models have no id field then: RPC sees the parts.
				linkKey(m)
			} else {
				m.fields[m.id.s.Name] = m.id
			}
		}
		for _, e := range m.edgeList {
			m.members[e.MemberName()] = e
			t, ok := r.byName[e.s.TargetName]
			if !ok {
				panic(fmt.Sprintf("resource: edge %s.%s: unknown target %s", m.s.Name, e.s.Name, e.s.TargetName))
			}
			e.target = t
			m.edges[e.s.Name] = e
			if e.s.FKName != "" {
				fk, ok := m.fields[e.s.FKName]
				if !ok {
					panic(fmt.Sprintf("resource: edge %s.%s: unknown foreign-key field %s", m.s.Name, e.s.Name, e.s.FKName))
				}
				e.fk, fk.edge = fk, e
			}
		}
	}
	sort.SliceStable(r.Models, func(i, j int) bool { return r.Models[i].s.Type < r.Models[j].s.Type })
	return r
}

// Model returns the model with the API type.
func (r *Registry) Model(typ string) (*Model, bool) {
	m, ok := r.byType[typ]
	return m, ok
}

// ModelByName returns the model with the Ent name.
func (r *Registry) ModelByName(name string) (*Model, bool) {
	m, ok := r.byName[name]
	return m, ok
}

// Types lists the API types, sorted.
func (r *Registry) Types() []string {
	out := make([]string, len(r.Models))
	for i, m := range r.Models {
		out[i] = m.Type()
	}
	return out
}

func jsonKey(name string) []byte {
	b := AppendString(nil, name)
	return append(b, ':')
}

// InTx runs fn in a transaction: the generated operations called with the
// context fn receives run inside it. It commits when fn returns nil and
// rolls back otherwise (also on panic). A context already inside a
// transaction is reused, so nested calls share one.
func (r *Registry) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if ctx.Value(txKey{}) != nil {
		return fn(ctx)
	}
	tctx, tx, err := r.tx(ctx)
	if err != nil {
		return err
	}
	tctx = context.WithValue(tctx, txKey{}, true)
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tctx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

type txKey struct{}
