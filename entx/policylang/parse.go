package policylang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The syntax of the rule language (ZModel's expressions), JavaScript
// precedence:
//
//	expr    = and { "||" and }
//	and     = cmp { "&&" cmp }
//	cmp     = unary [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") unary ]
//	unary   = "!" unary | postfix
//	postfix = primary { "." ident | ("?" | "!" | "^") "[" [ ident "," ] expr "]" }
//	primary = ident [ "(" [ expr { "," expr } ] ")" ] | number | string
//	        | "[" [ expr { "," expr } ] "]" | "(" expr ")"
//
// true, false, null and this are identifiers with a fixed meaning. The
// optional ident "," of a collection predicate binds a name to its element
// (ZModel v3: posts?[p, p.published && comments?[c, c.author == p.author]]).

// Node is a syntax-tree node; Pos is its byte offset in the rule.
type Node interface {
	Pos() int
	String() string
}

// Syntax-tree nodes.
type (
	// Ident is a name: a field, an edge, an enum value, this, true, false, null.
	Ident struct {
		At   int
		Name string
	}
	// Number and String are literals.
	Number struct {
		At    int
		Text  string
		Float bool
	}
	String struct {
		At    int
		Value string
	}
	// Array is a list literal.
	Array struct {
		At    int
		Elems []Node
	}
	// Call is name(args): auth(), future(), before(), now(), contains(…)…
	Call struct {
		At   int
		Name string
		Args []Node
	}
	// Member is x.name.
	Member struct {
		At   int
		X    Node
		Name string
	}
	// Quant is a collection predicate: x?[pred] (some), x![pred] (every),
	// x^[pred] (none); Bind names the element (x?[e, pred]), or is empty.
	Quant struct {
		At     int
		X      Node
		Kind   byte // '?', '!', '^'
		Bind   string
		BindAt int
		Pred   Node
	}
	// Unary is !x.
	Unary struct {
		At int
		X  Node
	}
	// Binary is l op r.
	Binary struct {
		At   int
		Op   string
		L, R Node
	}
)

func (n *Ident) Pos() int  { return n.At }
func (n *Number) Pos() int { return n.At }
func (n *String) Pos() int { return n.At }
func (n *Array) Pos() int  { return n.At }
func (n *Call) Pos() int   { return n.At }
func (n *Member) Pos() int { return n.At }
func (n *Quant) Pos() int  { return n.At }
func (n *Unary) Pos() int  { return n.At }
func (n *Binary) Pos() int { return n.At }

func (n *Ident) String() string  { return n.Name }
func (n *Number) String() string { return n.Text }
func (n *String) String() string { return strconv.Quote(n.Value) }
func (n *Array) String() string  { return "[" + join(n.Elems) + "]" }
func (n *Call) String() string   { return n.Name + "(" + join(n.Args) + ")" }
func (n *Member) String() string { return n.X.String() + "." + n.Name }
func (n *Quant) String() string {
	bind := ""
	if n.Bind != "" {
		bind = n.Bind + ", "
	}
	return n.X.String() + string(n.Kind) + "[" + bind + n.Pred.String() + "]"
}
func (n *Unary) String() string  { return "!" + n.X.String() }
func (n *Binary) String() string { return "(" + n.L.String() + " " + n.Op + " " + n.R.String() + ")" }

func join(ns []Node) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = n.String()
	}
	return strings.Join(s, ", ")
}

// PosError is an error at a position of a rule. Col is 1-based, in runes.
type PosError struct {
	Col int
	Msg string
}

func (e *PosError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

func errAt(src string, pos int, format string, args ...any) *PosError {
	if pos > len(src) {
		pos = len(src)
	}
	return &PosError{Col: utf8.RuneCountInString(src[:pos]) + 1, Msg: fmt.Sprintf(format, args...)}
}

type token struct {
	kind byte // 'i' ident, 'n' number, 's' string, 'o' operator, 0 end
	text string
	pos  int
}

var operators = []string{"||", "&&", "==", "!=", "<=", ">=", "<", ">", "!", "?", "^", "(", ")", "[", "]", ".", ","}

func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || r == '_':
			j := i
			for j < len(src) {
				r, n := utf8.DecodeRuneInString(src[j:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
					break
				}
				j += n
			}
			toks = append(toks, token{'i', src[i:j], i})
			i = j
		case unicode.IsDigit(r) || (r == '-' && i+1 < len(src) && unicode.IsDigit(rune(src[i+1]))):
			j := i + 1
			for j < len(src) && (unicode.IsDigit(rune(src[j])) || src[j] == '.') {
				j++
			}
			toks = append(toks, token{'n', src[i:j], i})
			i = j
		case r == '"' || r == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(src) && rune(src[j]) != r; j++ {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, errAt(src, i, "unterminated string")
			}
			toks = append(toks, token{'s', b.String(), i})
			i = j + 1
		default:
			op := ""
			for _, o := range operators {
				if strings.HasPrefix(src[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, errAt(src, i, "unexpected character %q", r)
			}
			toks = append(toks, token{'o', op, i})
			i += len(op)
		}
	}
	return append(toks, token{pos: len(src)}), nil
}

type parser struct {
	src  string
	toks []token
	i    int
}

// Parse parses a rule expression.
func Parse(src string) (Node, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != 0 {
		return nil, p.unexpected(t)
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != 0 {
		p.i++
	}
	return t
}

func (p *parser) accept(op string) (token, bool) {
	if t := p.peek(); t.kind == 'o' && t.text == op {
		p.i++
		return t, true
	}
	return token{}, false
}

func (p *parser) unexpected(t token) error {
	if t.kind == 0 {
		return errAt(p.src, t.pos, "unexpected end of rule")
	}
	return errAt(p.src, t.pos, "unexpected %q", t.text)
}

func (p *parser) expect(op string) error {
	if _, ok := p.accept(op); !ok {
		t := p.peek()
		if t.kind == 0 {
			return errAt(p.src, t.pos, "missing %q at the end of the rule", op)
		}
		return errAt(p.src, t.pos, "expected %q, found %q", op, t.text)
	}
	return nil
}

func (p *parser) expr() (Node, error) { return p.chain("||", p.and) }
func (p *parser) and() (Node, error)  { return p.chain("&&", p.cmp) }

func (p *parser) chain(op string, sub func() (Node, error)) (Node, error) {
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.accept(op)
		if !ok {
			return l, nil
		}
		r, err := sub()
		if err != nil {
			return nil, err
		}
		l = &Binary{At: t.pos, Op: op, L: l, R: r}
	}
}

func (p *parser) cmp() (Node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for _, op := range []string{"==", "!=", "<=", ">=", "<", ">"} {
		if t, ok := p.accept(op); ok {
			r, err := p.unary()
			if err != nil {
				return nil, err
			}
			if n := p.peek(); n.kind == 'o' && isComparison(n.text) {
				return nil, errAt(p.src, n.pos, "comparisons do not chain: add parentheses")
			}
			return &Binary{At: t.pos, Op: op, L: l, R: r}, nil
		}
	}
	if t := p.peek(); t.kind == 'i' && t.text == "in" {
		p.i++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Binary{At: t.pos, Op: "in", L: l, R: r}, nil
	}
	return l, nil
}

func isComparison(op string) bool {
	switch op {
	case "==", "!=", "<=", ">=", "<", ">":
		return true
	}
	return false
}

func (p *parser) unary() (Node, error) {
	if t, ok := p.accept("!"); ok {
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Unary{At: t.pos, X: x}, nil
	}
	return p.postfix()
}

func (p *parser) postfix() (Node, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != 'o' {
			return x, nil
		}
		switch t.text {
		case ".":
			p.i++
			n := p.next()
			if n.kind != 'i' {
				return nil, errAt(p.src, n.pos, "expected a name after '.'")
			}
			x = &Member{At: n.pos, X: x, Name: n.text}
		case "?", "!", "^":
			if nt := p.toks[p.i+1]; nt.kind != 'o' || nt.text != "[" {
				if t.text == "!" {
					return x, nil
				}
				return nil, errAt(p.src, nt.pos, "expected '[' after %q", t.text)
			}
			p.i += 2
			bind, bindAt := "", 0
			if b := p.toks[p.i]; b.kind == 'i' {
				if c := p.toks[p.i+1]; c.kind == 'o' && c.text == "," {
					bind, bindAt = b.text, b.pos
					p.i += 2
				}
			}
			pred, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			x = &Quant{At: t.pos, X: x, Kind: t.text[0], Bind: bind, BindAt: bindAt, Pred: pred}
		default:
			return x, nil
		}
	}
}

func (p *parser) list(end string) ([]Node, error) {
	var out []Node
	if _, ok := p.accept(end); ok {
		return nil, nil
	}
	for {
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if _, ok := p.accept(","); !ok {
			return out, p.expect(end)
		}
	}
}

func (p *parser) primary() (Node, error) {
	t := p.next()
	switch t.kind {
	case 'i':
		if _, ok := p.accept("("); ok {
			args, err := p.list(")")
			if err != nil {
				return nil, err
			}
			return &Call{At: t.pos, Name: t.text, Args: args}, nil
		}
		return &Ident{At: t.pos, Name: t.text}, nil
	case 'n':
		if _, err := strconv.ParseFloat(t.text, 64); err != nil {
			return nil, errAt(p.src, t.pos, "bad number %q", t.text)
		}
		return &Number{At: t.pos, Text: t.text, Float: strings.Contains(t.text, ".")}, nil
	case 's':
		return &String{At: t.pos, Value: t.text}, nil
	case 'o':
		switch t.text {
		case "(":
			n, err := p.expr()
			if err != nil {
				return nil, err
			}
			return n, p.expect(")")
		case "[":
			elems, err := p.list("]")
			if err != nil {
				return nil, err
			}
			return &Array{At: t.pos, Elems: elems}, nil
		}
	}
	return nil, p.unexpected(t)
}
