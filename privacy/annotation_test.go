package privacy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestValidateOps(t *testing.T) {
	require.NoError(t, ValidateOps(SplitOps("create, Read,update"), false))
	require.NoError(t, ValidateOps(SplitOps("post-update"), false))
	require.ErrorContains(t, ValidateOps(SplitOps("raed"), false), `unknown operation "raed"`)
	require.ErrorContains(t, ValidateOps(SplitOps("create"), true), "not allowed on a field rule")
	require.ErrorContains(t, ValidateOps(SplitOps("update,post-update"), false), "cannot name other operations")
	require.ErrorContains(t, ValidateOps(nil, false), "no operation")
}

// Rules of several annotations (or of a mixin and the schema) are merged:
// Ent would otherwise keep one annotation of a name and drop the rest.
func TestAnnotationMerges(t *testing.T) {
	a := Allow("read", "true").Merge(Deny("update", "false")).(Annotation)
	a = a.Merge(&Annotation{Rules: []Rule{{Allow: true, Ops: []string{"all"}, Expr: "x"}}}).(Annotation)
	require.Len(t, a.Rules, 3)
	require.Equal(t, `deny("update", "false")`, a.Rules[1].String())
	require.True(t, a.Rules[2].Has(OpDelete))
	require.False(t, a.Rules[2].Has(OpPostUpdate), "all does not cover post-update (POL-OP-02)")
}

// Rules reach the generator as JSON (entc serializes schemas in a separate
// process): the annotation must survive the round trip.
func TestAnnotationJSONRoundTrip(t *testing.T) {
	a := Allow("read, update", `auth() == this`).Merge(Deny("create", `role == ADMIN`)).(Annotation)
	b, err := json.Marshal(a)
	require.NoError(t, err)
	var raw map[string]any // what entc hands to entx
	require.NoError(t, json.Unmarshal(b, &raw))
	b, err = json.Marshal(raw)
	require.NoError(t, err)
	var back Annotation
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, a, back)
}
