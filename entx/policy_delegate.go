package entx

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// delegate returns the condition check(relation, op) puts on the rows of
// model: its rules for op, as conditions on the rows as they are (update
// rules without their post-update parts and field rules). The rules of
// another model are compiled once; a rule that reaches itself through
// check() is refused: the SQL would never end.
func (ix *index) delegate(model, op string) (string, error) {
	key := model + " " + op
	if code, ok := ix.delegated[key]; ok {
		return code, nil
	}
	if i := slices.Index(ix.delegating, key); i >= 0 {
		loop := append(slices.Clone(ix.delegating[i:]), key)
		return "", &loopError{fmt.Sprintf("check() loops: the %s rules reach themselves (%s); "+
			"write the condition out for the relation instead (a rule cannot delegate to itself, "+
			"through a self-relation or a chain of models)", op, strings.Join(loop, " → "))}
	}
	ix.delegating = append(ix.delegating, key)
	defer func() { ix.delegating = ix.delegating[:len(ix.delegating)-1] }()
	ro, err := compileRow(ix, ix.types[model], ix.rules[model], op, true)
	var loop *loopError
	if errors.As(err, &loop) {
		return "", loop // named once, by the rule where it starts
	}
	if err != nil {
		return "", fmt.Errorf("the %s rules of %s: %w", op, model, err)
	}
	ix.delegated[key] = ro.Cond
	return ro.Cond, nil
}

// loopError is a check() that reaches the rules it is part of.
type loopError struct{ msg string }

func (e *loopError) Error() string { return e.msg }
