package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/privacy"
)

// The mixed load: every client is a user of its own and, per iteration,
// creates a published post with two comments and a tag in one nested RPC
// call, increments its view count (RPC), adds a second tag through the
// JSON:API relationship endpoint, creates a draft through the JSON:API,
// then reads its posts back through both flavours.

// loadSetup is what the clients share: a user each, and the two tags.
type loadSetup struct {
	users      []loadUser
	tagA, tagB int
}

type loadUser struct {
	id    int
	token string
}

// setupLoad signs up one user per client (anonymous RPC user.create, as
// the policy allows) and finds the seeded tags "go" and "ent".
func setupLoad(t *testing.T, base string, clients int, prefix string) loadSetup {
	t.Helper()
	var s loadSetup
	for name, id := range map[string]*int{"go": &s.tagA, "ent": &s.tagB} {
		res, err := call(httpClient, http.MethodGet, base+"/api/rpc/tag/findFirst?q="+url.QueryEscape(`{"where":{"name":"`+name+`"}}`), "", "")
		var doc struct{ Data struct{ ID int } }
		if err != nil || res.status != 200 || json.Unmarshal(res.body, &doc) != nil || doc.Data.ID == 0 {
			t.Fatalf("finding tag %s: %d %s %v", name, res.status, res.body, err)
		}
		*id = doc.Data.ID
	}
	for c := range clients {
		body := fmt.Sprintf(`{"data":{"email":"%s-%d@load.test"}}`, prefix, c)
		res, err := call(httpClient, http.MethodPost, base+"/api/rpc/user/create", "", body)
		var doc struct{ Data struct{ ID int } }
		if err != nil || res.status != 201 || json.Unmarshal(res.body, &doc) != nil {
			t.Fatalf("signing up client %d: %d %s %v", c, res.status, res.body, err)
		}
		s.users = append(s.users, loadUser{doc.Data.ID, bearer(t, doc.Data.ID)})
	}
	return s
}

// postRecord is what a client knows of a post it wrote: whether the
// create was acknowledged or is in doubt (its server died with the request
// in flight), and the writes to it likewise.
type postRecord struct {
	title     string
	nested    bool // RPC create with two comments and tag A
	doubt     bool // the create was not acknowledged: it may exist or not
	id        int  // 0 unless acknowledged
	incs      int  // acknowledged increments of viewCount
	incsDoubt int
	tagB      bool // adding tag B was acknowledged
	tagBDoubt bool
}

// loadResult sums up a load.
type loadResult struct {
	records    []*postRecord
	clients    int
	requests   int64 // sent
	acked      int64 // answered as expected
	doubt      int64 // in flight on a server that died
	unexpected []string
	elapsed    time.Duration
}

// load runs the mixed load.
type load struct {
	base       string
	setup      loadSetup
	prefix     string
	iterations int
	// crash: the server may die; a client stops at its first request in
	// doubt or refused, instead of counting it as an error.
	crash bool
	// creates counts acknowledged creates, for drills that act mid-load.
	creates atomic.Int64

	mu  sync.Mutex
	res loadResult
}

func (l *load) run() loadResult {
	start := time.Now()
	l.res.clients = len(l.setup.users)
	var wg sync.WaitGroup
	for c, u := range l.setup.users {
		wg.Add(1)
		go func() { defer wg.Done(); l.client(c, u) }()
	}
	wg.Wait()
	l.res.elapsed = time.Since(start)
	return l.res
}

// errRefused is a request that was never sent: its server is gone.
var errRefused = errors.New("refused")

// send sends one request and sorts its outcome: nil (the status wanted),
// errGone (in doubt), errRefused (not sent), or an unexpected answer,
// which is recorded.
func (l *load) send(method, path, tok, body string, want int) (response, error) {
	atomic.AddInt64(&l.res.requests, 1)
	res, err := call(httpClient, method, l.base+path, tok, body)
	switch {
	case err != nil && isRefused(err):
		atomic.AddInt64(&l.res.requests, -1)
		return res, errRefused
	case err != nil && l.crash, res.status == http.StatusBadGateway && res.header.Get(proxyErrorHeader) == "in-doubt":
		atomic.AddInt64(&l.res.doubt, 1)
		return res, errGone
	case err != nil:
		l.unexpected(fmt.Sprintf("%s %s: %v", method, path, err))
		return res, err
	case res.status != want:
		err := fmt.Errorf("%s %s: %d %.300s", method, path, res.status, res.body)
		l.unexpected(err.Error())
		return res, err
	}
	atomic.AddInt64(&l.res.acked, 1)
	return res, nil
}

func (l *load) unexpected(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.res.unexpected = append(l.res.unexpected, msg)
}

func isRefused(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func (l *load) client(c int, u loadUser) {
	var mine []*postRecord
	defer func() {
		l.mu.Lock()
		l.res.records = append(l.res.records, mine...)
		l.mu.Unlock()
	}()
	acked, doubt := 0, 0 // this client's posts
	for i := range l.iterations {
		// 1. A nested create: the post, two comments, tag A, in one call.
		p := &postRecord{title: fmt.Sprintf("%s-%d-%d-n", l.prefix, c, i), nested: true}
		mine = append(mine, p)
		res, err := l.send(http.MethodPost, "/api/rpc/post/create", u.token, fmt.Sprintf(
			`{"data":{"title":%q,"published":true,"author":{"connect":{"id":%d}},"tags":{"connect":[{"id":%d}]},`+
				`"comments":{"create":[{"content":"first","author":{"connect":{"id":%d}}},{"content":"second","author":{"connect":{"id":%d}}}]}}}`,
			p.title, u.id, l.setup.tagA, u.id, u.id), http.StatusCreated)
		p.doubt = err != nil
		if err == nil {
			var doc struct{ Data struct{ ID int } }
			_ = json.Unmarshal(res.body, &doc)
			p.id = doc.Data.ID
			l.creates.Add(1)
			acked++
		} else {
			doubt++
		}
		if !l.goOn(err) {
			return
		}
		if p.id != 0 {
			// 2. An update through the RPC.
			_, err = l.send(http.MethodPut, "/api/rpc/post/update", u.token,
				fmt.Sprintf(`{"where":{"id":%d},"data":{"viewCount":{"increment":1}}}`, p.id), http.StatusOK)
			if err == nil {
				p.incs++
			} else {
				p.incsDoubt++
			}
			if !l.goOn(err) {
				return
			}
			// 3. A relationship change through the JSON:API.
			_, err = l.send(http.MethodPost, fmt.Sprintf("/api/rest/post/%d/relationships/tags", p.id), u.token,
				fmt.Sprintf(`{"data":[{"type":"tag","id":"%d"}]}`, l.setup.tagB), http.StatusOK)
			p.tagB, p.tagBDoubt = err == nil, err != nil
			if !l.goOn(err) {
				return
			}
		}
		// 4. A plain create through the JSON:API.
		r := &postRecord{title: fmt.Sprintf("%s-%d-%d-r", l.prefix, c, i)}
		mine = append(mine, r)
		res, err = l.send(http.MethodPost, "/api/rest/post", u.token, fmt.Sprintf(
			`{"data":{"type":"post","attributes":{"title":%q},"relationships":{"author":{"data":{"type":"user","id":"%d"}}}}}`,
			r.title, u.id), http.StatusCreated)
		r.doubt = err != nil
		if err == nil {
			var doc struct{ Data struct{ ID string } }
			_ = json.Unmarshal(res.body, &doc)
			_, _ = fmt.Sscan(doc.Data.ID, &r.id)
			l.creates.Add(1)
			acked++
		} else {
			doubt++
		}
		if !l.goOn(err) {
			return
		}
		// 5. Reads through both flavours, on whichever instance: every
		// acknowledged write of this client is visible.
		res, err = l.send(http.MethodGet, "/api/rpc/post/count?q="+url.QueryEscape(fmt.Sprintf(`{"where":{"authorId":%d}}`, u.id)), u.token, "", http.StatusOK)
		if !l.goOn(err) {
			return
		}
		var n struct{ Data int }
		if err == nil && (json.Unmarshal(res.body, &n) != nil || n.Data < acked || n.Data > acked+doubt) {
			l.unexpected(fmt.Sprintf("client %d: RPC counts %s posts, acknowledged %d (+%d in doubt)", c, res.body, acked, doubt))
		}
		if p.id != 0 {
			res, err = l.send(http.MethodGet, fmt.Sprintf("/api/rest/post/%d?include=comments,tags", p.id), u.token, "", http.StatusOK)
			if !l.goOn(err) {
				return
			}
			if err == nil && strings.Count(string(res.body), `"type":"comment"`) < 2 {
				l.unexpected(fmt.Sprintf("client %d: post %d read without its two comments: %.300s", c, p.id, res.body))
			}
		}
	}
}

// goOn reports whether the client goes on after a request: in a crash
// drill it stops at the first one that did not succeed (its server is gone).
// A write that did not succeed is in doubt: it may have been committed.
func (l *load) goOn(err error) bool { return err == nil || !l.crash }

// verifyLoad reads every post of the load from the database (policies
// bypassed) and checks it against what the clients know: each acknowledged
// create is there once, with exactly its nested rows; one in doubt is there
// whole or not at all; acknowledged updates and relationship changes are
// there, those in doubt may be; nothing else exists. It returns the number
// of acknowledged writes that are missing.
func verifyLoad(t *testing.T, c *ent.Client, prefix string, setup loadSetup, records []*postRecord) (lost int) {
	t.Helper()
	ctx := privacy.Bypass(context.Background())
	posts, err := c.Post.Query().Where(post.TitleHasPrefix(prefix + "-")).WithComments().WithTags().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]*ent.Post{}
	for _, p := range posts {
		if byTitle[p.Title] != nil {
			t.Errorf("post %q exists twice", p.Title)
		}
		byTitle[p.Title] = p
	}
	want := map[string]*postRecord{}
	for _, r := range records {
		want[r.title] = r
	}
	for title, p := range byTitle {
		if want[title] == nil {
			t.Errorf("post %q exists but no client created it", title)
		}
		tags := map[int]bool{}
		for _, tg := range p.Edges.Tags {
			tags[tg.ID] = true
		}
		if strings.HasSuffix(title, "-n") && (len(p.Edges.Comments) != 2 || !tags[setup.tagA]) {
			t.Errorf("post %q is a partial nested write: %d comments, tags %v", title, len(p.Edges.Comments), tags)
		}
	}
	for _, r := range records {
		p := byTitle[r.title]
		if p == nil {
			if !r.doubt {
				lost++
				t.Errorf("acknowledged post %q (id %d) is missing", r.title, r.id)
			}
			continue
		}
		if r.id != 0 && p.ID != r.id {
			t.Errorf("post %q has id %d, acknowledged as %d", r.title, p.ID, r.id)
		}
		if p.ViewCount < r.incs || p.ViewCount > r.incs+r.incsDoubt {
			if p.ViewCount < r.incs {
				lost++
			}
			t.Errorf("post %q: viewCount %d, acknowledged %d increments (+%d in doubt)", r.title, p.ViewCount, r.incs, r.incsDoubt)
		}
		hasB := false
		for _, tg := range p.Edges.Tags {
			hasB = hasB || tg.ID == setup.tagB
		}
		switch {
		case r.tagB && !hasB:
			lost++
			t.Errorf("post %q: the acknowledged tag %d is missing", r.title, setup.tagB)
		case hasB && !r.tagB && !r.tagBDoubt:
			t.Errorf("post %q has tag %d, which no client added", r.title, setup.tagB)
		}
	}
	return lost
}
