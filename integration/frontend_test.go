package integration

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// live is the example server on a real listener whose address is its base
// URL, so that the links and the OpenAPI documents' servers are reachable
// from a browser or a generated client (newEnv's base is a placeholder).
type live struct {
	url    string
	secret []byte
	reg    *resource.Registry
}

func startLive(t *testing.T) *live {
	t.Helper()
	ctx := privacy.Bypass(context.Background())
	c := ent.NewClient(ent.Driver(testdb.Open(t, testdb.Fresh(t))))
	require.NoError(t, c.Schema.Create(ctx))
	require.NoError(t, server.Seed(ctx, c))
	ts := httptest.NewUnstartedServer(nil)
	l := &live{url: "http://" + ts.Listener.Addr().String(), secret: []byte("frontend-secret"), reg: c.Resources()}
	ts.Config.Handler = server.New(c, server.Config{BaseURL: l.url, Secret: l.secret, Logger: quiet})
	ts.Start()
	t.Cleanup(ts.Close)
	return l
}

// frontendDir is the npm package of the frontend tests: ZenStack's published
// clients, TypeScript, the OpenAPI tools and the browser driver, pinned in
// its package-lock.json. .ci/run installs it.
const frontendDir = "frontend"

// needFrontend skips the test when the npm packages or node are missing,
// with the command that installs them.
func needFrontend(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(frontendDir, "node_modules", ".package-lock.json")); err != nil {
		t.Skip("frontend test packages not installed: run `npm ci --prefix integration/frontend` (.ci/run does)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	return node
}

// onceAcrossDatabases skips a test that does not depend on the database in
// the suite's PostgreSQL and MariaDB passes: it runs in the default one.
func onceAcrossDatabases(t *testing.T) {
	if db := os.Getenv("ENTSTACK_TEST_DB"); db != "" && db != "sqlite" {
		t.Skip("does not depend on the database: runs in the SQLite pass")
	}
}

var (
	tscOnce sync.Once
	tscOut  []byte
	tscErr  error
)

// typecheck runs tsc --strict over the frontend package once per test
// binary: it type-checks typed-client.ts against the generated
// example/client/schema.ts and emits both into frontend/build.
func typecheck(t *testing.T, node string) {
	t.Helper()
	tscOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, filepath.Join("node_modules", "typescript", "bin", "tsc"), "-p", ".")
		cmd.Dir = frontendDir
		tscOut, tscErr = cmd.CombinedOutput()
	})
	require.NoError(t, tscErr, "tsc:\n%s", tscOut)
}

// TestTypedClient type-checks a program that calls ZenStack's typed client
// (ClientContract from @zenstackhq/orm) on every model of the generated
// schema: typed arguments and results compile, mistakes do not.
func TestTypedClient(t *testing.T) {
	onceAcrossDatabases(t)
	typecheck(t, needFrontend(t))
}

// TestZenStackClient runs ZenStack's published fetch client
// (@zenstackhq/fetch-client) with the generated schema against the example
// server's RPC API (RPC-WIRE-01..08): a count on every model at its RPC
// path, findMany with include and orderBy, create with a nested connect,
// update, aggregate, delete, a policy denial, and Dates revived through
// superjson.
func TestZenStackClient(t *testing.T) {
	node := needFrontend(t)
	typecheck(t, node)
	e := newEnv(t)
	tok, err := e.token(bob)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "client-test.mjs")
	cmd.Dir = frontendDir
	cmd.Env = append(os.Environ(), "RPC_URL="+e.url+"/api/rpc", "TOKEN="+tok)
	out, err := cmd.CombinedOutput()
	t.Logf("client-test.mjs:\n%s", out)
	require.NoError(t, err, "the ZenStack client reported failures")
	require.Contains(t, string(out), " 0 failed")
	require.False(t, strings.Contains(string(out), "FAIL"))
}

// chromium finds the browser the docs test drives: $CHROMIUM, or Debian's
// chromium-headless-shell or chromium (.ci/run installs the first).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("no Chromium: apt-get install chromium-headless-shell (.ci/run does), or set CHROMIUM")
	return ""
}

// TestDocsPage opens the example's API reference page (/docs) in headless
// Chromium: it loads with no request to another host, lists the operations
// of every model for both APIs, and "Try it out" on a GET returns data.
func TestDocsPage(t *testing.T) {
	onceAcrossDatabases(t)
	node := needFrontend(t)
	browser := chromium(t)
	env := startLive(t)
	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "docs-test.mjs")
	cmd.Dir = frontendDir
	cmd.Env = append(os.Environ(), "BASE_URL="+env.url, "CHROMIUM="+browser,
		"MODELS="+strings.Join(env.reg.Types(), ","))
	out, err := cmd.CombinedOutput()
	t.Logf("docs-test.mjs:\n%s", out)
	require.NoError(t, err, "the docs page check reported failures")
	require.Contains(t, string(out), " 0 failed")
}

// TestOpenAPIClients checks the served OpenAPI documents with an
// independent validator (@seriousme/openapi-schema-validator), generates a
// typed JSON:API client from the document (openapi-typescript +
// openapi-fetch), type-checks a program using it (tsc --strict) and runs it:
// a list, a create and an update against the example server.
func TestOpenAPIClients(t *testing.T) {
	onceAcrossDatabases(t)
	node := needFrontend(t)
	env := startLive(t)
	tok, err := server.Token(env.secret, 2, time.Hour)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, step := range [][]string{
		{"openapi-check.mjs"},
		{filepath.Join("node_modules", "openapi-typescript", "bin", "cli.js"), filepath.Join("build", "jsonapi.json"), "-o", filepath.Join("build", "jsonapi.d.ts")},
		{filepath.Join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.jsonapi.json"},
		{filepath.Join("build", "integration", "frontend", "jsonapi-client.js")},
	} {
		cmd := exec.CommandContext(ctx, node, step...)
		cmd.Dir = frontendDir
		cmd.Env = append(os.Environ(), "BASE_URL="+env.url, "TOKEN="+tok)
		out, err := cmd.CombinedOutput()
		t.Logf("%s:\n%s", step[0], out)
		require.NoError(t, err, step[0])
	}
}
