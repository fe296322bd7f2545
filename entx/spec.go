package entx

import (
	"encoding/json"
	"fmt"
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
	T        *gen.Type
	APIType  string
	Hidden   bool
	ClientID bool
	ID       *fieldSpec
	Fields   []*fieldSpec
	Edges    []*edgeSpec
	Row      string // named row type: postRow
	Query    string // query adapter: postQuery
	Ops      string // ops adapter: postOps
	Mutation string // mutation adapter: postMutation
}

type fieldSpec struct {
	F        *gen.Field
	APIName  string
	Column   string // Go expression of the column name
	Kind     string // Go expression of the resource.Kind
	Optional bool
	Default  bool
	ReadOnly bool
	Writable bool // the generated Set can convert to the field's Go type
	// ReadRule and UpdateRule: the field has read (update) rules of its own
	ReadRule, UpdateRule bool
	Enum                 []string
	EdgeName             string // API name of the edge this field is the foreign key of
	Append               string // Go statement(s) appending the JSON value of `e`'s field to `dst`
	Value                string // Go statement(s) returning the field's value of `e`
	Set                  string // Go statement(s) setting the converted `v` on mutation `m`
	Clear                string // Go statement clearing the field on `m`, or ""
	Add                  string // Go statement(s) adding `v` to the field on `m`, or ""
	Convert              string // generic converter: resource.Int[int]
}

type edgeSpec struct {
	E         *gen.Edge
	APIName   string
	EntIndex  int
	Target    *gen.Type
	TargetRow string
	TargetQ   string
	Rel       string
	Table     string
	Columns   string
	FKName    string
	ReadOnly  bool
	IDConvert string // converter of the target's id type
	SetID     string // mutation method names, "" when not available
	Clear     string
	AddIDs    string
	RemoveIDs string
}

// buildModels computes the spec of every entity of the graph.
func buildModels(g *gen.Graph) (map[string]*modelSpec, error) {
	out := make(map[string]*modelSpec, len(g.Nodes))
	for _, t := range g.Nodes {
		m, err := buildModel(t)
		if err != nil {
			return nil, err
		}
		out[t.Name] = m
	}
	// An edge to a hidden model is hidden as well.
	for _, m := range out {
		kept := m.Edges[:0]
		for _, e := range m.Edges {
			if !out[e.Target.Name].Hidden {
				kept = append(kept, e)
			}
		}
		m.Edges = kept
	}
	return out, nil
}

func buildModel(t *gen.Type) (*modelSpec, error) {
	ann, err := decodeResource(t.Annotations)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Name, err)
	}
	base := lowerFirst(t.Name)
	m := &modelSpec{
		T: t, APIType: base, Hidden: ann.Hidden, ClientID: ann.ClientID,
		Row: base + "Row", Query: base + "Query", Ops: base + "Ops", Mutation: base + "Mutation",
	}
	if ann.APIName != "" {
		m.APIType = ann.APIName
	}
	if !t.HasOneFieldID() {
		return nil, fmt.Errorf("%s: composite ids are not supported", t.Name)
	}
	if m.ClientID && !t.ID.UserDefined {
		return nil, fmt.Errorf("%s: resource.ClientID() needs an id field declared in the schema (Ent generates the default id)", t.Name)
	}
	if m.ID, err = buildField(t, t.ID, true); err != nil {
		return nil, err
	}
	names := map[string]string{"id": "the id", "type": "JSON:API's type member"}
	for _, f := range t.Fields {
		fa, err := decodeResource(f.Annotations)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name, f.Name, err)
		}
		if fa.Hidden || f.Sensitive() {
			continue
		}
		fs, err := buildField(t, f, false)
		if err != nil {
			return nil, err
		}
		if fa.APIName != "" {
			fs.APIName = fa.APIName
		}
		fs.ReadOnly = fa.ReadOnly || !fs.Writable
		pa, err := decodePrivacy(f.Annotations)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name, f.Name, err)
		}
		for _, r := range pa.Rules {
			fs.ReadRule = fs.ReadRule || r.Has(privacy.OpRead)
			fs.UpdateRule = fs.UpdateRule || r.Has(privacy.OpUpdate)
		}
		if prev, dup := names[fs.APIName]; dup {
			return nil, fmt.Errorf("%s: API name %q of field %s clashes with %s", t.Name, fs.APIName, f.Name, prev)
		}
		names[fs.APIName] = "field " + f.Name
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
		es, err := buildEdge(t, e, i)
		if err != nil {
			return nil, err
		}
		if ea.APIName != "" {
			es.APIName = ea.APIName
		}
		es.ReadOnly = ea.ReadOnly
		if prev, dup := names[es.APIName]; dup {
			return nil, fmt.Errorf("%s: API name %q of edge %s clashes with %s", t.Name, es.APIName, e.Name, prev)
		}
		names[es.APIName] = "edge " + e.Name
		for _, fs := range m.Fields {
			if fs.F.IsEdgeField() {
				if fe, err := fs.F.Edge(); err == nil && fe.Name == e.Name {
					fs.EdgeName = es.APIName
					es.FKName = fs.APIName
				}
			}
		}
		m.Edges = append(m.Edges, es)
	}
	return m, nil
}

func buildField(t *gen.Type, f *gen.Field, isID bool) (*fieldSpec, error) {
	fs := &fieldSpec{
		F: f, APIName: jsonName(f.Name), Optional: f.Optional, Default: f.Default,
		Column: t.Package() + "." + f.Constant(),
	}
	if isID {
		fs.APIName, fs.Column = "id", t.Package()+".FieldID"
	}
	recv := "e." + f.StructField()
	kind, conv, appendFn := kindOf(f)
	fs.Kind, fs.Convert = "resource."+kind, conv
	if f.IsEnum() {
		fs.Enum = f.EnumValues()
	}
	goType := f.Type.String()
	val := recv
	if f.NillableValue() {
		val = "*" + recv
	}
	switch {
	case appendFn != "":
		fs.Append = fmt.Sprintf("return %s(dst, %s)", appendFn, castFor(kind, val))
	default:
		fs.Append = fmt.Sprintf("return resource.AppendAny(dst, %s)", val)
	}
	if f.NillableValue() {
		fs.Append = fmt.Sprintf("if %s == nil {\n\t\treturn append(dst, \"null\"...)\n\t}\n\t%s", recv, fs.Append)
		fs.Value = fmt.Sprintf("if %s == nil {\n\t\treturn nil\n\t}\n\treturn *%s", recv, recv)
	} else {
		fs.Value = "return " + recv
	}
	if conv != "" {
		fs.Writable = true
		if strings.HasSuffix(conv, "]") || strings.Contains(conv, "[") {
			conv = strings.Replace(conv, "[T]", "["+goType+"]", 1)
			fs.Convert = conv
		}
		fs.Set = fmt.Sprintf("x, err := %s(v)\n\tif err != nil {\n\t\treturn err\n\t}\n\tm.m.%s(x)\n\treturn nil", conv, f.MutationSet())
		if f.Optional && !isID {
			fs.Clear = fmt.Sprintf("m.m.%s()\n\treturn nil", f.MutationClear())
		}
		if f.SupportsMutationAdd() && !isID {
			fs.Add = fmt.Sprintf("x, err := %s(v)\n\tif err != nil {\n\t\treturn err\n\t}\n\tm.m.%s(x)\n\treturn nil", conv, f.MutationAdd())
		}
	}
	return fs, nil
}

// kindOf maps an Ent field type to the API kind, the generic converter of
// canonical values to the field's Go type ([T] is replaced by that type), and
// the resource.Append* function that writes it.
func kindOf(f *gen.Field) (kind, conv, appendFn string) {
	custom := f.HasGoType() && !f.IsEnum()
	switch f.Type.Type {
	case field.TypeBool:
		return "KindBool", "resource.Bool[T]", "resource.AppendBool"
	case field.TypeInt, field.TypeInt8, field.TypeInt16, field.TypeInt32, field.TypeInt64:
		return "KindInt", "resource.Int[T]", "resource.AppendInt"
	case field.TypeUint, field.TypeUint8, field.TypeUint16, field.TypeUint32, field.TypeUint64:
		return "KindUint", "resource.Uint[T]", "resource.AppendUint"
	case field.TypeFloat32, field.TypeFloat64:
		return "KindFloat", "resource.Float[T]", "resource.AppendFloat"
	case field.TypeString:
		return "KindString", "resource.Str[T]", "resource.AppendString"
	case field.TypeEnum:
		return "KindEnum", "resource.Str[T]", "resource.AppendString"
	case field.TypeTime:
		if custom {
			return "KindTime", "", ""
		}
		return "KindTime", "resource.Time", "resource.AppendTime"
	case field.TypeUUID:
		return "KindUUID", "resource.UUID[T]", "resource.AppendText"
	case field.TypeBytes:
		if custom {
			return "KindBytes", "", ""
		}
		return "KindBytes", "resource.Bytes", "resource.AppendBytes"
	case field.TypeJSON:
		return "KindJSON", "", ""
	}
	return "KindOther", "", ""
}

// castFor converts a field value to the parameter type of its Append function.
func castFor(kind, v string) string {
	switch kind {
	case "KindInt":
		return "int64(" + v + ")"
	case "KindUint":
		return "uint64(" + v + ")"
	case "KindFloat":
		return "float64(" + v + ")"
	case "KindString", "KindEnum":
		return "string(" + v + ")"
	case "KindBool":
		return "bool(" + v + ")"
	}
	return v
}

func buildEdge(t *gen.Type, e *gen.Edge, i int) (*edgeSpec, error) {
	es := &edgeSpec{
		E: e, APIName: jsonName(e.Name), EntIndex: i, Target: e.Type,
		TargetRow: lowerFirst(e.Type.Name) + "Row", TargetQ: lowerFirst(e.Type.Name) + "Query",
	}
	pkg := t.Package()
	switch e.Rel.Type {
	case gen.O2O:
		es.Rel = "resource.O2O"
	case gen.O2M:
		es.Rel = "resource.O2M"
	case gen.M2O:
		es.Rel = "resource.M2O"
	case gen.M2M:
		es.Rel = "resource.M2M"
	default:
		return nil, fmt.Errorf("%s.%s: unknown relation type", t.Name, e.Name)
	}
	es.Table = pkg + "." + e.TableConstant()
	if e.M2M() {
		es.Columns = pkg + "." + e.PKConstant()
	} else {
		es.Columns = "[]string{" + pkg + "." + e.ColumnConstant() + "}"
	}
	_, conv, _ := kindOf(e.Type.ID)
	if conv == "" {
		return nil, fmt.Errorf("%s.%s: target id type %s is not supported", t.Name, e.Name, e.Type.ID.Type)
	}
	es.IDConvert = strings.Replace(conv, "[T]", "["+e.Type.ID.Type.String()+"]", 1)
	if e.Unique {
		es.SetID = e.MutationSet()
	} else {
		es.AddIDs = e.MutationAdd()
		es.RemoveIDs = e.MutationRemove()
	}
	es.Clear = e.MutationClear()
	return es, nil
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
		if parts[i] != "" {
			r := []rune(parts[i])
			r[0] = unicode.ToUpper(r[0])
			parts[i] = string(r)
		}
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
