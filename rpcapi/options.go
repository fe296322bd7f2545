package rpcapi

import (
	"errors"
	"fmt"
)

// Options configure a Handler. The zero value is usable; a zero field takes
// its default, a negative one is an error.
type Options struct {
	// MaxTake caps take (default 1000). A larger |take| is a 422; a read
	// without take returns at most MaxTake rows.
	MaxTake int
	// MaxDepth caps the nesting of include/select (default 4).
	MaxDepth int
	// MaxWhereDepth caps the nesting of where (default 16).
	MaxWhereDepth int
	// MaxBodyBytes caps request bodies and the q parameter (default 1 MiB);
	// larger is a 413.
	MaxBodyBytes int64
}

// validate reports every option that cannot work, in one error.
func (o Options) validate() error {
	var errs []error
	for _, f := range []struct {
		name string
		v    int64
		def  string
	}{
		{"MaxTake", int64(o.MaxTake), "1000"},
		{"MaxDepth", int64(o.MaxDepth), "4"},
		{"MaxWhereDepth", int64(o.MaxWhereDepth), "16"},
		{"MaxBodyBytes", o.MaxBodyBytes, "1 MiB"},
	} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("%s is %d: want a positive number, or 0 for the default (%s)", f.name, f.v, f.def))
		}
	}
	return errors.Join(errs...)
}

func (o Options) withDefaults() Options {
	if o.MaxTake <= 0 {
		o.MaxTake = 1000
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 4
	}
	if o.MaxWhereDepth <= 0 {
		o.MaxWhereDepth = 16
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	return o
}
