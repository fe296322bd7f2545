package ent

// UserFieldScope exposes the generated field scope to the external test.
var UserFieldScope = userOpsFieldScope
