package entx

import (
	"errors"
	"fmt"
	"strconv"

	"entgo.io/ent/entc/gen"

	"github.com/entstack/entstack/entx/policylang"
	"github.com/entstack/entstack/privacy"
)

// compileUpdate compiles the update and post-update rules of t.
//
// Both run before the write when they can: future().x and the plain fields
// of a post-update rule are the mutation's values (or the current column),
// so the rules become a guard on the current row. A rule that needs the
// written row (a post-update value through a relation, a collection in a
// post-update rule) is checked after the write instead, in the same
// transaction (After); its denial makes the caller roll back. Post-update
// allow rules form one group (POL-OP-02): when there are any, one must hold.
func compileUpdate(ix *index, t *gen.Type, rules []checkedRule) (rowOp, error) {
	var ro rowOp
	var postAllows []checkedRule
	for _, cr := range rules {
		r := cr.Rule
		post := r.Has(privacy.OpPostUpdate)
		switch {
		case !post && !r.Has(privacy.OpUpdate):
			continue
		case post && r.Allow:
			postAllows = append(postAllows, cr)
			continue
		}
		code, after, err := compileUpdateRule(ix, t, cr.Expr, post)
		switch {
		case err != nil:
			return ro, ruleError(t, nil, r, err)
		case after && r.Allow:
			return ro, ruleError(t, nil, r, errors.New("an allow update rule must be decidable before the write; "+
				"use future() on the model's own fields, or write a post-update rule"))
		case r.Allow:
			ro.Allows = append(ro.Allows, code)
		case after:
			ro.After = append(ro.After, namedCond{Rule: strconv.Quote(r.String()), Cond: code})
		default:
			ro.Denies = append(ro.Denies, namedCond{Rule: strconv.Quote(r.String()), Cond: code})
		}
	}
	if len(postAllows) > 0 {
		if err := compilePostAllows(ix, t, postAllows, &ro); err != nil {
			return ro, err
		}
	}
	ro.finish()
	return ro, nil
}

// compileUpdateRule compiles one rule before the write if it can, else
// after it (after = true).
func compileUpdateRule(ix *index, t *gen.Type, e policylang.Expr, post bool) (code string, after bool, err error) {
	op := privacy.OpUpdate
	if post {
		op = privacy.OpPostUpdate
	}
	e = policylang.Specialize(e, t.Name, op)
	c := newSQL(ix, t)
	c.mutation, c.postUpdate, c.viewerRow = true, post, viewerRowFor(ix, t)
	code, err = c.rule(e)
	if errors.Is(err, errPostWrite) {
		c = newSQL(ix, t)
		c.mutation, c.postUpdate, c.postWrite, c.viewerRow = true, post, true, viewerRowFor(ix, t)
		code, err = c.rule(e)
		return code, true, err
	}
	return code, false, err
}

// viewerRowFor reports whether the update rules of t read auth()'s fields
// in SQL (sqlCompiler.viewerRow): not those of the auth model itself,
// whose UPDATE would then read its own table in a sub-select, which MySQL
// refuses (error 1093).
func viewerRowFor(ix *index, t *gen.Type) bool {
	return t != ix.types[ix.s.Auth]
}

// compilePostAllows adds the denial "no post-update allow rule holds",
// before the write when every rule of the group allows it, else after.
func compilePostAllows(ix *index, t *gen.Type, rules []checkedRule, ro *rowOp) error {
	var codes, texts []string
	after := false
	for _, r := range rules {
		_, a, err := compileUpdateRule(ix, t, r.Expr, true)
		if err != nil {
			return ruleError(t, nil, r.Rule, err)
		}
		after = after || a
	}
	for _, r := range rules {
		c := newSQL(ix, t)
		c.mutation, c.postUpdate, c.postWrite, c.viewerRow = true, true, after, viewerRowFor(ix, t)
		code, err := c.rule(policylang.Specialize(r.Expr, t.Name, privacy.OpPostUpdate))
		if err != nil {
			return ruleError(t, nil, r.Rule, err)
		}
		codes, texts = append(codes, code), append(texts, r.Rule.String())
	}
	nc := namedCond{
		Rule: strconv.Quote(fmt.Sprintf("no post-update allow rule holds: %v", texts)),
		Cond: "privacy.Not(privacy.Or(" + joinArgs(codes) + "))",
	}
	if after {
		ro.After = append(ro.After, nc)
	} else {
		ro.Denies = append(ro.Denies, nc)
	}
	return nil
}
