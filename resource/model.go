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

// Field describes a scalar field of a model. The ID is a Field too (Model.ID),
// but it is not in Model.Fields.
type Field struct {
	Name       string   // API name, lowerCamelCase: "viewCount" (RPC field, JSON:API member unless Member says otherwise)
	Member     string   // JSON:API member name when it differs from Name ("type" and "id" are reserved there)
	Column     string   // SQL column: "view_count"
	EntName    string   // Ent field name: "view_count"
	Kind       Kind     // the API type
	Nillable   bool     // can be NULL (JSON null on output)
	Optional   bool     // may be omitted on create
	Default    bool     // has a default value on create
	Immutable  bool     // cannot be updated
	ReadOnly   bool     // cannot be written through the APIs (annotation)
	Unique     bool     // unique column: usable in RPC unique where
	Enum       []string // allowed values of an enum field
	Index      int      // position in Model.Fields (-1 for the ID)
	Edge       *Edge    // the to-one edge this field is the foreign key of, if any
	ReadRule   bool     // a field-level read rule may hide it (privacy)
	UpdateRule bool     // a field-level update rule guards writing it (privacy)
	Sensitive  bool     // never serialized (Ent's Sensitive)
	Elem       Kind     // the kind of the elements of a JSON list field ([]string: KindString), if scalar
	// Conv converts a canonical value (see Coerce) to the field's Go type,
	// as Ent's generated setters take it; nil when the APIs cannot write
	// the field. AddConv converts an increment (Ent's adders of unsigned
	// fields take signed values); nil when the field has no adder.
	Conv    func(any) (any, error)
	AddConv func(any) (any, error)
	// Parts are the fields a composite id is made of (KindComposite).
	Parts []*Field

	model     *Model
	key       []byte // `"name":`, precomputed for the JSON writers
	memberKey []byte // the same with the JSON:API member name
}

// Model returns the model the field belongs to.
func (f *Field) Model() *Model { return f.model }

// Key returns the JSON object key of the field, quoted and followed by a colon.
func (f *Field) Key() []byte { return f.key }

// MemberName returns the JSON:API member name of the field.
func (f *Field) MemberName() string {
	if f.Member != "" {
		return f.Member
	}
	return f.Name
}

// MemberKey is Key with the JSON:API member name.
func (f *Field) MemberKey() []byte { return f.memberKey }

// Nullable reports whether the field's column can hold NULL.
func (f *Field) Nullable() bool { return f.Nillable || f.Optional }

// Writable reports whether the APIs may set the field on create (or update,
// when update is true).
func (f *Field) Writable(update bool) bool {
	return !f.ReadOnly && !f.Sensitive && !(update && f.Immutable)
}

// Edge describes a relation of a model. Its SQL shape (Rel, Table, Columns,
// Inverse) is what sqlgraph needs to build neighbour predicates and orders.
type Edge struct {
	Name       string   // API name: "author" (RPC field, JSON:API member unless Member says otherwise)
	Member     string   // JSON:API member name when it differs from Name
	EntName    string   // Ent edge name
	TargetName string   // Ent name of the target model: "User"
	Unique     bool     // to-one
	Required   bool     // a to-one that must be set on create
	Rel        Rel      // relation type seen from this side
	Inverse    bool     // declared with edge.From (an inverse edge)
	Table      string   // table holding the foreign key (or the join table)
	Columns    []string // foreign-key column(s); two for M2M (owner, target)
	Bidi       bool     // a self-referencing M2M edge with no inverse
	FKName     string   // API name of the field holding the foreign key on this side, if exposed
	FK         *Field   // that field
	Index      int      // position in Model.Edges
	Immutable  bool     // cannot be changed after create
	ReadOnly   bool     // cannot be written through the APIs (annotation)

	target    *Model
	model     *Model
	key       []byte
	memberKey []byte
}

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
func (e *Edge) MemberName() string {
	if e.Member != "" {
		return e.Member
	}
	return e.Name
}

// MemberKey is Key with the JSON:API member name.
func (e *Edge) MemberKey() []byte { return e.memberKey }

// Model describes an entity type and carries its generated operations.
type Model struct {
	Name   string // Ent name: "Post"
	Type   string // API type and path: "post"
	Table  string // SQL table: "posts"
	ID     *Field
	Fields []*Field
	Edges  []*Edge
	// Key names the fields of a composite id (an edge schema's, Ent's
	// field.ID(a, b)); ID is then of KindComposite, and RPC finds the row
	// by Prisma's compound key, named after them: {"a_b": {"a": 1, "b": 2}}.
	Key      []string
	ClientID bool // the APIs accept client-generated ids on create (annotation)
	ReadOnly bool // the APIs only read it (an Ent view: Ent generates no writes)
	// RowWrites: Ops.UpdateOne and DeleteOne write the row by one UPDATE or
	// DELETE narrowed to it, which reports a row it misses itself, relation
	// changes included (privacy.WriteRow). Otherwise (composite ids, ids
	// Ent's bulk update cannot carry) they are Ent's UpdateOne and
	// DeleteOne, and the row is looked up before relation changes.
	RowWrites bool
	// DBDefaults: a column has a default only the database applies, which
	// the row Ent returns from a create lacks: writes are always read back.
	DBDefaults bool
	// Hooked: the schema's hooks, or update rules checked after the write
	// (privacy.PostWrite), may run statements of their own with a write, so
	// every write runs in a transaction (see Write.oneStatement).
	Hooked  bool
	Guarded Guards // the operations an access policy restricts
	Ops     Ops    // generated operations, bound to a client

	reg     *Registry
	fields  map[string]*Field
	edges   map[string]*Edge
	members map[string]any // JSON:API member name → *Field or *Edge
}

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
func (m *Model) Composite() bool { return m.ID != nil && m.ID.Kind == KindComposite }

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
	out := make([]string, 0, len(m.Fields))
	for _, f := range m.Fields {
		out = append(out, f.Name)
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
	// the row as stored (CreateTx); other databases may round times or
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

// NewRegistry links the models (edge targets, back-pointers, JSON keys) and
// indexes them. It panics on inconsistent metadata: that is a generator bug.
func NewRegistry(tx TxFunc, errs EntErrors, models ...*Model) *Registry {
	r := &Registry{Models: models, byType: map[string]*Model{}, byName: map[string]*Model{}, tx: tx, ent: errs}
	for _, m := range models {
		r.byType[m.Type] = m
		r.byName[m.Name] = m
	}
	for _, m := range models {
		m.reg = r
		m.fields = make(map[string]*Field, len(m.Fields)+1)
		m.edges = make(map[string]*Edge, len(m.Edges))
		m.members = make(map[string]any, len(m.Fields)+len(m.Edges)+1)
		for i, f := range m.Fields {
			f.model, f.Index, f.key, f.memberKey = m, i, jsonKey(f.Name), jsonKey(f.MemberName())
			m.fields[f.Name] = f
			m.members[f.MemberName()] = f
		}
		if m.ID != nil {
			m.ID.model, m.ID.Index, m.ID.key, m.ID.memberKey = m, -1, jsonKey(m.ID.Name), jsonKey(m.ID.Name)
			m.members[m.ID.Name] = m.ID
			if len(m.Key) > 0 {
				// Prisma's models have no id field then: RPC sees the parts.
				linkKey(m)
			} else {
				m.fields[m.ID.Name] = m.ID
			}
		}
		for i, e := range m.Edges {
			e.model, e.Index, e.key, e.memberKey = m, i, jsonKey(e.Name), jsonKey(e.MemberName())
			m.members[e.MemberName()] = e
			t, ok := r.byName[e.TargetName]
			if !ok {
				panic(fmt.Sprintf("resource: edge %s.%s: unknown target %s", m.Name, e.Name, e.TargetName))
			}
			e.target = t
			m.edges[e.Name] = e
			if e.FKName != "" {
				fk, ok := m.fields[e.FKName]
				if !ok {
					panic(fmt.Sprintf("resource: edge %s.%s: unknown foreign-key field %s", m.Name, e.Name, e.FKName))
				}
				e.FK, fk.Edge = fk, e
			}
		}
	}
	sort.SliceStable(r.Models, func(i, j int) bool { return r.Models[i].Type < r.Models[j].Type })
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
		out[i] = m.Type
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
