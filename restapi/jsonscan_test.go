package restapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The scanner decodes values exactly as json.Decoder with UseNumber does.
func TestScannerValue(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `"esc\"aped\\ \u00e9 \n"`, `""`, `0`, `-1.5e3`, `12345678901234567890`, `true`, `false`, `null`,
		`{"a":[1,"x",{"b":null}],"c":"}"}`, `[]`, `{}`, ` [ 1 , 2 ] `, `"\ud83d\ude00"`,
	} {
		var want any
		dec := json.NewDecoder(bytes.NewReader([]byte(in)))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		s := &scanner{b: []byte(in)}
		if got := s.value(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", in, got, want)
		}
	}
}

// object and array walk members in order, skipping nested values whole.
func TestScannerWalk(t *testing.T) {
	in := []byte(" {\n \"a\" : [1, {\"x\": \"]}\"}] , \"b\\\"c\":{\"d\":[[]]},\"e\": -0.5 ,\"f\":\"\"} ")
	var keys []string
	var raws []string
	s := &scanner{b: in}
	if err := s.object(func(k string) error {
		keys = append(keys, k)
		raws = append(raws, string(s.raw()))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", `b"c`, "e", "f"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
	if want := []string{`[1, {"x": "]}"}]`, `{"d":[[]]}`, `-0.5`, `""`}; !reflect.DeepEqual(raws, want) {
		t.Errorf("values %q, want %q", raws, want)
	}
	var n int
	s = &scanner{b: []byte(`[ {"a":1} , [2,3], "4" ,null]`)}
	_ = s.array(func(i int) error { s.skip(); n = i + 1; return nil })
	if n != 4 {
		t.Errorf("array elements = %d, want 4", n)
	}
}

// duplicate finds an object member given twice anywhere in a document,
// comparing decoded names, and names its path (DESIGN: duplicate JSON
// object members are a 400 in both flavours).
func TestScannerDuplicate(t *testing.T) {
	many := `{`
	for i := 0; i < 40; i++ {
		many += `"k` + strconv.Itoa(i) + `":1,`
	}
	for _, tt := range []struct{ in, want string }{
		{`{"a":1,"b":2}`, ""},
		{`{"a":{"a":1},"b":[{"a":1},{"a":2}]}`, ""},
		{`{"a":1,"a":2}`, "a"},
		{`{"a":1,"\u0061":2}`, "a"},
		{`{"data":{"attributes":{"title":"x","title":"y"}}}`, "data/attributes/title"},
		{`{"data":[{"id":"1"},{"id":"2","type":"t","id":"3"}]}`, "data/1/id"},
		{`{"x":"{\"a\":1,\"a\":2}"}`, ""},
		{many + `"k7":2}`, "k7"},
		{many + `"z":2}`, ""},
		{`[1,"a",null,{"b":{},"b":[]}]`, "3/b"},
	} {
		s := &scanner{b: []byte(tt.in)}
		if got := strings.Join(s.duplicate(), "/"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
