package superjson

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// TypeAnnotation is a superjson type annotation a writer can record for a
// value it wrote as plain JSON.
type TypeAnnotation uint8

// Annotations emitted by the RPC handler. The JSON value written at the
// annotated path must be the one superjson expects for the type:
//
//	AnnDate     ISO-8601 UTC string as produced by JS toISOString ("2026-01-02T03:04:05.678Z")
//	AnnBigInt   decimal string ("12345678901234567")
//	AnnDecimal  decimal string ("3.14"); revived by ZenStack clients as decimal.js Decimal
//	AnnBytes    standard base64 string; ["custom","Bytes"] (see README: browser clients lack it)
//	AnnUint8Array JSON array of numbers 0..255; revived as Uint8Array by any superjson
//	AnnDbNull, AnnJSONNull, AnnAnyNull  the sentinel name as a string ("DbNull" ...)
//	AnnUndefined JSON null; revived as undefined
//	AnnNumber   "NaN", "Infinity", "-Infinity" or "-0" as a string
const (
	AnnDate TypeAnnotation = iota
	AnnBigInt
	AnnDecimal
	AnnBytes
	AnnUint8Array
	AnnDbNull
	AnnJSONNull
	AnnAnyNull
	AnnUndefined
	AnnNumber
	numAnnotations
)

// annotationJSON holds the serialized form of each annotation, i.e. the part
// of a "values" leaf inside its one-element array.
var annotationJSON = [numAnnotations]string{
	AnnDate:       `"Date"`,
	AnnBigInt:     `"bigint"`,
	AnnDecimal:    `["custom","Decimal"]`,
	AnnBytes:      `["custom","Bytes"]`,
	AnnUint8Array: `["typed-array","Uint8Array"]`,
	AnnDbNull:     `["custom","DbNull"]`,
	AnnJSONNull:   `["custom","JsonNull"]`,
	AnnAnyNull:    `["custom","AnyNull"]`,
	AnnUndefined:  `"undefined"`,
	AnnNumber:     `"number"`,
}

// String returns the annotation as it appears in superjson meta.
func (a TypeAnnotation) String() string {
	if a < numAnnotations {
		return annotationJSON[a]
	}
	return "TypeAnnotation(" + strconv.Itoa(int(a)) + ")"
}

// pathSeg is one segment of the path the writer is currently at: a field
// name, or an array index when key is empty and idx >= 0.
type pathSeg struct {
	key string
	idx int
}

// Meta records, while a response is being written, the paths of values that
// need a superjson annotation, and serializes them as superjson (>= 2.2.3)
// meta: {"values":{"0.createdAt":["Date"],...},"v":1}.
//
// The writer mirrors its position with Push/PushIndex/Pop. Pushing and
// popping only touch a slice of (string, int) pairs, so walking rows that
// contain nothing to record costs no allocations and no string building; a
// path is rendered (escaped, dot-joined, JSON-quoted) only when Add records
// it. A Meta can be reused after Reset; its buffers are kept.
//
// Paths are emitted in the order they are added. superjson builds the same
// "values" object in the same walk order, so for results walked in document
// order the output is byte-identical to SuperJSON.serialize; the one
// difference is that JS objects list integer-like keys first, which only
// matters for a root object whose keys are themselves numbers (JSON object
// key order carries no meaning for the client either way).
//
// The zero value is ready to use. A Meta is not safe for concurrent use.
type Meta struct {
	segs    []pathSeg
	entries []byte // `"path":[ann],"path":[ann]` (comma-separated, no braces)
	root    TypeAnnotation
	hasRoot bool
}

// Reset clears all recorded paths and the current path, keeping capacity.
func (m *Meta) Reset() {
	m.segs = m.segs[:0]
	m.entries = m.entries[:0]
	m.hasRoot = false
}

// Push enters the object member key.
func (m *Meta) Push(key string) { m.segs = append(m.segs, pathSeg{key: key, idx: -1}) }

// PushIndex enters array element i (i >= 0).
func (m *Meta) PushIndex(i int) { m.segs = append(m.segs, pathSeg{idx: i}) }

// Pop leaves the innermost segment entered with Push or PushIndex.
func (m *Meta) Pop() { m.segs = m.segs[:len(m.segs)-1] }

// Depth returns the number of segments currently pushed.
func (m *Meta) Depth() int { return len(m.segs) }

// Truncate pops segments until Depth() == n (for unwinding after errors).
func (m *Meta) Truncate(n int) { m.segs = m.segs[:n] }

// Add records annotation a for the value at the current path. At depth 0 it
// annotates the root value itself (superjson's {"values":["Date"]} form).
func (m *Meta) Add(a TypeAnnotation) {
	if len(m.segs) == 0 {
		m.root, m.hasRoot = a, true
		return
	}
	if len(m.entries) > 0 {
		m.entries = append(m.entries, ',')
	}
	m.entries = append(m.entries, '"')
	for i, s := range m.segs {
		if i > 0 {
			m.entries = append(m.entries, '.')
		}
		if s.idx >= 0 && s.key == "" {
			m.entries = strconv.AppendInt(m.entries, int64(s.idx), 10)
		} else {
			m.entries = appendPathKey(m.entries, s.key)
		}
	}
	m.entries = append(m.entries, `":[`...)
	m.entries = append(m.entries, annotationJSON[a]...)
	m.entries = append(m.entries, ']')
}

// AddKey records annotation a for member key of the current object; it is
// Push(key); Add(a); Pop().
func (m *Meta) AddKey(key string, a TypeAnnotation) {
	m.segs = append(m.segs, pathSeg{key: key, idx: -1})
	m.Add(a)
	m.segs = m.segs[:len(m.segs)-1]
}

// AddIndex records annotation a for element i of the current array.
func (m *Meta) AddIndex(i int, a TypeAnnotation) {
	m.segs = append(m.segs, pathSeg{idx: i})
	m.Add(a)
	m.segs = m.segs[:len(m.segs)-1]
}

// Empty reports whether nothing has been recorded; the RPC response then
// carries no "meta" member at all.
func (m *Meta) Empty() bool { return !m.hasRoot && len(m.entries) == 0 }

// AppendSerialization appends the superjson meta object
// {"values":<tree>,"v":1} to dst. If nothing was recorded it appends
// {"values":{},"v":1}; callers normally check Empty first.
func (m *Meta) AppendSerialization(dst []byte) []byte {
	dst = append(dst, `{"values":`...)
	switch {
	case m.hasRoot && len(m.entries) > 0:
		dst = append(dst, '[')
		dst = append(dst, annotationJSON[m.root]...)
		dst = append(dst, ",{"...)
		dst = append(dst, m.entries...)
		dst = append(dst, "}]"...)
	case m.hasRoot:
		dst = append(dst, '[')
		dst = append(dst, annotationJSON[m.root]...)
		dst = append(dst, ']')
	default:
		dst = append(dst, '{')
		dst = append(dst, m.entries...)
		dst = append(dst, '}')
	}
	return append(dst, `,"v":1}`...)
}

const hexDigits = "0123456789abcdef"

// appendPathKey appends key as a superjson (v1) path segment, escaped for
// use inside a JSON string: superjson turns `\` into `\\` and `.` into `\.`,
// then JSON escapes backslashes, quotes and control characters.
func appendPathKey(dst []byte, key string) []byte {
	start := 0
	for i := 0; i < len(key); {
		c := key[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '.' {
				i++
				continue
			}
			dst = append(dst, key[start:i]...)
			switch c {
			case '\\':
				dst = append(dst, `\\\\`...) // superjson `\\`, JSON-escaped
			case '.':
				dst = append(dst, `\\.`...) // superjson `\.`, JSON-escaped
			case '"':
				dst = append(dst, `\"`...)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			default:
				dst = append(dst, `\u00`...)
				dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(key[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, key[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(dst, key[start:]...)
}

// AppendDate appends t as a quoted JSON string in the exact format of JS
// Date.prototype.toISOString (what superjson writes for "Date"): UTC,
// millisecond precision (truncated), "2026-01-02T03:04:05.678Z"; years
// outside 0..9999 use the extended form "+010000-01-01T00:00:00.000Z".
func AppendDate(dst []byte, t time.Time) []byte {
	t = t.UTC()
	dst = append(dst, '"')
	switch y := t.Year(); {
	case y >= 0 && y <= 9999:
		dst = appendDigits(dst, y, 4)
	case y < 0:
		dst = append(dst, '-')
		dst = appendDigits(dst, -y, 6)
	default:
		dst = append(dst, '+')
		dst = appendDigits(dst, y, 6)
	}
	dst = append(dst, '-')
	dst = appendDigits(dst, int(t.Month()), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, t.Day(), 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, t.Hour(), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, t.Minute(), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, t.Second(), 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, t.Nanosecond()/1e6, 3)
	return append(dst, 'Z', '"')
}

// appendDigits appends n (>= 0) zero-padded to at least width digits.
func appendDigits(dst []byte, n, width int) []byte {
	var b [20]byte
	i := len(b)
	for n >= 10 || width > 1 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	b[i] = byte('0' + n)
	return append(dst, b[i:]...)
}
