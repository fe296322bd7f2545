package integration

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/integration/storedrow/ent"
	"github.com/entstack/entstack/integration/storedrow/ent/event"
	"github.com/entstack/entstack/integration/storedrow/ent/reading"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/restapi"
	"github.com/entstack/entstack/rpcapi"
)

// TestCreateAnswerIsStoredRow: the answer to a create is the row as
// stored, byte for byte what a GET of it returns next, in both APIs and
// on every database, whether it comes from the row Ent returned (SQLite;
// PostgreSQL for a model whose columns store Go values exactly, times
// truncated to microseconds before the INSERT) or from a read-back
// (MariaDB; PostgreSQL for JSON and a numeric column). The times carry
// nanoseconds and offsets, in the request and in Ent's defaults.
func TestCreateAnswerIsStoredRow(t *testing.T) {
	// Ent's defaults, in a zone of their own, with nanoseconds.
	ist := time.FixedZone("IST", 5*3600+1800)
	now := time.Date(2030, 3, 1, 15, 30, 0, 987654321, ist) // 10:00:00.987654321Z
	defaults := []*func() time.Time{&event.DefaultCreatedAt, &event.DefaultUpdatedAt, &event.UpdateDefaultUpdatedAt, &reading.DefaultTakenAt}
	for _, d := range defaults {
		saved := *d
		*d = func() time.Time { return now }
		t.Cleanup(func() { *d = saved })
	}
	testdb.Each(t, func(t *testing.T, dsn string) {
		drv := testdb.Open(t, dsn)
		log := &sqlLog{Driver: drv}
		client := ent.NewClient(ent.Driver(log))
		require.NoError(t, client.Schema.Create(context.Background()))
		reg := client.Resources()
		rest, err := restapi.New(reg, restapi.Options{Endpoint: restBase})
		require.NoError(t, err)
		rpc, err := rpcapi.New(reg, rpcapi.Options{})
		require.NoError(t, err)
		send := func(h http.Handler, method, target, body string) (int, string) {
			t.Helper()
			r := httptest.NewRequest(method, target, strings.NewReader(body))
			if body != "" {
				r.Header.Set("Content-Type", "application/vnd.api+json")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w.Code, w.Body.String()
		}
		d := drv.Dialect()
		// What each database keeps of 2030-11-21T15:04:05.123456789+05:30
		// and of Ent's default: nanoseconds (SQLite), microseconds cut
		// (PostgreSQL: pgx truncates). Ent's MySQL column is a TIMESTAMP
		// of whole seconds, which MariaDB truncates and MySQL rounds: not
		// pinned down.
		startsAt := map[string]string{dialect.SQLite: "2030-11-21T09:34:05.123456789Z", dialect.Postgres: "2030-11-21T09:34:05.123456Z"}[d]
		createdAt := map[string]string{dialect.SQLite: "2030-03-01T10:00:00.987654321Z", dialect.Postgres: "2030-03-01T10:00:00.987654Z"}[d]
		// Reading: PostgreSQL stores the amount at two decimals (and meta
		// as jsonb, whose text is its own).
		amount := "12.3456"
		if d == dialect.Postgres {
			amount = "12.35"
		}

		for _, c := range []struct {
			name     string
			typ      string
			attrs    string            // of the REST create; RPC sends them as its data
			want     map[string]string // attributes of the answer
			readBack bool              // the create reads the row back
		}{
			{
				name:     "exact",
				typ:      "event",
				attrs:    `{"title":"Gophers","kind":"meetup","startsAt":"2030-11-21T15:04:05.123456789+05:30","endsAt":"2030-11-21T10:00:00.000000999-01:00","score":0.1,"ratio":0.3,"seats":-7,"rooms":65535,"online":true,"badge":"AAEC/w=="}`,
				want:     map[string]string{"startsAt": strconv.Quote(startsAt), "createdAt": strconv.Quote(createdAt), "updatedAt": strconv.Quote(createdAt), "score": "0.1", "title": `"Gophers"`},
				readBack: d == dialect.MySQL,
			},
			{
				name:     "JSON and numeric",
				typ:      "reading",
				attrs:    `{"meta":{"z": 1, "a": [1, 2]},"amount":12.3456}`,
				want:     map[string]string{"meta": `{"a":[1,2],"z":1}`, "amount": amount, "takenAt": strconv.Quote(createdAt)},
				readBack: d != dialect.SQLite,
			},
		} {
			t.Run(c.name+" REST", func(t *testing.T) {
				log.reset()
				status, body := send(rest, "POST", "/"+c.typ, `{"data":{"type":"`+c.typ+`","attributes":`+c.attrs+`}}`)
				require.Equal(t, http.StatusCreated, status, body)
				stmts := log.reset()
				require.Len(t, stmts, map[bool]int{false: 1, true: 2}[c.readBack], "statements:\n%s", stmts) // the INSERT, and the read-back
				id, created := restAttributes(t, body)
				for k, v := range c.want {
					if v == "" || v == `""` {
						continue // not pinned down on this database
					}
					require.JSONEq(t, v, string(created[k]), "attribute %s of %s", k, body)
				}
				status, got := send(rest, "GET", "/"+c.typ+"/"+id, "")
				require.Equal(t, http.StatusOK, status, got)
				require.Equal(t, rawAttributes(t, got), rawAttributes(t, body), "create answer vs GET")

				// An update answers with the row as stored too (updatedAt
				// is Ent's update default).
				status, body = send(rest, "PATCH", "/"+c.typ+"/"+id, `{"data":{"type":"`+c.typ+`","id":"`+id+`","attributes":{}}}`)
				require.Equal(t, http.StatusOK, status, body)
				status, got = send(rest, "GET", "/"+c.typ+"/"+id, "")
				require.Equal(t, http.StatusOK, status, got)
				require.Equal(t, rawAttributes(t, got), rawAttributes(t, body), "update answer vs GET")
			})
			t.Run(c.name+" RPC", func(t *testing.T) {
				log.reset()
				status, body := send(rpc, "POST", "/"+c.typ+"/create", `{"data":`+c.attrs+`}`)
				require.Equal(t, http.StatusCreated, status, body)
				var stmts []string
				for _, s := range log.reset() {
					stmts = append(stmts, strings.Fields(s.query)[0])
				}
				want := []string{"INSERT"}
				if c.readBack {
					want = append(want, "SELECT")
				}
				require.Equal(t, want, stmts, "statements")
				var created struct {
					Data struct {
						ID int `json:"id"`
					} `json:"data"`
				}
				require.NoError(t, json.Unmarshal([]byte(body), &created), body)
				q := url.QueryEscape(`{"where":{"id":` + strconv.Itoa(created.Data.ID) + `}}`)
				status, got := send(rpc, "GET", "/"+c.typ+"/findUnique?q="+q, "")
				require.Equal(t, http.StatusOK, status, got)
				require.Equal(t, got, body, "create answer vs findUnique")
			})
		}
	})
}

// restAttributes returns the id and the attributes of a JSON:API document
// of one resource.
func restAttributes(t *testing.T, body string) (string, map[string]json.RawMessage) {
	t.Helper()
	var doc struct {
		Data struct {
			ID         string                     `json:"id"`
			Attributes map[string]json.RawMessage `json:"attributes"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &doc), body)
	return doc.Data.ID, doc.Data.Attributes
}

// rawAttributes returns the attributes object of a JSON:API document of
// one resource as the server wrote it.
func rawAttributes(t *testing.T, body string) string {
	t.Helper()
	var doc struct {
		Data struct {
			Attributes json.RawMessage `json:"attributes"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &doc), body)
	return string(doc.Data.Attributes)
}
