package restapi

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/entstack/entstack/resource"
)

// TestRestError: every error of the runtime's taxonomy maps to ZenStack's
// REST code, with JSON:API's status where it requires one.
func TestRestError(t *testing.T) {
	param := func(code, p string) *resource.Error {
		return resource.Errorf(resource.Invalid, code, "x").AtParameter(p)
	}
	ptr := func(kind resource.ErrorKind, code, p string) *resource.Error {
		return resource.Errorf(kind, code, "x").AtPointer(p)
	}
	tests := []struct {
		name   string
		err    *resource.Error
		status int
		code   string
	}{
		{"unknown type in the path", resource.Errorf(resource.NotFound, resource.CodeUnknownType, "x"), 404, CodeUnsupportedModel},
		{"unknown relationship in the path", resource.Errorf(resource.NotFound, resource.CodeUnknownRelation, "x"), 404, CodeUnsupportedRelationship},
		{"missing row", resource.Errorf(resource.NotFound, resource.CodeNotFound, "x"), 404, CodeNotFound},
		{"path", resource.Errorf(resource.Invalid, CodeInvalidPath, "x"), 400, CodeInvalidPath},
		{"id in the URL", resource.Errorf(resource.Invalid, CodeInvalidID, "x"), 400, CodeInvalidID},
		{"verb on a to-one", resource.Errorf(resource.Invalid, CodeInvalidVerb, "x"), 400, CodeInvalidVerb},
		{"method", resource.Errorf(resource.BadMethod, resource.CodeMethod, "x"), 405, CodeInvalidVerb},
		{"filter: unknown field", param(resource.CodeInvalidParameter, "filter[nope]"), 400, CodeInvalidFilter},
		{"filter: operator", param(resource.CodeUnknownOperator, "filter[title$x]"), 400, CodeInvalidFilter},
		{"filter: value", param(resource.CodeInvalidValue, "filter[viewCount]"), 400, CodeInvalidValue},
		{"sort", param(resource.CodeInvalidParameter, "sort"), 400, CodeInvalidSort},
		{"include: unknown relationship", param(resource.CodeUnknownRelation, "include"), 400, CodeUnsupportedRelationship},
		{"include: too deep", param(resource.CodeInvalidParameter, "include"), 400, CodeInvalidValue},
		{"fields: unknown type", param(resource.CodeUnknownType, "fields[nope]"), 400, CodeUnsupportedModel},
		{"fields: duplicated", param(CodeDuplicatedFields, "fields[post]"), 400, CodeDuplicatedFields},
		{"page", param(resource.CodeInvalidParameter, "page[offset]"), 400, CodeInvalidValue},
		{"unknown parameter", param(resource.CodeInvalidParameter, "foo"), 400, CodeInvalidValue},
		{"malformed query string", resource.Errorf(resource.Invalid, resource.CodeInvalidParameter, "x"), 400, CodeInvalidValue},
		{"unreadable body", resource.Errorf(resource.Invalid, resource.CodeInvalidDocument, "x"), 400, CodeInvalidPayload},
		{"query string too long", resource.Errorf(resource.URITooLong, resource.CodeLimit, "x"), 414, CodeInvalidValue},
		{"malformed body", ptr(resource.Invalid, resource.CodeInvalidDocument, "/"), 400, CodeInvalidPayload},
		{"no type", ptr(resource.Invalid, resource.CodeInvalidDocument, "/data"), 400, CodeInvalidPayload},
		{"relationship endpoint linkage", ptr(resource.Invalid, resource.CodeInvalidDocument, "/data/0"), 400, CodeInvalidPayload},
		{"unknown attribute", ptr(resource.Invalid, resource.CodeUnknownField, "/data/attributes/nope"), 422, CodeValidation},
		{"attribute value", ptr(resource.Invalid, resource.CodeInvalidValue, "/data/attributes/title"), 422, CodeValidation},
		{"required attribute", ptr(resource.Invalid, resource.CodeMissingValue, "/data"), 422, CodeValidation},
		{"unknown relationship in the body", ptr(resource.Invalid, resource.CodeUnknownRelation, "/data/relationships/nope"), 400, CodeUnsupportedRelationship},
		{"attributes not an object", ptr(resource.Invalid, resource.CodeInvalidDocument, "/data/attributes"), 400, CodeInvalidPayload},
		{"attribute given twice", ptr(resource.Invalid, resource.CodeInvalidDocument, "/data/attributes/title"), 400, CodeInvalidPayload},
		{"relationship data", ptr(resource.Invalid, resource.CodeInvalidDocument, "/data/relationships/tags/data"), 400, CodeInvalidRelationData},
		{"clearing a required to-one", ptr(resource.Invalid, resource.CodeInvalidValue, "/data/relationships/author"), 400, CodeInvalidRelationData},
		{"bad input at no member", resource.Errorf(resource.Invalid, resource.CodeLimit, "x"), 400, CodeInvalidPayload},
		{"validator at no member", &resource.Error{Kind: resource.Invalid, Code: resource.CodeInvalidValue, Err: errors.New("ent")}, 422, CodeValidation},
		{"type mismatch", ptr(resource.Conflict, resource.CodeConflict, "/data/type"), 409, CodeInvalidPayload},
		{"linkage of another type", ptr(resource.Conflict, CodeInvalidRelation, "/data/0/type"), 409, CodeInvalidRelation},
		{"unique violation", ptr(resource.Conflict, resource.CodeUniqueViolation, "/data/attributes/name"), 409, CodeQueryError},
		{"foreign key", resource.Errorf(resource.Conflict, resource.CodeConstraint, "x"), 409, CodeQueryError},
		{"policy", resource.Errorf(resource.Forbidden, resource.CodeForbidden, "x"), 403, CodeForbidden},
		{"body too large", resource.Errorf(resource.TooLarge, resource.CodeTooLarge, "x"), 413, CodeInvalidPayload},
		{"media type", resource.Errorf(resource.Unsupported, resource.CodeMediaType, "x"), 415, CodeInvalidPayload},
		{"accept", resource.Errorf(resource.NotAcceptable, resource.CodeNotAcceptable, "x"), 406, CodeInvalidValue},
		{"cancelled", resource.Errorf(resource.Unavailable, resource.CodeCanceled, "x"), 503, CodeUnknownError},
		{"bug", &resource.Error{Kind: resource.Internal, Code: resource.CodeInternal}, 500, CodeUnknownError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, code := restError(tc.err)
			if status != tc.status || code != tc.code {
				t.Errorf("got %d %s, want %d %s", status, code, tc.status, tc.code)
			}
			if titles[code] == "" {
				t.Errorf("code %s has no title", code)
			}
		})
	}
}

// TestErrorDocument: the REST code and its title, the runtime's finer code
// in meta.errorCode when it says more, policy details in meta.
func TestErrorDocument(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"finer code in meta", resource.Errorf(resource.Invalid, resource.CodeUnknownField, "post has no attribute \"x\"").AtPointer("/data/attributes/x"),
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"422","code":"validation-error","title":"Operation is unprocessable due to validation errors","detail":"post has no attribute \"x\"","source":{"pointer":"/data/attributes/x"},"meta":{"errorCode":"unknown-field"}}]}`},
		{"equivalent code: no meta", resource.Errorf(resource.NotFound, resource.CodeUnknownType, "unknown resource type \"x\""),
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"404","code":"unsupported-model","title":"Unsupported model type","detail":"unknown resource type \"x\""}]}`},
		{"same code: no meta", resource.Errorf(resource.NotFound, resource.CodeNotFound, "post \"9\" not found"),
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"404","code":"not-found","title":"Resource not found","detail":"post \"9\" not found"}]}`},
		{"policy", &resource.Error{Kind: resource.Forbidden, Code: resource.CodeForbidden, Detail: "denied", Reason: resource.ReasonNoAccess, Model: "Post", Rule: "r"},
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"403","code":"forbidden","title":"Operation is forbidden","detail":"denied","meta":{"reason":"no-access","model":"Post","rule":"r"}}]}`},
		{"internal: no detail, no cause", errors.New("boom"),
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"500","code":"unknown-error","title":"Unknown error","detail":"the server failed to process the request"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.writeError(rec, httptest.NewRequest("GET", "/post", nil), tc.err)
			if got := rec.Body.String(); got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}
