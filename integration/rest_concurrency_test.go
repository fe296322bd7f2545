package integration

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRestConcurrentReads: documents are written into pooled buffers;
// concurrent requests must each get their own intact body.
func TestRestConcurrentReads(t *testing.T) {
	e := newEnv(t)
	paths := []string{
		"/post?include=author,comments.author",
		"/post/2?fields[post]=title",
		"/user/1/relationships/posts",
		"/post?filter[nope]=1",
		"/tag?sort=-name",
		"/user/3/profile",
	}
	fetch := func(p string) (int, string, error) {
		res, err := e.send(request{target: "/api/rest" + p})
		if err != nil {
			return 0, "", err
		}
		return res.status, res.body, nil
	}
	want := map[string]string{}
	for _, p := range paths {
		_, body, err := fetch(p)
		require.NoError(t, err)
		want[p] = body
	}
	var wg sync.WaitGroup
	errs := make(chan string, 400)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				p := paths[(g+i)%len(paths)]
				_, body, err := fetch(p)
				if err != nil {
					errs <- err.Error()
				} else if body != want[p] {
					errs <- p + ": body differs"
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	var all []string
	for e := range errs {
		all = append(all, e)
	}
	require.Empty(t, all)
}
