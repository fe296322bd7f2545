package resource

import (
	"encoding/json"
	"fmt"
	"strings"
)

// CompositeID is the id of a row whose model has a composite id (Ent edge
// schemas: field.ID("user_id", "group_id")): the values of its Parts, of
// their Go types. It is comparable, so rows can be keyed by it.
type CompositeID [2]any

// String joins the parts with DefaultIDDivider, for messages ("1_2", not
// Go's "[1 2]").
func (k CompositeID) String() string { return fmt.Sprint(k[0]) + DefaultIDDivider + fmt.Sprint(k[1]) }

// DefaultIDDivider joins the parts of a composite id in JSON:API ids, as
// ZenStack's REST handler does by default: "1_2" (Registry.IDDivider sets
// another).
const DefaultIDDivider = "_"

// divider returns the divider of composite ids of m's registry.
func divider(m *Model) string {
	if m.reg != nil && m.reg.IDDivider != "" {
		return m.reg.IDDivider
	}
	return DefaultIDDivider
}

// linkKey makes m.ID the composite id of the fields m.Key names.
func linkKey(m *Model) {
	id := m.ID()
	id.s.Kind = KindComposite
	id.parts = nil
	for _, name := range m.Key() {
		f, ok := m.fields[name]
		if !ok {
			panic(fmt.Sprintf("resource: %s: unknown key field %s", m.Name(), name))
		}
		id.parts = append(id.Parts(), f)
	}
	if len(id.Parts()) != len(CompositeID{}) {
		panic(fmt.Sprintf("resource: %s: a composite id has %d fields", m.Name(), len(CompositeID{})))
	}
	if id.Column() == "" {
		id.s.Column = id.Parts()[0].Column()
	}
	id.s.Conv = func(v any) (any, error) {
		k, ok := v.(CompositeID)
		if !ok {
			return nil, typeError("a composite id", v)
		}
		var out CompositeID
		for i, p := range id.Parts() {
			x, err := p.Conv()(k[i])
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
}

// CompoundName is the name of the compound unique key of fields in a
// Prisma unique where: their names joined by "_" ("userId_groupId").
func CompoundName(fields []*Field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name()
	}
	return strings.Join(names, "_")
}

// Compound returns the fields of the compound unique key of m with the
// name (CompoundName), or nil: the parts of a composite id.
func (m *Model) Compound(name string) []*Field {
	if m.Composite() && name == CompoundName(m.ID().Parts()) {
		return m.ID().Parts()
	}
	return nil
}

// KeyColumns are the columns that identify a row of m: the id's, or the
// parts' of a composite id.
func KeyColumns(m *Model) []string {
	if !m.Composite() {
		return []string{m.ID().Column()}
	}
	cols := make([]string, len(m.ID().Parts()))
	for i, p := range m.ID().Parts() {
		cols[i] = p.Column()
	}
	return cols
}

// IDIs is the filter matching the row of m with the id.
func IDIs(m *Model, id any) Filter { return &Cmp{Field: m.ID(), Op: OpEQ, Value: id} }

// IDIn is the filter matching the rows of m with the ids.
func IDIn(m *Model, ids []any) Filter {
	if len(ids) == 1 {
		return IDIs(m, ids[0])
	}
	return &Cmp{Field: m.ID(), Op: OpIn, Value: ids}
}

// parseKey parses the text of a composite id: the text of its parts
// joined by the registry's divider ("1_2").
func parseKey(m *Model, s string) (CompositeID, error) {
	divider := divider(m)
	texts := strings.Split(s, divider)
	if len(texts) != len(m.ID().Parts()) || divider == "" {
		return CompositeID{}, Errorf(Invalid, CodeInvalidValue, "%q is not a valid %s id: expected %d values joined by %q", s, m.Type(), len(m.ID().Parts()), divider)
	}
	var k CompositeID
	for i, p := range m.ID().Parts() {
		v, err := Parse(p, texts[i])
		if err == nil {
			k[i], err = p.Conv()(v)
		}
		if err != nil {
			return CompositeID{}, Errorf(Invalid, CodeInvalidValue, "%q is not a valid %s id: bad %s", s, m.Type(), p.Name())
		}
	}
	return k, nil
}

// AppendResourceID appends the JSON:API id of row r of m as a JSON string:
// a composite id is the text of its parts joined by the registry's
// divider.
func AppendResourceID(dst []byte, m *Model, r Row) []byte {
	if !m.Composite() {
		return r.AppendID(dst)
	}
	return AppendKey(dst, r, divider(m), m.ID().Parts()[0].Index(), m.ID().Parts()[1].Index())
}

// AppendKey appends, as a JSON string, the text of the fields of r at the
// indexes joined by divider: a composite id (the generated Row.AppendID
// of a model with one, with the default divider).
func AppendKey(dst []byte, r Row, divider string, parts ...int) []byte {
	var text []byte
	for i, p := range parts {
		if i > 0 {
			text = append(text, divider...)
		}
		start := len(text)
		text = r.AppendField(text, p)
		if len(text) > start && text[start] == '"' {
			var s string
			_ = json.Unmarshal(text[start:], &s)
			text = append(text[:start], s...)
		}
	}
	return AppendString(dst, string(text))
}
