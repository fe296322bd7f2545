package resource

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"
	_ "github.com/mattn/go-sqlite3"
)

// The unit tests of this package run on a schema of their own, not the
// blog: teams, their members and the members' skills, in an in-memory
// SQLite database, behind fakes of the generated operations (fakeOps,
// fakeQuery, fakeMutation) that build their SQL with Ent's builder, as the
// generated code does.
//
//	teams          1 red, 2 blue, 3 green (no members)
//	members        id name   age  score team  active
//	               1  ada    36   9.5   1     true
//	               2  bob    NULL 7     1     false
//	               3  cy     25   NULL  2     true
//	               4  dee    41   7     2     true
//	               5  Eve    NULL NULL  NULL  false
//	skills         1 go, 2 sql, 3 ops
//	member_skills  1: go, sql; 2: go; 4: sql, ops

const fixtureSQL = `
CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER, score REAL,
	active BOOLEAN NOT NULL DEFAULT false, team_id INTEGER REFERENCES teams(id));
CREATE TABLE skills (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE member_skills (member_id INTEGER NOT NULL REFERENCES members(id), skill_id INTEGER NOT NULL REFERENCES skills(id),
	PRIMARY KEY (member_id, skill_id));
INSERT INTO teams VALUES (1, 'red'), (2, 'blue'), (3, 'green');
INSERT INTO members VALUES (1, 'ada', 36, 9.5, true, 1), (2, 'bob', NULL, 7, false, 1), (3, 'cy', 25, NULL, true, 2),
	(4, 'dee', 41, 7, true, 2), (5, 'Eve', NULL, NULL, false, NULL);
INSERT INTO skills VALUES (1, 'go'), (2, 'sql'), (3, 'ops');
INSERT INTO member_skills VALUES (1, 1), (1, 2), (2, 1), (4, 2), (4, 3);
`

// fixture is the schema's models over a fresh in-memory database.
type fixture struct {
	reg                   *Registry
	team, member, skill   *Model
	db                    *stdsql.DB
	ops                   map[*Model]*fakeOps
	log                   *sqlLog
	commits, rollbacks    int
	callersTx             bool // TestCreate: the write runs in a transaction of the caller's
	memberName, memberAge *Field
	memberScore, active   *Field
	memberTeam            *Field // team_id
	teamEdge, skillsEdge  *Edge  // member → team (M2O), member → skills (M2M)
	membersEdge           *Edge  // team → members (O2M)
	skillMembers          *Edge  // skill → members (inverse M2M)
}

var fixtureDBs atomic.Int64

func newFixture(t *testing.T) *fixture {
	t.Helper()
	// A named in-memory database: one per fixture, shared by the pool's
	// connections, gone when the last one closes.
	dsn := fmt.Sprintf("file:resource-%d?mode=memory&cache=shared&_fk=1", fixtureDBs.Add(1))
	db, err := stdsql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(fixtureSQL); err != nil {
		t.Fatal(err)
	}
	id := func() *FieldSpec {
		return &FieldSpec{Name: "id", Column: "id", EntName: "id", Kind: KindInt, Unique: true, Conv: Conv(Int[int64])}
	}
	str, integer, float := Conv(Str[string]), Conv(Int[int64]), Conv(Float[float64])
	team := &ModelSpec{Name: "Team", Type: "team", Table: "teams", ID: id(),
		Fields: []*FieldSpec{{Name: "name", Column: "name", EntName: "name", Kind: KindString, Unique: true, Conv: str}},
		Edges:  []*EdgeSpec{{Name: "members", EntName: "members", TargetName: "Member", Rel: O2M, Table: "members", Columns: []string{"team_id"}}},
	}
	member := &ModelSpec{Name: "Member", Type: "member", Table: "members", ID: id(),
		Fields: []*FieldSpec{
			{Name: "name", Column: "name", EntName: "name", Kind: KindString, Unique: true, Conv: str},
			{Name: "age", Column: "age", EntName: "age", Kind: KindInt, Nillable: true, Optional: true, Conv: integer, AddConv: integer},
			{Name: "score", Column: "score", EntName: "score", Kind: KindFloat, Nillable: true, Optional: true, Conv: float, AddConv: float},
			{Name: "active", Column: "active", EntName: "active", Kind: KindBool, Default: true, Conv: Conv(Bool[bool])},
			{Name: "teamId", Column: "team_id", EntName: "team_id", Kind: KindInt, Nillable: true, Optional: true, Conv: integer},
		},
		Edges: []*EdgeSpec{
			{Name: "team", EntName: "team", TargetName: "Team", Unique: true, Rel: M2O, Inverse: true, Table: "members", Columns: []string{"team_id"}, FKName: "teamId"},
			{Name: "skills", EntName: "skills", TargetName: "Skill", Rel: M2M, Table: "member_skills", Columns: []string{"member_id", "skill_id"}},
		},
	}
	skill := &ModelSpec{Name: "Skill", Type: "skill", Table: "skills", ID: id(),
		Fields: []*FieldSpec{{Name: "name", Column: "name", EntName: "name", Kind: KindString, Unique: true, Conv: str}},
		Edges:  []*EdgeSpec{{Name: "members", EntName: "members", TargetName: "Member", Rel: M2M, Inverse: true, Table: "member_skills", Columns: []string{"member_id", "skill_id"}}},
	}
	f := &fixture{db: db, ops: map[*Model]*fakeOps{}, log: &sqlLog{}}
	specs := []*ModelSpec{team, member, skill}
	ops := make([]*fakeOps, len(specs))
	for i, s := range specs {
		ops[i] = &fakeOps{f: f}
		s.Ops = ops[i]
	}
	f.reg = NewRegistry(func(ctx context.Context) (context.Context, Tx, error) { return ctx, fakeTx{f}, nil }, EntErrors{}, specs...)
	f.reg.Dialect = dialect.SQLite // the in-memory database
	models := make([]*Model, len(specs))
	for i, s := range specs {
		models[i], _ = f.reg.ModelByName(s.Name)
		ops[i].m = models[i]
		f.ops[models[i]] = ops[i]
	}
	f.team, f.member, f.skill = models[0], models[1], models[2]
	fields, edges := f.member.Fields(), f.member.Edges()
	f.memberName, f.memberAge, f.memberScore, f.active, f.memberTeam = fields[0], fields[1], fields[2], fields[3], fields[4]
	f.teamEdge, f.skillsEdge, f.membersEdge, f.skillMembers = edges[0], edges[1], f.team.Edges()[0], f.skill.Edges()[0]
	return f
}

// ids runs a query of m filtered by filter and returns the ids, by id.
func (f *fixture) ids(t *testing.T, m *Model, filter Filter) []int64 {
	t.Helper()
	q := m.Ops().Query(context.Background())
	if p := Compile(context.Background(), m, filter); p != nil {
		q.Where(p)
	}
	q.Order(sql.OrderByField(m.ID().Column()).ToFunc())
	return idsOf(t, q)
}

func idsOf(t *testing.T, q Query) []int64 {
	t.Helper()
	rows, err := q.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID().(int64))
	}
	return out
}

// rowIDs are the ids of rows.
func rowIDs(rows []Row) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID().(int64))
	}
	return out
}

// sqlLog records the statements the fakes run.
type sqlLog struct{ stmts []string }

func (l *sqlLog) reset() []string { out := l.stmts; l.stmts = nil; return out }

// fakeOps is the generated Ops of a model, over the fixture's database.
type fakeOps struct {
	f *fixture
	m *Model
	// The policy of the tests that set it.
	readScope   Predicate
	fieldScopes map[int]Predicate
	writeScope  Predicate
	terms       []Term
	// readsRow decides the read scope in Go (Ops.ReadsRow); nil: every
	// row when there is no readScope, else undecided.
	readsRow func(Values) (bool, bool)
	// mutations records the builders Create and Update handed out.
	mutations []*fakeMutation
	// last is the query Query handed out last.
	last *fakeQuery
	// deleteOne is DeleteOne, for the tests that set it.
	deleteOne func(context.Context, any) error
}

func (o *fakeOps) Query(ctx context.Context) Query {
	d, ok := entprivacy.DecisionFromContext(ctx)
	o.last = &fakeQuery{ops: o, limit: -1, bypass: ok && d == nil}
	return o.last
}
func (o *fakeOps) Create(context.Context) Mutation {
	m := &fakeMutation{ops: o, create: true}
	o.mutations = append(o.mutations, m)
	return m
}
func (o *fakeOps) UpdateOne(_ context.Context, id any) Mutation {
	m := &fakeMutation{ops: o, id: id}
	o.mutations = append(o.mutations, m)
	return m
}
func (o *fakeOps) Update(_ context.Context, where ...func(*sql.Selector)) Mutation {
	m := &fakeMutation{ops: o, where: where}
	o.mutations = append(o.mutations, m)
	return m
}
func (o *fakeOps) DeleteOne(ctx context.Context, id any) error {
	if o.deleteOne == nil {
		return fmt.Errorf("fake: no DeleteOne")
	}
	return o.deleteOne(ctx, id)
}
func (o *fakeOps) Delete(context.Context, ...func(*sql.Selector)) (int, error) {
	return 0, fmt.Errorf("fake: no Delete")
}
func (o *fakeOps) ReadScope(context.Context) func(*sql.Selector) { return o.readScope }
func (o *fakeOps) ReadsRow(_ context.Context, row Values) (bool, bool) {
	if o.readsRow != nil {
		return o.readsRow(row)
	}
	return o.readScope == nil, o.readScope == nil
}
func (o *fakeOps) WriteScope(context.Context, string) func(*sql.Selector) { return o.writeScope }
func (o *fakeOps) ReadTerms(context.Context) []Term                       { return o.terms }
func (o *fakeOps) FieldScope(_ context.Context, i int) func(*sql.Selector) {
	return o.fieldScopes[i]
}
func (o *fakeOps) ParseID(v any) (any, error) {
	if i, ok := v.(int64); ok {
		return i, nil
	}
	return nil, fmt.Errorf("fake: id %v (%T) is not an int64", v, v)
}

// fakeQuery is a generated query: it builds the SQL with Ent's builder, the
// read scope first, as the generated interceptor adds it.
type fakeQuery struct {
	ops           *fakeOps
	bypass        bool // the read scope does not apply (privacy.Bypass)
	preds, orders []func(*sql.Selector)
	mods          []func(*sql.Selector)
	limit, offset int
	includes      []fakeInclude
}

// fakeInclude is an eager load a query was asked for: the edge and the
// child query its init configured (not run: tests inspect it).
type fakeInclude struct {
	edge  int
	query *fakeQuery
}

func (q *fakeQuery) Where(ps ...func(*sql.Selector)) { q.preds = append(q.preds, ps...) }
func (q *fakeQuery) Order(os ...func(*sql.Selector)) { q.orders = append(q.orders, os...) }
func (q *fakeQuery) Limit(n int)                     { q.limit = n }
func (q *fakeQuery) Offset(n int)                    { q.offset = n }
func (q *fakeQuery) Modify(fn func(*sql.Selector))   { q.mods = append(q.mods, fn) }
func (q *fakeQuery) Include(edge int, init func(Query)) {
	t := q.ops.m.Edges()[edge].Target()
	child := &fakeQuery{ops: q.ops.f.ops[t], limit: -1}
	init(child)
	q.includes = append(q.includes, fakeInclude{edge, child})
}
func (q *fakeQuery) Clone() Query {
	c := *q
	c.preds, c.orders, c.mods = append([]func(*sql.Selector){}, q.preds...), append([]func(*sql.Selector){}, q.orders...), append([]func(*sql.Selector){}, q.mods...)
	return &c
}

// selector renders the query on SQLite, with ordering and paging when
// paged.
func (q *fakeQuery) selector(paged bool, columns ...string) *sql.Selector {
	m := q.ops.m
	t := sql.Table(m.Table())
	s := sql.Dialect(dialect.SQLite).Select().From(t)
	for _, c := range columns {
		s.AppendSelect(t.C(c))
	}
	if q.ops.readScope != nil && !q.bypass {
		q.ops.readScope(s)
	}
	for _, p := range q.preds {
		p(s)
	}
	if paged {
		for _, o := range q.orders {
			o(s)
		}
		if q.offset > 0 {
			s.Offset(q.offset).Limit(1 << 31)
		}
		if q.limit >= 0 {
			s.Limit(q.limit)
		}
	}
	for _, fn := range q.mods {
		fn(s)
	}
	return s
}

// sql is the statement All would run.
func (q *fakeQuery) sql() (string, []any) {
	return q.selector(true, q.columns()...).Query()
}

func (q *fakeQuery) columns() []string {
	m := q.ops.m
	cols := []string{m.ID().Column()}
	for _, f := range m.Fields() {
		cols = append(cols, f.Column())
	}
	return cols
}

func (q *fakeQuery) All(ctx context.Context) ([]Row, error) {
	out := []Row{}
	err := q.run(ctx, q.selector(true, q.columns()...), func(rows *sql.Rows) error {
		vals := make([]any, len(q.columns()))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		r := fakeRow{id: canonical(vals[0]), vals: make([]any, len(vals)-1)}
		for i, f := range q.ops.m.Fields() {
			r.vals[i] = ScanValue(f.Kind(), vals[i+1])
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

func (q *fakeQuery) Count(ctx context.Context) (int, error) {
	s := q.selector(false)
	s.Select(sql.Count("*"))
	var n int
	err := q.run(ctx, s, func(rows *sql.Rows) error { return rows.Scan(&n) })
	return n, err
}

func (q *fakeQuery) Scan(ctx context.Context, reshape func(*sql.Selector), scan func(*sql.Rows) error) error {
	s := q.selector(true, q.columns()...)
	reshape(s)
	return q.run(ctx, s, scan)
}

func (q *fakeQuery) run(ctx context.Context, s *sql.Selector, scan func(*sql.Rows) error) error {
	query, args := s.Query()
	q.ops.f.log.stmts = append(q.ops.f.log.stmts, query)
	rows, err := q.ops.f.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%w: %s", err, query)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(&sql.Rows{ColumnScanner: rows}); err != nil {
			return err
		}
	}
	return rows.Err()
}

// fakeMutation is a generated builder: it records the calls made on it
// (field and edge indexes by API name) and saves nothing.
type fakeMutation struct {
	ops    *fakeOps
	create bool
	id     any
	where  []func(*sql.Selector)
	calls  []string
	// saveErr is what Save returns, when set.
	saveErr error
	// noRow: Save returns no row (an update by one narrowed UPDATE).
	noRow bool
}

func (m *fakeMutation) record(format string, args ...any) error {
	m.calls = append(m.calls, fmt.Sprintf(format, args...))
	return nil
}

func (m *fakeMutation) SetField(name string, v ent.Value) error {
	return m.record("set %s %v", name, v)
}
func (m *fakeMutation) ClearField(name string) error { return m.record("clear %s", name) }
func (m *fakeMutation) AddField(name string, v ent.Value) error {
	return m.record("add %s %v", name, v)
}
func (m *fakeMutation) SetID(id any) error {
	m.id = id
	return m.record("set id %v", id)
}
func (m *fakeMutation) Link(i int, op LinkOp, ids []any) error {
	name := m.ops.m.Edges()[i].Name()
	switch op {
	case LinkSet:
		return m.record("set-edge %s %v", name, ids[0])
	case LinkClear:
		return m.record("clear-edge %s", name)
	case LinkAdd:
		return m.record("add-edge %s %v", name, ids)
	}
	return m.record("remove-edge %s %v", name, ids)
}
func (m *fakeMutation) Save(context.Context) (Row, error) {
	if m.saveErr != nil {
		return nil, m.saveErr
	}
	if m.noRow {
		return nil, nil
	}
	id := m.id
	if id == nil {
		id = int64(100)
	}
	return fakeRow{id: id, vals: make([]any, len(m.ops.m.Fields()))}, nil
}

// String lists the calls, for comparisons.
func (m *fakeMutation) String() string { return strings.Join(m.calls, "; ") }

// fakeTx counts how transactions end.
type fakeTx struct{ f *fixture }

func (tx fakeTx) Commit() error   { tx.f.commits++; return nil }
func (tx fakeTx) Rollback() error { tx.f.rollbacks++; return nil }

// render is the SQL a predicate adds to SELECT * FROM members on dialect
// d, for the tests that check the text each database gets.
func render(d string, p Predicate) (string, []any) {
	s := sql.Dialect(d).Select("*").From(sql.Table("members"))
	p(s)
	return s.Query()
}
