// Package portability holds tests, no code: each pins down, on SQLite,
// PostgreSQL and MySQL/MariaDB for real, a behaviour in which the three
// differ and that the query layer must handle (case-sensitive LIKE, NULL
// ordering, window functions, booleans, times, constraint errors), together
// with the SQL that gives the same answer on all three. A failure here means
// a database or driver changed under the query layer.
package portability
