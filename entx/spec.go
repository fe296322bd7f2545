package entx

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// modelSpec is what the resource templates render for one entity: API
// names and the Go snippets of every typed call, computed here so that the
// templates stay a plain listing.
type modelSpec struct {
	T       *gen.Type
	APIType string
	// Hidden models are not served (an annotation, or a notice said why);
	// Skip ones get no adapter code at all (it would not compile).
	Hidden   bool
	Skip     bool
	View     bool // an Ent view: read-only, Ent generates no writes
	ClientID bool
	ID       *fieldSpec   // a composite id is one of kind KindComposite
	Key      []*fieldSpec // the fields of a composite id (also in Fields)
	Fields   []*fieldSpec
	Edges    []*edgeSpec
	Row      string // named row type: postRow
	Query    string // query adapter: postQuery
	Ops      string // ops adapter: postOps
	Mutation string // mutation adapter: postMutation
}

type fieldSpec struct {
	F         *gen.Field
	APIName   string // RPC name, and JSON:API member unless Member is set
	Member    string // JSON:API member name when APIName is reserved there
	Column    string // Go expression of the column name
	Kind      string // Go expression of the resource.Kind
	Elem      string // resource.Kind of the elements of a JSON list, or ""
	Optional  bool
	Default   bool
	ReadOnly  bool
	Immutable bool
	// ReadRule and UpdateRule: the field has read (update) rules of its own
	ReadRule, UpdateRule bool
	Index                int // position in Fields
	Enum                 []string
	EdgeName             string // API name of the edge this field is the foreign key of
	Append               string // Go statement(s) appending the JSON value of `e`'s field to `dst`
	Value                string // Go statement(s) returning the field's value of `e`
	Conv                 string // Go expression of a func(any) (any, error) converting canonical values, or ""
	AddConv              string // the same for increments, or ""
}

type edgeSpec struct {
	E         *gen.Edge
	APIName   string
	Member    string // JSON:API member name when APIName is reserved there
	EntIndex  int
	Target    *gen.Type
	TargetRow string
	TargetQ   string
	Rel       string
	Table     string
	Columns   string
	FKName    string
	ReadOnly  bool
	Immutable bool
	Link      string // Go call applying (op, ids) to the mutation m, or "" when Ent has no setters
}

// buildModels computes the spec of every entity of the graph. Elements the
// APIs cannot serve are left out and reported as notices, each naming the
// element and what changes it; generation goes on.
func buildModels(g *gen.Graph) (map[string]*modelSpec, []string, error) {
	b := &builder{}
	out := make(map[string]*modelSpec, len(g.Nodes))
	types := map[string]string{}
	for _, t := range g.Nodes {
		m, err := b.model(t)
		if err != nil {
			return nil, nil, err
		}
		if !m.Hidden {
			if prev, dup := types[m.APIType]; dup {
				b.notef("%s: API type %q is %s's already: served as %q (resource.Name on the schema sets another)", t.Name, m.APIType, prev, m.APIType+"2")
				m.APIType += "2"
			}
			types[m.APIType] = t.Name
		}
		out[t.Name] = m
	}
	// An edge to a model that is not served is not served either.
	for _, m := range out {
		kept := m.Edges[:0]
		for _, e := range m.Edges {
			switch t := out[e.Target.Name]; {
			case !t.Hidden:
				kept = append(kept, e)
			case t.Skip:
				b.notef("%s.%s: not served: its target %s is not served", m.T.Name, e.E.Name, t.T.Name)
			}
		}
		m.Edges = kept
	}
	sort.Strings(b.notices)
	return out, b.notices, nil
}

// builder collects notices while specs are built.
type builder struct{ notices []string }

// unenforced is the notice's warning for a model left out that declares
// access rules: they are compiled into the policies of served models only.
func unenforced(t *gen.Type) string {
	if _, ok := t.Annotations[privacy.AnnotationName]; ok {
		return "; its privacy rules are not enforced either, on Go callers too (guard it with an Ent Policy())"
	}
	return ""
}

func (b *builder) notef(format string, args ...any) {
	b.notices = append(b.notices, fmt.Sprintf(format, args...))
}

func (b *builder) model(t *gen.Type) (*modelSpec, error) {
	ann, err := decodeResource(t.Annotations)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Name, err)
	}
	base := lowerFirst(t.Name)
	m := &modelSpec{
		T: t, APIType: base, Hidden: ann.Hidden, ClientID: ann.ClientID, View: t.IsView(),
		Row: base + "Row", Query: base + "Query", Ops: base + "Ops", Mutation: base + "Mutation",
	}
	if ann.APIName != "" {
		m.APIType = ann.APIName
	}
	switch {
	case t.HasCompositeID():
		m.ID = &fieldSpec{APIName: "id", Kind: "resource.KindComposite", Column: t.Package() + "." + t.EdgeSchema.ID[0].Constant()}
	case t.ID == nil:
		b.notef("%s: not served: an Ent view has no id (query it from Go)%s", t.Name, unenforced(t))
		m.Hidden, m.Skip = true, true
		return m, nil
	}
	if m.ClientID && (t.ID == nil || !t.ID.UserDefined || m.View) {
		b.notef("%s: resource.ClientID() ignored: Ent generates the id (declare field \"id\" to let clients choose it)", t.Name)
		m.ClientID = false
	}
	if !m.ClientID && clientMustChooseID(t) {
		// Nothing else makes the id: without the client's, no row could
		// be created through the APIs.
		m.ClientID = true
	}
	if m.ID == nil {
		if m.ID, err = b.field(t, t.ID, true); err != nil {
			return nil, err
		}
	}
	if t.ID != nil && t.ID.Type.Type == field.TypeBytes && (t.ID.Type.RType == nil || t.ID.Type.RType.Kind != reflect.Array) {
		b.notef("%s: not served: a []byte id cannot key rows (give it a fixed-size array GoType, such as [16]byte)%s", t.Name, unenforced(t))
		m.Hidden, m.Skip = true, true
		return m, nil
	}
	if m.ID.Conv == "" && t.ID != nil {
		b.notef("%s: not served: its id type %s cannot be read from a URL%s", t.Name, t.ID.Type, unenforced(t))
		m.Hidden, m.Skip = true, true
		return m, nil
	}
	names := newNamespace()
	for _, f := range t.Fields {
		fa, err := decodeResource(f.Annotations)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name, f.Name, err)
		}
		if fa.Hidden || f.Sensitive() {
			continue
		}
		fs, err := b.field(t, f, false)
		if err != nil {
			return nil, err
		}
		fs.APIName, fs.Member = names.claim(b, t, "field "+f.Name, f.Name, fa.APIName)
		fs.ReadOnly = fa.ReadOnly || m.View
		fs.Immutable = f.Immutable
		fs.Index = len(m.Fields)
		for _, k := range t.EdgeSchema.ID {
			if t.HasCompositeID() && k.Name == f.Name {
				fs.Immutable = true // a part of the id
				m.Key = append(m.Key, fs)
			}
		}
		if fs.Conv == "" && !fs.ReadOnly {
			fs.ReadOnly = true
			b.notef("%s.%s: read-only: its Go type %s cannot be converted from JSON (resource.ReadOnly() silences this; resource.Hide() leaves it out)", t.Name, f.Name, f.Type)
		}
		pa, err := decodePrivacy(f.Annotations)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name, f.Name, err)
		}
		for _, r := range pa.Rules {
			fs.ReadRule = fs.ReadRule || r.Has(privacy.OpRead)
			fs.UpdateRule = fs.UpdateRule || r.Has(privacy.OpUpdate)
		}
		m.Fields = append(m.Fields, fs)
	}
	for i, e := range t.Edges {
		ea, err := decodeResource(e.Annotations)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name, e.Name, err)
		}
		if ea.Hidden {
			continue
		}
		es := b.edge(t, e, i)
		es.APIName, es.Member = names.claim(b, t, "edge "+e.Name, e.Name, ea.APIName)
		es.ReadOnly = ea.ReadOnly || es.Link == ""
		es.Immutable = e.Immutable
		for _, fs := range m.Fields {
			if fs.F.IsEdgeField() {
				if fe, err := fs.F.Edge(); err == nil && fe.Name == e.Name {
					fs.EdgeName = es.APIName
					es.FKName = fs.APIName
					es.Immutable = es.Immutable || fs.Immutable
				}
			}
		}
		m.Edges = append(m.Edges, es)
	}
	if t.HasCompositeID() && len(m.Key) != len(t.EdgeSchema.ID) {
		b.notef("%s: not served: a field of its composite id is hidden", t.Name)
		m.Hidden, m.Skip = true, true
	}
	return m, nil
}

// namespace hands out the API names of a model's fields and edges. The
// RPC name is the lowerCamelCase of the Ent name (or the resource.Name of
// the element); when that is taken, the Ent name itself, then a numbered
// one. JSON:API reserves "type" and "id" for the resource object itself:
// an element named so is a member named after the model ("cardType").
type namespace struct{ rpc, rest map[string]bool }

func newNamespace() *namespace {
	return &namespace{rpc: map[string]bool{"id": true}, rest: map[string]bool{"id": true, "type": true}}
}

func (ns *namespace) claim(b *builder, t *gen.Type, what, entName, annotated string) (name, member string) {
	name = annotated
	if name == "" {
		name = jsonName(entName)
	}
	if ns.rpc[name] {
		want := name
		for i := 1; ns.rpc[name]; i++ {
			switch i {
			case 1:
				name = entName
			default:
				name = want + strconv.Itoa(i)
			}
		}
		b.notef("%s.%s: API name %q is taken: served as %q (resource.Name sets another)", t.Name, entName, want, name)
	}
	ns.rpc[name] = true
	if !ns.rest[name] {
		ns.rest[name] = true
		return name, ""
	}
	member = lowerFirst(t.Name) + upperFirst(name)
	for i := 2; ns.rest[member]; i++ {
		member = lowerFirst(t.Name) + upperFirst(name) + strconv.Itoa(i)
	}
	ns.rest[member] = true
	_ = what
	return name, member
}

func (b *builder) field(t *gen.Type, f *gen.Field, isID bool) (*fieldSpec, error) {
	fs := &fieldSpec{
		F: f, APIName: jsonName(f.Name), Optional: f.Optional, Default: f.Default,
		Column: t.Package() + "." + f.Constant(),
	}
	if isID {
		fs.APIName, fs.Column = "id", t.Package()+".FieldID"
	}
	if f.IsEnum() {
		fs.Enum = f.EnumValues()
	}
	v := valueOf(t, f)
	fs.Kind, fs.Elem, fs.Conv = "resource."+v.kind, v.elem, v.conv
	if f.SupportsMutationAdd() && v.conv != "" && !isID {
		fs.AddConv = v.conv
		if st, err := f.SignedType(); err == nil && st.Type != f.Type.Type && !f.HasGoType() {
			fs.AddConv = "resource.Conv(resource.Int[" + st.String() + "])"
		}
	}
	// The appended and returned value: the struct field, dereferenced
	// when Ent made a pointer of it for NULL; addr is a pointer to it
	// (method sets of *T are complete).
	recv := "e." + f.StructField()
	val, addr := recv, "&"+recv
	nilable := f.Nillable && (f.NillableValue() || f.Type.RType.IsPtr())
	if f.NillableValue() {
		val, addr = "*"+recv, recv
	} else if f.Type.RType.IsPtr() {
		addr = recv
	}
	fs.Append = "return " + strings.NewReplacer("VAL", val, "ADDR", addr).Replace(v.append)
	fs.Value = "return " + val
	if nilable {
		fs.Append = fmt.Sprintf("if %s == nil {\n\t\treturn append(dst, \"null\"...)\n\t}\n\t%s", recv, fs.Append)
		fs.Value = fmt.Sprintf("if %s == nil {\n\t\treturn nil\n\t}\n\treturn %s", recv, val)
	}
	return fs, nil
}

func (b *builder) edge(t *gen.Type, e *gen.Edge, i int) *edgeSpec {
	es := &edgeSpec{
		E: e, APIName: jsonName(e.Name), EntIndex: i, Target: e.Type,
		TargetRow: lowerFirst(e.Type.Name) + "Row", TargetQ: lowerFirst(e.Type.Name) + "Query",
	}
	pkg := t.Package()
	es.Rel = "resource." + e.Rel.Type.String()
	es.Table = pkg + "." + e.TableConstant()
	if e.M2M() {
		es.Columns = pkg + "." + e.PKConstant()
	} else {
		es.Columns = "[]string{" + pkg + "." + e.ColumnConstant() + "}"
	}
	switch {
	case t.IsView() || e.Type.HasCompositeID():
		// Ent generates no setters for these.
	case e.Unique:
		es.Link = fmt.Sprintf("resource.LinkOne(op, ids, m.%s, m.%s)", e.MutationSet(), e.MutationClear())
	default:
		es.Link = fmt.Sprintf("resource.LinkMany(op, ids, m.%s, m.%s, m.%s)", e.MutationAdd(), e.MutationRemove(), e.MutationClear())
	}
	if es.Link != "" && e.Through != nil {
		for _, f := range e.Through.Fields {
			if !f.Optional && !f.Default && !f.IsEdgeField() {
				b.notef("%s.%s: read-only: adding a link creates a %s, and its field %s has no default (write %s rows instead)", t.Name, e.Name, e.Through.Name, f.Name, e.Through.Name)
				es.Link = ""
				break
			}
		}
	}
	return es
}

func decodeResource(anns map[string]any) (resource.Annotation, error) {
	return decodeAnnotation[resource.Annotation](anns, resource.AnnotationName)
}

// decodeAnnotation reads a schema annotation back: in codegen it arrives as
// a JSON-decoded map, so it is round-tripped through encoding/json.
func decodeAnnotation[T any](anns map[string]any, name string) (T, error) {
	var a T
	raw, ok := anns[name]
	if !ok || raw == nil {
		return a, nil
	}
	b, err := json.Marshal(raw)
	if err == nil {
		err = json.Unmarshal(b, &a)
	}
	if err != nil {
		return a, fmt.Errorf("decoding %s annotation: %w", name, err)
	}
	return a, nil
}

// jsonName turns a snake_case Ent name into the API's lowerCamelCase
// ("author_id" → "authorId"; Ent's own camel gives "authorID").
func jsonName(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = upperFirst(parts[i])
	}
	return lowerFirst(strings.Join(parts, ""))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// clientMustChooseID reports whether a row of t can only get its id from
// whoever creates it: a declared id field with no default, of a type the
// database does not number itself (field.String("id"), a UUID without
// Default). Such a model accepts client-generated ids without
// resource.ClientID().
func clientMustChooseID(t *gen.Type) bool {
	if t.ID == nil || !t.ID.UserDefined || t.IsView() || t.HasCompositeID() || t.ID.Default {
		return false
	}
	return !t.ID.Type.Numeric()
}
