package server

import (
	"context"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/privacy"
)

// withViewer stores the signed-in user for auth() in the access policies.
func withViewer(ctx context.Context, u *ent.User) context.Context { return privacy.WithUser(ctx, u) }

// asSystem marks trusted work (loading the signed-in user, seeding) that
// the access policies do not apply to.
func asSystem(ctx context.Context) context.Context { return privacy.Bypass(ctx) }

// SystemContext returns ctx with the access policies bypassed, for trusted
// work such as migrations and seeding.
func SystemContext(ctx context.Context) context.Context { return asSystem(ctx) }
