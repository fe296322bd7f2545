package entx

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The Go booleans the compilers emit say each thing once and fold what vet
// would flag.
func TestGoBool(t *testing.T) {
	aKnown := gCmp("a", "!=", "nil", true)
	admin := gCmp("a.Role", "==", "user.RoleADMIN", true)
	member := gCmp("a.Role", "==", "user.RoleMEMBER", true)
	has := gAtom("hasX")
	cases := []struct {
		got  *goBool
		want string
	}{
		{gAnd(aKnown, admin, gAnd(aKnown, gCmp("vX", "==", "a.OrgID", false))), "a != nil && a.Role == user.RoleADMIN && vX == a.OrgID"},
		{gAnd(aKnown, admin, member), "false"}, // x == A && x == B
		{gOr(gNot(admin), gNot(member)), "true"},
		{gOr(gAnd(aKnown, admin), gAnd(aKnown, member)), "(a != nil && a.Role == user.RoleADMIN) || (a != nil && a.Role == user.RoleMEMBER)"},
		{gAnd(has, gNot(has)), "false"},
		{gOr(has, gTrue), "true"},
		{gAnd(gTrue, has, gTrue), "hasX"},
		{gNot(gNot(has)), "hasX"},
		{gNot(aKnown), "a == nil"},
		{gNot(gAnd(aKnown, admin)), "!(a != nil && a.Role == user.RoleADMIN)"},
		{gNot(gAtom(`privacy.StrMatch("contains", a.Name, "x y", false)`)), `!privacy.StrMatch("contains", a.Name, "x y", false)`},
		{gNot(gAtom(`len(x) == 0`)), `!(len(x) == 0)`},
		{gOr(), "false"},
		{gAnd(), "true"},
	}
	for _, c := range cases {
		require.Equal(t, c.want, c.got.String())
	}
}
