package privacy

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/resource"
)

// Rules is one entity's generated access policy, bound to a client config
// (and so to its transaction, if any): the compiled rules, as functions of
// the viewer A (a *Viewer of the auth model), and the few typed calls Ent
// offers only per entity. M is the entity's mutation type. The enforcement
// itself (Mutate, ReadFilter, the scopes…) is generic code of this package.
type Rules[A any, M Mutation] interface {
	Entity
	// Viewer returns auth() for the rules: nil when anonymous, its entity
	// loaded when the rules read more of it than its id.
	Viewer(ctx context.Context) (A, error)
	// ViewerByID is Viewer without loading the entity, for decisions
	// that may not need it (see viewerByID).
	ViewerByID(ctx context.Context) (A, error)
	// Read is the read rule, as a condition on the rows.
	Read(a A) Cond
	// Update is the update rule (post-update rules decidable before the
	// write included, field update rules of the fields m touches) as parts
	// to blame. m is the zero M when a row is only linked or unlinked by
	// a mutation of another entity.
	Update(a A, m M) []Part
	// Delete is the delete rule as parts.
	Delete(a A) []Part
	// Create checks the create rules against the values of m (defaults
	// applied), looking up the rows m references under bypass.
	Create(ctx context.Context, a A, m M) error
	// IDs returns the ids of the rows m changes (Ent's IDs: no query for a
	// single-row mutation); for a create, its id when the client chose it,
	// else none.
	IDs(ctx context.Context, m M) ([]any, error)
	// Link returns, for one of Meta().Links, the entity on its other side
	// (bound to the same config; Link or LinkKey) and a query of that
	// entity's rows linked to the rows of this one with the ids.
	Link(edge string, ids []any) (Linkable, resource.Query)
}

// Entity is what the runtime knows of an entity's policy whatever its
// viewer and mutation types.
type Entity interface {
	// Meta describes the policy; it is the same value for every config.
	Meta() *Meta
	// Table starts a query of the entity's rows, to run with Bypass.
	Table() resource.Query
}

// Meta is the static description of an entity's generated policy.
type Meta struct {
	// Model is the schema's name ("Post"), as errors name it.
	Model string
	// ID is the id column (single-field ids; empty for composite ones).
	ID string
	// Key are the two columns of a composite id (Ent edge schemas), in the
	// order of resource.CompositeID; nil for single-field ids.
	Key []string
	// Links are the edges whose other side holds the link (O2M, M2M, O2O
	// without the foreign key here): linking or unlinking rows through
	// them updates those rows, so their update rule applies.
	Links []string
	// Guarded are the columns that field read rules may hide: a raw scan
	// of them (Select, GroupBy) cannot be masked per row and fails closed.
	Guarded []string
	// NotFound returns Ent's not-found error of the entity.
	NotFound func() error
	// ViewerEntity: some rule reads more of auth() than its id, so
	// Viewer loads the viewer's entity.
	ViewerEntity bool
	// UpdateByID: the update rules need only auth()'s id, even though
	// ViewerEntity (they read auth()'s fields in SQL, in a sub-select of
	// the viewer's row): an update, unless the policy masks fields, runs
	// without loading the entity.
	UpdateByID bool
}

// Mutation is an Ent mutation as the runtime enforces a policy on it:
// Ent's generic interface, and the predicates every generated mutation
// takes.
type Mutation interface {
	ent.Mutation
	WhereP(...func(*sql.Selector))
}

// masker is implemented by the policies of entities with field read
// rules.
type masker[A any] interface {
	// Mask hides, in the entities of v (one, or a slice), the fields whose
	// read rules reject a; false when v holds no entities (a raw scan).
	Mask(a A, v ent.Value) bool
	// FieldRead is the read rule of the API field Fields[i] (resource) as
	// a condition on the rows; True for fields without one.
	FieldRead(a A, i int) Cond
}

// afterUpdater is implemented by the policies of entities with update
// rules that only the written row decides.
type afterUpdater[A any, M Mutation] interface {
	// After prepares the check of those rules for m (it loads the rows
	// before the write) and returns it, to be run after the write in its
	// transaction: see PostWrite.
	After(ctx context.Context, a A, m M) (func(context.Context) error, error)
}

// Linkable is the entity on the other side of a link (Rules.Link).
type Linkable interface {
	Entity
	// linkCond is what a row must meet for the viewer of ctx to link it
	// to the row with the id to (unlink it: to is nil): be readable (read)
	// and updatable (parts: its update rules, deny rules and future()
	// included, seeing the change of its foreign key when the link is one,
	// see LinkKey). skip: the policies are bypassed.
	linkCond(ctx context.Context, to any) (read Cond, parts []Part, skip bool, err error)
	// keyed reports whether the update rules read the foreign key's new
	// value, so that linkCond needs the id of the row linked to.
	keyed() bool
}

// Link makes the policy r the other side of a link (Rules.Link) whose
// change its update rules see only as an update of the row: a join table
// (M2M), or a foreign key they do not read.
func Link[A any, M Mutation, R Rules[A, M]](r R) Linkable { return linkable[A, M, R]{r: r} }

// LinkKey makes the policy r the other side of a link held by a foreign
// key of r's rows that r's update rules read (future().authorId, a field
// update rule of the key): key returns the mutation of r's entity that
// writes the key as the link does, to the id of the row linked to, or
// null when unlinking (id nil); see SetKey. Linking or unlinking a row is
// then allowed when its update rules admit that mutation.
func LinkKey[A any, M Mutation, R Rules[A, M]](r R, key func(id any) (M, error)) Linkable {
	return linkable[A, M, R]{r: r, key: key}
}

type linkable[A any, M Mutation, R Rules[A, M]] struct {
	r   R
	key func(id any) (M, error)
}

func (l linkable[A, M, R]) Meta() *Meta           { return l.r.Meta() }
func (l linkable[A, M, R]) Table() resource.Query { return l.r.Table() }
func (l linkable[A, M, R]) keyed() bool           { return l.key != nil }

func (l linkable[A, M, R]) linkCond(ctx context.Context, to any) (Cond, []Part, bool, error) {
	a, skip, err := viewer[A, M](ctx, l.r)
	if skip || err != nil {
		return Cond{}, nil, skip, err
	}
	var m M
	switch {
	case l.key == nil:
	case to == unknownRow:
		// The id of a row being created is not known before the write:
		// rules that read it cannot be decided, and refuse.
		return l.r.Read(a), []Part{{Cond: False}}, false, nil
	default:
		if m, err = l.key(to); err != nil {
			return Cond{}, nil, false, err
		}
	}
	return l.r.Read(a), l.r.Update(a, m), false, nil
}

// unknownRow stands for the id of a row being created whose id the
// database generates: what a link to it writes into a foreign key is not
// known before the write.
var unknownRow any = struct{ unknown bool }{true}

// SetKey writes the foreign key of a link on the mutation of LinkKey: set
// to id (of the key's Go type T), or cleared when id is nil. clear is nil
// for a required key, which no unlink may clear (the row is held, see
// resource.Edge.Holds): the mutation then leaves it as it is.
func SetKey[T any](id any, set func(T), clear func()) error {
	if id == nil {
		if clear != nil {
			clear()
		}
		return nil
	}
	x, ok := id.(T)
	if !ok {
		return fmt.Errorf("entstack/privacy: a foreign key takes a %T, not the id %v (%T)", x, id, id)
	}
	set(x)
	return nil
}

// viewer returns the viewer of ctx for r; skip when ctx bypasses the
// policies. An explicit deny decision is the error.
func viewer[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) (a A, skip bool, err error) {
	bypass, err := Decision(ctx)
	if bypass || err != nil {
		return a, bypass, err
	}
	a, err = r.Viewer(ctx)
	return a, false, err
}

// Anys converts the result of a typed Ent call returning ids to []any.
func Anys[T any](xs []T, err error) ([]any, error) {
	if err != nil {
		return nil, err
	}
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out, nil
}

// ViewMutation stands for the mutation type of an Ent view in the
// policies of views: Ent generates no mutations (nor hooks) for views, so
// their policies only filter reads, and the runtime never hands them one.
type ViewMutation struct{ ent.Mutation }

// WhereP does nothing: a view has no writes to scope.
func (*ViewMutation) WhereP(...func(*sql.Selector)) {}

// CreatedIDs is the id of a row being created when it is known before the
// insert (a client-generated id), for Rules.IDs: none otherwise.
func CreatedIDs[T any](id T, known bool) ([]any, error) {
	if !known {
		return nil, nil
	}
	return []any{id}, nil
}
