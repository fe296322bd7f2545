package rpcapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeJSON decodes as json.Decoder with UseNumber does, and refuses a
// member given twice anywhere (DESIGN: duplicate members are a 400).
func TestDecodeJSON(t *testing.T) {
	for _, in := range []string{
		`{"where":{"title":"a\"b\u00e9","viewCount":{"in":[1,-2.5e3,12345678901234567890]}},"take":null,"x":[true,false,[],{}]}`,
		`[]`, `"s"`, `0`, ` { "a" : [ 1 , { "b" : { } } ] } `,
		`{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}`,
	} {
		var want any
		dec := json.NewDecoder(bytes.NewReader([]byte(in)))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		got, _, err := decodeJSON([]byte(in))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, %v; want %#v", in, got, err, want)
		}
	}
	for _, tt := range []struct{ in, msg string }{
		{`{"where":{"id":1},"where":{}}`, `member "where" is given twice`},
		{`{"where":{"title":"a","title":"b"}}`, `member "title" is given twice in where`},
		{`{"where":{"OR":[{"id":1},{"id":2,"\u0069d":3}]}}`, `member "id" is given twice in where.OR.1`},
		{`{"a":`, `unexpected end of JSON input`},
		{`{"a":1} x`, `invalid character 'x' after top-level value`},
	} {
		_, _, err := decodeJSON([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: got %v, want %q", tt.in, err, tt.msg)
		}
	}
}

// The members of an orderBy object keep the order they were sent in: an
// object with several keys sorts by the first, then the next (Prisma).
func TestDecodeOrderBy(t *testing.T) {
	h := testHandler()
	m, _ := h.reg.Model("post")
	for _, tt := range []struct{ args, want string }{
		{`{"orderBy":{"viewCount":"desc","id":"asc"}}`, "-viewCount,id"},
		{`{"orderBy":{"id":"asc","viewCount":"desc"}}`, "id,-viewCount"},
		{`{"orderBy":{"title":"asc","rating":{"sort":"desc","nulls":"last"},"createdAt":"asc"}}`, "title,-rating,createdAt"},
		{`{"orderBy":[{"published":"desc","title":"asc"},{"author":{"name":"asc","email":"desc"}}]}`, "-published,title,author.name,-author.email"},
		{`{"orderBy":{"comments":{"_count":"desc"},"author":{"role":"asc"}}}`, "-#comments,author.role"},
		{`{"include":{"comments":{"orderBy":{"postId":"desc","content":"asc"}}}}`, "|-postId,content"},
	} {
		v, order, err := decodeJSON([]byte(tt.args))
		if err != nil {
			t.Fatal(err)
		}
		rd, err := h.parser(&call{order: order}).read(m, "findMany", v.(object))
		if err != nil {
			t.Fatalf("%s: %v", tt.args, err)
		}
		got := showOrders(rd.plan.Order)
		if len(rd.plan.Include) > 0 {
			got += "|" + showOrders(rd.plan.Include[0].Plan.Order)
		}
		if got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.args, got, tt.want)
		}
	}
}
