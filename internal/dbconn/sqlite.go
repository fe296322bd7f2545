package dbconn

import (
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/mattn/go-sqlite3"
)

// sqliteDriver is mattn/go-sqlite3 registered with a hook that sets the
// pragmas a DSN cannot, writing times in UTC (utcDriver).
const sqliteDriver = "sqlite3_entstack"

// sqliteMmapSize lets connections share the OS page cache instead of each
// copying pages into its own cache (bench/README.md).
const sqliteMmapSize = 256 << 20

// sqliteDefaults are the DSN parameters mattn applies as pragmas on every
// connection. WAL lets readers run beside the single writer, synchronous
// NORMAL is the usual pairing with WAL, busy_timeout queues writers instead of
// failing them, _txlock=immediate takes the write lock at BEGIN so two
// read-then-write transactions cannot deadlock on the upgrade, foreign
// keys are off in SQLite unless asked for, and _stmt_cache_size keeps each
// connection's recently prepared statements (the APIs send the same few
// statement texts over and over; preparing one was about a fifth of the CPU
// of a get-one request, which pgx's statement cache already spares
// PostgreSQL). SQLite re-prepares a cached statement itself when the schema
// changes. A DSN's own value wins.
var sqliteDefaults = [][2]string{
	{"_journal_mode", "WAL"},
	{"_synchronous", "NORMAL"},
	{"_busy_timeout", "5000"},
	{"_foreign_keys", "on"},
	{"_txlock", "immediate"},
	{"_cache_size", "-32000"},
	{"_stmt_cache_size", "64"},
}

func init() {
	sql.Register(sqliteDriver, utcDriver{&sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA mmap_size = "+strconv.Itoa(sqliteMmapSize), nil)
			return err
		},
	}})
}

// parseSQLite turns a file path or a file: URI into mattn's DSN with the
// defaults added.
func parseSQLite(dsn string) (Source, error) {
	var path, query string
	if rest, ok := strings.CutPrefix(dsn, "file:"); ok {
		path, query, _ = strings.Cut(rest, "?")
	} else {
		// A bare path: escape what a file: URI would read as syntax.
		path = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(dsn)
	}
	given, err := url.ParseQuery(query)
	if err != nil {
		return Source{}, fmt.Errorf("SQLite DSN %q: %w", dsn, err)
	}
	params := query
	for _, kv := range sqliteDefaults {
		if !given.Has(kv[0]) {
			if params != "" {
				params += "&"
			}
			params += kv[0] + "=" + kv[1]
		}
	}
	return Source{
		Dialect:    dialect.SQLite,
		DriverName: sqliteDriver,
		DSN:        "file:" + path + "?" + params,
		Display:    "SQLite " + dsn,
	}, nil
}
