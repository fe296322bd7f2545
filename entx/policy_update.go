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
func compileUpdate(ix *index, t *gen.Type, rules []privacy.Rule, checked []policylang.Expr) (rowOp, error) {
	var ro rowOp
	var postAllows []int
	for i, r := range rules {
		post := r.Has(privacy.OpPostUpdate)
		switch {
		case !post && !r.Has(privacy.OpUpdate):
			continue
		case post && r.Allow:
			postAllows = append(postAllows, i)
			continue
		}
		code, after, err := compileUpdateRule(ix, t, checked[i], post)
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
		if err := compilePostAllows(ix, t, rules, checked, postAllows, &ro); err != nil {
			return ro, err
		}
	}
	ro.finish()
	return ro, nil
}

// compileUpdateRule compiles one rule before the write if it can, else
// after it (after = true).
func compileUpdateRule(ix *index, t *gen.Type, e policylang.Expr, post bool) (code string, after bool, err error) {
	c := &sqlCompiler{ix: ix, t: t, mutation: true, postUpdate: post}
	code, err = c.cond(e)
	if errors.Is(err, errPostWrite) {
		c = &sqlCompiler{ix: ix, t: t, mutation: true, postUpdate: post, postWrite: true}
		code, err = c.cond(e)
		return code, true, err
	}
	return code, false, err
}

// compilePostAllows adds the denial "no post-update allow rule holds",
// before the write when every rule of the group allows it, else after.
func compilePostAllows(ix *index, t *gen.Type, rules []privacy.Rule, checked []policylang.Expr, idx []int, ro *rowOp) error {
	var codes, texts []string
	after := false
	for _, i := range idx {
		_, a, err := compileUpdateRule(ix, t, checked[i], true)
		if err != nil {
			return ruleError(t, nil, rules[i], err)
		}
		after = after || a
	}
	for _, i := range idx {
		c := &sqlCompiler{ix: ix, t: t, mutation: true, postUpdate: true, postWrite: after}
		code, err := c.cond(checked[i])
		if err != nil {
			return ruleError(t, nil, rules[i], err)
		}
		codes, texts = append(codes, code), append(texts, rules[i].String())
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
