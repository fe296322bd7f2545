package handwritten

import (
	"net/http"
	"strconv"
	"strings"

	"entgo.io/ent/dialect/sql"
	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/predicate"
	"github.com/entstack/entstack/ent/user"
)

// listPosts serves GET /post with filter[published], filter[title$contains],
// sort (one scalar, optionally descending), page[offset], page[limit] and
// include=author.
func (s *Server) listPosts(c *gin.Context) { s.listPostsWhere(c, "/post", nil) }

// userPosts serves GET /user/:id/posts: the posts of a user, 404 when the
// user does not exist.
func (s *Server) userPosts(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		fail(c, http.StatusNotFound, "not found")
		return
	}
	ok, err := s.Client.User.Query().Where(user.ID(id)).Exist(c)
	if err != nil {
		fail(c, http.StatusInternalServerError, err.Error())
		return
	}
	if !ok {
		fail(c, http.StatusNotFound, "not found")
		return
	}
	s.listPostsWhere(c, "/user/"+c.Param("id")+"/posts", post.AuthorID(id))
}

func (s *Server) listPostsWhere(c *gin.Context, path string, where predicate.Post) {
	q := s.Client.Post.Query()
	if where != nil {
		q.Where(where)
	}
	// A text filter reads every row anyway: then the bare "WHERE published"
	// is the faster policy, as SQLite does not walk the (published,
	// view_count) index for it and fetch the rows one by one.
	if v, ok := c.GetQuery("filter[title$contains]"); ok {
		q.Where(post.TitleContains(v), post.Published(true))
	} else {
		q.Where(readable())
	}
	// The policy already implies published = true: a filter asking for it
	// is not repeated (the database would test it twice per row).
	if v := c.Query("filter[published]"); v == "false" {
		q.Where(resource0())
	}
	total, err := q.Clone().Aggregate(ent.Count()).Int(c)
	if err != nil {
		fail(c, http.StatusInternalServerError, err.Error())
		return
	}
	desc := false
	if srt := c.Query("sort"); srt != "" {
		col := map[string]string{"viewCount": post.FieldViewCount, "createdAt": post.FieldCreatedAt, "title": post.FieldTitle}
		name := strings.TrimPrefix(srt, "-")
		desc = name != srt
		f, ok := col[name]
		if !ok {
			fail(c, http.StatusBadRequest, "unknown sort field")
			return
		}
		if desc {
			q.Order(sql.OrderByField(f, sql.OrderDesc()).ToFunc())
		} else {
			q.Order(sql.OrderByField(f).ToFunc())
		}
	}
	if desc {
		q.Order(post.ByID(sql.OrderDesc()))
	} else {
		q.Order(post.ByID())
	}
	offset, _ := strconv.Atoi(c.DefaultQuery("page[offset]", "0"))
	limit, _ := strconv.Atoi(c.DefaultQuery("page[limit]", "100"))
	if limit <= 0 || limit > 100 || offset < 0 {
		fail(c, http.StatusBadRequest, "bad page")
		return
	}
	include := c.Query("include") == "author"
	if include {
		q.WithAuthor()
	}
	posts, err := q.Offset(offset).Limit(limit).All(c)
	if err != nil {
		fail(c, http.StatusInternalServerError, err.Error())
		return
	}
	doc := listDoc{JSONAPI: version{"1.1"}, Data: make([]postResource, len(posts))}
	seen := map[int]bool{}
	for i, p := range posts {
		doc.Data[i] = s.postResource(p)
		if include && p.Edges.Author != nil && !seen[p.Edges.Author.ID] {
			seen[p.Edges.Author.ID] = true
			doc.Included = append(doc.Included, s.userResource(p.Edges.Author))
		}
	}
	doc.Meta.Total = total
	self := s.Base + path
	if raw := c.Request.URL.RawQuery; raw != "" {
		self += "?" + raw
	}
	page := func(off int) string {
		v := c.Request.URL.Query()
		v.Set("page[offset]", strconv.Itoa(off))
		v.Set("page[limit]", strconv.Itoa(limit))
		return s.Base + path + "?" + v.Encode()
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	doc.Links = pageLinks{Self: self, First: page(0), Last: page(last)}
	if offset > 0 {
		p := page(max(offset-limit, 0))
		doc.Links.Prev = &p
	}
	if offset+limit < total {
		n := page(offset + limit)
		doc.Links.Next = &n
	}
	writeJSON(c, http.StatusOK, doc)
}

// getPost serves GET /post/:id.
func (s *Server) getPost(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		fail(c, http.StatusNotFound, "not found")
		return
	}
	p, err := s.Client.Post.Query().Where(post.ID(id), readable()).Only(c)
	if ent.IsNotFound(err) {
		fail(c, http.StatusNotFound, "not found")
		return
	}
	if err != nil {
		fail(c, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(c, http.StatusOK, oneDoc{JSONAPI: version{"1.1"}, Data: s.postResource(p), Links: selfLink{Self: s.base("post", c.Param("id"))}})
}

// resource0 matches no row: the anonymous viewer sees no unpublished post.
func resource0() func(*sql.Selector) { return func(s *sql.Selector) { s.Where(sql.False()) } }
