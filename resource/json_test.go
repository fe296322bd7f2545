package resource

import (
	"encoding/json"
	"math"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// The hand-written JSON writers must produce what encoding/json produces:
// every attribute value of every response goes through them.

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{
		"", "plain", `quote " and backslash \`, "tab\tnew\nline\rcr", "\x00\x01\x1f\x7f",
		"<script>&amp;</script>", "line\u2028sep\u2029par", "Crème brûlée", "emoji 🎉",
		"invalid \xff utf-8 \xc3", "\xed\xa0\x80 surrogate", "mixed \"<\u2028\xff>\"",
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		b := make([]byte, r.Intn(12))
		for j := range b {
			b[j] = byte(r.Intn(256))
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		got := AppendString(nil, s)
		// same value (invalid UTF-8 becomes U+FFFD in both) …
		var a, b string
		require.NoError(t, json.Unmarshal(got, &a), "%q -> %s", s, got)
		require.NoError(t, json.Unmarshal(want, &b))
		require.Equal(t, b, a, "%q", s)
		// … and as safe to embed: no control byte, <, >, &, U+2028/9 left raw
		for _, c := range string(got) {
			require.False(t, c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029', "%q -> %s", s, got)
		}
	}
}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	cases := []float64{0, 1, -1, 4.5, 3.9, 0.1, 1e20, 1e21, 123456789e13, 1e-6, 1e-7, 1.5e-9, -2.5e-10, math.MaxFloat64, math.SmallestNonzeroFloat64, 100, 1e100}
	for _, f := range cases {
		want, err := json.Marshal(f)
		require.NoError(t, err)
		require.Equal(t, string(want), string(AppendFloat(nil, f)), "%v", f)
	}
	require.Equal(t, "null", string(AppendFloat(nil, math.NaN())))
	require.Equal(t, "null", string(AppendFloat(nil, math.Inf(1))))
}
