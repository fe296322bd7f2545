package resource

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"entgo.io/ent"
	entprivacy "entgo.io/ent/privacy"
	"github.com/stretchr/testify/require"
)

// TestSchemaHookErrors runs a schema hook, wrapped as the generated
// registry wraps it, over a mutator below it, in an API request, and
// classifies what comes out: the hook's own error is the schema's
// rejection (Invalid, with its message); what the hook passes on from
// below keeps its class (a database outage a 503, an unknown error a
// 500); a policy denial stays a 403.
func TestSchemaHookErrors(t *testing.T) {
	reject := errors.New("version field must be incremented by 1")
	down := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	bug := errors.New("something unexpected")
	for _, tc := range []struct {
		name  string
		hook  func(next ent.Mutator, ctx context.Context, m ent.Mutation) (ent.Value, error)
		below error
		kind  ErrorKind
	}{
		{"hook rejects", func(ent.Mutator, context.Context, ent.Mutation) (ent.Value, error) { return nil, reject }, nil, Invalid},
		{"hook wraps its own rejection", func(ent.Mutator, context.Context, ent.Mutation) (ent.Value, error) {
			return nil, fmt.Errorf("user: %w", reject)
		}, nil, Invalid},
		{"database down below, passed on", passOn, down, Unavailable},
		{"database down below, wrapped by the hook", func(next ent.Mutator, ctx context.Context, m ent.Mutation) (ent.Value, error) {
			_, err := next.Mutate(ctx, m)
			return nil, fmt.Errorf("hook: %w", err)
		}, down, Unavailable},
		{"unknown error below stays a bug", passOn, bug, Internal},
		{"policy denies", func(ent.Mutator, context.Context, ent.Mutation) (ent.Value, error) {
			return nil, entprivacy.Denyf("no")
		}, nil, Forbidden},
		{"hook rejects after a failure below", func(next ent.Mutator, ctx context.Context, m ent.Mutation) (ent.Value, error) {
			_, _ = next.Mutate(ctx, m)
			return nil, reject
		}, bug, Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := SchemaHook(func(next ent.Mutator) ent.Mutator {
				return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) { return tc.hook(next, ctx, m) })
			})
			save := ent.MutateFunc(func(context.Context, ent.Mutation) (ent.Value, error) { return nil, tc.below })
			api := context.WithValue(context.Background(), txKey{}, true)
			_, err := h(save).Mutate(api, nil)
			e := NewRegistry(nil, EntErrors{}).Classify(err)
			require.Equal(t, tc.kind, e.Kind, "%v", err)
			if tc.kind == Invalid {
				require.Equal(t, CodeInvalidValue, e.Code)
				require.Contains(t, e.Detail, reject.Error())
			}

			// A plain Go caller gets the hook's error as it is.
			_, err = h(save).Mutate(context.Background(), nil)
			var r *Rejected
			require.False(t, errors.As(err, &r))
		})
	}
	require.Nil(t, SchemaHook(nil))
}

func passOn(next ent.Mutator, ctx context.Context, m ent.Mutation) (ent.Value, error) {
	return next.Mutate(ctx, m)
}
