package deploy

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/tag"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

const (
	scaleInstances  = 3
	scaleClients    = 16
	scaleIterations = 25
)

// TestScaleOut: three instances behind the proxy over one PostgreSQL, 16
// clients of the mixed load. Without incidents every request succeeds and
// the final counts are exact; with one instance killed mid-load only the
// requests it had in flight fail, nothing acknowledged is lost, and the
// other two serve the rest.
func TestScaleOut(t *testing.T) {
	needDrills(t)
	dsn := testdb.FreshOn(t, "postgres")
	ins := make([]*instance, scaleInstances)
	urls := make([]string, scaleInstances)
	for i := range ins {
		ins[i] = launch(t, dsn)
	}
	for i, in := range ins {
		if err := in.ready(); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		urls[i] = in.url
	}
	p := newProxy(t, urls...)
	db := ent.NewClient(ent.Driver(testdb.Open(t, dsn)))
	ctx := privacy.Bypass(context.Background())

	t.Run("steady", func(t *testing.T) {
		setup := setupLoad(t, p.url, scaleClients, "steady")
		l := &load{base: p.url, setup: setup, prefix: "steady", iterations: scaleIterations}
		res := l.run()
		report(t, "steady", scaleInstances, res)
		if len(res.unexpected) > 0 || res.doubt > 0 {
			t.Fatalf("%d unexpected answers, %d in doubt; first: %s", len(res.unexpected), res.doubt, first(res.unexpected))
		}
		if lost := verifyLoad(t, db, "steady", setup, res.records); lost != 0 {
			t.Fatalf("%d acknowledged writes lost", lost)
		}
		// Exact totals: every iteration of every client made two posts,
		// two comments, one increment and one tag link.
		n := scaleClients * scaleIterations
		posts := db.Post.Query().Where(post.TitleHasPrefix("steady-"))
		if got := posts.Clone().CountX(ctx); got != 2*n {
			t.Errorf("%d posts, want %d", got, 2*n)
		}
		if got := posts.Clone().QueryComments().CountX(ctx); got != 2*n {
			t.Errorf("%d comments, want %d", got, 2*n)
		}
		if got := posts.Clone().Aggregate(ent.Sum(post.FieldViewCount)).IntX(ctx); got != n {
			t.Errorf("%d increments, want %d", got, n)
		}
		if got := posts.Clone().QueryTags().Where(tag.ID(setup.tagB)).CountX(ctx); got == 0 {
			t.Errorf("no post has the tag the clients added")
		}
		for i, b := range p.backends {
			if b.served.Load() == 0 {
				t.Errorf("instance %d served nothing", i)
			}
		}
	})

	t.Run("one instance killed", func(t *testing.T) {
		setup := setupLoad(t, p.url, scaleClients, "kill")
		l := &load{base: p.url, setup: setup, prefix: "kill", iterations: scaleIterations}
		victim := ins[1]
		servedAtKill := make([]int64, scaleInstances)
		killed := make(chan struct{})
		go func() {
			defer close(killed)
			for l.creates.Load() < scaleClients*scaleIterations*2/3 {
				time.Sleep(5 * time.Millisecond)
			}
			victim.kill()
			for i, b := range p.backends {
				servedAtKill[i] = b.served.Load()
			}
		}()
		res := l.run()
		<-killed
		report(t, "one instance killed", scaleInstances, res)
		if len(res.unexpected) > 0 {
			t.Fatalf("%d unexpected answers; first: %s", len(res.unexpected), first(res.unexpected))
		}
		// Each client has at most one request in flight.
		if res.doubt > scaleClients {
			t.Errorf("%d requests in doubt, more than the %d clients could have had in flight", res.doubt, scaleClients)
		}
		if lost := verifyLoad(t, db, "kill", setup, res.records); lost != 0 {
			t.Fatalf("%d acknowledged writes lost", lost)
		}
		for i, b := range p.backends {
			if after := b.served.Load() - servedAtKill[i]; i != 1 && after == 0 {
				t.Errorf("instance %d served nothing after the kill", i)
			}
		}
		for i, in := range ins {
			if i != 1 && !in.alive() {
				t.Errorf("instance %d died too; log:\n%s", i, in.logs)
			}
		}
	})
}

// report logs the figures of a load.
func report(t *testing.T, name string, instances int, res loadResult) {
	t.Helper()
	t.Logf("%s: %d instances, %d clients, %d requests in %v (%.0f req/s): %d acknowledged, %d in doubt, %d unexpected",
		name, instances, res.clients, res.requests, res.elapsed.Round(time.Millisecond),
		float64(res.requests)/res.elapsed.Seconds(), res.acked, res.doubt, len(res.unexpected))
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return fmt.Sprint(s[0])
}
