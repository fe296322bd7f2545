package restapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/restapi"
)

// FuzzParams sends arbitrary paths and query strings through the real
// handler over a small in-memory blog database, so that parsing, query
// compilation, SQL and document writing are all exercised. A request may be
// refused, but never with a panic, a 5xx or a body that is not JSON.
// Seeds: testdata/fuzz/FuzzParams plus the list below.
func FuzzParams(f *testing.F) {
	for _, s := range [][2]string{
		{"/post", ""},
		{"/post", "include=author,comments.author&sort=-viewCount&page[limit]=2"},
		{"/post/1", "fields[post]=title,author&include=author"},
		{"/user/1/posts", "filter[published]=true&sort=title"},
		{"/user/1/relationships/posts", "page[offset]=1&page[limit]=1"},
		{"/post", "filter[author][name]=Emily&filter[viewCount$gt]=100"},
		{"/post", "filter[tags$hasEvery]=1,2&filter[tags$hasSome]=2,3"},
		{"/post", "filter[comments$isEmpty]=true"},
		{"/post", "filter[title$contains]=%25_%5C&filter[title$icontains]=POST"},
		{"/post", "sort=author.name,-id&fields[post]=title"},
		{"/post", "filter[createdAt$gte]=2026-01-01T00:00:00Z&filter[rating$lt]=1.5"},
		{"/user", "filter[posts][comments][author][email$endsWith]=.dev&include=posts.comments.author.profile"},
		{"/comment", "filter[post][author][role]=ADMIN,USER"},
		{"/tag/1/posts", "include=author&fields[user]="},
		{"/post", "page[limit]=0"},
		{"/post", "filter[id]=1,,2"},
		{"/post", "filter[viewCount]=99999999999999999999"},
		{"/post", "filter[rating]=NaN"},
		{"/post", "filter[]=1&sort=&include=.."},
		{"/post", "filter[author$has]=1"},
		{"/post", "fields[post]=title&fields[user]=name&include=author"},
		{"/post", "filter%5Btitle%5D=x%00y"},
		{"/post/%00", ""},
		{"/post/1/relationships/tags", "include=tags"},
	} {
		f.Add(s[0], s[1])
	}
	h, user := blogHandler(f)
	// Every input runs as three viewers: with the policies bypassed (to
	// reach the SQL of every parameter unfiltered), anonymous and a signed-in
	// user (the policies' read scopes join the filters, sorts and includes).
	viewers := []struct {
		name string
		ctx  func(context.Context) context.Context
	}{
		{"bypass", privacy.Bypass},
		{"anonymous", func(ctx context.Context) context.Context { return ctx }},
		{"user", func(ctx context.Context) context.Context { return ent.WithViewer(ctx, user) }},
	}
	f.Fuzz(func(t *testing.T, path, rawQuery string) {
		for _, v := range viewers {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path, req.URL.RawQuery = path, rawQuery
			ctx, cancel := context.WithTimeout(v.ctx(context.Background()), 10*time.Second)
			req = req.WithContext(ctx)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			cancel()
			if rec.Code >= 500 {
				t.Fatalf("GET %s?%s as %s: status %d: %s", path, rawQuery, v.name, rec.Code, rec.Body)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("GET %s?%s as %s: status %d, body is not JSON: %q", path, rawQuery, v.name, rec.Code, rec.Body)
			}
		}
	})
}

// blogHandler returns the JSON:API handler over an in-memory SQLite
// database with a few rows of every model (so that includes, relation
// filters and sorts have something to join).
// It returns the handler and a plain user (not an ADMIN) to sign in as.
func blogHandler(tb testing.TB) (*restapi.Handler, *ent.User) {
	c := enttest.Open(tb, "sqlite3", "file:"+strings.ReplaceAll(tb.Name(), "/", "_")+"?mode=memory&cache=shared&_fk=1")
	tb.Cleanup(func() { c.Close() })
	ctx := privacy.Bypass(context.Background())
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	u1 := c.User.Create().SetEmail("a@x.dev").SetName("Emily").SetCreatedAt(at).SaveX(ctx)
	u2 := c.User.Create().SetEmail("b@x.dev").SetCreatedAt(at).SaveX(ctx)
	c.Profile.Create().SetUser(u1).SetGender("f").SetBio("bio").SaveX(ctx)
	t1 := c.Tag.Create().SetName("go").SaveX(ctx)
	t2 := c.Tag.Create().SetName("ent").SaveX(ctx)
	p1 := c.Post.Create().SetTitle("first post").SetPublished(true).SetViewCount(120).SetRating(4.5).
		SetCreatedAt(at).SetAuthor(u1).AddTags(t1, t2).SaveX(ctx)
	p2 := c.Post.Create().SetTitle("draft").SetCreatedAt(at.Add(time.Hour)).SetAuthor(u2).AddTags(t2).SaveX(ctx)
	c.Comment.Create().SetContent("nice").SetPost(p1).SetAuthor(u2).SaveX(ctx)
	c.Comment.Create().SetContent("thanks").SetPost(p2).SetAuthor(u1).SaveX(ctx)
	h, err := restapi.New(c.Resources(), restapi.Options{Endpoint: "http://fuzz.test/api/rest"})
	if err != nil {
		tb.Fatal(err)
	}
	return h, u2
}
