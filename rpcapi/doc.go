// Package rpcapi serves the Prisma-style RPC API (wire-compatible with
// ZenStack's RPCApiHandler): /<model>/<op> endpoints whose arguments and
// results are JSON plus an optional superjson "meta" describing values JSON
// cannot carry (dates, bigints, decimals, bytes).
//
// Reads (findMany, findFirst, findUnique, count, aggregate, groupBy,
// exists) take their arguments from the q query parameter; writes (create,
// createMany, createManyAndReturn, upsert, update, updateMany,
// updateManyAndReturn) from the body; delete and deleteMany from q only
// (a DELETE with a body is a 400: ZenStack's handler ignores the body,
// which would run a deleteMany without its where). POST
// /$transaction/sequential runs a batch in one transaction.
//
// Arguments are decoded strictly (decode.go): an object that names a
// member twice is a 400, and the members of orderBy objects keep their
// order, by which Prisma sorts. Every filter and sort a request parses is
// charged to its share of the registry's resource.Limits before anything
// runs (422 past a limit).
//
// The package owns no query machinery: where, orderBy, include and select
// are parsed into the flavour-neutral resource.Plan and resource.Filter
// that the JSON:API flavour uses too, and executed by resource.Find,
// resource.Aggregate, resource.GroupBy and resource.CountRelated; writes
// are resource.Write executed in one transaction. Rows are written as
// Prisma-shaped JSON without reflection (resource.Row), fields hidden by
// field-level read rules omitted.
//
//	mux.Handle("/api/rpc/", http.StripPrefix("/api/rpc", rpcapi.New(client.Resources(), rpcapi.Options{})))
package rpcapi
