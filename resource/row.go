package resource

// Row is one loaded entity. The writers use it to serialize without
// reflection: every method is a switch on an index in generated code.
type Row interface {
	// ID returns the id value.
	ID() any
	// AppendID appends the id as a JSON string (JSON:API ids are strings).
	AppendID(dst []byte) []byte
	// AppendField appends the JSON value of Model.Fields[i].
	AppendField(dst []byte, i int) []byte
	// Value returns the Go value of Model.Fields[i] (nil for NULL); i = -1
	// is the ID. It boxes: use it off the hot path (cursors, groupBy keys).
	Value(i int) any
	// Hidden reports whether a field-level read rule hides Model.Fields[i]
	// from the viewer that loaded the row.
	Hidden(i int) bool
	// Edge reports how many rows of Model.Edges[i] are loaded; -1 when the
	// edge was not loaded.
	Edge(i int) int
	// EdgeRow returns the j-th loaded row of Model.Edges[i].
	EdgeRow(i, j int) Row
}
