// Package integration holds the black-box HTTP tests of the example server:
// every documented request of the JSON:API and RPC flavours, the access
// policy matrix, and the same suite on SQLite, PostgreSQL and MariaDB when
// those are available.
package integration
