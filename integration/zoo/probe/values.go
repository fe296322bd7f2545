package probe

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/entstack/entstack/resource"
)

// candidates are JSON values to try for a field, best first: the probe
// knows the field's kind but not its validators, so a value refused with a
// pointer at the field is replaced by the next one.
func candidates(f *resource.Field, serial int) []any {
	n := serial%100 + 1
	switch f.Kind() {
	case resource.KindString:
		return []any{fmt.Sprintf("p%d", serial), fmt.Sprint(n), fmt.Sprintf("p%d@example.com", serial), fmt.Sprintf("https://example.com/%d", serial)}
	case resource.KindEnum:
		if len(f.Enum()) == 0 {
			return nil
		}
		out := make([]any, 0, len(f.Enum()))
		for i := range f.Enum() {
			out = append(out, f.Enum()[(serial+i)%len(f.Enum())])
		}
		return out
	case resource.KindInt:
		return []any{n, 0, -n}
	case resource.KindUint:
		return []any{n, 0}
	case resource.KindFloat:
		return []any{float64(n) + 0.5, 0.0, -float64(n) - 0.5}
	case resource.KindBool:
		return []any{serial%2 == 0, serial%2 != 0}
	case resource.KindTime:
		return []any{time.Now().UTC().Truncate(time.Second).Add(time.Duration(serial) * time.Minute).Format(time.RFC3339)}
	case resource.KindUUID:
		return []any{newUUID()}
	case resource.KindBytes:
		return []any{base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("p%d", serial)))}
	case resource.KindJSON:
		if f.Elem() != 0 {
			e := resource.NewField(resource.FieldSpec{Kind: f.Elem()})
			return []any{[]any{candidates(e, serial)[0]}, []any{}}
		}
		return []any{map[string]any{}, []any{}, fmt.Sprintf("p%d", serial), n, true, nil}
	}
	return []any{fmt.Sprintf("p%d", serial), n, float64(n) + 0.5, true, nil}
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// rpcID is the id of a row as the RPC API takes it: JSON:API ids are
// strings, Prisma's integer ids numbers.
func rpcID(m *resource.Model, id string) any {
	switch m.ID().Kind() {
	case resource.KindInt, resource.KindUint:
		return json.Number(id)
	}
	return id
}

// newRow makes the row of m whose JSON:API id (or, "" for a row created
// through RPC, whose values) is given: a composite id is found by Prisma's
// compound key, the text of its parts joined by the default divider.
func newRow(m *resource.Model, id string, values map[string]any) row {
	r := row{id: id, attrs: values}
	if !m.Composite() {
		if id == "" {
			id = jsonText(values["id"])
			r.id = id
		}
		r.where = map[string]any{"id": rpcID(m, id)}
		return r
	}
	key := map[string]any{}
	var texts []string
	for _, p := range m.ID().Parts() {
		v, ok := values[p.Name()]
		if !ok {
			v = values[p.MemberName()]
		}
		key[p.Name()] = v
		texts = append(texts, jsonText(v))
	}
	if id == "" {
		r.id = strings.Join(texts, resource.DefaultIDDivider)
	}
	r.where = map[string]any{resource.CompoundName(m.ID().Parts()): key}
	return r
}

// jsonText is the text of a decoded JSON scalar: a string as is, a number
// as written.
func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
