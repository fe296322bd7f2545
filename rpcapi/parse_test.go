package rpcapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/resource"
)

// testHandler is a handler over the blog models; parsing never touches
// the database, so the client has no driver.
func testHandler() *Handler {
	h, err := New(ent.NewClient().Resources(), Options{})
	if err != nil {
		panic(err)
	}
	return h
}

// show renders a filter tree compactly: and(…), or(…), not(…),
// field op value, some/every/none edge(…).
func show(f resource.Filter) string {
	switch x := f.(type) {
	case nil:
		return "<nil>"
	case resource.And:
		return "and(" + showAll(x) + ")"
	case resource.Or:
		return "or(" + showAll(x) + ")"
	case resource.Not:
		return "not(" + show(x.F) + ")"
	case resource.Const:
		return fmt.Sprint(bool(x))
	case *resource.Cmp:
		s := fmt.Sprintf("%s %s %v", x.Field.Name(), x.Op, x.Value)
		if x.Fold {
			s += " fold"
		}
		return s
	case *resource.EdgeFilter:
		mode := map[resource.EdgeMode]string{resource.Some: "some", resource.Every: "every", resource.None: "none"}[x.Mode]
		return mode + " " + x.Edge.Name() + "(" + show(x.Where) + ")"
	}
	return fmt.Sprintf("%T", f)
}

func showAll(fs []resource.Filter) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = show(f)
	}
	return strings.Join(s, ", ")
}

// TestParseWhere checks the translation of Prisma where objects into the
// runtime's filter tree (spec §2.2).
func TestParseWhere(t *testing.T) {
	h := testHandler()
	m, _ := h.reg.Model("post")
	tests := []struct{ name, where, want string }{
		{"RPC-WHERE-01 implicit equals", `{"title":"a"}`, "title equals a"},
		{"RPC-WHERE-01 keys ANDed in key order", `{"title":"a","published":true}`, "and(published equals true, title equals a)"},
		{"RPC-WHERE-02 not value", `{"viewCount":{"not":3}}`, "viewCount not 3"},
		{"RPC-WHERE-02 not filter", `{"title":{"not":{"startsWith":"a"}}}`, "not(title startsWith a)"},
		{"RPC-WHERE-03 in drops nulls", `{"viewCount":{"in":[1,null,2]}}`, "viewCount in [1 2]"},
		{"RPC-WHERE-04 between", `{"viewCount":{"between":[1,2]}}`, "and(viewCount gte 1, viewCount lte 2)"},
		{"RPC-WHERE-06 insensitive", `{"title":{"contains":"a","mode":"insensitive"}}`, "title contains a fold"},
		{"RPC-WHERE-06 insensitive not inherits mode", `{"title":{"not":{"equals":"a"},"mode":"insensitive"}}`, "not(title equals a fold)"},
		{"RPC-WHERE-08 NOT array", `{"NOT":[{"id":1},{"id":2}]}`, "and(not(id equals 1), not(id equals 2))"},
		{"RPC-WHERE-08 OR", `{"OR":[{"id":1},{"id":2}]}`, "or(id equals 1, id equals 2)"},
		{"RPC-WHERE-08 AND object", `{"AND":{"id":1}}`, "id equals 1"},
		{"RPC-WHERE-08 empty OR", `{"OR":[]}`, "or()"},
		{"RPC-WHERE-09 null", `{"rating":null}`, "rating isNull true"},
		{"RPC-WHERE-09 not null", `{"rating":{"not":null}}`, "rating isNull false"},
		{"RPC-WHERE-10 some", `{"comments":{"some":{"content":"x"}}}`, "some comments(content equals x)"},
		{"RPC-WHERE-10 none {}", `{"tags":{"none":{}}}`, "none tags(<nil>)"},
		{"RPC-WHERE-11 is", `{"author":{"is":{"name":"a"}}}`, "some author(name equals a)"},
		{"RPC-WHERE-11 isNot", `{"author":{"isNot":{"name":"a"}}}`, "none author(name equals a)"},
		{"RPC-WHERE-11 direct", `{"author":{"name":"a"}}`, "some author(name equals a)"},
		{"RPC-WHERE-11 is null", `{"author":{"is":null}}`, "none author(<nil>)"},
		{"RPC-WHERE-11 null", `{"author":null}`, "none author(<nil>)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, order, err := decodeJSON([]byte(tt.where))
			if err != nil {
				t.Fatal(err)
			}
			f, err := h.parser(&call{order: order}).where.parse(m, v, "where", 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := show(f); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestParseErrors checks that invalid arguments are 422s whose path names
// the bad argument (RPC-WIRE-11).
func TestParseErrors(t *testing.T) {
	h := testHandler()
	m, _ := h.reg.Model("post")
	tests := []struct{ args, path string }{
		{`{"where":{"author":{"is":{"emial":"x"}}}}`, "where.author.is.emial"},
		{`{"where":{"OR":[{"id":1},{"nope":1}]}}`, "where.OR.1.nope"},
		{`{"where":{"viewCount":{"gt":"x"}}}`, "where.viewCount.gt"},
		{`{"where":{"comments":{"any":{}}}}`, "where.comments.any"},
		{`{"where":{"title":{"mode":"loud","equals":"a"}}}`, "where.title.mode"},
		{`{"orderBy":[{"author":{"nmae":"asc"}}]}`, "orderBy.0.author.nmae"},
		{`{"orderBy":{"comments":{"count":"asc"}}}`, "orderBy.comments.count"},
		{`{"include":{"comments":{"where":{"x":1}}}}`, "include.comments.where.x"},
		{`{"include":{"comments":{"take":"x"}}}`, "include.comments.take"},
		{`{"include":{"comments":{"distinct":["nope"]}}}`, "include.comments.distinct.0"},
		{`{"include":{"comments":{"cursor":{"content":"x"}}}}`, "include.comments.cursor"},
		{`{"select":{"_count":{"select":{"author":true}}}}`, "select._count.select.author"},
		{`{"distinct":["nope"]}`, "distinct.0"},
		{`{"take":"ten"}`, "take"},
		{`{"cursor":{"title":"x"}}`, "cursor"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			v, order, err := decodeJSON([]byte(tt.args))
			if err != nil {
				t.Fatal(err)
			}
			_, err = h.parser(&call{order: order}).read(m, "findMany", v.(map[string]any))
			e, ok := err.(*resource.Error)
			if !ok || e.Kind != resource.Invalid || e.Source.Path != tt.path {
				t.Fatalf("got %v, want an Invalid error at %s", err, tt.path)
			}
			if classify(e).status != 422 {
				t.Fatalf("status %d", classify(e).status)
			}
		})
	}
}

// showOrders renders orders compactly: -desc, author.name, #count.
func showOrders(os []resource.Order) string {
	s := make([]string, len(os))
	for i, o := range os {
		if o.Desc {
			s[i] = "-"
		}
		if o.Count != nil {
			s[i] += "#" + o.Count.Name()
			continue
		}
		for _, e := range o.Path {
			s[i] += e.Name() + "."
		}
		s[i] += o.Field.Name()
	}
	return strings.Join(s, ",")
}
