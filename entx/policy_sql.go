package entx

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

// sqlCompiler turns a checked rule into a privacy.Cond expression over the
// rows of a table: references to a row become columns (through to-one
// edges, Has<Edge>With sub-selects), auth() and literals stay Go values, so
// the Cond folds them at run time.
//
// Rows are kept in frames: the rule's rows (Level 0), the elements of each
// collection predicate (Level n), and auth()'s row, read in a sub-select
// keyed by the viewer's id when the rule follows auth()'s relations. A
// reference to the rows of an enclosing frame (this.x inside a collection
// predicate) correlates the sub-select with them (privacy.Correlate).
//
// With mutation set (update rules), future().x is the value the mutation
// writes to x, or the column itself when the mutation leaves x alone; so
// `future().authorId != authorId` becomes the pre-write predicate
// `author_id <> :new`. post-update rules are the same with the roles
// swapped: plain fields are the new values, before().x the current column.
type sqlCompiler struct {
	ix         *index
	mutation   bool
	postUpdate bool
	// postWrite compiles an update rule to be checked after the write, in
	// its transaction: the table holds the new row, `old` the row before.
	postWrite bool
	// asIs compiles rules for check(): the rows as they are, with no
	// mutation (future().x is x).
	asIs bool
	// viewerRow reads auth()'s fields in SQL, in a sub-select of the
	// viewer's row keyed by its id (inViewer), rather than from the loaded
	// entity. Update rules are compiled so: they always render to SQL, on
	// one row or a few, where the sub-select costs nothing a query loading
	// the viewer would not, and an update by its author (auth() == author
	// || auth().role == ADMIN) then needs nothing but the token's id.
	viewerRow bool
	// goRow resolves references to the rule's row (Level 0) when it is not
	// a row of any table: the row a create rule is about.
	goRow  func(*policylang.Ref) (goVal, error)
	frames []*frame
	rows   int             // Go names given to frames' rows
	lifted map[string]thru // conditions built by through, by their code
}

// frame is a set of rows a rule refers to.
type frame struct {
	t     *gen.Type
	level int  // RootThis references at this Level are these rows
	auth  bool // auth()'s row
	// anchor: in a create rule, the rows are those of this relation of the
	// new row (references through it start here, without it).
	anchor *policylang.Edge
	row    string   // Go name of the rows as a privacy.Row, once a sub-select refers to them
	named  bool     // the rows have a name of their own (privacy.Exists): nothing shadows it
	via    []string // tables of the Ent sub-selects that lead into the frame from the previous one
	shadow bool     // a sub-select inside reads the same table: privacy.CorrelateAs
}

// newSQL returns a compiler for rules over the rows of t.
func newSQL(ix *index, t *gen.Type) *sqlCompiler {
	return &sqlCompiler{ix: ix, frames: []*frame{{t: t}}}
}

// errPostWrite marks a rule that cannot be decided before the write.
var errPostWrite = errors.New("needs a check after the write")

// errViewer marks a reference to auth()'s relations outside a frame of
// auth()'s row: the condition moves into one (inViewer).
var errViewer = errors.New("needs auth()'s row")

// column is a reference to a column of rows reachable from a frame.
type column struct {
	fr     *frame
	path   []*gen.Edge // to-one edges from the frame's table to the column's
	t      *gen.Type   // the column's table
	f      *gen.Field
	exists bool // a model reference with no FK: "the related row exists"
}

// operand is one side of a comparison.
type operand struct {
	g      *goVal
	c      *column
	future *gen.Field // the new value of this own field (update rules)
}

func (c *sqlCompiler) errf(e policylang.Expr, format string, args ...any) error {
	return fmt.Errorf("column %d: "+format, append([]any{e.Pos() + 1}, args...)...)
}

func (c *sqlCompiler) cur() *frame { return c.frames[len(c.frames)-1] }

// rule compiles a whole rule: the condition, correlated with the rows it is
// applied to when a sub-select refers to them.
func (c *sqlCompiler) rule(e policylang.Expr) (string, error) {
	code, err := c.cond(e)
	if err != nil {
		return "", err
	}
	return c.correlate(c.frames[0], code), nil
}

func (c *sqlCompiler) cond(e policylang.Expr) (string, error) {
	switch e := e.(type) {
	case *policylang.Lit:
		if e.Value == true {
			return "privacy.True", nil
		}
		return "privacy.False", nil
	case *policylang.Negation:
		x, err := c.cond(e.X)
		if err != nil {
			return "", err
		}
		return not(x), nil
	case *policylang.Logic:
		l, err := c.cond(e.L)
		if err != nil {
			return "", err
		}
		r, err := c.cond(e.R)
		if err != nil {
			return "", err
		}
		return c.logic(e.And, l, r), nil
	}
	code, err := c.node(e)
	if errors.Is(err, errViewer) {
		return c.viewerCond(e)
	}
	return code, err
}

// viewerCond compiles e, a condition on auth()'s row, in a sub-select of
// it (inViewer). Under viewerRow, a condition that the loaded entity
// decides in Go as well renders both ways (privacy.ViewerCond): the
// constant when the viewer's entity is at hand, the sub-select otherwise;
// one that only Go decides reads the loaded entity.
func (c *sqlCompiler) viewerCond(e policylang.Expr) (string, error) {
	sub, subErr := c.inViewer(e)
	if !c.viewerRow {
		return sub, subErr
	}
	c.viewerRow = false
	loaded, err := c.node(e)
	c.viewerRow = true
	switch {
	case err != nil:
		return sub, subErr // auth()'s relations: only SQL reads them
	case subErr != nil:
		return loaded, nil // only Go compares so (two lists): the entity is loaded
	}
	// The loaded form reads the entity as its argument: the code of the
	// rules then mentions a.Entity() only where Go alone decides, which
	// is what makes a policy load it (policySpec.UpdateByID).
	loaded = strings.ReplaceAll(loaded, viewerEntity, loadedEntity)
	auth := c.ix.types[c.ix.s.Auth]
	return "privacy.ViewerCond(" + viewerVar + ", func(" + loadedEntity + " *" + auth.Name + ") privacy.Cond { return " + loaded + " }, func() privacy.Cond {\n\t\treturn " + sub + "\n\t})", nil
}

func not(x string) string {
	switch x {
	case "privacy.True":
		return "privacy.False"
	case "privacy.False":
		return "privacy.True"
	}
	return "privacy.Not(" + x + ")"
}

// node compiles a condition that is not logic over others.
func (c *sqlCompiler) node(e policylang.Expr) (string, error) {
	switch e := e.(type) {
	case *policylang.Ref:
		o, err := c.operand(e)
		if err != nil {
			return "", err
		}
		return c.compare(e, o, policylang.EQ, operand{g: &goVal{Guard: gTrue, Val: "true", Kind: policylang.KindBool, Const: true}})
	case *policylang.Compare:
		l, err := c.operand(e.L)
		if err != nil {
			return "", err
		}
		r, err := c.operand(e.R)
		if err != nil {
			return "", err
		}
		return c.compare(e, l, e.Op, r)
	case *policylang.Coll:
		return c.coll(e)
	case *policylang.Delegate:
		return c.delegate(e)
	case *policylang.Func:
		return c.fn(e)
	case *policylang.InList:
		return c.in(e)
	}
	return "", c.errf(e, "unsupported expression")
}

// in compiles x in [a, b]: column IN (…), or Go when x is known in Go.
func (c *sqlCompiler) in(e *policylang.InList) (string, error) {
	x, err := c.operand(e.X)
	switch {
	case err != nil:
		return "", err
	case x.g != nil:
		return goCond(c.ix.goIn(*x.g, e.List)), nil
	case x.future != nil || x.c.exists:
		return "", c.errf(e, "in on a post-update value or a relation is not supported")
	}
	return c.on(x.c, fmt.Sprintf("privacy.In(%s, %s)", colName(x.c.t, x.c.f), c.ix.listArgs(e.List))), nil
}

// goCond renders a Go boolean as a Cond.
func goCond(b *goBool) string {
	switch {
	case b.isTrue():
		return "privacy.True"
	case b.isFalse():
		return "privacy.False"
	}
	return "privacy.Bool(" + b.String() + ")"
}

func (c *sqlCompiler) operand(e policylang.Expr) (operand, error) {
	if v, ok := c.ix.literal(e); ok {
		return operand{g: &v}, nil
	}
	r, ok := e.(*policylang.Ref)
	if !ok {
		return operand{}, c.errf(e, "unsupported operand")
	}
	root := r.Root
	if r.Level == 0 {
		switch {
		case c.asIs && root == policylang.RootFuture:
			root = policylang.RootThis
		case c.postWrite:
			// After the write: the new row is the table, the old row is old.
			newRoot, oldRoot := policylang.RootFuture, policylang.RootThis
			if c.postUpdate {
				newRoot, oldRoot = policylang.RootThis, policylang.RootBefore
			}
			switch root {
			case newRoot:
				root = policylang.RootThis
			case oldRoot:
				switch {
				case len(r.Path) > 0:
					return operand{}, c.errf(e, "in a rule checked after the write, values before it must be the model's own fields")
				case r.Field == nil:
					return operand{g: &goVal{Guard: gTrue, Val: "old.ID", Kind: policylang.KindModel}}, nil
				}
				v := c.ix.structVal("old", gTrue, r.Field)
				return operand{g: &v}, nil
			}
		case c.postUpdate:
			switch root {
			case policylang.RootThis:
				root = policylang.RootFuture
			case policylang.RootBefore:
				root = policylang.RootThis
			}
		}
	}
	switch root {
	case policylang.RootAuth:
		if !c.viewerRow || len(r.Path) == 0 && r.Field == nil {
			if v, ok := c.ix.authVal(r); ok {
				return operand{g: &v}, nil
			}
		}
		fr := c.viewerFrame()
		if fr == nil {
			return operand{}, errViewer
		}
		return operand{c: c.column(fr, r.Path, r.Field)}, nil
	case policylang.RootFuture:
		if !c.mutation || len(r.Path) > 0 || r.Field == nil {
			// Not known before the write: check it after (postWrite).
			return operand{}, fmt.Errorf("column %d: %s: %w", e.Pos()+1, "a post-update value through a relation", errPostWrite)
		}
		return operand{future: c.ix.fields[r.Field]}, nil
	}
	fr, path := c.frameOf(r)
	if fr == nil {
		v, err := c.goRow(r)
		if err != nil {
			return operand{}, err
		}
		return operand{g: &v}, nil
	}
	return operand{c: c.column(fr, path, r.Field)}, nil
}

// frameOf returns the frame of the rows a RootThis reference starts from,
// and its path from there; nil when the rows are Go values (goRow).
func (c *sqlCompiler) frameOf(r *policylang.Ref) (*frame, []*policylang.Edge) {
	for _, fr := range c.frames {
		switch {
		case fr.auth || fr.level != r.Level:
		case fr.anchor == nil:
			return fr, r.Path
		case len(r.Path) > 0 && r.Path[0] == fr.anchor:
			return fr, r.Path[1:]
		}
	}
	return nil, nil
}

// viewerFrame returns the innermost frame of auth()'s row, or nil.
func (c *sqlCompiler) viewerFrame() *frame {
	for i := len(c.frames) - 1; i >= 0; i-- {
		if c.frames[i].auth {
			return c.frames[i]
		}
	}
	return nil
}

// column resolves a field or model reference from the rows of fr.
func (c *sqlCompiler) column(fr *frame, path []*policylang.Edge, f *policylang.Field) *column {
	col := &column{fr: fr, t: fr.t}
	for _, pe := range path {
		col.path = append(col.path, c.ix.edges[pe])
	}
	switch {
	case f != nil:
		col.f = c.ix.fields[f]
		if len(path) > 0 {
			col.t = c.ix.types[path[len(path)-1].Target]
		}
	case len(path) == 0: // this
		col.f = fr.t.ID
	default: // a to-one relation: its FK here, or "the related row exists"
		last := path[len(path)-1]
		col.path = col.path[:len(col.path)-1]
		if len(col.path) > 0 {
			col.t = col.path[len(col.path)-1].Type
		}
		if last.FK != nil {
			col.f = c.ix.fields[last.FK]
		} else {
			col.path = append(col.path, c.ix.edges[last])
			col.t = c.ix.types[last.Target]
			col.f, col.exists = col.t.ID, true
		}
	}
	return col
}

// through lifts a condition on the table at the end of path to the table
// of from. (gen.Edge.Owner is the assoc side of an inverse edge, not the type
// the edge is declared on, hence the walk.) Each level is recorded, so that
// logic over two conditions through the same edge can share one sub-select.
func (c *sqlCompiler) through(from *gen.Type, path []*gen.Edge, inner string) string {
	srcs := make([]*gen.Type, len(path))
	for i, e := range path {
		srcs[i] = from
		from = e.Type
	}
	for i := len(path) - 1; i >= 0; i-- {
		inner = c.lift(inner, srcs[i].Package()+".Has"+path[i].StructField()+"With", path[i].Unique)
	}
	return inner
}

// on renders inner, a condition on the table col's path ends on, on the
// current rows: through the path, and at col's rows when they are those
// of an enclosing frame.
func (c *sqlCompiler) on(col *column, inner string) string {
	return c.at(col.fr, c.through(col.fr.t, col.path, inner))
}

// at renders code, a condition on the rows of fr, on the current rows.
func (c *sqlCompiler) at(fr *frame, code string) string {
	if fr == c.cur() || code == "privacy.True" || code == "privacy.False" {
		return code
	}
	return "privacy.At(" + c.rowOf(fr, nil) + ", " + code + ")"
}

// rowOf names the rows of fr for a sub-select that refers to them from the
// current frame, through the sub-selects of path.
func (c *sqlCompiler) rowOf(fr *frame, path []*gen.Edge) string {
	if fr.row == "" {
		fr.row = fmt.Sprintf("r%d", c.rows)
		c.rows++
	}
	if !fr.named {
		// SQL resolves a table's name to the innermost select reading it:
		// a sub-select in between over the same table hides the rows.
		var tables []string
		after := false
		for _, f := range c.frames {
			if after {
				tables = append(tables, f.via...)
			}
			after = after || f == fr
		}
		tables = append(tables, edgeTables(path)...)
		fr.shadow = fr.shadow || slices.Contains(tables, fr.t.Table())
	}
	return fr.row
}

// edgeTables lists the tables Ent's Has<Edge>With sub-selects read along path.
func edgeTables(path []*gen.Edge) []string {
	var out []string
	for _, e := range path {
		out = append(out, e.Type.Table())
		if e.M2M() {
			out = append(out, e.Rel.Table)
		}
	}
	return out
}

// correlate wraps code, a condition on the rows of fr, so that the
// sub-selects inside that refer to them receive them.
func (c *sqlCompiler) correlate(fr *frame, code string) string {
	if fr.row == "" || fr.named {
		return code
	}
	build := fmt.Sprintf("func(%s privacy.Row) privacy.Cond {\n\t\treturn %s\n\t}", fr.row, code)
	if fr.shadow {
		return fmt.Sprintf("privacy.CorrelateAs(%s.Table, %s, %s)", fr.t.Package(), colName(fr.t, fr.t.ID), build)
	}
	return "privacy.Correlate(" + build + ")"
}

// push enters a frame of rows; pop leaves it.
func (c *sqlCompiler) push(fr *frame) *frame {
	c.frames = append(c.frames, fr)
	return fr
}

func (c *sqlCompiler) pop() { c.frames = c.frames[:len(c.frames)-1] }

// thru is one lifted condition: privacy.Through(inner, has).
type thru struct {
	inner, has string
	unique     bool
}

func (c *sqlCompiler) lift(inner, has string, unique bool) string {
	out := fmt.Sprintf("privacy.Through(%s, %s)", inner, has)
	if c.lifted == nil {
		c.lifted = map[string]thru{}
	}
	c.lifted[out] = thru{inner: inner, has: has, unique: unique}
	return out
}

// logic joins l and r with privacy.And or privacy.Or. Two conditions
// through the same edge share its sub-select: EXISTS(a) OR EXISTS(b) is
// EXISTS(a OR b) always, EXISTS(a) AND EXISTS(b) is EXISTS(a AND b) for a
// to-one edge (so Comment's `post.published || auth() == post.author` is
// one sub-select on posts, not two).
func (c *sqlCompiler) logic(and bool, l, r string) string {
	lt, lok := c.lifted[l]
	rt, rok := c.lifted[r]
	if lok && rok && lt.has == rt.has && (!and || lt.unique) {
		return c.lift(c.logic(and, lt.inner, rt.inner), lt.has, lt.unique)
	}
	if and {
		return "privacy.And(" + l + ", " + r + ")"
	}
	return "privacy.Or(" + l + ", " + r + ")"
}

func (c *sqlCompiler) compare(e policylang.Expr, l operand, op policylang.Op, r operand) (string, error) {
	if l.future != nil && r.future != nil {
		return "", c.errf(e, "comparing two post-update values is not supported")
	}
	if r.future != nil {
		l, r, op = r, l, flip(op)
	}
	if l.future != nil {
		return c.compareFuture(e, l.future, op, r)
	}
	if l.g != nil && r.g != nil {
		return goCond(goCompare(*l.g, op, *r.g)), nil
	}
	if l.g != nil {
		l, r, op = r, l, flip(op)
	}
	if r.c != nil {
		return c.columns(e, l.c, op, r.c)
	}
	return c.compareValue(l.c, op, *r.g)
}

// compareFuture compares the value an update writes to own field f.
func (c *sqlCompiler) compareFuture(e policylang.Expr, f *gen.Field, op policylang.Op, r operand) (string, error) {
	set, err := c.compare(e, operand{g: &goVal{Guard: gTrue, Val: "v", Kind: kindOfField(f)}}, op, r)
	if err != nil {
		return "", err
	}
	keep, err := c.compare(e, operand{c: &column{fr: c.frames[0], t: c.frames[0].t, f: f}}, op, r)
	if err != nil {
		return "", err
	}
	cleared := ""
	if f.Optional {
		nc, err := c.compare(e, operand{g: &nullVal}, op, r)
		if err != nil {
			return "", err
		}
		cleared = fmt.Sprintf("\n\t\t\tif m.%s() {\n\t\t\t\treturn %s\n\t\t\t}", f.MutationCleared(), nc)
	}
	return fmt.Sprintf("func() privacy.Cond {\n\t\tif m != nil {\n\t\t\tif v, ok := m.%s(); ok {\n\t\t\t\treturn %s\n\t\t\t}%s\n\t\t}\n\t\treturn %s\n\t}()",
		f.MutationGet(), set, cleared, keep), nil
}

// compareValue compares a column with a Go value.
func (c *sqlCompiler) compareValue(col *column, op policylang.Op, v goVal) (string, error) {
	if col.exists {
		// author == null / profile != null on a relation without FK here.
		if !v.Null {
			if !v.Guard.isTrue() {
				return "", fmt.Errorf("comparing a relation of %s without a foreign key to a nullable value is not supported; compare a field of it", col.t.Name)
			}
			return c.on(col, fmt.Sprintf("privacy.Cmp(%s, %s, %s)", colName(col.t, col.f), opNames[op], v.Val)), nil
		}
		has := c.on(col, "privacy.True")
		if op == policylang.EQ {
			return not(has), nil
		}
		return has, nil
	}
	name := colName(col.t, col.f)
	cmp := fmt.Sprintf("privacy.Cmp(%s, %s, %s)", name, opNames[op], v.Val)
	if op == policylang.NEQ && nullColumn(col.f) {
		// null != value holds (rule-language semantics), SQL's <> does not.
		cmp = fmt.Sprintf("privacy.Or(%s, privacy.CmpNull(%s, privacy.EQ))", cmp, name)
	}
	var inner string
	switch {
	case v.Null:
		inner = fmt.Sprintf("privacy.CmpNull(%s, %s)", name, opNames[op])
	case v.Guard.isTrue():
		inner = cmp
	default: // null at run time: equals nothing (see goCompare)
		inner = guarded(v.Guard, op == policylang.NEQ, cmp)
	}
	return c.on(col, inner), nil
}

// nullColumn reports whether the column of f may hold null.
func nullColumn(f *gen.Field) bool { return f.Optional || f.Nillable }

// guarded renders cond when guard holds, else the constant otherwise.
func guarded(guard *goBool, otherwise bool, cond string) string {
	switch {
	case guard.isTrue():
		return cond
	case guard.isFalse():
		return goCond(gConst(otherwise))
	}
	return fmt.Sprintf("privacy.When(%s, func() privacy.Cond { return %s }, %s)", guard, cond, goCond(gConst(otherwise)))
}

// columns compares two columns: of one row (privacy.Columns), or of two
// rows in nested frames (privacy.OuterCmp), one of them the row itself.
func (c *sqlCompiler) columns(e policylang.Expr, a *column, op policylang.Op, b *column) (string, error) {
	if a.exists || b.exists {
		return "", c.errf(e, "comparing a relation without a foreign key here is not supported; compare its fields")
	}
	if a.fr == b.fr {
		if !slices.Equal(a.path, b.path) {
			return "", c.errf(e, "comparing columns of different rows is not supported")
		}
		if a.f == b.f {
			// A column against itself: what an update that leaves a field
			// alone makes of future().x != x.
			switch n := nullColumn(a.f); {
			case op == policylang.EQ || (!n && (op == policylang.LTE || op == policylang.GTE)):
				return "privacy.True", nil
			case op == policylang.NEQ || op == policylang.LT || op == policylang.GT:
				return "privacy.False", nil
			}
		}
		cmp := fmt.Sprintf("privacy.Columns(%s, %s, %s)", colName(a.t, a.f), opNames[op], colName(b.t, b.f))
		return c.on(a, c.orNull(op, cmp, a, b, "")), nil
	}
	// Rows of two frames: the one with a path (else the current one) hosts
	// the comparison, the other is referred to as a row.
	host, ref, hostOp := a, b, op
	if len(b.path) > 0 || len(a.path) == 0 && b.fr == c.cur() {
		host, ref, hostOp = b, a, flip(op)
	}
	if len(ref.path) > 0 {
		return "", c.errf(e, "comparing fields of relations of two different rows is not supported; compare one of them with a field of the other row itself")
	}
	row := c.rowOf(ref.fr, host.path)
	cmp := fmt.Sprintf("privacy.OuterCmp(%s, %s, %s, %s)", colName(host.t, host.f), opNames[hostOp], row, colName(ref.t, ref.f))
	return c.on(host, c.orNull(op, cmp, host, ref, row)), nil
}

// orNull adds to a != comparison of columns that it holds when one of them
// is null (rule-language semantics; SQL's <> does not). row names b's rows
// when they are those of another frame.
func (c *sqlCompiler) orNull(op policylang.Op, cmp string, a, b *column, row string) string {
	if op != policylang.NEQ {
		return cmp
	}
	or := []string{cmp}
	if nullColumn(a.f) {
		or = append(or, fmt.Sprintf("privacy.CmpNull(%s, privacy.EQ)", colName(a.t, a.f)))
	}
	if nullColumn(b.f) {
		if row != "" {
			or = append(or, fmt.Sprintf("privacy.OuterNull(%s, %s)", row, colName(b.t, b.f)))
		} else {
			or = append(or, fmt.Sprintf("privacy.CmpNull(%s, privacy.EQ)", colName(b.t, b.f)))
		}
	}
	if len(or) == 1 {
		return cmp
	}
	return "privacy.Or(" + joinArgs(or) + ")"
}
