package entx

import (
	"fmt"
	"slices"
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
	// UpdateByID: LoadViewer, but the update rules need only auth()'s id
	// (they read its fields in SQL: sqlCompiler.viewerRow), so an update
	// does not load the entity (privacy.Meta.UpdateByID).
	UpdateByID bool
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
	// loadedEntity is the entity as the argument of the loaded form of
	// privacy.ViewerCond.
	loadedEntity = "ve"
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

// updateMentions reports whether the compiled update rules of p (row,
// post-write and field rules) contain s.
func (p *policySpec) updateMentions(s string) bool {
	code := []string{p.Update.Parts, p.Update.AfterParts}
	for _, f := range p.FieldUpdates {
		code = append(code, f.Cond)
	}
	return slices.ContainsFunc(code, func(c string) bool { return strings.Contains(c, s) })
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

// deferEntity wraps the rules that read the viewer's entity in
// privacy.Deferred, so that a read decided in Go by another rule (the
// author's read-back of a row it wrote) does not load it; then renders
// again.
func (ro *rowOp) deferEntity() {
	reads := func(code string) bool { return strings.Contains(code, viewerEntity) }
	wrap := func(code string) string {
		if !reads(code) {
			return code
		}
		return "privacy.Deferred(" + viewerVar + ", func(" + viewerVar + " *viewer) privacy.Cond { return " + code + " })"
	}
	// Or evaluates its parts in order and stops at one that holds: the
	// deferred ones go last.
	slices.SortStableFunc(ro.Allows, func(x, y string) int { return cmpBool(reads(x), reads(y)) })
	for i, c := range ro.Allows {
		ro.Allows[i] = wrap(c)
	}
	for i, d := range ro.Denies {
		ro.Denies[i].Cond = wrap(d.Cond)
	}
	ro.finish()
}

// cmpBool orders false before true.
func cmpBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}

// finish renders Cond and Parts.
func (ro *rowOp) finish() {
	allow := orConds(ro.Allows)
	conds := []string{allow}
	parts := []string{"{Cond: " + allow + "}"}
	denies := ro.Denies[:0:0]
	for _, d := range ro.Denies {
		if d.Cond != "privacy.False" {
			denies = append(denies, d)
		}
	}
	ro.Denies = denies
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

// Guards renders the resource.Guards of the policy: the operations whose
// rules are not a constant allow.
func (p *policySpec) Guards() string {
	open := func(allows []string, denies int, always string) bool {
		return denies == 0 && slices.Contains(allows, always)
	}
	create := len(p.Create.Denies) > 0 || p.Create.Allow != "true"
	read := !p.Read.All && !open(p.Read.Allows, len(p.Read.Denies)+len(p.Read.After), "privacy.True")
	update := !p.Update.All && !open(p.Update.Allows, len(p.Update.Denies)+len(p.Update.After), "privacy.True") || len(p.FieldUpdates) > 0
	del := !p.Delete.All && !open(p.Delete.Allows, len(p.Delete.Denies)+len(p.Delete.After), "privacy.True")
	return fmt.Sprintf("resource.Guards{Create: %t, Read: %t, Update: %t, Delete: %t}", create, read, update, del)
}

type namedCond struct {
	Rule string // Go string literal of the rule's text
	Cond string
}

// createOp is the create rules as Go over the mutation m.
type createOp struct {
	Prelude []string // statements: mutation values, lazy look-ups of referenced rows
	Denies  []namedCond
	Allow   string // the allows ORed
	Refused string // Allow negated, simplified (a == nil, not !(a != nil))
}

type fieldUpdate struct {
	F       *gen.Field
	Touched string // Go bool: the mutation sets or clears the field
	Cond    string // privacy.Cond of the field's update rules
	// Parts are the same as privacy.Part literals naming the rule to blame:
	// one for the allow rules together, one per deny rule (a denied update
	// names the field and the rule).
	Parts []string
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
	// Key is the target's foreign-key field holding the link when the
	// target's update rules read its new value (future(), a field update
	// rule): linking or unlinking is then checked as that field's change
	// (privacy.LinkKey). nil otherwise.
	Key *gen.Field
}

// compilePolicies parses, type-checks and compiles the access rules of
// every entity. Any bad rule fails generation with the schema, the rule and
// the column.
func compilePolicies(g *gen.Graph, authModel string, explicit bool) (map[string]*policySpec, error) {
	ix, err := describe(g, authModel, explicit)
	if err != nil {
		return nil, err
	}
	active := false
	for _, t := range g.Nodes {
		ann, err := decodePrivacy(t.Annotations)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", t.Name, err)
		}
		active = active || len(ann.Rules) > 0
		for _, r := range ann.Rules {
			if err := privacy.ValidateOps(r.Ops, false); err != nil {
				return nil, ruleError(t, nil, r, err)
			}
			e, err := policylang.Check(ix.s, policylang.Context{Model: t.Name, Ops: r.Ops}, r.Expr)
			if err != nil {
				return nil, ruleError(t, nil, r, err)
			}
			ix.rules[t.Name] = append(ix.rules[t.Name], checkedRule{Rule: r, Expr: e})
		}
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
		p, err := compileType(ix, t, active)
		if err != nil {
			return nil, err
		}
		p.Types = g.Nodes
		p.LoadViewer = p.mentions(viewerEntity)
		p.UpdateByID = p.LoadViewer && !p.updateMentions(viewerEntity)
		out[t.Name] = p
	}
	for _, p := range out {
		for _, e := range p.T.Edges {
			if e.M2M() || !e.OwnFK() {
				t := out[e.Type.Name]
				c := connect{E: e, Policy: t.Name}
				if f := linkKey(e); f != nil && t.readsNew(f) {
					c.Key = f
				}
				p.Connects = append(p.Connects, c)
			}
		}
	}
	return out, nil
}

// linkKey returns the field of e's target that holds the link as a
// foreign key (comment.author_id for user.comments); nil for a join table
// or a key the schema declares no field for.
func linkKey(e *gen.Edge) *gen.Field {
	if e.M2M() || e.Ref == nil {
		return nil
	}
	return e.Ref.Field()
}

// readsNew reports whether the update rules of p read the value an update
// writes to field f: future().f in a rule, or an update rule of f itself.
func (p *policySpec) readsNew(f *gen.Field) bool {
	for _, u := range p.FieldUpdates {
		if u.F.Name == f.Name {
			return true
		}
	}
	for _, s := range []string{"m." + f.MutationGet() + "()", "m." + f.MutationCleared() + "()"} {
		if strings.Contains(p.Update.Parts, s) {
			return true
		}
	}
	return false
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

func compileType(ix *index, t *gen.Type, active bool) (*policySpec, error) {
	p := &policySpec{
		T: t, Auth: ix.types[ix.s.Auth], Active: active,
		Name: lowerFirst(t.Name) + "Policy",
	}
	if !active {
		for _, ro := range []*rowOp{&p.Read, &p.Update, &p.Delete} {
			ro.Allows, ro.All = []string{"privacy.True"}, true
			ro.finish()
		}
		p.Create.Allow, p.Create.Refused = "true", "false"
		return p, nil
	}
	rules := ix.rules[t.Name]
	var err error
	if p.Read, err = compileRow(ix, t, rules, privacy.OpRead, false); err != nil {
		return nil, err
	}
	p.Read.deferEntity()
	if p.Update, err = compileUpdate(ix, t, rules); err != nil {
		return nil, err
	}
	if p.Delete, err = compileRow(ix, t, rules, privacy.OpDelete, false); err != nil {
		return nil, err
	}
	if err := compileCreate(ix, t, rules, &p.Create); err != nil {
		return nil, err
	}
	if err := compileFieldRules(ix, t, p); err != nil {
		return nil, err
	}
	return p, nil
}

// compileRow compiles the rules of t for op as conditions on its rows;
// asIs for check(), which takes the rows as they are.
func compileRow(ix *index, t *gen.Type, rules []checkedRule, op string, asIs bool) (rowOp, error) {
	var ro rowOp
	for _, r := range rules {
		if !r.Rule.Has(op) {
			continue
		}
		c := newSQL(ix, t)
		c.asIs = asIs
		code, err := c.rule(policylang.Specialize(r.Expr, t.Name, op))
		if err != nil {
			return ro, ruleError(t, nil, r.Rule, err)
		}
		if r.Rule.Allow {
			ro.Allows = append(ro.Allows, code)
		} else {
			ro.Denies = append(ro.Denies, namedCond{Rule: strconv.Quote(r.Rule.String()), Cond: code})
		}
	}
	ro.finish()
	return ro, nil
}

// compileCreate compiles the create rules of t to Go over the mutation m.
func compileCreate(ix *index, t *gen.Type, rules []checkedRule, co *createOp) error {
	c := &goCompiler{ix: ix, t: t, mode: goCreate, locals: map[string]bool{}}
	var allows []*goBool
	for _, r := range rules {
		if !r.Rule.Has(privacy.OpCreate) {
			continue
		}
		b, err := c.boolean(policylang.Specialize(r.Expr, t.Name, privacy.OpCreate))
		if err != nil {
			return ruleError(t, nil, r.Rule, err)
		}
		if r.Rule.Allow {
			allows = append(allows, b)
		} else if !b.isFalse() {
			co.Denies = append(co.Denies, namedCond{Rule: strconv.Quote(r.Rule.String()), Cond: b.String()})
		}
	}
	co.Prelude = c.prelude
	// Go's || stops at the first rule that holds: the rules that cost no
	// query go first, so that the viewer's entity (privacy's viewerByID)
	// and the rows the others look up are loaded only when they fail.
	costly := func(x *goBool) bool {
		code := x.String()
		if strings.Contains(code, viewerEntity) || strings.Contains(code, "(&lookupErr)") {
			return true
		}
		for name := range c.locals {
			if strings.Contains(code, name+"()") {
				return true
			}
		}
		return false
	}
	slices.SortStableFunc(allows, func(x, y *goBool) int { return cmpBool(costly(x), costly(y)) })
	allow := gOr(allows...)
	co.Allow, co.Refused = allow.String(), gNot(allow).String()
	return nil
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
		var readAllows, readDenies []*goBool
		var sqlAllows, sqlDenies, updAllows, updDenies, allowTexts []string
		var upd fieldUpdate
		for _, r := range ann.Rules {
			if err := privacy.ValidateOps(r.Ops, true); err != nil {
				return ruleError(t, f, r, err)
			}
			checked, err := policylang.Check(ix.s, policylang.Context{Model: t.Name, Field: f.Name, Ops: r.Ops}, r.Expr)
			if err != nil {
				return ruleError(t, f, r, err)
			}
			if r.Has(privacy.OpRead) {
				e := policylang.Specialize(checked, t.Name, privacy.OpRead)
				c := &goCompiler{ix: ix, t: t, mode: goEntity}
				b, err := c.boolean(e)
				if err != nil {
					return ruleError(t, f, r, err)
				}
				sqlCode, err := newSQL(ix, t).rule(e)
				if err != nil {
					return ruleError(t, f, r, err)
				}
				if r.Allow {
					readAllows, sqlAllows = append(readAllows, b), append(sqlAllows, sqlCode)
				} else {
					readDenies, sqlDenies = append(readDenies, b), append(sqlDenies, sqlCode)
				}
			}
			if r.Has(privacy.OpUpdate) {
				code, err := newSQL(ix, t).rule(policylang.Specialize(checked, t.Name, privacy.OpUpdate))
				if err != nil {
					return ruleError(t, f, r, err)
				}
				if r.Allow {
					updAllows, allowTexts = append(updAllows, code), append(allowTexts, r.String())
				} else {
					updDenies = append(updDenies, code)
					upd.Parts = append(upd.Parts, fieldPart(f, r.String(), not(code)))
				}
			}
		}
		if len(readAllows)+len(readDenies) > 0 {
			cond := gTrue
			if len(readAllows) > 0 {
				cond = gOr(readAllows...)
			}
			cond = gAnd(cond, gNot(gOr(readDenies...)))
			if sqlCond := fieldCond(sqlAllows, sqlDenies); !cond.isTrue() || sqlCond != "privacy.True" {
				p.FieldReads = append(p.FieldReads, fieldRead{F: f, Cond: cond.String(), SQL: sqlCond, Zero: zeroField(f)})
			}
		}
		if len(updAllows)+len(updDenies) > 0 {
			if len(updAllows) > 0 {
				allow := orConds(updAllows)
				upd.Parts = append([]string{fieldPart(f, strings.Join(allowTexts, " || "), allow)}, upd.Parts...)
			}
			upd.F, upd.Cond = f, fieldCond(updAllows, updDenies)
			upd.Touched = fmt.Sprintf("func() bool { _, ok := m.%s(); return ok }()", f.MutationGet())
			if f.Optional {
				upd.Touched = fmt.Sprintf("(%s || m.%s())", upd.Touched, f.MutationCleared())
			}
			p.FieldUpdates = append(p.FieldUpdates, upd)
		}
	}
	return nil
}

// fieldPart renders the privacy.Part of one field rule (or of its allow
// rules together): a denial names the field and the rule.
func fieldPart(f *gen.Field, rule, cond string) string {
	return fmt.Sprintf("privacy.Part{Field: %q, Rule: %s, Cond: %s}", f.Name, strconv.Quote(rule), cond)
}

// fieldCond is the privacy.Cond of a field's rules (default allow).
func fieldCond(allows, denies []string) string {
	allow := "privacy.True"
	if len(allows) > 0 {
		allow = orConds(allows)
	}
	deny := not(orConds(denies))
	switch {
	case allow == "privacy.False" || deny == "privacy.True":
		return allow
	case deny == "privacy.False" || allow == "privacy.True":
		return deny
	}
	return "privacy.And(" + allow + ", " + deny + ")"
}

// orConds renders the disjunction of privacy.Cond expressions, folding the
// constant ones.
func orConds(cs []string) string {
	var keep []string
	for _, c := range cs {
		switch c {
		case "privacy.True":
			return c
		case "privacy.False":
		default:
			keep = append(keep, c)
		}
	}
	switch len(keep) {
	case 0:
		return "privacy.False"
	case 1:
		return keep[0]
	}
	return "privacy.Or(" + joinArgs(keep) + ")"
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
