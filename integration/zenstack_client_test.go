package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestZenStackClient runs ZenStack's published fetch client
// (@zenstackhq/fetch-client, pinned in zenstack-client/package.json) against
// the example server's RPC API (RPC-WIRE-01..08): findMany with include and
// orderBy, create with a nested connect, update, aggregate, delete, a policy
// denial, and Dates revived through superjson. .ci/run installs the npm
// packages; without them the test is skipped with the command to run.
func TestZenStackClient(t *testing.T) {
	dir := "zenstack-client"
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@zenstackhq", "fetch-client")); err != nil {
		t.Skip("ZenStack client not installed: run `npm ci --prefix integration/zenstack-client` (.ci/run does)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	e := newEnv(t)
	tok, err := e.token(bob)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "client-test.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RPC_URL="+e.url+"/api/rpc", "TOKEN="+tok)
	out, err := cmd.CombinedOutput()
	t.Logf("client-test.mjs:\n%s", out)
	require.NoError(t, err, "the ZenStack client reported failures")
	require.Contains(t, string(out), " 0 failed")
	require.False(t, strings.Contains(string(out), "FAIL"))
}
