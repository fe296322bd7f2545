// Package ent is a multi-tenant schema whose rules are written the ZenStack
// way: relations of auth() (`organization == auth().organization`,
// `auth().memberships?[…]`), check() delegating to a related model, enum
// comparisons, list functions and currentOperation(). Its auth model is
// Member (entx.AuthModel). Generated code is committed.
package ent

//go:generate go run -mod=mod entc.go
