package privacy

import (
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
)

// Part is one condition an update or delete must meet, with what to blame
// when it does not: the allow rules together (Rule and Field empty), one
// deny rule (Rule, Cond = its negation), or a field's update rules (Field).
type Part struct {
	Rule  string
	Field string
	Cond  Cond
}

// All is the conjunction of the parts' conditions: the guard of the write.
func All(parts []Part) Cond {
	cs := make([]Cond, len(parts))
	for i, p := range parts {
		cs[i] = p.Cond
	}
	return And(cs...)
}

// FieldDenied returns the denial of the first field part that is constant
// false: such a mutation is denied whole, even a bulk one (POL-SEM-11).
func FieldDenied(model, op string, parts []Part) error {
	for _, p := range parts {
		if p.Field != "" && p.Cond.IsFalse() {
			return &Error{Model: model, Op: op, Field: p.Field, Rule: p.Rule, Reason: ReasonNoAccess}
		}
	}
	return nil
}

// Blame explains why a single-row write whose guard failed was denied:
// holds runs one part's condition against the row. Deny rules are blamed
// first (they win), then field rules, then the missing allow.
func Blame(model, op string, parts []Part, holds func(func(*sql.Selector)) (bool, error)) error {
	check := func(p Part) (bool, error) {
		if p.Cond.known {
			return p.Cond.val, nil
		}
		return holds(p.Cond.p)
	}
	for _, pass := range []func(Part) bool{
		func(p Part) bool { return p.Rule != "" },
		func(p Part) bool { return p.Field != "" },
	} {
		for _, p := range parts {
			if !pass(p) {
				continue
			}
			ok, err := check(p)
			if err != nil {
				return err
			}
			if !ok {
				return &Error{Model: model, Op: op, Rule: p.Rule, Field: p.Field, Reason: ReasonNoAccess}
			}
		}
	}
	return Denied(model, op, "")
}

// Now is now() of the rule language.
func Now() time.Time { return time.Now() }

// StrMatch evaluates contains, startsWith and endsWith in Go.
func StrMatch(fn, s, sub string, fold bool) bool {
	if fold {
		s, sub = strings.ToLower(s), strings.ToLower(sub)
	}
	switch fn {
	case FnStartsWith:
		return strings.HasPrefix(s, sub)
	case FnEndsWith:
		return strings.HasSuffix(s, sub)
	}
	return strings.Contains(s, sub)
}
