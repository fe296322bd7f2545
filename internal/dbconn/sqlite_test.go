package dbconn

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestSQLiteSettings opens a real file and checks that every pooled
// connection runs with the settings of the DSN and the connect hook.
func TestSQLiteSettings(t *testing.T) {
	ctx := context.Background()
	drv, err := Open(ctx, filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close()
	db := drv.DB()
	// Hold several connections at once so the checks do not all reuse one.
	for i := range 3 {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for pragma, want := range map[string]string{
			"journal_mode": "wal",
			"synchronous":  "1", // NORMAL
			"busy_timeout": "5000",
			"foreign_keys": "1",
			"cache_size":   "-32000",
			"mmap_size":    "268435456",
		} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
				t.Errorf("connection %d: PRAGMA %s = %q (%v), want %q", i, pragma, got, err, want)
			}
		}
	}
	if got := db.Stats().MaxOpenConnections; got != PoolSize() {
		t.Errorf("pool of %d connections, want %d", got, PoolSize())
	}
}

// TestSQLiteWritesUTC checks that times are stored as UTC text, so that
// SQLite's text comparison orders them as times.
func TestSQLiteWritesUTC(t *testing.T) {
	ctx := context.Background()
	drv, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close()
	db := drv.DB()
	if _, err := db.Exec(`CREATE TABLE ev (at datetime)`); err != nil {
		t.Fatal(err)
	}
	early := time.Date(2030, 1, 1, 10, 0, 0, 0, time.FixedZone("IST", 5*3600+1800)) // 04:30Z
	late := time.Date(2030, 1, 1, 5, 0, 0, 0, time.UTC)
	ptr := &early
	for _, v := range []any{late, ptr} {
		if _, err := db.Exec(`INSERT INTO ev VALUES (?)`, v); err != nil {
			t.Fatal(err)
		}
	}
	var text string
	db.QueryRow(`SELECT CAST(at AS TEXT) FROM ev ORDER BY at LIMIT 1`).Scan(&text)
	if want := "2030-01-01 04:30:00+00:00"; text != want {
		t.Errorf("earliest stored as %q, want %q", text, want)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM ev WHERE at < ?`, late.In(early.Location())).Scan(&n)
	if n != 1 {
		t.Errorf("at < 05:00Z (bound as +05:30): %d rows, want 1", n)
	}
}
