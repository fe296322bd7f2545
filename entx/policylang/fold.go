package policylang

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Specialize returns e as it reads when the rule is evaluated for op on
// model: currentModel() and currentOperation() become string literals,
// check(relation) gets op, and whatever that decides is folded (Fold). A
// rule naming several operations is compiled once per operation.
func Specialize(e Expr, model, op string) Expr {
	return Fold(specialize(e, model, op))
}

func specialize(e Expr, model, op string) Expr {
	switch e := e.(type) {
	case *Func:
		switch e.Name {
		case FnCurrentModel, FnCurrentOperation:
			v := model
			if e.Name == FnCurrentOperation {
				v = op
			}
			if len(e.Args) == 1 {
				v = applyCasing(v, e.Args[0].(*Lit).Value.(string))
			}
			return &Lit{At: e.At, T: stringT, Value: v}
		}
		f := *e
		f.Args = make([]Expr, len(e.Args))
		for i, a := range e.Args {
			f.Args[i] = specialize(a, model, op)
		}
		return &f
	case *Delegate:
		d := *e
		if d.Op == "" {
			d.Op = op
		}
		return &d
	case *Coll:
		c := *e
		c.Pred = specialize(e.Pred, model, op)
		return &c
	case *Negation:
		return &Negation{At: e.At, X: specialize(e.X, model, op)}
	case *Logic:
		return &Logic{At: e.At, And: e.And, L: specialize(e.L, model, op), R: specialize(e.R, model, op)}
	case *Compare:
		return &Compare{At: e.At, Op: e.Op, L: specialize(e.L, model, op), R: specialize(e.R, model, op)}
	case *InList:
		return &InList{At: e.At, X: specialize(e.X, model, op), List: e.List}
	}
	return e
}

func applyCasing(s, casing string) string {
	switch casing {
	case "upper":
		return strings.ToUpper(s)
	case "lower":
		return strings.ToLower(s)
	case "capitalize", "uncapitalize":
		r, n := utf8.DecodeRuneInString(s)
		if casing == "capitalize" {
			r = unicode.ToUpper(r)
		} else {
			r = unicode.ToLower(r)
		}
		return string(r) + s[n:]
	}
	return s
}

// Fold evaluates what literals alone decide: comparisons, in, string and
// list functions of literals, and the logic over them (x && true is x,
// x || true is true, !!x is x, b == true is b). The compilers then never
// emit a constant condition the Go compiler or vet would flag.
func Fold(e Expr) Expr {
	switch e := e.(type) {
	case *Negation:
		x := Fold(e.X)
		switch x := x.(type) {
		case *Lit:
			return boolLit(e.At, x.Value != true)
		case *Negation:
			return x.X
		}
		return &Negation{At: e.At, X: x}
	case *Logic:
		l, r := Fold(e.L), Fold(e.R)
		for _, pair := range [][2]Expr{{l, r}, {r, l}} {
			if b, ok := pair[0].(*Lit); ok {
				if (b.Value == true) == e.And {
					return pair[1] // true && x, false || x
				}
				return boolLit(e.At, !e.And) // false && x, true || x
			}
		}
		return &Logic{At: e.At, And: e.And, L: l, R: r}
	case *Compare:
		l, r := Fold(e.L), Fold(e.R)
		if v, ok := compareLits(l, e.Op, r); ok {
			return boolLit(e.At, v)
		}
		if e.Op == EQ || e.Op == NEQ {
			// c == true is c, c != true is !c (c a condition; a Boolean
			// field stays a comparison, which SQL indexes serve).
			for _, pair := range [][2]Expr{{l, r}, {r, l}} {
				_, ref := pair[0].(*Ref)
				if b, ok := pair[1].(*Lit); ok && b.T.Kind == KindBool && pair[0].Type().Kind == KindBool && !ref {
					if (b.Value == true) == (e.Op == EQ) {
						return pair[0]
					}
					return Fold(&Negation{At: e.At, X: pair[0]})
				}
			}
		}
		return &Compare{At: e.At, Op: e.Op, L: l, R: r}
	case *InList:
		x := Fold(e.X)
		if len(e.List.Elems) == 0 {
			return boolLit(e.At, false)
		}
		if _, ok := x.(*Lit); ok {
			for _, el := range e.List.Elems {
				if v, ok := compareLits(x, EQ, el); ok && v {
					return boolLit(e.At, true)
				}
			}
			if allLits(e.List.Elems) {
				return boolLit(e.At, false)
			}
		}
		return &InList{At: e.At, X: x, List: e.List}
	case *Coll:
		c := *e
		c.Pred = Fold(e.Pred)
		if b, ok := c.Pred.(*Lit); ok && b.Value == false {
			switch c.Kind {
			case '?': // no element satisfies false
				return boolLit(e.At, false)
			case '^':
				return boolLit(e.At, true)
			}
		}
		if b, ok := c.Pred.(*Lit); ok && b.Value == true && c.Kind == '!' {
			return boolLit(e.At, true)
		}
		return &c
	case *Func:
		f := *e
		f.Args = make([]Expr, len(e.Args))
		for i, a := range e.Args {
			f.Args[i] = Fold(a)
		}
		if v, ok := funcLits(&f); ok {
			return boolLit(e.At, v)
		}
		return &f
	}
	return e
}

func boolLit(at int, v bool) *Lit { return &Lit{At: at, T: boolT, Value: v} }

func allLits(es []Expr) bool {
	for _, e := range es {
		if _, ok := e.(*Lit); !ok {
			return false
		}
	}
	return true
}

// compareLits evaluates l op r when both are literals (null only equals
// null, as in the rule language).
func compareLits(l Expr, op Op, r Expr) (bool, bool) {
	a, ok1 := l.(*Lit)
	b, ok2 := r.(*Lit)
	if !ok1 || !ok2 {
		return false, false
	}
	if a.Value == nil || b.Value == nil {
		eq := a.Value == nil && b.Value == nil
		switch op {
		case EQ:
			return eq, true
		case NEQ:
			return !eq, true
		}
		return false, true
	}
	var c int
	switch x := a.Value.(type) {
	case bool:
		y, _ := b.Value.(bool)
		if x != y {
			c = 1
		}
		if op != EQ && op != NEQ {
			return false, false
		}
	case string:
		c = strings.Compare(x, b.Value.(string))
	default:
		fx, fy := num(a.Value), num(b.Value)
		switch {
		case fx < fy:
			c = -1
		case fx > fy:
			c = 1
		}
	}
	switch op {
	case EQ:
		return c == 0, true
	case NEQ:
		return c != 0, true
	case LT:
		return c < 0, true
	case LTE:
		return c <= 0, true
	case GT:
		return c > 0, true
	}
	return c >= 0, true
}

func num(v any) float64 {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// funcLits evaluates a string or list function of literals.
func funcLits(f *Func) (bool, bool) {
	switch f.Name {
	case FnContains, FnStartsWith, FnEndsWith:
		s, ok1 := f.Args[0].(*Lit)
		sub, ok2 := f.Args[1].(*Lit)
		if !ok1 || !ok2 || s.Value == nil || sub.Value == nil {
			return false, false
		}
		a, b := s.Value.(string), sub.Value.(string)
		if len(f.Args) == 3 && f.Args[2].(*Lit).Value == true {
			a, b = strings.ToLower(a), strings.ToLower(b)
		}
		switch f.Name {
		case FnStartsWith:
			return strings.HasPrefix(a, b), true
		case FnEndsWith:
			return strings.HasSuffix(a, b), true
		}
		return strings.Contains(a, b), true
	case FnIsEmpty:
		if l, ok := f.Args[0].(*ListLit); ok {
			return len(l.Elems) == 0, true
		}
	case FnHas, FnHasSome, FnHasEvery:
		list, ok := f.Args[0].(*ListLit)
		if !ok || !allLits(list.Elems) {
			return false, false
		}
		in := func(x Expr) (bool, bool) {
			if _, ok := x.(*Lit); !ok {
				return false, false
			}
			return slices.ContainsFunc(list.Elems, func(el Expr) bool {
				v, _ := compareLits(el, EQ, x)
				return v
			}), true
		}
		if f.Name == FnHas {
			return in(f.Args[1])
		}
		vals, ok := f.Args[1].(*ListLit)
		if !ok {
			return false, false
		}
		all, some := true, false
		for _, v := range vals.Elems {
			hit, ok := in(v)
			if !ok {
				return false, false
			}
			all, some = all && hit, some || hit
		}
		if f.Name == FnHasSome {
			return some, true
		}
		return all, true
	}
	return false, false
}
