package rpcapi

// Options configure a Handler. The zero value is usable.
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
