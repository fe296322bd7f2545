package rpcapi

import (
	"context"
	"math"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// fieldUpdate parses the value of a field in update data: a value, or an
// atomic operation {set | increment | decrement | multiply | divide}
// (RPC-ATOM-01). increment and decrement stay atomic in SQL; multiply and
// divide compute the new value from the current one, read in the
// transaction. Either way the current value is read first, so that a
// result that does not fit the field is a 422 rather than a database
// error (PostgreSQL and MySQL refuse it, SQLite turns the integer into a
// float that cannot be read back). NULL stays NULL.
func (mu *mutator) fieldUpdate(ctx context.Context, m *resource.Model, id any, f *resource.Field, v any, path string) (resource.FieldWrite, error) {
	o, isObj := v.(map[string]any)
	if !isObj || f.Kind() == resource.KindJSON {
		return mu.fieldValue(f, v, path, true)
	}
	if len(o) != 1 {
		return resource.FieldWrite{}, argError(path, resource.CodeInvalidValue, "expected one of set, increment, decrement, multiply, divide")
	}
	for op, x := range o {
		op_ := join(path, op)
		if op == "set" {
			return mu.fieldValue(f, x, op_, true)
		}
		switch op {
		case "increment", "decrement", "multiply", "divide":
		default:
			return resource.FieldWrite{}, argError(op_, resource.CodeUnknownOperator, "unknown update operation")
		}
		if !f.Kind().Numeric() {
			return resource.FieldWrite{}, argError(op_, resource.CodeInvalidParameter, "%s is not a number", f.Name())
		}
		fw, err := mu.fieldValue(f, x, op_, true)
		if err != nil {
			return fw, err
		}
		if fw.Value == nil {
			return fw, argError(op_, resource.CodeInvalidValue, "expected a number")
		}
		if id == nil {
			return fw, argError(op_, resource.CodeInvalidParameter, "%s is supported in updates of existing rows only", op)
		}
		cur, err := currentValue(ctx, m, id, f)
		if err != nil || cur == nil {
			return resource.FieldWrite{Field: f, Op: resource.FieldSet, Value: nil}, err
		}
		if c, unsigned := cur.(uint64); unsigned && op == "decrement" {
			// An unsigned field has no negative increment: set the
			// difference (the transaction keeps it consistent).
			b, _ := fw.Value.(uint64)
			if b > c {
				return fw, argError(op_, resource.CodeInvalidValue, "the result is out of range for the field")
			}
			return resource.FieldWrite{Field: f, Op: resource.FieldSet, Value: c - b}, nil
		}
		if op == "increment" || op == "decrement" {
			if op == "decrement" {
				if fw.Value, err = arith("multiply", fw.Value, int64(-1), op_); err != nil {
					return fw, err
				}
			}
			if _, err := arith("add", cur, fw.Value, op_); err != nil {
				return fw, err
			}
			fw.Op = resource.FieldAdd
			return fw, nil
		}
		fw.Value, err = arith(op, cur, fw.Value, op_)
		return fw, err
	}
	panic("unreachable")
}

// arith computes cur op by ("add", "multiply", "divide") on canonical
// numbers of one kind (int64, uint64 or float64; by may be a negative
// int64 for an unsigned field), refusing a result outside the kind's range
// and division by zero.
func arith(op string, cur, by any, path string) (any, error) {
	overflow := func() error {
		return argError(path, resource.CodeInvalidValue, "the result is out of range for the field")
	}
	switch c := cur.(type) {
	case int64:
		b, _ := toInt64(by)
		var r int64
		switch op {
		case "add":
			r = c + b
			if (b > 0 && r < c) || (b < 0 && r > c) {
				return nil, overflow()
			}
		case "multiply":
			if c == 0 || b == 0 {
				return int64(0), nil
			}
			r = c * b
			if r/b != c || (c == -1 && b == math.MinInt64) || (b == -1 && c == math.MinInt64) {
				return nil, overflow()
			}
		default:
			if b == 0 {
				return nil, argError(path, resource.CodeInvalidValue, "division by zero")
			}
			if c == math.MinInt64 && b == -1 {
				return nil, overflow()
			}
			r = c / b
		}
		return r, nil
	case uint64:
		switch b := by.(type) {
		case int64:
			if op != "add" {
				if b < 0 {
					return nil, overflow()
				}
				return arith(op, c, uint64(b), path)
			}
			if b < 0 {
				if uint64(-(b+1))+1 > c {
					return nil, overflow()
				}
				return c - (uint64(-(b + 1)) + 1), nil
			}
			return arith(op, c, uint64(b), path)
		case uint64:
			switch op {
			case "add":
				if c+b < c {
					return nil, overflow()
				}
				return c + b, nil
			case "multiply":
				if c != 0 && (c*b)/c != b {
					return nil, overflow()
				}
				return c * b, nil
			}
			if b == 0 {
				return nil, argError(path, resource.CodeInvalidValue, "division by zero")
			}
			return c / b, nil
		}
	case float64:
		b, _ := toFloat64(by)
		var r float64
		switch op {
		case "add":
			r = c + b
		case "multiply":
			r = c * b
		default:
			if b == 0 {
				return nil, argError(path, resource.CodeInvalidValue, "division by zero")
			}
			r = c / b
		}
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return nil, overflow()
		}
		return r, nil
	}
	return nil, argError(path, resource.CodeInvalidValue, "not a number")
}

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case uint64:
		return int64(x), x <= math.MaxInt64
	}
	return 0, false
}

func toFloat64(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// currentValue reads one field of a row, canonical. It reads as the
// system: the value only decides the new one, and a field the viewer may
// update but not read (a field-level read rule masks it) must not count
// as zero.
func currentValue(ctx context.Context, m *resource.Model, id any, f *resource.Field) (any, error) {
	ctx = privacy.Bypass(ctx)
	res, err := resource.Find(ctx, &resource.Plan{Model: m, Where: &resource.Cmp{Field: m.ID(), Op: resource.OpEQ, Value: id}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, resource.Errorf(resource.NotFound, resource.CodeNotFound, "%s not found", m.Name())
	}
	return resource.ScanValue(f.Kind(), res.Rows[0].Value(f.Index())), nil
}
