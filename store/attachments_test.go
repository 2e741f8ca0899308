package store

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"pingan/domain/casefile"
)

// A file goes in as chunks by _id and comes back whole; a finished delete leaves nothing to clean (the _id
// lookups use the expression index: TestIDLookupUsesExpressionIndex covers these collections too).
func TestAttachmentChunksRoundTripByID(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := t.Context()
	data := make([]byte, 2*ChunkSize+123)
	rand.Read(data)
	a := &casefile.Attachment{ID: "roundtrip", CaseID: "610921102-2026-000001", Size: int64(len(data)), UploadedAt: time.Now()}
	if err := s.SaveAttachment(ctx, a, data); err != nil {
		t.Fatal(err)
	}
	if a.Chunks != 3 {
		t.Fatalf("%d chunks, want 3", a.Chunks)
	}
	var got bytes.Buffer
	if err := s.WriteAttachment(ctx, a, &got); err != nil || !bytes.Equal(got.Bytes(), data) {
		t.Fatalf("read back %d bytes (%v)", got.Len(), err)
	}
	if err := s.DeleteAttachment(ctx, a); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := s.EachAttachment(ctx, func(*casefile.Attachment) error { n++; return nil }); err != nil || n != 0 {
		t.Fatalf("%d attachments after the delete (%v)", n, err)
	}
	if removed, err := s.CleanAttachmentUploads(ctx); err != nil || removed != 0 {
		t.Fatalf("a finished delete left %d to clean (%v)", removed, err)
	}
}

// BenchmarkAttachment stores and reads back a 5 MB scan on the embedded store (docs/BENCHMARKS.md).
func BenchmarkAttachment(b *testing.B) {
	s := openTemp(b)
	ctx := b.Context()
	data := make([]byte, 5<<20)
	rand.Read(data)
	b.SetBytes(int64(len(data)))
	for i := 0; b.Loop(); i++ {
		a := &casefile.Attachment{ID: fmt.Sprintf("bench%06d", i), CaseID: "c", Size: int64(len(data))}
		if err := s.SaveAttachment(ctx, a, data); err != nil {
			b.Fatal(err)
		}
		if err := s.WriteAttachment(ctx, a, &bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAttachmentSaveOnly stores a 5 MB scan: chunks, then metadata (docs/BENCHMARKS.md).
func BenchmarkAttachmentSaveOnly(b *testing.B) {
	s := openTemp(b)
	ctx := b.Context()
	data := make([]byte, 5<<20)
	rand.Read(data)
	b.SetBytes(int64(len(data)))
	for i := 0; b.Loop(); i++ {
		a := &casefile.Attachment{ID: fmt.Sprintf("save%06d", i), CaseID: "c", Size: int64(len(data))}
		if err := s.SaveAttachment(ctx, a, data); err != nil {
			b.Fatal(err)
		}
	}
}
