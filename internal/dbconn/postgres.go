package dbconn

import (
	"fmt"
	"net/url"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers database/sql driver "pgx"
)

// parsePostgres validates a postgres:// URL; pgx takes the URL as it is, with
// all of libpq's parameters (sslmode, …).
func parsePostgres(dsn string) (Source, error) {
	display := redact(dsn)
	if _, err := pgx.ParseConfig(dsn); err != nil {
		return Source{}, fmt.Errorf("PostgreSQL DSN %s: %w", display, err)
	}
	return Source{Dialect: dialect.Postgres, DriverName: "pgx", DSN: dsn, Display: "PostgreSQL " + display}, nil
}

// redact hides the password of a URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
