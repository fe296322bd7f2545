// Package ent is a small schema that exercises the parts of the policy
// language the blog schema does not use (collection predicates, string
// functions, orderings, now(), post-update rules, deny field rules), so that
// their generated code is compiled and run. Generated code is committed.
package ent

//go:generate go run -mod=mod entc.go
