package entx

import "strings"

// goBool is a Go boolean expression under construction. The compilers
// combine guards (a != nil), comparisons and calls with gAnd, gOr and gNot,
// which flatten, drop constants and repeated operands, and fold
// contradictions (x == A && x == B), so that the rendered code says each
// thing once and passes go vet (its bools check rejects a != nil && a != nil
// and x == A && x == B).
type goBool struct {
	kind  byte    // 'c' constant, 'a' atom, '&' and, '|' or
	val   bool    // constant
	text  string  // atom: a Go expression with no top-level && or ||
	cmp   *goCmp  // atom: the comparison it is, if any
	neg   *goBool // atom: the expression it negates, if any
	terms []*goBool
}

// goCmp is an atom of the form L op R, R a constant when Const.
type goCmp struct {
	L, Op, R string
	Const    bool
}

var (
	gTrue  = &goBool{kind: 'c', val: true}
	gFalse = &goBool{kind: 'c'}
)

func gConst(v bool) *goBool {
	if v {
		return gTrue
	}
	return gFalse
}

// gAtom is a Go boolean expression the builder does not look into.
func gAtom(text string) *goBool {
	switch text {
	case "true":
		return gTrue
	case "false":
		return gFalse
	}
	return &goBool{kind: 'a', text: text}
}

// gCmp is the comparison l op r; rConst says r is a Go constant.
func gCmp(l, op, r string, rConst bool) *goBool {
	return &goBool{kind: 'a', text: l + " " + op + " " + r, cmp: &goCmp{L: l, Op: op, R: r, Const: rConst}}
}

func (b *goBool) isTrue() bool  { return b.kind == 'c' && b.val }
func (b *goBool) isFalse() bool { return b.kind == 'c' && !b.val }

func gAnd(xs ...*goBool) *goBool { return gJoin('&', xs) }
func gOr(xs ...*goBool) *goBool  { return gJoin('|', xs) }

// gJoin builds an and ('&') or an or ('|') of xs.
func gJoin(kind byte, xs []*goBool) *goBool {
	and := kind == '&'
	var terms []*goBool
	seen := map[string]bool{}
	var add func(x *goBool) bool
	add = func(x *goBool) bool {
		switch {
		case x.kind == 'c':
			return x.val == and // true in an and, false in an or: drop
		case x.kind == kind:
			for _, t := range x.terms {
				if !add(t) {
					return false
				}
			}
			return true
		}
		s := x.String()
		if seen[s] {
			return true
		}
		if seen[gNot(x).String()] {
			return false // x && !x, x || !x
		}
		for _, t := range terms {
			if excludes(t, x, and) {
				return false
			}
		}
		seen[s] = true
		terms = append(terms, x)
		return true
	}
	for _, x := range xs {
		if !add(x) {
			return gConst(!and)
		}
	}
	switch len(terms) {
	case 0:
		return gConst(and)
	case 1:
		return terms[0]
	}
	return &goBool{kind: kind, terms: terms}
}

// excludes reports whether a and b cannot both hold (and) or cannot both
// fail (or): x == A && x == B, x != A || x != B, for constants A != B.
func excludes(a, b *goBool, and bool) bool {
	if a.cmp == nil || b.cmp == nil || !a.cmp.Const || !b.cmp.Const || a.cmp.L != b.cmp.L || a.cmp.R == b.cmp.R {
		return false
	}
	want := "!="
	if and {
		want = "=="
	}
	return a.cmp.Op == want && b.cmp.Op == want
}

var negOps = map[string]string{"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}

// gNot is the negation of x.
func gNot(x *goBool) *goBool {
	switch x.kind {
	case 'c':
		return gConst(!x.val)
	case '&', '|':
		return &goBool{kind: 'a', text: "!(" + x.String() + ")", neg: x}
	}
	switch {
	case x.neg != nil:
		return x.neg
	case x.cmp != nil && (x.cmp.Op == "==" || x.cmp.Op == "!="):
		return gCmp(x.cmp.L, negOps[x.cmp.Op], x.cmp.R, x.cmp.Const)
	case isSimple(x.text):
		return &goBool{kind: 'a', text: "!" + x.text, neg: x}
	}
	return &goBool{kind: 'a', text: "!(" + x.text + ")", neg: x}
}

// String renders x as Go.
func (x *goBool) String() string {
	switch x.kind {
	case 'c':
		if x.val {
			return "true"
		}
		return "false"
	case 'a':
		return x.text
	}
	sep := " && "
	if x.kind == '|' {
		sep = " || "
	}
	parts := make([]string, len(x.terms))
	for i, t := range x.terms {
		parts[i] = t.String()
		if t.kind == '&' || t.kind == '|' {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

// paren renders x for use as an operand of another operator.
func (x *goBool) paren() string {
	if x.kind == 'a' && isSimple(x.text) || x.kind == 'c' {
		return x.String()
	}
	return "(" + x.String() + ")"
}

// isSimple reports whether s is an operand needing no parentheses: a name,
// a selector or a call (operators inside brackets and string literals do
// not count).
func isSimple(s string) bool {
	depth, quote := 0, byte(0)
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '`' || ch == '\'':
			quote = ch
		case ch == '(' || ch == '[' || ch == '{':
			depth++
		case ch == ')' || ch == ']' || ch == '}':
			depth--
		case depth == 0 && strings.IndexByte(" !=<>&|+-*/^%", ch) >= 0:
			return false
		}
	}
	return true
}
