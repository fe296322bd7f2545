package resource

import "entgo.io/ent/schema"

// AnnotationName is the name under which API-shaping annotations reach entx.
const AnnotationName = "EntstackResource"

// Annotation shapes how a model, field or edge appears in the APIs. Build it
// with Name, Hide, ReadOnly and ClientID; several annotations on the same
// schema element merge.
//
//	field.Int("view_count").Annotations(resource.Name("views"))
//	field.String("password_hash").Annotations(resource.Hide())
//	func (Post) Annotations() []schema.Annotation { return []schema.Annotation{resource.Name("article")} }
type Annotation struct {
	APIName  string `json:"name,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"`
	ReadOnly bool   `json:"readOnly,omitempty"`
	ClientID bool   `json:"clientId,omitempty"`
}

// Name implements schema.Annotation.
func (Annotation) Name() string { return AnnotationName }

// Merge implements schema.Merger: later non-zero settings win.
func (a Annotation) Merge(other schema.Annotation) schema.Annotation {
	var o Annotation
	switch v := other.(type) {
	case Annotation:
		o = v
	case *Annotation:
		if v == nil {
			return a
		}
		o = *v
	default:
		return a
	}
	if o.APIName != "" {
		a.APIName = o.APIName
	}
	a.Hidden = a.Hidden || o.Hidden
	a.ReadOnly = a.ReadOnly || o.ReadOnly
	a.ClientID = a.ClientID || o.ClientID
	return a
}

// Name overrides the API name of a model (its type and path), field or edge.
func Name(name string) Annotation { return Annotation{APIName: name} }

// Hide keeps a model, field or edge out of the APIs entirely.
func Hide() Annotation { return Annotation{Hidden: true} }

// ReadOnly lets the APIs show a field or edge but never write it.
func ReadOnly() Annotation { return Annotation{ReadOnly: true} }

// ClientID lets API clients choose the id of the rows they create (JSON:API
// answers 403 to a client-generated id otherwise).
func ClientID() Annotation { return Annotation{ClientID: true} }
