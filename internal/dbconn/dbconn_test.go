package dbconn

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/go-sql-driver/mysql"
	"github.com/mattn/go-sqlite3"
)

const sqliteDefaultQuery = "_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate&_cache_size=-32000&_stmt_cache_size=64"

func TestParseSQLite(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"blog.db", "file:blog.db?" + sqliteDefaultQuery},
		{"/var/lib/entstack/blog.db", "file:/var/lib/entstack/blog.db?" + sqliteDefaultQuery},
		{"odd?name#1%.db", "file:odd%3fname%231%25.db?" + sqliteDefaultQuery},
		{"file:blog.db", "file:blog.db?" + sqliteDefaultQuery},
		// The DSN's own settings win; the missing defaults are appended.
		{"file:blog.db?mode=ro&_journal_mode=DELETE&_busy_timeout=100",
			"file:blog.db?mode=ro&_journal_mode=DELETE&_busy_timeout=100&_synchronous=NORMAL&_foreign_keys=on&_txlock=immediate&_cache_size=-32000&_stmt_cache_size=64"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			src, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if src.Dialect != dialect.SQLite || src.DriverName != sqliteDriver || src.DSN != tt.want {
				t.Errorf("Parse(%q) = %+v, want DSN %q", tt.in, src, tt.want)
			}
		})
	}
}

func TestParsePostgres(t *testing.T) {
	for _, in := range []string{
		"postgres://u:secret@127.0.0.1:55432/blog?sslmode=disable",
		"postgresql://u@db.internal/blog",
	} {
		src, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if src.Dialect != dialect.Postgres || src.DriverName != "pgx" || src.DSN != in {
			t.Errorf("Parse(%q) = %+v", in, src)
		}
		if strings.Contains(src.Display, "secret") {
			t.Errorf("Display %q shows the password", src.Display)
		}
	}
	if _, err := Parse("postgres://u@host:notaport/blog"); err == nil {
		t.Error("bad port accepted")
	}
}

func TestParseMySQL(t *testing.T) {
	tests := []struct {
		in                           string
		user, pass, addr, db, tlsCfg string
		timeout                      time.Duration
		params                       map[string]string
	}{
		{in: "mysql://entstack:entstack@127.0.0.1:53306/entstack",
			user: "entstack", pass: "entstack", addr: "127.0.0.1:53306", db: "entstack"},
		{in: "mysql://root@db.internal/blog", user: "root", addr: "db.internal:3306", db: "blog"},
		{in: "mariadb://u:p@[::1]:3307/blog", user: "u", pass: "p", addr: "[::1]:3307", db: "blog"},
		// Percent-escaped password characters arrive decoded.
		{in: "mysql://u:p%40ss%3Aw%2Frd@h:1/blog", user: "u", pass: "p@ss:w/rd", addr: "h:1", db: "blog"},
		// Driver parameters and server variables pass through.
		{in: "mysql://u:p@h:1/blog?tls=skip-verify&timeout=5s&sql_mode=%27ANSI%27",
			user: "u", pass: "p", addr: "h:1", db: "blog", tlsCfg: "skip-verify", timeout: 5 * time.Second,
			params: map[string]string{"sql_mode": "'ANSI'"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			src, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if src.Dialect != dialect.MySQL || src.DriverName != "mysql" {
				t.Fatalf("Parse(%q) = %+v", tt.in, src)
			}
			if tt.pass != "" && strings.Contains(src.Display, ":"+tt.pass+"@") {
				t.Errorf("Display %q shows the password", src.Display)
			}
			cfg, err := mysql.ParseDSN(src.DSN)
			if err != nil {
				t.Fatalf("driver rejects %q: %v", src.DSN, err)
			}
			if cfg.User != tt.user || cfg.Passwd != tt.pass || cfg.Net != "tcp" || cfg.Addr != tt.addr || cfg.DBName != tt.db {
				t.Errorf("DSN %q: user %q pass %q net %q addr %q db %q", src.DSN, cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName)
			}
			// What Ent and the round trip of times need, always.
			if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.Collation != "utf8mb4_general_ci" || !cfg.InterpolateParams ||
				cfg.Params["time_zone"] != "'+00:00'" {
				t.Errorf("DSN %q: parseTime %v loc %v collation %q interpolateParams %v",
					src.DSN, cfg.ParseTime, cfg.Loc, cfg.Collation, cfg.InterpolateParams)
			}
			if cfg.TLSConfig != tt.tlsCfg || cfg.Timeout != tt.timeout {
				t.Errorf("DSN %q: tls %q timeout %v", src.DSN, cfg.TLSConfig, cfg.Timeout)
			}
			for k, v := range tt.params {
				if cfg.Params[k] != v {
					t.Errorf("DSN %q: param %s = %q, want %q", src.DSN, k, cfg.Params[k], v)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "empty"},
		{"sqlserver://u@h/db", `unknown database scheme "sqlserver"`},
		{"redis://h", "unknown database scheme"},
		{"mysql://u:p@h:1", "want mysql://user:pass@host:port/database"},
		{"mysql://u:p@h:1/a/b", "want mysql://"},
		{"mysql://u:p@h:1/db?timeout=soon", "timeout"},
		{"file:blog.db?_txlock=%zz", "SQLite DSN"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Parse(%q) error = %v, want it to mention %q", tt.in, err, tt.wantErr)
		}
		if err != nil && strings.Contains(err.Error(), ":p@") {
			t.Errorf("Parse(%q) error %q shows the password", tt.in, err)
		}
	}
}

// TestSQLiteBusy: what Open's and the migration lock's retries wait out.
func TestSQLiteBusy(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{sqlite3.Error{Code: sqlite3.ErrBusy}, true},
		{fmt.Errorf("ping: %w", sqlite3.Error{Code: sqlite3.ErrLocked}), true},
		{errors.New("database is locked"), true},
		{sqlite3.Error{Code: sqlite3.ErrCantOpen}, false},
		{errors.New("no such table: users"), false},
		{nil, false},
	} {
		if got := sqliteBusy(c.err); got != c.want {
			t.Errorf("sqliteBusy(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
