// Package zoo checks entstack against Ent schemas it was not written for:
// a zoo of its own schemas (schema/*), each covering kinds of ids, field
// types, edge shapes, edge schemas, reserved names and Ent's own privacy
// and hooks, and, on demand, the example and integration schemas of Ent
// itself (entexamples).
//
// Each schema is copied into a fresh module that requires entstack through
// a replace directive, as a user's project does; go generate runs the Ent
// generator with the entstack extension there, the result is built, and
// the probe (zoo/probe) exercises every model of the generated registry
// over HTTP. Any 5xx fails.
package zoo
