package rpcapi

import (
	"net/http"
	"sort"
	"strings"

	"github.com/entstack/entstack/openapi"
	"github.com/entstack/entstack/resource"
)

// OpenAPIPath is where the handler serves its OpenAPI document, under its
// mount point (/api/rpc/openapi.json).
const OpenAPIPath = "/openapi.json"

// writeArgs names the arguments each write operation accepts (the reads'
// are readArgs).
var writeArgs = map[string][]string{
	"create":              {"data", "select", "include", "omit"},
	"createMany":          {"data", "skipDuplicates"},
	"createManyAndReturn": {"data", "skipDuplicates", "select", "include", "omit"},
	"upsert":              {"where", "create", "update", "select", "include", "omit"},
	"update":              {"where", "data", "select", "include", "omit"},
	"updateMany":          {"where", "data", "limit"},
	"updateManyAndReturn": {"where", "data", "limit", "select", "include", "omit"},
	"delete":              {"where", "select", "include", "omit"},
	"deleteMany":          {"where", "limit"},
}

// groupByArgs are the arguments of groupBy.
var groupByArgs = []string{"by", "where", "having", "orderBy", "take", "skip", "_count", "_sum", "_avg", "_min", "_max"}

// OpenAPI describes the API as an OpenAPI 3.1 document built from the
// registry: every operation of every model with its verb, the schema of
// its arguments (where, select, include, omit, orderBy, data with nested
// writes, aggregations) in the q parameter or the body, the superjson meta
// parameter, the {data, meta} result and the error envelope. Operations an
// access policy guards carry x-entstack-policy and a 403; fields a read
// rule may hide carry x-entstack-read-rule. The handler serves it at
// OpenAPIPath, with the path it is mounted under as the server.
func (h *Handler) OpenAPI() *openapi.Document {
	g := &rpcSpec{h: h, doc: &openapi.Document{
		OpenAPI: openapi.Version,
		Info: openapi.Info{Title: "RPC", Version: "1",
			Description: "The Prisma Client query API over HTTP, wire-compatible with ZenStack's RPC handler and client libraries, served by entstack. Values JSON cannot carry (dates, bigints, decimals, bytes) travel with superjson metadata in meta.serialization."},
		Paths: openapi.NewMap[*openapi.PathItem](),
		Components: openapi.Components{
			Schemas:   openapi.NewMap[*openapi.Schema](),
			Responses: openapi.NewMap[*openapi.Response](),
			SecuritySchemes: map[string]*openapi.SecurityScheme{"bearerAuth": {Type: "http", Scheme: "bearer", BearerFormat: "JWT",
				Description: "The signed-in user, as the application authenticates it; without it the request is anonymous."}},
		},
		Security: []map[string][]string{{}, {"bearerAuth": {}}},
	}}
	g.common()
	for _, m := range h.reg.Models {
		g.doc.Tags = append(g.doc.Tags, openapi.Tag{Name: m.Type(), Description: "Operations on " + m.Name()})
		g.model(m)
	}
	ops := make([]string, 0, len(operations))
	for name := range operations {
		ops = append(ops, name)
	}
	sort.Strings(ops)
	for _, m := range h.reg.Models {
		for _, op := range ops {
			g.operation(m, op, operations[op])
		}
	}
	g.transaction()
	return g.doc
}

type rpcSpec struct {
	h   *Handler
	doc *openapi.Document
	// nested is set while building the Nested variants of the schemas: the
	// ones relation members refer to. Their own relation members take any
	// value, so that the schemas have a bounded depth: fully recursive ones
	// make documentation pages resolve an exponential tree (Post → author →
	// User → posts → Post …) when an operation is opened.
	nested bool
}

// relRef is the schema of a relation member: the target's Nested variant
// of kind, or, inside a Nested variant, any value.
func (g *rpcSpec) relRef(t *resource.Model, kind string) *openapi.Schema {
	if g.nested {
		return &openapi.Schema{}
	}
	return openapi.Ref(name(t, kind+"Nested"))
}

// own is the component name of the model's schema of kind being built.
func (g *rpcSpec) own(m *resource.Model, kind string) string {
	if g.nested {
		return name(m, kind+"Nested")
	}
	return name(m, kind)
}

func props() *openapi.Map[*openapi.Schema] { return openapi.NewMap[*openapi.Schema]() }

func (g *rpcSpec) schema(name string, s *openapi.Schema) { g.doc.Components.Schemas.Set(name, s) }

func name(m *resource.Model, suffix string) string {
	return strings.ToUpper(m.Type()[:1]) + m.Type()[1:] + suffix
}

var (
	boolSchema  = &openapi.Schema{Type: "boolean"}
	sortOrder   = &openapi.Schema{Type: "string", Enum: []any{"asc", "desc"}}
	countSchema = &openapi.Schema{Type: "integer", Minimum: openapi.Float(0)}
)

// common adds the error envelope, the sort orders and the result
// envelopes' parts.
func (g *rpcSpec) common() {
	g.schema("Error", &openapi.Schema{Type: "object", Required: []string{"error"}, Properties: props().Set("error",
		&openapi.Schema{Type: "object", Required: []string{"message"}, Properties: props().
			Set("message", &openapi.Schema{Type: "string"}).
			Set("reason", &openapi.Schema{Type: "string", Description: "invalid-input, rejected-by-policy, not-found, db-query-error…"}).
			Set("model", &openapi.Schema{Type: "string"}).
			Set("rejectedByPolicy", boolSchema).
			Set("rejectReason", &openapi.Schema{Type: "string", Description: "no-access, cannot-read-back (the write committed; ZenStack's clients resolve it as a success)"}).
			Set("rejectedByValidation", boolSchema).
			Set("path", &openapi.Schema{Type: "string", Description: "the argument at fault: where.author.is.name"}).
			Set("errorCode", &openapi.Schema{Type: "string"})})})
	g.schema("Meta", &openapi.Schema{Type: "object", Description: "superjson metadata of the values JSON cannot carry",
		Properties: props().Set("serialization", &openapi.Schema{Type: "object"})})
	g.schema("SortOrderInput", openapi.Object(props().Set("sort", sortOrder).
		Set("nulls", &openapi.Schema{Type: "string", Enum: []any{"first", "last"}}), "sort"))
	g.schema("BatchPayload", openapi.Object(props().Set("count", countSchema), "count"))
	resp := g.doc.Components.Responses
	errResp := func(desc string) *openapi.Response {
		return &openapi.Response{Description: desc, Content: jsonContent(openapi.Ref("Error"))}
	}
	resp.Set("BadRequest", errResp("an unknown model or operation, a verb the operation is not served on, a q, meta or body that is not JSON, or a unique or foreign-key constraint the write breaks (code P2002/P2003)"))
	resp.Set("Forbidden", errResp("denied by the access policy (rejectedByPolicy); rejectReason cannot-read-back when the write committed but its result is not readable"))
	resp.Set("NotFound", errResp("no row matches the unique where (or the viewer may not read it)"))
	resp.Set("PayloadTooLarge", errResp("the body or q is over the limit"))
	resp.Set("Unprocessable", errResp("the arguments are invalid (rejectedByValidation, path names the argument)"))
}

func jsonContent(s *openapi.Schema) map[string]*openapi.MediaType {
	return map[string]*openapi.MediaType{"application/json": {Schema: s}}
}

// model adds the schemas of one model's arguments and results.
func (g *rpcSpec) model(m *resource.Model) {
	fields := append([]*resource.Field{m.ID()}, m.Fields()...)
	g.entity(m, fields)
	g.omit(m, fields)
	g.where(m, fields)
	g.selection(m, fields)
	g.orderBy(m, fields)
	g.data(m, fields)
	g.args(m, fields)
	g.nested = true
	g.entity(m, fields)
	g.where(m, fields)
	g.selection(m, fields)
	g.orderBy(m, fields)
	g.data(m, fields)
	g.nested = false
}

// entity adds the model's schema as results show it: select, include and
// omit decide which members are there.
func (g *rpcSpec) entity(m *resource.Model, fields []*resource.Field) {
	out := props()
	for _, f := range fields {
		s := openapi.FieldValue(f)
		if f.ReadRule() {
			s.Description = "left out for viewers its read rule rejects"
			s.Extensions = map[string]any{"x-entstack-read-rule": true}
		}
		out.Set(f.Name(), s)
	}
	counts := props()
	for _, e := range m.Edges() {
		if e.Unique() {
			out.Set(e.Name(), openapi.Nullable(g.relRef(e.Target(), "")))
		} else {
			out.Set(e.Name(), openapi.Array(g.relRef(e.Target(), "")))
			counts.Set(e.Name(), countSchema)
		}
	}
	if counts.Len() > 0 {
		out.Set("_count", &openapi.Schema{Type: "object", Properties: counts})
	}
	g.schema(g.own(m, ""), &openapi.Schema{Type: "object", Properties: out, AdditionalProperties: false,
		Description: m.Name() + " as results show it (select, include and omit decide the members)"})
}

// fieldFilter is the filter of one field: a value (equals) or an object of
// the operators its type allows.
func fieldFilter(f *resource.Field) *openapi.Schema {
	v := openapi.FieldValue(f)
	ops := props().Set("equals", v)
	list := openapi.Array(v)
	ops.Set("in", list).Set("notIn", list)
	if f.Kind().Ordered() {
		for _, op := range []string{"lt", "lte", "gt", "gte"} {
			if _, ok := rangeOps[op]; ok {
				ops.Set(op, v)
			}
		}
		between := openapi.Array(v)
		between.MinItems, between.MaxItems = openapi.Int(2), openapi.Int(2)
		ops.Set("between", between)
	}
	if f.Kind() == resource.KindString {
		for _, op := range []string{"contains", "startsWith", "endsWith"} {
			if _, ok := stringOps[op]; ok {
				ops.Set(op, &openapi.Schema{Type: "string"})
			}
		}
		ops.Set("mode", &openapi.Schema{Type: "string", Enum: []any{"default", "insensitive"}})
	}
	not := &openapi.Schema{AnyOf: []*openapi.Schema{v, {Type: "object"}}, Description: "a value, or a filter of this field"}
	ops.Set("not", not)
	return &openapi.Schema{AnyOf: []*openapi.Schema{v, {Type: "object", Properties: ops, AdditionalProperties: false}}}
}

// where adds Where (any filter) and WhereUnique (one naming the id or a
// unique field).
func (g *rpcSpec) where(m *resource.Model, fields []*resource.Field) {
	w := props()
	for _, f := range fields {
		if f.Kind() == resource.KindJSON || f.Kind() == resource.KindOther || f.Kind() == resource.KindBytes {
			continue
		}
		s := fieldFilter(f)
		if f.ReadRule() {
			s.Description = "rows whose " + f.Name() + " the viewer may not read never match"
		}
		w.Set(f.Name(), s)
	}
	for _, e := range m.Edges() {
		t := g.relRef(e.Target(), "Where")
		if e.Unique() {
			w.Set(e.Name(), &openapi.Schema{AnyOf: []*openapi.Schema{
				{Type: "null"}, t,
				openapi.Object(props().Set("is", openapi.Nullable(t)).Set("isNot", openapi.Nullable(t))),
			}})
		} else {
			w.Set(e.Name(), openapi.Object(props().Set("some", t).Set("every", t).Set("none", t)))
		}
	}
	self := openapi.Ref(g.own(m, "Where"))
	listOrOne := &openapi.Schema{AnyOf: []*openapi.Schema{self, openapi.Array(self)}}
	w.Set("AND", listOrOne).Set("OR", openapi.Array(self)).Set("NOT", listOrOne)
	g.schema(g.own(m, "Where"), &openapi.Schema{Type: "object", Properties: w, AdditionalProperties: false})
	if g.nested {
		return
	}
	var unique []*openapi.Schema
	for _, f := range fields {
		if f.Unique() {
			unique = append(unique, &openapi.Schema{Required: []string{f.Name()}})
		}
	}
	g.schema(name(m, "WhereUnique"), &openapi.Schema{AllOf: []*openapi.Schema{self, {AnyOf: unique}},
		Description: "a where that names the id or a unique field"})
}

// selection adds Select, Include and Omit.
func (g *rpcSpec) selection(m *resource.Model, fields []*resource.Field) {
	sel, inc := props(), props()
	for _, f := range fields {
		sel.Set(f.Name(), boolSchema)
	}
	counts := props()
	for _, e := range m.Edges() {
		t := e.Target()
		var nested *openapi.Schema
		if e.Unique() {
			nested = openapi.Object(props().Set("select", g.relRef(t, "Select")).
				Set("include", g.relRef(t, "Include")).Set("omit", openapi.Ref(name(t, "Omit"))))
		} else {
			orderBy := g.relRef(t, "OrderBy")
			if !g.nested {
				orderBy = &openapi.Schema{AnyOf: []*openapi.Schema{orderBy, openapi.Array(orderBy)}}
			}
			nested = openapi.Object(props().Set("where", g.relRef(t, "Where")).
				Set("orderBy", orderBy).Set("skip", countSchema).Set("take", &openapi.Schema{Type: "integer"}).
				Set("select", g.relRef(t, "Select")).Set("include", g.relRef(t, "Include")).
				Set("omit", openapi.Ref(name(t, "Omit"))))
			counts.Set(e.Name(), &openapi.Schema{AnyOf: []*openapi.Schema{boolSchema,
				openapi.Object(props().Set("where", g.relRef(t, "Where")))}})
		}
		rel := &openapi.Schema{AnyOf: []*openapi.Schema{boolSchema, nested}}
		sel.Set(e.Name(), rel)
		inc.Set(e.Name(), rel)
	}
	if counts.Len() > 0 {
		count := &openapi.Schema{AnyOf: []*openapi.Schema{boolSchema,
			openapi.Object(props().Set("select", &openapi.Schema{Type: "object", Properties: counts, AdditionalProperties: false}))},
			Description: "counts of related rows"}
		sel.Set("_count", count)
		inc.Set("_count", count)
	}
	g.schema(g.own(m, "Select"), &openapi.Schema{Type: "object", Properties: sel, AdditionalProperties: false})
	g.schema(g.own(m, "Include"), &openapi.Schema{Type: "object", Properties: inc, AdditionalProperties: false})
}

// omit adds Omit: the fields a result leaves out.
func (g *rpcSpec) omit(m *resource.Model, fields []*resource.Field) {
	omit := props()
	for _, f := range fields {
		omit.Set(f.Name(), boolSchema)
	}
	g.schema(name(m, "Omit"), &openapi.Schema{Type: "object", Properties: omit, AdditionalProperties: false})
}

func orderByArg(m *resource.Model) *openapi.Schema {
	o := openapi.Ref(name(m, "OrderBy"))
	return &openapi.Schema{AnyOf: []*openapi.Schema{o, openapi.Array(o)}}
}

// orderBy adds OrderBy: fields (with nulls), to-one relations by their
// fields, to-many relations by their count.
func (g *rpcSpec) orderBy(m *resource.Model, fields []*resource.Field) {
	o := props()
	for _, f := range fields {
		if f.Kind().Ordered() || f.Kind() == resource.KindBool {
			o.Set(f.Name(), &openapi.Schema{AnyOf: []*openapi.Schema{sortOrder, openapi.Ref("SortOrderInput")}})
		}
	}
	for _, e := range m.Edges() {
		if e.Unique() {
			o.Set(e.Name(), g.relRef(e.Target(), "OrderBy"))
		} else {
			o.Set(e.Name(), openapi.Object(props().Set("_count", sortOrder), "_count"))
		}
	}
	g.schema(g.own(m, "OrderBy"), &openapi.Schema{Type: "object", Properties: o, AdditionalProperties: false})
}

// data adds CreateData and UpdateData, with the nested writes each
// relation takes (the handler's createOps and updateOps).
func (g *rpcSpec) data(m *resource.Model, fields []*resource.Field) {
	create, update := props(), props()
	var required []string
	for _, f := range fields {
		if f == m.ID() && !m.ClientID() {
			continue
		}
		if f.Writable(false) {
			create.Set(f.Name(), openapi.FieldValue(f))
			if f != m.ID() && !f.Optional() && !f.Default() && !f.Nillable() && f.Edge() == nil {
				required = append(required, f.Name())
			}
		}
		if f != m.ID() && f.Writable(true) {
			ops := props().Set("set", openapi.FieldValue(f))
			if f.Kind().Numeric() {
				for _, op := range []string{"increment", "decrement", "multiply", "divide"} {
					ops.Set(op, &openapi.Schema{Type: "number"})
				}
			}
			update.Set(f.Name(), &openapi.Schema{AnyOf: []*openapi.Schema{openapi.FieldValue(f),
				{Type: "object", Properties: ops, AdditionalProperties: false, MinProperties: openapi.Int(1), MaxProperties: openapi.Int(1)}}})
		}
	}
	for _, e := range m.Edges() {
		if e.ReadOnly() {
			continue
		}
		t := e.Target()
		one := func(s string) *openapi.Schema {
			if e.Unique() {
				return g.relRef(t, s)
			}
			r := g.relRef(t, s)
			return &openapi.Schema{AnyOf: []*openapi.Schema{r, openapi.Array(r)}}
		}
		nested := func(ops []string, update bool) *openapi.Schema {
			p := props()
			for _, op := range ops {
				switch op {
				case "create":
					p.Set(op, one("CreateData"))
				case "createMany":
					p.Set(op, openapi.Object(props().Set("data", &openapi.Schema{AnyOf: []*openapi.Schema{
						g.relRef(t, "CreateData"), openapi.Array(g.relRef(t, "CreateData"))}}).
						Set("skipDuplicates", boolSchema), "data"))
				case "connect", "set":
					p.Set(op, g.uniqueOneOrMany(t, e.Unique()))
				case "connectOrCreate":
					s := openapi.Object(props().Set("where", g.unique(t)).Set("create", g.relRef(t, "CreateData")), "where", "create")
					if e.Unique() {
						p.Set(op, s)
					} else {
						p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{s, openapi.Array(s)}})
					}
				case "disconnect", "delete":
					if e.Unique() {
						p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{boolSchema, g.relRef(t, "Where")}})
					} else {
						p.Set(op, g.uniqueOneOrMany(t, e.Unique()))
					}
				case "deleteMany":
					w := g.relRef(t, "Where")
					p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{w, openapi.Array(w)}})
				case "update":
					if e.Unique() {
						p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{g.relRef(t, "UpdateData"),
							openapi.Object(props().Set("where", g.relRef(t, "Where")).Set("data", g.relRef(t, "UpdateData")), "data")}})
					} else {
						u := openapi.Object(props().Set("where", g.unique(t)).Set("data", g.relRef(t, "UpdateData")), "where", "data")
						p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{u, openapi.Array(u)}})
					}
				case "updateMany":
					u := openapi.Object(props().Set("where", g.relRef(t, "Where")).Set("data", g.relRef(t, "UpdateData")), "data")
					p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{u, openapi.Array(u)}})
				case "upsert":
					u := openapi.Object(props().Set("where", g.unique(t)).
						Set("create", g.relRef(t, "CreateData")).Set("update", g.relRef(t, "UpdateData")), "create", "update")
					if e.Unique() {
						p.Set(op, u)
					} else {
						p.Set(op, &openapi.Schema{AnyOf: []*openapi.Schema{u, openapi.Array(u)}})
					}
				}
			}
			return &openapi.Schema{Type: "object", Properties: p, AdditionalProperties: false}
		}
		create.Set(e.Name(), nested(createOps(e), false))
		if !e.Immutable() {
			update.Set(e.Name(), nested(updateOps(e), true))
		}
	}
	g.schema(g.own(m, "CreateData"), &openapi.Schema{Type: "object", Properties: create, Required: required, AdditionalProperties: false,
		Description: "a required relation may be given by its foreign key instead"})
	g.schema(g.own(m, "UpdateData"), &openapi.Schema{Type: "object", Properties: update, AdditionalProperties: false})
}

// unique is the target's WhereUnique as a relation member (any value
// inside a Nested variant).
func (g *rpcSpec) unique(t *resource.Model) *openapi.Schema {
	if g.nested {
		return &openapi.Schema{}
	}
	return openapi.Ref(name(t, "WhereUnique"))
}

func (g *rpcSpec) uniqueOneOrMany(t *resource.Model, one bool) *openapi.Schema {
	u := g.unique(t)
	if one {
		return u
	}
	return &openapi.Schema{AnyOf: []*openapi.Schema{u, openapi.Array(u)}}
}

// args adds the argument schema of every operation.
func (g *rpcSpec) args(m *resource.Model, fields []*resource.Field) {
	member := map[string]*openapi.Schema{
		"where":                openapi.Ref(name(m, "Where")),
		"orderBy":              orderByArg(m),
		"cursor":               openapi.Ref(name(m, "WhereUnique")),
		"take":                 &openapi.Schema{Type: "integer", Description: "rows to return (negative: from the end), at most " + itoa(g.h.opts.MaxTake)},
		"skip":                 countSchema,
		"select":               openapi.Ref(name(m, "Select")),
		"include":              openapi.Ref(name(m, "Include")),
		"omit":                 openapi.Ref(name(m, "Omit")),
		"relationLoadStrategy": &openapi.Schema{Type: "string", Enum: []any{"query", "join"}, Description: "accepted and ignored (one query per level)"},
		"data":                 openapi.Ref(name(m, "CreateData")),
		"create":               openapi.Ref(name(m, "CreateData")),
		"update":               openapi.Ref(name(m, "UpdateData")),
		"skipDuplicates":       boolSchema,
		"limit":                &openapi.Schema{Type: "integer", Minimum: openapi.Float(0)},
		"having":               &openapi.Schema{Type: "object", Description: "filters on the groups' aggregates"},
	}
	var distinct []any
	fieldNames := props()
	numeric := props()
	for _, f := range fields {
		distinct = append(distinct, f.Name())
		fieldNames.Set(f.Name(), boolSchema)
		if f.Kind().Numeric() {
			numeric.Set(f.Name(), boolSchema)
		}
	}
	member["distinct"] = &openapi.Schema{AnyOf: []*openapi.Schema{{Type: "string", Enum: distinct}, openapi.Array(&openapi.Schema{Type: "string", Enum: distinct})}}
	member["by"] = &openapi.Schema{AnyOf: []*openapi.Schema{{Type: "string", Enum: distinct}, openapi.Array(&openapi.Schema{Type: "string", Enum: distinct})}}
	countSel := props().Set("_all", boolSchema)
	for _, k := range fieldNames.Keys() {
		v, _ := fieldNames.Get(k)
		countSel.Set(k, v)
	}
	member["_count"] = &openapi.Schema{AnyOf: []*openapi.Schema{boolSchema, {Type: "object", Properties: countSel, AdditionalProperties: false}}}
	member["_sum"] = &openapi.Schema{Type: "object", Properties: numeric, AdditionalProperties: false}
	member["_avg"] = member["_sum"]
	member["_min"] = &openapi.Schema{Type: "object", Properties: fieldNames, AdditionalProperties: false}
	member["_max"] = member["_min"]

	build := func(op string, keys []string) {
		p := props()
		for _, k := range keys {
			s := member[k]
			switch {
			case k == "where" && (op == "findUnique" || op == "findUniqueOrThrow" || op == "update" || op == "upsert" || op == "delete"):
				s = openapi.Ref(name(m, "WhereUnique"))
			case k == "data" && (op == "update" || op == "updateMany" || op == "updateManyAndReturn"):
				s = openapi.Ref(name(m, "UpdateData"))
			case k == "data" && (op == "createMany" || op == "createManyAndReturn"):
				d := openapi.Ref(name(m, "CreateData"))
				s = &openapi.Schema{AnyOf: []*openapi.Schema{d, openapi.Array(d)}}
			case k == "select" && op == "count":
				s = member["_count"]
			}
			if s == nil {
				s = &openapi.Schema{}
			}
			p.Set(k, s)
		}
		var required []string
		for _, k := range requiredArgs[op] {
			required = append(required, k)
		}
		g.schema(name(m, strings.ToUpper(op[:1])+op[1:]+"Args"), &openapi.Schema{Type: "object", Properties: p, Required: required, AdditionalProperties: false})
	}
	for op := range operations {
		switch {
		case readArgs[op] != nil:
			build(op, readArgs[op])
		case strings.HasSuffix(op, "OrThrow"):
			build(op, readArgs[strings.TrimSuffix(op, "OrThrow")])
		case writeArgs[op] != nil:
			build(op, writeArgs[op])
		case op == "groupBy":
			build(op, groupByArgs)
		}
	}
}

// requiredArgs are the arguments an operation cannot do without.
var requiredArgs = map[string][]string{
	"findUnique": {"where"}, "findUniqueOrThrow": {"where"}, "groupBy": {"by"},
	"create": {"data"}, "createMany": {"data"}, "createManyAndReturn": {"data"},
	"update": {"where", "data"}, "updateMany": {"data"}, "updateManyAndReturn": {"data"},
	"upsert": {"where", "create", "update"}, "delete": {"where"},
}

// example is a small valid argument document of an operation, shown by
// documentation pages (and tried as is).
func (g *rpcSpec) example(m *resource.Model, op string) map[string]any {
	id := sampleValue(m.ID())
	data := map[string]any{}
	for _, f := range m.Fields() {
		if f.Writable(false) && !f.Optional() && !f.Default() && !f.Nillable() {
			data[f.Name()] = sampleValue(f)
		}
	}
	switch op {
	case "findMany", "findFirst", "findFirstOrThrow":
		return map[string]any{"take": 10}
	case "findUnique", "findUniqueOrThrow", "delete":
		return map[string]any{"where": map[string]any{"id": id}}
	case "count", "exists", "deleteMany", "aggregate":
		if op == "aggregate" {
			return map[string]any{"_count": map[string]any{"_all": true}}
		}
		return map[string]any{}
	case "groupBy":
		return map[string]any{"by": []string{"id"}, "_count": map[string]any{"_all": true}}
	case "create", "createManyAndReturn", "createMany":
		return map[string]any{"data": data}
	case "upsert":
		return map[string]any{"where": map[string]any{"id": id}, "create": data, "update": map[string]any{}}
	case "update", "updateMany", "updateManyAndReturn":
		if op == "update" {
			return map[string]any{"where": map[string]any{"id": id}, "data": map[string]any{}}
		}
		return map[string]any{"where": map[string]any{"id": id}, "data": map[string]any{}}
	}
	return map[string]any{}
}

// sampleValue is a plausible value of a field, for examples.
func sampleValue(f *resource.Field) any {
	switch f.Kind() {
	case resource.KindInt, resource.KindUint:
		return 1
	case resource.KindFloat:
		return 1.5
	case resource.KindBool:
		return true
	case resource.KindTime:
		return "2026-01-01T00:00:00.000Z"
	case resource.KindEnum:
		if len(f.Enum()) > 0 {
			return f.Enum()[0]
		}
	case resource.KindUUID:
		return "00000000-0000-0000-0000-000000000001"
	}
	return "text"
}

// result is the schema of an operation's data.
func (g *rpcSpec) result(m *resource.Model, op string) *openapi.Schema {
	entity := openapi.Ref(name(m, ""))
	switch op {
	case "findMany", "createManyAndReturn", "updateManyAndReturn":
		return openapi.Array(entity)
	case "findUnique", "findFirst":
		return openapi.Nullable(entity)
	case "count":
		return &openapi.Schema{AnyOf: []*openapi.Schema{countSchema, {Type: "object"}}, Description: "a number, or an object of counts with select"}
	case "exists":
		return boolSchema
	case "aggregate":
		return &openapi.Schema{Type: "object", Description: "the aggregates asked for: _count, _sum, _avg, _min, _max"}
	case "groupBy":
		return openapi.Array(&openapi.Schema{Type: "object", Description: "the by fields and the aggregates of each group"})
	case "createMany", "updateMany", "deleteMany":
		return openapi.Ref("BatchPayload")
	}
	return entity
}

// guard says which of the model's rules an operation runs into.
func guard(m *resource.Model, op string) (string, bool) {
	switch {
	case strings.HasPrefix(op, "create"):
		return "create", m.Guarded().Create
	case op == "upsert":
		return "create,update", m.Guarded().Create || m.Guarded().Update
	case strings.HasPrefix(op, "update"):
		return "update", m.Guarded().Update
	case strings.HasPrefix(op, "delete"):
		return "delete", m.Guarded().Delete
	}
	return "read", m.Guarded().Read
}

// operation adds the path of one operation of a model.
func (g *rpcSpec) operation(m *resource.Model, opName string, oper *operation) {
	argsName := name(m, strings.ToUpper(opName[:1])+opName[1:]+"Args")
	o := &openapi.Operation{Tags: []string{m.Type()}, OperationID: m.Type() + "_" + opName,
		Summary: m.Name() + "." + opName, Responses: openapi.NewMap[*openapi.Response]()}
	required := len(requiredArgs[opName]) > 0
	example := g.example(m, opName)
	var verb string
	switch oper.verbs[0] {
	case http.MethodGet, http.MethodDelete:
		verb = oper.verbs[0]
		o.Parameters = []*openapi.Parameter{
			{Name: "q", In: "query", Required: required, Description: "the arguments, as JSON (superjson's json part)",
				Content: map[string]*openapi.MediaType{"application/json": {Schema: openapi.Ref(argsName), Example: example}}},
			{Name: "meta", In: "query", Description: `superjson metadata of q: {"serialization": …}, for Dates and other values JSON cannot carry`,
				Schema: &openapi.Schema{Type: "string"}},
		}
	default:
		verb = oper.verbs[len(oper.verbs)-1] // PUT for updates, as ZenStack's clients send
		body := &openapi.Schema{AllOf: []*openapi.Schema{openapi.Ref(argsName)}}
		o.RequestBody = &openapi.RequestBody{Required: required, Description: "the arguments; a top-level meta member carries their superjson metadata",
			Content: map[string]*openapi.MediaType{"application/json": {Schema: body, Example: example}}}
	}
	status := itoa(oper.status)
	o.Responses.Set(status, &openapi.Response{Description: "the result", Content: jsonContent(
		openapi.Object(props().Set("data", g.result(m, opName)).Set("meta", openapi.Ref("Meta"))))})
	statuses := []string{"400", "422"}
	rules, guarded := guard(m, opName)
	if guarded {
		statuses = append(statuses, "403")
		o.Extensions = map[string]any{"x-entstack-policy": rules}
		if rules == "read" {
			o.Description = "Access policy: only the rows the viewer may read exist for this operation."
		} else {
			o.Description = "Access policy: the model's " + rules + " rules may deny this (403 rejectedByPolicy)."
		}
	}
	switch opName {
	case "findUniqueOrThrow", "findFirstOrThrow", "update", "delete":
		statuses = append(statuses, "404")
	}
	if o.RequestBody != nil || verb == http.MethodGet {
		statuses = append(statuses, "413")
	}
	sort.Strings(statuses)
	names := map[string]string{"400": "BadRequest", "403": "Forbidden", "404": "NotFound", "413": "PayloadTooLarge", "422": "Unprocessable"}
	for _, s := range statuses {
		o.Responses.Set(s, &openapi.Response{Ref: "#/components/responses/" + names[s]})
	}
	item := &openapi.PathItem{}
	switch verb {
	case http.MethodGet:
		item.Get = o
	case http.MethodPost:
		item.Post = o
	case http.MethodPut:
		item.Put = o
		if len(oper.verbs) > 1 {
			patch := *o
			patch.OperationID += "_patch"
			item.Patch = &patch
		}
	case http.MethodDelete:
		item.Delete = o
	}
	g.doc.Paths.Set("/"+m.Type()+"/"+opName, item)
}

// compact is the document for documentation pages: the operations refer
// to no schema (their arguments and results stay in the components). A page
// like Swagger UI resolves every schema an operation refers to, recursively,
// when the operation is opened; for the argument schemas of a model with
// relations that takes minutes.
func (h *Handler) compact() *openapi.Document {
	doc := h.OpenAPI()
	loose := func(mt *openapi.MediaType) {
		if mt != nil && mt.Schema != nil {
			desc := "see the schemas of the full document (openapi.json)"
			if mt.Schema.Ref != "" {
				desc = strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/") + ": " + desc
			}
			mt.Schema = &openapi.Schema{Type: "object", Description: desc}
		}
	}
	for _, path := range doc.Paths.Keys() {
		item, _ := doc.Paths.Get(path)
		for _, o := range []*openapi.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if o == nil {
				continue
			}
			for _, p := range o.Parameters {
				for _, mt := range p.Content {
					loose(mt)
				}
			}
			if o.RequestBody != nil {
				for _, mt := range o.RequestBody.Content {
					loose(mt)
				}
			}
			for _, code := range o.Responses.Keys() {
				r, _ := o.Responses.Get(code)
				for _, mt := range r.Content {
					if mt.Schema != nil && mt.Schema.Properties != nil {
						if _, ok := mt.Schema.Properties.Get("data"); ok {
							mt.Schema.Properties.Set("data", &openapi.Schema{Description: "the result; its schema is in the full document (openapi.json)"})
						}
					}
				}
			}
		}
	}
	doc.Components.Schemas = openapi.NewMap[*openapi.Schema]().Set("Error", mustGet(doc.Components.Schemas, "Error")).Set("Meta", mustGet(doc.Components.Schemas, "Meta"))
	doc.Info.Description += " This is the compact view for documentation pages; openapi.json has the schemas of every argument and result."
	return doc
}

func mustGet(m *openapi.Map[*openapi.Schema], key string) *openapi.Schema {
	s, _ := m.Get(key)
	return s
}

// transaction adds POST /$transaction/sequential.
func (g *rpcSpec) transaction() {
	var models []any
	for _, m := range g.h.reg.Models {
		models = append(models, m.Type())
	}
	var ops []any
	for name := range operations {
		ops = append(ops, name)
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].(string) < ops[j].(string) })
	step := openapi.Object(props().
		Set("model", &openapi.Schema{Type: "string", Enum: models}).
		Set("op", &openapi.Schema{Type: "string", Enum: ops}).
		Set("args", &openapi.Schema{Type: "object", Description: "the operation's arguments"}), "model", "op")
	o := &openapi.Operation{Tags: []string{"$transaction"}, OperationID: "transaction_sequential",
		Summary: "Run operations in order, in one transaction", Responses: openapi.NewMap[*openapi.Response](),
		RequestBody: &openapi.RequestBody{Required: true, Content: jsonContent(openapi.Array(step))}}
	o.Responses.Set("200", &openapi.Response{Description: "the result of each operation, in order", Content: jsonContent(
		openapi.Object(props().Set("data", openapi.Array(&openapi.Schema{})).Set("meta", openapi.Ref("Meta"))))})
	for _, s := range []string{"400", "403", "404", "413", "422"} {
		names := map[string]string{"400": "BadRequest", "403": "Forbidden", "404": "NotFound", "413": "PayloadTooLarge", "422": "Unprocessable"}
		o.Responses.Set(s, &openapi.Response{Ref: "#/components/responses/" + names[s]})
	}
	g.doc.Tags = append(g.doc.Tags, openapi.Tag{Name: "$transaction", Description: "Batches"})
	g.doc.Paths.Set("/$transaction/sequential", &openapi.PathItem{Post: o})
}
