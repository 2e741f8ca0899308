package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"pingan/domain"
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

// The start-up scan of attachment metadata reads the SQLite file directly on the embedded store; it finds
// exactly what the driver finds, field by field (the uploader, times in Shanghai, sizes past 2 GB).
func TestAttachmentDirectScanMatchesDriver(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := t.Context()
	at := time.Date(2026, 5, 1, 9, 30, 15, 123e6, time.UTC)
	for i := range 700 { // more than one batch of the direct scan
		a := &casefile.Attachment{ID: fmt.Sprintf("f%04d", i), CaseID: fmt.Sprintf("610902001-2026-%06d", i%40), Kind: "evidence",
			Name: fmt.Sprintf("现场照片%d.jpg", i), ContentType: "image/jpeg", Size: int64(i) << 22, SHA256: fmt.Sprintf("%064x", i),
			UploadedAt: at.Add(time.Duration(i) * time.Minute), UploadedBy: domain.Actor{ID: "med", Name: "王调解"}, Office: "610902001"}
		if err := s.SaveAttachment(ctx, a, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	collect := func(each func(context.Context, func(*casefile.Attachment) error) error) map[string]casefile.Attachment {
		out := map[string]casefile.Attachment{}
		if err := each(ctx, func(a *casefile.Attachment) error { out[a.ID] = *a; return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	direct, driver := collect(s.EachAttachment), collect(func(ctx context.Context, fn func(*casefile.Attachment) error) error {
		return eachDocumentCursor(ctx, s, colAttachments, fn)
	})
	if len(direct) != 700 || len(driver) != 700 {
		t.Fatalf("direct scan found %d, driver %d, want 700", len(direct), len(driver))
	}
	for id, want := range driver {
		got := direct[id]
		if !got.UploadedAt.Equal(want.UploadedAt) || got.UploadedAt.Location().String() != want.UploadedAt.Location().String() {
			t.Fatalf("%s uploaded %v, driver %v", id, got.UploadedAt, want.UploadedAt)
		}
		got.UploadedAt = want.UploadedAt
		if got != want {
			t.Fatalf("%s:\ndirect %+v\ndriver %+v", id, got, want)
		}
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
