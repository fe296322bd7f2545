// Package schema is the zoo's schema for Ent's own machinery beside
// entstack's: Ent privacy policies, schema hooks and interceptors, the
// time mixin and a soft-delete mixin, generated with the features privacy,
// entql, intercept, schema/snapshot, sql/upsert, namedges,
// sql/versioned-migration and sql/schemaconfig, two Ent views (one without
// an id), and entstack rules whose
// auth() is an Account (entx.AuthModel).
package schema

import (
	"context"
	"errors"
	"strings"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql"
	entprivacy "entgo.io/ent/privacy"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/entstack/entstack/privacy"
)

// Account is the auth model of this schema.
type Account struct{ ent.Schema }

func (Account) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}} }

func (Account) Fields() []ent.Field {
	return []ent.Field{field.String("handle").Unique(), field.Bool("admin").Default(false)}
}

func (Account) Edges() []ent.Edge { return []ent.Edge{edge.To("entries", Entry.Type)} }

func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{privacy.Allow("all", "true")}
}

// Entry is soft-deleted, trims its title in a hook, and cannot be
// deleted while locked unless an admin asks.
type Entry struct{ ent.Schema }

func (Entry) Mixin() []ent.Mixin { return []ent.Mixin{mixin.Time{}, SoftDelete{}} }

func (Entry) Fields() []ent.Field {
	return []ent.Field{field.String("title"), field.Bool("locked").Default(false)}
}

func (Entry) Edges() []ent.Edge {
	return []ent.Edge{edge.From("account", Account.Type).Ref("entries").Unique()}
}

func (Entry) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field("title"); ok {
				if s, ok := v.(string); ok {
					_ = m.SetField("title", strings.TrimSpace(s))
				}
			}
			return next.Mutate(ctx, m)
		})
	}}
}

func (Entry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("all", "true"),
		privacy.Deny("delete", "locked && (auth() == null || !auth().admin)"),
	}
}

// Archive may never be deleted: an Ent privacy policy says so; and it
// keeps its name: its own hook refuses a rename with a plain error, which
// the APIs answer as invalid input (422), not as a server error.
type Archive struct{ ent.Schema }

func (Archive) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (Archive) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if _, ok := m.Field("name"); ok && m.Op().Is(ent.OpUpdateOne|ent.OpUpdate) {
				return nil, errors.New("an archive keeps its name")
			}
			return next.Mutate(ctx, m)
		})
	}}
}

func (Archive) Policy() ent.Policy {
	return entprivacy.Policy{
		Mutation: entprivacy.MutationPolicy{entprivacy.OnMutationOperation(entprivacy.AlwaysDenyRule(), ent.OpDelete|ent.OpDeleteOne)},
		Query:    entprivacy.QueryPolicy{entprivacy.AlwaysAllowRule()},
	}
}

func (Archive) Annotations() []schema.Annotation {
	return []schema.Annotation{privacy.Allow("all", "true")}
}

// AccountHandle is an Ent view with a field named id, which Ent (v0.14)
// keeps a plain field: views have no id, so it is not served, but the
// generated package (its policy included) must build.
type AccountHandle struct{ ent.View }

func (AccountHandle) Fields() []ent.Field {
	return []ent.Field{field.Int("id"), field.String("handle")}
}

func (AccountHandle) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.View("SELECT id, handle FROM accounts"),
		privacy.Allow("read", "true"),
	}
}

// BriefEntry is an Ent view without an id field. (Ent v0.14.5 fails to
// generate its client when the last schema in name order is a view.)
type BriefEntry struct{ ent.View }

func (BriefEntry) Fields() []ent.Field { return []ent.Field{field.String("title")} }

func (BriefEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.View("SELECT title FROM entries")}
}

// SoftDelete adds delete_time and hides the rows that have one.
type SoftDelete struct{ mixin.Schema }

func (SoftDelete) Fields() []ent.Field {
	return []ent.Field{field.Time("delete_time").Optional().Nillable()}
}

func (SoftDelete) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
		if w, ok := q.(interface{ WhereP(...func(*sql.Selector)) }); ok {
			w.WhereP(sql.FieldIsNull("delete_time"))
		}
		return nil
	})}
}
