package privacy_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/privacy"
)

// fixture is a small blog: Alice has a published post (tagged go, ent) and
// a draft (tagged go); Bob has a draft; the admin has nothing. Bob comments
// on Alice's published post, Alice on her draft. Alice has a profile.
type fixture struct {
	client                      *ent.Client
	alice, bob, admin           *ent.User
	alicePub, aliceDraft, bobDr *ent.Post
	bobOnPub, aliceOnDraft      *ent.Comment
	aliceProfile                *ent.Profile
	goTag, entTag               *ent.Tag
	sql                         *sqlLog
}

type viewer struct {
	name string
	user func(f *fixture) *ent.User
}

var viewers = []viewer{
	{"anonymous", func(*fixture) *ent.User { return nil }},
	{"alice", func(f *fixture) *ent.User { return f.alice }},
	{"bob", func(f *fixture) *ent.User { return f.bob }},
	{"admin", func(f *fixture) *ent.User { return f.admin }},
}

// sqlLog records the SELECTs the client runs.
type sqlLog struct {
	mu  sync.Mutex
	all []string
}

func (l *sqlLog) add(v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range v {
		if s, ok := x.(string); ok && strings.Contains(s, "SELECT") {
			l.all = append(l.all, s)
		}
	}
}

func (l *sqlLog) reset() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.all
	l.all = nil
	return out
}

var sys = privacy.Bypass(context.Background())

var dbSeq atomic.Int64

func setup(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{sql: &sqlLog{}}
	// A named in-memory database per test (a test name can hold
	// characters that make SQLite open a file in the working directory).
	dsn := fmt.Sprintf("file:privacy-test-%d?mode=memory&cache=shared&_fk=1", dbSeq.Add(1))
	f.client = enttest.Open(t, "sqlite3", dsn,
		enttest.WithOptions(ent.Log(f.sql.add), ent.Debug()))
	t.Cleanup(func() { f.client.Close() })
	c := f.client
	f.alice = c.User.Create().SetEmail("alice@x").SetName("Alice").SaveX(sys)
	f.bob = c.User.Create().SetEmail("bob@x").SaveX(sys)
	f.admin = c.User.Create().SetEmail("admin@x").SetRole(user.RoleADMIN).SaveX(sys)
	f.goTag = c.Tag.Create().SetName("go").SaveX(sys)
	f.entTag = c.Tag.Create().SetName("ent").SaveX(sys)
	f.alicePub = c.Post.Create().SetTitle("alice published").SetPublished(true).SetViewCount(10).
		SetAuthor(f.alice).AddTags(f.goTag, f.entTag).SaveX(sys)
	f.aliceDraft = c.Post.Create().SetTitle("alice draft").SetViewCount(5).SetAuthor(f.alice).AddTags(f.goTag).SaveX(sys)
	f.bobDr = c.Post.Create().SetTitle("bob draft").SetViewCount(1).SetAuthor(f.bob).SaveX(sys)
	f.bobOnPub = c.Comment.Create().SetContent("nice").SetPost(f.alicePub).SetAuthor(f.bob).SaveX(sys)
	f.aliceOnDraft = c.Comment.Create().SetContent("todo").SetPost(f.aliceDraft).SetAuthor(f.alice).SaveX(sys)
	f.aliceProfile = c.Profile.Create().SetGender("f").SetUser(f.alice).SaveX(sys)
	f.sql.reset()
	return f
}

func as(u *ent.User) context.Context {
	if u == nil {
		return context.Background()
	}
	return ent.WithViewer(context.Background(), u)
}

func postIDs(xs []*ent.Post) []int {
	out := []int{}
	for _, x := range xs {
		out = append(out, x.ID)
	}
	return out
}

func requireDenied(t *testing.T, err error, model, op string) *privacy.Error {
	t.Helper()
	require.Error(t, err)
	var pe *privacy.Error
	require.ErrorAs(t, err, &pe, "want a policy error, got %v", err)
	require.Equal(t, model, pe.Model)
	require.Equal(t, op, pe.Op)
	return pe
}
