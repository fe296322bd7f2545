package superjson

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

type benchRow struct {
	id, viewCount, authorID int64
	title, content          string
	published               bool
	rating                  float64
	createdAt               time.Time
}

func benchRows(n int) []benchRow {
	rows := make([]benchRow, n)
	for i := range rows {
		rows[i] = benchRow{id: int64(i + 1), viewCount: int64(i * 3), authorID: 7, title: "Post " + strconv.Itoa(i),
			content: "Lorem ipsum dolor sit amet", published: i%2 == 0, rating: 4.5,
			createdAt: time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC)}
	}
	return rows
}

// writeRows is an append-style writer like the RPC handler's: it mirrors its
// position in m (when non-nil) and records the DateTime field.
func writeRows(dst []byte, rows []benchRow, m *Meta, annotate bool) []byte {
	dst = append(dst, '[')
	for i := range rows {
		r := &rows[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		if m != nil {
			m.PushIndex(i)
		}
		dst = append(dst, `{"id":`...)
		dst = strconv.AppendInt(dst, r.id, 10)
		dst = append(dst, `,"title":`...)
		dst = strconv.AppendQuote(dst, r.title)
		dst = append(dst, `,"content":`...)
		dst = strconv.AppendQuote(dst, r.content)
		dst = append(dst, `,"published":`...)
		dst = strconv.AppendBool(dst, r.published)
		dst = append(dst, `,"viewCount":`...)
		dst = strconv.AppendInt(dst, r.viewCount, 10)
		dst = append(dst, `,"rating":`...)
		dst = strconv.AppendFloat(dst, r.rating, 'g', -1, 64)
		dst = append(dst, `,"createdAt":"`...)
		dst = r.createdAt.AppendFormat(dst, "2006-01-02T15:04:05.000Z07:00")
		dst = append(dst, '"')
		if m != nil && annotate {
			m.AddKey("createdAt", AnnDate)
		}
		dst = append(dst, `,"authorId":`...)
		dst = strconv.AppendInt(dst, r.authorID, 10)
		dst = append(dst, '}')
		if m != nil {
			m.Pop()
		}
	}
	return append(dst, ']')
}

func benchWrite(b *testing.B, withMeta, annotate bool) {
	rows := benchRows(100)
	var m Meta
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = append(buf[:0], `{"data":`...)
		if withMeta {
			m.Reset()
			buf = writeRows(buf, rows, &m, annotate)
			if !m.Empty() {
				buf = append(buf, `,"meta":{"serialization":`...)
				buf = m.AppendSerialization(buf)
				buf = append(buf, '}')
			}
		} else {
			buf = writeRows(buf, rows, nil, false)
		}
		buf = append(buf, '}')
	}
	b.SetBytes(int64(len(buf)))
}

// 100 rows x 8 fields, one DateTime per row.
func BenchmarkWriteRowsNoMeta(b *testing.B)              { benchWrite(b, false, false) }
func BenchmarkWriteRowsMetaNothingToRecord(b *testing.B) { benchWrite(b, true, false) }
func BenchmarkWriteRowsMetaDatePerRow(b *testing.B)      { benchWrite(b, true, true) }

func BenchmarkDecodeMetaWhereDate(b *testing.B) {
	meta := json.RawMessage(`{"values":{"where.createdAt.gte":["Date"],"where.createdAt.lt":["Date"]},"v":1}`)
	b.ReportAllocs()
	for b.Loop() {
		v := map[string]any{"where": map[string]any{"createdAt": map[string]any{
			"gte": "2025-12-01T00:00:00.000Z", "lt": "2026-01-02T03:04:05.678Z"}}}
		if _, err := DecodeMeta(meta, v); err != nil {
			b.Fatal(err)
		}
	}
}

// One row's worth of recording: PushIndex, AddKey("createdAt"), Pop.
func BenchmarkMetaAdd(b *testing.B) {
	var m Meta
	var out []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == 100 {
			out = m.AppendSerialization(out[:0])
			m.Reset()
			i = 0
		}
		m.PushIndex(i)
		m.AddKey("createdAt", AnnDate)
		m.Pop()
		i++
	}
}
