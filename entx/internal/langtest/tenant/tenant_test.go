package tenant

import (
	"context"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent"
	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent/member"
	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent/membership"
	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent/organization"
	"github.com/entstack/entstack/entx/internal/langtest/tenant/ent/task"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

var sys = privacy.Bypass(context.Background())

// world: two organizations. Acme (pro) has Alice (admin) and Bob; Globex
// (free) has Carol, who is also a viewer in Acme, and Dave, Globex's owner.
type world struct {
	c                    *ent.Client
	stmts                *counter
	acme, globex         *ent.Organization
	alice, bob, carol    *ent.Member
	dave                 *ent.Member
	apollo, archive, gem *ent.Project
	design, plan, old, g *ent.Task // plan is labelled secret, assigned to Carol
}

// counter counts the statements the client sends.
type counter struct {
	mu sync.Mutex
	n  int
	on bool
}

func (c *counter) log(_ context.Context, v ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.on && len(v) > 0 {
		if s, ok := v[0].(string); ok && (strings.HasPrefix(s, "driver.Query") || strings.HasPrefix(s, "driver.Exec") ||
			strings.HasPrefix(s, "Tx(") && (strings.Contains(s, ".Query") || strings.Contains(s, ".Exec"))) {
			c.n++
		}
	}
}

// count returns the statements fn sends.
func (c *counter) count(fn func()) int {
	c.mu.Lock()
	c.n, c.on = 0, true
	c.mu.Unlock()
	fn()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = false
	return c.n
}

func setup(t *testing.T) *world {
	t.Helper()
	drv := testdb.Open(t, testdb.Fresh(t))
	w := &world{stmts: &counter{}}
	w.c = ent.NewClient(ent.Driver(dialect.DebugWithContext(drv, w.stmts.log)))
	require.NoError(t, w.c.Schema.Create(context.Background()))
	c := w.c
	w.acme = c.Organization.Create().SetName("Acme").SetPlan(organization.PlanPro).SetDomains([]string{"acme.com"}).SaveX(sys)
	w.globex = c.Organization.Create().SetName("Globex").SaveX(sys)
	w.alice = c.Member.Create().SetName("alice").SetEmail("alice@acme.com").SetRole(member.RoleAdmin).SetTags([]string{"ops"}).SetOrganization(w.acme).SaveX(sys)
	w.bob = c.Member.Create().SetName("bob").SetEmail("bob@acme.com").SetOrganization(w.acme).SaveX(sys)
	w.carol = c.Member.Create().SetName("carol").SetEmail("carol@globex.com").SetTags([]string{"urgent"}).SetOrganization(w.globex).SaveX(sys)
	w.dave = c.Member.Create().SetName("dave").SetEmail("dave@globex.com").SetOrganization(w.globex).SaveX(sys)
	c.Membership.Create().SetMember(w.alice).SetOrganization(w.acme).SetRole(membership.RoleOwner).ExecX(sys)
	c.Membership.Create().SetMember(w.bob).SetOrganization(w.acme).SetRole(membership.RoleEditor).ExecX(sys)
	c.Membership.Create().SetMember(w.carol).SetOrganization(w.acme).SetRole(membership.RoleViewer).ExecX(sys)
	c.Membership.Create().SetMember(w.dave).SetOrganization(w.globex).SetRole(membership.RoleOwner).ExecX(sys)
	w.apollo = c.Project.Create().SetName("apollo").SetOrganization(w.acme).SetOwner(w.bob).SaveX(sys)
	w.archive = c.Project.Create().SetName("archive").SetArchived(true).SetOrganization(w.acme).SetOwner(w.alice).SaveX(sys)
	w.gem = c.Project.Create().SetName("gemini").SetOrganization(w.globex).SetOwner(w.dave).SaveX(sys)
	w.design = c.Task.Create().SetTitle("design").SetProject(w.apollo).SetOrganization(w.acme).SetAssignee(w.bob).SaveX(sys)
	w.plan = c.Task.Create().SetTitle("secret plan").SetLabels([]string{"secret"}).SetProject(w.apollo).SetOrganization(w.acme).SetAssignee(w.carol).SaveX(sys)
	w.old = c.Task.Create().SetTitle("old").SetStatus(task.StatusDone).SetLabels([]string{"reviewed"}).SetProject(w.archive).SetOrganization(w.acme).SaveX(sys)
	w.g = c.Task.Create().SetTitle("g").SetLabels([]string{"urgent"}).SetProject(w.gem).SetOrganization(w.globex).SaveX(sys)
	return w
}

// as is a request of u, signed in with a token naming its id: the
// policies load the Member when a rule reads more of auth() than its id.
func as(u *ent.Member) context.Context {
	if u == nil {
		return context.Background()
	}
	return ent.WithViewerID(context.Background(), u.ID)
}

type viewer struct {
	name string
	m    func(w *world) *ent.Member
}

var viewers = []viewer{
	{"anonymous", func(*world) *ent.Member { return nil }},
	{"alice", func(w *world) *ent.Member { return w.alice }},
	{"bob", func(w *world) *ent.Member { return w.bob }},
	{"carol", func(w *world) *ent.Member { return w.carol }},
	{"dave", func(w *world) *ent.Member { return w.dave }},
}

func names[T any](xs []T, name func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, name(x))
	}
	return out
}

// Reads per viewer: auth()'s relations (organization == auth().organization,
// auth().memberships?[…] with this), check() chains (Task → Project →
// Organization), enum comparisons, has() on a list column, and the admin
// rule that currentOperation() keeps off deletes.
func TestReadMatrix(t *testing.T) {
	w := setup(t)
	want := map[string]struct{ orgs, members, projects, tasks, memberships []string }{
		"anonymous": {},
		"alice": {orgs: []string{"Acme"}, members: []string{"alice", "bob"}, projects: []string{"apollo", "archive"},
			tasks: []string{"design", "secret plan", "old"}, memberships: []string{"alice", "bob", "carol"}},
		"bob": {orgs: []string{"Acme"}, members: []string{"alice", "bob"}, projects: []string{"apollo"},
			tasks: []string{"design"}, memberships: []string{"alice", "bob", "carol"}},
		// Carol sees Acme through her membership (not archived projects:
		// she is no admin), not Acme's secret task, though assigned to it.
		"carol": {orgs: []string{"Acme", "Globex"}, members: []string{"carol", "dave"}, projects: []string{"apollo", "gemini"},
			tasks: []string{"design", "g"}, memberships: []string{"alice", "bob", "carol", "dave"}},
		"dave": {orgs: []string{"Globex"}, members: []string{"carol", "dave"}, projects: []string{"gemini"},
			tasks: []string{"g"}, memberships: []string{"dave"}},
	}
	for _, v := range viewers {
		t.Run(v.name, func(t *testing.T) {
			ctx, want := as(v.m(w)), want[v.name]
			c := w.c
			require.ElementsMatch(t, want.orgs, names(c.Organization.Query().AllX(ctx), func(o *ent.Organization) string { return o.Name }))
			require.ElementsMatch(t, want.members, names(c.Member.Query().AllX(ctx), func(m *ent.Member) string { return m.Name }))
			require.ElementsMatch(t, want.projects, names(c.Project.Query().AllX(ctx), func(p *ent.Project) string { return p.Name }))
			require.ElementsMatch(t, want.tasks, names(c.Task.Query().AllX(ctx), func(t *ent.Task) string { return t.Title }))
			ms := c.Membership.Query().WithMember().AllX(sys)
			var visible []string
			for _, m := range ms {
				if c.Membership.Query().Where(membership.ID(m.ID)).ExistX(ctx) {
					visible = append(visible, m.Edges.Member.Name)
				}
			}
			if visible == nil {
				visible = []string{}
			}
			require.ElementsMatch(t, want.memberships, visible)
			require.Equal(t, len(want.tasks), c.Task.Query().CountX(ctx), "counts see the same rows")
		})
	}
}

// The statement counts of reads whose rules follow auth()'s relations and
// delegate with check(): one statement each, plus one per request to load
// the viewer when a rule reads its fields (auth().role, the foreign key
// behind auth().organization).
func TestStatementCounts(t *testing.T) {
	w := setup(t)
	cases := []struct {
		name       string
		read       func(ctx context.Context)
		loadViewer bool
	}{
		// organization == auth().organization: the viewer's foreign key.
		{"Member (organization == auth().organization)", func(ctx context.Context) { w.c.Member.Query().AllX(ctx) }, true},
		// this == auth().organization || auth().memberships?[organization == this]
		{"Organization (auth().memberships?[…])", func(ctx context.Context) { w.c.Organization.Query().AllX(ctx) }, true},
		// A rule that needs only auth()'s id: auth().memberships?[…] is
		// a sub-select keyed by it.
		{"Membership (member == auth() || check(organization))", func(ctx context.Context) { w.c.Membership.Query().AllX(ctx) }, true},
		// check(project) → check(organization) → auth().memberships?[…],
		// and auth().role.
		{"Task (check(project))", func(ctx context.Context) { w.c.Task.Query().AllX(ctx) }, true},
	}
	for _, c := range cases {
		ctx := as(w.carol)
		want := 1
		if c.loadViewer {
			want = 2
		}
		require.Equal(t, want, w.stmts.count(func() { c.read(ctx) }), "%s, first read of the request", c.name)
		require.Equal(t, 1, w.stmts.count(func() { c.read(ctx) }), "%s, next read", c.name)
	}
	// auth().organization.plan (a field rule on Task.title) costs no
	// statement of its own: the update's guard reads it.
	ctx := as(w.bob)
	w.c.Member.Query().AllX(ctx) // loads the viewer
	status := w.stmts.count(func() {
		require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusInProgress).Exec(ctx))
	})
	title := w.stmts.count(func() { require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetTitle("d2").Exec(ctx)) })
	require.Equal(t, status, title)
}

// Updates: check(organization, 'update') and owner == auth() on projects;
// auth().memberships?[m, …] with a named element on tasks; a field rule
// over auth().organization.plan; a deny rule over future() and a list.
func TestUpdates(t *testing.T) {
	w := setup(t)
	// Bob is Acme's editor: he may update Acme's tasks; Carol (viewer) may
	// not, though she reads them.
	require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusInProgress).Exec(as(w.bob)))
	var pe *privacy.Error
	require.ErrorAs(t, w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusTodo).Exec(as(w.carol)), &pe)
	require.True(t, ent.IsNotFound(w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusTodo).Exec(as(w.dave))), "unreadable: not found")

	// future().status == done && !('reviewed' in labels)
	err := w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusDone).Exec(as(w.bob))
	require.ErrorAs(t, err, &pe)
	require.Contains(t, pe.Rule, `future().status == done`)
	require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetLabels([]string{"reviewed"}).Exec(as(w.bob)))
	require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusDone).Exec(as(w.bob)), "reviewed")
	require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetStatus(task.StatusTodo).Exec(as(w.bob)))

	// The field rule on title: Globex is on the free plan.
	require.NoError(t, w.c.Task.UpdateOneID(w.design.ID).SetTitle("design 2").Exec(as(w.bob)))
	err = w.c.Task.UpdateOneID(w.g.ID).SetTitle("g2").Exec(as(w.dave))
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "title", pe.Field)
	require.Contains(t, err.Error(), `field title: rule allow("update", "auth().organization.plan == pro || auth().role == admin")`)
	require.NoError(t, w.c.Task.UpdateOneID(w.g.ID).SetStatus(task.StatusInProgress).Exec(as(w.dave)), "other fields are Dave's to change")

	// Projects: Dave owns Globex (check(organization, 'update')); Bob owns
	// apollo; Alice owns Acme.
	require.NoError(t, w.c.Project.UpdateOneID(w.gem.ID).SetName("gemini 2").Exec(as(w.dave)))
	require.NoError(t, w.c.Project.UpdateOneID(w.apollo.ID).SetName("apollo 2").Exec(as(w.bob)))
	require.NoError(t, w.c.Project.UpdateOneID(w.apollo.ID).SetName("apollo 3").Exec(as(w.alice)))
	require.ErrorAs(t, w.c.Project.UpdateOneID(w.apollo.ID).SetName("x").Exec(as(w.carol)), &pe)

	// Bulk: each viewer's update touches only the rows its rules admit.
	n := w.c.Task.Update().SetStatus(task.StatusInProgress).Where(task.StatusNEQ(task.StatusDone)).SaveX(as(w.bob))
	require.Equal(t, 2, n, "bob edits Acme's open tasks, the secret plan too: update rules do not ask for read (ZenStack's semantics)")

	// Members: role is updatable by an admin of the same organization.
	err = w.c.Member.UpdateOneID(w.bob.ID).SetRole(member.RoleAdmin).Exec(as(w.bob))
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "role", pe.Field)
}

// Creates: check(project) delegates to Project's create rules (a query on
// the project's row); auth().memberships?[…] compares with the new row's
// values; a relation of a referenced row (project.organization).
func TestCreates(t *testing.T) {
	w := setup(t)
	newTask := func(p *ent.Project, org *ent.Organization) *ent.TaskCreate {
		return w.c.Task.Create().SetTitle("n").SetProject(p).SetOrganization(org)
	}
	require.NoError(t, newTask(w.apollo, w.acme).Exec(as(w.bob)), "editor of Acme")
	require.ErrorAs(t, newTask(w.apollo, w.acme).Exec(as(w.carol)), new(*privacy.Error), "viewer of Acme")
	require.ErrorAs(t, newTask(w.apollo, w.globex).Exec(as(w.bob)), new(*privacy.Error), "project.organization == organization")
	require.ErrorAs(t, newTask(w.apollo, w.acme).Exec(as(nil)), new(*privacy.Error))
	require.NoError(t, newTask(w.gem, w.globex).Exec(as(w.dave)))

	// Membership: only an owner of the organization adds members to it.
	require.NoError(t, w.c.Membership.Create().SetMember(w.dave).SetOrganization(w.acme).SetRole(membership.RoleViewer).Exec(as(w.alice)))
	require.ErrorAs(t, w.c.Membership.Create().SetMember(w.dave).SetOrganization(w.acme).SetRole(membership.RoleOwner).Exec(as(w.bob)), new(*privacy.Error))

	// Project: editors and owners of the organization.
	require.NoError(t, w.c.Project.Create().SetName("p").SetOrganization(w.acme).SetOwner(w.bob).Exec(as(w.bob)))
	require.ErrorAs(t, w.c.Project.Create().SetName("p").SetOrganization(w.acme).SetOwner(w.carol).Exec(as(w.carol)), new(*privacy.Error))
}

// Deletes: the admin rule does not cover deletes (currentOperation());
// tasks^[status != done] on projects; check(project, 'delete') and a list
// column against a list of auth() on tasks.
func TestDeletes(t *testing.T) {
	w := setup(t)
	var pe *privacy.Error
	require.ErrorAs(t, w.c.Task.DeleteOneID(w.plan.ID).Exec(as(w.alice)), &pe, "admins may not delete")
	require.ErrorAs(t, w.c.Project.DeleteOneID(w.apollo.ID).Exec(as(w.bob)), &pe, "apollo has open tasks")
	require.NoError(t, w.c.Task.DeleteOneID(w.old.ID).Exec(as(w.alice)), "check(project, 'delete'): alice may delete archive")
	require.NoError(t, w.c.Project.DeleteOneID(w.archive.ID).Exec(as(w.alice)), "no open task left")
	require.NoError(t, w.c.Task.DeleteOneID(w.g.ID).Exec(as(w.carol)), "hasSome(labels, auth().tags): urgent")
}
