package handwritten

import (
	"encoding/json"
	"net/http"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/user"
)

type rpcUser struct {
	ID        int       `json:"id"`
	Name      *string   `json:"name"`
	Role      user.Role `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

type rpcPost struct {
	ID        int       `json:"id"`
	Title     string    `json:"title"`
	Content   *string   `json:"content"`
	Published bool      `json:"published"`
	ViewCount int       `json:"viewCount"`
	Rating    *float64  `json:"rating"`
	CreatedAt time.Time `json:"createdAt"`
	AuthorID  int       `json:"authorId"`
	Author    *rpcUser  `json:"author,omitempty"`
}

// rpcFindMany serves GET /rpc/post/findMany for the benchmark's question:
// q={"where":{"published":true},"include":{"author":true},"orderBy":{"viewCount":"desc"},"take":N}.
func (s *Server) rpcFindMany(c *gin.Context) {
	var args struct {
		Where   struct{ Published *bool }  `json:"where"`
		Include struct{ Author bool }      `json:"include"`
		OrderBy struct{ ViewCount string } `json:"orderBy"`
		Take    int                        `json:"take"`
	}
	if err := json.Unmarshal([]byte(c.Query("q")), &args); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": gin.H{"message": err.Error()}})
		return
	}
	q := s.Client.Post.Query().Where(readable())
	if args.Where.Published != nil && !*args.Where.Published {
		q.Where(resource0())
	}
	if args.OrderBy.ViewCount == "desc" {
		q.Order(post.ByViewCount(sql.OrderDesc()), post.ByID(sql.OrderDesc()))
	} else {
		q.Order(post.ByViewCount(), post.ByID())
	}
	if args.Include.Author {
		q.WithAuthor()
	}
	if args.Take > 0 {
		q.Limit(args.Take)
	}
	posts, err := q.All(c)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": gin.H{"message": err.Error()}})
		return
	}
	out := make([]rpcPost, len(posts))
	for i, p := range posts {
		out[i] = rpcPost{ID: p.ID, Title: p.Title, Content: p.Content, Published: p.Published, ViewCount: p.ViewCount,
			Rating: p.Rating, CreatedAt: p.CreatedAt, AuthorID: p.AuthorID}
		if a := p.Edges.Author; a != nil {
			out[i].Author = &rpcUser{ID: a.ID, Name: a.Name, Role: a.Role, CreatedAt: a.CreatedAt}
		}
	}
	b, err := json.Marshal(struct {
		Data []rpcPost `json:"data"`
	}{out})
	if err != nil {
		c.Status(http.StatusInternalServerError)
		return
	}
	c.Data(http.StatusOK, "application/json", b)
}
