// Package ent is the schema of TestCreateAnswerIsStoredRow: Event, whose
// columns all store their Go values exactly on PostgreSQL (times once
// truncated to microseconds), and Reading, with a JSON field and a numeric
// column, which PostgreSQL normalizes and rounds. Generated code is
// committed.
package ent

//go:generate go run -mod=mod entc.go
