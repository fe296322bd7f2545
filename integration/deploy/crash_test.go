package deploy

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

const (
	crashClients = 8
	crashAfter   = 200 // acknowledged creates before the kill
)

// TestCrash kills the server with SIGKILL during the write load, on SQLite
// and on PostgreSQL, and restarts it on the same database: every
// acknowledged write is there, no nested write is partial (a post has both
// its comments and its tag, or does not exist), and SQLite's integrity check
// passes.
func TestCrash(t *testing.T) {
	needDrills(t)
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dsn := testdb.FreshOn(t, kind)
			in := start(t, dsn)
			setup := setupLoad(t, in.url, crashClients, "crash")
			l := &load{base: in.url, setup: setup, prefix: "crash", iterations: 1 << 20, crash: true}
			killed := make(chan struct{})
			go func() {
				defer close(killed)
				for l.creates.Load() < crashAfter {
					time.Sleep(2 * time.Millisecond)
				}
				in.kill()
			}()
			res := l.run()
			select {
			case <-killed:
			case <-time.After(time.Minute):
				t.Fatalf("the load ended before the kill; %d creates", l.creates.Load())
			}
			report(t, "crash on "+kind, 1, res)
			if len(res.unexpected) > 0 {
				t.Fatalf("%d unexpected answers before the crash; first: %s", len(res.unexpected), first(res.unexpected))
			}

			restarted := time.Now()
			again := start(t, dsn)
			t.Logf("restarted and serving in %v", time.Since(restarted).Round(time.Millisecond))
			db := ent.NewClient(ent.Driver(testdb.Open(t, dsn)))
			if lost := verifyLoad(t, db, "crash", setup, res.records); lost != 0 {
				t.Fatalf("%d acknowledged writes lost", lost)
			}
			// The restarted server sees the same rows as the database.
			n := db.Post.Query().Where(post.TitleHasPrefix("crash-")).CountX(privacy.Bypass(context.Background()))
			q := url.QueryEscape(`{"where":{"title":{"startsWith":"crash-"}}}`)
			r, err := call(httpClient, http.MethodGet, again.url+"/api/rpc/post/count?q="+q, bearer(t, 1), "")
			if err != nil || string(r.body) != `{"data":`+strconv.Itoa(n)+`}` {
				t.Errorf("the restarted server counts %s %v, the database %d", r.body, err, n)
			}
			if kind == "sqlite" {
				var check string
				if err := testdb.Open(t, dsn).DB().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
					t.Errorf("PRAGMA integrity_check: %q %v", check, err)
				}
			}
		})
	}
}
