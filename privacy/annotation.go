package privacy

import (
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/schema"
)

// AnnotationName is the key under which rules travel through code generation.
const AnnotationName = "EntstackPrivacy"

// Operations a rule can name. OpAll stands for create, read, update and
// delete (not post-update, as in ZenStack).
const (
	OpCreate     = "create"
	OpRead       = "read"
	OpUpdate     = "update"
	OpDelete     = "delete"
	OpPostUpdate = "post-update"
	OpAll        = "all"
)

// Rule is one @@allow / @@deny (model) or @allow / @deny (field) rule.
type Rule struct {
	Allow bool     `json:"allow"`
	Ops   []string `json:"ops"`
	Expr  string   `json:"expr"`
}

// String renders the rule as it was declared: allow("read", "published").
func (r Rule) String() string {
	kind := "deny"
	if r.Allow {
		kind = "allow"
	}
	return fmt.Sprintf("%s(%q, %q)", kind, strings.Join(r.Ops, ","), r.Expr)
}

// Has reports whether the rule applies to op ("all" covers the four CRUD ops).
func (r Rule) Has(op string) bool {
	for _, o := range r.Ops {
		if o == op || (o == OpAll && op != OpPostUpdate) {
			return true
		}
	}
	return false
}

// Annotation carries the rules of a model or a field. Exported,
// JSON-friendly fields only: entc serializes schemas to JSON in a separate
// process and entx decodes the rules back.
type Annotation struct {
	Rules []Rule `json:"rules,omitempty"`
}

// Name implements schema.Annotation.
func (Annotation) Name() string { return AnnotationName }

// Merge implements schema.Merger: without it Ent keeps only one annotation
// of a name and silently drops every further rule.
func (a Annotation) Merge(other schema.Annotation) schema.Annotation {
	var rules []Rule
	switch o := other.(type) {
	case Annotation:
		rules = o.Rules
	case *Annotation:
		if o != nil {
			rules = o.Rules
		}
	}
	a.Rules = append(append([]Rule(nil), a.Rules...), rules...)
	return a
}

var _ schema.Merger = Annotation{}

// Allow declares an allow rule for the comma-separated ops (create, read,
// update, delete, post-update, all):
//
//	privacy.Allow("read", `published || auth() == author`)
//
// On a field, ops are read and update.
func Allow(ops, expr string) Annotation {
	return Annotation{Rules: []Rule{{Allow: true, Ops: SplitOps(ops), Expr: expr}}}
}

// Deny declares a deny rule; a true deny rule wins over every allow rule.
func Deny(ops, expr string) Annotation {
	return Annotation{Rules: []Rule{{Ops: SplitOps(ops), Expr: expr}}}
}

// SplitOps splits a comma-separated list of operations, trimming spaces and
// lowering case. Validation happens at generate time (ValidateOps).
func SplitOps(s string) []string {
	var ops []string
	for _, op := range strings.Split(s, ",") {
		if op = strings.ToLower(strings.TrimSpace(op)); op != "" {
			ops = append(ops, op)
		}
	}
	return ops
}

// ValidateOps checks the operations of a rule; field rules accept read,
// update and all only.
func ValidateOps(ops []string, field bool) error {
	if len(ops) == 0 {
		return fmt.Errorf("no operation")
	}
	if len(ops) > 1 && slices.Contains(ops, OpPostUpdate) {
		return fmt.Errorf("post-update rules cannot name other operations")
	}
	for _, op := range ops {
		switch op {
		case OpRead, OpUpdate, OpAll:
		case OpCreate, OpDelete, OpPostUpdate:
			if field {
				return fmt.Errorf("operation %q is not allowed on a field rule (read, update, all)", op)
			}
		default:
			return fmt.Errorf("unknown operation %q (create, read, update, delete, post-update, all)", op)
		}
	}
	return nil
}
