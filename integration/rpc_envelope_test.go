package integration

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The typed assertions of RPC responses: {"data": …, "meta": …} on success,
// {"error": {…}} on failure.

// rpcError is the error member of a failed RPC call.
type rpcError struct {
	Message          string `json:"message"`
	Reason           string `json:"reason"`
	Code             string `json:"code"` // Prisma's (P2002 …)
	Model            string `json:"model"`
	RejectedByPolicy bool   `json:"rejectedByPolicy"`
	RejectReason     string `json:"rejectReason"`
	Path             string `json:"path"` // of the bad argument
	ErrorCode        string `json:"errorCode"`
}

// result decodes the data member of a successful call (status 200 or 201).
func (r *response) result(t testing.TB) any {
	t.Helper()
	require.Contains(t, []int{http.StatusOK, http.StatusCreated}, r.status, r.body)
	r.hasMediaType(t)
	var v map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(r.body), &v), "body: %s", r.body)
	require.Contains(t, v, "data", r.body)
	var d any
	require.NoError(t, json.Unmarshal(v["data"], &d))
	return d
}

// data checks a successful call whose data is want (JSON, compared as
// values).
func (r *response) data(t testing.TB, want string) {
	t.Helper()
	got, err := json.Marshal(r.result(t))
	require.NoError(t, err)
	require.JSONEq(t, want, string(got), r.body)
}

// rpcFails checks a failed call of the status with an error message, and
// returns the error.
func (r *response) rpcFails(t testing.TB, status int) rpcError {
	t.Helper()
	require.Equal(t, status, r.status, r.body)
	require.True(t, strings.HasPrefix(r.body, `{"error":{"message":`), "bad error body %s", r.body)
	r.hasMediaType(t)
	var v struct {
		Error rpcError `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &v), "body: %s", r.body)
	require.NotEmpty(t, v.Error.Message, r.body)
	return v.Error
}

// rpcCase is one RPC call and what its answer must be: the exact data as
// JSON (data), or else the ids of the returned rows (ids; "" is no rows), or
// an error status with a fragment of its body (msg).
type rpcCase struct {
	name   string // cites the spec id
	path   string // <model>/<operation>
	args   string // the q parameter (GET) or the body
	status int    // default 200
	ids    string // "1,2,3": the ids of the rows of data, in order
	data   string // exact JSON of data (compared after normalisation)
	msg    string // a fragment of the body
}

func (c rpcCase) check(t testing.TB, r *response) {
	t.Helper()
	want := c.status
	if want == 0 {
		want = http.StatusOK
	}
	require.Equal(t, want, r.status, r.body)
	if c.msg != "" {
		require.Contains(t, r.body, c.msg)
	}
	if r.status >= 400 {
		r.rpcFails(t, r.status)
		return
	}
	if c.data != "" {
		r.data(t, c.data)
		return
	}
	// ids "" is an empty list
	require.Equal(t, c.ids, idsOf(r.result(t)), r.body)
}

// idsOf lists the id members of an array of objects (or of one object).
func idsOf(v any) string {
	var xs []any
	switch x := v.(type) {
	case []any:
		xs = x
	case nil:
		return "null"
	default:
		xs = []any{x}
	}
	s := make([]string, len(xs))
	for i, x := range xs {
		o, _ := x.(map[string]any)
		s[i] = fmt.Sprint(o["id"])
	}
	return strings.Join(s, ",")
}
