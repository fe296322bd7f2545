// Package privacy owns entstack's access policies, ZenStack style.
//
// Schema side: Allow and Deny declare rules as plain annotations, on a
// model (Annotations) or on a field (.Annotations(...)); the rule language
// is parsed (Parse) and type-checked (Check) against an abstract description
// of the schema (Schema), which the entx code generator fills from Ent's
// graph, so that a bad rule fails `go generate` with its position.
//
// Runtime side: the auth context (WithUser, User, Bypass), the denial error
// (*Error, which wraps Ent's privacy.Deny and implements
// resource.PolicyError) and the small predicate algebra (Cond) the generated
// policies are written in. Cond folds what is known in Go (auth() values,
// literals) before SQL is built, so an admin's read filter disappears and an
// anonymous one shrinks to `published = ?`.
//
// The package imports only Ent's runtime and resource: ent/schema imports it,
// and it must never import generated code (a fresh clone must generate).
package privacy
