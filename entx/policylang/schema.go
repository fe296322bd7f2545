package policylang

// Schema describes the models a rule may refer to. The entx generator fills
// it from Ent's graph, so that this package never imports entc/gen.
type Schema struct {
	Models map[string]*Model
	Auth   string // the model auth() returns, "User" by default
}

// Model is one entity type.
type Model struct {
	Name   string
	ID     *Field
	Fields []*Field
	Edges  []*Edge
}

// Kind is the type of a field or an expression.
type Kind uint8

// Kinds.
const (
	KindOther Kind = iota // bytes, JSON objects, UUIDs…: comparable with null only
	KindBool
	KindInt
	KindFloat
	KindString
	KindTime
	KindEnum
	KindModel
	KindNull
)

var kindNames = [...]string{"value", "Boolean", "Int", "Float", "String", "DateTime", "enum", "model", "null"}

func (k Kind) String() string { return kindNames[k] }

// Field is a scalar field. Rules may name it by its Ent name (view_count) or
// its API name (viewCount).
type Field struct {
	Name     string
	APIName  string
	Kind     Kind
	Enum     []string // values of an enum field
	EnumType string   // the enum's type name in messages (Status), Name when empty
	Nullable bool
	List     bool // a list (JSON array) of Kind
}

// Edge is a relation to another model.
type Edge struct {
	Name   string
	Target string
	Unique bool   // to-one
	FK     *Field // the foreign-key field on this model (the edge is owned), or nil
}

// Field returns the field called name (Ent or API name), or nil.
func (m *Model) Field(name string) *Field {
	if m.ID != nil && (m.ID.Name == name || m.ID.APIName == name) {
		return m.ID
	}
	for _, f := range m.Fields {
		if f.Name == name || f.APIName == name {
			return f
		}
	}
	return nil
}

// Edge returns the edge called name, or nil.
func (m *Model) Edge(name string) *Edge {
	for _, e := range m.Edges {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Op is a comparison operator of the language.
type Op uint8

// Comparison operators.
const (
	EQ Op = iota
	NEQ
	LT
	LTE
	GT
	GTE
)

// Functions of the language (ZModel's, with its policy plugin's).
const (
	FnAuth             = "auth"
	FnFuture           = "future"
	FnBefore           = "before"
	FnNow              = "now"
	FnCheck            = "check"
	FnCurrentModel     = "currentModel"
	FnCurrentOperation = "currentOperation"
	FnContains         = "contains"
	FnStartsWith       = "startsWith"
	FnEndsWith         = "endsWith"
	FnHas              = "has"
	FnHasSome          = "hasSome"
	FnHasEvery         = "hasEvery"
	FnIsEmpty          = "isEmpty"
)

// functions lists the functions in the order messages name them.
var functions = []string{FnAuth, FnNow, FnFuture, FnBefore, FnCheck, FnCurrentModel, FnCurrentOperation,
	FnContains, FnStartsWith, FnEndsWith, FnHas, FnHasSome, FnHasEvery, FnIsEmpty}
