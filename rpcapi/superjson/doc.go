// Package superjson is the wire codec of ZenStack's RPC protocol: JSON
// bodies whose non-JSON values (Date, BigInt, Decimal, Bytes, JSON-null
// sentinels) are described by superjson's `meta` document.
//
// Encoding is streaming and reflection-free: a writer appends plain JSON
// and records, with Meta, the path and TypeAnnotation of every value a
// client must revive; Meta.AppendSerialization then writes the
// `meta.serialization` member. Decoding (DecodeMeta, Unmarshal) revives the
// annotated values of a request's arguments into Go values (time.Time,
// *big.Int, Decimal, []byte, NullSentinel), reading both the current and
// the legacy path encodings of superjson.
//
// The fixtures in testdata come from the real superjson package
// (testdata/gen), so both directions are checked against it.
package superjson
