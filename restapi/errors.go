package restapi

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/entstack/entstack/resource"
)

// status maps an error kind to its HTTP status.
func status(k resource.ErrorKind) int {
	switch k {
	case resource.Invalid:
		return http.StatusBadRequest
	case resource.NotFound:
		return http.StatusNotFound
	case resource.Forbidden:
		return http.StatusForbidden
	case resource.Conflict:
		return http.StatusConflict
	case resource.TooLarge:
		return http.StatusRequestEntityTooLarge
	case resource.Unsupported:
		return http.StatusUnsupportedMediaType
	case resource.NotAcceptable:
		return http.StatusNotAcceptable
	case resource.BadMethod:
		return http.StatusMethodNotAllowed
	case resource.Unavailable:
		return http.StatusServiceUnavailable
	case resource.URITooLong:
		return http.StatusRequestURITooLong
	}
	return http.StatusInternalServerError
}

// writeError renders err as a JSON:API error document. Policy details go to
// the error object's meta (JSON:API allows no other members).
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := h.reg.Classify(err)
	code := status(e.Kind)
	if e.Kind == resource.Internal {
		slog.ErrorContext(r.Context(), "restapi: internal error", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"jsonapi":{"version":"1.1"},"errors":[{"status":"`...)
	b = strconv.AppendInt(b, int64(code), 10)
	b = append(b, `","code":`...)
	b = appendJSONString(b, e.Code)
	b = append(b, `,"title":`...)
	title := e.Title
	if title == "" {
		title = resource.Title(e.Code)
	}
	b = appendJSONString(b, title)
	detail := e.Detail
	if e.Kind == resource.Internal {
		detail = "the server failed to process the request"
	}
	if detail != "" {
		b = append(b, `,"detail":`...)
		b = appendJSONString(b, detail)
	}
	if s := e.Source; s.Pointer != "" || s.Parameter != "" || s.Header != "" {
		b = append(b, `,"source":{`...)
		switch {
		case s.Pointer != "":
			b = append(b, `"pointer":`...)
			b = appendJSONString(b, s.Pointer)
		case s.Parameter != "":
			b = append(b, `"parameter":`...)
			b = appendJSONString(b, s.Parameter)
		default:
			b = append(b, `"header":`...)
			b = appendJSONString(b, s.Header)
		}
		b = append(b, '}')
	}
	if e.Kind == resource.Forbidden && e.Reason != "" {
		b = append(b, `,"meta":{"reason":`...)
		b = appendJSONString(b, e.Reason)
		if e.Model != "" {
			b = append(b, `,"model":`...)
			b = appendJSONString(b, e.Model)
		}
		if e.Rule != "" {
			b = append(b, `,"rule":`...)
			b = appendJSONString(b, e.Rule)
		}
		b = append(b, '}')
	}
	b = append(b, "}]}"...)
	h.send(w, code, b)
}

func appendJSONString(b []byte, s string) []byte { return resource.AppendString(b, s) }

// WriteError answers err as a JSON:API error document, with the status its
// kind maps to. Middleware in front of the handler (package middleware)
// answers the errors it detects itself (a panic, a request over a limit)
// through it, so that clients see one error format.
func (h *Handler) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, r, err)
}
