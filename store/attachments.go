package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain/casefile"
)

// Attachments are stored for the embedded store, which is fast only by _id (docs/STORE.md):
//   - the bytes in chunks of ChunkSize, each its own document with _id "<fileId>:<n>" (not GridFS: its
//     chunks are found by a files_id filter, a full scan on FerretDB);
//   - the metadata in "attachments", _id the file id, written LAST: a file is visible once it is whole;
//   - before the first chunk, a marker in "attachment_writes" (_id the file id, with the chunk count),
//     removed after the metadata. A stop between the two leaves the marker; at start every marker whose file
//     has no metadata has its chunks deleted by _id. Deletion writes the marker too, then the metadata goes
//     first and the chunks after, so a stop midway never shows a file without its bytes.

// ChunkSize is the size of one stored chunk: well under the 16 MB document limit, small enough that a
// download streams.
const ChunkSize = 255 << 10

// attachmentWrite marks an upload or a deletion in progress.
type attachmentWrite struct {
	ID        string    `bson:"_id"`
	CaseID    string    `bson:"caseId"`
	Chunks    int       `bson:"chunks"`
	StartedAt time.Time `bson:"startedAt"`
}

type attachmentChunk struct {
	ID   string `bson:"_id"`
	Data []byte `bson:"data"`
}

func chunkID(fileID string, n int) string { return fmt.Sprintf("%s:%05d", fileID, n) }

func chunkCount(size int64) int { return int((size + ChunkSize - 1) / ChunkSize) }

// SaveAttachment stores the bytes, then the metadata (see above).
func (s *Store) SaveAttachment(ctx context.Context, a *casefile.Attachment, data []byte) error {
	a.Chunks = chunkCount(int64(len(data)))
	if err := s.insertOne(ctx, colAttachmentWrites, attachmentWrite{ID: a.ID, CaseID: a.CaseID, Chunks: a.Chunks, StartedAt: a.UploadedAt}); err != nil {
		return fmt.Errorf("mark upload %s: %w", a.ID, err)
	}
	for n := 0; n < a.Chunks; n++ {
		end := min((n+1)*ChunkSize, len(data))
		if err := s.insertOne(ctx, colAttachmentChunks, attachmentChunk{ID: chunkID(a.ID, n), Data: data[n*ChunkSize : end]}); err != nil {
			return fmt.Errorf("store chunk %d of %s: %w", n, a.ID, err)
		}
	}
	seq, err := s.recordChange(ctx, colAttachments, []string{a.ID})
	if err != nil {
		return err
	}
	a.Seq = seq
	if err := s.insertOne(ctx, colAttachments, a); err != nil {
		s.voidChange(seq)
		return fmt.Errorf("store attachment %s: %w", a.ID, err)
	}
	return s.deleteByID(ctx, colAttachmentWrites, a.ID)
}

// DeleteAttachment removes the metadata, then the chunks (see above).
func (s *Store) DeleteAttachment(ctx context.Context, a *casefile.Attachment) error {
	if err := s.insertOne(ctx, colAttachmentWrites, attachmentWrite{ID: a.ID, CaseID: a.CaseID, Chunks: a.Chunks, StartedAt: time.Now()}); err != nil {
		return fmt.Errorf("mark deletion %s: %w", a.ID, err)
	}
	if _, err := s.recordGone(ctx, colAttachments, a.ID); err != nil {
		return err
	}
	if err := s.deleteByID(ctx, colAttachments, a.ID); err != nil {
		return err
	}
	return s.dropChunks(ctx, a.ID, a.Chunks)
}

// dropChunks deletes a file's chunks and its marker.
func (s *Store) dropChunks(ctx context.Context, id string, chunks int) error {
	for n := 0; n < chunks; n++ {
		if err := s.deleteByID(ctx, colAttachmentChunks, chunkID(id, n)); err != nil {
			return err
		}
	}
	return s.deleteByID(ctx, colAttachmentWrites, id)
}

// WriteAttachment copies the file's chunks to w, in order, one _id read each.
func (s *Store) WriteAttachment(ctx context.Context, a *casefile.Attachment, w io.Writer) error {
	col := s.db.Collection(colAttachmentChunks)
	for n := 0; n < a.Chunks; n++ {
		var c attachmentChunk
		if err := col.FindOne(ctx, bson.D{{Key: "_id", Value: chunkID(a.ID, n)}}).Decode(&c); err != nil {
			return fmt.Errorf("read chunk %d of %s: %w", n, a.ID, err)
		}
		if _, err := w.Write(c.Data); err != nil {
			return err
		}
	}
	return nil
}

// EachAttachment streams every attachment's metadata (small documents; the chunks are never scanned), on
// the embedded store from the SQLite file directly (eachDocument).
func (s *Store) EachAttachment(ctx context.Context, fn func(a *casefile.Attachment) error) error {
	return eachDocument(ctx, s, colAttachments, fn)
}

// CleanAttachmentUploads finishes what a stop interrupted: a marked file without metadata loses its chunks;
// one with metadata (stopped after it was written, or before a deletion removed it) keeps them. It returns
// how many half-stored files were removed.
func (s *Store) CleanAttachmentUploads(ctx context.Context) (int, error) {
	cur, err := s.db.Collection(colAttachmentWrites).Find(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("scan attachment writes: %w", err)
	}
	var marks []attachmentWrite
	if err := cur.All(ctx, &marks); err != nil {
		return 0, fmt.Errorf("read attachment writes: %w", err)
	}
	removed := 0
	for _, m := range marks {
		err := s.db.Collection(colAttachments).FindOne(ctx, bson.D{{Key: "_id", Value: m.ID}}).Err()
		switch {
		case err == nil:
			if err := s.deleteByID(ctx, colAttachmentWrites, m.ID); err != nil {
				return removed, err
			}
		case errors.Is(err, mongo.ErrNoDocuments):
			if err := s.dropChunks(ctx, m.ID, m.Chunks); err != nil {
				return removed, err
			}
			removed++
			s.log.Warn("removed a half-stored attachment", "id", m.ID, "case", m.CaseID, "chunks", m.Chunks)
		default:
			return removed, fmt.Errorf("look up attachment %s: %w", m.ID, err)
		}
	}
	return removed, nil
}

// casefileSetting is one township's case file settings (_id the township code).
type casefileSetting struct {
	ID     string `bson:"_id"`
	Prefix string `bson:"prefix"`
}

// NumberPrefix reads a township's document number prefix, "" when none is configured.
func (s *Store) NumberPrefix(ctx context.Context, township string) (string, error) {
	var set casefileSetting
	err := s.db.Collection(colCasefileSettings).FindOne(ctx, bson.D{{Key: "_id", Value: township}}).Decode(&set)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read number prefix of %s: %w", township, err)
	}
	return set.Prefix, nil
}

// SetNumberPrefix stores a township's document number prefix ("" goes back to the default).
func (s *Store) SetNumberPrefix(ctx context.Context, township, prefix string) error {
	done := s.writing()
	defer done()
	col := s.db.Collection(colCasefileSettings)
	if prefix == "" {
		_, err := col.DeleteOne(ctx, bson.D{{Key: "_id", Value: township}})
		return err
	}
	_, err := col.ReplaceOne(ctx, bson.D{{Key: "_id", Value: township}}, casefileSetting{ID: township, Prefix: prefix}, options.Replace().SetUpsert(true))
	return err
}

func (s *Store) insertOne(ctx context.Context, col string, doc any) error {
	done := s.writing()
	defer done()
	_, err := s.db.Collection(col).InsertOne(ctx, doc)
	return err
}

func (s *Store) deleteByID(ctx context.Context, col, id string) error {
	done := s.writing()
	defer done()
	if _, err := s.db.Collection(col).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("delete %s %s: %w", col, id, err)
	}
	return nil
}
