package resource_test

import (
	"testing"

	"github.com/entstack/entstack/ent"
)

// OtherSide pairs the two edges of a relation; Holds tells the edges whose
// rows need the row they are reached from (a post its author, a profile
// its user).
func TestOtherSideAndHolds(t *testing.T) {
	reg := ent.NewClient().Resources()
	for _, tt := range []struct {
		model, edge, other string
		holds              bool
	}{
		{"user", "posts", "post.author", true},
		{"post", "author", "user.posts", false},
		{"user", "profile", "profile.user", true},
		{"profile", "user", "user.profile", false},
		{"user", "comments", "comment.author", false}, // a comment may lose its author
		{"post", "tags", "tag.posts", false},
		{"tag", "posts", "post.tags", false},
	} {
		m, _ := reg.Model(tt.model)
		e, ok := m.Edge(tt.edge)
		if !ok {
			t.Fatalf("%s.%s: no such edge", tt.model, tt.edge)
		}
		o := e.OtherSide()
		if o == nil || o.Model().Type()+"."+o.Name() != tt.other || o.OtherSide() != e {
			t.Errorf("%s.%s: other side %v, want %s", tt.model, tt.edge, o, tt.other)
		}
		if e.Holds() != tt.holds {
			t.Errorf("%s.%s: Holds() = %v", tt.model, tt.edge, e.Holds())
		}
	}
}
