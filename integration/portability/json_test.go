package portability

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/resource"
)

// Prisma's Json filters and scalar-list filters (resource.JSONFilter)
// select the same rows on every database, whatever JSON type it stores:
// jsonb on PostgreSQL, json on MySQL/MariaDB, text on SQLite.
func TestJSONFilters(t *testing.T) {
	docs := []string{
		1: `{"a":{"b":"hello"},"tags":["x","y"],"n":1}`,
		2: `{"a":{"b":"World"},"tags":[],"n":2}`,
		3: `{"a":null,"tags":["y"],"n":"1"}`,
		4: `["x","y","z"]`,
		5: ``, // NULL
	}
	doc := resource.NewField(resource.FieldSpec{Name: "doc", Column: "doc", Kind: resource.KindJSON})
	n := func(s string) any { return json.Number(s) }
	cases := []struct {
		name string
		f    resource.JSONFilter
		want []int
	}{
		{"equals number", resource.JSONFilter{Path: []string{"n"}, Op: resource.JSONEquals, Value: n("1")}, []int{1}},
		{"equals string", resource.JSONFilter{Path: []string{"n"}, Op: resource.JSONEquals, Value: "1"}, []int{3}},
		{"equals object", resource.JSONFilter{Path: []string{"a"}, Op: resource.JSONEquals, Value: map[string]any{"b": "hello"}}, []int{1}},
		{"equals JSON null", resource.JSONFilter{Path: []string{"a"}, Op: resource.JSONEquals, Value: nil}, []int{3}},
		{"equals root", resource.JSONFilter{Op: resource.JSONEquals, Value: []any{"x", "y", "z"}}, []int{4}},
		{"string_contains", resource.JSONFilter{Path: []string{"a", "b"}, Op: resource.JSONStringContains, Value: "ell"}, []int{1}},
		{"string_contains is case-sensitive", resource.JSONFilter{Path: []string{"a", "b"}, Op: resource.JSONStringContains, Value: "ELL"}, nil},
		{"string_contains insensitive", resource.JSONFilter{Path: []string{"a", "b"}, Op: resource.JSONStringContains, Value: "ELL", Fold: true}, []int{1}},
		{"string_starts_with", resource.JSONFilter{Path: []string{"a", "b"}, Op: resource.JSONStringStartsWith, Value: "Wor"}, []int{2}},
		{"string_ends_with", resource.JSONFilter{Path: []string{"a", "b"}, Op: resource.JSONStringEndsWith, Value: "llo"}, []int{1}},
		{"string op on a number", resource.JSONFilter{Path: []string{"n"}, Op: resource.JSONStringContains, Value: "1"}, []int{3}},
		{"array_contains one", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONArrayContains, Value: []any{"y"}}, []int{1, 3}},
		{"array_contains all", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONArrayContains, Value: []any{"x", "y"}}, []int{1}},
		{"hasSome", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONHasSome, Value: []any{"x", "zz"}}, []int{1}},
		{"hasSome of none", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONHasSome, Value: []any{}}, nil},
		{"array_starts_with", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONArrayStartsWith, Value: "x"}, []int{1}},
		{"array_ends_with", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONArrayEndsWith, Value: "y"}, []int{1, 3}},
		{"isEmpty", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONIsEmpty, Value: true}, []int{2}},
		{"not isEmpty", resource.JSONFilter{Path: []string{"tags"}, Op: resource.JSONIsEmpty, Value: false}, []int{1, 3}},
		{"root array_contains", resource.JSONFilter{Op: resource.JSONArrayContains, Value: []any{"z"}}, []int{4}},
		{"root not isEmpty", resource.JSONFilter{Op: resource.JSONIsEmpty, Value: false}, []int{4}},
		{"index in path", resource.JSONFilter{Path: []string{"tags", "1"}, Op: resource.JSONEquals, Value: "y"}, []int{1}},
	}
	testdb.Each(t, func(t *testing.T, dsn string) {
		drv := testdb.Open(t, dsn)
		ctx := context.Background()
		typ := map[string]string{dialect.SQLite: "json", dialect.Postgres: "jsonb", dialect.MySQL: "json"}[drv.Dialect()]
		if _, err := drv.DB().ExecContext(ctx, "CREATE TABLE docs (id integer PRIMARY KEY, doc "+typ+" NULL)"); err != nil {
			t.Fatal(err)
		}
		for id, d := range docs[1:] {
			var v any
			if d != "" {
				v = d
			}
			q := "INSERT INTO docs (id, doc) VALUES (?, ?)"
			if drv.Dialect() == dialect.Postgres {
				q = "INSERT INTO docs (id, doc) VALUES ($1, $2)"
			}
			if _, err := drv.DB().ExecContext(ctx, q, id+1, v); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range cases {
			f := tc.f
			f.Field = doc
			s := entsql.Dialect(drv.Dialect()).Select("id").From(entsql.Table("docs")).OrderBy("id")
			resource.Compile(ctx, nil, &f)(s)
			query, args := s.Query()
			rows, err := drv.DB().QueryContext(ctx, query, args...)
			if err != nil {
				t.Errorf("%s: %s: %v", tc.name, query, err)
				continue
			}
			var got []int
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				got = append(got, id)
			}
			rows.Close()
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: rows %v, want %v\n%s %v", tc.name, got, tc.want, query, fmt.Sprint(args...))
			}
		}
	})
}
