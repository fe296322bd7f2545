package integration

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/entstack/entstack/privacy"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/integration/handwritten"
)

// benchEnv is the data and the two servers the benchmarks compare: the
// generated handlers (the example server) and the hand-written ones, over
// the same SQLite file.
type benchEnv struct {
	client    *ent.Client
	generated http.Handler
	handmade  http.Handler
	token     string // bearer token of benchAuthor
}

const (
	benchUsers  = 1000
	benchPosts  = 10000
	benchAuthor = 7
	benchBase   = "http://bench.local"
)

var (
	benchOnce sync.Once
	bench     *benchEnv
	benchErr  error
)

// benchSetup builds the benchmark data once per process: users, posts of
// which 60% are published (the shape of the shared 100k dataset, scaled
// down), comments and tags.
func benchSetup(b *testing.B) *benchEnv {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = newBenchEnv(b.TempDir()) })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func newBenchEnv(dir string) (*benchEnv, error) {
	dsn := "file:" + filepath.Join(dir, "bench.db") + "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.SQLite, db)))
	ctx := privacy.Bypass(context.Background())
	if err := client.Schema.Create(ctx); err != nil {
		return nil, err
	}
	if err := seedBench(ctx, client); err != nil {
		return nil, err
	}
	secret := []byte("bench-secret")
	tok, err := server.Token(secret, benchAuthor, time.Hour)
	if err != nil {
		return nil, err
	}
	return &benchEnv{
		client:    client,
		generated: server.New(client, server.Config{BaseURL: benchBase, Secret: secret, Logger: quiet}),
		handmade:  (&handwritten.Server{Client: client, Base: benchBase + "/api/rest"}).Handler(),
		token:     tok,
	}, nil
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

// quiet discards the request log: the hand-written handlers log nothing,
// and a benchmark should not measure a terminal.
var quiet = slog.New(slog.DiscardHandler)

// serve runs one request through h and fails the benchmark on a status
// other than want.
func serve(b *testing.B, h http.Handler, req *http.Request, want int) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d, want %d: %s", req.Method, req.URL, rec.Code, want, rec.Body.String())
	}
}
