package superjson_test

import (
	"fmt"
	"strconv"
	"time"

	"github.com/entstack/entstack/rpcapi/superjson"
)

// A response writer mirrors its position in a Meta while appending JSON and
// records the non-JSON values; the meta goes out only if something was
// recorded.
func ExampleMeta() {
	type post struct {
		id        int
		createdAt time.Time
	}
	rows := []post{{1, time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)}, {2, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}}

	var m superjson.Meta
	buf := []byte(`{"data":[`)
	for i, r := range rows {
		if i > 0 {
			buf = append(buf, ',')
		}
		m.PushIndex(i)
		buf = append(buf, `{"id":`...)
		buf = strconv.AppendInt(buf, int64(r.id), 10)
		buf = append(buf, `,"createdAt":`...)
		buf = superjson.AppendDate(buf, r.createdAt)
		m.AddKey("createdAt", superjson.AnnDate)
		buf = append(buf, '}')
		m.Pop()
	}
	buf = append(buf, ']')
	if !m.Empty() {
		buf = append(buf, `,"meta":{"serialization":`...)
		buf = m.AppendSerialization(buf)
		buf = append(buf, '}')
	}
	buf = append(buf, '}')
	fmt.Println(string(buf))
	// Output:
	// {"data":[{"id":1,"createdAt":"2026-01-02T03:04:05.678Z"},{"id":2,"createdAt":"2025-12-01T00:00:00.000Z"}],"meta":{"serialization":{"values":{"0.createdAt":["Date"],"1.createdAt":["Date"]},"v":1}}}
}

func ExampleUnmarshal() {
	// GET /api/model/post/findMany?q=...&meta=... after URL-decoding; the
	// handler passes meta.serialization.
	q := `{"where":{"createdAt":{"gte":"2025-12-01T00:00:00.000Z"}}}`
	meta := `{"values":{"where.createdAt.gte":["Date"]},"v":1}`
	args, err := superjson.Unmarshal([]byte(q), []byte(meta))
	if err != nil {
		panic(err)
	}
	gte := args.(map[string]any)["where"].(map[string]any)["createdAt"].(map[string]any)["gte"]
	fmt.Printf("%T %v\n", gte, gte)
	// Output:
	// time.Time 2025-12-01 00:00:00 +0000 UTC
}
