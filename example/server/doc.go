// Package server is the blog API of the example: the reference schema's
// generated Ent client served as JSON:API at /api/rest and as the
// Prisma-style RPC API at /api/rpc, behind JWT authentication. The example
// command runs it; the integration tests run it in-process on every database.
package server
