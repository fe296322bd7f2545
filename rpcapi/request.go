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
// superjson meta applied. Missing q means {}.
func (h *Handler) readArgs(r *http.Request) (object, error) {
	var raw, meta []byte
	switch r.Method {
	case http.MethodGet, http.MethodDelete:
		q := r.URL.Query()
		raw = []byte(q.Get("q"))
		if int64(len(raw)) > h.opts.MaxBodyBytes {
			return nil, &resource.Error{Kind: resource.TooLarge, Code: resource.CodeTooLarge, Detail: `the "q" query parameter is too large`}
		}
		if len(raw) == 0 {
			return object{}, nil
		}
		var v any
		if err := decodeValue(raw, &v); err != nil {
			return nil, requestError(`invalid "q" query parameter: %v`, err)
		}
		if m := q.Get("meta"); m != "" {
			var mv struct {
				Serialization json.RawMessage `json:"serialization"`
			}
			if err := json.Unmarshal([]byte(m), &mv); err != nil {
				return nil, requestError(`invalid "meta" query parameter: %v`, err)
			}
			meta = mv.Serialization
		}
		return argsObject(v, meta)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, h.opts.MaxBodyBytes+1))
	if err != nil {
		return nil, requestError("cannot read the request body: %v", err)
	}
	if int64(len(body)) > h.opts.MaxBodyBytes {
		return nil, &resource.Error{Kind: resource.TooLarge, Code: resource.CodeTooLarge, Detail: "the request body is too large"}
	}
	raw = bytes.TrimSpace(body)
	if len(raw) == 0 {
		return nil, requestError("missing request body")
	}
	var v any
	if err := decodeValue(raw, &v); err != nil {
		return nil, requestError("invalid request body: %v", err)
	}
	if o, ok := v.(map[string]any); ok {
		if m, ok := o["meta"].(map[string]any); ok {
			if s, ok := m["serialization"]; ok {
				meta, _ = json.Marshal(s)
			}
		}
		delete(o, "meta")
	}
	return argsObject(v, meta)
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

// decodeValue decodes one JSON value with numbers as json.Number.
func decodeValue(b []byte, v *any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the top-level value")
	}
	return nil
}

// requestError is a malformed request (path, verb, JSON): 400.
func requestError(format string, args ...any) *resource.Error {
	return resource.Errorf(resource.Invalid, codeBadRequest, format, args...)
}

// codeBadRequest marks Invalid errors about the request itself rather than
// its arguments: 400 rather than 422.
const codeBadRequest = "bad-request"
