// Package jsonscan owns the byte-level steps of walking JSON text that
// json.Valid has accepted: white space and strings. The JSON:API document
// scanner (restapi) and the RPC argument decoder (rpcapi) are built on it;
// neither decodes through reflection. Every function assumes valid input.
package jsonscan

import "encoding/json"

// Space returns the index of the first byte at or after i that is not JSON
// white space (len(b) when there is none).
func Space(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// SkipString returns the index just past the string whose opening quote
// is at b[i].
func SkipString(b []byte, i int) int {
	_, end := scan(b, i)
	return end
}

// String decodes the string whose opening quote is at b[i] and returns it
// with the index just past its closing quote. Escapes are rare in requests
// and left to encoding/json.
func String(b []byte, i int) (string, int) {
	escaped, end := scan(b, i)
	if !escaped {
		return string(b[i+1 : end-1]), end
	}
	var s string
	_ = json.Unmarshal(b[i:end], &s)
	return s, end
}

// scan finds the end of the string at b[i] and whether it holds escapes.
func scan(b []byte, i int) (escaped bool, end int) {
	i++
	for {
		switch b[i] {
		case '\\':
			escaped = true
			i += 2
			continue
		case '"':
			return escaped, i + 1
		}
		i++
	}
}
