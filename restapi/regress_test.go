package restapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/privacy"
)

// TestSortThroughGuardedRelation: a sort through a to-one relationship
// whose target has a read policy (comment → post: published || author)
// binds the policy's values inside ORDER BY. Found by FuzzParams: Ent's
// Selector.OrderExprFunc renders to a string and drops the arguments, so the
// query had a placeholder without a value (500 "not enough args").
func TestSortThroughGuardedRelation(t *testing.T) {
	h, user := blogHandler(t)
	for _, tc := range []struct {
		viewer string
		ctx    context.Context
		want   string // a comment the viewer sees
	}{
		{"anonymous", context.Background(), `"id":"1"`},
		{"user", ent.WithViewer(context.Background(), user), `"id":"1"`},
		{"bypass", privacy.Bypass(context.Background()), `"id":"2"`},
	} {
		for _, q := range []string{"sort=post.author.name,id", "sort=-post.title,id", "sort=post.viewCount&filter[post][published]=true"} {
			t.Run(tc.viewer+"/"+q, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodGet, "/comment?"+q, nil).WithContext(tc.ctx)
				req.URL.Path = "/comment"
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), tc.want) {
					t.Fatalf("GET /comment?%s: %d %s", q, rec.Code, rec.Body)
				}
			})
		}
	}
}
