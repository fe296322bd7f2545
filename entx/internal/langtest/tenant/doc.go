// Package tenant runs the multi-tenant rules of ./ent/schema (relations of
// auth(), check(), enum comparisons, list functions, currentOperation())
// for a matrix of viewers, on the database ENTSTACK_TEST_DB selects
// (SQLite by default; postgres and mysql with ENTSTACK_TEST_POSTGRES and
// ENTSTACK_TEST_MYSQL set, as for the integration suite). It holds tests
// only.
package tenant
