// Package schema declares the language-test models: User (auth()), Doc and
// Note. The rules are written to exercise one construct each.
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
)

// User is the auth model.
type User struct{ ent.Schema }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Annotations(privacy.Deny("read", `banned && auth() != this`)),
		field.Int("level").Default(0).
			Annotations(privacy.Deny("update", `auth().level < 10`)),
		field.Bool("banned").Default(false),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{edge.To("docs", Doc.Type)}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read,create", `true`),
		privacy.Allow("update", `auth() == this || auth().level in [10, 20]`),
		privacy.Allow("delete", `docs^[true]`),
	}
}

// Doc has a status, a score and notes.
type Doc struct{ ent.Schema }

// Fields of the Doc.
func (Doc) Fields() []ent.Field {
	return []ent.Field{
		field.String("title"),
		field.Enum("status").Values("DRAFT", "LIVE").Default("DRAFT"),
		field.Float("score").Default(0),
		field.Time("expires_at").Optional().Nillable(),
		field.Int("owner_id"),
	}
}

// Edges of the Doc.
func (Doc) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", User.Type).Ref("docs").Field("owner_id").Unique().Required(),
		edge.To("notes", Note.Type),
	}
}

// Annotations of the Doc.
func (Doc) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `status == LIVE || auth() == owner || notes?[contains(text, 'public', true)]`),
		privacy.Allow("read", `title in ['shared.md', 'open.md']`),
		privacy.Deny("read", `startsWith(title, 'secret') && auth().level < 5`),
		privacy.Allow("create", `auth() == owner && endsWith(title, '.md') && score <= 10 && status in [DRAFT]`),
		privacy.Allow("update", `auth() == owner && notes![text != 'lock']`),
		privacy.Allow("post-update", `score >= before().score`),
		privacy.Allow("delete", `auth() == owner && (expiresAt == null || expiresAt < now())`),
	}
}

// Note belongs to a Doc.
type Note struct{ ent.Schema }

// Fields of the Note.
func (Note) Fields() []ent.Field {
	return []ent.Field{field.String("text"), field.Int("doc_id")}
}

// Edges of the Note.
func (Note) Edges() []ent.Edge {
	return []ent.Edge{edge.From("doc", Doc.Type).Ref("notes").Field("doc_id").Unique().Required()}
}

// Annotations of the Note.
func (Note) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `true`),
		privacy.Allow("create", `auth() == doc.owner && doc.owner.level >= 1`),
		privacy.Allow("update,delete", `auth() == doc.owner`),
		// Only the written row knows its new doc's title: checked after the
		// write, in the transaction.
		privacy.Deny("post-update", `doc.title == 'frozen.md' && before().text != 'x'`),
	}
}
