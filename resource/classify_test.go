package resource

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
)

// sqlStateError is a driver error that reports its SQLSTATE, as pgx's
// PgError does.
type sqlStateError string

func (e sqlStateError) Error() string    { return "server error (SQLSTATE " + string(e) + ")" }
func (e sqlStateError) SQLState() string { return string(e) }

func TestClassifyDatabaseErrors(t *testing.T) {
	r := NewRegistry(nil, EntErrors{})
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name string
		err  error
		kind ErrorKind
		code string
	}{
		{"connection refused, wrapped", fmt.Errorf("failed to connect to `user=app`: %w", refused), Unavailable, CodeUnavailable},
		{"bad connection", fmt.Errorf("query: %w", driver.ErrBadConn), Unavailable, CodeUnavailable},
		{"connection done", sql.ErrConnDone, Unavailable, CodeUnavailable},
		{"cut mid-response", fmt.Errorf("reading: %w", io.ErrUnexpectedEOF), Unavailable, CodeUnavailable},
		{"admin shutdown", fmt.Errorf("ent: %w", sqlStateError("57P01")), Unavailable, CodeUnavailable},
		{"starting up", sqlStateError("57P03"), Unavailable, CodeUnavailable},
		{"too many connections", sqlStateError("53300"), Unavailable, CodeUnavailable},
		{"connection failure", sqlStateError("08006"), Unavailable, CodeUnavailable},
		{"syntax error is a bug", sqlStateError("42601"), Internal, CodeInternal},
		{"value out of range", fmt.Errorf("ent: %w", sqlStateError("22003")), Invalid, CodeInvalidValue},
		{"MySQL value out of range", errors.New("Error 1690 (22003): BIGINT value is out of range in '(`t`.`view_count` + 1)'"), Invalid, CodeInvalidValue},
		{"not null", fmt.Errorf("ent: %w", sqlStateError("23502")), Conflict, CodeConstraint},
		{"SQLite not null", errors.New("NOT NULL constraint failed: profiles.user_id"), Conflict, CodeConstraint},
		{"MySQL not null", errors.New("Error 1048 (23000): Column 'user_id' cannot be null"), Conflict, CodeConstraint},
		{"query cancelled", fmt.Errorf("tx: %w", context.DeadlineExceeded), Unavailable, CodeCanceled},
		{"unknown", errors.New("something else"), Internal, CodeInternal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := r.Classify(tc.err)
			if e.Kind != tc.kind || e.Code != tc.code || !errors.Is(e, tc.err) {
				t.Fatalf("Classify(%v) = kind %d code %q (wraps it: %v), want kind %d code %q", tc.err, e.Kind, e.Code, errors.Is(e, tc.err), tc.kind, tc.code)
			}
			if tc.code == CodeUnavailable && e.Detail != "the database is unavailable; try again later" {
				t.Errorf("detail %q quotes the driver", e.Detail)
			}
		})
	}
}
