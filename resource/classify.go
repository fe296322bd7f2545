package resource

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"entgo.io/ent/dialect/sql/sqlgraph"
	entprivacy "entgo.io/ent/privacy"
)

// EntErrors classifies the error types Ent generates per client package
// (NotFoundError, ValidationError, ConstraintError, NotSingularError): the
// runtime cannot name them, the generated registry can.
type EntErrors struct {
	IsNotFound   func(error) bool
	IsValidation func(error) bool
	IsConstraint func(error) bool
}

// PolicyError is implemented by the access-policy errors of package privacy,
// which wrap Ent's privacy.Deny; the runtime reads their details through it.
type PolicyError interface {
	error
	PolicyModel() string  // "Post"
	PolicyOp() string     // "update"
	PolicyRule() string   // the deny rule that fired, or the field and its rule; "" (no allow rule matched)
	PolicyReason() string // ReasonNoAccess or ReasonCannotReadBack
}

// Classify returns err as an *Error. Errors already classified pass through;
// errors from Ent, the database driver and the access policies are mapped to
// their kinds; anything unknown is Internal (a bug, rendered as a 500).
func (r *Registry) Classify(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var pe PolicyError
	switch {
	case errors.As(err, &pe):
		reason := pe.PolicyReason()
		if reason == "" {
			reason = ReasonNoAccess
		}
		detail := pe.PolicyOp() + " " + pe.PolicyModel() + " denied by access policy"
		if rule := pe.PolicyRule(); rule != "" {
			detail += " (rule: " + rule + ")"
		}
		return &Error{Kind: Forbidden, Code: CodeForbidden, Title: titles[CodeForbidden], Detail: detail,
			Reason: reason, Model: pe.PolicyModel(), Rule: pe.PolicyRule(), Err: err}
	case errors.Is(err, entprivacy.Deny):
		return &Error{Kind: Forbidden, Code: CodeForbidden, Title: titles[CodeForbidden],
			Detail: "denied by access policy", Reason: ReasonNoAccess, Err: err}
	case r.ent.IsNotFound != nil && r.ent.IsNotFound(err):
		return &Error{Kind: NotFound, Code: CodeNotFound, Title: titles[CodeNotFound], Detail: "resource not found", Err: err}
	case r.ent.IsValidation != nil && r.ent.IsValidation(err):
		return &Error{Kind: Invalid, Code: CodeInvalidValue, Title: titles[CodeInvalidValue], Detail: err.Error(), Err: err}
	case sqlgraph.IsUniqueConstraintError(err):
		return &Error{Kind: Conflict, Code: CodeUniqueViolation, Title: titles[CodeUniqueViolation],
			Detail: "a row with the same unique value already exists", Err: err}
	case sqlgraph.IsForeignKeyConstraintError(err):
		return &Error{Kind: Conflict, Code: CodeConstraint, Title: titles[CodeConstraint],
			Detail: "the change would break a relation (foreign-key constraint)", Err: err}
	case r.ent.IsConstraint != nil && r.ent.IsConstraint(err):
		return &Error{Kind: Conflict, Code: CodeConstraint, Title: titles[CodeConstraint], Detail: err.Error(), Err: err}
	case notNullViolation(err):
		// A required value left empty past the flavours' own checks (a
		// concurrent change, a relation cleared from a side they do not
		// check): the request's fault, not the server's.
		return &Error{Kind: Conflict, Code: CodeConstraint, Title: titles[CodeConstraint],
			Detail: "the change would leave a required value or relation empty (NOT NULL constraint)", Err: err}
	case outOfRange(err):
		// A value past its column's type (a concurrent increment that the
		// flavour's own check could not see) or an overflowing aggregate.
		return &Error{Kind: Invalid, Code: CodeInvalidValue, Title: titles[CodeInvalidValue],
			Detail: "a value is out of the range of its column or of a number", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The client went away or a deadline passed: not a bug, and
		// nothing was committed (the transaction rolled back).
		return &Error{Kind: Unavailable, Code: CodeCanceled, Title: titles[CodeCanceled], Detail: err.Error(), Err: err}
	case databaseUnavailable(err):
		// The detail does not quote the error: it names hosts and users.
		return &Error{Kind: Unavailable, Code: CodeUnavailable, Title: titles[CodeUnavailable],
			Detail: "the database is unavailable; try again later", Err: err}
	}
	var rejected *Rejected
	if errors.As(err, &rejected) {
		// The schema's own hook refused the change.
		return &Error{Kind: Invalid, Code: CodeInvalidValue, Title: titles[CodeInvalidValue], Detail: rejected.Error(), Err: err}
	}
	return &Error{Kind: Internal, Code: CodeInternal, Title: titles[CodeInternal], Err: err}
}

// outOfRange recognises the database's "numeric value out of range"
// error, SQLSTATE 22003: PostgreSQL's driver reports the state, MySQL's
// writes it in the message ("Error 1690 (22003): BIGINT value is out of
// range").
func outOfRange(err error) bool {
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		return st.SQLState() == "22003"
	}
	return strings.Contains(err.Error(), " (22003): ")
}

// notNullViolation recognises a NOT NULL violation: SQLSTATE 23502 on
// PostgreSQL, error 1048 on MySQL and MariaDB, SQLite's message.
func notNullViolation(err error) bool {
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		return st.SQLState() == "23502"
	}
	msg := err.Error()
	return strings.Contains(msg, "NOT NULL constraint failed: ") || strings.Contains(msg, "Error 1048 (23000): ")
}

// databaseUnavailable reports whether err says that the database cannot be
// reached or is going away (a restart, a failover, a full connection
// table), rather than that the request was wrong: the request may succeed
// when retried, so it is a 503, not a 500. Drivers are recognised by their
// common behaviour, not imported: network errors, database/sql's bad and
// closed connections, and SQLSTATE classes 08 (connection exception), 53
// (insufficient resources) and 57P (server shutting down or starting up),
// which pgx's errors report through SQLState.
func databaseUnavailable(err error) bool {
	var netErr *net.OpError
	var state interface{ SQLState() string }
	switch {
	case errors.As(err, &netErr),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &state):
		code := state.SQLState()
		return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "53") || strings.HasPrefix(code, "57P")
	}
	return false
}
