package entx

import (
	"reflect"

	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"
)

// valueSpec says how the APIs read and write a field of some Go type: its
// API kind, the converter from canonical values (resource.Conv of one of
// the resource converters), and how to append its JSON. append uses VAL
// for the field's value and ADDR for a pointer to it.
type valueSpec struct {
	kind   string // resource.Kind constant name
	elem   string // kind of the elements of a JSON list, or ""
	conv   string // "" when the APIs cannot convert values to the Go type
	append string
	direct bool // the Go type is the stored kind itself (int8, time.Duration, http.Dir…)
}

// valueOf maps an Ent field to the way the APIs handle it. The API kind
// follows the type Ent stores (an int64-backed string id is an integer on
// the wire). A Go type of that kind is converted directly; another one
// through its sql.Scanner and driver.Valuer, as the database sees it; an
// external ValueScanner through its own functions; JSON through
// encoding/json.
func valueOf(t *gen.Type, f *gen.Field) valueSpec {
	rt := f.Type.RType
	goType := f.Type.String()
	if rt.IsPtr() {
		goType = rt.Ident // the element: converters return a pointer to it
	}
	kind, direct := baseKind(f)
	v := valueSpec{kind: kind, direct: direct}
	scanner := rt != nil && rt.Methods["Scan"].In != nil
	valuer := rt != nil && rt.Methods["Value"].Out != nil
	switch {
	case f.HasValueScanner():
		vs := t.Package() + ".ValueScanner." + f.StructField()
		v.conv = "resource.Conv(resource.FromValue(" + vs + "))"
		v.append = "resource.AppendValueScanner(dst, resource." + kind + ", " + vs + ", VAL)"
		return v
	case kind == "KindJSON":
		v.conv = "resource.Conv(resource.JSON[" + f.Type.String() + "])"
		v.append = "resource.AppendAny(dst, VAL)"
		v.elem = jsonListKind(f)
		return v
	case direct:
		v.conv = "resource.Conv(" + directConv(kind, f, goType) + ")"
		v.append = directAppend(kind, f)
		return v
	}
	switch {
	case scanner && rt.IsPtr():
		v.conv = "resource.Conv(resource.ScanPtr[" + goType + "])"
	case scanner:
		v.conv = "resource.Conv(resource.Scan[" + goType + "])"
	}
	switch {
	case kind == "KindUUID" && rt != nil && rt.Methods["MarshalText"].Out != nil:
		v.append = "resource.AppendText(dst, ADDR)"
	case valuer:
		v.append = "resource.AppendValuer(dst, resource." + kind + ", ADDR)"
	default:
		v.append = "resource.AppendAny(dst, VAL)"
		v.conv = ""
	}
	return v
}

// baseKind is the API kind of the type Ent stores, and whether the field's
// Go type is of that kind itself (so a conversion is a type conversion).
// An Other field takes the kind of its Go type when it is a basic one.
func baseKind(f *gen.Field) (string, bool) {
	rt := f.Type.RType
	goKind := reflect.Invalid
	if rt != nil {
		goKind = rt.Kind
	}
	builtin := !f.HasGoType()
	is := func(ks ...reflect.Kind) bool {
		for _, k := range ks {
			if goKind == k {
				return true
			}
		}
		return builtin
	}
	ints := []reflect.Kind{reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64}
	uints := []reflect.Kind{reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64}
	switch f.Type.Type {
	case field.TypeBool:
		return "KindBool", is(reflect.Bool)
	case field.TypeInt, field.TypeInt8, field.TypeInt16, field.TypeInt32, field.TypeInt64:
		return "KindInt", is(ints...)
	case field.TypeUint, field.TypeUint8, field.TypeUint16, field.TypeUint32, field.TypeUint64:
		return "KindUint", is(uints...)
	case field.TypeFloat32, field.TypeFloat64:
		return "KindFloat", is(reflect.Float32, reflect.Float64)
	case field.TypeString:
		return "KindString", is(reflect.String)
	case field.TypeEnum:
		return "KindEnum", is(reflect.String)
	case field.TypeTime:
		return "KindTime", builtin
	case field.TypeUUID:
		return "KindUUID", false
	case field.TypeBytes:
		return "KindBytes", is(reflect.Slice)
	case field.TypeJSON:
		return "KindJSON", false
	}
	// Other: a basic Go type says what the values are.
	switch {
	case goKind == reflect.String:
		return "KindString", true
	case goKind == reflect.Bool:
		return "KindBool", true
	case goKind == reflect.Float32 || goKind == reflect.Float64:
		return "KindFloat", true
	}
	for _, k := range ints {
		if goKind == k {
			return "KindInt", true
		}
	}
	for _, k := range uints {
		if goKind == k {
			return "KindUint", true
		}
	}
	return "KindOther", false
}

// directConv is the converter of a Go type of the stored kind.
func directConv(kind string, f *gen.Field, goType string) string {
	switch kind {
	case "KindBool":
		return "resource.Bool[" + goType + "]"
	case "KindInt":
		return "resource.Int[" + goType + "]"
	case "KindUint":
		return "resource.Uint[" + goType + "]"
	case "KindFloat":
		return "resource.Float[" + goType + "]"
	case "KindTime":
		return "resource.Time"
	case "KindBytes":
		if f.HasGoType() {
			return "resource.BytesAs[" + goType + "]"
		}
		return "resource.Bytes"
	}
	return "resource.Str[" + goType + "]"
}

func directAppend(kind string, f *gen.Field) string {
	switch kind {
	case "KindBool":
		return "resource.AppendBool(dst, bool(VAL))"
	case "KindInt":
		return "resource.AppendInt(dst, int64(VAL))"
	case "KindUint":
		return "resource.AppendUint(dst, uint64(VAL))"
	case "KindFloat":
		return "resource.AppendFloat(dst, float64(VAL))"
	case "KindTime":
		return "resource.AppendTime(dst, VAL)"
	case "KindBytes":
		return "resource.AppendBytes(dst, []byte(VAL))"
	}
	return "resource.AppendString(dst, string(VAL))"
}

// jsonListKind is the kind of the elements of a JSON field holding a list of
// scalars (field.Strings, field.Ints, field.JSON("x", []T{})), or "".
func jsonListKind(f *gen.Field) string {
	rt := f.Type.RType
	if rt == nil || rt.Kind != reflect.Slice {
		return ""
	}
	switch rt.Ident {
	case "[]string":
		return "KindString"
	case "[]int", "[]int8", "[]int16", "[]int32", "[]int64":
		return "KindInt"
	case "[]uint", "[]uint16", "[]uint32", "[]uint64":
		return "KindUint"
	case "[]float32", "[]float64":
		return "KindFloat"
	case "[]bool":
		return "KindBool"
	}
	return ""
}
