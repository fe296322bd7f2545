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

// Loaded is the generated Row.Edge of a to-one edge: -1 when the edge was
// not loaded, else the number of rows (0 or 1).
func Loaded(loaded, present bool) int {
	switch {
	case !loaded:
		return -1
	case present:
		return 1
	}
	return 0
}

// LoadedN is the generated Row.Edge of a to-many edge.
func LoadedN(loaded bool, n int) int {
	if !loaded {
		return -1
	}
	return n
}

// AppendIDString appends the id of r as a JSON string, as JSON:API writes
// ids: numbers are quoted, bytes (kind k) are base64url so that the id fits
// in a URL path.
func AppendIDString(dst []byte, r Row, k Kind) []byte {
	start := len(dst)
	dst = r.AppendField(dst, -1)
	if len(dst) == start || dst[start] != '"' {
		dst = append(dst, '"')
		copy(dst[start+1:], dst[start:len(dst)-1])
		dst[start] = '"'
		return append(dst, '"')
	}
	if k == KindBytes {
		for i := start + 1; i < len(dst)-1; i++ {
			switch dst[i] {
			case '+':
				dst[i] = '-'
			case '/':
				dst[i] = '_'
			}
		}
	}
	return dst
}

// Values gives the value of a row's column by its SQL name (nil for NULL);
// ok is false for a column it does not hold. Policies decide rules on a row
// held in Go through it (Ops.ReadsRow).
type Values func(column string) (v any, ok bool)

// ValuesOf returns the column values of r, a row of m.
func ValuesOf(m *Model, r Row) Values {
	return func(column string) (any, bool) {
		if m.ID() != nil && column == m.ID().Column() && m.ID().Kind() != KindComposite {
			return r.ID(), true
		}
		for i, f := range m.Fields() {
			if f.Column() == column {
				return r.Value(i), true
			}
		}
		return nil, false
	}
}
