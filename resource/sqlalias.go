package resource

import "entgo.io/ent/dialect/sql"

type sqlSelector = sql.Selector

func sqlIn(col string, args ...any) *sql.Predicate { return sql.In(col, args...) }
