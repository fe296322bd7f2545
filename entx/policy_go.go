package entx

import (
	"fmt"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

type goMode uint8

const (
	// goCreate: the row is the create mutation m (values after defaults);
	// rows it references through its own foreign keys are looked up lazily,
	// under bypass, in the mutation's transaction (POL-EXPR-14).
	goCreate goMode = iota
	// goEntity: the row is the loaded entity e (field read rules).
	goEntity
)

// goCompiler turns a checked rule into a Go boolean expression.
type goCompiler struct {
	ix      *index
	t       *gen.Type
	mode    goMode
	prelude []string
	locals  map[string]bool
}

func (c *goCompiler) errf(e policylang.Expr, format string, args ...any) error {
	return fmt.Errorf("column %d: "+format, append([]any{e.Pos() + 1}, args...)...)
}

func (c *goCompiler) boolean(e policylang.Expr) (string, error) {
	switch e := e.(type) {
	case *policylang.Lit:
		if e.Value == true {
			return "true", nil
		}
		return "false", nil
	case *policylang.Negation:
		x, err := c.boolean(e.X)
		if err != nil {
			return "", err
		}
		return "!" + x, nil
	case *policylang.Logic:
		l, err := c.boolean(e.L)
		if err != nil {
			return "", err
		}
		r, err := c.boolean(e.R)
		if err != nil {
			return "", err
		}
		op := " || "
		if e.And {
			op = " && "
		}
		return "(" + l + op + r + ")", nil
	case *policylang.Ref:
		v, err := c.value(e)
		if err != nil {
			return "", err
		}
		return "(" + and(v.Guard, v.Val) + ")", nil
	case *policylang.Compare:
		if c.isNewRow(e.L) || c.isNewRow(e.R) {
			// The row being created is no existing row: `auth() == this` is false.
			if e.Op == policylang.NEQ {
				return "true", nil
			}
			return "false", nil
		}
		l, err := c.value(e.L)
		if err != nil {
			return "", err
		}
		r, err := c.value(e.R)
		if err != nil {
			return "", err
		}
		return goCompare(l, e.Op, r), nil
	case *policylang.Func:
		switch e.Name {
		case policylang.FnContains, policylang.FnStartsWith, policylang.FnEndsWith:
			s, err := c.value(e.Args[0])
			if err != nil {
				return "", err
			}
			sub, err := c.value(e.Args[1])
			if err != nil {
				return "", err
			}
			return strFunc(e.Name, s, sub, foldArg(e)), nil
		}
		return "", c.errf(e, "%s() is not supported here yet (no list fields)", e.Name)
	case *policylang.Coll:
		return "", c.errf(e, "collection predicates are not supported in %s", c.where())
	case *policylang.InList:
		x, err := c.value(e.X)
		if err != nil {
			return "", err
		}
		return c.ix.goIn(x, e), nil
	}
	return "", c.errf(e, "unsupported expression")
}

func (c *goCompiler) where() string {
	if c.mode == goCreate {
		return "create rules (the row does not exist yet)"
	}
	return "field read rules"
}

func (c *goCompiler) isNewRow(e policylang.Expr) bool {
	r, ok := e.(*policylang.Ref)
	return ok && c.mode == goCreate && r.Root == policylang.RootThis && len(r.Path) == 0 && r.Field == nil
}

func (c *goCompiler) value(e policylang.Expr) (goVal, error) {
	if v, ok := c.ix.literal(e); ok {
		return v, nil
	}
	r, ok := e.(*policylang.Ref)
	if !ok {
		return goVal{}, c.errf(e, "unsupported operand")
	}
	if r.Root == policylang.RootAuth {
		return c.ix.authVal(r)
	}
	if r.Root != policylang.RootThis {
		return goVal{}, c.errf(e, "future() and before() are not allowed here")
	}
	if c.mode == goEntity {
		switch {
		case len(r.Path) > 0 && !(len(r.Path) == 1 && r.Field == nil && r.Path[0].FK != nil):
			return goVal{}, c.errf(e, "field read rules may use the row's own fields and auth() only (evaluated per loaded row)")
		case len(r.Path) == 1:
			return c.ix.structVal("e", "true", r.Path[0].FK), nil
		case r.Field == nil:
			return goVal{Guard: "true", Val: "e.ID", Kind: policylang.KindModel}, nil
		}
		return c.ix.structVal("e", "true", r.Field), nil
	}
	// goCreate: own fields from the mutation; relations through own FKs.
	if len(r.Path) == 0 {
		return c.mutationVal(r.Field), nil
	}
	first := r.Path[0]
	if first.FK == nil {
		return goVal{}, c.errf(e, "create rules may only follow relations whose foreign key is on %s (%s is not)", c.t.Name, first.Name)
	}
	if len(r.Path) == 1 && r.Field == nil {
		v := c.mutationVal(first.FK)
		v.Kind = policylang.KindModel
		return v, nil
	}
	// A field of a referenced row, or a relation of it: load the rows.
	ref := c.ref(r.Path[0], "", c.t)
	for i := 1; i < len(r.Path); i++ {
		if r.Field == nil && i == len(r.Path)-1 && r.Path[i].FK != nil {
			return c.ix.structVal(ref+"()", ref+"() != nil", r.Path[i].FK), nil
		}
		ref = c.ref(r.Path[i], ref, c.ix.types[r.Path[i-1].Target])
	}
	if r.Field == nil {
		return goVal{Guard: ref + "() != nil", Val: ref + "().ID", Kind: policylang.KindModel}, nil
	}
	return c.ix.structVal(ref+"()", ref+"() != nil", r.Field), nil
}

// mutationVal declares (once) the locals holding the mutation's value of f.
func (c *goCompiler) mutationVal(pf *policylang.Field) goVal {
	f := c.ix.fields[pf]
	v, has := "v"+f.StructField(), "has"+f.StructField()
	getter := f.MutationGet()
	if f == c.t.ID {
		v, has, getter = "vID", "hasID", "ID"
	}
	if !c.locals[v] {
		c.locals[v] = true
		c.prelude = append(c.prelude, fmt.Sprintf("%s, %s := m.%s()", v, has, getter))
	}
	return goVal{Guard: has, Val: v, Kind: pf.Kind}
}

// ref declares (once) a closure loading the row reached through edge pe,
// from the mutation (parent "") or from the row of closure parent.
func (c *goCompiler) ref(pe *policylang.Edge, parent string, owner *gen.Type) string {
	e := c.ix.edges[pe]
	name := "ref" + e.StructField()
	if parent != "" {
		name = parent + e.StructField()
	}
	if c.locals[name] {
		return name
	}
	c.locals[name] = true
	target := e.Type
	var load string
	if parent == "" {
		fk := c.mutationVal(pe.FK)
		load = fmt.Sprintf("if %s {\n\t\t\t\t%s, err = New%sClient(m.config).Get(sys, %s)\n\t\t\t}", fk.Guard, name+"Row", target.Name, fk.Val)
	} else {
		load = fmt.Sprintf("if p := %s(); p != nil {\n\t\t\t\t%s, err = p.Query%s().Only(sys)\n\t\t\t}", parent, name+"Row", e.StructField())
	}
	c.prelude = append(c.prelude, fmt.Sprintf(`var %[1]sRow *%[2]s
	var %[1]sDone bool
	%[1]s := func() *%[2]s {
		if !%[1]sDone {
			%[1]sDone = true
			var err error
			%[3]s
			if err != nil && !IsNotFound(err) && lookupErr == nil {
				lookupErr = err
			}
		}
		return %[1]sRow
	}`, name, target.Name, load))
	return name
}
