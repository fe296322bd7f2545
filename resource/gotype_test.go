package resource

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/schema/field"
	"github.com/stretchr/testify/require"
)

// A Go type backed by an integer column but held as a string (Ent's
// integration suite has one, sid.ID): it converts through its Scanner.
type intString string

func (s *intString) Scan(v any) error {
	i, ok := v.(int64)
	if !ok {
		return errors.New("not an integer")
	}
	*s = intString(strconv.FormatInt(i, 10))
	return nil
}

func (s intString) Value() (driver.Value, error) { return strconv.ParseInt(string(s), 10, 64) }

func TestScan(t *testing.T) {
	ns, err := Scan[sql.NullString]("x")
	require.NoError(t, err)
	require.Equal(t, sql.NullString{String: "x", Valid: true}, ns)

	nt, err := ScanPtr[sql.NullTime](time.Unix(0, 0).UTC())
	require.NoError(t, err)
	require.True(t, nt.Valid)

	// canonical integers reach the scanner as int64, as drivers give them
	s, err := Scan[intString](uint64(42))
	require.NoError(t, err)
	require.Equal(t, intString("42"), s)
	s, err = Scan[intString](json.Number("7"))
	require.NoError(t, err)
	require.Equal(t, intString("7"), s)

	_, err = Scan[intString]("x")
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, Invalid, e.Kind)
}

// TestStrStoredAsInteger: Str takes a string type stored as an integer
// (entx converts Ent's sid.ID, whose Go kind is string, with Str) from a
// request as its text, checked by its Value, and from its column as the
// integer the driver returns, through its Scan.
func TestStrStoredAsInteger(t *testing.T) {
	for _, c := range []struct {
		in   any
		want intString
		err  string
	}{
		{"6915246621", "6915246621", ""},
		{int64(6915246621), "6915246621", ""}, // a raw scan of the column (linkage, counts)
		{"abc", "", `"abc" is not a valid value`},
		{true, "", "expected a string, got"},
	} {
		got, err := Str[intString](c.in)
		if c.err != "" {
			var e *Error
			require.ErrorAs(t, err, &e, "%v", c.in)
			require.Equal(t, Invalid, e.Kind)
			require.Contains(t, e.Detail, c.err)
			continue
		}
		require.NoError(t, err, "%v", c.in)
		require.Equal(t, c.want, got)
	}
	s, err := Str[string](int64(1))
	require.Error(t, err, "a plain string takes only strings: %q", s)
}

// triple scans "a,b,c" as Ent's integration schema does: it indexes the
// split string unchecked, and panics on anything else.
type triple struct{ E [3]string }

func (t *triple) Scan(v any) error {
	es := strings.Split(v.(string), ",")
	t.E[0], t.E[1], t.E[2] = es[0], es[1], es[2]
	return nil
}

// A Scan that panics on a request's value rejects the value: the request
// is invalid (422), the server does not die.
func TestScanPanicIsInvalid(t *testing.T) {
	x, err := Scan[triple]("a,b,c")
	require.NoError(t, err)
	require.Equal(t, [3]string{"a", "b", "c"}, x.E)
	_, err = Scan[triple]("p12")
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, Invalid, e.Kind)
	require.Contains(t, e.Detail, "index out of range")
	_, err = FromValue[int](panicScanner{})("1")
	require.ErrorContains(t, err, "is not a valid value")
}

// panicScanner is a ValueScanner whose FromValue panics.
type panicScanner struct{ intScanner }

func (panicScanner) FromValue(driver.Value) (int, error) { panic("boom") }

// intScanner is an external ValueScanner (field.ValueScanner in a schema)
// storing an int as text.
type intScanner struct{}

func (intScanner) Value(i int) (driver.Value, error) { return strconv.Itoa(i), nil }
func (intScanner) ScanValue() field.ValueScanner     { return &sql.NullString{} }
func (intScanner) FromValue(v driver.Value) (int, error) {
	ns, ok := v.(*sql.NullString)
	if !ok {
		return 0, errors.New("unexpected value")
	}
	return strconv.Atoi(ns.String)
}

func TestFromValue(t *testing.T) {
	conv := FromValue[int](intScanner{})
	i, err := conv("12")
	require.NoError(t, err)
	require.Equal(t, 12, i)
	_, err = conv("twelve")
	require.ErrorContains(t, err, "is not a valid value")
	require.Equal(t, `"12"`, string(AppendValueScanner[int](nil, KindString, intScanner{}, 12)))
}

func TestJSON(t *testing.T) {
	xs, err := JSON[[]string]([]any{"a", "b"})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, xs)

	type point struct{ X, Y int }
	p, err := JSON[point](map[string]any{"X": json.Number("1"), "Y": json.Number("2")})
	require.NoError(t, err)
	require.Equal(t, point{1, 2}, p)

	_, err = JSON[[]string](map[string]any{})
	require.ErrorContains(t, err, "invalid JSON value: expected []string, got a JSON object")
	_, err = JSON[point](map[string]any{"X": "one"})
	require.ErrorContains(t, err, "expected int at X, got a JSON string")

	raw, err := JSON[json.RawMessage](map[string]any{"a": []any{json.Number("1")}})
	require.NoError(t, err)
	require.JSONEq(t, `{"a":[1]}`, string(raw))
}

func TestBytesAs(t *testing.T) {
	ip, err := BytesAs[net.IP]([]byte{127, 0, 0, 1})
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", ip.String())
	_, err = BytesAs[net.IP]("AQID")
	require.Error(t, err)
}

func TestAppendDriverValue(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		kind Kind
		v    any
		want string
	}{
		{KindString, "a", `"a"`},
		{KindString, int64(42), `"42"`},
		{KindString, []byte("b"), `"b"`},
		{KindInt, int64(42), `42`},
		{KindInt, "12345678901234567890", `12345678901234567890`},
		{KindInt, "not a number", `"not a number"`},
		{KindInt, true, `1`},
		{KindBool, int64(0), `false`},
		{KindBool, true, `true`},
		{KindFloat, 1.5, `1.5`},
		{KindBytes, []byte{1, 2, 3}, `"AQID"`},
		{KindBytes, "\x01\x02\x03", `"AQID"`},
		{KindTime, at, `"2026-01-02T03:04:05Z"`},
		{KindUUID, "0b4a5c6e-0000-0000-0000-000000000000", `"0b4a5c6e-0000-0000-0000-000000000000"`},
		{KindOther, nil, `null`},
	} {
		require.Equal(t, tc.want, string(AppendDriverValue(nil, tc.kind, tc.v)), "%s %#v", tc.kind, tc.v)
	}
	require.Equal(t, `null`, string(AppendValuer(nil, KindString, sql.NullString{})))
	require.Equal(t, `"x"`, string(AppendValuer(nil, KindString, sql.NullString{String: "x", Valid: true})))
	require.Equal(t, `42`, string(AppendValuer(nil, KindInt, intString("42"))))
	require.Equal(t, `null`, string(AppendValuer(nil, KindInt, intString("x"))), "a Value error is null")
}
