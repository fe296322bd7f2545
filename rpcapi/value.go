package rpcapi

import (
	"math/big"
	"time"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/rpcapi/superjson"
)

// value appends a canonical value (aggregates and groupBy keys: off the
// findMany path) and records dates for superjson.
func (w *writer) value(v any) {
	switch x := v.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case int64:
		w.buf = resource.AppendInt(w.buf, x)
	case uint64:
		w.buf = resource.AppendUint(w.buf, x)
	case float64:
		w.buf = resource.AppendFloat(w.buf, x)
	case *big.Int:
		// A sum past int64: its exact digits (a JSON number has no range).
		w.buf = x.Append(w.buf, 10)
	case bool:
		w.buf = resource.AppendBool(w.buf, x)
	case string:
		w.buf = resource.AppendString(w.buf, x)
	case time.Time:
		w.buf = superjson.AppendDate(w.buf, x)
		w.rec.Add(superjson.AnnDate)
	case []byte:
		w.buf = resource.AppendBytes(w.buf, x)
		w.rec.Add(superjson.AnnBytes)
	default:
		w.buf = resource.AppendAny(w.buf, x)
	}
}
