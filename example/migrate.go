package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/migrate"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/internal/dbconn"
	"github.com/entstack/entstack/privacy"
)

// migrateAndSeed brings the schema up to date and fills an empty database
// with the demo data, under the database's migration lock: instances that
// start together take turns, and the later ones find nothing to do.
func migrateAndSeed(ctx context.Context, drv *entsql.Driver, log *slog.Logger) error {
	start := time.Now()
	err := dbconn.Migrate(ctx, drv, func(ctx context.Context, locked dialect.Driver) error {
		if err := migrate.NewSchema(locked).Create(privacy.Bypass(ctx)); err != nil {
			return fmt.Errorf("migrating the schema: %w", err)
		}
		return server.Seed(ctx, ent.NewClient(ent.Driver(locked)))
	})
	if err != nil {
		return err
	}
	log.Info("schema up to date", "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// checkSchema refuses to serve a database whose schema is behind this
// build's (serve -migrate=false before `example migrate` ran): the
// requests would fail one by one instead.
func checkSchema(ctx context.Context, drv *entsql.Driver) error {
	var plan bytes.Buffer
	if err := migrate.NewSchema(drv).WriteTo(privacy.Bypass(ctx), &plan); err != nil {
		return fmt.Errorf("comparing the schema: %w", err)
	}
	if pending := strings.TrimSpace(plan.String()); pending != "" {
		lines := strings.Split(pending, "\n")
		if len(lines) > 5 {
			lines = append(lines[:5], "…")
		}
		return fmt.Errorf("the database schema is not up to date (run `example migrate` first, or serve with -migrate); pending:\n%s", strings.Join(lines, "\n"))
	}
	return nil
}
