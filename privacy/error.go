package privacy

import (
	"fmt"

	entprivacy "entgo.io/ent/privacy"
)

// Reasons of a denial, as resource.PolicyError reports them.
const (
	ReasonNoAccess       = "no-access"
	ReasonCannotReadBack = "cannot-read-back"
)

// Error is a denial by an access policy. It wraps Ent's privacy.Deny
// (errors.Is(err, privacy.Deny) holds) and implements resource.PolicyError.
type Error struct {
	Model  string // "Post"
	Op     string // "update", or "update of field role"
	Rule   string // the deny rule that fired, or the field rule that denied; "" when no allow rule matched
	Field  string // the field whose update rules denied the write, if any
	Reason string // ReasonNoAccess unless said otherwise
}

// Denied returns the error for op on model; rule is the deny rule that
// fired, or "" when the operation simply matched no allow rule.
func Denied(model, op, rule string) *Error {
	return &Error{Model: model, Op: op, Rule: rule, Reason: ReasonNoAccess}
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("entstack/privacy: %s %s denied by access policy", e.Op, e.Model)
	switch {
	case e.Reason == ReasonCannotReadBack:
		msg += " (committed, but the result is not readable)"
	case e.Field != "" && e.Rule != "":
		msg += " (field " + e.Field + ": rule " + e.Rule + ")"
	case e.Field != "":
		msg += " (rules of field " + e.Field + ")"
	case e.Rule != "":
		msg += " (deny rule " + e.Rule + ")"
	default:
		msg += " (no allow rule matched)"
	}
	return msg
}

// CannotReadBack is the error of a write that was committed but whose
// result the viewer may not read (POL-SEM-13).
func CannotReadBack(model, op string) *Error {
	return &Error{Model: model, Op: op, Reason: ReasonCannotReadBack}
}

// Unwrap makes errors.Is(err, entprivacy.Deny) hold.
func (e *Error) Unwrap() error { return entprivacy.Deny }

// PolicyModel implements resource.PolicyError.
func (e *Error) PolicyModel() string { return e.Model }

// PolicyOp implements resource.PolicyError.
func (e *Error) PolicyOp() string { return e.Op }

// PolicyRule implements resource.PolicyError: the deny rule, or the field
// and its rule (field role: allow("update", …)).
func (e *Error) PolicyRule() string {
	if e.Field != "" && e.Rule != "" {
		return "field " + e.Field + ": " + e.Rule
	}
	return e.Rule
}

// PolicyReason implements resource.PolicyError.
func (e *Error) PolicyReason() string {
	if e.Reason == "" {
		return ReasonNoAccess
	}
	return e.Reason
}
