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
// (Viewer.Entity records that) or the decision is not settled without it:
// a decision that never read the entity is the one a loaded viewer gives.

// lazyEntity is the *Viewer of any auth model.
type lazyEntity interface{ entityState() (loaded, wanted bool) }

// viewerByID is viewer without loading the viewer's entity; lazy when
// the rules of r read it (Meta.ViewerEntity), so that a decision made with
// a may have to be made again with it loaded (redo).
func viewerByID[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) (a A, lazy, skip bool, err error) {
	if !r.Meta().ViewerEntity {
		a, skip, err = viewer[A, M](ctx, r)
		return a, false, skip, err
	}
	if skip, err = Decision(ctx); skip || err != nil {
		return a, false, skip, err
	}
	a, err = r.ViewerByID(ctx)
	return a, true, false, err
}

// redo reports whether a decision made with viewerByID's lazy a must be
// made again with the entity loaded (r.Viewer): a rule asked for it
// (Viewer.Entity), or the decision is not settled without it (settled:
// it stands whatever the entity holds, such as a constant condition).
func redo[A any](a A, settled bool) bool {
	v, ok := any(a).(lazyEntity)
	if !ok {
		return false
	}
	loaded, wanted := v.entityState()
	return !loaded && (!settled || wanted)
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
	if loaded, _ := a.entityState(); loaded {
		return rule(a)
	}
	return Cond{
		p:    func(s *sql.Selector) { s.AddError(errNotLoaded) },
		eval: func(row resource.Values) (bool, bool) { return rule(a).Eval(row) },
	}
}

// ViewerCond is a condition on auth()'s own fields, which update rules
// render both ways: loaded(entity), decided in Go, when
// it is loaded (or the viewer is anonymous), else sub(), the same in SQL
// over the viewer's row (EXISTS (SELECT 1 FROM users WHERE id = :viewer
// AND role = 'ADMIN')). An update then needs no more than the viewer's id,
// and a viewer loaded anyway costs the statement no sub-select.
func ViewerCond[ID comparable, E any](a *Viewer[ID, E], loaded func(E) Cond, sub func() Cond) Cond {
	if ok, _ := a.entityState(); ok {
		return loaded(a.Entity())
	}
	return sub()
}
