package superjson

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeMeta checks that DecodeMeta never panics, whatever the data and
// meta. Seeds: testdata/fuzz/FuzzDecodeMeta plus every fixture.
func FuzzDecodeMeta(f *testing.F) {
	for _, fx := range loadFixtures(f) {
		f.Add([]byte(fx.JSON), []byte(fx.Meta))
	}
	f.Fuzz(func(t *testing.T, data, meta []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return
		}
		out, err := DecodeMeta(meta, v)
		if err != nil && out == nil && v != nil {
			// on error the original value is returned
			t.Fatalf("lost value on error %v", err)
		}
		// legacy and current parsers must never panic either
		_, _ = parsePath(string(meta), true)
		_, _ = parsePath(string(meta), false)
	})
}

// FuzzMetaPathRoundTrip checks that every key the recorder writes parses
// back (v1 rules) to the same segments.
func FuzzMetaPathRoundTrip(f *testing.F) {
	f.Add("createdAt", "a.b", `c\d`)
	f.Add("", `\.`, "\"\x00é\xff")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var m Meta
		m.Push(a)
		m.PushIndex(3)
		m.Push(b)
		m.AddKey(c, AnnDate)
		out := m.AppendSerialization(nil)
		var parsed struct {
			Values map[string]json.RawMessage `json:"values"`
		}
		if err := json.Unmarshal(out, &parsed); err != nil {
			t.Fatalf("invalid JSON %q: %v", out, err)
		}
		if len(parsed.Values) != 1 {
			t.Fatalf("%d keys in %s", len(parsed.Values), out)
		}
		for k := range parsed.Values {
			segs, err := parsePath(k, false)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{a, "3", b, c}
			if len(segs) != 4 {
				t.Fatalf("segments %q want %q", segs, want)
			}
			for i := range want {
				// invalid UTF-8 is replaced by U+FFFD, as encoding/json does
				if segs[i] != string([]rune(want[i])) {
					t.Fatalf("segments %q want %q", segs, want)
				}
			}
		}
	})
}
