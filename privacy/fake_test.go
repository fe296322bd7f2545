package privacy

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

// The fakes: an "items" entity over a plain SQLite table, with hand-written
// rules in the shape entx compiles them to, and a "tags" entity on the
// other side of an items–tags link. No Ent client, no blog.
//
//	items(id, owner, public)   read: public || auth() == owner
//	                           update: auth() == owner, deny owner changes
//	                           delete: auth() == owner; create: auth() == owner
//	tags(id, owner)            read: true; update: auth() == owner
//	item_tags(item_id, tag_id)
//
// Alice (1) owns item 1 (public) and item 2 (private) and tag 1; Bob (2)
// owns item 3 (private) and tag 2. Item 1 has tags 1 and 2.

type member struct{ admin bool }

type fakeViewer = Viewer[int, *member]

var dbSeq atomic.Int64

type fakeDB struct {
	db  *stdsql.DB
	log []string // statements run
}

func newFakeDB(t *testing.T) *fakeDB {
	t.Helper()
	db, err := stdsql.Open("sqlite3", fmt.Sprintf("file:privacy-fake-%d?mode=memory&cache=shared", dbSeq.Add(1)))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	for _, s := range []string{
		"CREATE TABLE items (id INTEGER PRIMARY KEY, owner INTEGER, public BOOLEAN NOT NULL)",
		"CREATE TABLE tags (id INTEGER PRIMARY KEY, owner INTEGER)",
		"CREATE TABLE item_tags (item_id INTEGER, tag_id INTEGER)",
		"INSERT INTO items VALUES (1, 1, true), (2, 1, false), (3, 2, false)",
		"INSERT INTO tags VALUES (1, 1), (2, 2)",
		"INSERT INTO item_tags VALUES (1, 1), (1, 2)",
	} {
		_, err := db.Exec(s)
		require.NoError(t, err)
	}
	return &fakeDB{db: db}
}

func (f *fakeDB) reset() []string { l := f.log; f.log = nil; return l }

// fakeQuery is a resource.Query over one table: Where and Count only.
type fakeQuery struct {
	f     *fakeDB
	table string
	preds []func(*sql.Selector)
}

func (q *fakeQuery) Where(ps ...func(*sql.Selector)) { q.preds = append(q.preds, ps...) }
func (q *fakeQuery) Clone() resource.Query {
	return &fakeQuery{f: q.f, table: q.table, preds: slices.Clone(q.preds)}
}

func (q *fakeQuery) Count(ctx context.Context) (int, error) {
	if bypass, _ := Decision(ctx); !bypass {
		return 0, errors.New("the policies' own queries must run under bypass")
	}
	s := sql.Dialect(dialect.SQLite).Select(sql.Count("*")).From(sql.Table(q.table))
	for _, p := range q.preds {
		p(s)
	}
	query, args := s.Query()
	q.f.log = append(q.f.log, query)
	var n int
	return n, q.f.db.QueryRowContext(ctx, query, args...).Scan(&n)
}

func (q *fakeQuery) Order(...func(*sql.Selector))                { panic("unused") }
func (q *fakeQuery) Limit(int)                                   { panic("unused") }
func (q *fakeQuery) Offset(int)                                  { panic("unused") }
func (q *fakeQuery) Modify(func(*sql.Selector))                  { panic("unused") }
func (q *fakeQuery) Include(int, func(resource.Query))           { panic("unused") }
func (q *fakeQuery) All(context.Context) ([]resource.Row, error) { panic("unused") }
func (q *fakeQuery) Scan(context.Context, func(*sql.Selector), func(*sql.Rows) error) error {
	panic("unused")
}

// fakeMutation is an Ent mutation of items or tags: what the runtime
// reads of it, and the predicates it was given.
type fakeMutation struct {
	ent.Mutation // not implemented: the runtime must not need more
	op           ent.Op
	id           int // single-row writes
	owner        *int
	added        map[string][]ent.Value
	removed      map[string][]ent.Value
	cleared      map[string]bool
	preds        []func(*sql.Selector)
}

func (m *fakeMutation) Op() ent.Op                         { return m.op }
func (m *fakeMutation) Type() string                       { return "Item" }
func (m *fakeMutation) WhereP(ps ...func(*sql.Selector))   { m.preds = append(m.preds, ps...) }
func (m *fakeMutation) AddedIDs(edge string) []ent.Value   { return m.added[edge] }
func (m *fakeMutation) RemovedIDs(edge string) []ent.Value { return m.removed[edge] }
func (m *fakeMutation) EdgeCleared(edge string) bool       { return m.cleared[edge] }

// items is the policy of the items entity.
type items struct{ f *fakeDB }

var itemsMeta = &Meta{Model: "Item", ID: "id", Links: []string{"tags"},
	Guarded: []string{"owner"}, NotFound: func() error { return errNotFound }, ViewerEntity: true}

var errNotFound = errors.New("item not found")

func (items) Meta() *Meta             { return itemsMeta }
func (p items) Table() resource.Query { return &fakeQuery{f: p.f, table: "items"} }
func (items) ViewerByID(ctx context.Context) (*fakeViewer, error) {
	return ViewerFrom[int, *member](ctx)
}
func (items) Viewer(ctx context.Context) (*fakeViewer, error) {
	return ViewerOf(ctx, true, func(_ context.Context, id int) (*member, error) { return &member{admin: id == 9}, nil })
}

func owns(a *fakeViewer, column string) Cond {
	if a == nil {
		return False
	}
	return Cmp(column, EQ, a.ID)
}

func (items) Read(a *fakeViewer) Cond {
	return Or(Truthy("public"), owns(a, "owner"), Bool(a.Entity() != nil && a.Entity().admin))
}

func (items) Update(a *fakeViewer, m *fakeMutation) []Part {
	parts := []Part{{Cond: owns(a, "owner")}}
	if m != nil && m.owner != nil {
		parts = append(parts, Part{Rule: `deny("update", "future().owner != owner")`, Cond: Not(Cmp("owner", NEQ, *m.owner))})
	}
	return parts
}

func (items) Delete(a *fakeViewer) []Part { return []Part{{Cond: owns(a, "owner")}} }

func (items) Create(_ context.Context, a *fakeViewer, m *fakeMutation) error {
	if a == nil || m.owner == nil || *m.owner != a.ID {
		return Denied("Item", OpCreate, "")
	}
	return nil
}

func (items) IDs(_ context.Context, m *fakeMutation) ([]any, error) {
	if m.op.Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		return []any{m.id}, nil
	}
	return []any{1, 2, 3}, nil // every row, for the bulk writes of the tests
}

func (p items) Link(edge string, ids []any) (Linkable, resource.Query) {
	q := &fakeQuery{f: p.f, table: "tags"}
	if len(ids) > 0 {
		q.Where(func(s *sql.Selector) {
			sub := sql.Select("tag_id").From(sql.Table("item_tags")).Where(sql.In("item_id", ids...))
			s.Where(sql.In(s.C("id"), sub))
		})
	}
	return Link(tags(p)), q
}

// Mask hides the owner of items from viewers other than the owner.
func (items) Mask(a *fakeViewer, v ent.Value) bool {
	return MaskRows(v, func(e *item) {
		if a == nil || a.ID != e.owner {
			e.owner, e.hidden = 0, true
		}
	})
}

func (items) FieldRead(a *fakeViewer, i int) Cond {
	if i == 0 {
		return owns(a, "owner")
	}
	return True
}

type item struct {
	owner  int
	hidden bool
}

// tags is the policy of the tags entity.
type tags struct{ f *fakeDB }

var tagsMeta = &Meta{Model: "Tag", ID: "id", NotFound: func() error { return errNotFound }}

func (tags) Meta() *Meta                                     { return tagsMeta }
func (p tags) Table() resource.Query                         { return &fakeQuery{f: p.f, table: "tags"} }
func (tags) Viewer(ctx context.Context) (*fakeViewer, error) { return ViewerFrom[int, *member](ctx) }
func (tags) ViewerByID(ctx context.Context) (*fakeViewer, error) {
	return ViewerFrom[int, *member](ctx)
}
func (tags) Read(*fakeViewer) Cond                                    { return True }
func (tags) Update(a *fakeViewer, _ *fakeMutation) []Part             { return []Part{{Cond: owns(a, "owner")}} }
func (tags) Delete(a *fakeViewer) []Part                              { return []Part{{Cond: owns(a, "owner")}} }
func (tags) Create(context.Context, *fakeViewer, *fakeMutation) error { return nil }
func (tags) IDs(context.Context, *fakeMutation) ([]any, error)        { return nil, nil }
func (tags) Link(string, []any) (Linkable, resource.Query)            { return nil, nil }

var (
	_ Rules[*fakeViewer, *fakeMutation] = items{}
	_ masker[*fakeViewer]               = items{}
	_ Rules[*fakeViewer, *fakeMutation] = tags{}
)

func as(id int) context.Context {
	if id == 0 {
		return context.Background()
	}
	return WithViewer(context.Background(), NewViewer[int, *member](id))
}

// writer is the next mutator: it runs an update or delete of items with
// the mutation's predicates, as Ent would, and reports single-row writes
// that match nothing as not found.
func writer(f *fakeDB) (ent.Mutator, *int) {
	calls := new(int)
	return ent.MutateFunc(func(ctx context.Context, em ent.Mutation) (ent.Value, error) {
		*calls++
		m := em.(*fakeMutation)
		if m.op.Is(ent.OpCreate) {
			return &item{owner: *m.owner}, nil
		}
		sel := sql.Dialect(dialect.SQLite).Select().From(sql.Table("items"))
		if m.op.Is(ent.OpUpdateOne | ent.OpDeleteOne) {
			sel.Where(sql.EQ("id", m.id))
		}
		if id, ok := singleRowOf(ctx, m); ok {
			sel.Where(sql.EQ("id", id)) // Ent's Where(id = ?) of the caller
		}
		for _, p := range m.preds {
			p(sel)
		}
		var query string
		var args []any
		if m.op.Is(ent.OpDelete | ent.OpDeleteOne) {
			query, args = sql.Dialect(dialect.SQLite).Delete("items").FromSelect(sel).Query()
		} else {
			u := sql.Dialect(dialect.SQLite).Update("items").Set("public", true)
			if m.owner != nil {
				u.Set("owner", *m.owner)
			}
			query, args = u.FromSelect(sel).Query()
		}
		f.log = append(f.log, query)
		res, err := f.db.ExecContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		n, _ := res.RowsAffected()
		if n == 0 && m.op.Is(ent.OpUpdateOne|ent.OpDeleteOne) {
			return nil, errNotFound
		}
		if m.op.Is(ent.OpUpdateOne) {
			return &item{owner: 1}, nil
		}
		return int(n), nil
	}), calls
}

func owner(id int) *int { return &id }
