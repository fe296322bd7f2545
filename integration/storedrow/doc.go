// Package storedrow holds the schema of the integration test of create
// answers (TestCreateAnswerIsStoredRow): a model whose columns store their
// Go values exactly, answered from the row Ent returns, and one that is
// read back. It holds no code of its own.
package storedrow
