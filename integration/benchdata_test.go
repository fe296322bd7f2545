package integration

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/integration/handwritten"
)

// benchEnv is the data and the two servers the benchmarks compare: the
// generated handlers (the example server, env.handler) and the hand-written
// ones, over the same database.
type benchEnv struct {
	*env
	handmade http.Handler
}

const (
	benchUsers  = 1000
	benchPosts  = 10000
	benchAuthor = viewer(7)
)

// benchSetup builds the benchmark data for one benchmark function: users,
// posts of which 60% are published (the shape of the shared 100k dataset,
// scaled down), comments and tags, on the database ENTSTACK_TEST_DB selects
// (SQLite by default), without the statement log.
func benchSetup(b *testing.B) *benchEnv {
	b.Helper()
	e := newEnv(b, withSeed(seedBench), withoutSQLLog())
	return &benchEnv{env: e, handmade: systemHeader((&handwritten.Server{Client: e.client, Base: restBase}).Handler())}
}

// serveAs builds the request of r and serves it to h in-process.
func (e *benchEnv) serve(b *testing.B, h http.Handler, r request, want int) {
	req, err := e.newRequest(r)
	if err != nil {
		b.Fatal(err)
	}
	serve(b, h, req, want)
}

func seedBench(ctx context.Context, c *ent.Client) error {
	created := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	users := make([]*ent.UserCreate, benchUsers)
	for i := range users {
		u := c.User.Create().SetEmail(fmt.Sprintf("user%d@bench.local", i+1)).SetCreatedAt(created)
		if i%10 != 0 {
			u.SetName(fmt.Sprintf("User %d", i+1))
		}
		if i%50 == 0 {
			u.SetRole(user.RoleADMIN)
		}
		users[i] = u
	}
	if err := c.User.CreateBulk(users...).Exec(ctx); err != nil {
		return err
	}
	tags := make([]*ent.TagCreate, 50)
	for i := range tags {
		tags[i] = c.Tag.Create().SetName(fmt.Sprintf("tag%d", i+1))
	}
	if err := c.Tag.CreateBulk(tags...).Exec(ctx); err != nil {
		return err
	}
	const batch = 500
	for start := 0; start < benchPosts; start += batch {
		posts := make([]*ent.PostCreate, 0, batch)
		for i := start; i < start+batch && i < benchPosts; i++ {
			p := c.Post.Create().
				SetTitle(fmt.Sprintf("Post number %d about things", i+1)).
				SetContent("Some content for the benchmark post, long enough to be realistic.").
				SetPublished(i%5 < 3).
				SetViewCount((i * 7919) % 10007).
				SetCreatedAt(created.Add(time.Duration(i) * time.Minute)).
				SetAuthorID((i*7919)%benchUsers + 1)
			if i%5 != 0 {
				p.SetRating(float64(i%50) / 10)
			}
			posts = append(posts, p)
		}
		if err := c.Post.CreateBulk(posts...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// serve runs one request through h and fails the benchmark on a status
// other than want.
func serve(b *testing.B, h http.Handler, req *http.Request, want int) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d, want %d: %s", req.Method, req.URL, rec.Code, want, rec.Body.String())
	}
}
