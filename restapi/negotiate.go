package restapi

import (
	"mime"
	"net/http"
	"strconv"
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
// type. When the header names the JSON:API media type, only those
// instances count (JA-CN-06/07): one with no parameter but ext/profile
// (and no ext, none being supported) must be there, or the answer is no,
// whatever wildcards follow. Otherwise application/json (lenient),
// application/* or */* admit it. The most specific range decides the
// quality (RFC 9110 §12.5.1): a q=0 rules it out.
func acceptable(accept string) bool {
	sawJSONAPI := false
	best, bestQ := -1, 0.0
	for _, rng := range strings.Split(accept, ",") {
		rng = strings.TrimSpace(rng)
		if rng == "" {
			continue
		}
		mt, params, err := mime.ParseMediaType(rng)
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		spec := -1
		switch mt {
		case MediaType:
			sawJSONAPI = true
			ok := params["ext"] == ""
			for k := range params {
				if k != "ext" && k != "profile" && k != "q" {
					ok = false
				}
			}
			if !ok {
				continue
			}
			spec = 3
		case "application/json":
			spec = 2
		case "application/*":
			spec = 1
		case "*/*":
			spec = 0
		default:
			continue
		}
		switch {
		case spec > best:
			best, bestQ = spec, q
		case spec == best && q > bestQ:
			bestQ = q
		}
	}
	if sawJSONAPI && best < 3 {
		return false
	}
	return best >= 0 && bestQ > 0
}

type mediaErr struct{ *resource.Error }

func mediaError(k resource.ErrorKind, code, format string, args ...any) mediaErr {
	return mediaErr{resource.Errorf(k, code, format, args...)}
}

func (e mediaErr) atHeader(h string) *resource.Error {
	e.Source.Header = h
	return e.Error
}
