// Package ferretsqlite is a workaround, not part of the store's design: it opens the SQLite file of the
// embedded FerretDB v1.24 directly, beside FerretDB, and reads FerretDB's private storage format (a table
// per collection, named in _ferretdb_collections; each document as SJSON in _ferretdb_sjson). It exists
// for two things FerretDB does slowly: FerretDB's _id lookups filter on an expression its own unique index
// does not cover, so without EnsureIDIndexes every lookup scans the table; and a full scan through
// FerretDB costs about 1 ms of CPU per case (its SJSON decoding, BSON conversion and resource tracking, on
// one core), 40 s to load the case index of 40,000 cases at start, which Scan does in a small fraction of
// that on every core, decoding exactly as the driver does. On a real MongoDB none of it runs, and package
// store is its only user (hence internal).
package ferretsqlite

import (
	"context"
	"database/sql"
	"fmt"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// open opens FerretDB's SQLite file directly, waiting politely for FerretDB's own locks.
func open(path string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// tableOf is the table FerretDB keeps a collection in.
func tableOf(ctx context.Context, conn *sql.DB, collection string) (string, error) {
	var table string
	if err := conn.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table); err != nil {
		return "", fmt.Errorf("table of %s: %w", collection, err)
	}
	return table, nil
}

// EnsureIDIndexes adds the index FerretDB forgets to every collection of the database file at path: its
// _id lookups filter on `_ferretdb_sjson->'$._id'`, but its own unique index is on another expression.
// It is idempotent; run it at every start, after the collections exist.
func EnsureIDIndexes(ctx context.Context, path string) error {
	conn, err := open(path)
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return fmt.Errorf("list collections tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_pingan_id", t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index %s: %w", t, err)
		}
	}
	return nil
}

// IDQueryPlan returns SQLite's plan for FerretDB's _id lookup on a collection's table, for tests that pin
// down that the lookup uses the index.
func IDQueryPlan(ctx context.Context, path, collection string) (string, error) {
	conn, err := open(path)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	table, err := tableOf(ctx, conn, collection)
	if err != nil {
		return "", err
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?`, table), `"x"`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		plan += detail + "\n"
	}
	return plan, rows.Err()
}
