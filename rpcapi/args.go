package rpcapi

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/entstack/entstack/resource"
)

// object is a decoded JSON object of the arguments. Arguments are small and
// parsed once; the hot path (writing rows) never sees them.
type object = map[string]any

// argError is an invalid argument at path (RPC-WIRE-11): 422, with the
// path in the message ("where.author.is.emial: unknown field").
func argError(path, code, format string, args ...any) *resource.Error {
	return resource.Errorf(resource.Invalid, code, format, args...).AtPath(path)
}

// atPath sets the path of an argument error that has none.
func atPath(err error, path string) error {
	if e, ok := err.(*resource.Error); ok && e.Source.Path == "" {
		e.Source.Path = path
	}
	return err
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func asObject(v any, path string) (object, error) {
	o, ok := v.(map[string]any)
	if !ok {
		return nil, argError(path, resource.CodeInvalidValue, "expected an object")
	}
	return o, nil
}

func asBool(v any, path string) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, argError(path, resource.CodeInvalidValue, "expected a boolean")
	}
	return b, nil
}

func asString(v any, path string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", argError(path, resource.CodeInvalidValue, "expected a string")
	}
	return s, nil
}

func asInt(v any, path string) (int, error) {
	n, ok := v.(json.Number)
	if ok {
		if i, err := n.Int64(); err == nil && i >= -1<<31 && i < 1<<31 {
			return int(i), nil
		}
	}
	return 0, argError(path, resource.CodeInvalidValue, "expected an integer")
}

// checkKeys rejects members of o not in allowed.
func checkKeys(o object, path string, allowed ...string) error {
	for k := range o {
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok {
			return argError(join(path, k), resource.CodeInvalidParameter, "unknown argument (expected one of %s)", strings.Join(allowed, ", "))
		}
	}
	return nil
}

// sortedKeys returns the keys of o sorted, so that the SQL of a request
// does not depend on map iteration order.
func sortedKeys(o object) []string {
	ks := make([]string, 0, len(o))
	for k := range o {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// unknownField is the error for a name that is neither a field nor a
// relation of m.
func unknownField(m *resource.Model, path string) *resource.Error {
	return argError(path, resource.CodeUnknownField, "unknown field of %s", m.Name())
}
