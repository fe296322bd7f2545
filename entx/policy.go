package entx

import (
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/entc/gen"

	"github.com/entstack/entstack/entx/policylang"
	"github.com/entstack/entstack/privacy"
)

// policySpec is the compiled access policy of one entity: Go expressions
// the policy template pastes into ent/<type>_policy.go. Row rules (read,
// update, delete, post-update, field update) are privacy.Cond expressions
// over the variables a (the auth entity, nil when anonymous) and m (the
// update mutation, nil outside updates); create rules and field read rules
// are Go booleans over the mutation m, resp. the loaded entity e.
type policySpec struct {
	T      *gen.Type
	Auth   *gen.Type   // the auth model; nil when the graph has none
	Name   string      // postPolicy
	Active bool        // some model of the graph has rules: enforce
	Types  []*gen.Type // every entity: their packages may appear in predicates
	Read   rowOp
	Update rowOp // update rules and post-update rules (compiled pre-write)
	Delete rowOp
	Create createOp
	// FieldUpdates are the update rules of fields, applied when a mutation
	// touches the field.
	FieldUpdates []fieldUpdate
	// FieldReads hide fields from viewers their read rules reject.
	FieldReads []fieldRead
	// Connects are the edges whose other side owns the link (O2M, M2M,
	// O2O without the FK here): adding or removing ids updates those rows.
	Connects []connect
	// LoadViewer: some compiled rule reads the viewer's entity, so the
	// policy loads it (once per request) before evaluating its rules.
	LoadViewer bool
}

// How compiled rules refer to auth(). Every rule function of the
// generated policy receives the viewer as the variable a, a
// *privacy.Viewer[ID, *Auth] (type alias viewer in the generated package):
//
//   - a == nil: anonymous (auth() == null); a != nil guards every use;
//   - a.ID: auth()'s id. auth() == author is author_id = a.ID: rules that
//     need only the id cost no query;
//   - a.Entity(): the viewer's entity (*User), nil when anonymous or when
//     no row has the id. auth().role is a.Entity().Role, guarded by
//     a.Entity() != nil. Code that mentions viewerEntity makes the
//     policy load the entity first (LoadViewer), at most once per request.
//
// Rules over auth()'s relations compile either to SQL keyed by a.ID or to
// Go over a.Entity() (whose loader, viewerOf in the generated viewer file,
// then eager-loads what they need).
const (
	viewerVar    = "a"
	viewerID     = viewerVar + ".ID"
	viewerEntity = viewerVar + ".Entity()"
)

// mentions reports whether any compiled code of p contains s.
func (p *policySpec) mentions(s string) bool {
	code := []string{p.Read.Cond, p.Update.Parts, p.Update.AfterParts, p.Delete.Parts, p.Create.Allow}
	code = append(code, p.Create.Prelude...)
	for _, d := range p.Create.Denies {
		code = append(code, d.Cond)
	}
	for _, f := range p.FieldUpdates {
		code = append(code, f.Cond)
	}
	for _, f := range p.FieldReads {
		code = append(code, f.Cond, f.SQL)
	}
	for _, c := range code {
		if strings.Contains(c, s) {
			return true
		}
	}
	return false
}

// rowOp is one operation's rules as conditions on the current row.
type rowOp struct {
	Allows []string // privacy.Cond expressions, ORed
	Denies []namedCond
	All    bool   // constant true: no check at all
	Cond   string // the operation's privacy.Cond: an allow holds, no deny does
	Parts  string // the same as a []privacy.Part literal, to blame a denial
	// After are update denials that only the written row can decide,
	// checked after the write in its transaction (variable old: the row
	// before).
	After      []namedCond
	AfterParts string
}

// finish renders Cond and Parts.
func (ro *rowOp) finish() {
	allow := "privacy.False"
	if len(ro.Allows) > 0 {
		allow = "privacy.Or(" + joinArgs(ro.Allows) + ")"
		if len(ro.Allows) == 1 {
			allow = ro.Allows[0]
		}
	}
	conds := []string{allow}
	parts := []string{"{Cond: " + allow + "}"}
	for _, d := range ro.Denies {
		conds = append(conds, "privacy.Not("+d.Cond+")")
		parts = append(parts, "{Rule: "+d.Rule+", Cond: privacy.Not("+d.Cond+")}")
	}
	ro.Cond = allow
	if len(conds) > 1 {
		ro.Cond = "privacy.And(" + joinArgs(conds) + ")"
	}
	ro.Parts = "[]privacy.Part{\n\t\t" + joinOps(parts, ",\n\t\t") + ",\n\t}"
	ro.All = len(ro.Denies) == 0 && len(ro.After) == 0 && allow == "privacy.True"
	if len(ro.After) > 0 {
		parts = parts[:0]
		for _, d := range ro.After {
			parts = append(parts, "{Rule: "+d.Rule+", Cond: privacy.Not("+d.Cond+")}")
		}
		ro.AfterParts = "[]privacy.Part{\n\t\t" + joinOps(parts, ",\n\t\t") + ",\n\t}"
	}
}

type namedCond struct {
	Rule string // Go string literal of the rule's text
	Cond string
}

// createOp is the create rules as Go over the mutation m.
type createOp struct {
	Prelude []string // statements: mutation values, lazy look-ups of referenced rows
	Allows  []string
	Denies  []namedCond
	Allow   string // the allows ORed
}

type fieldUpdate struct {
	F       *gen.Field
	Touched string // Go bool: the mutation sets or clears the field
	Cond    string // privacy.Cond of the field's update rules
}

type fieldRead struct {
	F    *gen.Field
	Cond string // Go bool over e and a: the viewer may read the field
	SQL  string // the same as a privacy.Cond over the rows, for filters and sorts
	Zero string // statement zeroing the Go field of e
}

type connect struct {
	E      *gen.Edge
	Policy string // the target's policy type
}

// compilePolicies parses, type-checks and compiles the access rules of
// every entity. Any bad rule fails generation with the schema, the rule and
// the column.
func compilePolicies(g *gen.Graph, authModel string, explicit bool) (map[string]*policySpec, error) {
	ix, err := describe(g, authModel, explicit)
	if err != nil {
		return nil, err
	}
	rules := make(map[string]privacy.Annotation, len(g.Nodes))
	active := false
	for _, t := range g.Nodes {
		ann, err := decodePrivacy(t.Annotations)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", t.Name, err)
		}
		rules[t.Name] = ann
		active = active || len(ann.Rules) > 0
		for _, f := range t.Fields {
			fa, err := decodePrivacy(f.Annotations)
			if err != nil {
				return nil, fmt.Errorf("schema %s, field %s: %w", t.Name, f.Name, err)
			}
			active = active || len(fa.Rules) > 0
		}
	}
	out := make(map[string]*policySpec, len(g.Nodes))
	for _, t := range g.Nodes {
		p, err := compileType(ix, t, rules[t.Name], active)
		if err != nil {
			return nil, err
		}
		p.Types = g.Nodes
		p.LoadViewer = p.mentions(viewerEntity)
		out[t.Name] = p
	}
	for _, p := range out {
		for _, e := range p.T.Edges {
			if e.M2M() || !e.OwnFK() {
				p.Connects = append(p.Connects, connect{E: e, Policy: out[e.Type.Name].Name})
			}
		}
	}
	return out, nil
}

func decodePrivacy(anns map[string]any) (privacy.Annotation, error) {
	return decodeAnnotation[privacy.Annotation](anns, privacy.AnnotationName)
}

// ruleError names everything a person needs to find a bad rule.
func ruleError(t *gen.Type, f *gen.Field, r privacy.Rule, err error) error {
	where := "schema " + t.Name
	if f != nil {
		where += ", field " + f.Name
	}
	return fmt.Errorf("%s: rule %s: %w", where, r, err)
}

func compileType(ix *index, t *gen.Type, ann privacy.Annotation, active bool) (*policySpec, error) {
	p := &policySpec{
		T: t, Auth: ix.types[ix.s.Auth], Active: active,
		Name: lowerFirst(t.Name) + "Policy",
	}
	if !active {
		for _, ro := range []*rowOp{&p.Read, &p.Update, &p.Delete} {
			ro.Allows, ro.All = []string{"privacy.True"}, true
			ro.finish()
		}
		p.Create.Allow = "true"
		return p, nil
	}
	checked := make([]policylang.Expr, len(ann.Rules))
	for i, r := range ann.Rules {
		if err := privacy.ValidateOps(r.Ops, false); err != nil {
			return nil, ruleError(t, nil, r, err)
		}
		e, err := policylang.Check(ix.s, policylang.Context{Model: t.Name, Ops: r.Ops}, r.Expr)
		if err != nil {
			return nil, ruleError(t, nil, r, err)
		}
		checked[i] = e
	}
	var err error
	compileRow := func(op string) (rowOp, error) {
		var ro rowOp
		for i, r := range ann.Rules {
			if !r.Has(op) {
				continue
			}
			c := &sqlCompiler{ix: ix, t: t}
			code, err := c.cond(checked[i])
			if err != nil {
				return ro, ruleError(t, nil, r, err)
			}
			if r.Allow {
				ro.Allows = append(ro.Allows, code)
			} else {
				ro.Denies = append(ro.Denies, namedCond{Rule: strconv.Quote(r.String()), Cond: code})
			}
		}
		ro.finish()
		return ro, nil
	}
	if p.Read, err = compileRow(privacy.OpRead); err != nil {
		return nil, err
	}
	if p.Update, err = compileUpdate(ix, t, ann.Rules, checked); err != nil {
		return nil, err
	}
	if p.Delete, err = compileRow(privacy.OpDelete); err != nil {
		return nil, err
	}
	c := &goCompiler{ix: ix, t: t, mode: goCreate, locals: map[string]bool{}}
	for i, r := range ann.Rules {
		if !r.Has(privacy.OpCreate) {
			continue
		}
		code, err := c.boolean(checked[i])
		if err != nil {
			return nil, ruleError(t, nil, r, err)
		}
		if r.Allow {
			p.Create.Allows = append(p.Create.Allows, code)
		} else {
			p.Create.Denies = append(p.Create.Denies, namedCond{Rule: strconv.Quote(r.String()), Cond: code})
		}
	}
	p.Create.Prelude = c.prelude
	p.Create.Allow = "false"
	if len(p.Create.Allows) > 0 {
		p.Create.Allow = joinOps(p.Create.Allows, " || ")
	}
	if err := compileFieldRules(ix, t, p); err != nil {
		return nil, err
	}
	return p, nil
}

// compileFieldRules compiles the read and update rules of t's fields.
// Field rules are default-allow (POL-SEM-03): denied when a deny rule holds
// or when allow rules exist and none holds.
func compileFieldRules(ix *index, t *gen.Type, p *policySpec) error {
	for _, f := range t.Fields {
		ann, err := decodePrivacy(f.Annotations)
		if err != nil {
			return fmt.Errorf("schema %s, field %s: %w", t.Name, f.Name, err)
		}
		var readAllows, readDenies, updAllows, updDenies, sqlAllows, sqlDenies []string
		for _, r := range ann.Rules {
			if err := privacy.ValidateOps(r.Ops, true); err != nil {
				return ruleError(t, f, r, err)
			}
			e, err := policylang.Check(ix.s, policylang.Context{Model: t.Name, Field: f.Name, Ops: r.Ops}, r.Expr)
			if err != nil {
				return ruleError(t, f, r, err)
			}
			if r.Has(privacy.OpRead) {
				c := &goCompiler{ix: ix, t: t, mode: goEntity}
				code, err := c.boolean(e)
				if err != nil {
					return ruleError(t, f, r, err)
				}
				sc := &sqlCompiler{ix: ix, t: t}
				sqlCode, err := sc.cond(e)
				if err != nil {
					return ruleError(t, f, r, err)
				}
				if r.Allow {
					readAllows, sqlAllows = append(readAllows, code), append(sqlAllows, sqlCode)
				} else {
					readDenies, sqlDenies = append(readDenies, code), append(sqlDenies, sqlCode)
				}
			}
			if r.Has(privacy.OpUpdate) {
				c := &sqlCompiler{ix: ix, t: t}
				code, err := c.cond(e)
				if err != nil {
					return ruleError(t, f, r, err)
				}
				if r.Allow {
					updAllows = append(updAllows, code)
				} else {
					updDenies = append(updDenies, code)
				}
			}
		}
		if len(readAllows)+len(readDenies) > 0 {
			cond := "true"
			if len(readAllows) > 0 {
				cond = "(" + joinOps(readAllows, " || ") + ")"
			}
			if len(readDenies) > 0 {
				cond += " && !(" + joinOps(readDenies, " || ") + ")"
			}
			p.FieldReads = append(p.FieldReads, fieldRead{F: f, Cond: cond, SQL: fieldCond(sqlAllows, sqlDenies), Zero: zeroField(f)})
		}
		if len(updAllows)+len(updDenies) > 0 {
			cond := fieldCond(updAllows, updDenies)
			touched := fmt.Sprintf("func() bool { _, ok := m.%s(); return ok }()", f.MutationGet())
			if f.Optional {
				touched = fmt.Sprintf("(%s || m.%s())", touched, f.MutationCleared())
			}
			p.FieldUpdates = append(p.FieldUpdates, fieldUpdate{F: f, Touched: touched, Cond: cond})
		}
	}
	return nil
}

// fieldCond is the privacy.Cond of a field's rules (default allow).
func fieldCond(allows, denies []string) string {
	allow := "privacy.True"
	if len(allows) > 0 {
		allow = "privacy.Or(" + joinArgs(allows) + ")"
	}
	if len(denies) == 0 {
		return allow
	}
	return "privacy.And(" + allow + ", privacy.Not(privacy.Or(" + joinArgs(denies) + ")))"
}

// zeroField is the statement that clears a hidden field of entity e.
func zeroField(f *gen.Field) string {
	if f.NillableValue() {
		return "e." + f.StructField() + " = nil"
	}
	return fmt.Sprintf("e.%s = *new(%s)", f.StructField(), f.Type.String())
}

func joinArgs(xs []string) string { return joinOps(xs, ", ") }

func joinOps(xs []string, sep string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += sep
		}
		out += x
	}
	return out
}
