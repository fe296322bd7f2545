package integration

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/entstack/entstack/privacy"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/integration/testdb"
)

// blogEnv is the example server running in-process over a seeded database.
type blogEnv struct {
	client *ent.Client
	url    string // base URL of the running server
	secret []byte
}

// startBlog starts the example server on a real loopback listener over a
// fresh database seeded with the demo data: SQLite, or the database
// ENTSTACK_TEST_DB selects (the Makefile runs the suite on each).
func startBlog(t *testing.T) *blogEnv {
	t.Helper()
	c := openBlog(t)
	require.NoError(t, server.Seed(context.Background(), c))
	env := &blogEnv{client: c, secret: []byte("integration-secret")}
	ts := httptest.NewUnstartedServer(nil)
	env.url = "http://" + ts.Listener.Addr().String()
	ts.Config.Handler = server.New(c, server.Config{BaseURL: env.url, Secret: env.secret, Logger: quiet})
	ts.Start()
	t.Cleanup(ts.Close)
	return env
}

// openBlog opens a fresh, migrated, empty database for t.
func openBlog(t testing.TB, opts ...ent.Option) *ent.Client {
	t.Helper()
	drv := testdb.Open(t, testdb.Fresh(t))
	c := ent.NewClient(append([]ent.Option{ent.Driver(drv)}, opts...)...)
	require.NoError(t, c.Schema.Create(privacy.Bypass(context.Background())))
	return c
}
