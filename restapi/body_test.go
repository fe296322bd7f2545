package restapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/resource"
)

// models of the blog schema; parsing never touches the database.
var blogModels = ent.NewClient().Resources()

func blogModel(t *testing.T, typ string) *resource.Model {
	m, ok := blogModels.Model(typ)
	if !ok {
		t.Fatalf("no model %q", typ)
	}
	return m
}

// describeWrite renders a Write compactly: fields, then edges with their
// pointers, for table comparisons.
func describeWrite(w *resource.Write) string {
	var parts []string
	if w.ID != nil {
		parts = append(parts, fmt.Sprintf("id=%v@%s", w.ID, w.Locate.Field(w.Model.ID()).Pointer))
	}
	for _, f := range w.Fields {
		parts = append(parts, fmt.Sprintf("%s=%v@%s", f.Field.Name(), f.Value, w.Locate.Field(f.Field).Pointer))
	}
	for _, e := range w.Edges {
		parts = append(parts, fmt.Sprintf("%s%v@%s", e.Edge.Name(), e.IDs, w.Locate.Edge(e.Edge).Pointer))
	}
	parts = append(parts, "body@"+w.Locate.(*pointers).Body().Pointer)
	return strings.Join(parts, " ")
}

func TestParseResource(t *testing.T) {
	tests := []struct {
		name, typ, pathID, body, want string
	}{
		{"attributes in document order", "post", "", `{"data":{"type":"post","attributes":{"viewCount":3,"title":"t","rating":4.5,"content":null,"published":true}}}`,
			"viewCount=3@/data/attributes/viewCount title=t@/data/attributes/title rating=4.5@/data/attributes/rating content=<nil>@/data/attributes/content published=true@/data/attributes/published body@/data/attributes"},
		{"integer written as a float", "post", "", `{"data":{"type":"post","attributes":{"viewCount":1e2}}}`,
			"viewCount=100@/data/attributes/viewCount body@/data/attributes"},
		{"relationships: to-one, to-many, repeated ids once", "post", "", `{"data":{"type":"post","relationships":{"author":{"data":{"type":"user","id":"2"}},"tags":{"data":[{"type":"tag","id":"3"},{"type":"tag","id":"1"},{"type":"tag","id":"3"}]}}}}`,
			"author[2]@/data/relationships/author tags[3 1]@/data/relationships/tags body@/data"},
		{"to-one null clears", "comment", "1", `{"data":{"type":"comment","id":"1","relationships":{"author":{"data":null}}}}`,
			"author[]@/data/relationships/author body@/data"},
		{"foreign-key attribute becomes the relationship", "post", "", `{"data":{"type":"post","attributes":{"authorId":2}}}`,
			"author[2]@/data/attributes/authorId body@/data/attributes"},
		{"both spellings agreeing count once", "post", "", `{"data":{"type":"post","attributes":{"authorId":2},"relationships":{"author":{"data":{"type":"user","id":"2"}}}}}`,
			"author[2]@/data/attributes/authorId body@/data/attributes"},
		{"update: id checked, not part of the Write", "post", "4", `{"data":{"type":"post","id":"4","attributes":{"title":"x"}}}`,
			"title=x@/data/attributes/title body@/data/attributes"},
		{"update without id: the URL names the row (seed 001)", "post", "4", `{"data":{"type":"post","attributes":{"title":"x"}}}`,
			"title=x@/data/attributes/title body@/data/attributes"},
		{"members other than data are ignored", "tag", "", `{"jsonapi":{"version":"1.1"},"meta":{"x":1},"data":{"type":"tag","attributes":{"name":"n"},"meta":{},"links":{}}}`,
			"name=n@/data/attributes/name body@/data/attributes"},
		{"escaped member names in pointers", "tag", "", `{"data":{"type":"tag","attributes":{"name":"a/b~"}}}`,
			"name=a/b~@/data/attributes/name body@/data/attributes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := parseResource(blogModel(t, tc.typ), []byte(tc.body), tc.pathID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := describeWrite(w); got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestParseResourceErrors(t *testing.T) {
	tests := []struct {
		name, typ, pathID, body string
		kind                    resource.ErrorKind
		code, pointer           string
	}{
		{"malformed", "post", "", `{"data":{`, resource.Invalid, resource.CodeInvalidDocument, "/"},
		{"trailing garbage", "post", "", `{"data":{"type":"post"}} x`, resource.Invalid, resource.CodeInvalidDocument, "/"},
		{"no data", "post", "", `{}`, resource.Invalid, resource.CodeInvalidDocument, "/"},
		{"null data", "post", "", `{"data":null}`, resource.Invalid, resource.CodeInvalidDocument, "/data"},
		{"no type", "post", "", `{"data":{}}`, resource.Invalid, resource.CodeInvalidDocument, "/data"},
		{"wrong type", "post", "", `{"data":{"type":"user"}}`, resource.Conflict, resource.CodeConflict, "/data/type"},
		{"client id", "post", "", `{"data":{"type":"post","id":"1"}}`, resource.Forbidden, resource.CodeForbidden, "/data/id"},
		{"client id not a string", "post", "", `{"data":{"type":"post","id":1}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/id"},
		{"update with another id", "post", "1", `{"data":{"type":"post","id":"01"}}`, resource.Conflict, resource.CodeConflict, "/data/id"},
		{"attributes not an object", "post", "", `{"data":{"type":"post","attributes":[]}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/attributes"},
		{"relationships not an object", "post", "", `{"data":{"type":"post","relationships":1}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/relationships"},
		{"unknown attribute", "post", "", `{"data":{"type":"post","attributes":{"author":1}}}`, resource.Invalid, resource.CodeUnknownField, "/data/attributes/author"},
		{"unknown relationship", "post", "", `{"data":{"type":"post","relationships":{"title":{"data":null}}}}`, resource.Invalid, resource.CodeUnknownRelation, "/data/relationships/title"},
		{"pointer escaping", "post", "", `{"data":{"type":"post","attributes":{"a/b~c":1}}}`, resource.Invalid, resource.CodeUnknownField, "/data/attributes/a~1b~0c"},
		{"immutable on update", "post", "1", `{"data":{"type":"post","id":"1","attributes":{"createdAt":"2026-01-01"}}}`, resource.Forbidden, resource.CodeForbidden, "/data/attributes/createdAt"},
		{"number for a string", "post", "", `{"data":{"type":"post","attributes":{"title":5}}}`, resource.Invalid, resource.CodeInvalidValue, "/data/attributes/title"},
		{"fraction for an integer", "post", "", `{"data":{"type":"post","attributes":{"viewCount":1.5}}}`, resource.Invalid, resource.CodeInvalidValue, "/data/attributes/viewCount"},
		{"read-only (set by the server)", "post", "", `{"data":{"type":"post","attributes":{"createdAt":"2026-01-01T00:00:00Z"}}}`, resource.Forbidden, resource.CodeForbidden, "/data/attributes/createdAt"},
		{"bad enum", "user", "", `{"data":{"type":"user","attributes":{"role":"root"}}}`, resource.Invalid, resource.CodeInvalidValue, "/data/attributes/role"},
		{"null for a non-nillable", "user", "", `{"data":{"type":"user","attributes":{"email":null}}}`, resource.Invalid, resource.CodeInvalidValue, "/data/attributes/email"},
		{"relationship is not an object", "post", "", `{"data":{"type":"post","relationships":{"author":"2"}}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/relationships/author"},
		{"relationship without data", "post", "", `{"data":{"type":"post","relationships":{"author":{}}}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/relationships/author"},
		{"identifier not an object", "post", "", `{"data":{"type":"post","relationships":{"tags":{"data":["1"]}}}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/relationships/tags/data/0"},
		{"identifier of another type", "post", "", `{"data":{"type":"post","relationships":{"author":{"data":{"type":"tag","id":"1"}}}}}`, resource.Conflict, CodeInvalidRelation, "/data/relationships/author/data/type"},
		{"identifier id cannot exist", "post", "", `{"data":{"type":"post","relationships":{"author":{"data":{"type":"user","id":"-x"}}}}}`, resource.NotFound, resource.CodeNotFound, "/data/relationships/author/data/id"},
		{"spellings disagree", "post", "", `{"data":{"type":"post","attributes":{"authorId":1},"relationships":{"author":{"data":{"type":"user","id":"2"}}}}}`, resource.Invalid, resource.CodeInvalidValue, "/data/relationships/author"},
		{"spellings disagree on null", "comment", "", `{"data":{"type":"comment","attributes":{"authorId":null},"relationships":{"author":{"data":{"type":"user","id":"2"}}}}}`, resource.Invalid, resource.CodeInvalidValue, "/data/relationships/author"},
		{"duplicate attribute", "post", "", `{"data":{"type":"post","attributes":{"title":"a","title":"b"}}}`, resource.Invalid, resource.CodeInvalidDocument, "/data/attributes/title"},
		{"orphaning replacement", "user", "1", `{"data":{"type":"user","id":"1","relationships":{"posts":{"data":[]}}}}`, resource.Forbidden, resource.CodeForbidden, "/data/relationships/posts"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := parseResource(blogModel(t, tc.typ), []byte(tc.body), tc.pathID, nil)
			if err == nil {
				t.Fatalf("no error; parsed %s", describeWrite(w))
			}
			e, ok := err.(*resource.Error)
			if !ok {
				t.Fatalf("error %T %v is not a *resource.Error", err, err)
			}
			if e.Kind != tc.kind || e.Code != tc.code || e.Source.Pointer != tc.pointer {
				t.Errorf("got kind %d code %q pointer %q (%s); want kind %d code %q pointer %q", e.Kind, e.Code, e.Source.Pointer, e.Detail, tc.kind, tc.code, tc.pointer)
			}
		})
	}
}

func TestParseLinkage(t *testing.T) {
	tags, _ := blogModel(t, "post").Edge("tags")
	author, _ := blogModel(t, "post").Edge("author")
	for _, tc := range []struct {
		edge *resource.Edge
		data string
		want string
	}{
		{tags, `[]`, "[]"},
		{tags, `[{"type":"tag","id":"2"},{"type":"tag","id":"1"},{"type":"tag","id":"2"}]`, "[2 1]"},
		{author, `null`, "[]"},
		{author, `{"type":"user","id":"7","meta":{"x":1}}`, "[7]"},
	} {
		ids, err := parseLinkage(tc.edge, []byte(tc.data), "/data", nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.data, err)
		}
		if got := fmt.Sprint(ids); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.data, got, tc.want)
		}
	}
}

// Whitespace anywhere and members a write ignores (meta, links, lid) do
// not disturb the walk.
func TestParseResourceLayout(t *testing.T) {
	body := "{ \"meta\" : { \"a\" : [ 1 , 2 ] } ,\n \"data\" :\n {\n  \"links\" : { } , \"type\" : \"post\" ,\n" +
		"  \"attributes\" : { \"title\" : \"a \\\"b\\\" \\u00e9\" , \"viewCount\" : -0 } ,\n" +
		"  \"relationships\" : { \"tags\" : { \"meta\" : { } , \"data\" : [ { \"meta\" : 1 , \"type\" : \"tag\" , \"id\" : \"2\" } ] } }\n } }"
	w, err := parseResource(blogModel(t, "post"), []byte(body), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `title=a "b" é@/data/attributes/title viewCount=0@/data/attributes/viewCount tags[2]@/data/relationships/tags body@/data/attributes`
	if got := describeWrite(w); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

// The scanner trusts json.Valid: no input may make parsing panic.
func FuzzParseResource(f *testing.F) {
	for _, s := range []string{benchCreateBody, `{"data":{"type":"post","id":"1","attributes":{"a\"":[{}]}}}`, `{"data":null}`, `[]`, `{"data":{"type":"tag","relationships":{"posts":{"data":[{"type":"post","id":"1"},null]}}}}`} {
		f.Add(s, "")
		f.Add(s, "1")
	}
	post, _ := blogModels.Model("post")
	f.Fuzz(func(t *testing.T, body, id string) {
		w, err := parseResource(post, []byte(body), id, nil)
		if err == nil && w == nil {
			t.Fatal("no Write and no error")
		}
		if err != nil {
			if _, ok := err.(*resource.Error); !ok {
				t.Fatalf("error %T is not a *resource.Error", err)
			}
		}
	})
}

// Annotations change what a body may write: resource.ReadOnly() on a field
// or edge (403 with meta.reason read-only), resource.ClientID() on a model
// (the id is taken, at /data/id).
func TestParseResourceAnnotations(t *testing.T) {
	reg := ent.NewClient().Resources(func(s *resource.ModelSpec) { // a registry of its own: flags are changed
		switch s.Type {
		case "post":
			s.Field("viewCount").ReadOnly = true
			s.Edge("tags").ReadOnly = true
		case "tag":
			s.ClientID = true
		}
	})
	post, _ := reg.Model("post")
	tag, _ := reg.Model("tag")

	for _, tc := range []struct {
		name    string
		m       *resource.Model
		body    string
		pointer string
		reason  string
	}{
		{"read-only attribute", post, `{"data":{"type":"post","attributes":{"viewCount":1}}}`, "/data/attributes/viewCount", resource.ReasonReadOnlyField},
		{"read-only relationship", post, `{"data":{"type":"post","relationships":{"tags":{"data":[]}}}}`, "/data/relationships/tags", resource.ReasonReadOnlyField},
	} {
		_, err := parseResource(tc.m, []byte(tc.body), "", nil)
		e, ok := err.(*resource.Error)
		if !ok || e.Kind != resource.Forbidden || e.Source.Pointer != tc.pointer || e.Reason != tc.reason {
			t.Errorf("%s: got %#v", tc.name, err)
		}
	}
	w, err := parseResource(tag, []byte(`{"data":{"type":"tag","id":"77","attributes":{"name":"n"}}}`), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describeWrite(w), "id=77@/data/id name=n@/data/attributes/name body@/data/attributes"; got != want {
		t.Errorf("client id: got %s, want %s", got, want)
	}
	_, err = parseResource(tag, []byte(`{"data":{"type":"tag","id":"x"}}`), "", nil)
	if e, ok := err.(*resource.Error); !ok || e.Kind != resource.Invalid || e.Source.Pointer != "/data/id" {
		t.Errorf("unparsable client id: got %#v", err)
	}
}
