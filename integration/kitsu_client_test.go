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

// TestKitsuClient runs the published kitsu JSON:API client (pinned in
// kitsu-client/package.json, configured with pluralize: false,
// resourceCase: 'none', camelCaseTypes: false) against the example server's
// REST API: lists with filter, sort, page, include and fields; single,
// related and relationship reads; create with relationships, update,
// relationship add/replace/remove, delete (kitsu sends a body with DELETE);
// errors[] reaching the caller. .ci/run installs the npm packages; without
// them the test is skipped with the command to run.
func TestKitsuClient(t *testing.T) {
	dir := "kitsu-client"
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "kitsu")); err != nil {
		t.Skip("kitsu not installed: run `npm ci --prefix integration/kitsu-client` (.ci/run does)")
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
	cmd.Env = append(os.Environ(), "REST_URL="+e.url+"/api/rest", "TOKEN="+tok)
	out, err := cmd.CombinedOutput()
	t.Logf("client-test.mjs:\n%s", out)
	require.NoError(t, err, "the kitsu client reported failures")
	require.Contains(t, string(out), " 0 failed")
	require.False(t, strings.Contains(string(out), "FAIL"))
}
