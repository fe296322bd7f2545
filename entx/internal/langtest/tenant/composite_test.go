package tenant

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent"
	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent/watch"
	"github.com/entstack/entstack/restapi"
	"github.com/entstack/entstack/rpcapi"
)

// A row with a composite id (Watch, an edge schema) is updated and
// deleted as one with a single-field id is: one statement with the rules
// in its WHERE, a row the viewer cannot read is not found, and one it
// reads but may not write is the rule's 403; through REST (id "3_1") and
// RPC (where: {memberId_projectId: {…}}) alike.
func TestCompositeIDSingleRowWrites(t *testing.T) {
	w := setup(t)
	w.c.Watch.Create().SetMemberID(w.carol.ID).SetProjectID(w.apollo.ID).SaveX(sys)
	rest, err := restapi.New(w.c.Resources(), restapi.Options{Endpoint: "http://example.com/api"})
	require.NoError(t, err)
	rpc, err := rpcapi.New(w.c.Resources(), rpcapi.Options{})
	require.NoError(t, err)
	send := func(u *ent.Member, method, path, body string) (int, string) {
		h := http.Handler(rest)
		if strings.Contains(path, "?q=") || strings.HasSuffix(path, "/update") {
			h = rpc
		}
		r := httptest.NewRequest(method, "http://example.com"+path, strings.NewReader(body)).WithContext(as(u))
		if body != "" {
			r.Header.Set("Content-Type", "application/vnd.api+json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code, rec.Body.String()
	}
	carols := fmt.Sprintf("/watch/%d_%d", w.carol.ID, w.apollo.ID)
	missing := fmt.Sprintf("/watch/%d_%d", w.dave.ID, w.apollo.ID)
	patch := func(path, level string) string {
		return fmt.Sprintf(`{"data":{"type":"watch","id":%q,"attributes":{"level":%q}}}`, strings.TrimPrefix(path, "/watch/"), level)
	}
	where := fmt.Sprintf(`"where":{"memberId_projectId":{"memberId":%d,"projectId":%d}}`, w.carol.ID, w.apollo.ID)
	update := func(level string) string { return `{` + where + `,"data":{"level":"` + level + `"}}` }
	rpcDelete := "/watch/delete?q=" + url.QueryEscape(`{`+where+`}`)
	level := func() string { return w.c.Watch.Query().Where(watch.MemberID(w.carol.ID)).OnlyX(sys).Level }
	steps := []struct {
		name         string
		viewer       *ent.Member
		method, path string
		body         string
		want         int
		level        string // the row's level after the step
	}{
		{"its member reads it", w.carol, "GET", carols, "", http.StatusOK, "all"},
		{"RPC: a stranger cannot read it", w.dave, "PUT", "/watch/update", update("dave"), http.StatusNotFound, "all"},
		{"RPC: its member may not update it", w.carol, "PUT", "/watch/update", update("carol"), http.StatusForbidden, "all"},
		{"RPC: the project's owner updates it", w.bob, "PUT", "/watch/update", update("none"), http.StatusOK, "none"},
		{"RPC: a stranger cannot delete it", w.dave, "DELETE", rpcDelete, "", http.StatusNotFound, "none"},
		{"RPC: its member may not delete it", w.carol, "DELETE", rpcDelete, "", http.StatusForbidden, "none"},
		{"a stranger cannot read it: not found", w.dave, "PATCH", carols, patch(carols, "dave"), http.StatusNotFound, "none"},
		{"its member may not update it", w.carol, "PATCH", carols, patch(carols, "carol"), http.StatusForbidden, "none"},
		{"the project's owner updates it", w.bob, "PATCH", carols, patch(carols, "mentions"), http.StatusOK, "mentions"},
		{"a missing row", w.bob, "PATCH", missing, patch(missing, "none"), http.StatusNotFound, "mentions"},
		{"a stranger cannot delete what it cannot read", w.dave, "DELETE", carols, "", http.StatusNotFound, "mentions"},
		{"its member may not delete it", w.carol, "DELETE", carols, "", http.StatusForbidden, "mentions"},
		{"the project's owner deletes it", w.bob, "DELETE", carols, "", http.StatusNoContent, ""},
		{"deleted", w.bob, "GET", carols, "", http.StatusNotFound, ""},
	}
	for _, s := range steps {
		code, body := send(s.viewer, s.method, s.path, s.body)
		require.Equal(t, s.want, code, "%s: %s", s.name, body)
		if s.level != "" {
			require.Equal(t, s.level, level(), s.name)
		} else {
			require.Zero(t, w.c.Watch.Query().CountX(sys), s.name)
		}
	}
}
