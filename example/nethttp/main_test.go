package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoGin: a net/http program of both APIs and the middleware links
// neither gin nor anything only gin needs.
func TestNoGin(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/gin-gonic/", "github.com/quic-go/", "go.mongodb.org/", "github.com/bytedance/sonic"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("the program depends on %s", pkg)
			}
		}
	}
	if !strings.Contains(string(out), "github.com/entstack/entstack/middleware\n") {
		t.Fatalf("go list -deps does not list the middleware: the test checks nothing\n%s", out)
	}
}
