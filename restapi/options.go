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
	// PageSize is Unlimited). A larger page[limit] is clamped to it, as
	// ZenStack does; the pagination links carry the limit applied.
	MaxPageSize int
	// MaxIncludeDepth caps the length of include paths (default 4).
	MaxIncludeDepth int
	// HideForeignKeys leaves foreign-key fields (authorId) out of the
	// attributes, as JSON:API recommends; the relationship carries them.
	HideForeignKeys bool
	// MaxBodyBytes caps request bodies (default 1 MiB); larger is a 413.
	MaxBodyBytes int64
	// ToManyLinkage gives every resource object the linkage of its to-many
	// relationships (the ids of all the related rows the viewer may read),
	// as ZenStack v3 does; one query per relationship and page. Without
	// it, to-many linkage is present when the relationship is included.
	// To-one relationships always carry their linkage.
	ToManyLinkage bool
	// NestedRoutes serves ZenStack v3's nested routes for every
	// relationship whose target exposes its inverse (user.posts and
	// post.author): GET, PATCH, PUT and DELETE /user/1/posts/5 address post
	// 5 as a member of user 1's posts (404 when it is not one), POST
	// /user/1/posts creates a post of user 1, and PATCH or PUT
	// /user/1/profile updates user 1's profile.
	NestedRoutes bool
	// ExternalIDs addresses a model by a unique attribute instead of its id
	// (ZenStack's externalIdMapping), by resource type:
	// {"tag": "name"} serves /tag/go, "id": "go" in resource objects and
	// linkage, and reads "go" in request linkage and filter[tags]. The
	// attribute must be unique, non-null and readable by every viewer.
	ExternalIDs map[string]string
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
		errs = append(errs, fmt.Errorf("MaxPageSize %d is below PageSize %d: the default page would be larger than the largest", o.MaxPageSize, o.PageSize))
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
