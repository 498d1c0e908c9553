// Command threadline-ferretdb runs FerretDB 1.x (MongoDB wire protocol on SQLite)
// embedded, so the platform has a MongoDB-compatible store without Docker.
// Built by scripts/install-system-deps.sh; plain `go install` of FerretDB's own
// command panics on a version file its module lacks.
//
//	threadline-ferretdb -listen 127.0.0.1:27017 -data /abs/dir [-log-level info]
//	threadline-ferretdb -ping 127.0.0.1:27017 [-timeout 2s]   # exit 0 once a MongoDB ping answers
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
	dataDir := flag.String("data", os.Getenv("FERRETDB_DATA"), "directory for the SQLite files (env FERRETDB_DATA)")
	level := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "debug, info, warn or error (env FERRETDB_LOG_LEVEL)")
	pingAddr := flag.String("ping", "", "instead of serving: send a MongoDB ping to this address and exit 0 if it answers")
	timeout := flag.Duration("timeout", 2*time.Second, "time limit for -ping")
	flag.Parse()

	if *pingAddr != "" {
		if err := ping(*pingAddr, *timeout); err != nil {
			fmt.Fprintln(os.Stderr, "threadline-ferretdb: ping:", err)
			os.Exit(1)
		}
		return
	}

	if *dataDir == "" {
		fail(2, "-data is required")
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail(2, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(1, err)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fail(2, "bad -log-level:", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	// New binds the socket; Run serves until the context is cancelled (SIGTERM, SIGINT).
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    logger,
	})
	if err != nil {
		fail(1, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Warn("threadline-ferretdb serving", "uri", f.MongoDBURI(), "data", dir)
	_ = f.Run(ctx)
	logger.Warn("threadline-ferretdb stopped")
}

func ping(addr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	opts := options.Client().ApplyURI("mongodb://" + addr + "/").
		SetDirect(true).SetConnectTimeout(timeout).SetServerSelectionTimeout(timeout)
	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}
	// No Disconnect: it sends endSessions, which FerretDB 1.x logs as an unknown command;
	// the process exits right after, which closes the connection.
	return client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
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
