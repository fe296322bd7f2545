package integration

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"entgo.io/ent/dialect"
)

// sqlLog is the env's database driver: it records every statement the
// client sends, in transactions too, with its arguments.
type sqlLog struct {
	dialect.Driver
	mu   sync.Mutex
	seen []statement
	txs  int // transactions begun since the last reset
}

// statement is one recorded statement.
type statement struct {
	query string
	args  []any
}

func (s statement) String() string { return fmt.Sprintf("%s %v", s.query, s.args) }

// reset returns the statements recorded since the last reset and forgets
// them.
func (l *sqlLog) reset() []statement {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.seen
	l.seen, l.txs = nil, 0
	return out
}

// transactions returns how many transactions began since the last reset.
func (l *sqlLog) transactions() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.txs
}

func (l *sqlLog) begun() {
	l.mu.Lock()
	l.txs++
	l.mu.Unlock()
}

func (l *sqlLog) record(query string, args any) {
	a, _ := args.([]any)
	l.mu.Lock()
	l.seen = append(l.seen, statement{query, a})
	l.mu.Unlock()
}

func (l *sqlLog) Query(ctx context.Context, query string, args, v any) error {
	l.record(query, args)
	return l.Driver.Query(ctx, query, args, v)
}

func (l *sqlLog) Exec(ctx context.Context, query string, args, v any) error {
	l.record(query, args)
	return l.Driver.Exec(ctx, query, args, v)
}

func (l *sqlLog) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := l.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	l.begun()
	return &sqlLogTx{Tx: tx, log: l}, nil
}

// BeginTx is what the Ent client's BeginTx needs of its driver.
func (l *sqlLog) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	drv, ok := l.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("the driver %T has no BeginTx", l.Driver)
	}
	tx, err := drv.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	l.begun()
	return &sqlLogTx{Tx: tx, log: l}, nil
}

// sqlLogTx records the statements of a transaction.
type sqlLogTx struct {
	dialect.Tx
	log *sqlLog
}

func (tx *sqlLogTx) Query(ctx context.Context, query string, args, v any) error {
	tx.log.record(query, args)
	return tx.Tx.Query(ctx, query, args, v)
}

func (tx *sqlLogTx) Exec(ctx context.Context, query string, args, v any) error {
	tx.log.record(query, args)
	return tx.Tx.Exec(ctx, query, args, v)
}
