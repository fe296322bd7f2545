// Package schema declares the tenant models: Organization, Member (the
// auth model), Membership (a member's role in an organization, possibly
// not their own), Project, Task and Watch (an edge schema: a composite id).
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
)

// Organization is a tenant.
type Organization struct{ ent.Schema }

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("name"),
		field.Enum("plan").Values("free", "pro").Default("free"),
		field.Strings("domains").Optional(),
	}
}

// Edges of the Organization.
func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("members", Member.Type),
		edge.To("memberships", Membership.Type),
		edge.To("projects", Project.Type),
	}
}

// Annotations of the Organization.
func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{
		// Its own members, and members of others who hold a membership.
		privacy.Allow("read", `this == auth().organization || auth().memberships?[organization == this]`),
		privacy.Allow("update", `auth().memberships?[m, m.organization == this && m.role == owner]`),
		privacy.Allow("create", `auth().role == admin`),
	}
}

// Member is a user; it belongs to one organization.
type Member struct{ ent.Schema }

// Fields of the Member.
func (Member) Fields() []ent.Field {
	return []ent.Field{
		field.String("name"),
		field.String("email"),
		field.Enum("role").Values("member", "admin").Default("member").
			Annotations(privacy.Allow("update", `auth().role == admin && organization == auth().organization`)),
		field.Strings("tags").Optional(),
		field.Int("organization_id"),
	}
}

// Edges of the Member.
func (Member) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("members").Field("organization_id").Unique().Required(),
		edge.To("memberships", Membership.Type),
		edge.To("tasks", Task.Type),
		edge.To("watching", Project.Type).Through("watches", Watch.Type),
	}
}

// Annotations of the Member.
func (Member) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `auth() == this || organization == auth().organization`),
		privacy.Allow("update", `auth() == this`),
		privacy.Allow("create", `true`),
	}
}

// Membership gives a member a role in an organization.
type Membership struct{ ent.Schema }

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("role").Values("viewer", "editor", "owner"),
		field.Int("org_id"),
		field.Int("member_id"),
	}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("memberships").Field("org_id").Unique().Required(),
		edge.From("member", Member.Type).Ref("memberships").Field("member_id").Unique().Required(),
	}
}

// Annotations of the Membership.
func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `member == auth() || check(organization)`),
		privacy.Allow("create,update,delete", `auth().memberships?[organization == this.organization && role == owner]`),
	}
}

// Project belongs to an organization.
type Project struct{ ent.Schema }

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{
		field.String("name"),
		field.Bool("archived").Default(false),
		field.Int("org_id"),
		field.Int("owner_id"),
	}
}

// Edges of the Project.
func (Project) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("projects").Field("org_id").Unique().Required(),
		edge.To("owner", Member.Type).Field("owner_id").Unique().Required(),
		edge.To("tasks", Task.Type),
		edge.From("watchers", Member.Type).Ref("watching").Through("watches", Watch.Type),
	}
}

// Annotations of the Project.
func (Project) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `check(organization) && (!archived || auth().role == admin)`),
		privacy.Allow("create", `auth().memberships?[organization == this.organization && role in [editor, owner]]`),
		privacy.Allow("update", `check(organization, 'update') || owner == auth()`),
		privacy.Allow("delete", `owner == auth() && tasks^[status != done]`),
	}
}

// Task belongs to a project of an organization.
type Task struct{ ent.Schema }

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").
			Annotations(privacy.Allow("update", `auth().organization.plan == pro || auth().role == admin`)),
		field.Enum("status").Values("todo", "in_progress", "done").Default("todo"),
		field.Strings("labels").Optional(),
		field.Int("org_id"),
		field.Int("project_id"),
		field.Int("assignee_id").Optional(),
	}
}

// Edges of the Task.
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("organization", Organization.Type).Field("org_id").Unique().Required(),
		edge.From("project", Project.Type).Ref("tasks").Field("project_id").Unique().Required(),
		edge.From("assignee", Member.Type).Ref("tasks").Field("assignee_id").Unique(),
	}
}

// Annotations of the Task.
func (Task) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `check(project) || assignee == auth()`),
		privacy.Deny("read", `has(labels, 'secret') && auth().role != admin`),
		// Admins may do anything in their organization but delete.
		privacy.Allow("all", `auth().role == admin && auth().organization.id == orgId && currentOperation() != 'delete'`),
		privacy.Allow("create", `check(project) && project.organization == organization`),
		privacy.Allow("update", `assignee == auth() || auth().memberships?[m, m.organization == this.organization && m.role != viewer]`),
		privacy.Deny("update", `future().status == done && !('reviewed' in labels)`),
		privacy.Allow("delete", `check(project, 'delete') || hasSome(labels, auth().tags)`),
	}
}

// Watch is a member's subscription to a project: an Ent edge schema, whose
// id is the pair (member_id, project_id). The project's owner manages it.
type Watch struct{ ent.Schema }

// Fields of the Watch.
func (Watch) Fields() []ent.Field {
	return []ent.Field{
		field.Int("member_id"),
		field.Int("project_id"),
		field.String("level").Default("all"),
	}
}

// Edges of the Watch.
func (Watch) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("member", Member.Type).Unique().Required().Field("member_id"),
		edge.To("project", Project.Type).Unique().Required().Field("project_id"),
	}
}

// Annotations of the Watch.
func (Watch) Annotations() []schema.Annotation {
	return []schema.Annotation{
		field.ID("member_id", "project_id"),
		privacy.Allow("read", `member == auth() || project.owner == auth()`),
		privacy.Allow("create,update,delete", `project.owner == auth()`),
	}
}
