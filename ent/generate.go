// Package ent holds the reference blog schema (ent/schema), the code Ent and
// the entstack extension generate from it, and nothing hand-written besides.
package ent

//go:generate go run -mod=mod entc.go
