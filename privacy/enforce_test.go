package privacy

import (
	"context"
	"errors"
	"strings"
	"testing"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

// where renders a predicate as the WHERE clause of a query of items.
func where(p func(*sql.Selector)) string {
	if p == nil {
		return "<none>"
	}
	s := sql.Dialect(dialect.SQLite).Select("*").From(sql.Table("items"))
	p(s)
	q, _ := s.Query()
	return q[strings.Index(q, "WHERE")+len("WHERE "):]
}

func TestReadFilterAndScopes(t *testing.T) {
	r := items{newFakeDB(t)}
	cases := []struct {
		name        string
		ctx         context.Context
		read, write string
	}{
		{"anonymous", as(0), "`items`.`public` = ?", "FALSE"},
		{"alice", as(1), "`items`.`public` = ? OR `items`.`owner` = ?", "`items`.`owner` = ?"},
		{"admin: the constant folds away", as(9), "<none>", "`items`.`owner` = ?"},
		{"bypass", Bypass(as(1)), "<none>", "<none>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ReadFilter(c.ctx, r)
			require.NoError(t, err)
			require.Equal(t, c.read, where(p))
			require.Equal(t, c.read, where(ReadScope(c.ctx, r)))
			require.Equal(t, c.write, where(WriteScope(c.ctx, r, OpUpdate)))
			require.Equal(t, c.write, where(WriteScope(c.ctx, r, OpDelete)))
		})
	}
	require.Len(t, ReadTerms(as(0), r), 1, "public = true is a term of the anonymous read rule")

	// A viewer of another type fails closed, never reads as anonymous.
	odd := WithViewer(context.Background(), NewViewer[string, *member]("1"))
	_, err := ReadFilter(odd, r)
	require.ErrorContains(t, err, "the context's viewer is a")
	require.Equal(t, "FALSE", where(ReadScope(odd, r)))
	require.Equal(t, "FALSE", where(WriteScope(odd, r, OpUpdate)))
	require.Equal(t, "FALSE", where(FieldScope(odd, r, 0)))

	require.Equal(t, "`items`.`owner` = ?", where(FieldScope(as(1), r, 0)))
	require.Nil(t, FieldScope(as(1), r, 1), "a field without a read rule")
	require.Nil(t, FieldScope(as(1), tags(r), 0), "an entity without field rules")
}

// Single-row writes: allowed, denied naming the rule (readable row), not
// found (unreadable row); bulk writes only narrowed.
func TestMutateUpdatesAndDeletes(t *testing.T) {
	type tc struct {
		name   string
		viewer int
		m      *fakeMutation
		want   error  // nil: written
		rule   string // the rule a denial names
	}
	upd := func(id int) *fakeMutation { return &fakeMutation{op: ent.OpUpdateOne, id: id} }
	del := func(id int) *fakeMutation { return &fakeMutation{op: ent.OpDeleteOne, id: id} }
	moveTo := func(m *fakeMutation, o int) *fakeMutation { m.owner = owner(o); return m }
	denied := &Error{}
	cases := []tc{
		{"the owner updates", 1, upd(2), nil, ""},
		{"a readable row of another", 2, upd(1), denied, ""},
		{"an unreadable row of another", 2, upd(2), errNotFound, ""},
		{"a missing row", 1, upd(7), errNotFound, ""},
		{"anonymous, readable", 0, upd(1), denied, ""},
		{"the deny rule is named", 1, moveTo(upd(1), 2), denied, `deny("update", "future().owner != owner")`},
		{"the owner deletes", 1, del(2), nil, ""},
		{"delete a readable row of another", 2, del(1), denied, ""},
		{"delete an unreadable row", 2, del(2), errNotFound, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeDB(t)
			next, calls := writer(f)
			_, err := Mutate(as(c.viewer), items{f}, c.m, next)
			switch c.want {
			case nil:
				require.NoError(t, err)
				require.Equal(t, 1, *calls)
				require.Len(t, c.m.preds, 1, "the guard narrows the write too")
			case denied:
				var pe *Error
				require.ErrorAs(t, err, &pe)
				require.True(t, errors.Is(err, entprivacy.Deny), "wraps Ent's privacy.Deny")
				require.Equal(t, c.rule, pe.Rule)
				require.Zero(t, *calls, "nothing is written")
			default:
				require.ErrorIs(t, err, c.want)
				require.Zero(t, *calls)
			}
		})
	}

	// Bulk writes are narrowed to the rows the viewer may change: Bob's
	// bulk update touches his item only.
	f := newFakeDB(t)
	next, _ := writer(f)

	// Ent's UpdateOne and DeleteOne too are decided by the update and
	// delete rules alone: a writable row the viewer cannot read is
	// written; a delete run with resource.IfReadable is not, and says why.
	fd := newFakeDB(t)
	del2, _ := writer(fd)
	exists := func(id int) bool {
		var n int
		require.NoError(t, fd.db.QueryRow("SELECT COUNT(*) FROM items WHERE id = ?", id).Scan(&n))
		return n == 1
	}
	_, err := Mutate(resource.IfReadable(as(1)), blindItems{items{fd}}, del(2), del2)
	require.ErrorIs(t, err, resource.ErrUnreadable)
	require.True(t, exists(2), "nothing is deleted")
	_, err = Mutate(resource.IfReadable(as(1)), blindItems{items{fd}}, del(3), del2)
	require.ErrorIs(t, err, errNotFound, "neither readable nor deletable")
	_, err = Mutate(as(1), blindItems{items{fd}}, del(2), del2)
	require.NoError(t, err)
	require.False(t, exists(2))
	_, err = Mutate(as(1), blindItems{items{f}}, upd(2), next) // (it makes item 2 public)
	require.NoError(t, err)

	v, err := Mutate(as(2), items{f}, &fakeMutation{op: ent.OpUpdate}, next)
	require.NoError(t, err)
	require.Equal(t, 1, v)
	v, err = Mutate(as(0), items{f}, &fakeMutation{op: ent.OpDelete}, next)
	require.NoError(t, err)
	require.Equal(t, 0, v, "anonymous viewers delete nothing, silently")

	// Bypass: no rule, no predicate.
	m := upd(3)
	_, err = Mutate(Bypass(as(1)), items{f}, m, next)
	require.NoError(t, err)
	require.Empty(t, m.preds)
}

func TestMutateCreatesAndMasks(t *testing.T) {
	f := newFakeDB(t)
	next, calls := writer(f)
	_, err := Mutate(as(1), items{f}, &fakeMutation{op: ent.OpCreate, owner: owner(2)}, next)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, OpCreate, pe.Op)
	require.Zero(t, *calls)

	// The entity a write returns is masked like a query's.
	v, err := Mutate(as(1), items{f}, &fakeMutation{op: ent.OpCreate, owner: owner(1)}, next)
	require.NoError(t, err)
	require.False(t, v.(*item).hidden)
	v, err = Mutate(Bypass(as(2)), items{f}, &fakeMutation{op: ent.OpCreate, owner: owner(1)}, next)
	require.NoError(t, err)
	require.False(t, v.(*item).hidden, "bypass: nothing is hidden")

	// Wrong mutation types are an error, not a panic.
	hook := Hook(func(m *fakeMutation) items { return items{f} })
	_, err = hook(next).Mutate(as(1), struct{ ent.Mutation }{})
	require.ErrorContains(t, err, "unexpected mutation")
}

// Linking or unlinking tags through an item updates the tags: Alice may
// (un)link her tag 1, not Bob's tag 2; clearing the tags of item 1
// unlinks both.
func TestLinks(t *testing.T) {
	cases := []struct {
		name string
		m    *fakeMutation
		ok   bool
	}{
		{"add her tag", &fakeMutation{op: ent.OpUpdateOne, id: 2, added: map[string][]ent.Value{"tags": {1, 1}}}, true},
		{"add his tag", &fakeMutation{op: ent.OpUpdateOne, id: 2, added: map[string][]ent.Value{"tags": {1, 2}}}, false},
		{"remove his tag", &fakeMutation{op: ent.OpUpdateOne, id: 1, removed: map[string][]ent.Value{"tags": {2}}}, false},
		{"clear: his tag is linked", &fakeMutation{op: ent.OpUpdateOne, id: 1, cleared: map[string]bool{"tags": true}}, false},
		{"clear: nothing linked", &fakeMutation{op: ent.OpUpdateOne, id: 2, cleared: map[string]bool{"tags": true}}, true},
		{"create with her tag", &fakeMutation{op: ent.OpCreate, owner: owner(1), added: map[string][]ent.Value{"tags": {1}}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeDB(t)
			next, calls := writer(f)
			_, err := Mutate(as(1), items{f}, c.m, next)
			if c.ok {
				require.NoError(t, err)
				require.Equal(t, 1, *calls)
				return
			}
			var pe *Error
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "Tag", pe.Model)
			require.Equal(t, OpUpdate, pe.Op)
			require.Zero(t, *calls)
		})
	}
	f := newFakeDB(t)
	require.NoError(t, Connectable(Bypass(as(1)), Link(tags{f}), []ent.Value{2}, nil), "bypass")
	require.NoError(t, Connectable(as(1), Link(tags{f}), nil, nil))
}

func TestMaskQuery(t *testing.T) {
	r := items{newFakeDB(t)}
	rows := []*item{{owner: 1}, {owner: 2}}
	require.NoError(t, MaskQuery(as(1), r, rows, nil))
	require.False(t, rows[0].hidden)
	require.True(t, rows[1].hidden)
	require.Zero(t, rows[1].owner, "the Go field is zeroed too")

	one := &item{owner: 2}
	require.NoError(t, MaskQuery(Bypass(as(1)), r, one, nil))
	require.False(t, one.hidden)

	// A raw scan cannot be masked per row: selecting a guarded column
	// fails closed; others pass, and so do counts.
	err := MaskQuery(as(1), r, []string{"x"}, []string{"owner"})
	var pe *Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "owner", pe.Field)
	require.NoError(t, MaskQuery(as(1), r, []string{"x"}, []string{"public"}))
	require.NoError(t, MaskQuery(as(1), r, 3, []string{"owner"}))
	require.NoError(t, MaskQuery(as(1), tags(r), []string{"x"}, []string{"owner"}), "no field rules")
}

func TestPostWrite(t *testing.T) {
	f := newFakeDB(t)
	r := items{f}
	load := func(context.Context) ([]int, error) { return []int{1, 3}, nil }
	publicStays := func(id int) (any, []Part) {
		return id, []Part{{Rule: "deny(\"post-update\", \"!public\")", Cond: Truthy("public")}}
	}
	_, err := PostWrite(as(1), r, false, load, publicStays)
	require.ErrorContains(t, err, "updates of Item must run in a transaction")

	check, err := PostWrite(as(1), r, true, load, publicStays)
	require.NoError(t, err)
	err = check(as(1))
	var pe *Error
	require.ErrorAs(t, err, &pe, "item 3 is not public after the write")
	require.Equal(t, "deny(\"post-update\", \"!public\")", pe.Rule)

	check, err = PostWrite(as(1), r, true, func(context.Context) ([]int, error) { return []int{1}, nil }, publicStays)
	require.NoError(t, err)
	require.NoError(t, check(as(1)))
}

// blindItems are items whose owner may update a private item without
// reading it: only public items are readable.
type blindItems struct{ items }

func (blindItems) Read(*fakeViewer) Cond { return Truthy("public") }

// A single-row bulk write (SingleRow) is one statement with the guard in
// its WHERE; only when it writes nothing does the hook explain why, after
// the fact: not found when the viewer may not read the row (or there is
// none), else the rule that rejects it. An update is decided by the update
// rules alone (an updatable row the viewer cannot read is written), a
// delete by the delete rules alone; one run with resource.IfReadable by
// the delete and read rules, telling a deletable row the viewer cannot
// read apart (resource.ErrUnreadable).
func TestSingleRowWrites(t *testing.T) {
	type tc struct {
		name   string
		viewer int
		blind  bool // blindItems
		op     ent.Op
		id     int
		owner  *int  // the update moves the item to this owner
		want   error // nil: written
		rule   string
		stmts  int // statements: the write, then the explanation of a miss (a delete that deleted nothing: its guard is not counted again)
	}
	denied := &Error{}
	cases := []tc{
		{"the owner updates: one statement", 1, false, ent.OpUpdate, 2, nil, nil, "", 1},
		{"a readable row of another: the rule", 2, false, ent.OpUpdate, 1, nil, denied, "", 3},
		{"the deny rule is named", 1, false, ent.OpUpdate, 1, owner(2), denied, `deny("update", "future().owner != owner")`, 4},
		{"a row neither readable nor updatable", 2, false, ent.OpUpdate, 2, nil, errNotFound, "", 3},
		{"a missing row", 1, false, ent.OpUpdate, 7, nil, errNotFound, "", 3},
		{"an updatable row the viewer cannot read is written", 1, true, ent.OpUpdate, 2, nil, nil, "", 1},
		{"the owner deletes: one statement", 1, false, ent.OpDelete, 2, nil, nil, "", 1},
		{"delete a readable row of another", 2, false, ent.OpDelete, 1, nil, denied, "", 2},
		{"delete a row neither readable nor deletable", 2, false, ent.OpDelete, 2, nil, errNotFound, "", 2},
		{"delete a deletable row the viewer cannot read", 1, true, ent.OpDelete, 2, nil, nil, "", 1},
		// resource.IfReadable (the APIs, which answer with the row)
		{"IfReadable: the owner deletes: one statement", 1, false, ent.OpDelete, 2, nil, nil, "", 1},
		{"IfReadable: a deletable row the viewer cannot read", 1, true, ent.OpDelete, 2, nil, resource.ErrUnreadable, "", 3},
		{"IfReadable: a readable row of another", 2, false, ent.OpDelete, 1, nil, denied, "", 2},
		{"IfReadable: neither readable nor deletable", 2, true, ent.OpDelete, 2, nil, errNotFound, "", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeDB(t)
			next, calls := writer(f)
			m := &fakeMutation{op: c.op, owner: c.owner}
			ctx := SingleRow(as(c.viewer), m, c.id)
			if strings.HasPrefix(c.name, "IfReadable: ") {
				ctx = resource.IfReadable(ctx)
			}
			var v ent.Value
			var err error
			if c.blind {
				v, err = Mutate(ctx, blindItems{items{f}}, m, next)
			} else {
				v, err = Mutate(ctx, items{f}, m, next)
			}
			require.Equal(t, 1, *calls, "the write runs first")
			require.Len(t, f.reset(), c.stmts)
			switch c.want {
			case nil:
				require.NoError(t, err)
				require.Equal(t, 1, v)
			case denied:
				var pe *Error
				require.ErrorAs(t, err, &pe)
				require.True(t, errors.Is(err, entprivacy.Deny), "wraps Ent's privacy.Deny")
				require.Equal(t, c.rule, pe.Rule)
			default:
				require.ErrorIs(t, err, c.want)
			}
		})
	}

	// MySQL counts changed rows: an update that changes nothing reports
	// none, and the row, which the guard admits, is not a failure.
	f := newFakeDB(t)
	write, _ := writer(f)
	unchanged := ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		_, err := write.Mutate(ctx, m)
		return 0, err
	})
	m := &fakeMutation{op: ent.OpUpdate}
	v, err := Mutate(SingleRow(as(1), m, 2), items{f}, m, unchanged)
	require.NoError(t, err)
	require.Equal(t, 1, v)

	// The mark is the mutation's: another write run with the context is a
	// bulk one (a miss is silent).
	other := &fakeMutation{op: ent.OpUpdate}
	v, err = Mutate(SingleRow(as(2), m, 1), items{f}, other, write)
	require.NoError(t, err)
	require.Equal(t, 1, v, "Bob's bulk update touches his item")
	v, err = Mutate(SingleRow(as(0), m, 1), items{f}, &fakeMutation{op: ent.OpDelete}, write)
	require.NoError(t, err)
	require.Equal(t, 0, v)
}

// WriteRow reports a row its write missed as not found; without the hook
// (bypass, or no policy) it asks exists, so that an update that changed
// nothing is not one.
func TestWriteRow(t *testing.T) {
	notFound := func() error { return errNotFound }
	saves := func(n int) func(context.Context) (int, error) {
		return func(context.Context) (int, error) { return n, nil }
	}
	exists := func(ok bool) func(context.Context) (bool, error) {
		return func(ctx context.Context) (bool, error) {
			bypass, _ := Decision(ctx)
			require.True(t, bypass, "exists runs under bypass")
			return ok, nil
		}
	}
	m := &fakeMutation{op: ent.OpUpdate}
	require.NoError(t, WriteRow(as(1), m, 1, saves(1), exists(false), notFound), "written: exists is not asked")
	require.NoError(t, WriteRow(as(1), m, 1, saves(0), exists(true), notFound), "unchanged")
	require.ErrorIs(t, WriteRow(as(1), m, 1, saves(0), exists(false), notFound), errNotFound)
	require.ErrorIs(t, WriteRow(as(1), m, 1, saves(0), nil, notFound), errNotFound, "a delete")
	var marked bool
	require.NoError(t, WriteRow(as(1), m, 7, func(ctx context.Context) (int, error) {
		id, ok := singleRowOf(ctx, m)
		marked = ok && id == 7
		return 1, nil
	}, nil, notFound))
	require.True(t, marked, "save runs with the mutation marked")
	boom := errors.New("boom")
	require.ErrorIs(t, WriteRow(as(1), m, 1, func(context.Context) (int, error) { return 0, boom }, exists(true), notFound), boom)
}

// TestLinkKey: a link held by a foreign key that the other side's update
// rules read is checked as the change of that key. Items deny a change of
// their owner; linking item 1 (Alice's) "to" Alice keeps its owner, to Bob
// moves it.
func TestLinkKey(t *testing.T) {
	f := newFakeDB(t)
	keyed := LinkKey(items{f}, func(id any) (*fakeMutation, error) {
		m := &fakeMutation{op: ent.OpUpdate}
		return m, SetKey(id, func(o int) { m.owner = &o }, nil)
	})
	one := []ent.Value{1}
	require.NoError(t, Connectable(as(1), keyed, one, 1), "the owner stays")
	var pe *Error
	require.ErrorAs(t, Connectable(as(1), keyed, one, 2), &pe, "the owner would change")
	require.Equal(t, "Item", pe.Model)
	require.Equal(t, OpUpdate, pe.Op)
	require.Equal(t, `deny("update", "future().owner != owner")`, pe.Rule, "the rule is named")
	require.ErrorAs(t, Connectable(as(1), keyed, []ent.Value{1, 3}, 1), &pe, "item 3 is Bob's, private")
	require.Empty(t, pe.Rule, "a row the viewer cannot read names no rule")
	require.ErrorAs(t, Connectable(as(2), keyed, one, 1), &pe, "item 1 is readable but not Bob's")
	require.Empty(t, pe.Rule, "no allow rule holds, and the deny rule does not")
	require.ErrorAs(t, Connectable(as(2), keyed, one, 2), &pe)
	require.Equal(t, `deny("update", "future().owner != owner")`, pe.Rule, "deny rules are blamed first")
	require.NoError(t, Connectable(as(1), Link(items{f}), one, 2), "without the key the rules cannot see the change")
	require.ErrorAs(t, Connectable(as(1), keyed, one, unknownRow), &pe, "a created row's id is not known: refused")
	require.NoError(t, Connectable(as(1), Link(items{f}), one, unknownRow))
	require.ErrorContains(t, Connectable(as(1), keyed, one, "2"), "a foreign key takes a int")
	require.NoError(t, Connectable(Bypass(as(2)), keyed, one, 2), "bypass")
}

func TestSetKey(t *testing.T) {
	var set, cleared []int
	record := func(x int) { set = append(set, x) }
	clear := func() { cleared = append(cleared, 1) }
	require.NoError(t, SetKey(3, record, clear))
	require.NoError(t, SetKey(nil, record, clear))
	require.NoError(t, SetKey(nil, record, nil), "a required key is left as it is")
	require.Error(t, SetKey(int64(3), record, clear))
	require.Equal(t, []int{3}, set)
	require.Equal(t, []int{1}, cleared)
}
