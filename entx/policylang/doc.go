// Package policylang is the access-policy language of entstack: ZModel's
// expressions, parsed (Parse), type-checked against an abstract schema
// (Check) that the entx generator derives from Ent's graph, and specialized
// per operation (Specialize). It is used at `go generate` time only; the
// generated code and the runtime package privacy never import it.
//
// The language (ZenStack v3's, with its policy plugin's functions):
//
//   - literals: strings, numbers, true, false, null, arrays [a, b]; enum
//     values by name (ADMIN);
//   - fields by Ent or API name (view_count, viewCount), to-one relation
//     paths (post.author.role), this (the rule's row, also inside
//     collection predicates), auth() and its fields and relations
//     (auth().organization.name, auth().memberships?[…]);
//   - == != < <= > >=, x in [a, b], x in listField, && || !, with
//     JavaScript's precedence; models compare by id;
//   - collection predicates rel?[…] (some), rel![…] (every), rel^[…]
//     (none), nestable, with an optional name for the element
//     (posts?[p, p.published && comments?[c, c.author == p.author]]);
//   - now(); future().field in update rules, before().field in
//     post-update rules;
//   - check(relation[, operation]): the related row passes its model's
//     rules for the operation (the rule's own by default);
//   - currentModel([casing]) and currentOperation([casing]): the model and
//     the operation the rule is evaluated for, as strings;
//   - contains, startsWith, endsWith (optional third argument: case-
//     insensitive) over strings; has, hasSome, hasEvery, isEmpty over list
//     fields.
//
// Check reports errors with their column and a hint when a name is close to
// a known one (an enum value in another case, a misspelt field or
// function); entx adds the schema and the rule, and `go generate` fails.
// What the compilers in entx cannot enforce in a given kind of rule is
// refused there, with the reason.
package policylang
