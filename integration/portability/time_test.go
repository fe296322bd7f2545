package portability

import (
	"testing"
	"time"

	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/integration/testdb"
)

// Times: SQLite keeps nanoseconds (as text, in UTC since dbconn writes UTC);
// PostgreSQL keeps microseconds (timestamptz) and pgx reads them in
// time.Local; Ent's MySQL column is a TIMESTAMP: whole seconds (MariaDB
// truncates), 1970–2038 only.
func TestTimeRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		ist := time.FixedZone("IST", 5*3600+1800)
		in := time.Date(2030, 11, 21, 15, 4, 5, 123456789, ist)
		p := f.client.Post.Create().SetTitle("t").SetAuthor(f.alice).SetCreatedAt(in).SaveX(f.ctx)
		got := f.client.Post.GetX(f.ctx, p.ID).CreatedAt
		prec := byDialect(f, time.Nanosecond, time.Microsecond, time.Second)
		if !got.Equal(in.Truncate(prec)) {
			t.Errorf("wrote %v, read %v; want it truncated to %v", in, got, prec)
		}
		// Zone read back: UTC (SQLite via dbconn), the process's time.Local
		// (pgx), UTC (go-sql-driver with loc=UTC).
		switch _, offset := got.Zone(); {
		case f.dialect == "sqlite3" && offset != 0,
			f.dialect == "postgres" && got.Location() != time.Local,
			f.dialect == "mysql" && got.Location() != time.UTC:
			t.Errorf("read back in zone %v", got.Location())
		}
		t.Logf("wrote %v, read %v", in, got)

		colType := byDialect(f,
			`SELECT type FROM pragma_table_info('posts') WHERE name = 'created_at'`,
			`SELECT data_type FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'created_at'`,
			`SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'posts' AND column_name = 'created_at'`)
		if got, err := f.strings(colType); err != nil || got[0] != byDialect(f, "datetime", "timestamp with time zone", "timestamp") {
			t.Errorf("created_at column type %v (%v)", got, err)
		}

		if f.dialect == "mysql" {
			if tz, err := f.strings(`SELECT @@session.time_zone`); err != nil || tz[0] != "+00:00" {
				t.Errorf("MySQL session time_zone %v (%v), want +00:00 (set by dbconn)", tz, err)
			}
		}

		// Beyond TIMESTAMP's range: refused by MariaDB (strict mode).
		_, err := f.client.Post.Create().SetTitle("far").SetAuthor(f.alice).
			SetCreatedAt(time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)).Save(f.ctx)
		if wantErr := byDialect(f, false, false, true); (err != nil) != wantErr {
			t.Errorf("year 2040: error %v, want error %v", err, wantErr)
		}
	})
}

// SQLite compares times as text: times written with different offsets
// would compare wrongly, but dbconn writes every time in UTC, so a +05:30
// write and a UTC bound compare as times on all three.
func TestTimeComparisonAcrossZones(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		early := time.Date(2030, 1, 1, 10, 0, 0, 0, time.FixedZone("IST", 5*3600+1800)) // 04:30Z
		late := time.Date(2030, 1, 1, 5, 0, 0, 0, time.UTC)                             // 05:00Z
		f.client.Post.Create().SetTitle("early").SetAuthor(f.alice).SetCreatedAt(early).SaveX(f.ctx)
		n := f.client.Post.Query().Where(post.CreatedAtLT(late), post.CreatedAtGT(late.Add(-time.Hour))).CountX(f.ctx)
		if n != 1 {
			t.Errorf("created_at < 05:00Z with a row at 04:30Z written as +05:30: %d rows, want 1", n)
		}
		n = f.client.Post.Query().Where(post.CreatedAtLT(late.In(early.Location())), post.CreatedAtGT(late.Add(-time.Hour).In(early.Location()))).CountX(f.ctx)
		if n != 1 {
			t.Errorf("same comparison with the bound in the row's zone: %d rows, want 1", n)
		}
	})
}
