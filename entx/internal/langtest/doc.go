// Package langtest runs the parts of the policy language the blog schema
// does not use (collections, string functions, now(), post-update rules,
// deny field rules) against SQLite, through code generated from ./ent/schema.
// It holds tests only.
package langtest
