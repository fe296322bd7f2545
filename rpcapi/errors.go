package rpcapi

import (
	"log/slog"
	"net/http"

	"github.com/entstack/entstack/resource"
)

// rpcError is how one error kind is rendered (RPC-WIRE-06, RPC-WIRE-07):
// the status, ZenStack v3's reason and the Prisma code v2 clients read.
type rpcError struct {
	status int
	reason string
	code   string // Prisma error code, "" when none
}

func classify(e *resource.Error) rpcError {
	switch e.Kind {
	case resource.Invalid:
		if e.Code == codeBadRequest {
			return rpcError{http.StatusBadRequest, "invalid-input", ""}
		}
		return rpcError{http.StatusUnprocessableEntity, "invalid-input", ""}
	case resource.NotFound:
		return rpcError{http.StatusNotFound, "not-found", "P2025"}
	case resource.Forbidden:
		if e.Reason == resource.ReasonCannotReadBack {
			// v2 clients look for reason RESULT_NOT_READABLE (RPC-WIRE-08).
			return rpcError{http.StatusForbidden, "RESULT_NOT_READABLE", "P2004"}
		}
		return rpcError{http.StatusForbidden, "rejected-by-policy", "P2004"}
	case resource.Conflict:
		if e.Code == resource.CodeUniqueViolation {
			return rpcError{http.StatusBadRequest, "db-query-error", "P2002"} // RPC-ERR-01
		}
		return rpcError{http.StatusBadRequest, "db-query-error", "P2003"} // RPC-ERR-04
	case resource.TooLarge:
		return rpcError{http.StatusRequestEntityTooLarge, "invalid-input", ""}
	case resource.BadMethod, resource.Unsupported, resource.NotAcceptable:
		return rpcError{http.StatusBadRequest, "invalid-input", ""}
	case resource.Unavailable:
		return rpcError{http.StatusServiceUnavailable, "internal-error", ""}
	case resource.URITooLong:
		return rpcError{http.StatusRequestURITooLong, "invalid-input", ""}
	}
	return rpcError{http.StatusInternalServerError, "internal-error", ""}
}

// writeError renders err as {"error": {...}}, readable by ZenStack's v3 and
// v2 clients alike: v3 reads reason/rejectedByPolicy/rejectReason, v2
// prisma/code/reason.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error, c *call) {
	e := h.reg.Classify(err)
	re := classify(e)
	if e.Model == "" && c != nil && re.status != http.StatusBadRequest && e.Kind != resource.Internal {
		e.Model = c.model.Name()
	}
	msg := e.Error()
	if e.Kind == resource.Internal {
		slog.ErrorContext(r.Context(), "rpcapi: internal error", "method", r.Method, "path", r.URL.Path, "error", err)
		msg = "the server failed to process the request"
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"error":{"message":`...)
	b = resource.AppendString(b, msg)
	b = append(b, `,"reason":`...)
	b = resource.AppendString(b, re.reason)
	if re.code != "" {
		b = append(b, `,"prisma":true,"code":`...)
		b = resource.AppendString(b, re.code)
	}
	if e.Model != "" {
		b = append(b, `,"model":`...)
		b = resource.AppendString(b, e.Model)
	}
	if e.Kind == resource.Forbidden {
		reason := e.Reason
		switch reason {
		case resource.ReasonNoAccess, resource.ReasonCannotReadBack:
		default:
			reason = "other"
		}
		b = append(b, `,"rejectedByPolicy":true,"rejectReason":`...)
		b = resource.AppendString(b, reason)
	}
	if re.status == http.StatusUnprocessableEntity {
		b = append(b, `,"rejectedByValidation":true`...)
	}
	if e.Source.Path != "" {
		b = append(b, `,"path":`...)
		b = resource.AppendString(b, e.Source.Path)
	}
	b = append(b, `,"errorCode":`...)
	b = resource.AppendString(b, e.Code)
	b = append(b, "}}"...)
	h.send(w, re.status, b)
}

// WriteError answers err in the RPC error format, with the status its kind
// maps to. Middleware in front of the handler (package middleware) answers
// the errors it detects itself (a panic, a request over a limit) through
// it, so that clients see one error format.
func (h *Handler) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, r, err, nil)
}

// QueryIsDocument reports that the query string of a call carries its
// arguments (q), a document the handler bounds like a body
// (Options.MaxBodyBytes): middleware that caps query strings leaves this
// API's to it.
func (h *Handler) QueryIsDocument() bool { return true }
