package privacy

import (
	"context"

	entprivacy "entgo.io/ent/privacy"
)

type userKey struct{}

// WithUser returns a context whose auth() is u, an entity of the auth model
// (*ent.User for the blog). A context without a user is anonymous: auth()
// is null.
func WithUser(ctx context.Context, u any) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// User returns the auth() entity of ctx. The generated policies call it
// with their auth model's pointer type.
func User[T any](ctx context.Context) (T, bool) {
	u, ok := ctx.Value(userKey{}).(T)
	return u, ok
}

// Bypass returns a context in which every policy is skipped: trusted code,
// seeding, loading the signed-in user, and the policies' own look-ups. It is
// Ent's own decision context, so it also bypasses hand-written Ent policies.
func Bypass(ctx context.Context) context.Context {
	return entprivacy.DecisionContext(ctx, entprivacy.Allow)
}

// Decision returns the decision Ent's DecisionContext put on ctx: bypass is
// true for privacy.Allow; err is the denial for privacy.Deny (or any error).
func Decision(ctx context.Context) (bypass bool, err error) {
	d, ok := entprivacy.DecisionFromContext(ctx)
	if !ok {
		return false, nil
	}
	if d == nil {
		return true, nil
	}
	return false, d
}
