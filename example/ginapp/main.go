// Command ginapp serves both APIs of the blog schema from a gin program with
// the library middleware: the README's "use entstack in your existing gin
// app", kept compiling here.
package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/gin-gonic/gin"
	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ginadapter"
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
	r := gin.New()
	r.Use(ginadapter.Middleware(mw.Handler), authenticate)
	r.GET("/healthz", gin.WrapH(middleware.Health(db.PingContext)))
	ginadapter.Mount(r.Group("/api/rest"), mw.API(rest))
	ginadapter.Mount(r.Group("/api/rpc"), mw.API(rpc))
	return r
}

// authenticate is where an application resolves its session or token to
// the signed-in user and puts it on the request context for the access
// policies (ent.WithViewerID(ctx, id)); requests without one are anonymous.
func authenticate(c *gin.Context) { c.Next() }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
