// Package rpcapi serves the Prisma-style RPC API (wire-compatible with
// ZenStack's RPCApiHandler): /<model>/<op> endpoints whose arguments and
// results are JSON plus an optional superjson "meta" describing values JSON
// cannot carry (dates, bigints, decimals, bytes).
package rpcapi
