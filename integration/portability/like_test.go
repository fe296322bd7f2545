package portability

import (
	"testing"

	"entgo.io/ent/dialect"

	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/integration/testdb"
)

// Prisma's `contains` is case-sensitive; plain LIKE is not on SQLite. Ent
// creates MySQL tables with utf8mb4_bin, which makes LIKE case-sensitive
// there, but a table created with a _ci collation is not.
func TestLikeCaseSensitivity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		// "hello" occurs in Hello World, hello there, HELLO 100%_sure; in
		// exactly that case only in "hello there".
		n, err := f.count(`SELECT count(*) FROM posts WHERE title LIKE ?`, "%hello%")
		if want := byDialect(f, 3, 1, 1); err != nil || n != want {
			t.Errorf("plain LIKE: %d matches (%v), want %d", n, err, want)
		}
		if n, want := f.client.Post.Query().Where(post.TitleContains("hello")).CountX(f.ctx), byDialect(f, 3, 1, 1); n != want {
			t.Errorf("Ent TitleContains: %d matches, want %d", n, want)
		}

		// Case-sensitive contains that works on each database.
		sensitive := map[string][]string{
			dialect.SQLite:   {`instr(title, ?) > 0`, `title GLOB '*' || ? || '*'`},
			dialect.Postgres: {`title LIKE '%' || ? || '%'`, `strpos(title, ?) > 0`},
			dialect.MySQL: {`title LIKE BINARY CONCAT('%', ?, '%')`, `title COLLATE utf8mb4_bin LIKE CONCAT('%', ?, '%')`,
				`INSTR(title, ?) > 0`, `LOCATE(BINARY ?, title) > 0`},
		}
		for _, where := range sensitive[f.dialect] {
			if n, err := f.count(`SELECT count(*) FROM posts WHERE `+where, "hello"); err != nil || n != 1 {
				t.Errorf("%s: %d matches (%v), want 1", where, n, err)
			}
		}

		// Case-insensitive (Prisma mode: insensitive): Ent's ContainsFold,
		// ASCII only on SQLite (lower() folds only A-Z).
		if n := f.client.Post.Query().Where(post.TitleContainsFold("hello")).CountX(f.ctx); n != 3 {
			t.Errorf("Ent TitleContainsFold(hello): %d matches, want 3", n)
		}
		if n, want := f.client.Post.Query().Where(post.TitleContainsFold("école")).CountX(f.ctx), byDialect(f, 0, 1, 1); n != want {
			t.Errorf("Ent TitleContainsFold(école): %d matches, want %d", n, want)
		}
		// LIKE wildcards in the search text are escaped by Ent on all three.
		if n := f.client.Post.Query().Where(post.TitleContains("%_")).CountX(f.ctx); n != 1 {
			t.Errorf("Ent TitleContains(%%_): %d matches, want 1", n)
		}

		switch f.dialect {
		case dialect.SQLite:
			// The pragma is per connection: it must be on every connection
			// of the pool (mattn's _cslike=1 DSN flag), so instr is simpler.
			conn, err := f.db.Conn(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.ExecContext(f.ctx, `PRAGMA case_sensitive_like = ON`)
			var n int
			conn.QueryRowContext(f.ctx, `SELECT count(*) FROM posts WHERE title LIKE ?`, "%hello%").Scan(&n)
			if n != 1 {
				t.Errorf("LIKE under case_sensitive_like: %d matches, want 1", n)
			}
			conn.ExecContext(f.ctx, `PRAGMA case_sensitive_like = OFF`)
		case dialect.MySQL:
			// A table made outside Ent takes the server's _ci collation.
			if _, err := f.db.ExecContext(f.ctx, `CREATE TABLE ci_probe (title varchar(255)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci`); err != nil {
				t.Fatal(err)
			}
			f.db.ExecContext(f.ctx, `INSERT INTO ci_probe SELECT title FROM posts`)
			for where, want := range map[string]int{
				`title LIKE CONCAT('%', ?, '%')`:                     3,
				`INSTR(title, ?) > 0`:                                3,
				`title LIKE BINARY CONCAT('%', ?, '%')`:              1,
				`title COLLATE utf8mb4_bin LIKE CONCAT('%', ?, '%')`: 1,
				`LOCATE(BINARY ?, title) > 0`:                        1,
			} {
				if n, err := f.count(`SELECT count(*) FROM ci_probe WHERE `+where, "hello"); err != nil || n != want {
					t.Errorf("_ci table, %s: %d matches (%v), want %d", where, n, err, want)
				}
			}
		}
	})
}
