package restapi

import (
	"mime"
	"net/http"
	"strings"

	"github.com/entstack/entstack/resource"
)

// negotiate applies JSON:API's content negotiation (JA-CN-04..07): a request
// body in the JSON:API media type with parameters other than ext/profile is
// 415, and so is any other body type but application/json (accepted for
// browsers and curl); an Accept header that rules the JSON:API media type out
// is 406.
func negotiate(r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			return mediaError(resource.Unsupported, resource.CodeMediaType, "malformed Content-Type %q", ct).atHeader("Content-Type")
		}
		switch mt {
		case MediaType:
			for k := range params {
				if k != "ext" && k != "profile" {
					return mediaError(resource.Unsupported, resource.CodeMediaType,
						"the JSON:API media type takes no %q parameter (only ext and profile)", k).atHeader("Content-Type")
				}
			}
			if ext := params["ext"]; ext != "" {
				return mediaError(resource.Unsupported, resource.CodeMediaType,
					"unsupported JSON:API extension %q", ext).atHeader("Content-Type")
			}
		case "application/json":
		default:
			return mediaError(resource.Unsupported, resource.CodeMediaType,
				"unsupported Content-Type %q: send %s", mt, MediaType).atHeader("Content-Type")
		}
	}
	if accept := r.Header.Values("Accept"); len(accept) > 0 && !acceptable(strings.Join(accept, ",")) {
		return mediaError(resource.NotAcceptable, resource.CodeNotAcceptable,
			"the Accept header rules out %s", MediaType).atHeader("Accept")
	}
	return nil
}

// acceptable reports whether an Accept header admits the JSON:API media
// type: some range covers it (*/*, application/*, the type itself with only
// ext/profile parameters, or application/json) with a non-zero quality.
func acceptable(accept string) bool {
	for _, rng := range strings.Split(accept, ",") {
		rng = strings.TrimSpace(rng)
		if rng == "" {
			continue
		}
		mt, params, err := mime.ParseMediaType(rng)
		if err != nil {
			continue
		}
		if params["q"] == "0" || params["q"] == "0.0" || params["q"] == "0.00" || params["q"] == "0.000" {
			continue
		}
		switch mt {
		case "*/*", "application/*", "application/json":
			return true
		case MediaType:
			ok := true
			for k := range params {
				if k != "ext" && k != "profile" && k != "q" {
					ok = false
				}
			}
			if params["ext"] != "" {
				ok = false
			}
			if ok {
				return true
			}
		}
	}
	return false
}

type mediaErr struct{ *resource.Error }

func mediaError(k resource.ErrorKind, code, format string, args ...any) mediaErr {
	return mediaErr{resource.Errorf(k, code, format, args...)}
}

func (e mediaErr) atHeader(h string) *resource.Error {
	e.Source.Header = h
	return e.Error
}
