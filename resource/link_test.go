package resource

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLinkOne(t *testing.T) {
	var set []int
	cleared := 0
	setFn := func(id int) { set = append(set, id) }
	clearFn := func() { cleared++ }
	require.NoError(t, LinkOne(LinkSet, []any{7}, setFn, clearFn))
	require.NoError(t, LinkOne(LinkClear, nil, setFn, clearFn))
	require.Equal(t, []int{7}, set)
	require.Equal(t, 1, cleared)

	err := LinkOne(LinkSet, []any{1, 2}, setFn, clearFn)
	require.ErrorContains(t, err, "a to-one relation takes one id")
	err = LinkOne(LinkAdd, []any{1}, setFn, clearFn)
	require.Error(t, err)
	// an id of another Go type is a bug of the caller, not bad input
	err = LinkOne(LinkSet, []any{"7"}, setFn, clearFn)
	require.Equal(t, Internal, err.(*Error).Kind)
	require.Equal(t, []int{7}, set)
}

func TestLinkMany(t *testing.T) {
	var added, removed []string
	cleared := 0
	add := func(ids ...string) { added = append(added, ids...) }
	remove := func(ids ...string) { removed = append(removed, ids...) }
	clear := func() { cleared++ }
	require.NoError(t, LinkMany(LinkAdd, []any{"a", "b"}, add, remove, clear))
	require.NoError(t, LinkMany(LinkRemove, []any{"c"}, add, remove, clear))
	require.NoError(t, LinkMany(LinkClear, nil, add, remove, clear))
	require.Equal(t, []string{"a", "b"}, added)
	require.Equal(t, []string{"c"}, removed)
	require.Equal(t, 1, cleared)

	require.Error(t, LinkMany(LinkSet, []any{"a"}, add, remove, clear))
	require.Error(t, LinkMany(LinkAdd, []any{"a", 1}, add, remove, clear))
	require.Equal(t, []string{"a", "b"}, added, "nothing added on a bad id")
}

func TestSetID(t *testing.T) {
	var got int64
	require.NoError(t, SetID(int64(5), func(id int64) { got = id }))
	require.Equal(t, int64(5), got)
	require.Error(t, SetID(5, func(id int64) { got = id }))
}

// jsonIDRow serves AppendField(-1) with a fixed JSON value.
type jsonIDRow struct {
	Row
	id string
}

func (r jsonIDRow) AppendField(dst []byte, i int) []byte { return append(dst, r.id...) }

func TestAppendIDString(t *testing.T) {
	for _, tc := range []struct {
		json string
		kind Kind
		want string
	}{
		{`42`, KindInt, `"42"`},
		{`"abc"`, KindString, `"abc"`},
		{`"+/8="`, KindBytes, `"-_8="`},
	} {
		require.Equal(t, `x`+tc.want, string(AppendIDString([]byte("x"), jsonIDRow{id: tc.json}, tc.kind)))
	}
}

func TestLoaded(t *testing.T) {
	require.Equal(t, -1, Loaded(false, true))
	require.Equal(t, 0, Loaded(true, false))
	require.Equal(t, 1, Loaded(true, true))
	require.Equal(t, -1, LoadedN(false, 3))
	require.Equal(t, 3, LoadedN(true, 3))
}

func TestWriteRefusals(t *testing.T) {
	for _, tc := range []struct {
		err error
		msg string
	}{
		{IDsGenerated("Post"), "Post ids are generated"},
		{ReadOnlyError("Report"), "Report is read-only"},
	} {
		e := tc.err.(*Error)
		require.Equal(t, Forbidden, e.Kind)
		require.Equal(t, CodeForbidden, e.Code)
		require.Contains(t, e.Error(), tc.msg)
	}
}
