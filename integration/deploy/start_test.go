package deploy

import (
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/entstack/entstack/integration/testdb"
)

// TestConcurrentStart starts four instances at once on one empty database
// (on PostgreSQL this used to fail one of them on a duplicate pg_type row):
// every instance migrates under the lock, serves, and the demo data is
// seeded once.
func TestConcurrentStart(t *testing.T) {
	needProcesses(t)
	const instances = 4
	testdb.Each(t, func(t *testing.T, dsn string) {
		ins := make([]*instance, instances)
		for i := range ins {
			ins[i] = launch(t, dsn)
		}
		var wg sync.WaitGroup
		errs := make([]error, instances)
		for i, in := range ins {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = in.ready() }()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
		}
		for i, in := range ins {
			res, err := call(httpClient, http.MethodGet, in.url+`/api/rpc/user/count`, "", "")
			if err != nil || res.status != 200 || string(res.body) != `{"data":3}` {
				t.Errorf("instance %d: user count %d %s %v, want the 3 seeded users", i, res.status, res.body, err)
			}
			if n := in.logs.count("schema up to date"); n != 1 {
				t.Errorf("instance %d logged %d migrations:\n%s", i, n, in.logs)
			}
		}
	})
}

// TestMigrateThenServe is the deploy pipeline's way: serving an empty
// database without migrating is refused with the pending changes, `example
// migrate` migrates and seeds, and then -migrate=false serves.
func TestMigrateThenServe(t *testing.T) {
	needProcesses(t)
	dsn := testdb.FreshOn(t, "sqlite")
	early := launch(t, dsn, "-migrate=false")
	if err := early.ready(); err == nil || early.err == nil ||
		!strings.Contains(early.logs.String(), "the database schema is not up to date (run `example migrate` first") ||
		!strings.Contains(early.logs.String(), "CREATE TABLE") {
		t.Fatalf("-migrate=false on an empty database: %v, want a refusal listing the changes; log:\n%s", err, early.logs)
	}
	out, err := exec.Command(exampleBin, "migrate", "-db", dsn).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "schema up to date") {
		t.Fatalf("example migrate: %v\n%s", err, out)
	}
	in := start(t, dsn, "-migrate=false")
	res, err := call(httpClient, http.MethodGet, in.url+"/api/rest/user?page[limit]=1", "", "")
	if err != nil || res.status != 200 || !strings.Contains(string(res.body), `"total":3`) {
		t.Fatalf("GET /api/rest/user: %d %s %v", res.status, res.body, err)
	}
}
