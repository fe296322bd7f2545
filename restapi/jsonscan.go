package restapi

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/entstack/entstack/internal/jsonscan"
)

// scanner walks a JSON value that json.Valid has accepted, without
// reflection: request documents are small and their shape is known, so a
// single validating pass plus this walk is cheaper than decoding into
// intermediate structs (the write path's largest cost outside the
// database). Every method assumes valid input.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() { s.i = jsonscan.Space(s.b, s.i) }

// peek returns the first byte of the next value.
func (s *scanner) peek() byte {
	s.ws()
	return s.b[s.i]
}

// raw returns the next value as a slice of the input and moves past it.
func (s *scanner) raw() []byte {
	s.ws()
	start := s.i
	s.skip()
	return s.b[start:s.i]
}

// skip moves past the next value.
func (s *scanner) skip() {
	s.ws()
	switch s.b[s.i] {
	case '"':
		s.skipString()
	case '{', '[':
		depth := 0
		for {
			switch s.b[s.i] {
			case '"':
				s.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return
			}
		}
	default: // number, true, false, null
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			s.i++
		}
	}
}

func (s *scanner) skipString() { s.i = jsonscan.SkipString(s.b, s.i) }

// str reads a string value.
func (s *scanner) str() string {
	s.ws()
	v, end := jsonscan.String(s.b, s.i)
	s.i = end
	return v
}

// object calls fn for each member of the object at the cursor; fn must
// consume the member's value.
func (s *scanner) object(fn func(key string) error) error {
	s.ws()
	s.i++ // {
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		key := s.str()
		s.ws()
		s.i++ // :
		if err := fn(key); err != nil {
			return err
		}
		s.ws()
		c := s.b[s.i]
		s.i++
		if c != ',' {
			return nil // }
		}
	}
}

// array calls fn for each element of the array at the cursor; fn must
// consume the element.
func (s *scanner) array(fn func(i int) error) error {
	s.ws()
	s.i++ // [
	if s.peek() == ']' {
		s.i++
		return nil
	}
	for i := 0; ; i++ {
		if err := fn(i); err != nil {
			return err
		}
		s.ws()
		c := s.b[s.i]
		s.i++
		if c != ',' {
			return nil // ]
		}
	}
}

// value decodes the next value the way json.Decoder.UseNumber does:
// strings, json.Number, bools, nil, and maps and slices for the rest.
func (s *scanner) value() any {
	switch s.peek() {
	case '"':
		return s.str()
	case 't':
		s.i += 4
		return true
	case 'f':
		s.i += 5
		return false
	case 'n':
		s.i += 4
		return nil
	case '{', '[':
		var v any
		dec := json.NewDecoder(bytes.NewReader(s.raw()))
		dec.UseNumber()
		_ = dec.Decode(&v)
		return v
	}
	return json.Number(s.raw())
}

// duplicate walks the value at the cursor and returns the path of the
// first object member whose name its object already has (member names and
// array indices from the outermost), or nil when there is none.
// encoding/json would silently keep the last one, so a document could
// mean one thing to this server and another to a proxy or log in front.
func (s *scanner) duplicate() []string {
	switch s.peek() {
	case '{':
		s.i++
		var small [16][]byte
		keys := small[:0]
		var many map[string]bool // past 16 members: no quadratic scan
		if s.peek() == '}' {
			s.i++
			return nil
		}
		for {
			s.ws()
			start := s.i
			s.skipString()
			raw := s.b[start:s.i]
			if many == nil && len(keys) == len(small) {
				many = make(map[string]bool, 2*len(keys))
				for _, k := range keys {
					many[unquote(k)] = true
				}
			}
			if many != nil {
				k := unquote(raw)
				if many[k] {
					return []string{k}
				}
				many[k] = true
			} else {
				for _, k := range keys {
					if sameName(k, raw) {
						return []string{unquote(raw)}
					}
				}
				keys = append(keys, raw)
			}
			s.ws()
			s.i++ // :
			if p := s.duplicate(); p != nil {
				return append([]string{unquote(raw)}, p...)
			}
			s.ws()
			c := s.b[s.i]
			s.i++
			if c != ',' {
				return nil // }
			}
		}
	case '[':
		s.i++
		if s.peek() == ']' {
			s.i++
			return nil
		}
		for i := 0; ; i++ {
			if p := s.duplicate(); p != nil {
				return append([]string{strconv.Itoa(i)}, p...)
			}
			s.ws()
			c := s.b[s.i]
			s.i++
			if c != ',' {
				return nil // ]
			}
		}
	}
	s.skip()
	return nil
}

// sameName compares two quoted member names as decoded strings.
func sameName(a, b []byte) bool {
	if bytes.IndexByte(a, '\\') < 0 && bytes.IndexByte(b, '\\') < 0 {
		return bytes.Equal(a, b)
	}
	return unquote(a) == unquote(b)
}

// unquote decodes a quoted JSON string.
func unquote(raw []byte) string {
	return (&scanner{b: raw}).str()
}
