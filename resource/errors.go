package resource

import (
	"fmt"
)

// ErrorKind classifies an error for both API flavours; each renders it with
// its own status codes and format.
type ErrorKind uint8

// Error kinds.
const (
	Internal      ErrorKind = iota // a bug or an unexpected database failure: 500
	Invalid                        // bad input: 400 (or 422 where a flavour says so)
	NotFound                       // unknown type, id or relationship, or a row the viewer cannot read: 404
	Forbidden                      // denied by an access policy or by the API's rules: 403
	Conflict                       // unique violation, type/id mismatch: 409
	TooLarge                       // request body over the limit: 413
	Unsupported                    // unsupported media type: 415
	NotAcceptable                  // Accept rules out the media type: 406
	BadMethod                      // wrong HTTP method: 405 (RPC answers 400)
	Unavailable                    // cancelled, timed out or the database unreachable: 503, not a bug
	URITooLong                     // request target (query string) over the limit: 414
)

// Source points at the offending part of a request. A flavour sets the
// member that fits its input: Parameter (JSON:API query parameter), Pointer
// (JSON pointer into a body), Path (RPC argument path), Header.
type Source struct {
	Parameter string
	Pointer   string
	Path      string
	Header    string
}

// Reasons of a Forbidden error.
const (
	ReasonNoAccess       = "no-access"        // the policy denied the operation
	ReasonCannotReadBack = "cannot-read-back" // committed, but the result is not readable
	ReasonClientID       = "client-id"        // client-generated ids are not allowed
	ReasonReadOnlyField  = "read-only"        // a read-only field or edge was written
)

// Error is the error taxonomy shared by the API flavours.
type Error struct {
	Kind   ErrorKind
	Code   string // stable, machine-readable: "unknown-field", "invalid-value", "unique-violation"…
	Title  string // stable per Code, for people
	Detail string // this occurrence
	Source Source
	Reason string // Forbidden: one of the Reason* constants
	Model  string // the model concerned, when known
	Rule   string // the deny rule that fired, when known (policy errors)
	Err    error  // wrapped cause
}

func (e *Error) Error() string {
	msg := e.Detail
	if msg == "" {
		msg = e.Title
	}
	if loc := e.Source.Path + e.Source.Parameter + e.Source.Pointer; loc != "" {
		msg = loc + ": " + msg
	}
	if e.Err != nil && e.Kind == Internal {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error of the kind and code with a formatted detail.
func Errorf(kind ErrorKind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Title: titles[code], Detail: fmt.Sprintf(format, args...)}
}

// AtParameter sets Source.Parameter and returns e.
func (e *Error) AtParameter(p string) *Error { e.Source.Parameter = p; return e }

// AtPointer sets Source.Pointer and returns e.
func (e *Error) AtPointer(p string) *Error { e.Source.Pointer = p; return e }

// AtPath sets Source.Path and returns e.
func (e *Error) AtPath(p string) *Error { e.Source.Path = p; return e }

// Error codes used by the runtime. Flavours add their own.
const (
	CodeInvalidParameter = "invalid-parameter"
	CodeUnknownField     = "unknown-field"
	CodeUnknownRelation  = "unknown-relationship"
	CodeUnknownType      = "unknown-type"
	CodeUnknownOperator  = "unknown-operator"
	CodeInvalidValue     = "invalid-value"
	CodeInvalidDocument  = "invalid-document"
	CodeMissingValue     = "missing-value"
	CodeNotFound         = "not-found"
	CodeForbidden        = "forbidden"
	CodeUniqueViolation  = "unique-violation"
	CodeConstraint       = "constraint-violation"
	CodeConflict         = "conflict"
	CodeLimit            = "limit-exceeded"
	CodeInternal         = "internal-error"
	CodeMediaType        = "unsupported-media-type"
	CodeNotAcceptable    = "not-acceptable"
	CodeMethod           = "method-not-allowed"
	CodeTooLarge         = "request-too-large"
	CodeCanceled         = "request-canceled"
	CodeUnavailable      = "database-unavailable"
)

var titles = map[string]string{
	CodeInvalidParameter: "Invalid query parameter",
	CodeUnknownField:     "Unknown field",
	CodeUnknownRelation:  "Unknown relationship",
	CodeUnknownType:      "Unknown resource type",
	CodeUnknownOperator:  "Unknown operator",
	CodeInvalidValue:     "Invalid value",
	CodeInvalidDocument:  "Invalid request document",
	CodeMissingValue:     "Missing required value",
	CodeNotFound:         "Not found",
	CodeForbidden:        "Forbidden",
	CodeUniqueViolation:  "Unique constraint violated",
	CodeConstraint:       "Database constraint violated",
	CodeConflict:         "Conflict",
	CodeLimit:            "Limit exceeded",
	CodeInternal:         "Internal server error",
	CodeMediaType:        "Unsupported media type",
	CodeNotAcceptable:    "Not acceptable",
	CodeMethod:           "Method not allowed",
	CodeTooLarge:         "Request too large",
	CodeCanceled:         "Request cancelled or timed out",
	CodeUnavailable:      "Database unavailable",
}

// Title returns the stable title of an error code.
func Title(code string) string {
	if t, ok := titles[code]; ok {
		return t
	}
	return code
}
