package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/handlers/handlerstest"
	"pingan/store"
)

// storedUploads opens the stopped server's data dir and reports the markers of unfinished uploads, the
// attachments' chunk counts, and every stored chunk id.
func storedUploads(t *testing.T, dir string) (marks int, files map[string]int, chunks []string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DataDir: dir, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	n, err := st.DB().Collection("attachment_writes").CountDocuments(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	files = map[string]int{}
	cur, err := st.DB().Collection("attachments").Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for cur.Next(ctx) {
		var a struct {
			ID     string `bson:"_id"`
			Chunks int    `bson:"chunks"`
		}
		if err := cur.Decode(&a); err != nil {
			t.Fatal(err)
		}
		files[a.ID] = a.Chunks
	}
	cur, err = st.DB().Collection("attachment_chunks").Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for cur.Next(ctx) {
		chunks = append(chunks, cur.Current.Lookup("_id").StringValue())
	}
	return int(n), files, chunks
}

// A kill -9 while uploads are being stored leaves no half file: after the restart every listed attachment
// downloads whole, every acknowledged one is listed, and no chunk is left without its file.
func TestUploadsSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := startBinary(t, dir, durEnv...)
	token := p.adminToken(t)
	r := p.Must(t, "POST", "/api/v1/cases", token, map[string]any{"kind": "dispute", "title": "附件断电测试", "summary": "上传中被强行终止",
		"category": "neighbor", "townshipCode": durTowns[0], "parties": []map[string]any{{"name": "甲", "role": "applicant"}, {"name": "乙", "role": "respondent"}},
		"dispute": map[string]any{"source": "application"}})
	if r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Raw)
	}
	caseID := r.Body["id"].(string)
	path := "/api/v1/cases/" + caseID + "/attachments"

	acked := map[string]string{} // id → sha256 of what was sent
	interrupted := 0
	for round := 0; round < 4 && (round < 1 || interrupted == 0); round++ {
		var mu sync.Mutex
		stop := make(chan struct{})
		first := make(chan struct{}, 1) // an upload of this round was acknowledged
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					// a PDF of 5 chunks, different each time
					data := append([]byte(fmt.Sprintf("%%PDF-1.7\n%% round %d writer %d file %d\n", round, w, i)), bytes.Repeat([]byte{byte(i)}, 1200<<10)...)
					res, err := p.Do("POST", path, token, handlerstest.Multipart(fmt.Sprintf("scan-%d-%d.pdf", w, i), data, map[string]string{"kind": "evidence"}))
					if err != nil {
						return // the server died under this upload
					}
					if res.Status != 201 {
						t.Errorf("upload: %d %s", res.Status, res.Raw)
						return
					}
					sum := sha256.Sum256(data)
					mu.Lock()
					acked[res.Body["id"].(string)] = hex.EncodeToString(sum[:])
					mu.Unlock()
					select {
					case first <- struct{}{}:
					default:
					}
				}
			})
		}
		// kill once uploads are flowing (on a loaded machine the first takes seconds), while the others are being
		// stored: the writers start their next upload at once, so one is mid-write at every moment now
		select {
		case <-first:
		case <-time.After(60 * time.Second):
			t.Fatal("no upload was acknowledged within a minute")
		}
		time.Sleep(time.Duration(100+150*round) * time.Millisecond)
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
		close(stop)
		wg.Wait()
		marks, _, _ := storedUploads(t, dir)
		interrupted += marks
		p = startBinary(t, dir, durEnv...)
	}
	if len(acked) == 0 {
		t.Fatal("no upload was acknowledged before the kills")
	}
	t.Logf("%d uploads acknowledged, %d interrupted mid-write by the kills", len(acked), interrupted)

	l := p.Must(t, "GET", path, token, nil)
	if l.Status != 200 {
		t.Fatalf("list: %d %s", l.Status, l.Raw)
	}
	listed := map[string]bool{}
	for _, it := range l.Body["items"].([]any) {
		a := it.(map[string]any)
		id := a["id"].(string)
		listed[id] = true
		d := p.Must(t, "GET", path+"/"+id, token, nil)
		sum := sha256.Sum256(d.Raw)
		if d.Status != 200 || int64(len(d.Raw)) != int64(a["size"].(float64)) || hex.EncodeToString(sum[:]) != a["sha256"] {
			t.Errorf("attachment %s after the kills: %d, %d bytes of %v, checksum %x", id, d.Status, len(d.Raw), a["size"], sum)
		}
	}
	for id, sum := range acked {
		if !listed[id] {
			t.Errorf("acknowledged upload %s is gone", id)
		} else if !strings.Contains(string(l.Raw), sum) {
			t.Errorf("acknowledged upload %s has another checksum", id)
		}
	}

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	marks, files, chunks := storedUploads(t, dir)
	if marks != 0 {
		t.Errorf("%d unfinished uploads left after a start", marks)
	}
	if len(files) != len(listed) {
		t.Errorf("%d attachments stored, %d listed", len(files), len(listed))
	}
	want := 0
	for _, n := range files {
		want += n
	}
	for _, c := range chunks {
		id, _, _ := strings.Cut(c, ":")
		if _, ok := files[id]; !ok {
			t.Errorf("chunk %s belongs to no attachment", c)
		}
	}
	if len(chunks) != want {
		t.Errorf("%d chunks stored, the attachments have %d", len(chunks), want)
	}
}
