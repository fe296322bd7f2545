package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

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
