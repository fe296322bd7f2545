package integration

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/user"
)

// TestPolicyOracle compares what both APIs answer with an independent
// evaluation of the reference policy (ent/README.md, written
// out again in Go below) over random data sets, viewers, reads and writes.
// Each seed builds a fresh database; a failure names the seed, the viewer
// and the request, so that it can be replayed (ENTSTACK_ORACLE_SEED=n) and
// kept as a regression test.
//
// ENTSTACK_ORACLE_SEEDS sets how many seeds run (default 6: a few seconds
// per database); raise it to search longer.
func TestPolicyOracle(t *testing.T) {
	seeds := []uint64{}
	if s := os.Getenv("ENTSTACK_ORACLE_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		seeds = append(seeds, n)
	} else {
		count := 6
		if s := os.Getenv("ENTSTACK_ORACLE_SEEDS"); s != "" {
			n, err := strconv.Atoi(s)
			require.NoError(t, err)
			count = n
		}
		for i := range count {
			seeds = append(seeds, uint64(i+1))
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			o := newOracle(t, seed)
			for range 12 {
				o.reads(t)
				o.write(t)
			}
			o.reads(t)
		})
	}
}

// The data set the oracle knows, mirrored from the database.
type (
	oUser struct {
		id    int
		admin bool
		email string
	}
	oPost struct {
		id, author, views int
		published         bool
		title             string
		tags              []int
	}
	oComment struct {
		id, post int
		author   int // 0: anonymous
	}
)

type oracle struct {
	rnd      *rand.Rand
	seed     uint64
	env      *env
	client   *ent.Client
	users    []oUser
	posts    []*oPost
	comments []*oComment
	tags     []int
}

var oracleWords = []string{"alpha", "beta", "gamma", "delta"}

// newOracle builds a random data set in a fresh database.
func newOracle(t *testing.T, seed uint64) *oracle {
	e := newEnv(t, withSeed(nil))
	o := &oracle{rnd: rand.New(rand.NewPCG(seed, 0x5eed)), seed: seed, env: e, client: e.client}
	ctx := e.ctx()
	for i := range 2 + o.rnd.IntN(4) {
		admin := o.rnd.IntN(4) == 0
		b := o.client.User.Create().SetEmail(fmt.Sprintf("u%d@oracle.test", i)).SetName(fmt.Sprintf("User %d", i))
		if admin {
			b.SetRole(user.RoleADMIN)
		}
		u := b.SaveX(ctx)
		o.users = append(o.users, oUser{id: u.ID, admin: admin, email: u.Email})
	}
	for i := range 3 {
		o.tags = append(o.tags, o.client.Tag.Create().SetName(fmt.Sprintf("tag%d", i)).SaveX(ctx).ID)
	}
	for range 3 + o.rnd.IntN(8) {
		p := &oPost{
			author: o.users[o.rnd.IntN(len(o.users))].id, views: o.rnd.IntN(100), published: o.rnd.IntN(2) == 0,
			title: oracleWords[o.rnd.IntN(len(oracleWords))] + " post",
		}
		for _, tg := range o.tags {
			if o.rnd.IntN(3) == 0 {
				p.tags = append(p.tags, tg)
			}
		}
		p.id = o.client.Post.Create().SetTitle(p.title).SetAuthorID(p.author).SetPublished(p.published).
			SetViewCount(p.views).AddTagIDs(p.tags...).SaveX(ctx).ID
		o.posts = append(o.posts, p)
	}
	for range o.rnd.IntN(10) {
		c := &oComment{post: o.posts[o.rnd.IntN(len(o.posts))].id}
		b := o.client.Comment.Create().SetContent("c").SetPostID(c.post)
		if o.rnd.IntN(4) != 0 {
			c.author = o.users[o.rnd.IntN(len(o.users))].id
			b.SetAuthorID(c.author)
		}
		c.id = b.SaveX(ctx).ID
		o.comments = append(o.comments, c)
	}
	return o
}

// The reference policy, evaluated in Go. v is the viewer's user id (0:
// anonymous).

func (o *oracle) admin(v int) bool {
	for _, u := range o.users {
		if u.id == v {
			return u.admin
		}
	}
	return false
}

func (o *oracle) post(id int) *oPost {
	for _, p := range o.posts {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (o *oracle) readsPost(v int, p *oPost) bool {
	return p.published || (v != 0 && v == p.author) || o.admin(v)
}

func (o *oracle) updatesPost(v int, p *oPost) bool { return (v != 0 && v == p.author) || o.admin(v) }

func (o *oracle) readsComment(v int, c *oComment) bool {
	p := o.post(c.post) // no admin rule: an admin reads the comments of readable posts only
	return p.published || (v != 0 && v == p.author)
}

func (o *oracle) readsEmail(v int, u oUser) bool { return v != 0 && (v == u.id || o.admin(v)) }

// viewer picks anonymous or one of the users.
func (o *oracle) viewer() int {
	if o.rnd.IntN(len(o.users)+1) == 0 {
		return 0
	}
	return o.users[o.rnd.IntN(len(o.users))].id
}

// call sends a request as viewer v and returns the status and body.
func (o *oracle) call(t *testing.T, v int, method, target, body string) (int, []byte) {
	t.Helper()
	var r *response
	if strings.HasPrefix(target, "/api/rest") {
		r = o.env.rest(t, viewer(v), method, strings.TrimPrefix(target, "/api/rest"), body)
	} else {
		r = o.env.rpc(t, viewer(v), method, strings.TrimPrefix(target, "/api/rpc/"), body)
	}
	return r.status, []byte(r.body)
}

// ctxf describes a check for its failure message.
func (o *oracle) ctxf(v int, what string) string {
	return fmt.Sprintf("seed %d, viewer %d (admin %v): %s", o.seed, v, o.admin(v), what)
}

// restIDs GETs a JSON:API collection and returns the ids of its primary
// data and, per resource, the linkage ids of rel (when asked).
func (o *oracle) restIDs(t *testing.T, v int, target, rel string) ([]int, map[int][]int) {
	t.Helper()
	st, body := o.call(t, v, http.MethodGet, target, "")
	require.Equal(t, http.StatusOK, st, "%s: %s", o.ctxf(v, target), body)
	var doc struct {
		Data []struct {
			ID            string
			Relationships map[string]struct{ Data json.RawMessage }
		}
		Meta struct{ Total *int }
	}
	require.NoError(t, json.Unmarshal(body, &doc), "%s", body)
	ids := make([]int, len(doc.Data))
	links := map[int][]int{}
	for i, r := range doc.Data {
		ids[i] = atoiT(t, r.ID)
		if rel != "" {
			var members []struct{ ID string }
			require.NoError(t, json.Unmarshal(r.Relationships[rel].Data, &members), "%s: linkage of %s", o.ctxf(v, target), rel)
			for _, m := range members {
				links[ids[i]] = append(links[ids[i]], atoiT(t, m.ID))
			}
			slices.Sort(links[ids[i]])
		}
	}
	if doc.Meta.Total != nil {
		require.Equal(t, len(ids), *doc.Meta.Total, "%s: meta.total", o.ctxf(v, target))
	}
	return ids, links
}

// rpc GETs an RPC read and decodes its data into out.
func (o *oracle) rpc(t *testing.T, v int, op, args string, out any) {
	t.Helper()
	target := "/api/rpc/" + op + "?q=" + url.QueryEscape(args)
	st, body := o.call(t, v, http.MethodGet, target, "")
	require.Equal(t, http.StatusOK, st, "%s: %s", o.ctxf(v, op+" "+args), body)
	var env struct{ Data json.RawMessage }
	require.NoError(t, json.Unmarshal(body, &env))
	require.NoError(t, json.Unmarshal(env.Data, out), "%s", body)
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func pick[T any](xs []T, keep func(T) bool, id func(T) int) []int {
	out := []int{}
	for _, x := range xs {
		if keep(x) {
			out = append(out, id(x))
		}
	}
	sort.Ints(out)
	return out
}

// reads runs one random read of each kind for a random viewer.
func (o *oracle) reads(t *testing.T) {
	v := o.viewer()
	postID := func(p *oPost) int { return p.id }

	// A filtered list of posts, with its comments included.
	var filter []string
	keep := func(p *oPost) bool { return o.readsPost(v, p) }
	if o.rnd.IntN(2) == 0 {
		pub := o.rnd.IntN(2) == 0
		filter = append(filter, "filter[published]="+strconv.FormatBool(pub))
		prev := keep
		keep = func(p *oPost) bool { return prev(p) && p.published == pub }
	}
	if o.rnd.IntN(2) == 0 {
		n := o.rnd.IntN(100)
		filter = append(filter, "filter[viewCount$gt]="+strconv.Itoa(n))
		prev := keep
		keep = func(p *oPost) bool { return prev(p) && p.views > n }
	}
	if o.rnd.IntN(2) == 0 {
		w := oracleWords[o.rnd.IntN(len(oracleWords))]
		filter = append(filter, "filter[title$contains]="+w)
		prev := keep
		keep = func(p *oPost) bool { return prev(p) && strings.Contains(p.title, w) }
	}
	target := "/api/rest/post?sort=id&include=comments&" + strings.Join(filter, "&")
	got, links := o.restIDs(t, v, target, "comments")
	require.Equal(t, pick(o.posts, keep, postID), got, o.ctxf(v, target))
	for _, id := range got {
		want := pick(o.comments, func(c *oComment) bool { return c.post == id && o.readsComment(v, c) }, func(c *oComment) int { return c.id })
		require.Equal(t, want, append([]int{}, links[id]...), o.ctxf(v, target+": comments of post "+strconv.Itoa(id)))
	}

	// A user's posts through the related endpoint.
	u := o.users[o.rnd.IntN(len(o.users))]
	target = fmt.Sprintf("/api/rest/user/%d/posts?sort=id", u.id)
	got, _ = o.restIDs(t, v, target, "")
	require.Equal(t, pick(o.posts, func(p *oPost) bool { return p.author == u.id && o.readsPost(v, p) }, postID), got, o.ctxf(v, target))

	// Every readable comment.
	got, _ = o.restIDs(t, v, "/api/rest/comment?sort=id", "")
	require.Equal(t, pick(o.comments, func(c *oComment) bool { return o.readsComment(v, c) }, func(c *oComment) int { return c.id }), got, o.ctxf(v, "/comment"))

	// Emails: present exactly where the field rule lets the viewer read them,
	// and a filter on them finds only those.
	st, body := o.call(t, v, http.MethodGet, "/api/rest/user?sort=id", "")
	require.Equal(t, http.StatusOK, st)
	var users struct {
		Data []struct {
			ID         string
			Attributes map[string]any
		}
	}
	require.NoError(t, json.Unmarshal(body, &users))
	require.Len(t, users.Data, len(o.users))
	for i, r := range users.Data {
		_, has := r.Attributes["email"]
		require.Equal(t, o.readsEmail(v, o.users[i]), has, o.ctxf(v, "email of user "+r.ID))
	}
	target = "/api/rest/user?filter[email]=" + url.QueryEscape(u.email)
	got, _ = o.restIDs(t, v, target, "")
	want := []int{}
	if o.readsEmail(v, u) {
		want = []int{u.id}
	}
	require.Equal(t, want, got, o.ctxf(v, target))

	// RPC: a relation filter, relation counts, a count and a sum.
	var rows []struct {
		ID    int
		Count struct{ Posts int } `json:"_count"`
	}
	o.rpc(t, v, "user/findMany", `{"where":{"posts":{"some":{"published":false}}},"orderBy":{"id":"asc"},"select":{"id":true,"_count":{"select":{"posts":true}}}}`, &rows)
	var gotUsers []int
	for _, r := range rows {
		gotUsers = append(gotUsers, r.ID)
		n := len(pick(o.posts, func(p *oPost) bool { return p.author == r.ID && o.readsPost(v, p) }, postID))
		require.Equal(t, n, r.Count.Posts, o.ctxf(v, "_count.posts of user "+strconv.Itoa(r.ID)))
	}
	wantUsers := pick(o.users, func(u oUser) bool {
		return len(pick(o.posts, func(p *oPost) bool { return p.author == u.id && !p.published && o.readsPost(v, p) }, postID)) > 0
	}, func(u oUser) int { return u.id })
	require.Equal(t, wantUsers, append([]int{}, gotUsers...), o.ctxf(v, "users with an unpublished post"))

	var count int
	o.rpc(t, v, "post/count", `{}`, &count)
	require.Equal(t, len(pick(o.posts, func(p *oPost) bool { return o.readsPost(v, p) }, postID)), count, o.ctxf(v, "post/count"))
	var agg struct {
		Sum struct{ ViewCount *int } `json:"_sum"`
	}
	o.rpc(t, v, "post/aggregate", `{"_sum":{"viewCount":true}}`, &agg)
	sum := 0
	for _, p := range o.posts {
		if o.readsPost(v, p) {
			sum += p.views
		}
	}
	if agg.Sum.ViewCount == nil {
		require.Zero(t, sum, o.ctxf(v, "_sum"))
	} else {
		require.Equal(t, sum, *agg.Sum.ViewCount, o.ctxf(v, "_sum"))
	}

	// Comments of one author's posts, through a to-one relation filter.
	var cs []struct{ ID int }
	o.rpc(t, v, "comment/findMany", fmt.Sprintf(`{"where":{"post":{"is":{"authorId":%d}}},"orderBy":{"id":"asc"},"select":{"id":true}}`, u.id), &cs)
	gotComments := []int{}
	for _, c := range cs {
		gotComments = append(gotComments, c.ID)
	}
	require.Equal(t, pick(o.comments, func(c *oComment) bool { return o.post(c.post).author == u.id && o.readsComment(v, c) }, func(c *oComment) int { return c.id }),
		gotComments, o.ctxf(v, "comments on the posts of "+strconv.Itoa(u.id)))

	// Cursor paging by view count: the pages add up to the readable posts
	// in order.
	readable := []*oPost{}
	for _, p := range o.posts {
		if o.readsPost(v, p) {
			readable = append(readable, p)
		}
	}
	sort.Slice(readable, func(i, j int) bool {
		if readable[i].views != readable[j].views {
			return readable[i].views > readable[j].views
		}
		return readable[i].id < readable[j].id
	})
	var paged []int
	cursor := ""
	for {
		var page []struct{ ID int }
		o.rpc(t, v, "post/findMany", `{"orderBy":[{"viewCount":"desc"},{"id":"asc"}],"take":2,"select":{"id":true}`+cursor+`}`, &page)
		for _, p := range page {
			paged = append(paged, p.ID)
		}
		if len(page) < 2 || len(paged) > len(o.posts) {
			break
		}
		cursor = fmt.Sprintf(`,"cursor":{"id":%d},"skip":1`, page[len(page)-1].ID)
	}
	wantPaged := []int{}
	for _, p := range readable {
		wantPaged = append(wantPaged, p.id)
	}
	require.Equal(t, wantPaged, append([]int{}, paged...), o.ctxf(v, "cursor pages"))
}

// write runs one random write as a random viewer, checks its status
// against the rules, and mirrors an accepted write in the oracle.
func (o *oracle) write(t *testing.T) {
	v := o.viewer()
	p := o.posts[o.rnd.IntN(len(o.posts))]
	switch o.rnd.IntN(4) {
	case 0: // publish or unpublish a post (REST)
		pub := !p.published
		target := fmt.Sprintf("/api/rest/post/%d", p.id)
		st, body := o.call(t, v, http.MethodPatch, target, fmt.Sprintf(`{"data":{"type":"post","id":"%d","attributes":{"published":%v}}}`, p.id, pub))
		want := http.StatusOK
		switch {
		case !o.readsPost(v, p) && !o.updatesPost(v, p):
			want = http.StatusNotFound
		case !o.updatesPost(v, p):
			want = http.StatusForbidden
		}
		require.Equal(t, want, st, "%s: %s", o.ctxf(v, "PATCH "+target), body)
		if st == http.StatusOK {
			p.published = pub
		}
	case 1: // comment on a post (RPC)
		st, body := o.call(t, v, http.MethodPost, "/api/rpc/comment/create",
			fmt.Sprintf(`{"data":{"content":"new","post":{"connect":{"id":%d}},"authorId":%s}}`, p.id, nullableID(v)))
		var want int
		switch {
		case !o.readsPost(v, p):
			want = http.StatusNotFound // connect: a row the viewer cannot read does not exist
		case v == 0 || !p.published:
			want = http.StatusForbidden
		default:
			want = http.StatusCreated
		}
		require.Equal(t, want, st, "%s: %s", o.ctxf(v, fmt.Sprintf("comment on post %d", p.id)), body)
		if st == http.StatusCreated {
			var env struct{ Data struct{ ID int } }
			require.NoError(t, json.Unmarshal(body, &env))
			o.comments = append(o.comments, &oComment{id: env.Data.ID, post: p.id, author: v})
		}
	case 2: // tag a post (REST relationship endpoint)
		tag := o.tags[o.rnd.IntN(len(o.tags))]
		target := fmt.Sprintf("/api/rest/post/%d/relationships/tags", p.id)
		st, body := o.call(t, v, http.MethodPost, target, fmt.Sprintf(`{"data":[{"type":"tag","id":"%d"}]}`, tag))
		want := http.StatusOK
		switch {
		case !o.readsPost(v, p) && !o.updatesPost(v, p):
			want = http.StatusNotFound
		case !o.updatesPost(v, p) || v == 0: // the tag's update rule: auth() != null
			want = http.StatusForbidden
		}
		require.Equal(t, want, st, "%s: %s", o.ctxf(v, "POST "+target), body)
		if st == http.StatusOK && !slices.Contains(p.tags, tag) {
			p.tags = append(p.tags, tag)
		}
	case 3: // raise a post's view count for every post the viewer may update (RPC updateMany)
		st, body := o.call(t, v, http.MethodPut, "/api/rpc/post/updateMany", `{"where":{},"data":{"viewCount":{"increment":1}}}`)
		require.Equal(t, http.StatusOK, st, "%s: %s", o.ctxf(v, "updateMany"), body)
		n := 0
		for _, q := range o.posts {
			if o.updatesPost(v, q) {
				q.views++
				n++
			}
		}
		require.JSONEq(t, fmt.Sprintf(`{"data":{"count":%d}}`, n), string(body), o.ctxf(v, "updateMany count"))
	}
}

func nullableID(v int) string {
	if v == 0 {
		return "null"
	}
	return strconv.Itoa(v)
}
