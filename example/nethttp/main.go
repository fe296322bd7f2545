// Command nethttp serves both APIs of the blog schema from a plain net/http
// program with the library middleware: the README's "use entstack in a
// net/http app", kept compiling here. It does not link gin (its test checks).
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/middleware"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/restapi"
	"github.com/entstack/entstack/rpcapi"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", newServer("file:blog.db?_fk=1&_journal_mode=WAL&_busy_timeout=5000")))
}

func newServer(dsn string) http.Handler {
	db, err := sql.Open("sqlite3", dsn)
	check(err)
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.SQLite, db)))
	check(client.Schema.Create(privacy.Bypass(context.Background())))
	rest, err := restapi.New(client.Resources(), restapi.Options{Endpoint: "http://localhost:8080/api/rest"})
	check(err)
	rpc, err := rpcapi.New(client.Resources(), rpcapi.Options{})
	check(err)
	mw, err := middleware.New(middleware.Options{}) // request ids, access log, limits, 30 s deadline
	check(err)
	mux := http.NewServeMux()
	mux.Handle("/api/rest/", http.StripPrefix("/api/rest", mw.API(rest, authenticate)))
	mux.Handle("/api/rpc/", http.StripPrefix("/api/rpc", mw.API(rpc, authenticate)))
	mux.Handle("/healthz", middleware.Health(db.PingContext))
	return mw.Handler(mux)
}

// authenticate is where an application resolves its session or token to
// the signed-in user and puts it on the context for the access policies
// (ent.WithViewerID(ctx, id)); requests without one are anonymous. The example
// server's is example/server/auth.go.
func authenticate(next http.Handler) http.Handler { return next }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
