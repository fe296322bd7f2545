// Package policylang is the access-policy language of entstack: ZModel's
// expressions, parsed (Parse) and type-checked against an abstract schema
// (Check) that the entx generator derives from Ent's graph. It is used at
// `go generate` time only; the generated code and the runtime package
// privacy never import it.
//
// ZModel's expressions: literals (strings, numbers, true, false, null,
// arrays), enum values, fields by Ent or API name (view_count, viewCount),
// to-one relation paths (post.author.role), this, auth(), auth().field,
// == != < <= > >=, x in [a, b], && || !, collection predicates rel?[…] (some), rel![…]
// (every), rel^[…] (none), contains/startsWith/endsWith (optional third
// argument: case-insensitive), now(), future().field in update rules and
// before().field in post-update rules. has/hasSome/hasEvery/isEmpty are
// type-checked and need list fields (none are supported by the compiler
// yet). Check reports errors with their column; entx adds schema and rule,
// and `go generate` fails.
package policylang
