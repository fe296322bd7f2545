package privacy_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/predicate"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// BenchmarkListPosts lists 100 posts through the policy-filtered client and
// compares it with the bypass decision: plain bypass (no filter at all), and
// bypass with the policy's SQL written by hand (same rows, same SQL: what
// the policy machinery itself costs). Three viewers:
//
//   - admin: the read rule folds to true, the SQL is the bypass SQL;
//   - anonymous, the R1 shape of bench/: published posts by -viewCount,
//     served by the (published, view_count) index;
//   - a signed-in user: published OR own, by id.
func BenchmarkListPosts(b *testing.B) {
	c, u, admin := setupBench(b)
	byViews := func(q *ent.PostQuery) { q.Order(post.ByViewCount(sql.OrderDesc())) }
	byID := func(q *ent.PostQuery) { q.Order(post.ByID()) }
	handAnon := func(q *ent.PostQuery) { q.Where(predicate.Post(resource.FieldEQ(post.FieldPublished, true))) }
	handUser := func(q *ent.PostQuery) {
		q.Where(post.Or(predicate.Post(resource.FieldEQ(post.FieldPublished, true)), post.AuthorID(u.ID)))
	}
	bypass := privacy.Bypass(context.Background())
	cases := []struct {
		name  string
		ctx   context.Context
		order func(*ent.PostQuery)
		where func(*ent.PostQuery)
	}{
		{"admin/policy", ent.WithViewer(context.Background(), admin), byID, nil},
		{"admin/bypass", bypass, byID, nil},
		{"anonymous/policy", context.Background(), byViews, nil},
		{"anonymous/bypass+same-sql", bypass, byViews, handAnon},
		{"anonymous/bypass-no-filter", bypass, byViews, nil},
		{"user/policy", ent.WithViewer(context.Background(), u), byID, nil},
		{"user/bypass+same-sql", bypass, byID, handUser},
		{"user/bypass-no-filter", bypass, byID, nil},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				q := c.Post.Query().Limit(100)
				tc.order(q)
				if tc.where != nil {
					tc.where(q)
				}
				ps, err := q.All(tc.ctx)
				if err != nil || len(ps) != 100 {
					b.Fatalf("got %d posts, %v", len(ps), err)
				}
			}
		})
	}
}

// BenchmarkPolicyOverhead runs the policy-filtered list and its bypass
// twin alternately in one loop, so that both see the same machine noise,
// and reports their time ratio (policy/twin): the cost of the policy
// machinery beyond the SQL it adds.
func BenchmarkPolicyOverhead(b *testing.B) {
	c, u, admin := setupBench(b)
	bypass := privacy.Bypass(context.Background())
	list := func(ctx context.Context, where ...predicate.Post) time.Duration {
		start := time.Now()
		ps, err := c.Post.Query().Where(where...).Order(post.ByViewCount(sql.OrderDesc())).Limit(100).All(ctx)
		if err != nil || len(ps) != 100 {
			b.Fatalf("got %d posts, %v", len(ps), err)
		}
		return time.Since(start)
	}
	published := predicate.Post(resource.FieldEQ(post.FieldPublished, true))
	cases := []struct {
		name   string
		policy context.Context
		twin   []predicate.Post // the policy's SQL, by hand, under bypass
	}{
		{"admin", ent.WithViewer(context.Background(), admin), nil},
		{"anonymous", context.Background(), []predicate.Post{published}},
		{"user", ent.WithViewer(context.Background(), u), []predicate.Post{post.Or(published, post.AuthorID(u.ID))}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			var tp, tb time.Duration
			for b.Loop() {
				tp += list(tc.policy)
				tb += list(bypass, tc.twin...)
			}
			b.ReportMetric(float64(tp)/float64(tb), "policy/bypass")
		})
	}
}

// setupBench: 100 users, 5,000 posts, half of them published.
func setupBench(b *testing.B) (c *ent.Client, u, admin *ent.User) {
	c = enttest.Open(b, "sqlite3", "file:bench?mode=memory&cache=shared&_fk=1")
	b.Cleanup(func() { c.Close() })
	ctx := privacy.Bypass(context.Background())
	var users []*ent.User
	for i := range 100 {
		users = append(users, c.User.Create().SetEmail(fmt.Sprintf("u%d@x", i)).SaveX(ctx))
	}
	admin = c.User.Create().SetEmail("admin@x").SetRole(user.RoleADMIN).SaveX(ctx)
	for chunk := range 10 {
		bulk := make([]*ent.PostCreate, 0, 500)
		for i := chunk * 500; i < (chunk+1)*500; i++ {
			bulk = append(bulk, c.Post.Create().SetTitle(fmt.Sprintf("post %d", i)).
				SetPublished(i%2 == 0).SetViewCount(i*7919%5000).SetAuthor(users[i%100]))
		}
		c.Post.CreateBulk(bulk...).SaveX(ctx)
	}
	return c, users[1], admin
}

// BenchmarkReadScope is the Go-side cost of the policy per query: the
// decision and auth() look-ups and building the read predicate of Post
// (what the interceptor does before Ent builds the SQL), in isolation from
// SQLite's noise.
func BenchmarkReadScope(b *testing.B) {
	u := &ent.User{ID: 7}
	admin := &ent.User{ID: 8, Role: user.RoleADMIN}
	m, _ := (&ent.Client{}).Resources().ModelByName("Post")
	for _, tc := range []struct {
		name string
		ctx  context.Context
	}{
		{"anonymous", context.Background()},
		{"user", ent.WithViewer(context.Background(), u)},
		{"admin", ent.WithViewer(context.Background(), admin)},
		{"bypass", privacy.Bypass(context.Background())},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = m.Ops().ReadScope(tc.ctx)
			}
		})
	}
}
