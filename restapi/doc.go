// Package restapi serves the models of a resource.Registry as a JSON:API
// v1.1 REST API: routing, query-parameter parsing into resource plans,
// request documents, response documents and error objects. Handler is a
// net/http handler (package ginadapter mounts it on a gin router).
//
// Where ZenStack's RESTful handler (the functional spec) and JSON:API 1.1
// differ, JSON:API wins: ids are strings, errors carry string statuses, and
// unknown query parameters are rejected.
//
// # Writes
//
// Request bodies are parsed into a resource.Write (body.go) and executed in
// one transaction by the registry; nothing is left behind by a failed
// request (JA-CRUD-01). Statuses:
//
//	POST /:type                       201, the created resource, Location = its links.self (JA-CRT-04/05)
//	PATCH or PUT /:type/:id           200, the updated resource; both are partial (JA-UPD-02/03/06)
//	DELETE /:type/:id                 204 without a body; 404 when missing (JA-DEL-01/03)
//	PATCH|POST|DELETE …/relationships/:rel
//	                                  200 with the resulting linkage, as GET on the URL returns it (JA-REL-06)
//
// include and fields[…] shape the answers of POST, PATCH and the
// relationship endpoints as they shape GET.
//
// Errors point at the offending member with source.pointer:
//
//   - 400: malformed JSON or a body that is not an object ("/"), no data
//     ("/"), no type ("/data"), no id on update ("/data"), an unknown
//     attribute or relationship, a value of the wrong JSON type, an invalid
//     enum value, a missing required attribute or relationship ("/data/attributes"
//     or "/data"), a relationship without data, a foreign-key attribute and
//     its relationship naming different rows, clearing a required to-one.
//   - 403: a client-generated id where the model does not allow one
//     (JA-CRT-03, meta.reason "client-id"); writing a read-only member or an
//     immutable one on update (JA-UPD-08, meta.reason "read-only"); POST or
//     DELETE on a to-one relationship (JA-REL-07); removing members from, or
//     replacing, a to-many whose members each need their parent, such as
//     user.posts (JA-REL-03/05, JA-UPD-05).
//   - 404: the resource of the URL, or a related row named in the body that
//     does not exist (JA-CRT-09, JA-UPD-09), at the member that named it.
//   - 409: a type that is not the endpoint's (JA-CRT-11/12, "/data/type"), an
//     id that is not the URL's (JA-UPD-11, "/data/id"), a linkage whose type
//     is not the relationship's (at its type member, by analogy with
//     JA-CRT-11), a taken client-generated id (JA-CRT-10), a unique
//     violation at the attribute (JA-UPD-10), and other constraint failures.
//   - 413 over Options.MaxBodyBytes; 415 and 406 from content negotiation
//     (JA-CN-04..07): bodies may be application/vnd.api+json (ext and
//     profile parameters only) or application/json (JA-CN-11); a missing
//     Content-Type is accepted.
//   - 405 with an Allow header for a method an endpoint does not serve.
package restapi
