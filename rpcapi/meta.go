package rpcapi

import (
	"encoding/json"

	"github.com/entstack/entstack/rpcapi/superjson"
)

// applyMeta revives the values the superjson meta of a request annotates
// (dates, bigints, bytes) in the decoded arguments (RPC-SJ-01..06).
func applyMeta(v any, meta json.RawMessage) (any, error) {
	if len(meta) == 0 {
		return v, nil
	}
	return superjson.DecodeMeta(meta, v)
}
