package portability

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

// fixture is a database with the blog schema and a few posts:
//
//	id title              rating author
//	1  Hello World        4.5    alice
//	2  hello there        NULL   alice
//	3  École d'été        3      alice
//	4  HELLO 100%_sure    NULL   alice
//	5  Bonjour            1      bob
type fixture struct {
	ctx     context.Context
	client  *ent.Client
	db      *sql.DB
	dialect string
	alice   *ent.User
}

var titles = []string{"Hello World", "hello there", "École d'été", "HELLO 100%_sure", "Bonjour"}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	drv := testdb.Open(t, dsn)
	// The portability tests probe the databases, not the policies: bypass them.
	f := &fixture{ctx: privacy.Bypass(context.Background()), client: ent.NewClient(ent.Driver(drv)), db: drv.DB(), dialect: drv.Dialect()}
	if err := f.client.Schema.Create(f.ctx); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	f.alice = f.client.User.Create().SetEmail("alice@example.com").SaveX(f.ctx)
	bob := f.client.User.Create().SetEmail("bob@example.com").SaveX(f.ctx)
	ratings := []*float64{ptr(4.5), nil, ptr(3.0), nil, ptr(1.0)}
	for i, title := range titles {
		author := f.alice
		if i == 4 {
			author = bob
		}
		f.client.Post.Create().SetTitle(title).SetNillableRating(ratings[i]).
			SetViewCount(10 * i).SetPublished(i%2 == 0).SetAuthor(author).SaveX(f.ctx)
	}
	return f
}

func ptr[T any](v T) *T { return &v }

// rebind turns ? placeholders into PostgreSQL's $n.
func (f *fixture) rebind(q string) string {
	if f.dialect != dialect.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// count runs a SELECT count(*) … query.
func (f *fixture) count(q string, args ...any) (int, error) {
	var n int
	err := f.db.QueryRowContext(f.ctx, f.rebind(q), args...).Scan(&n)
	return n, err
}

// strings runs a query of one text column.
func (f *fixture) strings(q string, args ...any) ([]string, error) {
	rows, err := f.db.QueryContext(f.ctx, f.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s.Valid {
			out = append(out, s.String)
		} else {
			out = append(out, "NULL")
		}
	}
	return out, rows.Err()
}

// byDialect picks the expectation for the fixture's database.
func byDialect[T any](f *fixture, sqlite, postgres, mysql T) T {
	switch f.dialect {
	case dialect.Postgres:
		return postgres
	case dialect.MySQL:
		return mysql
	}
	return sqlite
}
