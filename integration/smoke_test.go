package integration

import (
	"io"
	"net/http"
	"testing"
)

func TestSmoke(t *testing.T) {
	env := startBlog(t)
	ts := struct{ URL string }{env.url}
	for _, p := range []string{"/api/rest/post?include=author,comments.author&sort=-viewCount&page[limit]=2", "/api/rest/post/2?fields[post]=title,author&include=author", "/api/rest/user/1/posts", "/api/rest/user/1/relationships/posts", "/api/rest/post/1/author", "/api/rest/post?filter[author][name]=Emily&filter[viewCount$gt]=100", "/api/rest/post?filter[tags$hasEvery]=1,2", "/api/rest/post?filter[title$contains]=post", "/api/rest/post?sort=author.name,-id&fields[post]=title", "/api/rest/foo", "/api/rest/post?filter[nope]=1"} {
		res, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		t.Logf("%s -> %d %s", p, res.StatusCode, b)
	}
}
