package middleware

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults of Options.
const (
	DefaultMaxBodyBytes  = 1 << 20          // request bodies: 1 MiB
	DefaultMaxQueryBytes = 8 << 10          // query strings: what common proxies (nginx) accept in a request line
	DefaultTimeout       = 30 * time.Second // the work of one API request
)

// Options configure a Stack. The zero value is usable.
type Options struct {
	// Logger receives the access log and panics (default slog.Default()
	// when New runs). Its handler is wrapped with LogHandler.
	Logger *slog.Logger
	// MaxBodyBytes caps request bodies of the APIs (default
	// DefaultMaxBodyBytes); larger is a 413. The API handlers' own limits
	// (restapi.Options.MaxBodyBytes, rpcapi.Options.MaxBodyBytes) should be
	// the same: the smaller wins.
	MaxBodyBytes int64
	// MaxQueryBytes caps the query strings of the APIs (default
	// DefaultMaxQueryBytes); longer is a 414. An API whose query string is
	// a request document (rpcapi: a GET call's arguments) bounds it itself.
	MaxQueryBytes int64
	// Timeout bounds the work of one API request (default DefaultTimeout):
	// past it the request's context is cancelled, so its queries stop, its
	// transaction rolls back, and the API answers 503.
	Timeout time.Duration
}

// Stack is the middleware configured by Options. It is safe for concurrent
// use.
type Stack struct {
	opts Options
	log  *slog.Logger
}

// New validates opts, fills in the defaults and returns the stack.
func New(opts Options) (*Stack, error) {
	var errs []error
	if opts.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("MaxBodyBytes is %d: want a positive number of bytes, or 0 for the default (%d)", opts.MaxBodyBytes, DefaultMaxBodyBytes))
	}
	if opts.MaxQueryBytes < 0 {
		errs = append(errs, fmt.Errorf("MaxQueryBytes is %d: want a positive number of bytes, or 0 for the default (%d)", opts.MaxQueryBytes, DefaultMaxQueryBytes))
	}
	if opts.Timeout < 0 {
		errs = append(errs, fmt.Errorf("Timeout is %v: want a positive duration, or 0 for the default (%v)", opts.Timeout, DefaultTimeout))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("middleware.Options: %w", err)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxQueryBytes == 0 {
		opts.MaxQueryBytes = DefaultMaxQueryBytes
	}
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	return &Stack{opts: opts, log: slog.New(LogHandler(opts.Logger.Handler()))}, nil
}

// API is an API handler the stack wraps: restapi.Handler and rpcapi.Handler
// are APIs. The stack answers the errors it detects (a panic, a request
// over a limit) through WriteError, in the API's own format.
type API interface {
	http.Handler
	WriteError(w http.ResponseWriter, r *http.Request, err error)
}

// queryDocument is implemented by APIs whose query string carries a
// request document that they bound themselves (rpcapi.Handler).
type queryDocument interface{ QueryIsDocument() bool }
