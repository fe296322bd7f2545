// Package ztypes holds the custom Go types of the zoo's schemas: ids and
// field values that Ent stores through a GoType, an Other type or a
// ValueScanner, as real projects do (pulid, sid, money, enums).
package ztypes

import (
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
)

// PULID is a prefixed, string-based id (the shape of entgo's pulid
// recipe): stored as text through its Scanner and Valuer.
type PULID string

// NewPULID returns a new random PULID.
func NewPULID() PULID {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return PULID("pl_" + hex.EncodeToString(b[:]))
}

// Scan implements sql.Scanner.
func (p *PULID) Scan(v any) error {
	switch x := v.(type) {
	case string:
		*p = PULID(x)
	case []byte:
		*p = PULID(x)
	default:
		return fmt.Errorf("pulid: cannot scan %T", v)
	}
	return nil
}

// Value implements driver.Valuer.
func (p PULID) Value() (driver.Value, error) { return string(p), nil }

// SID is a string-based id stored as an integer column (the shape of
// Ent's integration suite's sid.ID): the APIs see the integer.
type SID string

// NewSID returns a new random SID.
func NewSID() SID {
	n, _ := rand.Int(rand.Reader, big.NewInt(1<<40))
	return SID(strconv.FormatInt(n.Int64()+1, 10))
}

// Scan implements sql.Scanner.
func (s *SID) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		*s = SID(strconv.FormatInt(x, 10))
	case nil:
	default:
		return fmt.Errorf("sid: cannot scan %T", v)
	}
	return nil
}

// Value implements driver.Valuer.
func (s SID) Value() (driver.Value, error) { return strconv.ParseInt(string(s), 10, 64) }

// Code is a string stored through field.Other: a short uppercase code.
type Code string

// Scan implements sql.Scanner.
func (c *Code) Scan(v any) error {
	switch x := v.(type) {
	case string:
		*c = Code(x)
	case []byte:
		*c = Code(x)
	default:
		return fmt.Errorf("code: cannot scan %T", v)
	}
	return nil
}

// Value implements driver.Valuer.
func (c Code) Value() (driver.Value, error) { return string(c), nil }

// Hash is a fixed-size binary id.
type Hash [8]byte

// NewHash returns a new random Hash.
func NewHash() Hash {
	var h Hash
	_, _ = rand.Read(h[:])
	return h
}

// Scan implements sql.Scanner.
func (h *Hash) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		return fmt.Errorf("hash: cannot scan %T", v)
	}
	if len(b) != len(h) {
		return fmt.Errorf("hash: %d bytes, want %d", len(b), len(h))
	}
	copy(h[:], b)
	return nil
}

// Value implements driver.Valuer.
func (h Hash) Value() (driver.Value, error) { return h[:], nil }

// Money is an amount in cents, stored through field.Other as an integer.
type Money struct{ Cents int64 }

// Scan implements sql.Scanner.
func (m *Money) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		m.Cents = x
	case float64:
		m.Cents = int64(x)
	case []byte:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return err
		}
		m.Cents = n
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return err
		}
		m.Cents = n
	default:
		return fmt.Errorf("money: cannot scan %T", v)
	}
	return nil
}

// Value implements driver.Valuer.
func (m Money) Value() (driver.Value, error) { return m.Cents, nil }

// Level is a string enum with its own Go type.
type Level string

// Levels of a Level.
const (
	Low  Level = "low"
	High Level = "high"
)

// Values lists the values of the enum for Ent.
func (Level) Values() []string { return []string{string(Low), string(High)} }

// Prio is an integer-backed enum that Ent stores as its name.
type Prio int

// Priorities.
const (
	Minor Prio = iota
	Major
)

// Values lists the names of the enum for Ent.
func (Prio) Values() []string { return []string{"minor", "major"} }

// String returns the name.
func (p Prio) String() string { return p.Values()[p] }

// Scan implements sql.Scanner.
func (p *Prio) Scan(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("prio: cannot scan %T", v)
	}
	for i, name := range p.Values() {
		if name == s {
			*p = Prio(i)
			return nil
		}
	}
	return errors.New("prio: unknown value " + s)
}

// Value implements driver.Valuer.
func (p Prio) Value() (driver.Value, error) { return p.String(), nil }

// Flag is a bool with its own Go type.
type Flag bool

// Point is a struct stored as JSON.
type Point struct {
	X, Y int
	Tags []string `json:",omitempty"`
}
