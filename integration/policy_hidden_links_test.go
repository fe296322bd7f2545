package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHiddenLinksStay: replacing or clearing a to-many changes only the
// links the viewer can read. Tag 1 carries Emily's draft (post 3, hidden
// from Bob) and Bob's published post 4; Bob replaces the tag's posts with
// his draft 5, then clears them, by every path of both APIs: each answers
// 200 without the draft, and the draft stays linked.
func TestHiddenLinksStay(t *testing.T) {
	type step struct{ method, path, body string }
	cases := []struct {
		name           string
		replace, clear step
		rpc            bool
	}{
		{"REST relationship endpoint",
			step{"PATCH", "/tag/1/relationships/posts", `{"data":[{"type":"post","id":"5"}]}`},
			step{"PATCH", "/tag/1/relationships/posts", `{"data":[]}`}, false},
		{"REST relationships in the body",
			step{"PATCH", "/tag/1", `{"data":{"type":"tag","id":"1","relationships":{"posts":{"data":[{"type":"post","id":"5"}]}}}}`},
			step{"PATCH", "/tag/1", `{"data":{"type":"tag","id":"1","relationships":{"posts":{"data":[]}}}}`}, false},
		{"RPC set",
			step{http.MethodPut, "tag/update", `{"where":{"id":1},"data":{"posts":{"set":[{"id":5}]}},"select":{"posts":{"select":{"id":true}}}}`},
			step{http.MethodPut, "tag/update", `{"where":{"id":1},"data":{"posts":{"set":[]}},"select":{"posts":{"select":{"id":true}}}}`}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.rest(t, system, "PATCH", "/tag/1/relationships/posts", `{"data":[{"type":"post","id":"3"},{"type":"post","id":"4"}]}`).ok(t)
			for _, s := range []struct {
				step
				bob  []string // what Bob is answered
				held []string // what the tag holds
			}{
				{c.replace, []string{"5"}, []string{"3", "5"}},
				{c.clear, nil, []string{"3"}},
			} {
				if c.rpc {
					posts := `[]`
					if len(s.bob) > 0 {
						posts = `[{"id":` + s.bob[0] + `}]`
					}
					e.rpc(t, bob, s.method, s.path, s.body).data(t, `{"posts":`+posts+`}`)
				} else {
					e.rest(t, bob, s.method, s.path, s.body).ok(t)
				}
				e.rest(t, bob, "GET", "/tag/1/relationships/posts", "").expect(t, 200, toMany("/tag/1/relationships/posts", "post", s.bob...))
				e.rest(t, system, "GET", "/tag/1/relationships/posts", "").expect(t, 200, toMany("/tag/1/relationships/posts", "post", s.held...))
			}
		})
	}
}

// TestVisibleLinkStillChecked: a replace still needs the viewer to be
// allowed to update each row it unlinks: Bob cannot take Emily's published
// post 2 off tag 2 (403, nothing changed), whether or not hidden rows are
// linked too.
func TestVisibleLinkStillChecked(t *testing.T) {
	e := newEnv(t)
	// tag 2 (ent): Emily's published post 2 and her draft 3
	const held = "/tag/2/relationships/posts"
	want := toMany(held, "post", "2", "3")
	e.rest(t, system, "GET", held, "").expect(t, 200, want)
	err := e.rest(t, bob, "PATCH", held, `{"data":[]}`).fails(t, http.StatusForbidden)
	require.Contains(t, err.Detail, "update Post")
	e.rpc(t, bob, http.MethodPut, "tag/update", `{"where":{"id":2},"data":{"posts":{"set":[{"id":4}]}}}`).rpcFails(t, http.StatusForbidden)
	e.rest(t, bob, "PATCH", "/tag/2", `{"data":{"type":"tag","id":"2","relationships":{"posts":{"data":[{"type":"post","id":"2"},{"type":"post","id":"4"}]}}}}`).ok(t)
	e.rest(t, system, "GET", held, "").expect(t, 200, toMany(held, "post", "2", "3", "4"))
	// Emily, an admin, may: she reads her draft too, so it goes
	e.rest(t, emily, "PATCH", held, `{"data":[{"type":"post","id":"4"}]}`).ok(t)
	e.rest(t, system, "GET", held, "").expect(t, 200, toMany(held, "post", "4"))
}
