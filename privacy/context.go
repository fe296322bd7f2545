package privacy

import (
	"context"
	"fmt"
	"sync"

	entprivacy "entgo.io/ent/privacy"
)

// Viewer is auth() of a request: the id of the signed-in entity of the auth
// model (ID its Go id type, E a pointer to its entity, *ent.User for the
// blog) and, once a rule needs more of auth() than its id, the entity
// itself, loaded at most once per request. A nil *Viewer is the anonymous
// viewer (auth() is null).
//
// Applications do not build viewers themselves: the generated package has
// typed helpers named after the auth model (ent.WithViewer(ctx, *ent.User),
// ent.WithViewerID(ctx, id)). The viewer lives on the request's context,
// so nothing it loads outlives the request.
//
// Compiled rules read the viewer through a variable a of type *Viewer:
// `a != nil` is "signed in", a.ID is auth()'s id (auth() == author
// compiles to author_id = a.ID and needs no query), and a.Entity() is the
// loaded entity (auth().role reads a.Entity().Role, guarded by
// a.Entity() != nil). A policy whose compiled rules mention a.Entity()
// loads the entity (Load) before evaluating them.
type Viewer[ID comparable, E any] struct {
	// ID is the viewer's id.
	ID ID

	mu     sync.Mutex
	loaded bool
	wanted bool // a rule asked for the entity before it was loaded
	entity E
}

// NewViewer returns the viewer with the id, its entity not loaded yet.
func NewViewer[ID comparable, E any](id ID) *Viewer[ID, E] {
	return &Viewer[ID, E]{ID: id}
}

// LoadedViewer returns the viewer with the id whose entity e is already at
// hand (the middleware loaded it).
func LoadedViewer[ID comparable, E any](id ID, e E) *Viewer[ID, E] {
	return &Viewer[ID, E]{ID: id, loaded: true, entity: e}
}

// Entity returns the viewer's entity when it was loaded and exists; the
// zero E (nil) otherwise, and for the anonymous viewer. Rules then read
// every field of auth() as null, so an allow rule on auth().role fails and
// a deny rule on it holds for a viewer whose row was not found.
//
// Called before Load, it also records that a rule needed the entity: a
// decision made in Go on a viewer not loaded yet (see viewerByID) stands only
// when no rule asked for it.
func (v *Viewer[ID, E]) Entity() E {
	if v == nil {
		var zero E
		return zero
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.loaded {
		v.wanted = true
	}
	return v.entity
}

// entityState reports whether the entity was loaded (the anonymous
// viewer has nothing to load) and whether a rule asked for it before
// (Entity).
func (v *Viewer[ID, E]) entityState() (loaded, wanted bool) {
	if v == nil {
		return true, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.loaded, v.wanted && !v.loaded
}

// Load loads the viewer's entity with load, under Bypass, unless it was
// loaded before. load returns the zero E when no row has the id. A failed
// load is not remembered: the next Load tries again.
func (v *Viewer[ID, E]) Load(ctx context.Context, load func(context.Context, ID) (E, error)) error {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.loaded {
		return nil
	}
	e, err := load(Bypass(ctx), v.ID)
	if err != nil {
		return fmt.Errorf("entstack/privacy: loading the viewer %v: %w", v.ID, err)
	}
	v.entity, v.loaded = e, true
	return nil
}

type viewerKey struct{}

// WithViewer returns a context whose auth() is v; a nil v makes it
// anonymous (also when ctx carried a viewer).
func WithViewer[ID comparable, E any](ctx context.Context, v *Viewer[ID, E]) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the viewer of ctx, nil when anonymous. A viewer of
// another type (another auth model, another id type) is an error, never an
// anonymous request: the policies fail closed on it.
func ViewerFrom[ID comparable, E any](ctx context.Context) (*Viewer[ID, E], error) {
	x := ctx.Value(viewerKey{})
	if x == nil {
		return nil, nil
	}
	v, ok := x.(*Viewer[ID, E])
	if !ok {
		return nil, fmt.Errorf("entstack/privacy: the context's viewer is a %T, the policies expect a %T: set it with the helpers generated for the auth model", x, v)
	}
	return v, nil
}

// ViewerOf is ViewerFrom, loading the viewer's entity with load (see
// Viewer.Load) when entity is set: the generated policies pass true when
// their compiled rules read more of auth() than its id.
func ViewerOf[ID comparable, E any](ctx context.Context, entity bool, load func(context.Context, ID) (E, error)) (*Viewer[ID, E], error) {
	v, err := ViewerFrom[ID, E](ctx)
	if err != nil || v == nil || !entity {
		return v, err
	}
	return v, v.Load(ctx, load)
}

// Bypass returns a context in which every policy is skipped: trusted code,
// seeding, migrations, and the policies' own look-ups. It is Ent's own
// decision context (privacy.DecisionContext(ctx, privacy.Allow)), so it
// also bypasses hand-written Ent policies. It is the one spelling of the
// bypass in entstack.
func Bypass(ctx context.Context) context.Context {
	return entprivacy.DecisionContext(ctx, entprivacy.Allow)
}

// Decision returns the decision Ent's DecisionContext put on ctx: bypass is
// true for privacy.Allow; err is the denial for privacy.Deny (or any error).
func Decision(ctx context.Context) (bypass bool, err error) {
	d, ok := entprivacy.DecisionFromContext(ctx)
	if !ok {
		return false, nil
	}
	if d == nil {
		return true, nil
	}
	return false, d
}
