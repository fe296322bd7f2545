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
// Rules are written in ZModel's expression language (ZenStack v3's, with
// its policy plugin's functions):
//
//   - literals (strings, numbers, true, false, null, [lists]) and enum
//     values by name (ADMIN);
//   - fields by Ent or API name, to-one relation paths (post.author.role),
//     this, auth() with its fields and relations (auth().role,
//     auth().organization.plan, auth().memberships?[…]); models compare by
//     id (auth() == author, organization == auth().organization);
//   - == != < <= > >=, && || !, x in [a, b], x in listField;
//   - collection predicates over to-many relations, of the row or of
//     auth(): rel?[…] (some), rel![…] (every), rel^[…] (none), nestable,
//     with this for the rule's row and an optional name for the element
//     (posts?[p, p.published && comments?[c, c.author == p.author]]);
//   - check(relation[, op]): the related row passes its model's rules for
//     op (the rule's operation by default), e.g. Task's
//     allow("read", `check(project)`);
//   - currentModel([casing]), currentOperation([casing]) (casing: original,
//     upper, lower, capitalize, uncapitalize): constants of the rule, so
//     allow("all", `… && currentOperation() != 'delete'`) folds away;
//   - contains, startsWith, endsWith (third argument: case-insensitive);
//     has, hasSome, hasEvery, isEmpty over list fields (field.Strings,
//     field.Ints, JSON lists) and lists of auth();
//   - now(); future().x in update rules, before().x in post-update rules.
//
// Its parser and type checker are package entx/policylang, used by the
// generator only: a bad rule fails `go generate` with the schema, the
// rule, the column and a hint (a misspelt name, an enum value in another
// case, how to name the auth model), and the runtime never parses a rule.
//
// The compilers in entx turn rules into Cond expressions over the rows
// (read, update, delete, post-update, field update rules, and filters on
// read-guarded fields) and into Go (create rules, over the mutation; field
// read rules, over each loaded row). In SQL, auth()'s relations are
// sub-selects of the auth model's tables keyed by the viewer's id
// (Exists), check() inlines the related model's rules through the
// relation, and this inside a collection predicate correlates the
// sub-select with the row (Correlate). Create rules run what Go cannot
// decide (a collection predicate or check() over a relation the new row
// references, auth()'s relations) as one memoized query each (Lazy). What
// is refused, at generate time, with the reason:
//   - create rules may only follow relations whose foreign key is on the
//     new row (the row does not exist yet);
//   - field read rules may use the row's own fields and auth()'s fields
//     only: they run in Go on every loaded row, and a relation would cost
//     a query per row;
//   - check() on a to-many relation (use a collection predicate), check()
//     loops (a model's rules reaching themselves), check() without an
//     operation in a post-update rule;
//   - comparing fields reached through relations of two different rows
//     (author.orgId == project.orgId), and has(listColumn, column);
//   - allow update rules that only the written row decides.
//
// # Semantics
//
//   - Deny wins; an operation with no true allow rule is denied; once any
//     model has rules, a model without rules is denied everything.
//   - Field rules are default-allow: a deny rule that holds, or allow rules
//     none of which holds, hides the field (read) or rejects the whole
//     mutation that touches it (update).
//   - Null: auth() is null when anonymous, and so is everything reached
//     from it. Only the literal null tests for null (auth() == null,
//     name != null). A value that is null at run time equals nothing and
//     differs from everything, so `auth() == author` is false for an
//     anonymous viewer even when author is null. A nullable column != value
//     also holds when the column is null; !x holds when x compares a null
//     (Not is two-valued). A null list is an empty one. A relation that is
//     missing makes a comparison through it false.
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
// create rules, the guard of updates and deletes, the update rules of the
// rows a mutation links or unlinks — deny rules and future() included,
// seeing the change of their foreign key when the link is one (LinkKey) —,
// post-update checks after the write, masking), Filter and Masker (the query interceptors), and the scopes the
// API runtime asks for (ReadScope, ReadTerms, WriteScope, FieldScope).
//
// A single-row write of the APIs is a bulk update or delete narrowed to
// the row and marked as such (SingleRow, WriteRow): the guard goes into its
// one statement's WHERE, and only when it changes no row does the hook
// query again, to tell a row the viewer may not read (or a missing one:
// not found) from one a rule rejects (the rule, Blame). An update is
// decided by the update rules alone, as in ZenStack: a row the viewer may
// update but not read is written, and reading it back is the caller's
// (resource.ReadBack: cannot-read-back). A delete is decided by the
// delete rules alone the same way; the APIs, which answer a delete with
// the row (ZenStack reads it back), run it with resource.IfReadable: its
// one statement holds the read rule too, and a row the viewer may delete
// but not read fails with resource.ErrUnreadable, for resource.DeleteTx
// to delete it without and answer cannot-read-back.
//
// The package imports only Ent's runtime and resource.
package privacy
