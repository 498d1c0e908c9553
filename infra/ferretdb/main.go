// Command threadline-ferretdb runs FerretDB 1.x (MongoDB wire protocol) embedded, so the
// platform has a MongoDB-compatible store without Docker. Built by
// scripts/install-system-deps.sh; plain `go install` of FerretDB's own command panics on a
// version file its module lacks.
//
//	threadline-ferretdb -listen 127.0.0.1:27017 -postgresql-url postgres://…/ferretdb   # the store
//	threadline-ferretdb -listen 127.0.0.1:27017 -data /abs/dir                          # SQLite (before 2026-12)
//	threadline-ferretdb -ping 127.0.0.1:27017 [-timeout 2s]   # exit 0 once a MongoDB ping answers
//	threadline-ferretdb -migrate-sqlite /abs/dir -to 127.0.0.1:27017   # copy a SQLite store over (migrate.go)
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func main() {
	listen := flag.String("listen", envOr("FERRETDB_LISTEN", "127.0.0.1:27017"), "TCP address to listen on (env FERRETDB_LISTEN)")
	pgURL := flag.String("postgresql-url", os.Getenv("FERRETDB_POSTGRESQL_URL"), "serve from this PostgreSQL database (env FERRETDB_POSTGRESQL_URL)")
	dataDir := flag.String("data", os.Getenv("FERRETDB_DATA"), "or: serve from SQLite files in this directory (env FERRETDB_DATA)")
	level := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "debug, info, warn or error (env FERRETDB_LOG_LEVEL)")
	pingAddr := flag.String("ping", "", "instead of serving: send a MongoDB ping to this address and exit 0 if it answers")
	timeout := flag.Duration("timeout", 2*time.Second, "time limit for -ping")
	migrateFrom := flag.String("migrate-sqlite", "", "instead of serving: copy every database of this SQLite directory into -to")
	migrateTo := flag.String("to", "", "with -migrate-sqlite: the MongoDB-wire address to copy into")
	flag.Parse()

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fail(2, "bad -log-level:", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	switch {
	case *pingAddr != "":
		if err := ping(*pingAddr, *timeout); err != nil {
			fmt.Fprintln(os.Stderr, "threadline-ferretdb: ping:", err)
			os.Exit(1)
		}
	case *migrateFrom != "":
		if *migrateTo == "" {
			fail(2, "-migrate-sqlite needs -to")
		}
		if err := migrateSQLite(mustDir(*migrateFrom, false), *migrateTo, logger); err != nil {
			fail(1, "migration:", err)
		}
	case *pgURL != "":
		serve(&ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}, Handler: "postgresql", PostgreSQLURL: *pgURL, Logger: logger}, logger)
	case *dataDir != "":
		serve(sqliteConfig(*listen, mustDir(*dataDir, true), logger), logger)
	default:
		fail(2, "-postgresql-url or -data is required")
	}
}

func sqliteConfig(listen, dir string, logger *slog.Logger) *ferretdb.Config {
	return &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: listen}, Handler: "sqlite", SQLiteURL: "file:" + dir + "/", Logger: logger}
}

// serve runs FerretDB until SIGTERM or SIGINT. New binds the socket; Run serves until the
// context is cancelled.
func serve(config *ferretdb.Config, logger *slog.Logger) {
	f, err := ferretdb.New(config)
	if err != nil {
		fail(1, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Warn("threadline-ferretdb serving", "uri", f.MongoDBURI(), "handler", config.Handler)
	_ = f.Run(ctx)
	logger.Warn("threadline-ferretdb stopped")
}

func connect(ctx context.Context, addr string, timeout time.Duration) (*mongo.Client, error) {
	opts := options.Client().ApplyURI("mongodb://" + addr + "/").
		SetDirect(true).SetConnectTimeout(timeout).SetServerSelectionTimeout(timeout)
	return mongo.Connect(ctx, opts)
}

func ping(addr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	client, err := connect(ctx, addr, timeout)
	if err != nil {
		return err
	}
	// No Disconnect: it sends endSessions, which FerretDB 1.x logs as an unknown command;
	// the process exits right after, which closes the connection.
	return client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

func mustDir(path string, create bool) string {
	dir, err := filepath.Abs(path)
	if err != nil {
		fail(2, err)
	}
	if create {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail(1, err)
		}
	} else if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		fail(2, dir, "is not a directory")
	}
	return dir
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func fail(code int, msg ...any) {
	fmt.Fprintln(os.Stderr, append([]any{"threadline-ferretdb:"}, msg...)...)
	os.Exit(code)
}
