package resource

import (
	"context"
	"errors"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"
)

// Write is the flavour-neutral plan of a create or an update of one row:
// field values and changes to its relations. The JSON:API and RPC parsers
// build it; Create and Update execute it in one transaction. It is the
// request only: what a write produced comes back as a Saved, and how it is
// run is the executor's (writer), so a Write is never changed by running it.
type Write struct {
	Model  *Model
	ID     any // Update: the row to change; Create: a client-generated id, or nil
	Fields []FieldWrite
	Edges  []EdgeWrite
	// Locate points errors at the part of the request that caused them; nil
	// leaves them without a source.
	Locate Locator
}

// Saved is what a create or an update produced.
type Saved struct {
	// ID is the row's id: the new one of a create, Write.ID of an update.
	ID any
	// Row is the row as Ent returned it, without any read policy applied,
	// when that is the row as the database holds it; nil otherwise (an
	// update by one UPDATE narrowed to the row, Model.RowWrites; a create
	// on a database that may round or normalize what it stores). ReadSaved
	// answers with it when the viewer would read the same.
	Row Row
}

// writer runs one Write: the request, and how this run checks related
// rows.
type writer struct {
	*Write
	// deferChecks is set by Create and Update when they own the
	// transaction: related rows that every viewer may read are then not
	// counted up front; the database's foreign keys catch a missing one and
	// explainMissing finds it after the rollback (JSON:API: 404).
	deferChecks bool
}

// FieldWrite sets, clears or changes one field.
type FieldWrite struct {
	Field *Field
	Op    FieldOp
	Value any // canonical value (see Coerce); nil with FieldSet clears
}

// FieldOp is how a FieldWrite changes its field.
type FieldOp uint8

// Field operations.
const (
	FieldSet FieldOp = iota // set to Value (nil: NULL)
	FieldAdd                // add Value (atomic increment; negative to decrement)
)

// EdgeWrite changes the rows related through an edge, by id.
type EdgeWrite struct {
	Edge *Edge
	Op   EdgeOp
	IDs  []any // parsed ids of the target model
	// Checked says that the IDs were found with the viewer's read rights,
	// in the write's transaction (an RPC connect resolves its where so):
	// they are not counted again.
	Checked bool
}

// EdgeOp is how an EdgeWrite changes its relation.
type EdgeOp uint8

// Relation operations.
const (
	EdgeSet    EdgeOp = iota // to-one: point at IDs[0] (none: clear); to-many: replace the members the viewer can read (see replaceMembers)
	EdgeAdd                  // to-many: add members (present ones are kept once)
	EdgeRemove               // to-many: remove members (absent ones are ignored)
)

// Locator maps the parts of a Write to the request members they came from.
type Locator interface {
	Field(*Field) Source
	Edge(*Edge) Source
}

func (w *Write) locateField(f *Field) Source {
	if w.Locate == nil {
		return Source{}
	}
	return w.Locate.Field(f)
}

func (w *Write) locateEdge(e *Edge) Source {
	if w.Locate == nil {
		return Source{}
	}
	return w.Locate.Edge(e)
}

// Create inserts the row of w and connects its relations in one
// transaction, after checking that every required value is given and that
// every related row exists (for the viewer). It returns the new row (its
// id, and the row as Ent returned it); the caller reads it back with the
// viewer's rights (ReadBack) unless Saved.Row will do.
func (r *Registry) Create(ctx context.Context, w *Write) (Saved, error) {
	x := writer{Write: w, deferChecks: ctx.Value(txKey{}) == nil}
	var saved Saved
	err := r.inTxUnless(ctx, w.oneStatement(true), func(ctx context.Context) error {
		var err error
		saved, err = r.create(ctx, x)
		return err
	})
	if err != nil {
		return Saved{}, r.locate(w, x.explainMissing(ctx, err))
	}
	return saved, nil
}

// inTxUnless runs fn in a transaction (InTx) unless the write is one
// statement, which the database runs atomically by itself: BEGIN and
// COMMIT would be two more round trips (PostgreSQL, MySQL) or lock calls
// (SQLite) for nothing. The reads around it (the viewer, rule look-ups,
// explaining a miss) see what a READ COMMITTED transaction would.
func (r *Registry) inTxUnless(ctx context.Context, one bool, fn func(ctx context.Context) error) error {
	if one {
		return fn(ctx)
	}
	return r.InTx(ctx, fn)
}

// oneStatement reports whether w is written by a single INSERT (create)
// or UPDATE: no hook of the schema's and no post-update rule may add
// statements (Model.Hooked), an update is one narrowed UPDATE (RowWrites)
// changing no relation, and a create sets only relations whose foreign
// key is a column of its own row (the INSERT carries it).
func (w *Write) oneStatement(create bool) bool {
	m := w.Model
	if m.Hooked() || (!create && (!m.RowWrites() || len(w.Edges) > 0)) {
		return false
	}
	for _, ew := range w.Edges {
		if e := ew.Edge; !(e.Rel() == M2O || (e.Rel() == O2O && e.Inverse())) || ew.Op != EdgeSet {
			return false
		}
	}
	return true
}

// CreateTx is Create inside the caller's transaction (ctx from InTx).
func (r *Registry) CreateTx(ctx context.Context, w *Write) (Saved, error) {
	return r.create(ctx, writer{Write: w})
}

func (r *Registry) create(ctx context.Context, w writer) (Saved, error) {
	if w.Model.ReadOnly() {
		return Saved{}, ReadOnlyError(w.Model.Name())
	}
	if err := w.checkRequired(); err != nil {
		return Saved{}, err
	}
	m := w.Model.Ops().Create(ctx)
	if w.ID != nil {
		if err := m.SetID(w.ID); err != nil {
			return Saved{}, err
		}
	}
	if err := w.apply(ctx, m, true); err != nil {
		return Saved{}, err
	}
	row, err := m.Save(ctx)
	if err != nil {
		return Saved{}, err
	}
	saved := Saved{ID: row.ID()}
	if r.returnsStored(w.Model) {
		saved.Row = row
	}
	return saved, nil
}

// returnsStored reports whether the row Ent returns from a create of m is
// the row as the database stores it. Ent returns the values it wrote,
// which SQLite stores as they are, and PostgreSQL too when the model is
// PostgresExact (the create truncated its times to microseconds, as pgx
// does); otherwise PostgreSQL may normalize JSON or a column type of the
// schema's own may round. MySQL and MariaDB store times at their columns'
// precision, MySQL rounding and MariaDB truncating: read back. A default
// only the database applies is missing from the row on every database.
func (r *Registry) returnsStored(m *Model) bool {
	if m.DBDefaults() {
		return false
	}
	switch r.Dialect {
	case dialect.SQLite:
		return true
	case dialect.Postgres:
		return m.PostgresExact()
	}
	return false
}

// Update changes the row of w in one transaction. Whether it may is the
// update rules' call alone (the generated policy hook): a row the viewer
// may update but not read is written (the read-back answers
// cannot-read-back); one it may neither update nor read is NotFound, as a
// missing one; related rows must exist (for the viewer).
func (r *Registry) Update(ctx context.Context, w *Write) (Saved, error) {
	x := writer{Write: w, deferChecks: ctx.Value(txKey{}) == nil}
	var saved Saved
	err := r.inTxUnless(ctx, w.oneStatement(false), func(ctx context.Context) error {
		var err error
		saved, err = r.update(ctx, x)
		return err
	})
	if err != nil {
		return Saved{}, r.locate(w, x.explainMissing(ctx, err))
	}
	return saved, nil
}

// UpdateTx is Update inside the caller's transaction (ctx from InTx).
//
// A model with RowWrites is updated by one UPDATE narrowed to the row and
// to the rows its update rules admit: a row it misses is explained after
// the fact, relation changes included (Ent selects the row's id under the
// same guard before touching other tables). Saved.Row is then nil. Other
// models, and trusted work (no policy to narrow by: the row Ent's
// UpdateOne returns spares the read-back), go through Ent's UpdateOne, whose relation changes would fail on
// a foreign key before it reports a missing row: the row is looked up
// first among those the viewer may read or update (FindWritable).
func (r *Registry) UpdateTx(ctx context.Context, w *Write) (Saved, error) {
	return r.update(ctx, writer{Write: w})
}

func (r *Registry) update(ctx context.Context, w writer) (Saved, error) {
	if w.Model.ReadOnly() {
		return Saved{}, ReadOnlyError(w.Model.Name())
	}
	if len(w.Edges) > 0 && (!w.Model.RowWrites() || Trusted(ctx)) {
		if _, err := FindWritable(ctx, w.Model, IDIs(w.Model, w.ID), "update"); err != nil {
			if e, ok := err.(*Error); ok && e.Kind == NotFound {
				return Saved{}, Errorf(NotFound, CodeNotFound, "%s %v not found", w.Model.Type(), w.ID)
			}
			return Saved{}, err
		}
	}
	m := w.Model.Ops().UpdateOne(ctx, w.ID)
	if err := w.apply(ctx, m, false); err != nil {
		return Saved{}, err
	}
	row, err := m.Save(ctx)
	if err != nil {
		if r.ent.IsNotFound != nil && r.ent.IsNotFound(err) {
			return Saved{}, Errorf(NotFound, CodeNotFound, "%s %v not found", w.Model.Type(), w.ID)
		}
		return Saved{}, err
	}
	return Saved{ID: w.ID, Row: row}, nil
}

// Delete deletes the row of m with the id, in one transaction. Whether it
// may is the delete rules' call alone (the generated policy hook), as in
// ZenStack: a row the viewer may delete but not read is deleted, and the
// answer is the Forbidden error of CannotReadBack, after the commit
// (ZenStack answers with the row it deleted, read with the viewer's
// rights: RESULT_NOT_READABLE); one it may neither delete nor read is
// NotFound, as a missing one.
func (r *Registry) Delete(ctx context.Context, m *Model, id any) error {
	readable := true
	// One DELETE (RowWrites) needs no transaction; the second one, for a
	// row the first left because the viewer may not read it, follows a
	// statement that changed nothing.
	err := r.inTxUnless(ctx, m.RowWrites() && !m.Hooked(), func(ctx context.Context) error {
		var err error
		readable, err = r.DeleteTx(ctx, m, id)
		return err
	})
	if err == nil && !readable {
		return CannotReadBack(m)
	}
	return err
}

// DeleteTx deletes the row of m with the id inside the caller's
// transaction (ctx from InTx), if the delete rules admit it, and reports
// whether the viewer could read it. A row the viewer may read and delete
// takes one DELETE, narrowed to the row and to the rows both rules admit
// (IfReadable); only when that deletes nothing does the policy hook query
// again, and a row it may delete but not read is then deleted by a second
// DELETE, narrowed by the delete rules alone.
func (r *Registry) DeleteTx(ctx context.Context, m *Model, id any) (readable bool, err error) {
	if m.ReadOnly() {
		return false, ReadOnlyError(m.Name())
	}
	// Ent reports a missing row, and the policy hook an unreadable one
	// that the delete rules reject, as not found: no existence query first.
	err = m.Ops().DeleteOne(IfReadable(ctx), id)
	readable = true
	if errors.Is(err, ErrUnreadable) {
		readable = false
		err = m.Ops().DeleteOne(ctx, id)
	}
	if err != nil && r.ent.IsNotFound != nil && r.ent.IsNotFound(err) {
		return false, Errorf(NotFound, CodeNotFound, "%s %v not found", m.Type(), id)
	}
	return readable, err
}

type ifReadableKey struct{}

// IfReadable returns ctx asking the access policy to run the single-row
// delete run with it only if the viewer may read the row as well: a row
// that the delete rules admit but the viewer cannot read is then left as
// it is, and the delete fails with ErrUnreadable (see DeleteTx).
func IfReadable(ctx context.Context) context.Context {
	return context.WithValue(ctx, ifReadableKey{}, true)
}

// IsIfReadable reports whether ctx comes from IfReadable.
func IsIfReadable(ctx context.Context) bool {
	v, _ := ctx.Value(ifReadableKey{}).(bool)
	return v
}

// ErrUnreadable is the error of a single-row delete run with IfReadable
// whose row the delete rules admit but the viewer may not read: nothing
// was deleted.
var ErrUnreadable = errors.New("entstack/resource: the row may be deleted but not read")

// CannotReadBack is the Forbidden error of a write of m that was committed
// but whose result the viewer may not read (ZenStack's
// RESULT_NOT_READABLE: reason cannot-read-back).
func CannotReadBack(m *Model) *Error {
	return &Error{Kind: Forbidden, Code: CodeForbidden, Title: Title(CodeForbidden), Reason: ReasonCannotReadBack,
		Model: m.Name(), Detail: "the change was saved, but its result is not readable by the requester"}
}

// ReadBack loads the row a write produced, with the viewer's rights. A row
// that the write committed but the viewer cannot read is a Forbidden error
// with ReasonCannotReadBack (ZenStack's RESULT_NOT_READABLE).
func ReadBack(ctx context.Context, p *Plan, id any) (Row, error) {
	p.Where = AndOf(&Cmp{Field: p.Model.ID(), Op: OpEQ, Value: id}, p.Where)
	p.Limit = 1
	res, err := Find(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, CannotReadBack(p.Model)
	}
	return res.Rows[0], nil
}

// ReadSaved answers a write with saved, the row it returned (nil: none),
// when that is the row a read-back would load, and reads the row back
// otherwise (ReadBack). It is when p includes and filters nothing, no
// field-level read rule may hide a field, and the read rules decide the
// row in Go (Ops.ReadsRow); a row they reject is the same cannot-read-back
// error. It spares a query per write (a create's only SELECT).
//
// Without saved (an update: one UPDATE returns no row), the row is
// selected bypassing the read rules when, and only when, they look at it
// in Go: a read rule whose parts need the viewer's entity (auth().role)
// and that its other parts settle (published || auth() == author, for the
// author) then costs no query loading the viewer, as the update before it
// did not.
func ReadSaved(ctx context.Context, p *Plan, id any, saved Row) (Row, error) {
	m := p.Model
	if len(p.Include) > 0 || p.Where != nil {
		return ReadBack(ctx, p, id)
	}
	for _, f := range m.Fields() {
		if f.ReadRule() {
			return ReadBack(ctx, p, id)
		}
	}
	row, fetched := saved, saved != nil
	var fetchErr error
	values := func(column string) (any, bool) {
		if !fetched {
			fetched = true
			var rows []Row
			if rows, fetchErr = findBypass(ctx, m, IDIs(m, id), nil, 1); len(rows) == 1 {
				row = rows[0]
			}
		}
		if row == nil {
			return nil, false
		}
		return ValuesOf(m, row)(column)
	}
	readable, ok := m.Ops().ReadsRow(ctx, values)
	switch {
	case fetchErr != nil:
		return nil, fetchErr
	case !ok:
		return ReadBack(ctx, p, id)
	case !readable:
		return nil, CannotReadBack(m)
	case row == nil:
		// Decided without the row (a rule that is a constant): load it
		// with the viewer's rights.
		return ReadBack(ctx, p, id)
	}
	return row, nil
}

// apply sets the values and relation changes of w on the builder m.
func (w writer) apply(ctx context.Context, m Mutation, create bool) error {
	for _, fw := range w.Fields {
		if fw.Value == nil && fw.Op == FieldSet && create {
			continue // an omitted optional field is NULL already
		}
		if err := setField(m, fw); err != nil {
			return at(err, w.locateField(fw.Field))
		}
	}
	for _, ew := range w.Edges {
		if err := w.applyEdge(ctx, m, ew, create); err != nil {
			return at(err, w.locateEdge(ew.Edge))
		}
	}
	return nil
}

func (w writer) applyEdge(ctx context.Context, m Mutation, ew EdgeWrite, create bool) error {
	e := ew.Edge
	if !e.Unique() && ew.Op == EdgeSet && !create {
		return w.replaceMembers(ctx, m, ew)
	}
	if !ew.Checked && (!w.deferChecks || ew.Op == EdgeRemove || e.Target().Ops().ReadScope(ctx) != nil) {
		if err := relatedExist(ctx, e.Target(), ew.IDs); err != nil {
			return err
		}
	}
	i := e.Index()
	switch {
	case e.Unique() && ew.Op != EdgeSet:
		return Errorf(Invalid, CodeInvalidValue, "relationship %q is to-one: it can only be set or cleared", e.Name())
	case e.Unique() && len(ew.IDs) == 0:
		if e.Required() {
			return Errorf(Invalid, CodeInvalidValue, "relationship %q is required and cannot be cleared", e.Name())
		}
		if create {
			return nil
		}
		return m.Link(i, LinkClear, nil)
	case e.Unique():
		if len(ew.IDs) > 1 {
			return Errorf(Invalid, CodeInvalidValue, "relationship %q is to-one: give one identifier", e.Name())
		}
		return m.Link(i, LinkSet, ew.IDs)
	case len(ew.IDs) == 0:
		return nil
	case ew.Op == EdgeAdd && !create:
		// Members already present are kept once (JA-REL-04, Prisma's
		// connect): Ent refuses to link a row that already holds this row's
		// key, a join table the duplicate.
		ids, err := newMembers(ctx, e, w.ID, ew.IDs)
		if err != nil || len(ids) == 0 {
			return err
		}
		return m.Link(i, LinkAdd, ids)
	case ew.Op == EdgeAdd || ew.Op == EdgeSet: // of a row being created
		return m.Link(i, LinkAdd, ew.IDs)
	default:
		return m.Link(i, LinkRemove, ew.IDs)
	}
}

// replaceMembers replaces the members of the to-many edge of ew on the
// existing row w.ID with ew.IDs, as far as the viewer of ctx can see: the
// linked rows it cannot read are not members for it, so they stay linked
// and nothing in the answer reveals them (a hidden row is never a reason
// to refuse). The rows it can read are found in one query; those not in
// ew.IDs are removed and the new ones added, so the policy checks each
// link or unlink (the viewer must be allowed to update the row) apply to
// exactly the rows that change. When every row of the target is readable
// the edge is cleared and refilled, without that query.
func (w writer) replaceMembers(ctx context.Context, m Mutation, ew EdgeWrite) error {
	e, t, i := ew.Edge, ew.Edge.Target(), ew.Edge.Index()
	if t.Ops().ReadScope(ctx) == nil {
		if !w.deferChecks {
			if err := relatedExist(ctx, t, ew.IDs); err != nil {
				return err
			}
		}
		if err := m.Link(i, LinkClear, nil); err != nil || len(ew.IDs) == 0 {
			return err
		}
		return m.Link(i, LinkAdd, ew.IDs)
	}
	visible, err := RelatedIDs(ctx, e, []any{w.ID}, t.ID())
	if err != nil {
		return err
	}
	var linked []any
	for _, ids := range visible { // one parent: w.ID, as RelatedIDs keys it
		linked = ids
	}
	add := without(ew.IDs, linked)
	// Linked rows are readable; the others must be.
	if err := relatedExist(ctx, t, add); err != nil {
		return err
	}
	if remove := without(linked, ew.IDs); len(remove) > 0 {
		if err := m.Link(i, LinkRemove, remove); err != nil {
			return err
		}
	}
	if len(add) == 0 {
		return nil
	}
	return m.Link(i, LinkAdd, add)
}

// without returns the ids of xs that are not in ys, each once.
func without(xs, ys []any) []any {
	var out []any
	for _, x := range xs {
		if !slices.Contains(ys, x) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// setField writes one field change on a mutation: the value is converted
// to the field's Go type by its Conv (AddConv for increments), and Ent's
// generic setters take it by name.
func setField(m Mutation, fw FieldWrite) error {
	f := fw.Field
	switch {
	case fw.Op == FieldAdd:
		if f.AddConv() == nil {
			return Errorf(Invalid, CodeInvalidValue, "%s is not a number", f.Name())
		}
		x, err := f.AddConv()(fw.Value)
		if err != nil {
			return err
		}
		return entFieldError(f, m.AddField(f.EntName(), x))
	case fw.Value == nil:
		return entFieldError(f, m.ClearField(f.EntName()))
	case f.Conv() == nil:
		return notWritable(f)
	}
	x, err := f.Conv()(fw.Value)
	if err != nil {
		return err
	}
	return entFieldError(f, m.SetField(f.EntName(), x))
}

// entFieldError reports Ent refusing a field change (a field that cannot
// be cleared, a value Ent does not take) as bad input.
func entFieldError(f *Field, err error) error {
	if err == nil {
		return nil
	}
	if f.Nillable() || f.Optional() {
		return Errorf(Invalid, CodeInvalidValue, "%s cannot be changed this way", f.Name())
	}
	return Errorf(Invalid, CodeInvalidValue, "%s cannot be null", f.Name())
}

// explainMissing turns the database error of a write whose relation
// checks were deferred into the NotFound of the first related row that does
// not exist, if any (the transaction is over: the queries run outside it).
func (w writer) explainMissing(ctx context.Context, err error) error {
	if err == nil || !w.deferChecks {
		return err
	}
	if _, ok := err.(*Error); ok {
		return err
	}
	for _, ew := range w.Edges {
		if ew.Op == EdgeRemove {
			continue
		}
		if e := relatedExist(ctx, ew.Edge.Target(), ew.IDs); e != nil {
			return at(e, w.locateEdge(ew.Edge))
		}
	}
	return err
}

// relatedExist checks that every id names a row of t the viewer can read:
// connecting a missing or hidden row is NotFound (JSON:API: 404).
func relatedExist(ctx context.Context, t *Model, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	uniq := make([]any, 0, len(ids))
	seen := make(map[any]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	q := t.Ops().Query(ctx)
	q.Where(Compile(ctx, t, IDIn(t, uniq)))
	n, err := q.Count(ctx)
	if err != nil {
		return err
	}
	if n != len(uniq) {
		if len(uniq) == 1 {
			return Errorf(NotFound, CodeNotFound, "related %s %v not found", t.Type(), uniq[0])
		}
		return Errorf(NotFound, CodeNotFound, "some of the related %s rows %v were not found", t.Type(), uniq)
	}
	return nil
}

// checkRequired reports the first required field or relation that a
// create leaves out, at the member the request would have given it in and
// named as the request names it (see Namer). It is the one required-value
// check of both flavours: CreateTx runs it.
func (w *Write) checkRequired() error {
	m := w.Model
	given := make([]bool, len(m.Fields()))
	for _, fw := range w.Fields {
		given[fw.Field.Index()] = true
	}
	idGiven := w.ID != nil
	for _, fw := range w.Fields {
		idGiven = idGiven || fw.Field == m.ID()
	}
	if id := m.ID(); !idGiven && id != nil && m.ClientID() && !id.Default() && !numbered(id.Kind()) {
		// Nothing else makes this id (field.String("id") without a default).
		return at(Errorf(Invalid, CodeMissingValue, "%q is required: %s has no default for it", w.fieldName(id), m.Type()), w.locateField(id))
	}
	edges := make([]bool, len(m.Edges()))
	for _, ew := range w.Edges {
		edges[ew.Edge.Index()] = len(ew.IDs) > 0
		if ew.Edge.FK() != nil && len(ew.IDs) > 0 {
			given[ew.Edge.FK().Index()] = true
		}
	}
	for _, f := range m.Fields() {
		if f.Optional() || f.Default() || given[f.Index()] || f.ReadOnly() {
			continue
		}
		if f.Edge() != nil {
			if edges[f.Edge().Index()] {
				continue
			}
			return at(Errorf(Invalid, CodeMissingValue, "relation %q (or %q) is required", w.edgeName(f.Edge()), w.fieldName(f)), w.locateEdge(f.Edge()))
		}
		return at(Errorf(Invalid, CodeMissingValue, "%q is required", w.fieldName(f)), w.locateField(f))
	}
	for _, e := range m.Edges() {
		if e.Required() && e.FK() == nil && !edges[e.Index()] {
			return at(Errorf(Invalid, CodeMissingValue, "relation %q is required", w.edgeName(e)), w.locateEdge(e))
		}
	}
	return nil
}

// numbered reports whether a database numbers ids of the kind itself
// (auto-increment).
func numbered(k Kind) bool { return k == KindInt || k == KindUint }

// Namer is implemented by a Locator whose request names fields and
// relations otherwise than by their JSON:API member names (RPC uses the
// schema's names, with no member reserved).
type Namer interface {
	FieldName(*Field) string
	EdgeName(*Edge) string
}

func (w *Write) fieldName(f *Field) string {
	if n, ok := w.Locate.(Namer); ok {
		return n.FieldName(f)
	}
	return f.MemberName()
}

func (w *Write) edgeName(e *Edge) string {
	if n, ok := w.Locate.(Namer); ok {
		return n.EdgeName(e)
	}
	return e.MemberName()
}

// locate classifies a write error and, for a unique violation, points it at
// the field whose column the database names.
func (r *Registry) locate(w *Write, err error) error {
	if err == nil {
		return nil
	}
	e := r.Classify(err)
	if e.Kind == Invalid && e.Err != nil && e.Source == (Source{}) {
		// Ent's validators name the field: validator failed for field "User.email".
		msg := e.Err.Error()
		for _, f := range w.Model.Fields() {
			if strings.Contains(msg, `"`+w.Model.Name()+"."+f.EntName()+`"`) {
				e.Source = w.locateField(f)
				break
			}
		}
	}
	if e.Kind == Conflict && e.Code == CodeUniqueViolation && e.Source == (Source{}) {
		msg := e.Err.Error()
		if w.ID != nil && mentionsColumn(msg, w.Model.Table(), w.Model.ID().Column()) {
			// a client-generated id that is taken (JSON:API: 409 at /data/id)
			e.Detail = "another " + w.Model.Type() + " already has this id"
			e.Source = w.locateField(w.Model.ID())
			return e
		}
		for _, f := range w.Model.Fields() {
			if f.Unique() && mentionsColumn(msg, w.Model.Table(), f.Column()) {
				e.Detail = "another " + w.Model.Type() + " already has this " + f.Name()
				e.Source = w.locateField(f)
				break
			}
		}
	}
	return e
}

// mentionsColumn recognises the column in the unique-violation messages of
// SQLite ("UNIQUE constraint failed: users.email"), PostgreSQL ("Key
// (email)=…", constraint "users_email_key") and MySQL ("for key
// 'users.email'" or "'users_email_key'").
func mentionsColumn(msg, table, col string) bool {
	for _, s := range []string{table + "." + col, "(" + col + ")", table + "_" + col + "_key", "'" + col + "'"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// at sets the source of err when it is an *Error without one.
func at(err error, s Source) error {
	if e, ok := err.(*Error); ok && e.Source == (Source{}) {
		e.Source = s
	}
	return err
}

// FindWritable returns the id of the row of m matching where (a unique
// where: the first match) that the viewer of ctx may read or may change
// with op ("update"): the row an update by a unique where means, decided
// by the update rules and not by the read rule alone. A row the viewer may
// neither read nor change is NotFound, as a missing one: the look-up tells
// nothing of it. The where is compiled with the viewer's rights (relation
// and field-guarded filters see what the viewer sees); the look-up itself
// bypasses the read policy, narrowed to read OR op.
func FindWritable(ctx context.Context, m *Model, where Filter, op string) (any, error) {
	var scope func(*sql.Selector)
	read := m.Ops().ReadScope(ctx)
	if read != nil {
		if write := m.Ops().WriteScope(ctx, op); write != nil {
			scope = sql.OrPredicates(read, write)
		}
	}
	var rows []Row
	if read == nil {
		res, err := Find(ctx, &Plan{Model: m, Where: where, Limit: 1})
		if err != nil {
			return nil, err
		}
		rows = res.Rows
	} else {
		var err error
		if rows, err = findBypass(ctx, m, where, scope, 1); err != nil {
			return nil, err
		}
	}
	if len(rows) == 0 {
		return nil, Errorf(NotFound, CodeNotFound, "no %s found for the unique where", m.Name())
	}
	return rows[0].ID(), nil
}

// WritableIDs returns the ids of the rows of m matching where that the
// viewer of ctx may change with op ("update" or "delete"), in id order, at
// most limit of them (-1: all): the rows a bulk write acts on, decided by
// the rules of op alone, as ZenStack's updateMany and deleteMany are, read
// rule or not (POL-SEM-07). The where is compiled with the viewer's rights
// (relation and field-guarded filters see what the viewer sees); the
// look-up itself bypasses the read policy, narrowed to op's rules.
func WritableIDs(ctx context.Context, m *Model, where Filter, op string, limit int) ([]any, error) {
	var rows []Row
	if m.Ops().ReadScope(ctx) == nil {
		res, err := Find(ctx, &Plan{Model: m, Where: AndOf(where, Raw(m.Ops().WriteScope(ctx, op))), Limit: limit})
		if err != nil {
			return nil, err
		}
		rows = res.Rows
	} else {
		var err error
		if rows, err = findBypass(ctx, m, where, m.Ops().WriteScope(ctx, op), limit); err != nil {
			return nil, err
		}
	}
	ids := make([]any, len(rows))
	for i, r := range rows {
		ids[i] = r.ID()
	}
	return ids, nil
}

// findBypass returns the rows of m matching where, compiled with the
// viewer's rights, and scope, in id order, at most limit of them (-1:
// all), bypassing the read policy.
func findBypass(ctx context.Context, m *Model, where Filter, scope func(*sql.Selector), limit int) ([]Row, error) {
	sys := entprivacy.DecisionContext(ctx, entprivacy.Allow) // privacy.Bypass
	q := m.Ops().Query(sys)
	if p := Compile(ctx, m, where); p != nil {
		q.Where(p)
	}
	if scope != nil {
		q.Where(scope)
	}
	q.Order(CompileOrder(ctx, Order{Field: m.ID()}))
	if limit >= 0 {
		q.Limit(limit)
	}
	return q.All(sys)
}

// Trusted reports whether ctx bypasses the access policies
// (privacy.Bypass, which is Ent's privacy.DecisionContext(ctx,
// privacy.Allow)).
func Trusted(ctx context.Context) bool {
	d, ok := entprivacy.DecisionFromContext(ctx)
	return ok && d == nil
}

// newMembers returns the ids that are not yet members of e on the parent
// row (one query).
func newMembers(ctx context.Context, e *Edge, parentID any, ids []any) ([]any, error) {
	t := e.Target()
	p := NewPlan(t)
	p.Where = AndOf(RelatedTo(e, parentID), &Cmp{Field: t.ID(), Op: OpIn, Value: ids})
	res, err := Find(ctx, p)
	if err != nil || len(res.Rows) == 0 {
		return ids, err
	}
	out := ids[:0:0]
	for _, id := range ids {
		present := false
		for _, row := range res.Rows {
			if row.ID() == id {
				present = true
				break
			}
		}
		if !present {
			out = append(out, id)
		}
	}
	return out, nil
}
