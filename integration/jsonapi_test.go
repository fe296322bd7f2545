package integration

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The typed assertions of JSON:API responses.

// document is a JSON:API response document.
type document struct {
	JSONAPI  map[string]any     `json:"jsonapi"`
	Data     json.RawMessage    `json:"data"`
	Included []resourceObject   `json:"included"`
	Links    map[string]*string `json:"links"`
	Meta     map[string]any     `json:"meta"`
	Errors   []errorObject      `json:"errors"`

	raw map[string]json.RawMessage // the members present
}

type resourceObject struct {
	Type          string                  `json:"type"`
	ID            string                  `json:"id"`
	Attributes    map[string]any          `json:"attributes"`
	Relationships map[string]relationship `json:"relationships"`
	Links         map[string]string       `json:"links"`
}

type relationship struct {
	Links map[string]string `json:"links"`
	Data  json.RawMessage   `json:"data"`
}

type identifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type errorObject struct {
	Status string            `json:"status"`
	Code   string            `json:"code"`
	Title  string            `json:"title"`
	Detail string            `json:"detail"`
	Source map[string]string `json:"source"`
	Meta   map[string]any    `json:"meta"`
}

// doc decodes a JSON:API document; every JSON:API response carries the
// JSON:API media type (JA-CN-01).
func (r *response) doc(t testing.TB) *document {
	t.Helper()
	r.hasMediaType(t)
	var d document
	require.NoError(t, json.Unmarshal([]byte(r.body), &d), "body: %s", r.body)
	require.NoError(t, json.Unmarshal([]byte(r.body), &d.raw))
	return &d
}

// ok checks a 200 with data and no errors (JA-FETCH-02, JA-DOC-03) and
// returns the document.
func (r *response) ok(t testing.TB) *document {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, r.body)
	d := r.doc(t)
	require.Empty(t, d.Errors)
	require.Contains(t, d.raw, "data", r.body)
	require.Equal(t, map[string]any{"version": "1.1"}, d.JSONAPI)
	return d
}

// fails checks an error document of the status with a single error object
// (JA-ERR-02, JA-ERR-05: the status as a string; JA-DOC-03: no data) and
// returns it.
func (r *response) fails(t testing.TB, status int) errorObject {
	t.Helper()
	require.Equal(t, status, r.status, r.body)
	d := r.doc(t)
	require.NotContains(t, d.raw, "data")
	require.Len(t, d.Errors, 1, r.body)
	require.Equal(t, strconv.Itoa(status), d.Errors[0].Status)
	return d.Errors[0]
}

// list decodes primary data that must be an array (JA-DOC-07).
func (d *document) list(t testing.TB) []resourceObject {
	t.Helper()
	var out []resourceObject
	require.True(t, strings.HasPrefix(strings.TrimSpace(string(d.Data)), "["), "data is not an array: %s", d.Data)
	require.NoError(t, json.Unmarshal(d.Data, &out))
	return out
}

// one decodes primary data that must be an object (or null: nil).
func (d *document) one(t testing.TB) *resourceObject {
	t.Helper()
	if string(d.Data) == "null" {
		return nil
	}
	var out resourceObject
	require.True(t, strings.HasPrefix(string(d.Data), "{"), "data is not an object: %s", d.Data)
	require.NoError(t, json.Unmarshal(d.Data, &out))
	return &out
}

// primary is the primary data as a list, whether it is one resource or
// many.
func (d *document) primary(t testing.TB) []resourceObject {
	t.Helper()
	if strings.HasPrefix(string(d.Data), "{") {
		return []resourceObject{*d.one(t)}
	}
	return d.list(t)
}

// ids are the ids of the primary data, in order.
func (d *document) ids(t testing.TB) []string {
	t.Helper()
	out := []string{}
	for _, r := range d.primary(t) {
		out = append(out, r.ID)
	}
	return out
}

// linkage is the primary data of a relationship document (see linkage).
func (d *document) linkage(t testing.TB) any {
	t.Helper()
	return linkage(t, relationship{Data: d.Data})
}

// total is meta.total.
func (d *document) total(t testing.TB) int {
	t.Helper()
	n, ok := d.Meta["total"].(float64)
	require.True(t, ok, "meta.total: %v", d.Meta)
	return int(n)
}

// includedIDs are the sorted ids of the included resources of a type.
func (d *document) includedIDs(typ string) []string {
	out := []string{}
	for _, r := range d.Included {
		if r.Type == typ {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out
}

// keys are "type:id" of resource objects, in order.
func keys(rs []resourceObject) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Type + ":" + r.ID
	}
	return out
}

// linkage is the linkage of a relationship: a "type:id" list, a "type:id",
// nil for null, or "absent" without a data member.
func linkage(t testing.TB, rel relationship) any {
	t.Helper()
	s := strings.TrimSpace(string(rel.Data))
	switch {
	case s == "":
		return "absent"
	case s == "null":
		return nil
	case strings.HasPrefix(s, "["):
		var ids []identifier
		require.NoError(t, json.Unmarshal(rel.Data, &ids))
		out := []string{}
		for _, id := range ids {
			out = append(out, id.Type+":"+id.ID)
		}
		return out
	}
	var id identifier
	require.NoError(t, json.Unmarshal(rel.Data, &id))
	return id.Type + ":" + id.ID
}

// restTitles are the titles of ZenStack's REST error codes.
var restTitles = map[string]string{
	"unsupported-model":           "Unsupported model type",
	"unsupported-relationship":    "Unsupported relationship",
	"invalid-path":                "The request path is invalid",
	"invalid-verb":                "The HTTP verb is not supported",
	"not-found":                   "Resource not found",
	"invalid-id":                  "Resource ID is invalid",
	"invalid-payload":             "Invalid payload",
	"invalid-relation-data":       "Invalid relation data",
	"invalid-relation":            "Invalid relation",
	"invalid-filter":              "Invalid filter",
	"invalid-sort":                "Invalid sort",
	"invalid-value":               "Invalid value for type",
	"duplicated-fields-parameter": "Fields Parameter Duplicated",
	"forbidden":                   "Operation is forbidden",
	"validation-error":            "Operation is unprocessable due to validation errors",
	"query-error":                 "Error occurred while executing the query",
	"unknown-error":               "Unknown error",
}

// errBody is the error document the handler renders for one error object:
// ZenStack's REST code and its title, the runtime's finer code (fine) in
// meta.errorCode when there is one.
func errBody(status, code, fine, detail, pointer string) string {
	title, ok := restTitles[code]
	if !ok {
		panic("no REST code " + code)
	}
	s := `{"jsonapi":{"version":"1.1"},"errors":[{"status":"` + status + `","code":"` + code + `","title":"` + title + `"`
	if detail != "" {
		s += `,"detail":"` + strings.ReplaceAll(detail, `"`, `\"`) + `"`
	}
	if pointer != "" {
		s += `,"source":{"pointer":"` + pointer + `"}`
	}
	if fine != "" {
		s += `,"meta":{"errorCode":"` + fine + `"}`
	}
	return s + `}]}`
}

// toMany is the relationship document GET /:type/:id/relationships/:rel
// returns for a to-many (JA-REL-06: the write endpoints answer with it).
func toMany(path, typ string, ids ...string) string {
	s := `{"jsonapi":{"version":"1.1"},"data":[`
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += `{"type":"` + typ + `","id":"` + id + `"}`
	}
	page := restBase + path + `?page%5Blimit%5D=100\u0026page%5Boffset%5D=0`
	return s + `],"links":{"self":"` + restBase + path + `","first":"` + page + `","last":"` + page + `","prev":null,"next":null},"meta":{"total":` + strconv.Itoa(len(ids)) + `}}`
}

// toOne is the relationship document of a to-one.
func toOne(path, typ, id string) string {
	data := "null"
	if id != "" {
		data = `{"type":"` + typ + `","id":"` + id + `"}`
	}
	return `{"jsonapi":{"version":"1.1"},"data":` + data + `,"links":{"self":"` + restBase + path + `"}}`
}

// queryOf splits an absolute link into its address and query.
func queryOf(t testing.TB, link string) (string, url.Values) {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	return u.Scheme + "://" + u.Host + u.Path, u.Query()
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func ptr(s string) *string { return &s }

func itoa(i int) string { return strconv.Itoa(i) }
