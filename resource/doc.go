// Package resource is the runtime contract between the code entx generates
// and the API handlers (restapi, rpcapi).
//
// It owns the metadata of a model (Model, Field, Edge), the small typed
// operations generated per entity (Ops, Query, Row, Mutation), the
// flavour-neutral query plan (a filter tree, sort orders, a page, an include
// tree and a field set), its compilation into predicates and orders on Ent's
// SQL builder, its execution through the generated Ent client, and the error
// taxonomy that both API flavours render in their own format.
//
// All data access goes through the generated client, never raw SQL, so the
// access policies compiled onto that client apply to every request.
package resource
