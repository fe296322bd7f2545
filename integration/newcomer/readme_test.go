package newcomer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// EnvReadme turns the test on: it builds a project from scratch, which takes
// a minute (.ci/run sets it).
const EnvReadme = "ENTSTACK_TEST_README"

const module = "github.com/entstack/entstack"

// TestReadmeThreeSteps follows "The three steps" of the README as a
// newcomer does: it writes the README's files, verbatim, into an empty
// directory outside the repository, runs the README's commands there
// (go mod init, tidy, generate), vets and builds the program, serves it and
// sends requests to both APIs. The repository reaches the new module as
// the module proxy would serve a release of it, so go.mod is what a
// newcomer's is.
func TestReadmeThreeSteps(t *testing.T) {
	if os.Getenv(EnvReadme) != "1" {
		t.Skip(EnvReadme + "=1 builds the README's project from scratch (.ci/run sets it)")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	steps := readSteps(t, filepath.Join(root, "README.md"))
	require.NotEmpty(t, steps.files, "the README has no <!-- file: … --> blocks")
	require.NotEmpty(t, steps.commands, "the README has no <!-- commands --> block")
	require.Equal(t, "go run .", steps.commands[len(steps.commands)-1], "the commands end by running the program")

	dir := t.TempDir()
	for path, src := range steps.files {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(path)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, path), []byte(src), 0o644))
	}
	env := moduleProxy(t, root)
	for _, line := range steps.commands[:len(steps.commands)-1] {
		run(t, dir, env, "sh", "-c", line)
	}
	run(t, dir, env, "go", "vet", "./...")
	run(t, dir, env, "go", "build", "-o", "app", ".")

	// go run ., on a free port
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	app := exec.CommandContext(ctx, filepath.Join(dir, "app"), "-addr", addr)
	app.Dir = dir
	var log bytes.Buffer
	app.Stdout, app.Stderr = &log, &log
	require.NoError(t, app.Start())
	t.Cleanup(func() {
		cancel()
		_ = app.Wait()
		if t.Failed() {
			t.Logf("the program's output:\n%s", log.String())
		}
	})
	c := client{t: t, base: "http://" + addr}
	c.waitUp()

	// JSON:API: anyone signs up, but not as an admin.
	st, body := c.send("", "POST", "/api/rest/member", "application/vnd.api+json", `{"data":{"type":"member","attributes":{"name":"ada"}}}`)
	require.Equal(t, http.StatusCreated, st, body)
	require.Contains(t, body, `"attributes":{"name":"ada","role":"MEMBER","teamId":null}`, "renamed by resource.Name")
	st, body = c.send("", "POST", "/api/rest/member", "application/vnd.api+json", `{"data":{"type":"member","attributes":{"name":"eve","role":"ADMIN"}}}`)
	require.Equal(t, http.StatusForbidden, st, body)

	// RPC: members create teams, anonymous viewers do not.
	create := `{"data":{"name":"red","members":{"connect":[{"id":1}]}}}`
	st, body = c.send("", "POST", "/api/rpc/team/create", "application/json", create)
	require.Equal(t, http.StatusForbidden, st, body)
	st, body = c.send("1", "POST", "/api/rpc/team/create", "application/json", create)
	require.Equal(t, http.StatusCreated, st, body)
	require.JSONEq(t, `{"data":{"id":1,"name":"red"}}`, body)
	st, body = c.send("", "GET", "/api/rest/team?include=members", "", "")
	require.Equal(t, http.StatusOK, st, body)
	require.Contains(t, body, `"members":{"links":`)
	require.Contains(t, body, `"data":[{"type":"member","id":"1"}]`)

	// Only an ADMIN deletes a team: auth().role loads the member the
	// middleware named by id.
	st, body = c.send("1", "DELETE", "/api/rpc/team/delete?q="+url.QueryEscape(`{"where":{"id":1}}`), "", "")
	require.Equal(t, http.StatusForbidden, st, body)
	require.Contains(t, body, `"rejectedByPolicy":true`)
}

// steps are the README's newcomer files and commands.
type steps struct {
	files    map[string]string // path → content
	commands []string
}

var fileMarker = regexp.MustCompile(`^<!-- file: (\S+) -->$`)

// readSteps collects the fenced blocks that follow a <!-- file: path -->
// or a <!-- commands --> line.
func readSteps(t *testing.T, readme string) steps {
	t.Helper()
	f, err := os.Open(readme)
	require.NoError(t, err)
	defer f.Close()
	out := steps{files: map[string]string{}}
	var target string // the file of the next block, or "commands"
	var block *strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case block != nil && strings.TrimSpace(line) == "```":
			if target == "commands" {
				for _, c := range strings.Split(strings.TrimSpace(block.String()), "\n") {
					out.commands = append(out.commands, strings.TrimSpace(c))
				}
			} else {
				out.files[target] = block.String()
			}
			target, block = "", nil
		case block != nil:
			block.WriteString(line + "\n")
		case target != "" && strings.HasPrefix(line, "```"):
			block = &strings.Builder{}
		case line == "<!-- commands -->":
			target = "commands"
		default:
			if m := fileMarker.FindStringSubmatch(line); m != nil {
				target = m[1]
			}
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// moduleProxy serves the repository's tracked files as a release of the
// module from a file proxy in front of the usual one, and returns the
// environment of the go commands that use it. The release is removed from
// the module cache when the test ends.
func moduleProxy(t *testing.T, root string) []string {
	t.Helper()
	version := "v0.0.0-readme." + strconv.FormatInt(time.Now().UnixNano(), 10)
	proxy := t.TempDir()
	at := filepath.Join(proxy, module, "@v")
	require.NoError(t, os.MkdirAll(at, 0o755))
	write := func(name string, b []byte) { require.NoError(t, os.WriteFile(filepath.Join(at, name), b, 0o644)) }
	write("list", []byte(version+"\n"))
	info, err := json.Marshal(map[string]any{"Version": version, "Time": time.Now().UTC()})
	require.NoError(t, err)
	write(version+".info", info)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	write(version+".mod", gomod)

	files := strings.Fields(output(t, root, nil, "git", "ls-files"))
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, name := range files {
		src, err := os.Open(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		require.NoError(t, err)
		w, err := zw.Create(module + "@" + version + "/" + name)
		require.NoError(t, err)
		_, err = io.Copy(w, src)
		src.Close()
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	write(version+".zip", zb.Bytes())

	env := append(os.Environ(),
		"GOPROXY=file://"+proxy+","+strings.TrimSpace(output(t, root, nil, "go", "env", "GOPROXY")),
		"GONOSUMDB="+module, "GOFLAGS=-modcacherw", "GOWORK=off")
	cache := strings.TrimSpace(output(t, root, nil, "go", "env", "GOMODCACHE"))
	t.Cleanup(func() {
		os.RemoveAll(filepath.Join(cache, module+"@"+version))
		// the download cache's list only records what was downloaded
		matches, _ := filepath.Glob(filepath.Join(cache, "cache", "download", module, "@v", version+".*"))
		for _, m := range append(matches, filepath.Join(cache, "cache", "download", module, "@v", "list")) {
			os.Remove(m)
		}
	})
	return env
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	t.Logf("$ %s %s", name, strings.Join(args, " "))
	output(t, dir, env, name, args...)
}

func output(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// client sends the test's requests as a member (the X-Member-Id header of
// the README's middleware) or anonymously.
type client struct {
	t    *testing.T
	base string
}

// waitUp waits until the program answers (it migrates first).
func (c client) waitUp() {
	c.t.Helper()
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		res, err := http.Get(c.base + "/api/rest/team")
		if err == nil {
			res.Body.Close()
			return
		}
		require.Less(c.t, time.Since(start), time.Minute, "the program does not answer: %v", err)
	}
}

func (c client) send(member, method, target, contentType, body string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+target, strings.NewReader(body))
	require.NoError(c.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if member != "" {
		req.Header.Set("X-Member-Id", member)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	return res.StatusCode, string(b)
}
