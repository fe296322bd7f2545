package handwritten

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
)

type postBody struct {
	Data struct {
		Type       string `json:"type"`
		ID         string `json:"id"`
		Attributes struct {
			Title     *string `json:"title"`
			Content   *string `json:"content"`
			Published *bool   `json:"published"`
			ViewCount *int    `json:"viewCount"`
		} `json:"attributes"`
		Relationships struct {
			Author *struct {
				Data *identifier `json:"data"`
			} `json:"author"`
			Tags *struct {
				Data []identifier `json:"data"`
			} `json:"tags"`
		} `json:"relationships"`
	} `json:"data"`
}

// createPost serves POST /post: attributes plus the author and tags
// relationships, in one transaction, answered 201 with the post.
func (s *Server) createPost(c *gin.Context) {
	var body postBody
	if err := json.NewDecoder(c.Request.Body).Decode(&body); err != nil || body.Data.Type != "post" {
		fail(c, http.StatusBadRequest, "bad document")
		return
	}
	a := body.Data.Attributes
	if a.Title == nil || body.Data.Relationships.Author == nil || body.Data.Relationships.Author.Data == nil {
		fail(c, http.StatusBadRequest, "title and author are required")
		return
	}
	authorID, err := strconv.Atoi(body.Data.Relationships.Author.Data.ID)
	if err != nil {
		fail(c, http.StatusBadRequest, "bad author id")
		return
	}
	tx, err := s.Client.Tx(c)
	if err != nil {
		fail(c, http.StatusInternalServerError, err.Error())
		return
	}
	b := tx.Post.Create().SetTitle(*a.Title).SetNillableContent(a.Content).SetNillablePublished(a.Published).
		SetNillableViewCount(a.ViewCount).SetAuthorID(authorID)
	if t := body.Data.Relationships.Tags; t != nil {
		for _, id := range t.Data {
			n, err := strconv.Atoi(id.ID)
			if err != nil {
				_ = tx.Rollback()
				fail(c, http.StatusBadRequest, "bad tag id")
				return
			}
			b.AddTagIDs(n)
		}
	}
	p, err := b.Save(c)
	if err != nil {
		_ = tx.Rollback()
		fail(c, http.StatusBadRequest, err.Error())
		return
	}
	if err := tx.Commit(); err != nil {
		fail(c, http.StatusInternalServerError, err.Error())
		return
	}
	res := s.postResource(p)
	c.Header("Location", res.Links.Self)
	writeJSON(c, http.StatusCreated, oneDoc{JSONAPI: version{"1.1"}, Data: res, Links: selfLink{Self: res.Links.Self}})
}

// updatePost serves PATCH /post/:id with attributes.
func (s *Server) updatePost(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		fail(c, http.StatusNotFound, "not found")
		return
	}
	var body postBody
	if err := json.NewDecoder(c.Request.Body).Decode(&body); err != nil || body.Data.Type != "post" || body.Data.ID != c.Param("id") {
		fail(c, http.StatusBadRequest, "bad document")
		return
	}
	a := body.Data.Attributes
	p, err := s.Client.Post.UpdateOneID(id).Where(post.ID(id)).SetNillableTitle(a.Title).SetNillableContent(a.Content).
		SetNillablePublished(a.Published).SetNillableViewCount(a.ViewCount).Save(c)
	if ent.IsNotFound(err) {
		fail(c, http.StatusNotFound, "not found")
		return
	}
	if err != nil {
		fail(c, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(c, http.StatusOK, oneDoc{JSONAPI: version{"1.1"}, Data: s.postResource(p), Links: selfLink{Self: s.base("post", c.Param("id"))}})
}
