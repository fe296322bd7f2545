package rpcapi

import "encoding/json"

// applyMeta revives the values the superjson meta of a request annotates
// (dates, bigints, bytes). Until the superjson decoder lands the dates stay
// ISO strings, which resource.Coerce parses anyway.
func applyMeta(v any, meta json.RawMessage) (any, error) {
	_ = meta
	return v, nil
}

// recorder is what the response writer needs of a superjson meta
// recorder: it mirrors the writer's position and records the paths of
// values JSON cannot carry (RPC-SJ-07).
type recorder interface {
	Push(key string)
	PushIndex(i int)
	Pop()
	AddDate()
	Empty() bool
	AppendSerialization(dst []byte) []byte
}

// noRecorder records nothing (until the superjson recorder lands).
type noRecorder struct{}

func (noRecorder) Push(string)                           {}
func (noRecorder) PushIndex(int)                         {}
func (noRecorder) Pop()                                  {}
func (noRecorder) AddDate()                              {}
func (noRecorder) Empty() bool                           { return true }
func (noRecorder) AppendSerialization(dst []byte) []byte { return dst }

func newRecorder() recorder { return noRecorder{} }
