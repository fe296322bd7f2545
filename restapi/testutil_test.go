package restapi

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/resource"
)

// testHandler returns a handler over the blog schema's registry. Parsing
// never touches the database; the in-memory client only exists because the
// registry is built from a generated client.
func testHandler(t *testing.T, opts Options) *Handler {
	t.Helper()
	c := enttest.Open(t, "sqlite3", fmt.Sprintf("file:%s?mode=memory&_fk=1", strings.ReplaceAll(t.Name(), "/", "_")))
	t.Cleanup(func() { c.Close() })
	if opts.Endpoint == "" {
		opts.Endpoint = "http://api.test/api/rest"
	}
	h, err := New(c.Resources(), opts)
	require.NoError(t, err)
	return h
}

func model(t *testing.T, h *Handler, typ string) *resource.Model {
	t.Helper()
	m, ok := h.reg.Model(typ)
	require.True(t, ok, "model %s", typ)
	return m
}

// query parses a raw query string the way net/http does.
func query(t *testing.T, raw string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(raw)
	require.NoError(t, err)
	return q
}

// requireParamError checks a parser error: a 400 with the code and the
// offending query parameter (JA-ERR-07), and a detail that mentions want.
func requireParamError(t *testing.T, err error, code, param, want string) {
	t.Helper()
	require.Error(t, err)
	re, ok := err.(*resource.Error)
	require.True(t, ok, "error %T %v is not a *resource.Error", err, err)
	require.Equal(t, resource.Invalid, re.Kind, "kind of %v", err)
	require.Equal(t, code, re.Code, "code of %v", err)
	require.Equal(t, param, re.Source.Parameter, "source.parameter of %v", err)
	require.Contains(t, re.Detail, want)
}

// show renders a filter tree compactly so that tests can compare parses
// with one readable string:
//
//	viewCount gt 100 · (title eq "a" | title eq "b") · some(author: name eq "Emily")
func show(f resource.Filter) string {
	switch x := f.(type) {
	case nil:
		return "<nil>"
	case resource.And:
		parts := make([]string, len(x))
		for i, g := range x {
			parts[i] = show(g)
		}
		return "(" + strings.Join(parts, " & ") + ")"
	case resource.Or:
		parts := make([]string, len(x))
		for i, g := range x {
			parts[i] = show(g)
		}
		return "(" + strings.Join(parts, " | ") + ")"
	case resource.Not:
		return "not(" + show(x.F) + ")"
	case resource.Const:
		return fmt.Sprint(bool(x))
	case *resource.Cmp:
		op := x.Op.String()
		if x.Fold {
			op = "i" + op
		}
		return fmt.Sprintf("%s %s %s", x.Field.Name(), op, showValue(x.Value))
	case *resource.EdgeFilter:
		mode := map[resource.EdgeMode]string{resource.Some: "some", resource.Every: "every", resource.None: "none"}[x.Mode]
		if x.Where == nil {
			return mode + "(" + x.Edge.Name() + ")"
		}
		return mode + "(" + x.Edge.Name() + ": " + show(x.Where) + ")"
	}
	return fmt.Sprintf("%T", f)
}

func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []any:
		parts := make([]string, len(x))
		for i, y := range x {
			parts[i] = showValue(y)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprintf("%v(%T)", v, v)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
