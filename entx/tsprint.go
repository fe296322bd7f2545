package entx

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tsNode is a TypeScript expression of the schema module. The printer lays
// it out as TypeScript's own printer does for the object literals that
// ZenStack's generator builds (four-space indentation, multi-line objects
// where its generator asks for them), so that the module is byte for byte
// what `zen generate` writes.
type tsNode interface {
	print(b *strings.Builder, depth int)
}

// tsObj is an object literal; multi puts one property per line.
type tsObj struct {
	multi bool
	props []tsProp
}

type tsProp struct {
	key string
	val tsNode
}

// tsArr is an array literal; multi puts one item per line.
type tsArr struct {
	multi bool
	items []tsNode
}

// tsRaw is printed as is: an identifier, a literal, a call.
type tsRaw string

// tsAs is `x as T`.
type tsAs struct {
	x   tsNode
	typ string
}

// tsCall is a call of an ExpressionUtils function.
type tsCall struct {
	fn   string
	args []tsNode
}

func (o *tsObj) add(key string, val tsNode) { o.props = append(o.props, tsProp{key, val}) }

func (o *tsObj) print(b *strings.Builder, depth int) {
	if len(o.props) == 0 {
		b.WriteString("{}")
		return
	}
	if !o.multi {
		b.WriteString("{ ")
		for i, p := range o.props {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tsKey(p.key))
			b.WriteString(": ")
			p.val.print(b, depth)
		}
		b.WriteString(" }")
		return
	}
	b.WriteString("{\n")
	for i, p := range o.props {
		if i > 0 {
			b.WriteString(",\n")
		}
		indent(b, depth+1)
		b.WriteString(tsKey(p.key))
		b.WriteString(": ")
		p.val.print(b, depth+1)
	}
	b.WriteByte('\n')
	indent(b, depth)
	b.WriteByte('}')
}

func (a *tsArr) print(b *strings.Builder, depth int) {
	if !a.multi || len(a.items) == 0 {
		b.WriteByte('[')
		for i, it := range a.items {
			if i > 0 {
				b.WriteString(", ")
			}
			it.print(b, depth)
		}
		b.WriteByte(']')
		return
	}
	b.WriteString("[\n")
	for i, it := range a.items {
		if i > 0 {
			b.WriteString(",\n")
		}
		indent(b, depth+1)
		it.print(b, depth+1)
	}
	b.WriteByte('\n')
	indent(b, depth)
	b.WriteByte(']')
}

func (r tsRaw) print(b *strings.Builder, _ int) { b.WriteString(string(r)) }

func (a tsAs) print(b *strings.Builder, depth int) {
	a.x.print(b, depth)
	b.WriteString(" as ")
	b.WriteString(a.typ)
}

func (c tsCall) print(b *strings.Builder, depth int) {
	b.WriteString("ExpressionUtils.")
	b.WriteString(c.fn)
	b.WriteByte('(')
	for i, a := range c.args {
		if i > 0 {
			b.WriteString(", ")
		}
		a.print(b, depth)
	}
	b.WriteByte(')')
}

func indent(b *strings.Builder, depth int) {
	for i := 0; i < depth; i++ {
		b.WriteString("    ")
	}
}

// tsString is a double-quoted string literal, escaped as TypeScript's
// printer escapes it (non-ASCII characters as \uXXXX).
func tsString(s string) tsRaw {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r > 0x7e:
			if r > 0xffff {
				hi, lo := utf16Pair(r)
				b.WriteString(`\u` + hex4(hi) + `\u` + hex4(lo))
			} else {
				b.WriteString(`\u` + hex4(r))
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return tsRaw(b.String())
}

func hex4(r rune) string {
	s := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	return strings.Repeat("0", 4-len(s)) + s
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// tsKey prints a property name: as is when it is an identifier, quoted
// otherwise.
func tsKey(k string) string {
	if isIdent(k) {
		return k
	}
	return string(tsString(k))
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r == '$' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r)) {
			continue
		}
		return false
	}
	return utf8.ValidString(s)
}

// tsNumber prints a number literal as JavaScript does; negative numbers are
// a prefix minus.
func tsNumber(f float64) tsRaw {
	return tsRaw(strconv.FormatFloat(f, 'f', -1, 64))
}

func tsBool(v bool) tsRaw {
	if v {
		return "true"
	}
	return "false"
}
