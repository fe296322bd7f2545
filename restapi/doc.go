// Package restapi serves the models of a resource.Registry as a JSON:API
// v1.1 REST API: routing, query-parameter parsing into resource plans,
// request documents, response documents and error objects. Handler is a
// net/http handler; Mount attaches it to a gin router.
//
// Where ZenStack's RESTful handler (the functional spec) and JSON:API 1.1
// differ, JSON:API wins: ids are strings, errors carry string statuses, and
// unknown query parameters are rejected.
package restapi
