package privacy

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

type account struct{ role string }

// loader counts its calls; it knows the accounts in rows.
type loader struct {
	mu    sync.Mutex
	calls int
	rows  map[string]*account
	err   error
}

func (l *loader) load(ctx context.Context, id string) (*account, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if bypass, _ := Decision(ctx); !bypass {
		return nil, errors.New("the viewer must be loaded under bypass")
	}
	if l.err != nil {
		return nil, l.err
	}
	return l.rows[id], nil
}

func TestViewerFrom(t *testing.T) {
	ctx := context.Background()
	v, err := ViewerFrom[string, *account](ctx)
	require.NoError(t, err)
	require.Nil(t, v, "no viewer: anonymous")

	in := NewViewer[string, *account]("a1")
	v, err = ViewerFrom[string, *account](WithViewer(ctx, in))
	require.NoError(t, err)
	require.Same(t, in, v)

	v, err = ViewerFrom[string, *account](WithViewer(WithViewer(ctx, in), (*Viewer[string, *account])(nil)))
	require.NoError(t, err)
	require.Nil(t, v, "a nil viewer makes a context anonymous again")

	// A viewer of another id type is an error, not an anonymous request.
	_, err = ViewerFrom[int, *account](WithViewer(ctx, in))
	require.ErrorContains(t, err, "the context's viewer is a *privacy.Viewer[string,")
	_, err = ViewerFrom[string, *struct{}](WithViewer(ctx, in))
	require.Error(t, err)
}

func TestViewerLoadsOnceAndOnlyWhenAsked(t *testing.T) {
	l := &loader{rows: map[string]*account{"a1": {role: "admin"}}}
	in := NewViewer[string, *account]("a1")
	ctx := WithViewer(context.Background(), in)

	v, err := ViewerOf(ctx, false, l.load)
	require.NoError(t, err)
	require.Equal(t, "a1", v.ID)
	require.Nil(t, v.Entity(), "an id-only rule does not load the entity")
	require.Zero(t, l.calls)

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := ViewerOf(ctx, true, l.load)
			require.NoError(t, err)
			require.Equal(t, "admin", v.Entity().role)
		}()
	}
	wg.Wait()
	require.Equal(t, 1, l.calls, "loaded once per viewer, however many policies ask")

	// A new request (a new viewer) loads again: nothing is cached beyond it.
	v, err = ViewerOf(WithViewer(context.Background(), NewViewer[string, *account]("a1")), true, l.load)
	require.NoError(t, err)
	require.Equal(t, "admin", v.Entity().role)
	require.Equal(t, 2, l.calls)
}

func TestViewerLoadFailures(t *testing.T) {
	l := &loader{rows: map[string]*account{}}
	ctx := WithViewer(context.Background(), NewViewer[string, *account]("gone"))
	v, err := ViewerOf(ctx, true, l.load)
	require.NoError(t, err)
	require.Equal(t, "gone", v.ID, "the id stays: auth() == author still compares it")
	require.Nil(t, v.Entity(), "a missing row: every other field of auth() is null")

	l = &loader{err: errors.New("connection refused")}
	ctx = WithViewer(context.Background(), NewViewer[string, *account]("a1"))
	_, err = ViewerOf(ctx, true, l.load)
	require.ErrorContains(t, err, "loading the viewer a1: connection refused")
	l.err = nil
	l.rows = map[string]*account{"a1": {role: "user"}}
	v, err = ViewerOf(ctx, true, l.load)
	require.NoError(t, err, "a failed load is retried")
	require.Equal(t, "user", v.Entity().role)
	require.Equal(t, 2, l.calls)
}

func TestLoadedViewerAndAnonymous(t *testing.T) {
	l := &loader{}
	ctx := WithViewer(context.Background(), LoadedViewer("a1", &account{role: "admin"}))
	v, err := ViewerOf(ctx, true, l.load)
	require.NoError(t, err)
	require.Equal(t, "admin", v.Entity().role)
	require.Zero(t, l.calls, "an entity given by the middleware is not loaded again")

	var anon *Viewer[string, *account]
	require.Nil(t, anon.Entity())
	require.NoError(t, anon.Load(context.Background(), l.load))
	require.Zero(t, l.calls)
}
