package privacy

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/resource"
)

// Hook returns the mutation hook that enforces the policy of an entity on
// every mutation of it: bind gives the policy for the mutation's config
// (its transaction).
func Hook[A any, M Mutation, R Rules[A, M]](bind func(M) R) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			mm, ok := m.(M)
			if !ok {
				return nil, fmt.Errorf("entstack/privacy: unexpected mutation %T", m)
			}
			return Mutate[A](ctx, bind(mm), mm, next)
		})
	}
}

// Mutate enforces the policy r on m and runs it with next:
//
//   - create: the create rules, against m's values;
//   - update, delete: the rules as a guard on the rows (see guard);
//   - a single-row write (SingleRow, or Ent's UpdateOne and DeleteOne):
//     an update is decided by the update rules alone, a delete by the
//     delete rules alone, as in ZenStack; a rejected one is not found when
//     the viewer can read the row neither, else a policy error naming the
//     rule. A writable row the viewer cannot read is written: reading it
//     back is the caller's (resource.ReadBack answers cannot-read-back). A
//     delete run with resource.IfReadable is narrowed to readable rows as
//     well, and fails with resource.ErrUnreadable, deleting nothing, on a
//     row it may delete but not read (resource.DeleteTx then deletes it
//     without, knowing the answer is cannot-read-back);
//   - linking or unlinking rows of another entity (Meta.Links): that
//     entity's update rule, for every row linked or unlinked;
//   - post-update rules that only the written row decides: after the
//     write, in its transaction;
//   - the entity returned is masked like a query's.
func Mutate[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, next ent.Mutator) (ent.Value, error) {
	op := m.Op()
	var (
		a    A
		lazy bool // a's entity is not loaded (updater)
		skip bool
		err  error
	)
	switch {
	case op.Is(ent.OpCreate):
		a, skip, err = create[A](ctx, r, m)
	case op.Is(ent.OpUpdate):
		a, lazy, skip, err = updater[A](ctx, r)
	default:
		a, skip, err = viewer[A, M](ctx, r)
	}
	switch {
	case err != nil:
		return nil, err
	case skip:
		return next.Mutate(ctx, m)
	}
	var w *write
	switch {
	case op.Is(ent.OpUpdate | ent.OpUpdateOne):
		w, err = guard[A](ctx, r, m, OpUpdate, r.Update(a, m), a)
	case op.Is(ent.OpDelete | ent.OpDeleteOne):
		w, err = guard[A](ctx, r, m, OpDelete, r.Delete(a), a)
	}
	if err == nil && !op.Is(ent.OpDelete|ent.OpDeleteOne) {
		err = checkLinks[A](ctx, r, m)
	}
	if err != nil {
		return nil, err
	}
	var after func(context.Context) error
	if au, ok := any(r).(afterUpdater[A, M]); ok && op.Is(ent.OpUpdate|ent.OpUpdateOne) {
		if after, err = au.After(ctx, a, m); err != nil {
			return nil, err
		}
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return nil, err
	}
	if n, ok := v.(int); ok && n == 0 && w != nil {
		// A single-row write that wrote nothing: the row is missing, or
		// the guard rejected it; or, on MySQL, an update that changed no
		// value (it counts changed rows, not matched ones).
		w.tried = true
		if lazy {
			// The read rule, which tells a missing row from a forbidden
			// one, may read the entity.
			if a, err = r.Viewer(ctx); err != nil {
				return nil, err
			}
			w.read = r.Read(a)
		}
		if err := w.check(ctx); err != nil {
			return nil, err
		}
		v = 1
	}
	if after != nil {
		if err := after(ctx); err != nil {
			return nil, err
		}
	}
	if mk, ok := any(r).(masker[A]); ok {
		mk.Mask(a, v)
	}
	return v, nil
}

// create checks the create rules of r on m. They are decided in Go: the
// viewer's entity is loaded only when a rule reading it is reached (a
// create by its author needs only auth()'s id), unless the policy masks
// fields, which needs the entity after the write whatever it holds.
func create[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M) (a A, skip bool, err error) {
	a, lazy, skip, err := viewerByID[A, M](ctx, r)
	if skip || err != nil {
		return a, skip, err
	}
	if _, masks := any(r).(masker[A]); lazy && masks {
		if a, err = r.Viewer(ctx); err != nil {
			return a, false, err
		}
	}
	if err = r.Create(ctx, a, m); lazy && redo(a, true) {
		if a, err = r.Viewer(ctx); err != nil {
			return a, false, err
		}
		err = r.Create(ctx, a, m)
	}
	return a, false, err
}

// updater returns the viewer of a bulk update (SingleRow's included):
// without its entity (lazy) when the update rules need only its id
// (Meta.UpdateByID) and the policy masks no field (Mask reads the entity
// whatever the write did). Ent's UpdateOne loads it: its check before the
// write renders the read rule, which may read the entity, to SQL.
func updater[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) (a A, lazy, skip bool, err error) {
	if _, masks := any(r).(masker[A]); !r.Meta().UpdateByID || masks {
		a, skip, err = viewer[A, M](ctx, r)
		return a, false, skip, err
	}
	return viewerByID[A, M](ctx, r)
}

// guard restricts an update or delete to the rows its rules admit, so
// bulk writes skip the others (POL-SEM-07). A single-row write is
// restricted the same way (ANDed with the read rule for a delete run with
// resource.IfReadable): a
// single-row bulk write (SingleRow) is returned, for Mutate to explain
// after the fact when it writes nothing; Ent's UpdateOne and DeleteOne
// are checked first (one count, when the rules are not constant), since
// Ent reports their missing row without the hook seeing it.
func guard[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, op string, parts []Part, a A) (*write, error) {
	meta := r.Meta()
	if err := FieldDenied(meta.Model, op, parts); err != nil {
		return nil, err
	}
	cond := All(parts)
	var w *write
	switch id, single := singleRowOf(ctx, m); {
	case single && m.Op().Is(ent.OpUpdate|ent.OpDelete):
		w = newWrite[A](ctx, r, a, id, op, parts)
		cond = w.cond
	case m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne):
		ids, err := r.IDs(Bypass(ctx), m)
		if err != nil {
			return nil, err
		}
		if len(ids) == 1 {
			pre := newWrite[A](ctx, r, a, ids[0], op, parts)
			if cond = pre.cond; !cond.IsTrue() {
				if err := pre.check(ctx); err != nil {
					return nil, err
				}
			}
		}
	}
	if p := cond.Predicate(); p != nil {
		m.WhereP(p)
	}
	return w, nil
}

// write is a single-row update or delete under a guard.
type write struct {
	model, op string
	id        any
	parts     []Part
	read      Cond // the read rule
	cond      Cond // the guard: the parts (and the read rule: ifReadable)
	// ifReadable: a delete run with resource.IfReadable, whose guard
	// holds the read rule as well.
	ifReadable bool
	// tried: the write ran and changed no row. A delete's guard then does
	// not hold (it is not counted again); an update's may (MySQL).
	tried    bool
	e        Entity
	notFound func() error
}

func newWrite[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, a A, id any, op string, parts []Part) *write {
	meta := r.Meta()
	w := &write{model: meta.Model, op: op, id: id, parts: parts, read: r.Read(a), e: r, notFound: meta.NotFound}
	w.cond = All(parts)
	if op == OpDelete && resource.IsIfReadable(ctx) {
		// The answer to a delete is the row (ZenStack reads it back): one
		// statement deletes a row the viewer may read and delete, and a
		// deletable row it may not read is told apart after the fact.
		w.ifReadable = true
		w.cond = And(w.read, w.cond)
	}
	return w
}

// check returns nil when the row exists and the guard admits it; else it
// explains why not: not found when the viewer may not read the row (or
// there is none), else the rule that rejects it (Blame). A row of an
// ifReadable delete that the viewer may delete but not read is
// resource.ErrUnreadable.
func (w *write) check(ctx context.Context) error {
	holds := rowHolds(ctx, w.e, w.id)
	if !w.cond.IsFalse() && !(w.tried && w.op == OpDelete) {
		if ok, err := holds(w.cond.Where()); err != nil || ok {
			return err
		}
	}
	switch ok, err := holds(w.read.Where()); {
	case err != nil:
		return err
	case !ok && w.ifReadable:
		if all := All(w.parts); !all.IsFalse() {
			if ok, err := holds(all.Where()); err != nil || ok {
				if ok {
					err = resource.ErrUnreadable
				}
				return err
			}
		}
		return w.notFound()
	case !ok:
		return w.notFound()
	}
	return Blame(w.model, w.op, w.parts, holds)
}

type singleRowKey struct{}

type singleRow struct {
	m  ent.Mutation
	id any
}

// SingleRow returns ctx marking m, a bulk update or delete narrowed to the
// row with the id (Where(id = ?)), as a single-row write: the policy
// hook then answers for that row as for Ent's UpdateOne and DeleteOne
// (see Mutate), yet the write is one UPDATE or DELETE with the rules in
// its WHERE, without the queries Ent's UpdateOne adds (it re-selects the
// row). Only the mutation m is marked, not the others run with ctx.
func SingleRow(ctx context.Context, m ent.Mutation, id any) context.Context {
	return context.WithValue(ctx, singleRowKey{}, singleRow{m, id})
}

func singleRowOf(ctx context.Context, m ent.Mutation) (any, bool) {
	s, ok := ctx.Value(singleRowKey{}).(singleRow)
	if !ok || s.m != m {
		return nil, false
	}
	return s.id, true
}

// WriteRow runs save, a bulk update or delete of m narrowed to the row
// with the id, as a single-row write (SingleRow), and reports a missing
// row as notFound(). The policy hook explains a write that changed no row
// itself; without it (no policy, or bypassed) exists, when given, tells a
// missing row from one that an update left unchanged (MySQL counts only
// changed rows).
func WriteRow(ctx context.Context, m ent.Mutation, id any, save func(context.Context) (int, error), exists func(context.Context) (bool, error), notFound func() error) error {
	n, err := save(SingleRow(ctx, m, id))
	if err != nil || n > 0 {
		return err
	}
	if exists != nil {
		ok, err := exists(Bypass(ctx))
		if err != nil || ok {
			return err
		}
	}
	return notFound()
}

// rowHolds returns whether the row of e with the id matches a predicate,
// bypassing the policies.
func rowHolds(ctx context.Context, e Entity, id any) func(func(*sql.Selector)) (bool, error) {
	sys := Bypass(ctx)
	row := rowWhere(e.Meta(), id)
	return func(p func(*sql.Selector)) (bool, error) {
		q := e.Table()
		q.Where(row, p)
		n, err := q.Count(sys)
		return n > 0, err
	}
}

// rowWhere selects the row with the id: a resource.CompositeID when the
// entity's id is composite (Meta.Key).
func rowWhere(m *Meta, id any) func(*sql.Selector) {
	if k, ok := id.(resource.CompositeID); ok && len(m.Key) == len(k) {
		return sql.AndPredicates(sql.FieldEQ(m.Key[0], k[0]), sql.FieldEQ(m.Key[1], k[1]))
	}
	return sql.FieldEQ(m.ID, id)
}
