package restapi

import (
	"sort"
	"strconv"
	"strings"

	"github.com/entstack/entstack/openapi"
	"github.com/entstack/entstack/resource"
)

// OpenAPIPath is where the handler serves its OpenAPI document, under its
// mount point (/api/rest/openapi.json).
const OpenAPIPath = "/openapi.json"

// OpenAPI describes the API as an OpenAPI 3.1 document, built from the
// registry and the handler's options: every endpoint and verb, the typed
// filter[…] parameters of each field with the operators its type allows,
// sort, include and fields[type] as enums, pages, the documents of every
// model, the error document, and the statuses each endpoint can answer.
// Beyond ZenStack's generator it documents fields[type], relationship
// DELETE, string statuses, the bearer-token scheme, the operations an
// access policy guards (x-entstack-policy, 403) and the fields read rules
// may hide (x-entstack-read-rule). The handler serves it at OpenAPIPath.
func (h *Handler) OpenAPI() *openapi.Document {
	g := &restSpec{h: h, doc: &openapi.Document{
		OpenAPI: openapi.Version,
		Info: openapi.Info{Title: "JSON:API", Version: "1.1",
			Description: "JSON:API v1.1 over the models of an Ent schema, served by entstack. Request bodies are application/vnd.api+json (application/json is accepted too)."},
		Servers: []openapi.Server{{URL: h.opts.Endpoint}},
		Paths:   openapi.NewMap[*openapi.PathItem](),
		Components: openapi.Components{
			Schemas:         openapi.NewMap[*openapi.Schema](),
			Parameters:      openapi.NewMap[*openapi.Parameter](),
			Responses:       openapi.NewMap[*openapi.Response](),
			SecuritySchemes: map[string]*openapi.SecurityScheme{"bearerAuth": bearerScheme},
		},
		// Anonymous requests are allowed; the access policy decides.
		Security: []map[string][]string{{}, {"bearerAuth": {}}},
	}}
	g.common()
	for _, m := range h.reg.Models {
		g.doc.Tags = append(g.doc.Tags, openapi.Tag{Name: m.Type(), Description: "The " + m.Type() + " resources (" + m.Name() + ")"})
		g.model(m)
	}
	for _, m := range h.reg.Models {
		g.paths(m)
	}
	return g.doc
}

var bearerScheme = &openapi.SecurityScheme{Type: "http", Scheme: "bearer", BearerFormat: "JWT",
	Description: "The signed-in user, as the application authenticates it; without it the request is anonymous."}

type restSpec struct {
	h   *Handler
	doc *openapi.Document
}

// schemaName is the component name of a model's schema: Post, PostCreate…
func schemaName(m *resource.Model, suffix string) string {
	return strings.ToUpper(m.Type()[:1]) + m.Type()[1:] + suffix
}

func (g *restSpec) schema(name string, s *openapi.Schema) { g.doc.Components.Schemas.Set(name, s) }

func props() *openapi.Map[*openapi.Schema] { return openapi.NewMap[*openapi.Schema]() }

// common adds the schemas, parameters and responses every model uses.
func (g *restSpec) common() {
	g.schema("JSONAPI", &openapi.Schema{Type: "object", Properties: props().Set("version", &openapi.Schema{Type: "string"})})
	nullableString := &openapi.Schema{Type: []string{"string", "null"}}
	g.schema("Links", &openapi.Schema{Type: "object", Properties: props().
		Set("self", &openapi.Schema{Type: "string"}).Set("related", &openapi.Schema{Type: "string"}).
		Set("first", nullableString).Set("last", nullableString).Set("prev", nullableString).Set("next", nullableString)})
	g.schema("ListMeta", &openapi.Schema{Type: "object", Properties: props().
		Set("total", &openapi.Schema{Type: "integer", Minimum: openapi.Float(0), Description: "rows that match, across pages"})})
	g.schema("ResourceIdentifier", openapi.Object(props().
		Set("type", &openapi.Schema{Type: "string"}).Set("id", &openapi.Schema{Type: "string"}).
		Set("meta", &openapi.Schema{Type: "object"}), "type", "id"))
	g.schema("Error", &openapi.Schema{Type: "object", Required: []string{"status", "code", "title"}, Properties: props().
		Set("status", &openapi.Schema{Type: "string", Pattern: "^[1-5][0-9][0-9]$", Description: "the HTTP status, as a string (JSON:API)"}).
		Set("code", &openapi.Schema{Type: "string", Description: "a stable error code (ZenStack's vocabulary): invalid-filter, not-found, forbidden…"}).
		Set("title", &openapi.Schema{Type: "string"}).
		Set("detail", &openapi.Schema{Type: "string"}).
		Set("source", &openapi.Schema{Type: "object", Properties: props().
			Set("pointer", &openapi.Schema{Type: "string", Description: "JSON pointer to the request body member at fault"}).
			Set("parameter", &openapi.Schema{Type: "string", Description: "the query parameter at fault"}).
			Set("header", &openapi.Schema{Type: "string"})}).
		Set("meta", &openapi.Schema{Type: "object"})})
	g.schema("ErrorDocument", &openapi.Schema{Type: "object", Required: []string{"errors"}, Properties: props().
		Set("jsonapi", openapi.Ref("JSONAPI")).
		Set("errors", &openapi.Schema{Type: "array", Items: openapi.Ref("Error"), MinItems: openapi.Int(1)}).
		Set("meta", &openapi.Schema{Type: "object"})})
	g.schema("ToOneLinkage", openapi.Object(props().Set("data", openapi.Nullable(openapi.Ref("ResourceIdentifier"))), "data"))
	g.schema("ToManyLinkage", openapi.Object(props().Set("data", openapi.Array(openapi.Ref("ResourceIdentifier"))), "data"))
	g.schema("RelationshipDocument", &openapi.Schema{Type: "object", Required: []string{"data"}, Properties: props().
		Set("jsonapi", openapi.Ref("JSONAPI")).
		Set("data", &openapi.Schema{AnyOf: []*openapi.Schema{openapi.Ref("ResourceIdentifier"), {Type: "null"}, openapi.Array(openapi.Ref("ResourceIdentifier"))}}).
		Set("links", openapi.Ref("Links")).Set("meta", openapi.Ref("ListMeta"))})
	var included []*openapi.Schema
	for _, m := range g.h.reg.Models {
		included = append(included, openapi.Ref(schemaName(m, "")))
	}
	g.schema("Included", &openapi.Schema{Type: "array", Items: &openapi.Schema{AnyOf: included},
		Description: "the related resources include= asked for"})

	params := g.doc.Components.Parameters
	params.Set("id", &openapi.Parameter{Name: "id", In: "path", Required: true, Schema: &openapi.Schema{Type: "string"}, Description: "the resource's id"})
	params.Set("pageOffset", &openapi.Parameter{Name: "page[offset]", In: "query", Schema: &openapi.Schema{Type: "integer", Minimum: openapi.Float(0)},
		Description: "rows to skip"})
	limit := &openapi.Schema{Type: "integer", Minimum: openapi.Float(1)}
	desc := "rows per page"
	if g.h.opts.PageSize != Unlimited {
		desc += " (default " + strconv.Itoa(g.h.opts.PageSize) + ")"
	}
	if max := g.h.opts.MaxPageSize; max != Unlimited {
		limit.Maximum = openapi.Float(float64(max))
	}
	params.Set("pageLimit", &openapi.Parameter{Name: "page[limit]", In: "query", Schema: limit, Description: desc})

	resp := g.doc.Components.Responses
	errResp := func(desc string) *openapi.Response {
		return &openapi.Response{Description: desc, Content: jsonAPIContent(openapi.Ref("ErrorDocument"))}
	}
	resp.Set("BadRequest", errResp("invalid query parameters or request document (source.parameter or source.pointer says where)"))
	resp.Set("Forbidden", errResp("denied: by the access policy (code forbidden), a read-only member, a client-generated id the model does not accept, or the verb on a to-one relationship"))
	resp.Set("NotFound", errResp("no such resource, or one the viewer may not read; or a related resource named in the body"))
	resp.Set("Conflict", errResp("a type or id that is not the endpoint's, a unique value that is taken, or a change that would break a relation"))
	resp.Set("NotAcceptable", errResp("the Accept header rules out the JSON:API media type"))
	resp.Set("PayloadTooLarge", errResp("the request body is over the limit"))
	resp.Set("UnsupportedMediaType", errResp("a Content-Type that is not JSON:API's (or has media-type parameters it does not allow)"))
}

func jsonAPIContent(s *openapi.Schema) map[string]*openapi.MediaType {
	return map[string]*openapi.MediaType{MediaType: {Schema: s}}
}

// attributeSchema is a field as a resource attribute: read-only fields are
// marked, and so are fields a read rule may hide.
func attributeSchema(f *resource.Field) *openapi.Schema {
	s := openapi.FieldValue(f)
	if !f.Writable(false) {
		s.ReadOnly = true
	}
	if f.ReadRule() {
		s.Description = "left out of the resource for viewers its read rule rejects"
		s.Extensions = map[string]any{"x-entstack-read-rule": true}
	}
	return s
}

// model adds the schemas of one model: the resource object, its documents
// and its write documents.
func (g *restSpec) model(m *resource.Model) {
	attrs := props()
	for _, f := range m.Fields() {
		if f.Edge() != nil && g.h.opts.HideForeignKeys {
			continue
		}
		attrs.Set(f.Name(), attributeSchema(f))
	}
	rels := props()
	for _, e := range m.Edges() {
		data := openapi.Array(g.identifier(e.Target()))
		desc := "to-many: data (full linkage) when included"
		if e.Unique() {
			data, desc = openapi.Nullable(g.identifier(e.Target())), "to-one: data is always present"
		}
		rels.Set(e.Name(), &openapi.Schema{Type: "object", Description: desc, Properties: props().
			Set("links", openapi.Ref("Links")).Set("data", data).Set("meta", &openapi.Schema{Type: "object"})})
	}
	g.schema(schemaName(m, ""), openapi.Object(props().
		Set("type", &openapi.Schema{Type: "string", Const: m.Type()}).
		Set("id", &openapi.Schema{Type: "string"}).
		Set("attributes", &openapi.Schema{Type: "object", Properties: attrs, AdditionalProperties: false,
			Description: "sparse fieldsets (fields[" + m.Type() + "]) and read rules may leave attributes out"}).
		Set("relationships", &openapi.Schema{Type: "object", Properties: rels, AdditionalProperties: false}).
		Set("links", openapi.Ref("Links")).
		Set("meta", &openapi.Schema{Type: "object"}), "type", "id"))
	g.schema(schemaName(m, "Document"), openapi.Object(props().
		Set("jsonapi", openapi.Ref("JSONAPI")).
		Set("data", openapi.Ref(schemaName(m, ""))).
		Set("included", openapi.Ref("Included")).
		Set("links", openapi.Ref("Links")).
		Set("meta", &openapi.Schema{Type: "object"}), "data"))
	g.schema(schemaName(m, "NullableDocument"), openapi.Object(props().
		Set("jsonapi", openapi.Ref("JSONAPI")).
		Set("data", openapi.Nullable(openapi.Ref(schemaName(m, "")))).
		Set("included", openapi.Ref("Included")).
		Set("links", openapi.Ref("Links")).
		Set("meta", &openapi.Schema{Type: "object"}), "data"))
	g.schema(schemaName(m, "ListDocument"), openapi.Object(props().
		Set("jsonapi", openapi.Ref("JSONAPI")).
		Set("data", openapi.Array(openapi.Ref(schemaName(m, "")))).
		Set("included", openapi.Ref("Included")).
		Set("links", openapi.Ref("Links")).
		Set("meta", openapi.Ref("ListMeta")), "data"))
	g.schema(schemaName(m, "Create"), g.writeDocument(m, false))
	g.schema(schemaName(m, "Update"), g.writeDocument(m, true))
}

// identifier is the resource identifier of a model's resources.
func (g *restSpec) identifier(m *resource.Model) *openapi.Schema {
	return openapi.Object(props().
		Set("type", &openapi.Schema{Type: "string", Const: m.Type()}).
		Set("id", &openapi.Schema{Type: "string"}).
		Set("meta", &openapi.Schema{Type: "object"}), "type", "id")
}

// writeDocument is the request document of a create or an update: the
// members the API lets a client write, with the ones a create needs
// required.
func (g *restSpec) writeDocument(m *resource.Model, update bool) *openapi.Schema {
	attrs := props()
	var required []string
	for _, f := range m.Fields() {
		if !f.Writable(update) {
			continue
		}
		attrs.Set(f.Name(), openapi.FieldValue(f))
		if !update && !f.Optional() && !f.Default() && !f.Nillable() && f.Edge() == nil {
			required = append(required, f.Name())
		}
	}
	rels := props()
	var requiredRels []string
	for _, e := range m.Edges() {
		if e.ReadOnly() || (update && e.Immutable()) {
			continue
		}
		if e.Unique() {
			rels.Set(e.Name(), openapi.Object(props().Set("data", openapi.Nullable(g.identifier(e.Target()))), "data"))
		} else {
			rels.Set(e.Name(), openapi.Object(props().Set("data", openapi.Array(g.identifier(e.Target()))), "data"))
		}
		if !update && e.Required() {
			requiredRels = append(requiredRels, e.Name())
		}
	}
	data := props().Set("type", &openapi.Schema{Type: "string", Const: m.Type()})
	var dataRequired = []string{"type"}
	switch {
	case update:
		data.Set("id", &openapi.Schema{Type: "string", Description: "optional; must be the URL's id when present"})
	case m.ClientID():
		data.Set("id", &openapi.Schema{Type: "string", Description: "a client-generated id"})
	}
	attrSchema := &openapi.Schema{Type: "object", Properties: attrs, Required: required, AdditionalProperties: false}
	relSchema := &openapi.Schema{Type: "object", Properties: rels, AdditionalProperties: false}
	if len(requiredRels) > 0 {
		relSchema.Description = "a required relationship may be given by its foreign-key attribute instead"
	}
	data.Set("attributes", attrSchema).Set("relationships", relSchema).Set("meta", &openapi.Schema{Type: "object"})
	if len(required) > 0 {
		dataRequired = append(dataRequired, "attributes")
	}
	return openapi.Object(props().
		Set("data", openapi.Object(data, dataRequired...)).
		Set("meta", &openapi.Schema{Type: "object"}), "data")
}

// paths adds the endpoints of one model.
func (g *restSpec) paths(m *resource.Model) {
	base := "/" + m.Type()
	name := schemaName(m, "")
	guard := m.Guarded()
	collection := &openapi.PathItem{
		Get: g.op(m, "list"+name, "List "+m.Type()+" resources", g.collectionParams(m),
			nil, "200", g.ok("the page of "+m.Type()+" resources", schemaName(m, "ListDocument")), guard.Read, "read"),
		Post: g.op(m, "create"+name, "Create a "+m.Type()+" resource", g.shapeParams(m),
			g.body(schemaName(m, "Create")), "201", g.created(m), guard.Create, "create",
			"403", "404", "409", "413", "415"),
	}
	g.doc.Paths.Set(base, collection)
	idParam := &openapi.Parameter{Ref: "#/components/parameters/id"}
	one := &openapi.PathItem{Parameters: []*openapi.Parameter{idParam},
		Get: g.op(m, "get"+name, "Get a "+m.Type()+" resource", g.shapeParams(m),
			nil, "200", g.ok("the "+m.Type()+" resource", schemaName(m, "Document")), guard.Read, "read", "404"),
		Patch: g.op(m, "update"+name, "Update a "+m.Type()+" resource (partial; a to-many relationship given replaces the collection)", g.shapeParams(m),
			g.body(schemaName(m, "Update")), "200", g.ok("the updated resource", schemaName(m, "Document")), guard.Update, "update",
			"403", "404", "409", "413", "415"),
		Delete: g.op(m, "delete"+name, "Delete a "+m.Type()+" resource", nil,
			nil, "204", &openapi.Response{Description: "deleted"}, guard.Delete, "delete", "403", "404", "409"),
	}
	put := *one.Patch
	put.OperationID = "replace" + name
	put.Summary = "Update a " + m.Type() + " resource (PUT is partial too, as PATCH)"
	one.Put = &put
	g.doc.Paths.Set(base+"/{id}", one)

	for _, e := range m.Edges() {
		t := e.Target()
		edgeName := strings.ToUpper(e.Name()[:1]) + e.Name()[1:]
		related := &openapi.PathItem{Parameters: []*openapi.Parameter{idParam}}
		if e.Unique() {
			related.Get = g.op(m, "get"+name+edgeName, "Get the "+e.Name()+" of a "+m.Type(), g.shapeParams(t),
				nil, "200", g.ok("the related "+t.Type()+" resource, or null", schemaName(t, "NullableDocument")), guard.Read || t.Guarded().Read, "read", "404")
		} else {
			related.Get = g.op(m, "list"+name+edgeName, "List the "+e.Name()+" of a "+m.Type(), g.collectionParams(t),
				nil, "200", g.ok("the page of related "+t.Type()+" resources", schemaName(t, "ListDocument")), guard.Read || t.Guarded().Read, "read", "404")
		}
		g.doc.Paths.Set(base+"/{id}/"+e.Name(), related)

		linkage := "ToManyLinkage"
		if e.Unique() {
			linkage = "ToOneLinkage"
		}
		rel := &openapi.PathItem{Parameters: []*openapi.Parameter{idParam}}
		relParams := g.shapeParams(t)
		if !e.Unique() {
			relParams = g.collectionParams(t)
		}
		rel.Get = g.op(m, "get"+name+edgeName+"Relationship", "Get the "+e.Name()+" linkage of a "+m.Type(), relParams,
			nil, "200", g.ok("the linkage", "RelationshipDocument"), guard.Read || t.Guarded().Read, "read", "404")
		if !e.ReadOnly() {
			writes := []string{"403", "404", "409", "413", "415"}
			rel.Patch = g.op(m, "replace"+name+edgeName+"Relationship", "Replace the "+e.Name()+" of a "+m.Type(), g.shapeParams(t),
				g.body(linkage), "200", g.ok("the resulting linkage", "RelationshipDocument"), guard.Update, "update", writes...)
			if !e.Unique() {
				rel.Post = g.op(m, "add"+name+edgeName+"Relationship", "Add to the "+e.Name()+" of a "+m.Type()+" (members already there are kept)", g.shapeParams(t),
					g.body(linkage), "200", g.ok("the resulting linkage", "RelationshipDocument"), guard.Update, "update", writes...)
				rel.Delete = g.op(m, "remove"+name+edgeName+"Relationship", "Remove from the "+e.Name()+" of a "+m.Type()+" (absent members are fine)", g.shapeParams(t),
					g.body(linkage), "200", g.ok("the resulting linkage", "RelationshipDocument"), guard.Update, "update", writes...)
			}
		}
		g.doc.Paths.Set(base+"/{id}/relationships/"+e.Name(), rel)
	}
}

func (g *restSpec) ok(desc, schema string) *openapi.Response {
	return &openapi.Response{Description: desc, Content: jsonAPIContent(openapi.Ref(schema))}
}

func (g *restSpec) created(m *resource.Model) *openapi.Response {
	r := g.ok("the created resource", schemaName(m, "Document"))
	r.Headers = map[string]*openapi.Header{"Location": {Description: "the created resource's URL (its links.self)", Schema: &openapi.Schema{Type: "string", Format: "uri"}}}
	return r
}

func (g *restSpec) body(schema string) *openapi.RequestBody {
	return &openapi.RequestBody{Required: true, Content: map[string]*openapi.MediaType{
		MediaType:          {Schema: openapi.Ref(schema)},
		"application/json": {Schema: openapi.Ref(schema)},
	}}
}

// errorResponses maps statuses to the shared responses.
var errorResponses = map[string]string{
	"400": "BadRequest", "403": "Forbidden", "404": "NotFound", "406": "NotAcceptable",
	"409": "Conflict", "413": "PayloadTooLarge", "415": "UnsupportedMediaType",
}

// op builds an operation. guarded says whether the model's access policy
// restricts opName; a guarded write may be a 403 of the policy.
func (g *restSpec) op(m *resource.Model, id, summary string, params []*openapi.Parameter, body *openapi.RequestBody,
	status string, ok *openapi.Response, guarded bool, opName string, errs ...string) *openapi.Operation {
	o := &openapi.Operation{Tags: []string{m.Type()}, Summary: summary, OperationID: id, Parameters: params, RequestBody: body,
		Responses: openapi.NewMap[*openapi.Response]()}
	o.Responses.Set(status, ok)
	statuses := append([]string{"400"}, errs...)
	if guarded && opName != "read" && !contains(statuses, "403") {
		statuses = append(statuses, "403")
	}
	statuses = append(statuses, "406")
	sort.Strings(statuses)
	for _, s := range statuses {
		o.Responses.Set(s, &openapi.Response{Ref: "#/components/responses/" + errorResponses[s]})
	}
	if guarded {
		o.Extensions = map[string]any{"x-entstack-policy": opName}
		if opName == "read" {
			o.Description = "Access policy: only the rows the viewer may read are found (the others are 404, or absent from lists and counts)."
		} else {
			o.Description = "Access policy: the model's " + opName + " rules may deny this (403), or hide the row (404)."
		}
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shapeParams are the parameters that shape any response: include and
// sparse fieldsets.
func (g *restSpec) shapeParams(m *resource.Model) []*openapi.Parameter {
	out := []*openapi.Parameter{g.includeParam(m)}
	for _, t := range g.h.reg.Models {
		var names []any
		for _, f := range t.Fields() {
			names = append(names, f.Name())
		}
		for _, e := range t.Edges() {
			names = append(names, e.Name())
		}
		out = append(out, listParam("fields["+t.Type()+"]", "the attributes and relationships of "+t.Type()+" resources to show (sparse fieldset)",
			&openapi.Schema{Type: "string", Enum: names}))
	}
	return out
}

// listParam is a comma-separated query parameter (style form, not exploded).
func listParam(name, desc string, item *openapi.Schema) *openapi.Parameter {
	f := false
	return &openapi.Parameter{Name: name, In: "query", Description: desc, Style: "form", Explode: &f,
		Schema: &openapi.Schema{Type: "array", Items: item}}
}

// includeParam enumerates the include paths of a model up to the
// handler's include depth (capped, so that a large schema keeps a readable
// document; longer paths are valid all the same).
func (g *restSpec) includeParam(m *resource.Model) *openapi.Parameter {
	const maxPaths = 200
	var paths []any
	type node struct {
		m    *resource.Model
		path string
	}
	level := []node{{m, ""}}
	for depth := 0; depth < g.h.opts.MaxIncludeDepth && len(level) > 0 && len(paths) < maxPaths; depth++ {
		var next []node
		for _, n := range level {
			for _, e := range n.m.Edges() {
				p := e.Name()
				if n.path != "" {
					p = n.path + "." + e.Name()
				}
				if len(paths) < maxPaths {
					paths = append(paths, p)
					next = append(next, node{e.Target(), p})
				}
			}
		}
		level = next
	}
	return listParam("include", "related resources to include (dotted paths walk relationships)", &openapi.Schema{Type: "string", Enum: paths})
}

// collectionParams are the parameters of a collection: filters, sort,
// pages, include and fields.
func (g *restSpec) collectionParams(m *resource.Model) []*openapi.Parameter {
	out := g.filterParams(m)
	var sorts []any
	add := func(prefix string, t *resource.Model) {
		for _, f := range append([]*resource.Field{t.ID()}, t.Fields()...) {
			if f.Kind().Ordered() || f.Kind() == resource.KindBool {
				sorts = append(sorts, prefix+f.Name(), "-"+prefix+f.Name())
			}
		}
	}
	add("", m)
	for _, e := range m.Edges() {
		if e.Unique() {
			add(e.Name()+".", e.Target())
		}
	}
	out = append(out, listParam("sort", "sort keys, - for descending; to-one relationship paths (author.name) sort by the related attribute",
		&openapi.Schema{Type: "string", Enum: sorts}))
	out = append(out, &openapi.Parameter{Ref: "#/components/parameters/pageOffset"}, &openapi.Parameter{Ref: "#/components/parameters/pageLimit"})
	return append(out, g.shapeParams(m)...)
}

// filterParams are the filter[…] parameters of a model's attributes and
// relationships, typed by the field: equality (a comma list is an OR), and
// the operators the field's type allows. Filters through relationships
// (filter[author][name]) take the same operators on the related model.
func (g *restSpec) filterParams(m *resource.Model) []*openapi.Parameter {
	var out []*openapi.Parameter
	for _, f := range append([]*resource.Field{m.ID()}, m.Fields()...) {
		if f.Kind() == resource.KindJSON || f.Kind() == resource.KindBytes || f.Kind() == resource.KindOther {
			continue
		}
		item := openapi.FieldValue(f)
		item.Type = scalarType(item.Type)
		desc := "equal to one of the values"
		if f.Nillable() {
			desc += " (null matches no value)"
		}
		if f.ReadRule() {
			desc += "; rows whose " + f.Name() + " the viewer may not read never match"
		}
		out = append(out, listParam("filter["+f.Name()+"]", desc, item))
		if f.Kind().Ordered() {
			for _, op := range []string{"$lt", "$lte", "$gt", "$gte"} {
				out = append(out, listParam("filter["+f.Name()+op+"]", op[1:]+" one of the values", item))
			}
			between := listParam("filter["+f.Name()+"$between]", "between the two values, inclusive", item)
			between.Schema.MinItems, between.Schema.MaxItems = openapi.Int(2), openapi.Int(2)
			out = append(out, between)
		}
		if f.Kind() == resource.KindString {
			for _, op := range []string{"$contains", "$icontains", "$search", "$startsWith", "$endsWith"} {
				if _, ok := operators[op]; ok {
					out = append(out, listParam("filter["+f.Name()+op+"]", stringOpDoc[op], &openapi.Schema{Type: "string"}))
				}
			}
		}
	}
	id := &openapi.Schema{Type: "string"}
	for _, e := range m.Edges() {
		if e.Unique() {
			out = append(out, listParam("filter["+e.Name()+"]", "the related "+e.Target().Type()+" is one of these ids (null: none)", id))
			continue
		}
		out = append(out, listParam("filter["+e.Name()+"]", "some related "+e.Target().Type()+" is one of these ids", id))
		for _, op := range []string{"$has", "$hasEvery", "$hasSome"} {
			if collectionOps[op] {
				out = append(out, listParam("filter["+e.Name()+op+"]", collectionOpDoc[op], id))
			}
		}
		if collectionOps["$isEmpty"] {
			out = append(out, &openapi.Parameter{Name: "filter[" + e.Name() + "$isEmpty]", In: "query",
				Description: "the relationship is empty (true) or not (false)", Schema: &openapi.Schema{Type: "boolean"}})
		}
	}
	return out
}

var stringOpDoc = map[string]string{
	"$contains": "contains the text (case-sensitive)", "$icontains": "contains the text, ignoring case",
	"$search": "contains every whitespace-separated term, ignoring case", "$startsWith": "starts with the text",
	"$endsWith": "ends with the text",
}

var collectionOpDoc = map[string]string{
	"$has": "contains the related id", "$hasEvery": "contains every one of the ids", "$hasSome": "contains at least one of the ids",
}

// scalarType drops "null" from a nullable type: filter values are never
// the JSON null (the text null is).
func scalarType(t any) any {
	if l, ok := t.([]string); ok {
		return l[0]
	}
	return t
}
