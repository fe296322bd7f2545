package integration

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// rpcStep is one request of a write scenario; steps run in order on one
// database, so later steps see what earlier ones did.
type rpcStep struct {
	rpcCase
	method string
	as     viewer // the admin when zero
}

// by returns s sent as v.
func (s rpcStep) by(v viewer) rpcStep { s.as = v; return s }

// runSteps runs steps in order against one fresh server, and stops at the
// first that fails: later steps depend on it.
func runSteps(t *testing.T, steps []rpcStep) {
	e := newEnv(t)
	for _, s := range steps {
		ok := t.Run(s.name, func(t *testing.T) {
			as := s.as
			if as == anonymous {
				as = emily
			}
			s.check(t, e.rpc(t, as, s.method, s.path, s.args))
		})
		if !ok {
			return
		}
	}
}

func step(method, name, path, args string, status int, want string) rpcStep {
	s := rpcStep{method: method, rpcCase: rpcCase{name: name, path: path, args: args, status: status}}
	switch {
	case status >= 400:
		s.msg = want
	case strings.HasPrefix(want, "ids:"):
		s.ids = strings.TrimPrefix(want, "ids:")
	default:
		s.data = want
	}
	return s
}

func TestRPCWrites(t *testing.T) {
	runSteps(t, []rpcStep{
		// RPC-OP-06 create, RPC-NW-01 nested create, RPC-NW-03 connect
		step("POST", "RPC-OP-06 create with connect", "post/create", `{"data":{"title":"T1","author":{"connect":{"email":"bob@entstack.dev"}}},"select":{"id":true,"title":true,"authorId":true,"published":true}}`, 201, `{"id":7,"title":"T1","authorId":2,"published":false}`),
		step("POST", "RPC-DATA-01 FK scalar", "post/create", `{"data":{"title":"T2","authorId":3,"viewCount":5},"select":{"id":true,"authorId":true,"viewCount":true}}`, 201, `{"id":8,"authorId":3,"viewCount":5}`),
		step("POST", "RPC-DATA-01 FK and relation together", "post/create", `{"data":{"title":"x","authorId":3,"author":{"connect":{"id":1}}}}`, 422, "same relation"),
		step("POST", "RPC-ERR-06 missing required relation", "post/create", `{"data":{"title":"x"}}`, 422, "data.author"),
		step("POST", "RPC-ERR-06 missing required field", "post/create", `{"data":{"authorId":1}}`, 422, "data.title"),
		step("POST", "RPC-WIRE-11 unknown field in data", "post/create", `{"data":{"title":"x","authorId":1,"titel":"y"}}`, 422, "data.titel"),
		step("POST", "RPC-WIRE-11 wrong type in data", "post/create", `{"data":{"title":7,"authorId":1}}`, 422, "data.title"),
		step("POST", "RPC-NW-03 connect missing row", "post/create", `{"data":{"title":"x","author":{"connect":{"id":99}}}}`, 404, "author.connect"),
		step("POST", "RPC-NW-01 nested to-many create", "user/create", `{"data":{"email":"zed@x.dev","posts":{"create":[{"title":"Z1"},{"title":"Z2","tags":{"connect":{"name":"go"}}}]}},"select":{"id":true,"posts":{"select":{"title":true,"tags":{"select":{"name":true}}}}}}`, 201, `{"id":4,"posts":[{"title":"Z1","tags":[]},{"title":"Z2","tags":[{"name":"go"}]}]}`),
		step("POST", "RPC-ERR-11 a nested create the policy denies rolls back", "user/create", `{"data":{"email":"zoe@x.dev","profile":{"create":{"gender":"x"}}}}`, 403, "rejected-by-policy"),
		step("GET", "RPC-NW-12 the denied create left nothing", "user/count", `{"where":{"email":"zoe@x.dev"}}`, 200, `0`),
		step("POST", "RPC-NW-01 create the parent of a to-one first", "post/create", `{"data":{"title":"T3","author":{"create":{"email":"new@x.dev","name":"New"}}},"select":{"author":{"select":{"name":true}}}}`, 201, `{"author":{"name":"New"}}`),
		step("POST", "RPC-NW-04 connectOrCreate connects", "post/create", `{"data":{"title":"T4","authorId":1,"tags":{"connectOrCreate":[{"where":{"name":"go"},"create":{"name":"go"}},{"where":{"name":"rust"},"create":{"name":"rust"}}]}},"select":{"tags":{"select":{"name":true},"orderBy":{"name":"asc"}}}}`, 201, `{"tags":[{"name":"go"},{"name":"rust"}]}`),
		step("POST", "RPC-NW-02 nested createMany", "user/create", `{"data":{"email":"many@x.dev","posts":{"createMany":{"data":[{"title":"M1"},{"title":"M2"}]}}},"select":{"_count":true}}`, 201, `{"_count":{"posts":2,"comments":0}}`),
		step("POST", "RPC-ERR-01 unique violation", "user/create", `{"data":{"email":"bob@entstack.dev"}}`, 400, "P2002"),

		// RPC-OP-09 update, RPC-ATOM-01, nested writes in update
		step("PATCH", "RPC-OP-09 update", "post/update", `{"where":{"id":1},"data":{"title":"Welcome!","published":false},"select":{"title":true,"published":true}}`, 200, `{"title":"Welcome!","published":false}`),
		step("PUT", "RPC-OP-09 update with PUT", "post/update", `{"where":{"id":1},"data":{"published":true},"select":{"published":true}}`, 200, `{"published":true}`),
		step("PATCH", "RPC-ERR-02 update missing row", "post/update", `{"where":{"id":99},"data":{"title":"x"}}`, 404, "P2025"),
		step("PATCH", "RPC-WHERE-14 update needs a unique where", "post/update", `{"where":{"title":"x"},"data":{"title":"x"}}`, 422, "unique"),
		step("PATCH", "RPC-ATOM-01 increment", "post/update", `{"where":{"id":2},"data":{"viewCount":{"increment":10}},"select":{"viewCount":true}}`, 200, `{"viewCount":350}`),
		step("PATCH", "RPC-ATOM-01 decrement", "post/update", `{"where":{"id":2},"data":{"viewCount":{"decrement":50}},"select":{"viewCount":true}}`, 200, `{"viewCount":300}`),
		step("PATCH", "RPC-ATOM-01 multiply", "post/update", `{"where":{"id":2},"data":{"viewCount":{"multiply":2}},"select":{"viewCount":true}}`, 200, `{"viewCount":600}`),
		step("PATCH", "RPC-ATOM-01 divide", "post/update", `{"where":{"id":2},"data":{"viewCount":{"divide":4}},"select":{"viewCount":true}}`, 200, `{"viewCount":150}`),
		step("PATCH", "RPC-ATOM-01 set", "post/update", `{"where":{"id":2},"data":{"viewCount":{"set":340}},"select":{"viewCount":true}}`, 200, `{"viewCount":340}`),
		step("PATCH", "RPC-ATOM-01 NULL stays NULL", "post/update", `{"where":{"id":3},"data":{"rating":{"multiply":2}},"select":{"rating":true}}`, 200, `{"rating":null}`),
		step("PATCH", "RPC-ATOM-01 on a string", "post/update", `{"where":{"id":3},"data":{"title":{"increment":1}}}`, 422, "data.title.increment"),
		step("PATCH", "RPC-DATA-02 null clears", "post/update", `{"where":{"id":1},"data":{"rating":null},"select":{"rating":true}}`, 200, `{"rating":null}`),
		step("PATCH", "RPC-DATA-02 null on a required field", "post/update", `{"where":{"id":1},"data":{"title":null}}`, 422, "data.title"),
		step("PATCH", "immutable field", "post/update", `{"where":{"id":1},"data":{"createdAt":"2020-01-01T00:00:00Z"}}`, 422, "data.createdAt"),
		step("PATCH", "RPC-NW-06 set", "post/update", `{"where":{"id":2},"data":{"tags":{"set":[{"name":"news"}]}},"select":{"tags":{"select":{"name":true}}}}`, 200, `{"tags":[{"name":"news"}]}`),
		step("PATCH", "RPC-NW-03 connect in update", "post/update", `{"where":{"id":2},"data":{"tags":{"connect":[{"name":"api"}]}},"select":{"tags":{"select":{"name":true},"orderBy":{"name":"asc"}}}}`, 200, `{"tags":[{"name":"api"},{"name":"news"}]}`),
		step("PATCH", "RPC-NW-05 disconnect", "post/update", `{"where":{"id":2},"data":{"tags":{"disconnect":[{"name":"news"},{"name":"ent"}]}},"select":{"tags":{"select":{"name":true}}}}`, 200, `{"tags":[{"name":"api"}]}`),
		step("PATCH", "RPC-NW-05 disconnect optional to-one (the policy keeps a comment's author)", "comment/update", `{"where":{"id":5},"data":{"author":{"disconnect":true}},"select":{"authorId":true}}`, 403, `future().authorId != authorId`).by(bob),
		step("PATCH", "RPC-NW-05 disconnect required to-one", "post/update", `{"where":{"id":1},"data":{"author":{"disconnect":true}}}`, 422, "required"),
		step("PATCH", "RPC-ERR-11 update denied by policy", "comment/update", `{"where":{"id":1},"data":{"content":"x"}}`, 403, `"rejectedByPolicy":true`),
		step("PATCH", "RPC-ERR-02 update of a row the viewer cannot read", "post/update", `{"where":{"id":3},"data":{"title":"x"}}`, 404, "P2025").by(bob),
		step("PATCH", "RPC-NW-07 nested update to-many", "post/update", `{"where":{"id":2},"data":{"comments":{"update":{"where":{"id":3},"data":{"content":"edited"}}}},"select":{"comments":{"select":{"content":true},"orderBy":{"id":"asc"}}}}`, 200, `{"comments":[{"content":"Does it support sparse fieldsets?"},{"content":"edited"}]}`),
		step("PATCH", "RPC-NW-07 nested update of an unrelated row", "post/update", `{"where":{"id":2},"data":{"comments":{"update":{"where":{"id":1},"data":{"content":"x"}}}}}`, 404, "comments.update"),
		step("PATCH", "RPC-NW-07 nested update to-one", "user/update", `{"where":{"id":1},"data":{"profile":{"update":{"bio":"Edits the blog."}}},"select":{"profile":{"select":{"bio":true}}}}`, 200, `{"profile":{"bio":"Edits the blog."}}`),
		step("PATCH", "RPC-NW-09 nested upsert creates", "user/update", `{"where":{"id":3},"data":{"profile":{"upsert":{"create":{"gender":"f"},"update":{"bio":"x"}}}},"select":{"profile":{"select":{"gender":true,"bio":true}}}}`, 200, `{"profile":{"gender":"f","bio":null}}`).by(ann),
		step("PATCH", "RPC-NW-09 nested upsert updates", "user/update", `{"where":{"id":3},"data":{"profile":{"upsert":{"create":{"gender":"f"},"update":{"bio":"x"}}}},"select":{"profile":{"select":{"gender":true,"bio":true}}}}`, 200, `{"profile":{"gender":"f","bio":"x"}}`).by(ann),
		step("PATCH", "RPC-NW-08 nested updateMany", "user/update", `{"where":{"id":1},"data":{"posts":{"updateMany":{"where":{"published":true},"data":{"viewCount":{"increment":1}}}}},"select":{"posts":{"select":{"viewCount":true},"orderBy":{"id":"asc"}}}}`, 200, `{"posts":[{"viewCount":121},{"viewCount":341},{"viewCount":0},{"viewCount":0}]}`),
		step("PATCH", "RPC-NW-10 nested delete", "post/update", `{"where":{"id":2},"data":{"comments":{"delete":{"id":3}}},"select":{"_count":{"select":{"comments":true}}}}`, 200, `{"_count":{"comments":1}}`),
		step("PATCH", "RPC-NW-11 nested deleteMany of rows the policy keeps", "post/update", `{"where":{"id":2},"data":{"comments":{"deleteMany":{}}}}`, 403, "rejected-by-policy"),
		step("POST", "RPC-OP-06 create as an author", "comment/create", `{"data":{"content":"mine","post":{"connect":{"id":6}},"author":{"connect":{"id":3}}},"select":{"content":true}}`, 201, `{"content":"mine"}`).by(ann),
		step("PATCH", "RPC-NW-11 nested deleteMany", "post/update", `{"where":{"id":6},"data":{"comments":{"deleteMany":{"content":"mine"}}},"select":{"_count":{"select":{"comments":true}}}}`, 200, `{"_count":{"comments":1}}`).by(ann),
		step("PATCH", "RPC-NW-10 nested to-one delete", "user/update", `{"where":{"id":3},"data":{"profile":{"delete":true}},"select":{"profile":true}}`, 200, `{"profile":null}`).by(ann),
		step("PATCH", "RPC-NW-12 a failing nested write rolls back", "post/update", `{"where":{"id":4},"data":{"title":"changed","tags":{"connect":{"name":"nope"}}}}`, 404, "tags.connect"),
		step("GET", "RPC-NW-12 nothing changed", "post/findUnique", `{"where":{"id":4},"select":{"title":true}}`, 200, `{"title":"My first post"}`),

		// RPC-OP-12 upsert
		step("POST", "RPC-OP-12 upsert updates", "tag/upsert", `{"where":{"name":"go"},"create":{"name":"go"},"update":{"name":"golang"}}`, 201, `{"id":1,"name":"golang"}`),
		step("POST", "RPC-OP-12 upsert creates", "tag/upsert", `{"where":{"name":"zig"},"create":{"name":"zig"},"update":{"name":"x"},"select":{"name":true}}`, 201, `{"name":"zig"}`),

		// RPC-OP-07/08/10/11
		step("POST", "RPC-OP-07 createMany", "tag/createMany", `{"data":[{"name":"a"},{"name":"b"}]}`, 201, `{"count":2}`),
		step("POST", "RPC-OP-07 createMany one object", "tag/createMany", `{"data":{"name":"c"}}`, 201, `{"count":1}`),
		step("POST", "RPC-OP-07 skipDuplicates", "tag/createMany", `{"data":[{"name":"a"},{"name":"d"},{"name":"d"}],"skipDuplicates":true}`, 201, `{"count":1}`),
		step("POST", "RPC-OP-07 duplicates without skip roll back", "tag/createMany", `{"data":[{"name":"e"},{"name":"a"}]}`, 400, "P2002"),
		step("GET", "RPC-OP-07 nothing of the failed batch", "tag/count", `{"where":{"name":"e"}}`, 200, `0`),
		step("POST", "RPC-OP-07 no nested writes", "post/createMany", `{"data":[{"title":"x","author":{"connect":{"id":1}}}]}`, 422, "foreign keys only"),
		step("POST", "RPC-OP-08 createManyAndReturn", "tag/createManyAndReturn", `{"data":[{"name":"f"},{"name":"g"}],"select":{"name":true}}`, 201, `[{"name":"f"},{"name":"g"}]`),
		step("PATCH", "RPC-OP-10 updateMany", "post/updateMany", `{"where":{"published":false},"data":{"viewCount":{"increment":100}}}`, 200, `{"count":10}`),
		step("PATCH", "RPC-OP-10 updateMany limit", "post/updateMany", `{"where":{"published":false},"data":{"published":true},"limit":2}`, 200, `{"count":2}`),
		step("PATCH", "RPC-OP-10 updateMany relation data", "post/updateMany", `{"data":{"author":{"connect":{"id":1}}}}`, 422, "scalar fields only"),
		step("PUT", "RPC-OP-11 updateManyAndReturn", "post/updateManyAndReturn", `{"where":{"id":{"in":[3,5]}},"data":{"rating":1.5},"select":{"id":true,"rating":true}}`, 200, `[{"id":3,"rating":1.5},{"id":5,"rating":1.5}]`),

		// RPC-OP-13/14
		step("DELETE", "RPC-OP-13 delete answers the deleted row", "comment/delete", `{"where":{"id":1},"select":{"id":true,"content":true}}`, 200, `{"id":1,"content":"Congratulations on the launch!"}`).by(bob),
		step("DELETE", "RPC-ERR-02 delete missing row", "comment/delete", `{"where":{"id":1}}`, 404, "P2025").by(bob),
		step("DELETE", "RPC-ERR-11 delete denied by policy", "comment/delete", `{"where":{"id":4}}`, 403, "rejected-by-policy"),
		step("DELETE", "RPC-OP-14 deleteMany", "tag/deleteMany", `{"where":{"name":{"in":["a","b","c"]}}}`, 200, `{"count":3}`),
		step("DELETE", "RPC-OP-14 deleteMany limit", "tag/deleteMany", `{"where":{"name":{"in":["d","f","g"]}},"limit":1}`, 200, `{"count":1}`),
		step("DELETE", "RPC-ERR-04 foreign key", "user/delete", `{"where":{"id":2}}`, 400, "P2003"),
		step("POST", "RPC-WIRE-04 missing body", "post/create", ``, 400, "missing request body"),
		step("POST", "RPC-WIRE-04 meta is stripped", "tag/create", `{"data":{"name":"m"},"meta":{"serialization":{"values":{}}},"select":{"name":true}}`, 201, `{"name":"m"}`),
	})
}

// TestRPCTransaction checks POST /$transaction/sequential (RPC-OP-20,
// RPC-WIRE-09).
func TestRPCTransaction(t *testing.T) {
	e := newEnv(t)
	const tx = "$transaction/sequential"
	e.rpc(t, emily, "POST", tx, `[{"model":"tag","op":"create","args":{"data":{"name":"t1"}}},{"model":"Tag","op":"count"},{"model":"post","op":"findMany","args":{"where":{"id":1},"select":{"createdAt":true}}}]`).
		expect(t, 200, `{"data":[{"id":5,"name":"t1"},5,[{"createdAt":"2026-01-02T09:00:00.000Z"}]],"meta":{"serialization":{"values":{"2.0.createdAt":["Date"]},"v":1}}}`)
	err := e.rpc(t, emily, "POST", tx, `[{"model":"tag","op":"create","args":{"data":{"name":"t2"}}},{"model":"tag","op":"create","args":{"data":{"name":"t2"}}}]`).rpcFails(t, 400)
	require.Equal(t, "P2002", err.Code)
	// the failed transaction left no rows
	e.rpc(t, emily, "GET", "tag/count", `{"where":{"name":"t2"}}`).expect(t, 200, `{"data":0}`)
	for _, bad := range []string{`[]`, `{}`, `[{"model":"nope","op":"count"}]`, `[{"model":"tag","op":"nope"}]`, `[{"model":"tag","op":"count","args":[]}]`} {
		e.rpc(t, emily, "POST", tx, bad).rpcFails(t, 400)
	}
}

// TestRPCRequiredRelations: a post needs its author and a profile its
// user, so they cannot be unlinked from the user's side (the foreign key
// would become NULL): each attempt is a 422 naming the required relation,
// and nothing changes. What keeps every row linked still works.
func TestRPCRequiredRelations(t *testing.T) {
	const held = "Post.author is required: a post cannot be unlinked from its author"
	const heldProfile = "Profile.user is required: a profile cannot be unlinked from its user"
	runSteps(t, []rpcStep{
		step("PUT", "disconnect a post from its author", "user/update", `{"where":{"id":1},"data":{"posts":{"disconnect":[{"id":1}]}}}`, 422, held),
		step("PUT", "the error names the nested write", "user/update", `{"where":{"id":1},"data":{"posts":{"disconnect":{"id":2}}}}`, 422, `"path":"data.posts.disconnect"`),
		step("PUT", "set drops a post", "user/update", `{"where":{"id":1},"data":{"posts":{"set":[{"id":1},{"id":2}]}}}`, 422, held),
		step("PUT", "set to nothing", "user/update", `{"where":{"id":2},"data":{"posts":{"set":[]}}}`, 422, held),
		step("POST", "in a transaction, nothing is written", "$transaction/sequential", `[{"model":"tag","op":"create","args":{"data":{"name":"t1"}}},{"model":"user","op":"update","args":{"where":{"id":2},"data":{"posts":{"set":[]}}}}]`, 422, held),
		step("GET", "the posts keep their authors", "post/findMany", `{"select":{"id":true,"authorId":true},"orderBy":{"id":"asc"}}`, 200, `[{"id":1,"authorId":1},{"id":2,"authorId":1},{"id":3,"authorId":1},{"id":4,"authorId":2},{"id":5,"authorId":2},{"id":6,"authorId":3}]`),
		step("GET", "and the transaction's tag was rolled back", "tag/count", `{"where":{"name":"t1"}}`, 200, `0`),
		step("PUT", "disconnect a post that is not connected does nothing", "user/update", `{"where":{"id":1},"data":{"posts":{"disconnect":{"id":4}}},"select":{"posts":{"select":{"id":true}}}}`, 200, `{"posts":[{"id":1},{"id":2},{"id":3}]}`),
		step("PUT", "set keeping every post", "user/update", `{"where":{"id":1},"data":{"posts":{"set":[{"id":3},{"id":1},{"id":2}]}},"select":{"posts":{"select":{"id":true}}}}`, 200, `{"posts":[{"id":1},{"id":2},{"id":3}]}`),
		step("PUT", "disconnect a profile from its user", "user/update", `{"where":{"id":1},"data":{"profile":{"disconnect":true}}}`, 422, heldProfile),
		step("PUT", "connect another profile: the user's own would be unlinked", "user/update", `{"where":{"id":1},"data":{"profile":{"connect":{"id":2}}}}`, 422, heldProfile),
		step("PUT", "create a profile in place of the user's own", "user/update", `{"where":{"id":1},"data":{"profile":{"create":{"gender":"x"}}}}`, 422, heldProfile),
		step("PUT", "upsert a profile that does not match: the user's own would be unlinked", "user/update", `{"where":{"id":1},"data":{"profile":{"upsert":{"where":{"gender":"x"},"create":{"gender":"x"},"update":{}}}}}`, 422, heldProfile),
		step("PUT", "disconnect a profile where there is none does nothing", "user/update", `{"where":{"id":3},"data":{"profile":{"disconnect":true}},"select":{"profile":true}}`, 200, `{"profile":null}`),
		step("PUT", "connect the profile the user has", "user/update", `{"where":{"id":1},"data":{"profile":{"connect":{"id":1}}},"select":{"profile":{"select":{"id":true}}}}`, 200, `{"profile":{"id":1}}`),
		step("GET", "the profiles keep their users", "profile/findMany", `{"select":{"id":true,"userId":true},"orderBy":{"id":"asc"}}`, 200, `[{"id":1,"userId":1},{"id":2,"userId":2}]`),
	})
}

// TestRPCArithmetic: the atomic update operations on single and multi-row
// updates (RPC-ATOM-01), and results out of the field's range: a 422 on
// every database, where PostgreSQL and MySQL refused the statement and
// SQLite stored a float it could not read back (500s).
func TestRPCArithmetic(t *testing.T) {
	const outOfRange = "the result is out of range for the field"
	runSteps(t, []rpcStep{
		step("PUT", "multiply in updateMany", "post/updateManyAndReturn", `{"where":{"authorId":1},"data":{"viewCount":{"multiply":3}},"select":{"id":true,"viewCount":true}}`, 200, `[{"id":1,"viewCount":360},{"id":2,"viewCount":1020},{"id":3,"viewCount":0}]`),
		step("PUT", "divide in updateMany", "post/updateManyAndReturn", `{"where":{"authorId":1},"data":{"viewCount":{"divide":2},"rating":{"divide":2}},"select":{"id":true,"viewCount":true,"rating":true}}`, 200, `[{"id":1,"viewCount":180,"rating":2.25},{"id":2,"viewCount":510,"rating":2.4},{"id":3,"viewCount":0,"rating":null}]`),
		step("PUT", "increment and decrement in updateMany", "post/updateMany", `{"where":{"authorId":2},"data":{"viewCount":{"increment":5},"rating":{"decrement":0.5}}}`, 200, `{"count":2}`),
		step("GET", "their results", "post/findMany", `{"where":{"authorId":2},"select":{"viewCount":true,"rating":true},"orderBy":{"id":"asc"}}`, 200, `[{"viewCount":20,"rating":3.4},{"viewCount":7,"rating":null}]`),
		step("PUT", "a value near the top of int64", "post/update", `{"where":{"id":4},"data":{"viewCount":9223372036854775800},"select":{"viewCount":true}}`, 200, `{"viewCount":9223372036854775800}`),
		step("PUT", "increment to the top", "post/update", `{"where":{"id":4},"data":{"viewCount":{"increment":7}},"select":{"viewCount":true}}`, 200, `{"viewCount":9223372036854775807}`).contains(`{"viewCount":9223372036854775807}`),
		step("PUT", "increment past it", "post/update", `{"where":{"id":4},"data":{"viewCount":{"increment":1}}}`, 422, outOfRange),
		step("PUT", "increment past it in updateMany", "post/updateMany", `{"where":{"authorId":2},"data":{"viewCount":{"increment":1}}}`, 422, outOfRange),
		step("PUT", "multiply past it", "post/update", `{"where":{"id":4},"data":{"viewCount":{"multiply":2}}}`, 422, outOfRange),
		step("PUT", "decrement past the bottom", "post/update", `{"where":{"id":5},"data":{"viewCount":{"decrement":9223372036854775807}},"select":{"viewCount":true}}`, 200, `{"viewCount":-9223372036854775800}`).contains(`{"viewCount":-9223372036854775800}`),
		step("PUT", "decrement past the bottom again", "post/update", `{"where":{"id":5},"data":{"viewCount":{"decrement":9}}}`, 422, outOfRange),
		step("PUT", "a value past int64", "post/update", `{"where":{"id":5},"data":{"viewCount":9223372036854775808}}`, 422, "9223372036854775808 is out of range for viewCount (a 64-bit integer)"),
		step("PUT", "incrementing by a value past int64", "post/update", `{"where":{"id":5},"data":{"viewCount":{"increment":1e30}}}`, 422, "1e30 is out of range for viewCount"),
		step("PUT", "divide by zero", "post/update", `{"where":{"id":5},"data":{"viewCount":{"divide":0}}}`, 422, "division by zero"),
		step("PUT", "a float past the largest", "post/update", `{"where":{"id":1},"data":{"rating":1e308},"select":{"rating":true}}`, 200, `{"rating":1e+308}`),
		step("PUT", "multiply a float past the largest", "post/update", `{"where":{"id":1},"data":{"rating":{"multiply":10}}}`, 422, outOfRange),
		step("GET", "nothing changed", "post/findMany", `{"where":{"id":{"in":[1,4,5]}},"select":{"viewCount":true,"rating":true},"orderBy":{"id":"asc"}}`, 200, `[{"viewCount":180,"rating":1e+308},{"viewCount":9223372036854775807,"rating":3.4},{"viewCount":-9223372036854775800,"rating":null}]`).
			contains(`[{"viewCount":180,"rating":1e+308},{"viewCount":9223372036854775807,"rating":3.4},{"viewCount":-9223372036854775800,"rating":null}]`),
	})
}

// contains adds a fragment the body must hold verbatim: data compares
// numbers as float64, which cannot tell 2^63-1 from 2^63-8.
func (s rpcStep) contains(fragment string) rpcStep { s.msg = fragment; return s }
