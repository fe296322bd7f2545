package rpcapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/rpcapi/superjson"
)

// jsonModel has JSON fields (a list of strings and an object), an Other
// field and a composite id: the shapes the blog does not have.
func jsonModel() (*Handler, *resource.Model) {
	link := &resource.ModelSpec{Name: "Link", Type: "link", Table: "links", Key: []string{"fromId", "toId"},
		ID: &resource.FieldSpec{Name: "id", Kind: resource.KindComposite},
		Fields: []*resource.FieldSpec{
			{Name: "fromId", Column: "from_id", Kind: resource.KindInt, Conv: resource.Conv(resource.Int[int])},
			{Name: "toId", Column: "to_id", Kind: resource.KindInt, Conv: resource.Conv(resource.Int[int])},
			{Name: "tags", Column: "tags", Kind: resource.KindJSON, Elem: resource.KindString},
			{Name: "meta", Column: "meta", Kind: resource.KindJSON, Nillable: true},
		},
	}
	reg := resource.NewRegistry(nil, resource.EntErrors{}, link)
	m, _ := reg.Model("link")
	h, err := New(reg, Options{})
	if err != nil {
		panic(err)
	}
	return h, m
}

// showJSON renders the JSON filters show does not know.
func showJSON(f resource.Filter) string {
	switch x := f.(type) {
	case *resource.JSONFilter:
		return fmt.Sprintf("%s%v op%d %v fold=%v", x.Field.Name(), x.Path, x.Op, x.Value, x.Fold)
	case resource.And:
		s := make([]string, len(x))
		for i, g := range x {
			s[i] = showJSON(g)
		}
		return "and(" + strings.Join(s, ", ") + ")"
	case resource.Or:
		s := make([]string, len(x))
		for i, g := range x {
			s[i] = showJSON(g)
		}
		return "or(" + strings.Join(s, ", ") + ")"
	case resource.Not:
		return "not(" + showJSON(x.F) + ")"
	}
	return show(f)
}

// Prisma's Json filters and scalar-list filters (RPC-WHERE-12, -13), and
// the compound unique key of a composite id.
func TestParseJSONWhere(t *testing.T) {
	h, m := jsonModel()
	tests := []struct{ name, where, want string }{
		{"has", `{"tags":{"has":"a"}}`, "tags[] op5 [a] fold=false"},
		{"hasEvery", `{"tags":{"hasEvery":["a","b"]}}`, "tags[] op5 [a b] fold=false"},
		{"hasSome", `{"tags":{"hasSome":["a","b"]}}`, "tags[] op8 [a b] fold=false"},
		{"isEmpty", `{"tags":{"isEmpty":true}}`, "tags[] op9 true fold=false"},
		{"equals list", `{"tags":{"equals":["a"]}}`, "tags[] op1 [a] fold=false"},
		{"path array", `{"meta":{"path":["a","0"],"equals":1}}`, "meta[a 0] op1 1 fold=false"},
		{"path string", `{"meta":{"path":"$.a.b[2]","string_contains":"x","mode":"insensitive"}}`, "meta[a b 2] op2 x fold=true"},
		{"array_contains scalar", `{"meta":{"path":["l"],"array_contains":"x"}}`, "meta[l] op5 [x] fold=false"},
		{"array_starts_with", `{"meta":{"path":["l"],"array_starts_with":{"k":1}}}`, "meta[l] op6 map[k:1] fold=false"},
		{"not", `{"meta":{"not":{"a":1}}}`, "not(meta[] op1 map[a:1] fold=false)"},
		{"null is the column", `{"meta":null}`, "meta isNull true"},
		{"equals null", `{"meta":{"equals":null}}`, "meta isNull true"},
		{"equals null at a path", `{"meta":{"path":["a"],"equals":null}}`, "meta[a] op1 <nil> fold=false"},
		{"compound key", `{"fromId_toId":{"fromId":1,"toId":2}}`, "and(fromId equals 1, toId equals 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, order, err := decodeJSON([]byte(tt.where))
			if err != nil {
				t.Fatal(err)
			}
			f, err := h.parser(&call{order: order}).where.parse(m, v, "where", 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := showJSON(f); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	// ZenStack's null sentinels
	for sentinel, want := range map[superjson.NullSentinel]string{
		superjson.DbNull:   "meta isNull true",
		superjson.JSONNull: "meta[] op1 <nil> fold=false",
		superjson.AnyNull:  "or(meta isNull true, meta[] op1 <nil> fold=false)",
	} {
		f, err := h.parser(&call{}).where.parse(m, map[string]any{"meta": map[string]any{"equals": sentinel}}, "where", 0)
		if err != nil || showJSON(f) != want {
			t.Errorf("%s: got %s (%v), want %s", sentinel, showJSON(f), err, want)
		}
	}
}

func TestParseJSONWhereErrors(t *testing.T) {
	h, m := jsonModel()
	tests := []struct{ where, path string }{
		{`{"meta":"x"}`, "where.meta"},
		{`{"meta":{"path":["a'b"],"equals":1}}`, "where.meta.path"},
		{`{"meta":{"path":"$.a b","equals":1}}`, "where.meta.path"},
		{`{"meta":{"contains":"x"}}`, "where.meta.contains"},
		{`{"tags":{"hasSome":"a"}}`, "where.tags.hasSome"},
		{`{"tags":{"isEmpty":"yes"}}`, "where.tags.isEmpty"},
		{`{"meta":{"string_contains":1}}`, "where.meta.string_contains"},
		{`{"fromId_toId":{"fromId":1}}`, "where.fromId_toId.toId"},
		{`{"fromId_toId":{"fromId":1,"toId":2,"x":3}}`, "where.fromId_toId.x"},
		{`{"id":1}`, "where.id"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			v, order, err := decodeJSON([]byte(tt.where))
			if err != nil {
				t.Fatal(err)
			}
			_, err = h.parser(&call{order: order}).where.parse(m, v, "where", 0)
			e, ok := err.(*resource.Error)
			if !ok || e.Kind != resource.Invalid || e.Source.Path != tt.path {
				t.Fatalf("got %v, want an Invalid error at %s", err, tt.path)
			}
		})
	}
	if err := h.parser(&call{}).requireUnique(m, map[string]any{"fromId_toId": map[string]any{}}, "where"); err != nil {
		t.Errorf("the compound key is unique: %v", err)
	}
	if err := h.parser(&call{}).requireUnique(m, map[string]any{"fromId": 1}, "where"); err == nil || !strings.Contains(err.Error(), "fromId_toId") {
		t.Errorf("a part alone is not unique: %v", err)
	}
}
