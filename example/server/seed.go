package server

import (
	"context"
	"fmt"
	"time"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/privacy"
)

// Seed fills an empty database with demo data: user 1 (Emily) is an ADMIN,
// users 2 and 3 are plain users with published posts and drafts, comments
// and tags. A database that already has users is left alone.
func Seed(ctx context.Context, c *ent.Client) error {
	ctx = privacy.Bypass(ctx)
	n, err := c.User.Query().Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	if err := seed(ctx, tx.Client()); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("seeding demo data: %w", err)
	}
	return tx.Commit()
}

func seed(ctx context.Context, c *ent.Client) error {
	base := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	emily, err := c.User.Create().SetEmail("emily@entstack.dev").SetName("Emily").SetRole(user.RoleADMIN).SetCreatedAt(base).Save(ctx)
	if err != nil {
		return err
	}
	bob, err := c.User.Create().SetEmail("bob@entstack.dev").SetName("Bob").SetCreatedAt(base.Add(time.Hour)).Save(ctx)
	if err != nil {
		return err
	}
	ann, err := c.User.Create().SetEmail("ann@entstack.dev").SetCreatedAt(base.Add(2 * time.Hour)).Save(ctx)
	if err != nil {
		return err
	}
	if _, err := c.Profile.Create().SetUser(emily).SetGender("female").SetBio("Writes the blog.").Save(ctx); err != nil {
		return err
	}
	if _, err := c.Profile.Create().SetUser(bob).SetGender("male").Save(ctx); err != nil {
		return err
	}
	tags := map[string]*ent.Tag{}
	for _, name := range []string{"go", "ent", "api", "news"} {
		t, err := c.Tag.Create().SetName(name).Save(ctx)
		if err != nil {
			return err
		}
		tags[name] = t
	}
	type post struct {
		author    *ent.User
		title     string
		published bool
		views     int
		rating    *float64
		tags      []string
	}
	r := func(f float64) *float64 { return &f }
	posts := []post{
		{emily, "Welcome to the entstack blog", true, 120, r(4.5), []string{"news"}},
		{emily, "Serving Ent schemas as JSON:API", true, 340, r(4.8), []string{"go", "ent", "api"}},
		{emily, "Draft: access policies", false, 0, nil, []string{"ent"}},
		{bob, "My first post", true, 15, r(3.9), []string{"news"}},
		{bob, "Bob's unfinished draft", false, 2, nil, nil},
		{ann, "Prisma-style queries from Go", true, 87, r(4.1), []string{"go", "api"}},
	}
	created := make([]*ent.Post, len(posts))
	for i, p := range posts {
		b := c.Post.Create().SetTitle(p.title).SetContent("Content of \"" + p.title + "\".").
			SetPublished(p.published).SetViewCount(p.views).SetNillableRating(p.rating).
			SetAuthor(p.author).SetCreatedAt(base.Add(time.Duration(24*(i+1)) * time.Hour))
		for _, t := range p.tags {
			b.AddTags(tags[t])
		}
		if created[i], err = b.Save(ctx); err != nil {
			return err
		}
	}
	comments := []struct {
		post   int
		author *ent.User
		text   string
	}{
		{0, bob, "Congratulations on the launch!"},
		{1, ann, "Does it support sparse fieldsets?"},
		{1, emily, "Yes: fields[post]=title."},
		{3, nil, "Nice one (anonymous)."},
		{5, bob, "Looking forward to the RPC API."},
	}
	for _, cm := range comments {
		b := c.Comment.Create().SetPost(created[cm.post]).SetContent(cm.text)
		if cm.author != nil {
			b.SetAuthor(cm.author)
		}
		if _, err := b.Save(ctx); err != nil {
			return err
		}
	}
	return nil
}
