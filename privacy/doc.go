// Package privacy owns entstack's access policies, ZenStack style: the
// schema-side rule annotations, the auth context, the denial error, and the
// predicate algebra the generated policies are written in.
//
// # Declaring rules
//
// Model rules go in a schema's Annotations, field rules in a field's
// Annotations; both are plain annotations (ent/schema imports nothing
// generated, so a fresh clone always generates):
//
//	func (Post) Annotations() []schema.Annotation {
//		return []schema.Annotation{
//			privacy.Allow("read", `published || auth() == author`),
//			privacy.Allow("create,update,delete", `auth() == author`),
//			privacy.Deny("update", `future().authorId != authorId`),
//			privacy.Allow("all", `auth().role == ADMIN`),
//		}
//	}
//
//	field.String("email").Annotations(privacy.Allow("read", `auth() == this`))
//
// Operations: create, read, update, delete, post-update, all (all is the
// first four). Field rules take read and update.
//
// # The language
//
// Rules are written in ZModel's expression language. Its parser and type
// checker are package entx/policylang, used by the generator only: a bad
// rule fails `go generate` with the schema, the rule and the column, and
// the runtime never parses a rule.
//
// # Semantics
//
//   - Deny wins; an operation with no true allow rule is denied; once any
//     model has rules, a model without rules is denied everything.
//   - Field rules are default-allow: a deny rule that holds, or allow rules
//     none of which holds, hides the field (read) or rejects the whole
//     mutation that touches it (update).
//   - Null: auth() is null when anonymous. Only the literal null tests for
//     null (auth() == null, name != null). A value that is null at run time
//     equals nothing and differs from everything, so `auth() == author` is
//     false for an anonymous viewer even when author is null. A nullable
//     column != value also holds when the column is null.
//   - Models compare by id: auth() == author is author_id = :auth.id.
//   - future().x in an update rule is the value the mutation writes, or the
//     current column when it leaves x alone; post-update rules are the same
//     with the roles swapped (plain fields are the new values, before().x
//     the current ones). Both compile to a pre-write predicate when the new
//     values are own fields, so a bulk update skips the rows, a single-row
//     one is rejected, nothing is written. A deny or post-update rule that
//     needs the written row (a new value through a relation, a collection
//     in a post-update rule) is checked after the write, in the caller's
//     transaction, which the denial makes it roll back; updates of such a
//     model must run in a transaction. Values before the write must then be
//     own fields.
//   - Create rules see the mutation's values after defaults; rows the new
//     row references through its own foreign keys (Comment's post) are
//     looked up under bypass, in the mutation's transaction.
//
// # Runtime
//
// The viewer (auth()) is a *Viewer on the request's context, set with the
// helpers generated for the auth model: ent.WithViewerID(ctx, id) from a
// verified token, ent.WithViewer(ctx, *ent.User) with an entity at hand.
// Rules that need only auth()'s id cost no query; the entity is loaded
// under bypass, at most once per request, when a rule reads more of it.
// A viewer of the wrong type fails every policy, never makes the request
// anonymous. Bypass is Ent's DecisionContext(ctx, privacy.Allow) and skips
// every policy: the one spelling of trusted work. Denials are
// *Error, which wraps Ent's privacy.Deny and implements
// resource.PolicyError. Cond folds what Go knows (auth() values, literals)
// before SQL is built, so an admin's read filter disappears and an
// anonymous one shrinks to `published = ?`.
//
// # Enforcement
//
// The generated policy of an entity (ent/<type>_policy.go) holds only its
// compiled rules and the typed calls Ent offers per entity; it implements
// Rules. The enforcement is this package's, generic over the viewer and
// mutation types and tested here with fakes: Hook (the mutation hook:
// create rules, the guard of updates and deletes, the update rule of the
// rows a mutation links or unlinks, post-update checks after the write,
// masking), Filter and Masker (the query interceptors), and the scopes the
// API runtime asks for (ReadScope, ReadTerms, WriteScope, FieldScope).
//
// The package imports only Ent's runtime and resource.
package privacy
