package rpcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/entstack/entstack/resource"
)

// readArgs reads the arguments of a call: the q query parameter for GET and
// DELETE (RPC-WIRE-03), the JSON body otherwise (RPC-WIRE-04), with the
// superjson meta applied. Missing q means {}. A DELETE with a body is a
// 400: ZenStack's handler would ignore the body and run the operation
// with no arguments (a deleteMany of everything the caller may delete).
func (h *Handler) readArgs(r *http.Request) (object, keyOrder, error) {
	switch r.Method {
	case http.MethodGet, http.MethodDelete:
		if r.Method == http.MethodDelete {
			if err := h.noBody(r); err != nil {
				return nil, nil, err
			}
		}
		q := r.URL.Query()
		raw := []byte(q.Get("q"))
		if int64(len(raw)) > h.opts.MaxBodyBytes {
			return nil, nil, &resource.Error{Kind: resource.TooLarge, Code: resource.CodeTooLarge, Detail: `the "q" query parameter is too large`}
		}
		if len(raw) == 0 {
			return object{}, nil, nil
		}
		v, order, err := decodeJSON(raw)
		if err != nil {
			return nil, nil, requestError(`invalid "q" query parameter: %v`, err)
		}
		var meta []byte
		if m := q.Get("meta"); m != "" {
			mv, _, err := decodeJSON([]byte(m))
			mo, isObj := mv.(map[string]any)
			if err != nil || !isObj {
				if err == nil {
					err = errors.New("expected an object")
				}
				return nil, nil, requestError(`invalid "meta" query parameter: %v`, err)
			}
			if s, ok := mo["serialization"]; ok {
				meta, _ = json.Marshal(s)
			}
		}
		o, err := argsObject(v, meta)
		return o, order, err
	}
	body, err := h.readBody(r)
	if err != nil {
		return nil, nil, err
	}
	raw := bytes.TrimSpace(body)
	if len(raw) == 0 {
		return nil, nil, requestError("missing request body")
	}
	v, order, err := decodeJSON(raw)
	if err != nil {
		return nil, nil, requestError("invalid request body: %v", err)
	}
	o, err := argsObject(stripMeta(v))
	return o, order, err
}

// readBody reads a request body of at most MaxBodyBytes (413 beyond).
func (h *Handler) readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, h.opts.MaxBodyBytes+1))
	if err != nil {
		return nil, requestError("cannot read the request body: %v", err)
	}
	if int64(len(body)) > h.opts.MaxBodyBytes {
		return nil, &resource.Error{Kind: resource.TooLarge, Code: resource.CodeTooLarge, Detail: "the request body is too large"}
	}
	return body, nil
}

// noBody refuses a DELETE that carries a body (anything but white space).
func (h *Handler) noBody(r *http.Request) error {
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) > 0 {
		return requestError(`a DELETE takes its arguments in the "q" query parameter (URL-encoded JSON), not in the request body`)
	}
	return nil
}

// stripMeta removes the superjson meta member of a decoded body (the
// arguments and their meta travel in one object) and returns both.
func stripMeta(v any) (any, json.RawMessage) {
	o, ok := v.(map[string]any)
	if !ok {
		return v, nil
	}
	var meta json.RawMessage
	if m, ok := o["meta"].(map[string]any); ok {
		if s, ok := m["serialization"]; ok {
			meta, _ = json.Marshal(s)
		}
	}
	delete(o, "meta")
	return o, meta
}

// argsObject applies the superjson meta to the decoded arguments and checks
// that they are an object.
func argsObject(v any, meta json.RawMessage) (object, error) {
	v, err := applyMeta(v, meta)
	if err != nil {
		return nil, requestError("invalid superjson meta: %v", err)
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, requestError("the arguments must be a JSON object")
	}
	return o, nil
}

// requestError is a malformed request (path, verb, JSON): 400.
func requestError(format string, args ...any) *resource.Error {
	return resource.Errorf(resource.Invalid, codeBadRequest, format, args...)
}

// codeBadRequest marks Invalid errors about the request itself rather than
// its arguments: 400 rather than 422.
const codeBadRequest = "bad-request"
