package restapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/entstack/entstack/resource"
)

// Error codes of the JSON:API flavour: the vocabulary of ZenStack's REST
// handler, so that a client written against it recognises every error.
// errors[].code is one of these; the runtime's finer code (unknown-field,
// missing-value, unique-violation…) is in meta.errorCode when it differs.
const (
	CodeUnsupportedModel        = "unsupported-model"        // unknown resource type
	CodeUnsupportedRelationship = "unsupported-relationship" // unknown relationship in a path, include or body
	CodeInvalidPath             = "invalid-path"             // a path that names no endpoint
	CodeInvalidVerb             = "invalid-verb"             // a method the endpoint does not serve
	CodeNotFound                = "not-found"                // no such row (or not readable by the viewer)
	CodeInvalidID               = "invalid-id"               // an id in the URL that cannot name a row of the type
	CodeInvalidPayload          = "invalid-payload"          // the body is not a valid request document
	CodeInvalidRelationData     = "invalid-relation-data"    // a relationship member of the body is malformed
	CodeInvalidRelation         = "invalid-relation"         // linkage of another type than the relationship's
	CodeInvalidFilter           = "invalid-filter"           // filter[…]: unknown field or operator, bad path
	CodeInvalidSort             = "invalid-sort"             // sort: unknown or unsortable key
	CodeInvalidValue            = "invalid-value"            // a query value of the wrong type, a bad page or include
	CodeDuplicatedFields        = "duplicated-fields-parameter"
	CodeForbidden               = "forbidden"        // denied by an access policy or the API's rules
	CodeValidation              = "validation-error" // attributes that fail validation (422)
	CodeQueryError              = "query-error"      // the database refused the change (unique, foreign key)
	CodeUnknownError            = "unknown-error"    // a bug, or a request cancelled or timed out
)

// titles are ZenStack's, stable per code.
var titles = map[string]string{
	CodeUnsupportedModel:        "Unsupported model type",
	CodeUnsupportedRelationship: "Unsupported relationship",
	CodeInvalidPath:             "The request path is invalid",
	CodeInvalidVerb:             "The HTTP verb is not supported",
	CodeNotFound:                "Resource not found",
	CodeInvalidID:               "Resource ID is invalid",
	CodeInvalidPayload:          "Invalid payload",
	CodeInvalidRelationData:     "Invalid relation data",
	CodeInvalidRelation:         "Invalid relation",
	CodeInvalidFilter:           "Invalid filter",
	CodeInvalidSort:             "Invalid sort",
	CodeInvalidValue:            "Invalid value for type",
	CodeDuplicatedFields:        "Fields Parameter Duplicated",
	CodeForbidden:               "Operation is forbidden",
	CodeValidation:              "Operation is unprocessable due to validation errors",
	CodeQueryError:              "Error occurred while executing the query",
	CodeUnknownError:            "Unknown error",
}

// restError maps an error of the runtime's taxonomy to its HTTP status and
// REST code. Statuses are JSON:API's where it requires one (409 for
// conflicts, 415, 406, 413, 405 with Allow) and ZenStack's elsewhere (422
// for attributes that fail validation, 400 for a malformed path or id).
func restError(e *resource.Error) (int, string) {
	switch e.Kind {
	case resource.Invalid:
		return invalidCode(e)
	case resource.NotFound:
		switch e.Code {
		case resource.CodeUnknownType:
			return http.StatusNotFound, CodeUnsupportedModel
		case resource.CodeUnknownRelation:
			return http.StatusNotFound, CodeUnsupportedRelationship
		}
		return http.StatusNotFound, CodeNotFound
	case resource.Forbidden:
		return http.StatusForbidden, CodeForbidden
	case resource.Conflict:
		switch e.Code {
		case resource.CodeUniqueViolation, resource.CodeConstraint:
			return http.StatusConflict, CodeQueryError
		case CodeInvalidRelation:
			return http.StatusConflict, CodeInvalidRelation
		}
		return http.StatusConflict, CodeInvalidPayload // a type or id that is not the endpoint's
	case resource.TooLarge:
		return http.StatusRequestEntityTooLarge, CodeInvalidPayload
	case resource.Unsupported:
		return http.StatusUnsupportedMediaType, CodeInvalidPayload
	case resource.NotAcceptable:
		return http.StatusNotAcceptable, CodeInvalidValue
	case resource.BadMethod:
		return http.StatusMethodNotAllowed, CodeInvalidVerb
	case resource.Unavailable:
		return http.StatusServiceUnavailable, CodeUnknownError
	case resource.URITooLong:
		return http.StatusRequestURITooLong, CodeInvalidValue // the query string
	}
	return http.StatusInternalServerError, CodeUnknownError
}

// invalidCode maps bad input by what was at fault: the handler's own codes
// pass through; query parameters by family; body members by where they
// are (attributes fail validation, relationships carry bad data, the rest
// is a malformed document).
func invalidCode(e *resource.Error) (int, string) {
	switch e.Code {
	case CodeInvalidPath, CodeInvalidVerb, CodeInvalidID, CodeDuplicatedFields, CodeInvalidPayload:
		return http.StatusBadRequest, e.Code
	case resource.CodeMissingValue:
		return http.StatusUnprocessableEntity, CodeValidation
	case resource.CodeUnknownRelation:
		return http.StatusBadRequest, CodeUnsupportedRelationship
	case resource.CodeUnknownType:
		return http.StatusBadRequest, CodeUnsupportedModel
	}
	if p := e.Source.Parameter; p != "" {
		family, _, _ := strings.Cut(p, "[")
		switch {
		case family == "filter" && e.Code != resource.CodeInvalidValue:
			return http.StatusBadRequest, CodeInvalidFilter
		case family == "sort":
			return http.StatusBadRequest, CodeInvalidSort
		}
		return http.StatusBadRequest, CodeInvalidValue
	}
	switch ptr := e.Source.Pointer; {
	case e.Code == resource.CodeInvalidDocument && under(ptr, "/data/relationships"):
		return http.StatusBadRequest, CodeInvalidRelationData
	case e.Code == resource.CodeInvalidDocument:
		return http.StatusBadRequest, CodeInvalidPayload
	case under(ptr, "/data/attributes"):
		return http.StatusUnprocessableEntity, CodeValidation
	case under(ptr, "/data/relationships"):
		return http.StatusBadRequest, CodeInvalidRelationData
	case ptr != "":
		return http.StatusBadRequest, CodeInvalidPayload
	}
	switch {
	case e.Code == resource.CodeInvalidParameter:
		return http.StatusBadRequest, CodeInvalidValue // the query string as a whole
	case e.Err != nil:
		// A write the database's validators refused, at no member we know.
		return http.StatusUnprocessableEntity, CodeValidation
	}
	return http.StatusBadRequest, CodeInvalidPayload
}

// under reports whether the JSON pointer ptr is prefix or inside it.
func under(ptr, prefix string) bool {
	return ptr == prefix || strings.HasPrefix(ptr, prefix+"/")
}

// writeError renders err as a JSON:API error document. Details JSON:API
// has no member for go to the error object's meta: the runtime's finer
// code, and the policy's reason, model and rule.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := h.reg.Classify(err)
	status, code := restError(e)
	if e.Kind == resource.Internal {
		slog.ErrorContext(r.Context(), "restapi: internal error", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"jsonapi":{"version":"1.1"},"errors":[{"status":"`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `","code":`...)
	b = appendJSONString(b, code)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, titles[code])
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
	b = appendErrorMeta(b, e, code)
	b = append(b, "}]}"...)
	h.send(w, status, b)
}

// sameMeaning pairs the runtime's codes with the REST codes that say the
// same: meta.errorCode would add nothing.
var sameMeaning = map[string]bool{
	resource.CodeUnknownType + " " + CodeUnsupportedModel:            true,
	resource.CodeUnknownRelation + " " + CodeUnsupportedRelationship: true,
}

// appendErrorMeta appends the meta member of an error object, if it has
// anything to say.
func appendErrorMeta(b []byte, e *resource.Error, code string) []byte {
	n := 0
	member := func(name, value string) {
		if n == 0 {
			b = append(b, `,"meta":{`...)
		} else {
			b = append(b, ',')
		}
		n++
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
		b = appendJSONString(b, value)
	}
	if e.Code != code && e.Code != "" && e.Kind != resource.Internal && !sameMeaning[e.Code+" "+code] {
		member("errorCode", e.Code)
	}
	if e.Kind == resource.Forbidden && e.Reason != "" {
		member("reason", e.Reason)
		if e.Model != "" {
			member("model", e.Model)
		}
		if e.Rule != "" {
			member("rule", e.Rule)
		}
	}
	if n > 0 {
		b = append(b, '}')
	}
	return b
}

// notFound is the 404 of a row the URL names that does not exist (or that
// the viewer cannot read).
func notFound(m *resource.Model, rawID string) *resource.Error {
	return resource.Errorf(resource.NotFound, resource.CodeNotFound, "%s %q not found", m.Type(), rawID)
}

// invalidID is the 400 of an id in the URL that cannot name a row of m (not
// a number where the ids are integers).
func invalidID(m *resource.Model, rawID string) *resource.Error {
	e := resource.Errorf(resource.Invalid, CodeInvalidID, "%q is not a valid %s id", rawID, m.Type())
	e.Title = titles[CodeInvalidID]
	return e
}

// WriteError answers err as a JSON:API error document, with the status and
// code its kind maps to. Middleware in front of the handler (package
// middleware) answers the errors it detects itself (a panic, a request over
// a limit) through it, so that clients see one error format.
func (h *Handler) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, r, err)
}

// Title returns the title of a REST error code (Code…), for middleware that
// answers in the handler's format.
func Title(code string) string { return titles[code] }

func appendJSONString(b []byte, s string) []byte { return resource.AppendString(b, s) }
