// Command example serves the reference blog schema as a JSON:API
// (/api/rest) and a Prisma-style RPC API (/api/rpc), on SQLite by default:
//
//	go run ./example                      # blog.db in the current directory, :8080
//	go run ./example -db postgres://user:pass@localhost:5432/blog
//	go run ./example -db mysql://user:pass@localhost:3306/blog -addr :9000
//	go run ./example migrate -db …        # migrate and seed, then exit
//	go run ./example -migrate=false -db … # serve a database migrated beforehand
//	go run ./example token -user 1        # mint a bearer token for user 1
//
// Serving migrates the schema and fills an empty database with demo data
// (user 1 is an ADMIN) first, under a database lock so that several
// instances can start at once; a deploy pipeline runs `example migrate`
// once instead and serves with -migrate=false, which refuses a schema that
// is not up to date. Requests are authenticated with HS256 bearer tokens
// signed with AUTH_SECRET (mint one with `go run ./example token -user 1`).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/example/token"
	"github.com/entstack/entstack/middleware"
)

func main() {
	cmd, args := "serve", os.Args[1:]
	if len(args) > 0 && args[0] == "token" {
		switch err := mintToken(args[1:], os.Stdout, os.Stderr); {
		case errors.Is(err, flag.ErrHelp):
		case err != nil:
			fmt.Fprintln(os.Stderr, "example token:", err)
			os.Exit(2)
		}
		return
	}
	if len(args) > 0 && (args[0] == "serve" || args[0] == "migrate") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("example "+cmd, flag.ExitOnError)
	dsn := fs.String("db", "blog.db", "database: a SQLite file path or file: DSN, postgres://… or mysql://…")
	addr, base, doMigrate, timeout := new(string), new(string), new(bool), new(time.Duration)
	if cmd == "serve" {
		fs.DurationVar(timeout, "timeout", middleware.DefaultTimeout, "deadline of one API request: past it its queries are cancelled and it is answered 503")
		fs.StringVar(addr, "addr", ":8080", "listen address")
		fs.StringVar(base, "base", "", "public base URL used in links (default http://localhost<addr>)")
		fs.BoolVar(doMigrate, "migrate", true, "migrate the schema and seed an empty database before serving; false: refuse a schema that is not up to date")
	}
	_ = fs.Parse(args)
	logs := newLogBuffer(os.Stderr)
	log := slog.New(middleware.LogHandler(slog.NewTextHandler(logs, nil)))
	slog.SetDefault(log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if cmd == "migrate" {
		err = migrateOnly(ctx, *dsn, log)
	} else {
		err = run(ctx, *dsn, *addr, *base, *doMigrate, *timeout, log)
	}
	if err != nil {
		log.Error("example "+cmd+" failed", "error", err)
		logs.Close()
		os.Exit(1)
	}
	logs.Close()
}

func migrateOnly(ctx context.Context, dsn string, log *slog.Logger) error {
	drv, err := openDatabase(ctx, dsn)
	if err != nil {
		return err
	}
	defer drv.Close()
	return migrateAndSeed(ctx, drv, log)
}

func run(ctx context.Context, dsn, addr, base string, doMigrate bool, timeout time.Duration, log *slog.Logger) error {
	secret := os.Getenv("AUTH_SECRET")
	if secret == "" {
		secret = token.DevSecret
		log.Warn("AUTH_SECRET is not set: tokens are signed with the public development secret; never run like this in production")
	}
	drv, err := openDatabase(ctx, dsn)
	if err != nil {
		return err
	}
	client := ent.NewClient(ent.Driver(drv))
	defer client.Close()
	if doMigrate {
		err = migrateAndSeed(ctx, drv, log)
	} else {
		err = checkSchema(ctx, drv)
	}
	if err != nil {
		return err
	}
	// Listen before serving, so that -addr :0 works (tests) and the links
	// carry the real port.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if base == "" {
		host, port, err := net.SplitHostPort(ln.Addr().String())
		if err != nil {
			return fmt.Errorf("-addr %q: %w", addr, err)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		base = "http://" + net.JoinHostPort(host, port)
	}
	srv := &http.Server{
		Handler: server.New(client, server.Config{BaseURL: base, Secret: []byte(secret), Logger: log, RequestTimeout: timeout}),
		// Slow clients cannot hold connections: headers within 10 s, the
		// whole request (≤ 1 MiB body) within 30 s; a response that takes
		// over 60 s is cut; idle keep-alive connections close after 2 min.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		// Request line and headers: RPC GET calls carry their arguments
		// in the query string, up to the 1 MiB body limit (the RPC
		// handler answers larger ones with a 413); plus room for tokens
		// and cookies.
		MaxHeaderBytes: middleware.DefaultMaxBodyBytes + 64<<10,
		// net/http's own errors (bad requests it answers itself, TLS
		// handshakes) in the structured log rather than on bare stderr.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String())
	fmt.Printf("entstack example: blog API on %s\n  JSON:API  %s/api/rest/post\n  RPC       %s/api/rpc/post/findMany\n  token     go run ./example token -user 1\n", dsn, base, base)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
