package main

// The move from the SQLite store to the PostgreSQL one: every database, collection and index
// of a SQLite directory is copied into the running store at -to, then each collection is
// checked (document count and a checksum over the documents' bytes) on both sides. The
// SQLite files are not touched; scripts/infra.sh sets them aside only after this exits 0.

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const copyBatch = 1000

func migrateSQLite(dir, to string, logger *slog.Logger) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// The old store, served read-only by us on a free loopback port for the copy.
	quiet := slog.New(slog.NewTextHandler(discard{}, nil))
	port, err := freePort()
	if err != nil {
		return err
	}
	source, err := ferretdb.New(sqliteConfig(fmt.Sprintf("127.0.0.1:%d", port), dir, quiet))
	if err != nil {
		return fmt.Errorf("opening the SQLite store %s: %w", dir, err)
	}
	go func() { _ = source.Run(ctx) }()

	from, err := connect(ctx, fmt.Sprintf("127.0.0.1:%d", port), 30*time.Second)
	if err != nil {
		return err
	}
	into, err := connect(ctx, to, 10*time.Second)
	if err != nil {
		return err
	}
	names, err := from.ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("listing the SQLite store's databases: %w", err)
	}
	var collections, documents int64
	for _, db := range names {
		colls, err := from.Database(db).ListCollectionNames(ctx, bson.D{})
		if err != nil {
			return fmt.Errorf("listing %s: %w", db, err)
		}
		for _, coll := range colls {
			n, err := copyCollection(ctx, from.Database(db).Collection(coll), into.Database(db).Collection(coll))
			if err != nil {
				return fmt.Errorf("%s.%s: %w", db, coll, err)
			}
			collections++
			documents += n
		}
	}
	logger.Warn("migration done", "from", dir, "databases", len(names), "collections", collections, "documents", documents)
	fmt.Printf("copied %d databases, %d collections, %d documents; counts and checksums match\n", len(names), collections, documents)
	return nil
}

func copyCollection(ctx context.Context, from, into *mongo.Collection) (int64, error) {
	if err := copyIndexes(ctx, from, into); err != nil {
		return 0, err
	}
	cursor, err := from.Find(ctx, bson.D{})
	if err != nil {
		return 0, err
	}
	defer cursor.Close(ctx)
	want := newChecksum()
	batch := make([]any, 0, copyBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		// Unordered, and a document already there is fine: a copy cut short is simply run again.
		_, err := into.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false))
		batch = batch[:0]
		if err != nil && !onlyDuplicates(err) {
			return err
		}
		return nil
	}
	for cursor.Next(ctx) {
		doc := append(bson.Raw(nil), cursor.Current...)
		want.add(doc)
		batch = append(batch, doc)
		if len(batch) == copyBatch {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := cursor.Err(); err != nil {
		return 0, err
	}
	if err := flush(); err != nil {
		return 0, err
	}
	got, err := checksumOf(ctx, into)
	if err != nil {
		return 0, err
	}
	if got.count != want.count || got.sum != want.sum {
		return 0, fmt.Errorf("copy differs: %d documents (checksum %x) in SQLite, %d (checksum %x) in the new store",
			want.count, want.sum[:8], got.count, got.sum[:8])
	}
	fmt.Printf("  %s.%s: %d documents, checksum %x\n", from.Database().Name(), from.Name(), want.count, want.sum[:8])
	return want.count, nil
}

func copyIndexes(ctx context.Context, from, into *mongo.Collection) error {
	specs, err := from.Indexes().ListSpecifications(ctx)
	if err != nil {
		return err
	}
	var models []mongo.IndexModel
	for _, spec := range specs {
		if spec.Name == "_id_" {
			continue
		}
		var keys bson.D
		if err := bson.Unmarshal(spec.KeysDocument, &keys); err != nil {
			return err
		}
		opts := options.Index().SetName(spec.Name)
		if spec.Unique != nil && *spec.Unique {
			opts.SetUnique(true)
		}
		models = append(models, mongo.IndexModel{Keys: keys, Options: opts})
	}
	if len(models) == 0 {
		// Creates the collection even when it is empty (already there: a second run).
		err := into.Database().CreateCollection(ctx, into.Name())
		var exists mongo.CommandError
		if errors.As(err, &exists) && exists.Code == 48 {
			return nil
		}
		return err
	}
	_, err = into.Indexes().CreateMany(ctx, models)
	return err
}

// checksum is independent of document order (the two stores may return them in any order):
// the XOR of each document's SHA-256, which is sound because `_id`s are unique.
type checksum struct {
	count int64
	sum   [sha256.Size]byte
}

func newChecksum() *checksum { return &checksum{} }

func (c *checksum) add(doc bson.Raw) {
	h := sha256.Sum256(doc)
	for i := range c.sum {
		c.sum[i] ^= h[i]
	}
	c.count++
}

func checksumOf(ctx context.Context, coll *mongo.Collection) (*checksum, error) {
	cursor, err := coll.Find(ctx, bson.D{})
	if err != nil {
		return nil, err
	}
	defer cursor.Close(ctx)
	c := newChecksum()
	for cursor.Next(ctx) {
		c.add(cursor.Current)
	}
	return c, cursor.Err()
}

func onlyDuplicates(err error) bool {
	var bulk mongo.BulkWriteException
	if !errors.As(err, &bulk) || bulk.WriteConcernError != nil {
		return false
	}
	for _, e := range bulk.WriteErrors {
		if e.Code != 11000 {
			return false
		}
	}
	return true
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
