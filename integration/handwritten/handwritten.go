// Package handwritten is the yardstick of the benchmarks: what a Go
// developer writes by hand with gin and the generated Ent client to serve
// the same JSON:API and RPC requests as entstack's generated handlers, with
// the read policy of the reference schema (anonymous viewers see published
// posts only) and the known Ent pitfalls avoided (published = 1 rather than
// a bare boolean, COUNT(*), ties broken in the direction of the last key).
package handwritten

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/resource"
)

// Server serves the hand-written routes.
type Server struct {
	Client *ent.Client
	Base   string // absolute URL prefix of links
}

// Handler returns the gin engine with the hand-written routes:
// GET /post, GET /post/:id, GET /user/:id/posts, POST /post, PATCH /post/:id,
// GET /rpc/post/findMany.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// Ent calls take the gin.Context: let it answer with the request
	// context's values. The benchmarks run these handlers with the compiled
	// policies bypassed, as a hand-written server has none: its reads apply
	// the read policy in their own SQL, its writes carry none.
	r.ContextWithFallback = true
	r.GET("/post", s.listPosts)
	r.GET("/post/:id", s.getPost)
	r.GET("/user/:id/posts", s.userPosts)
	r.POST("/post", s.createPost)
	r.PATCH("/post/:id", s.updatePost)
	r.GET("/rpc/post/findMany", s.rpcFindMany)
	return r
}

type version struct {
	Version string `json:"version"`
}

type identifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type relLinks struct {
	Self    string `json:"self"`
	Related string `json:"related"`
}

type relationship struct {
	Links relLinks    `json:"links"`
	Data  *identifier `json:"data,omitempty"`
}

type selfLink struct {
	Self string `json:"self"`
}

type postAttributes struct {
	Title     string    `json:"title"`
	Content   *string   `json:"content"`
	Published bool      `json:"published"`
	ViewCount int       `json:"viewCount"`
	Rating    *float64  `json:"rating"`
	CreatedAt time.Time `json:"createdAt"`
	AuthorID  int       `json:"authorId"`
}

type postRelationships struct {
	Author   relationship `json:"author"`
	Comments relationship `json:"comments"`
	Tags     relationship `json:"tags"`
}

type postResource struct {
	Type          string            `json:"type"`
	ID            string            `json:"id"`
	Attributes    postAttributes    `json:"attributes"`
	Relationships postRelationships `json:"relationships"`
	Links         selfLink          `json:"links"`
}

type userAttributes struct {
	Email     *string   `json:"email,omitempty"`
	Name      *string   `json:"name"`
	Role      user.Role `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

type userRelationships struct {
	Posts    relationship `json:"posts"`
	Comments relationship `json:"comments"`
	Profile  relationship `json:"profile"`
}

type userResource struct {
	Type          string            `json:"type"`
	ID            string            `json:"id"`
	Attributes    userAttributes    `json:"attributes"`
	Relationships userRelationships `json:"relationships"`
	Links         selfLink          `json:"links"`
}

type pageLinks struct {
	Self  string  `json:"self"`
	First string  `json:"first"`
	Last  string  `json:"last"`
	Prev  *string `json:"prev"`
	Next  *string `json:"next"`
}

type listDoc struct {
	JSONAPI  version        `json:"jsonapi"`
	Data     []postResource `json:"data"`
	Included []userResource `json:"included,omitempty"`
	Links    pageLinks      `json:"links"`
	Meta     struct {
		Total int `json:"total"`
	} `json:"meta"`
}

type oneDoc struct {
	JSONAPI version      `json:"jsonapi"`
	Data    postResource `json:"data"`
	Links   selfLink     `json:"links"`
}

func (s *Server) rel(typ, id, name string) relationship {
	p := s.Base + "/" + typ + "/" + id
	return relationship{Links: relLinks{Self: p + "/relationships/" + name, Related: p + "/" + name}}
}

func (s *Server) postResource(p *ent.Post) postResource {
	id := strconv.Itoa(p.ID)
	author := s.rel("post", id, "author")
	author.Data = &identifier{Type: "user", ID: strconv.Itoa(p.AuthorID)}
	return postResource{
		Type: "post", ID: id,
		Attributes: postAttributes{Title: p.Title, Content: p.Content, Published: p.Published, ViewCount: p.ViewCount,
			Rating: p.Rating, CreatedAt: p.CreatedAt, AuthorID: p.AuthorID},
		Relationships: postRelationships{Author: author, Comments: s.rel("post", id, "comments"), Tags: s.rel("post", id, "tags")},
		Links:         selfLink{Self: s.base("post", id)},
	}
}

func (s *Server) userResource(u *ent.User) userResource {
	id := strconv.Itoa(u.ID)
	return userResource{
		Type: "user", ID: id,
		Attributes: userAttributes{Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt},
		Relationships: userRelationships{Posts: s.rel("user", id, "posts"), Comments: s.rel("user", id, "comments"),
			Profile: s.rel("user", id, "profile")},
		Links: selfLink{Self: s.base("user", id)},
	}
}

func (s *Server) base(typ, id string) string { return s.Base + "/" + typ + "/" + id }

// readable is the anonymous read policy of posts, index-friendly.
func readable() func(*sql.Selector) { return resource.FieldEQ(post.FieldPublished, true) }

func writeJSON(c *gin.Context, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.Status(http.StatusInternalServerError)
		return
	}
	c.Data(code, "application/vnd.api+json", b)
}

func fail(c *gin.Context, code int, detail string) {
	writeJSON(c, code, gin.H{"errors": []gin.H{{"status": strconv.Itoa(code), "detail": detail}}})
}
