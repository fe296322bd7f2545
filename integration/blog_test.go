package integration

import (
	"context"
	"net/http/httptest"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/example/server"
)

// blogEnv is the example server running in-process over a seeded database.
type blogEnv struct {
	client *ent.Client
	url    string // base URL of the running server
	secret []byte
}

// startBlog starts the example server over a fresh, seeded in-memory
// SQLite database, on a real loopback listener.
func startBlog(t testing.TB) *blogEnv {
	t.Helper()
	c := enttest.Open(t, "sqlite3", "file:"+t.Name()+"?mode=memory&cache=shared&_fk=1")
	t.Cleanup(func() { c.Close() })
	require.NoError(t, server.Seed(context.Background(), c))
	env := &blogEnv{client: c, secret: []byte("integration-secret")}
	ts := httptest.NewUnstartedServer(nil)
	env.url = "http://" + ts.Listener.Addr().String()
	ts.Config.Handler = server.New(c, server.Config{BaseURL: env.url, Secret: env.secret})
	ts.Start()
	t.Cleanup(ts.Close)
	return env
}
