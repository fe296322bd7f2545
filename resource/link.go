package resource

// The helpers below are the bodies of the generated Mutation.Link and
// Mutation.SetID: Ent's typed calls (SetAuthorID, AddTagIDs, ClearTags…)
// passed as function values, so that each edge is one line of generated
// code.

// LinkOne applies op to a to-one edge through its setter and clearer.
func LinkOne[T any](op LinkOp, ids []any, set func(T), clear func()) error {
	switch {
	case op == LinkClear:
		clear()
	case op == LinkSet && len(ids) == 1:
		id, err := idAs[T](ids[0])
		if err != nil {
			return err
		}
		set(id)
	default:
		return Errorf(Invalid, CodeInvalidValue, "a to-one relation takes one id")
	}
	return nil
}

// LinkMany applies op to a to-many edge through its adder, remover and
// clearer.
func LinkMany[T any](op LinkOp, ids []any, add, remove func(...T), clear func()) error {
	if op == LinkClear {
		clear()
		return nil
	}
	xs := make([]T, len(ids))
	for i, id := range ids {
		x, err := idAs[T](id)
		if err != nil {
			return err
		}
		xs[i] = x
	}
	switch op {
	case LinkAdd:
		add(xs...)
	case LinkRemove:
		remove(xs...)
	default:
		return Errorf(Invalid, CodeInvalidValue, "a to-many relation gains or loses rows; it is not set to one")
	}
	return nil
}

// SetID sets a client-generated id through the builder's typed SetID.
func SetID[T any](id any, set func(T)) error {
	x, err := idAs[T](id)
	if err == nil {
		set(x)
	}
	return err
}

// idAs returns an id of the Go type T. Ids reach mutations already
// converted by the target ID's Conv, so anything else is a bug in the
// caller, reported as such rather than as bad input.
func idAs[T any](id any) (T, error) {
	x, ok := id.(T)
	if !ok {
		return x, Errorf(Internal, CodeInternal, "id %v is a %T, not a %T", id, id, x)
	}
	return x, nil
}

// ReadOnlyError is what the generated operations of a model the APIs
// cannot write (an Ent view) return.
func ReadOnlyError(model string) error {
	return Errorf(Forbidden, CodeForbidden, "%s is read-only", model)
}

// IDsGenerated is what the generated Mutation.SetID of a model whose ids
// the database or Ent generates returns: a client cannot choose one.
func IDsGenerated(model string) error {
	return Errorf(Forbidden, CodeForbidden, "%s ids are generated", model)
}

func notWritable(f *Field) error {
	return Errorf(Invalid, CodeInvalidValue, "%s cannot be written through the API", f.Name())
}
