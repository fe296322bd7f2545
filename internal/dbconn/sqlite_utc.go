package dbconn

import (
	"database/sql/driver"
	"time"

	"github.com/mattn/go-sqlite3"
)

// utcDriver is mattn/go-sqlite3 writing every time argument in UTC.
//
// SQLite has no time type: mattn stores a time as text in the value's own
// offset ("2030-01-01 10:00:00+05:30"), and SQLite compares and sorts that
// text byte by byte. Times written with different offsets (a server's local
// zone, DST changes, a client's "…+02:00" filter) then compare wrongly, in
// filters, ORDER BY and cursors alike. Written in UTC they compare as times,
// as they do on PostgreSQL (timestamptz) and MySQL (loc=UTC).
type utcDriver struct{ *sqlite3.SQLiteDriver }

func (d utcDriver) Open(dsn string) (driver.Conn, error) {
	c, err := d.SQLiteDriver.Open(dsn)
	if err != nil {
		return nil, err
	}
	return utcConn{c.(*sqlite3.SQLiteConn)}, nil
}

// utcConn is mattn's connection (all its methods promoted) with an argument
// check that database/sql runs on every argument of every statement.
type utcConn struct{ *sqlite3.SQLiteConn }

// CheckNamedValue converts as database/sql would by default (Valuers,
// pointers, integer kinds), then moves times to UTC.
func (utcConn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := driver.DefaultParameterConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	if t, ok := v.(time.Time); ok {
		v = t.UTC()
	}
	nv.Value = v
	return nil
}
