package resource

import "context"

// UniqueBy reports whether rows that agree on the fields are one row: the
// fields include the id or a unique field. (Compound unique indexes are not
// in the metadata.)
func (m *Model) UniqueBy(fields []*Field) bool {
	for _, f := range fields {
		if f == m.ID() || f.Unique() {
			return true
		}
	}
	return false
}

// Upsert updates the row of create.Model that match selects (as the viewer
// reads: a row it cannot read is not found) with update, or inserts the row
// of create when there is none, in one transaction, through Create and
// Update: the access policies apply as to any create or update. It returns
// what was saved and whether the row was created. update is run with the
// found row's id (update itself is left as given). Never a database upsert,
// which would skip the policies (DESIGN.md).
func (r *Registry) Upsert(ctx context.Context, match Filter, create, update *Write) (saved Saved, created bool, err error) {
	err = r.InTx(ctx, func(ctx context.Context) error {
		p := NewPlan(create.Model)
		p.Where, p.Limit = match, 1
		res, err := Find(ctx, p)
		if err != nil {
			return err
		}
		if len(res.Rows) > 0 {
			u := *update
			u.ID = res.Rows[0].ID()
			saved, err = r.Update(ctx, &u)
			return err
		}
		created = true
		saved, err = r.Create(ctx, create)
		return err
	})
	return saved, created, err
}
