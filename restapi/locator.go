package restapi

import "github.com/entstack/entstack/resource"

// pointers is the resource.Locator of a parsed request document: the JSON
// pointer of every member a Write was built from.
type pointers struct {
	id     string
	body   string
	fields map[*resource.Field]string
	edges  map[*resource.Edge]string
	// external marks the edges whose ids are external ids still to be
	// resolved (Options.ExternalIDs).
	external map[*resource.Edge]bool
}

func (p *pointers) setField(f *resource.Field, ptr string) {
	if p.fields == nil {
		p.fields = make(map[*resource.Field]string, 8)
	}
	p.fields[f] = ptr
}

func (p *pointers) setEdge(e *resource.Edge, ptr string) {
	if p.edges == nil {
		p.edges = make(map[*resource.Edge]string, 4)
	}
	p.edges[e] = ptr
}

func (p *pointers) setExternal(e *resource.Edge) {
	if p.external == nil {
		p.external = make(map[*resource.Edge]bool, 2)
	}
	p.external[e] = true
}

func (p *pointers) Field(f *resource.Field) resource.Source {
	if f.Index() < 0 {
		return resource.Source{Pointer: p.id}
	}
	if ptr, ok := p.fields[f]; ok {
		return resource.Source{Pointer: ptr}
	}
	if f.Edge() != nil {
		return p.Edge(f.Edge())
	}
	return resource.Source{Pointer: p.body}
}

func (p *pointers) Edge(e *resource.Edge) resource.Source {
	if ptr, ok := p.edges[e]; ok {
		return resource.Source{Pointer: ptr}
	}
	return resource.Source{Pointer: p.body}
}

func (p *pointers) Body() resource.Source { return resource.Source{Pointer: p.body} }
