package rpcapi

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/entstack/entstack/internal/jsonscan"
)

// decodeJSON decodes the JSON of RPC arguments (q, a body, a batch) into
// the values the parser takes: objects as map[string]any, arrays as []any,
// numbers as json.Number, strings, bools and nil. It refuses what
// encoding/json would resolve silently: an object that names a member
// twice (last-wins would let a proxy or a log see other arguments than
// the ones that run). It also keeps what a Go map loses: the member order
// of the objects under orderBy, by which Prisma sorts (keyOrder).
func decodeJSON(b []byte) (any, keyOrder, error) {
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return nil, nil, err
	}
	d := &argDecoder{b: b}
	v, err := d.value(false)
	if err != nil {
		return nil, nil, err
	}
	return v, d.order, nil
}

// keyOrder records the member order of decoded objects, by object.
type keyOrder map[unsafe.Pointer][]string

// keys returns the members of o in the order they were sent when it was
// recorded, sorted otherwise (deterministic SQL and errors). Members added
// after decoding follow, sorted.
func (ko keyOrder) keys(o object) []string {
	ks, ok := ko[reflect.ValueOf(o).UnsafePointer()]
	if !ok {
		return sortedKeys(o)
	}
	out := make([]string, 0, len(o))
	for _, k := range ks {
		if _, present := o[k]; present {
			out = append(out, k)
		}
	}
	if len(out) < len(o) {
		for _, k := range sortedKeys(o) {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// merge adds the records of other to ko (a batch's operations share one).
func (ko keyOrder) merge(other keyOrder) keyOrder {
	if ko == nil {
		return other
	}
	for k, v := range other {
		ko[k] = v
	}
	return ko
}

// argDecoder walks JSON that json.Valid accepted (its nesting is bounded
// by encoding/json's limit, so the recursion is too).
type argDecoder struct {
	b     []byte
	i     int
	path  []string // the members and indices above the value being decoded
	order keyOrder
}

// duplicateError is an object member given twice.
type duplicateError struct{ path, key string }

func (e *duplicateError) Error() string {
	if e.path == "" {
		return "member " + strconv.Quote(e.key) + " is given twice"
	}
	return "member " + strconv.Quote(e.key) + " is given twice in " + e.path
}

func (d *argDecoder) ws() { d.i = jsonscan.Space(d.b, d.i) }

// value decodes the next value; ordered says it lies under an orderBy
// member, whose objects keep their member order.
func (d *argDecoder) value(ordered bool) (any, error) {
	d.ws()
	switch d.b[d.i] {
	case '{':
		return d.object(ordered)
	case '[':
		return d.array(ordered)
	case '"':
		return d.str(), nil
	case 't':
		d.i += 4
		return true, nil
	case 'f':
		d.i += 5
		return false, nil
	case 'n':
		d.i += 4
		return nil, nil
	}
	start := d.i
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return json.Number(d.b[start:d.i]), nil
		}
		d.i++
	}
	return json.Number(d.b[start:d.i]), nil
}

func (d *argDecoder) object(ordered bool) (any, error) {
	d.i++ // {
	o := object{}
	var keys []string
	d.ws()
	if d.b[d.i] == '}' {
		d.i++
		return o, nil
	}
	for {
		d.ws()
		k := d.str()
		if _, dup := o[k]; dup {
			return nil, &duplicateError{path: strings.Join(d.path, "."), key: k}
		}
		d.ws()
		d.i++ // :
		d.path = append(d.path, k)
		v, err := d.value(ordered || k == "orderBy")
		d.path = d.path[:len(d.path)-1]
		if err != nil {
			return nil, err
		}
		o[k] = v
		if ordered {
			keys = append(keys, k)
		}
		d.ws()
		c := d.b[d.i]
		d.i++
		if c != ',' {
			break // }
		}
	}
	if len(keys) > 1 {
		if d.order == nil {
			d.order = keyOrder{}
		}
		d.order[reflect.ValueOf(o).UnsafePointer()] = keys
	}
	return o, nil
}

func (d *argDecoder) array(ordered bool) (any, error) {
	d.i++ // [
	a := []any{}
	d.ws()
	if d.b[d.i] == ']' {
		d.i++
		return a, nil
	}
	for {
		d.path = append(d.path, strconv.Itoa(len(a)))
		v, err := d.value(ordered)
		d.path = d.path[:len(d.path)-1]
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.ws()
		c := d.b[d.i]
		d.i++
		if c != ',' {
			return a, nil // ]
		}
	}
}

// str reads a string.
func (d *argDecoder) str() string {
	v, end := jsonscan.String(d.b, d.i)
	d.i = end
	return v
}
