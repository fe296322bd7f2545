package probe

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/entstack/entstack/internal/dbconn"
	"github.com/entstack/entstack/resource"
)

// Target is one generated client for Main.
type Target struct {
	Name string
	// Open binds a client of the generated package to drv and returns its
	// registry and its schema migration (client.Schema.Create).
	Open func(drv dialect.Driver) (*resource.Registry, func(context.Context) error)
}

// Main is the body of a probe program. Flags:
//
//	-db DSN    a SQLite file (default: one in a temporary directory per
//	           target), or a postgres:// or mysql:// server, on which each
//	           target gets a fresh database, dropped afterwards
//	-bypass    run every request with privacy.Bypass
//	-v         print every 4xx response and refused write
//
// It prints one line per target and exits 1 when a target failed.
func Main(targets ...Target) {
	dsn := flag.String("db", "", "database: a SQLite file, or a postgres:// or mysql:// server")
	bypass := flag.Bool("bypass", false, "run every request with privacy.Bypass")
	verbose := flag.Bool("v", false, "print every 4xx response and refused write")
	flag.Parse()
	failed := false
	for _, t := range targets {
		opts := Options{Bypass: *bypass, Log: os.Stdout}
		if *verbose {
			opts.Trace = os.Stdout
		}
		rep, err := RunTarget(context.Background(), t, *dsn, opts)
		switch {
		case err != nil:
			fmt.Printf("probe %s: SETUP FAILED: %v\n", t.Name, err)
			failed = true
		case !rep.OK():
			fmt.Printf("probe %s: FAILED: %s\n", t.Name, rep.Summary())
			failed = true
		default:
			fmt.Printf("probe %s: ok: %s\n", t.Name, rep.Summary())
		}
		if rep != nil && *verbose {
			for _, r := range rep.Refused {
				fmt.Printf("  refused: %s\n", r)
			}
			for m, why := range rep.Skipped {
				fmt.Printf("  skipped %s: %s\n", m, why)
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

// RunTarget migrates a fresh database of dsn (see Main) for t and probes
// it.
func RunTarget(ctx context.Context, t Target, dsn string, opts Options) (*Report, error) {
	dsn, drop, err := freshDatabase(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer drop()
	drv, err := dbconn.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer drv.Close()
	reg, migrate := t.Open(drv)
	if err := migrate(ctx); err != nil {
		return nil, fmt.Errorf("migrating: %w", err)
	}
	return Run(ctx, reg, opts), nil
}

// freshDatabase returns the DSN of an empty database: a new SQLite file,
// or a new database on the server dsn names.
func freshDatabase(ctx context.Context, dsn string) (string, func(), error) {
	if dsn == "" || !strings.Contains(dsn, "://") {
		dir, err := os.MkdirTemp("", "probe")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "probe.db"), func() { os.RemoveAll(dir) }, nil
	}
	src, err := dbconn.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	db, err := sql.Open(src.DriverName, src.DSN)
	if err != nil {
		return "", nil, err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	name := "probe_" + hex.EncodeToString(rnd[:])
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("creating a database on %s: %w", src.Display, err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		stmt := "DROP DATABASE IF EXISTS " + name
		if src.Dialect == dialect.Postgres {
			stmt += " WITH (FORCE)"
		}
		_, _ = db.ExecContext(ctx, stmt)
		db.Close()
	}
	u, err := url.Parse(dsn)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
