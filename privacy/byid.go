package privacy

import (
	"context"
	"errors"

	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/resource"
)

// A policy whose rules read more of auth() than its id loads the viewer's
// entity (one query per request) before it filters or guards rows in SQL.
// The decisions it makes in Go, on values at hand, often need no more than
// the id: a create by its author (auth() == author) and the read-back of
// the row it returned. Those run first on the viewer as it is, its entity
// not loaded, and again after loading it only when a rule asked for it
// (Viewer.Entity records that): a decision that never read the entity is
// the one a loaded viewer gives.

// idViewer is a generated policy that can hand out its viewer without
// loading the entity (the policies whose rules read it).
type idViewer[A any] interface {
	// ViewerByID is Viewer without loading the viewer's entity.
	ViewerByID(ctx context.Context) (A, error)
}

// lazyEntity is the *Viewer of any auth model.
type lazyEntity interface {
	entityWanted() bool
	isLoaded() bool
}

// byID runs decide on r's viewer as it is and, unless that settled the
// decision without reading the viewer's entity, again with the entity
// loaded. decide reports whether its result stands whatever the entity
// holds (a constant condition, a decision in Go); with a loaded or
// anonymous viewer it always does. skip: ctx bypasses the policies, and
// decide does not run.
func byID[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, decide func(A) (settled bool, err error)) (a A, skip bool, err error) {
	lazy, ok := any(r).(idViewer[A])
	if !ok {
		if a, skip, err = viewer[A, M](ctx, r); err != nil || skip {
			return a, skip, err
		}
		_, err = decide(a)
		return a, false, err
	}
	if skip, err = Decision(ctx); skip || err != nil {
		return a, skip, err
	}
	if a, err = lazy.ViewerByID(ctx); err != nil {
		return a, false, err
	}
	settled, err := decide(a)
	if v, ok := any(a).(lazyEntity); !ok || v.isLoaded() || settled && !v.entityWanted() {
		return a, false, err
	}
	if a, err = r.Viewer(ctx); err != nil {
		return a, false, err
	}
	_, err = decide(a)
	return a, false, err
}

// errNotLoaded fails, rather than filter wrongly, a query given a rule
// that Deferred could not build.
var errNotLoaded = errors.New("entstack/privacy: a rule reading auth()'s entity was rendered before the entity was loaded")

// Deferred is the rule rule(a), built when it is used: at once for a
// loaded (or anonymous) viewer, at evaluation otherwise, so that a
// decision in Go that another rule settles (an author reading their own
// row) does not load the viewer's entity. entx wraps in it the read rules
// that read auth()'s entity. Rendered to SQL before the load (no caller
// does), it fails the query.
func Deferred[ID comparable, E any](a *Viewer[ID, E], rule func(*Viewer[ID, E]) Cond) Cond {
	if a.isLoaded() {
		return rule(a)
	}
	return Cond{
		p:    func(s *sql.Selector) { s.AddError(errNotLoaded) },
		eval: func(row resource.Values) (bool, bool) { return rule(a).Eval(row) },
	}
}
