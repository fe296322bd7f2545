// Package rpcapi serves the Prisma-style RPC API (wire-compatible with
// ZenStack's RPCApiHandler): /<model>/<op> endpoints whose arguments and
// results are JSON plus an optional superjson "meta" describing values JSON
// cannot carry (dates, bigints, decimals, bytes).
//
// Reads (findMany, findFirst, findUnique, count, aggregate, groupBy,
// exists) take their arguments from the q query parameter; writes (create,
// createMany, createManyAndReturn, upsert, update, updateMany,
// updateManyAndReturn, delete, deleteMany) from the body, or from q for
// DELETE; POST /$transaction/sequential runs a batch in one transaction.
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
