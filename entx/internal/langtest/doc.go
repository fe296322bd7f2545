// Package langtest runs the parts of the policy language the blog schema
// does not use (collections, string functions, now(), post-update rules,
// deny field rules), through code generated from ./ent/schema, on the
// database ENTSTACK_TEST_DB selects (SQLite by default, as for the
// integration suite). Package tenant, below, runs a multi-tenant schema.
// It holds tests only.
package langtest
