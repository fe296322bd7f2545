// Package integration holds the black-box HTTP tests of the example server:
// every documented request of the JSON:API and RPC flavours, the access
// policy matrix, load, benchmarks against hand-written handlers, and the
// published ZenStack client. Every test runs on the database
// ENTSTACK_TEST_DB selects (SQLite by default; make test runs the suite again
// on PostgreSQL and MariaDB when they are configured).
//
// Every test builds its server with newEnv and sends its requests with
// env.do, or its flavour shorthands env.rest and env.rpc (env_test.go,
// request_test.go); jsonapi_test.go and rpc_envelope_test.go hold the typed
// assertions of the two flavours' answers.
package integration
