package portability

import (
	"slices"
	"strings"
	"testing"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/integration/testdb"
)

// NULLs sort first ascending on SQLite and MySQL, last on PostgreSQL.
// NULLS FIRST/LAST is a syntax error on MariaDB (and MySQL); ordering by
// `col IS NULL` first gives the same result on all three.
func TestNullOrdering(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		first := func(q string) string {
			got, err := f.strings(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return got[0]
		}
		if got, want := first(`SELECT rating FROM posts ORDER BY rating`), byDialect(f, "NULL", "1", "NULL"); got != want {
			t.Errorf("ORDER BY rating: first %s, want %s", got, want)
		}
		if got, want := first(`SELECT rating FROM posts ORDER BY rating DESC`), byDialect(f, "4.5", "NULL", "4.5"); got != want {
			t.Errorf("ORDER BY rating DESC: first %s, want %s", got, want)
		}

		_, err := f.strings(`SELECT rating FROM posts ORDER BY rating NULLS LAST`)
		if wantErr := byDialect(f, false, false, true); (err != nil) != wantErr {
			t.Errorf("NULLS LAST: error %v, want error %v", err, wantErr)
		}
		// What Ent renders for OrderNullsLast fails the same way on MySQL.
		_, err = f.client.Post.Query().Order(post.ByRating(entsql.OrderNullsLast())).All(f.ctx)
		if wantErr := byDialect(f, false, false, true); (err != nil) != wantErr {
			t.Errorf("Ent ByRating(OrderNullsLast): error %v, want error %v", err, wantErr)
		}

		// The portable forms, identical on all three.
		for q, want := range map[string]string{
			`SELECT rating FROM posts ORDER BY rating IS NULL, rating`:                             "1 3 4.5 NULL NULL",
			`SELECT rating FROM posts ORDER BY rating IS NOT NULL, rating`:                         "NULL NULL 1 3 4.5",
			`SELECT rating FROM posts ORDER BY rating IS NULL, rating DESC`:                        "4.5 3 1 NULL NULL",
			`SELECT rating FROM posts ORDER BY rating IS NOT NULL, rating DESC`:                    "NULL NULL 4.5 3 1",
			`SELECT rating FROM posts ORDER BY CASE WHEN rating IS NULL THEN 1 ELSE 0 END, rating`: "1 3 4.5 NULL NULL",
		} {
			got, err := f.strings(q)
			if err != nil || strings.Join(got, " ") != want {
				t.Errorf("%s: %v (%v), want %s", q, got, err, want)
			}
		}
	})
}

// ROW_NUMBER() OVER (PARTITION BY …): SQLite ≥ 3.25, PostgreSQL, MariaDB
// ≥ 10.2 (Debian 12 ships 10.11), MySQL ≥ 8. Ent's builder renders it.
func TestWindowFunctions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		// The two most viewed posts of each author.
		q := `SELECT title FROM (SELECT title, ROW_NUMBER() OVER (PARTITION BY author_id ORDER BY view_count DESC, id) AS rn FROM posts) AS ranked WHERE rn <= 2 ORDER BY title`
		got, err := f.strings(q)
		want := []string{"Bonjour", "HELLO 100%_sure", "École d'été"}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("raw ROW_NUMBER: %q (%v), want %q", got, err, want)
		}

		// The same through Ent's builder, as the query layer would write it.
		b := entsql.Dialect(f.dialect)
		inner := b.Select("title").From(entsql.Table("posts")).
			AppendSelectExprAs(entsql.RowNumber().PartitionBy("author_id").OrderExpr(entsql.Expr("view_count DESC, id")), "rn")
		outer := b.Select("title").From(inner.As("ranked")).Where(entsql.LTE("rn", 2)).OrderBy("title")
		query, args := outer.Query()
		rows, err := f.db.QueryContext(f.ctx, query, args...)
		if err != nil {
			t.Fatalf("Ent RowNumber %s: %v", query, err)
		}
		defer rows.Close()
		got = got[:0]
		for rows.Next() {
			var s string
			rows.Scan(&s)
			got = append(got, s)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Ent RowNumber %s: %q, want %q", query, got, want)
		}
	})
}
