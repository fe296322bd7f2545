package resource

import (
	"math"
	"math/big"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// column is how an aggregate is selected in a result row: the expressions
// and how their values make the aggregate's. Most are one expression; the
// databases' own limits make two necessary where a sum could fail or be
// wrong (see Agg.column).
type column struct {
	exprs []string
	value func(raw []any) (any, error)
}

// column renders the aggregate as result columns:
//   - on SQLite, an integer sum is two sums that cannot overflow, of the
//     high and the low 32 bits of each value (SQLite's >> keeps the sign),
//     added up exactly in Go (SQLite's SUM fails past int64, where
//     PostgreSQL and MySQL sum into a decimal);
//   - on MySQL, a float sum or average comes with whether it is infinite
//     (MariaDB sends an overflowed double as 0).
//
// A sum past int64 is a *big.Int; a float aggregate past the largest
// double is an Invalid error on every database (PostgreSQL refuses it
// itself, see Classify).
func (a Agg) column(d string, c func(string) string) column {
	x := a.expr(d, c)
	kind := a.Kind()
	switch {
	case a.Func == AggSum && d == dialect.SQLite && kind != KindFloat:
		col := c(a.Field.Column())
		return column{
			exprs: []string{"SUM(" + col + " >> 32)", "SUM(" + col + " & 4294967295)"},
			value: func(raw []any) (any, error) { return sumHalves(raw[0], raw[1]), nil },
		}
	case d == dialect.MySQL && kind == KindFloat && (a.Func == AggSum || a.Func == AggAvg):
		return column{
			exprs: []string{x, "ABS(" + x + ") > 1.7976931348623157e308"},
			value: func(raw []any) (any, error) {
				if ScanValue(KindBool, raw[1]) == true {
					return nil, a.outOfRange()
				}
				return finite(a, ScanValue(kind, raw[0]))
			},
		}
	}
	return column{exprs: []string{x}, value: func(raw []any) (any, error) { return finite(a, ScanValue(kind, raw[0])) }}
}

// sumHalves adds up the two halves of an integer sum: an int64 when it
// fits, a *big.Int when it does not, nil for no value.
func sumHalves(hi, lo any) any {
	h, okH := ScanValue(KindInt, hi).(int64)
	l, okL := ScanValue(KindInt, lo).(int64)
	if !okH || !okL {
		return nil
	}
	sum := new(big.Int).Lsh(big.NewInt(h), 32)
	sum.Add(sum, big.NewInt(l))
	if sum.IsInt64() {
		return sum.Int64()
	}
	return sum
}

// finite refuses an infinite float aggregate (SQLite's float sums
// overflow to infinity).
func finite(a Agg, v any) (any, error) {
	if x, ok := v.(float64); ok && (math.IsInf(x, 0) || math.IsNaN(x)) {
		return nil, a.outOfRange()
	}
	return v, nil
}

func (a Agg) outOfRange() error {
	return Errorf(Invalid, CodeInvalidValue, "the aggregate of %s is out of the range of a number", a.Field.Name())
}

// columns renders the aggregates as result columns.
func columns(d string, aggs []Agg, c func(string) string) []column {
	cols := make([]column, len(aggs))
	for i, a := range aggs {
		cols[i] = a.column(d, c)
	}
	return cols
}

// selections lists the expressions of cols, in order.
func selections(cols []column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.exprs...)
	}
	return out
}

// scanRow scans a result row of the by fields, then the aggregates' columns,
// into out: canonical values.
func scanRow(rows *sql.Rows, by []*Field, cols []column, out []any) error {
	n := len(by)
	for _, c := range cols {
		n += len(c.exprs)
	}
	raw := make([]any, n)
	ptrs := make([]any, n)
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return err
	}
	for i, f := range by {
		out[i] = ScanValue(f.Kind(), raw[i])
	}
	j := len(by)
	for i, c := range cols {
		v, err := c.value(raw[j : j+len(c.exprs)])
		if err != nil {
			return err
		}
		out[len(by)+i] = v
		j += len(c.exprs)
	}
	return nil
}
