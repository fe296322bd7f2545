package restapi

import (
	"errors"
	"fmt"
	"net/url"
)

// Unlimited as Options.PageSize disables pagination.
const Unlimited = -1

// Options configure a Handler.
type Options struct {
	// Endpoint is the absolute base URL of the API, used in links, e.g.
	// "https://api.example.com/api/rest". Required: http or https, with a
	// host, no query or fragment.
	Endpoint string
	// PageSize is the default page size of collections (default 100;
	// Unlimited disables pagination).
	PageSize int
	// MaxPageSize caps page[limit] (default: PageSize, or unlimited when
	// PageSize is Unlimited). A larger page[limit] is a 400.
	MaxPageSize int
	// MaxIncludeDepth caps the length of include paths (default 4).
	MaxIncludeDepth int
	// HideForeignKeys leaves foreign-key fields (authorId) out of the
	// attributes, as JSON:API recommends; the relationship carries them.
	HideForeignKeys bool
	// MaxBodyBytes caps request bodies (default 1 MiB); larger is a 413.
	MaxBodyBytes int64
}

// validate reports every option that cannot work, in one error.
func (o Options) validate() error {
	var errs []error
	if o.Endpoint == "" {
		errs = append(errs, errors.New(`Endpoint is required: the absolute URL the API is served at, e.g. "https://api.example.com/api/rest"`))
	} else if u, err := url.Parse(o.Endpoint); err != nil {
		errs = append(errs, fmt.Errorf("Endpoint %q: %w", o.Endpoint, err))
	} else if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		errs = append(errs, fmt.Errorf(`Endpoint %q is not an absolute http(s) URL without query or fragment, e.g. "https://api.example.com/api/rest"`, o.Endpoint))
	}
	if o.PageSize < 0 && o.PageSize != Unlimited {
		errs = append(errs, fmt.Errorf("PageSize is %d: want a positive size, 0 for the default (100) or Unlimited", o.PageSize))
	}
	if o.MaxPageSize < 0 && o.MaxPageSize != Unlimited {
		errs = append(errs, fmt.Errorf("MaxPageSize is %d: want a positive size, 0 for PageSize or Unlimited", o.MaxPageSize))
	}
	if o.PageSize > 0 && o.MaxPageSize > 0 && o.MaxPageSize < o.PageSize {
		errs = append(errs, fmt.Errorf("MaxPageSize %d is below PageSize %d: a request for the default page size would be refused", o.MaxPageSize, o.PageSize))
	}
	if o.MaxIncludeDepth < 0 {
		errs = append(errs, fmt.Errorf("MaxIncludeDepth is %d: want a positive depth, or 0 for the default (4)", o.MaxIncludeDepth))
	}
	if o.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("MaxBodyBytes is %d: want a positive number of bytes, or 0 for the default (1 MiB)", o.MaxBodyBytes))
	}
	return errors.Join(errs...)
}

func (o Options) withDefaults() Options {
	if o.PageSize == 0 {
		o.PageSize = 100
	}
	if o.MaxPageSize == 0 {
		o.MaxPageSize = o.PageSize
	}
	if o.MaxIncludeDepth == 0 {
		o.MaxIncludeDepth = 4
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	for len(o.Endpoint) > 0 && o.Endpoint[len(o.Endpoint)-1] == '/' {
		o.Endpoint = o.Endpoint[:len(o.Endpoint)-1]
	}
	return o
}
