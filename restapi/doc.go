// Package restapi serves the models of a resource.Registry as a JSON:API
// v1.1 REST API: routing, query-parameter parsing into resource plans,
// request documents, response documents and error objects. Handler is a
// net/http handler (package ginadapter mounts it on a gin router).
//
// The handler is a drop-in for ZenStack v3's REST handler (the functional
// spec): a behaviour the seed shows or ZenStack's clients rely on is kept;
// JSON:API 1.1 wins where it adds strictness no ZenStack client trips over:
// ids are strings, errors carry string statuses, unknown query parameters
// are rejected, type and id mismatches are 409.
//
// # Changed for the seed and ZenStack compatibility
//
//   - An update body may leave data.id out (the seed's own example); a given
//     one must still match the URL (409).
//   - errors[].code and title are ZenStack's REST vocabulary (Code…); the
//     runtime's finer code moved to meta.errorCode. Attributes that fail
//     validation are 422 (was 400); an unparsable URL id and a path that
//     names no endpoint are 400 (was 404); POST or DELETE on a to-one
//     relationship is 400 invalid-verb (was 403).
//   - page[limit] over the maximum is clamped (was 400); sort by a to-one
//     relationship sorts by the related id (was 400).
//   - To-one relationships always carry linkage (user.profile too).
//   - New, from ZenStack v3: upsert through meta.operation, nested routes,
//     external ids, always-present to-many linkage (options).
//
// Different from ZenStack on purpose: 409 for unique violations (ZenStack:
// 400; the code, query-error, is the same), 204 for DELETE (ZenStack: 200
// with {"meta":{}}), 200 for an upsert that updated (ZenStack: 201 for
// both), invalid-id for an unparsable id (ZenStack: invalid-value),
// canonical links.self on nested routes, an external id's attribute kept
// among the attributes.
//
// # Reads
//
// page[offset] and page[limit] page every collection (default and maximum
// Options.PageSize, 100); a page[limit] above Options.MaxPageSize is
// clamped to it, as ZenStack does, and the pagination links carry the limit
// applied. sort takes attributes, dotted paths through to-one
// relationships (author.name) and, as in ZenStack, a to-one relationship
// itself, which sorts by the related id (sort=-author); a to-many
// relationship or an unknown key is a 400 (JA-SORT-03).
//
// # Linkage
//
// Every relationship object has links (self and related). A to-one
// relationship always carries data, null or an identifier, on both sides of
// a one-to-one: the owning side (post.author) reads it from the foreign key
// of its row, the other side (user.profile) from one query per page of rows
// (batch.go), never one per row. A to-many relationship carries data when it
// is included (full linkage, JA-INC-08), or on every resource object with
// Options.ToManyLinkage, ZenStack v3's behaviour: the ids of all the related
// rows the viewer may read, one query per relationship and page. A
// relationship a sparse fieldset leaves out is not shown (JA-FLD-02), and a
// to-one whose foreign key a field rule hides from the viewer carries no
// data. The same holds for included resources and for the answers of
// writes.
//
// # Writes
//
// Request bodies are parsed into a resource.Write (body.go) and executed
// atomically by the registry: in one transaction, or alone when the write
// is a single statement; nothing is left behind by a failed request
// (JA-CRUD-01). Statuses:
//
//	POST /:type                       201, the created resource, Location = its links.self (JA-CRT-04/05)
//	POST /:type with meta {"operation": "upsert", "matchFields": [...]}
//	                                  ZenStack v3's upsert: the match fields must form a unique field
//	                                  set (the id or a unique attribute; 400 otherwise); the row whose
//	                                  match fields equal the body's is updated with the rest (200, to-manys
//	                                  replaced), or created from the whole body (201, to-manys connected);
//	                                  one transaction, the policies of update or create apply
//	PATCH or PUT /:type/:id           200, the updated resource; both are partial (JA-UPD-02/03/06);
//	                                  the body's data.id may be left out (the URL names the row, as in
//	                                  the seed's example); one that is given must match (409)
//	DELETE /:type/:id                 204 without a body; 404 when missing (JA-DEL-01/03). Whether the
//	                                  row is deleted is the delete rules' call (ZenStack v3): one the
//	                                  viewer may delete but not read is deleted and answered 403
//	                                  cannot-read-back (meta.reason), as ZenStack does; one it may
//	                                  neither delete nor read is 404 (nothing deleted); one it reads
//	                                  but may not delete is 403 naming the rule (ZenStack: 404)
//	PATCH|POST|DELETE …/relationships/:rel
//	                                  200 with the resulting linkage, as GET on the URL returns it (JA-REL-06)
//
// include and fields[…] shape the answers of POST, PATCH and the
// relationship endpoints as they shape GET.
//
// # Options from ZenStack v3
//
// Options.NestedRoutes serves ZenStack's nested routes (nested.go): GET,
// PATCH, PUT and DELETE /user/1/posts/5 address post 5 as a member of user
// 1's posts (404 when it is not one), POST /user/1/posts creates a post of
// user 1 (the body may not set its author), PATCH /user/1/profile updates
// user 1's profile. Resource objects keep their canonical self links
// (/post/5); the document's self is the nested URL.
//
// Options.ExternalIDs addresses a model by a unique attribute instead of its
// id (ZenStack's externalIdMapping, ids.go): with {"tag": "name"}, /tag/go,
// "id": "go" in resource objects and linkage, "go" in request linkage,
// filter[tags]=go and filter[id]=go. The attribute stays an attribute
// (ZenStack moves it to the id and shows the real id as an "id" attribute,
// which JSON:API forbids). Writes resolve an external id with one query, as
// the viewer reads. Options.ToManyLinkage is described under Linkage.
//
// # Errors
//
// Every error is a JSON:API error object with a string status, a code from
// ZenStack's REST vocabulary (the Code… constants, so that a client written
// against ZenStack's handler recognises it), that code's title, a detail,
// and a source: pointer into the body, parameter of the query, or header.
// The runtime's finer code (unknown-field, missing-value, unique-violation…)
// is in meta.errorCode when it says more; policy denials carry meta.reason,
// model and rule. Statuses are JSON:API's where it requires one (409, 415,
// 406, 413, 405) and ZenStack's elsewhere:
//
//   - 400 invalid-payload: malformed JSON or a body that is not an object
//     ("/"), no data ("/"), no type ("/data"), a member given twice.
//   - 400 invalid-relation-data: a relationship without data or with data of
//     the wrong shape, a foreign-key attribute and its relationship naming
//     different rows, clearing a required to-one (at the relationship).
//   - 400 unsupported-relationship: an unknown relationship in the body or
//     in include (404 in the path); unsupported-model for an unknown type
//     in fields[…] (404 in the path).
//   - 400 invalid-filter, invalid-sort, invalid-value (a filter value of the
//     wrong type, page, include depth, unknown query parameters),
//     duplicated-fields-parameter, at source.parameter.
//   - 400 invalid-path for a path that names no endpoint, invalid-id for an
//     id in the URL that cannot be one of the type ("abc" for an integer
//     id; ZenStack answers 400 too), invalid-verb for POST or DELETE on a
//     to-one relationship (nothing is forbidden: the verb does not apply).
//   - 422 validation-error: an unknown attribute, a value of the wrong JSON
//     type, an invalid enum value, a database validator's refusal, a missing
//     required attribute or relationship (at the attribute, or at
//     "/data/attributes" or "/data"), as ZenStack answers input its ORM
//     refuses.
//   - 403 forbidden: an access policy's denial; a client-generated id where
//     the model does not allow one (JA-CRT-03, meta.reason "client-id");
//     writing a read-only member or an immutable one on update (JA-UPD-08,
//     meta.reason "read-only"); removing members from, or replacing, a
//     to-many whose members each need their parent, such as user.posts
//     (JA-REL-03/05, JA-UPD-05).
//   - 404 not-found: the resource of the URL, or a related row named in the
//     body that does not exist (JA-CRT-09, JA-UPD-09), at the member that
//     named it.
//   - 409: a type that is not the endpoint's (JA-CRT-11/12, "/data/type") or
//     an id that is not the URL's (JA-UPD-11, "/data/id"): invalid-payload;
//     a linkage whose type is not the relationship's: invalid-relation; a
//     taken client-generated id (JA-CRT-10), a unique violation at the
//     attribute (JA-UPD-10) and other constraint failures: query-error
//     (ZenStack answers those 400).
//   - 413 (invalid-payload) over Options.MaxBodyBytes; 415 (invalid-payload)
//     and 406 (invalid-value) from content negotiation (JA-CN-04..07):
//     bodies may be application/vnd.api+json (ext and profile parameters
//     only) or application/json (JA-CN-11); a missing Content-Type is
//     accepted.
//   - 405 invalid-verb with an Allow header for a method an endpoint does
//     not serve.
//   - 500 unknown-error for a bug (the cause is logged, not sent); 503
//     unknown-error for a request cancelled or timed out.
package restapi
