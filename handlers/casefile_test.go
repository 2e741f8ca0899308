package handlers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"pingan/domain"
	"pingan/domain/casefile"
	"pingan/handlers/handlerstest"
)

// pngBytes is the smallest PNG: a 1×1 transparent pixel.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

var wordText = regexp.MustCompile(`<w:t[^>]*>([^<]*)</w:t>`)

// docxText opens a .docx as Word would (it unzips, has its required parts, every XML part parses) and
// returns the text of its document, run after run.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		parts[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("unzip %s: %v", f.Name, err)
		}
		dec := xml.NewDecoder(bytes.NewReader(parts[f.Name]))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s does not parse: %v", f.Name, err)
			}
		}
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		if parts[p] == nil {
			t.Fatalf("required part %s missing", p)
		}
	}
	var b strings.Builder
	for _, m := range wordText.FindAllSubmatch(parts["word/document.xml"], -1) {
		b.Write(m[1])
	}
	return b.String()
}

// resolvedDispute registers a dispute in townA and takes it to a written agreement.
func resolvedDispute(s *testServer, med string) map[string]any {
	s.t.Helper()
	c := s.register(med, disputeBody(townA, nil))
	c = s.act(med, c, "accept", nil)
	c = s.act(med, c, "start", map[string]any{"mediators": []string{"刘调解"}})
	c = s.act(med, c, "session", map[string]any{"session": map[string]any{"at": s.clock.Now().Add(-time.Hour).Format(time.RFC3339), "mode": "onsite", "record": "双方到场，现场查看界址"}})
	return s.act(med, c, "resolve", map[string]any{"agreement": map[string]any{"type": "written", "terms": "张三将围墙后移0.5米", "createsObligations": true, "amount": 800}})
}

// The case page's documents: each one the case has downloads as a valid .docx with the case's facts; one it
// has nothing for yet answers document_not_found.
func TestDocumentsOfACaseOverHTTP(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, time.Date(2026, 5, 6, 10, 0, 0, 0, domain.Shanghai))
	med := s.createUser("med", domain.RoleMediator, townA)
	c := s.register(med, disputeBody(townA, nil))
	id := c["id"].(string)
	expectRefusal(t, s.do("GET", "/api/v1/cases/"+id+"/documents/agreement", med, nil), 404, "document_not_found", "a 协议书 before an agreement")
	expectRefusal(t, s.do("GET", "/api/v1/cases/"+id+"/documents/nonsense", med, nil), 404, "document_not_found", "an unknown document")
	c = resolvedDispute(s, med)
	id = c["id"].(string)
	_, seq, _ := strings.Cut(strings.TrimPrefix(id, townA+"-2026-"), "")
	number := fmt.Sprintf("（2026）汉阴蒲溪人调字第%s号", strings.TrimLeft(seq, "0"))

	list := s.do("GET", "/api/v1/cases/"+id+"/documents", med, nil)
	expectStatus(t, list, 200, "the documents")
	available := map[string]bool{}
	for _, it := range list.Body["items"].([]any) {
		d := it.(map[string]any)
		available[d["code"].(string)] = d["available"].(bool)
	}
	want := map[string]bool{"cover": true, "catalogue": true, "application": true, "registration": true, "notice": true,
		"investigation": true, "record": true, "agreement": true, "oral_agreement": false, "visit": false}
	for code, has := range want {
		if available[code] != has {
			t.Errorf("%s available: %v, want %v", code, available[code], has)
		}
	}
	facts := map[string][]string{
		"agreement":    {"人民调解协议书", number, "张三", "610921199001011234", "两户因宅基地界址发生争执", "张三将围墙后移0.5米", "人民币800元", "本协议一式3份", "蒲溪镇人民调解委员会（盖章）", "2026年5月6日"},
		"registration": {"人民调解受理登记表", id, "张某与李某宅基地界址纠纷", "房屋宅基地", "汉阴县蒲溪镇月河村"},
		"record":       {"人民调解记录", "双方到场，现场查看界址", "刘调解"},
		"cover":        {"调 解 卷 宗", number, "张三、李四"},
	}
	for code, ok := range want {
		if !ok {
			continue
		}
		r := s.do("GET", "/api/v1/cases/"+id+"/documents/"+code, med, nil)
		expectStatus(t, r, 200, code)
		if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
			t.Errorf("%s: Content-Type %q", code, ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("%s: Content-Disposition %q", code, cd)
		}
		text := docxText(t, r.Raw)
		for _, w := range facts[code] {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q: %s", code, w, text)
			}
		}
	}
	// a configured prefix replaces the default in every number
	n := s.do("GET", "/api/v1/casefile/numbering/"+townA, med, nil)
	if n.Status != 200 || n.Body["prefix"] != "汉阴蒲溪" || n.Body["configured"] != false || n.Body["example"] != "（2026）汉阴蒲溪人调字第1号" {
		t.Fatalf("the default numbering: %d %s", n.Status, n.Raw)
	}
	for _, bad := range []string{"（汉阴）", "汉阴 蒲溪", strings.Repeat("长", 13)} {
		expectRefusal(t, s.do("PUT", "/api/v1/casefile/numbering/"+townA, s.admin, map[string]string{"prefix": bad}), 422, "validation_failed", "prefix "+bad)
	}
	expectRefusal(t, s.do("PUT", "/api/v1/casefile/numbering/"+townA, med, map[string]string{"prefix": "汉阴县蒲溪"}), 403, "forbidden", "a mediator setting the prefix")
	expectRefusal(t, s.do("PUT", "/api/v1/casefile/numbering/"+county, s.admin, map[string]string{"prefix": "汉阴"}), 422, "validation_failed", "a county's prefix")
	n = s.do("PUT", "/api/v1/casefile/numbering/"+townA, s.admin, map[string]string{"prefix": "汉阴县蒲溪"})
	if n.Status != 200 || n.Body["prefix"] != "汉阴县蒲溪" || n.Body["configured"] != true || n.Body["default"] != "汉阴蒲溪" {
		t.Fatalf("the configured numbering: %d %s", n.Status, n.Raw)
	}
	r := s.do("GET", "/api/v1/cases/"+id+"/documents/agreement", med, nil)
	if text := docxText(t, r.Raw); !strings.Contains(text, strings.Replace(number, "汉阴蒲溪", "汉阴县蒲溪", 1)) {
		t.Errorf("the configured prefix is not used: %s", text)
	}
}

// Uploads over HTTP that must be refused, each with its own reason, and nothing stored.
func TestUploadRefusals(t *testing.T) {
	t.Parallel()
	s := startServer(t, func(c *Config) { c.Attachments = casefile.Limits{FileBytes: 4 << 10, CaseBytes: 10 << 10} })
	med := s.createUser("med", domain.RoleMediator, townA)
	lead := s.createUser("lead", domain.RoleLeader, county)
	far := s.createUser("far", domain.RoleMediator, townC)
	id := s.register(med, disputeBody(townA, nil))["id"].(string)
	path := "/api/v1/cases/" + id + "/attachments"
	pdf := func(n int) []byte { return append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), n-9)...) }
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()

	for _, tc := range []struct {
		what   string
		token  string
		body   any
		status int
		reason string
	}{
		{"HTML named .jpg", med, handlerstest.Multipart("scan.jpg", []byte("<html><script>alert(1)</script></html>"), nil), 422, "attachment_type"},
		{"an SVG", med, handlerstest.Multipart("a.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), nil), 422, "attachment_type"},
		{"an executable named .pdf", med, handlerstest.Multipart("a.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), nil), 422, "attachment_type"},
		{"a zip that is no Office file, named .docx", med, handlerstest.Multipart("a.docx", plainZip.Bytes(), nil), 422, "attachment_type"},
		{"an empty file", med, handlerstest.Multipart("a.pdf", nil, nil), 422, "validation_failed"},
		{"no file", med, handlerstest.Multipart("", nil, map[string]string{"kind": "evidence"}), 422, "validation_failed"},
		{"an unknown kind", med, handlerstest.Multipart("a.png", pngBytes, map[string]string{"kind": "selfie"}), 422, "validation_failed"},
		{"JSON instead of a form", med, map[string]any{"file": "x"}, 400, "bad_request"},
		{"a file over the per-file limit", med, handlerstest.Multipart("big.pdf", pdf(4<<10+1), nil), 413, "attachment_too_large"},
		{"a body far over it (another field)", med, handlerstest.Multipart("a.png", pngBytes, map[string]string{"padding": strings.Repeat("x", 200<<10)}), 413, "attachment_too_large"},
		{"a leader (reads only)", lead, handlerstest.Multipart("a.png", pngBytes, nil), 403, "forbidden"},
		{"a mediator of another township", far, handlerstest.Multipart("a.png", pngBytes, nil), 404, "case_not_found"},
	} {
		r := s.do("POST", path, tc.token, tc.body)
		expectRefusal(t, r, tc.status, tc.reason, tc.what)
	}
	if n := len(s.do("GET", path, med, nil).Body["items"].([]any)); n != 0 {
		t.Fatalf("refused uploads left %d attachments", n)
	}
	// the per-case limit: two files of 4 KB fit in 10 KB, a third does not
	for i := range 2 {
		expectStatus(t, s.do("POST", path, med, handlerstest.Multipart(fmt.Sprintf("p%d.pdf", i), pdf(4<<10), nil)), 201, "a file within the limits")
	}
	expectRefusal(t, s.do("POST", path, med, handlerstest.Multipart("p3.pdf", pdf(4<<10), nil)), 413, "case_files_full", "a file over the per-case limit")
	l := s.do("GET", path, med, nil)
	if n := len(l.Body["items"].([]any)); n != 2 || l.Body["usedBytes"].(float64) != 8<<10 {
		t.Fatalf("after the refusal: %d files, %v bytes used", n, l.Body["usedBytes"])
	}
}

// A download is always a download: its own type, attachment disposition, no sniffing; the bytes as uploaded.
func TestAttachmentDownloadIsNeverInline(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	id := s.register(med, disputeBody(townA, nil))["id"].(string)
	up := s.do("POST", "/api/v1/cases/"+id+"/attachments", med, handlerstest.Multipart(`../现场"照片".PNG`, pngBytes, map[string]string{"kind": "photo"}))
	expectStatus(t, up, 201, "a photo")
	if up.Body["name"] != "现场照片.png" || up.Body["contentType"] != "image/png" || up.Body["kind"] != "photo" || up.Body["canDelete"] != true {
		t.Fatalf("stored as %v", up.Body)
	}
	r := s.do("GET", "/api/v1/cases/"+id+"/attachments/"+up.Body["id"].(string), med, nil)
	expectStatus(t, r, 200, "the download")
	h := r.Header
	if !bytes.Equal(r.Raw, pngBytes) || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''%E7%8E%B0") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("download headers %v, %d bytes", h, len(r.Raw))
	}
	expectRefusal(t, s.do("GET", "/api/v1/cases/"+id+"/attachments/nope", med, nil), 404, "attachment_not_found", "an unknown attachment")
}

// Only the uploader's office deletes (an admin above it too); the deletion is audited and the file gone.
func TestDeleteByTheUploadersOfficeOnly(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	colleague := s.createUser("med2", domain.RoleMediator, townA)
	countyMed := s.createUser("cmed", domain.RoleMediator, county)
	lead := s.createUser("lead", domain.RoleLeader, county)
	id := s.register(med, disputeBody(townA, nil))["id"].(string)
	path := "/api/v1/cases/" + id + "/attachments/"
	file := s.do("POST", "/api/v1/cases/"+id+"/attachments", med, handlerstest.Multipart("id.png", pngBytes, map[string]string{"kind": "id_proof"})).Body["id"].(string)

	if l := s.do("GET", "/api/v1/cases/"+id+"/attachments", countyMed, nil); l.Body["items"].([]any)[0].(map[string]any)["canDelete"] != false {
		t.Errorf("the county's mediator is offered the delete: %s", l.Raw)
	}
	expectRefusal(t, s.do("DELETE", path+file, countyMed, nil), 403, "not_uploader_office", "a mediator of the county")
	expectRefusal(t, s.do("DELETE", path+file, lead, nil), 403, "forbidden", "a leader")
	expectStatus(t, s.do("DELETE", path+file, colleague, nil), 204, "a colleague of the same office")
	expectRefusal(t, s.do("GET", path+file, med, nil), 404, "attachment_not_found", "a deleted file")
	expectRefusal(t, s.do("DELETE", path+file, med, nil), 404, "attachment_not_found", "a second delete")

	audit := string(s.do("GET", "/api/v1/audit", s.admin, nil).Raw)
	for _, w := range []string{`"action":"attachment_upload"`, `"action":"attachment_delete"`, `"actor":"med2"`, "id.png"} {
		if !strings.Contains(audit, w) {
			t.Errorf("the audit log lacks %s: %.600s", w, audit)
		}
	}
}

// The 卷宗 download: every generated document and every attachment, numbered in catalogue order.
func TestCasefileBundleInCatalogueOrder(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	med := s.createUser("med", domain.RoleMediator, townA)
	c := resolvedDispute(s, med)
	id := c["id"].(string)
	for _, f := range [][2]string{{"signed_agreement", "协议书签字.png"}, {"id_proof", "身份证.png"}, {"other", "情况说明.png"}} {
		expectStatus(t, s.do("POST", "/api/v1/cases/"+id+"/attachments", med, handlerstest.Multipart(f[1], pngBytes, map[string]string{"kind": f[0]})), 201, f[1])
	}
	r := s.do("GET", "/api/v1/cases/"+id+"/casefile", med, nil)
	expectStatus(t, r, 200, "the 卷宗")
	if r.Header.Get("Content-Type") != "application/zip" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("headers %v", r.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.Raw), int64(len(r.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, ".docx") {
			text := docxText(t, b)
			if strings.Contains(f.Name, "卷内目录") && !strings.Contains(text, "签字的调解协议书：协议书签字.png") {
				t.Errorf("the catalogue does not list the signed agreement: %s", text)
			}
		} else if !bytes.Equal(b, pngBytes) {
			t.Errorf("%s differs from the upload", f.Name)
		}
	}
	want := "01-卷宗封面.docx 02-卷内目录.docx 03-人民调解申请书.docx 04-人民调解受理登记表.docx 05-人民调解当事人权利义务告知书.docx " +
		"06-附件-身份证.png 07-人民调解调查记录.docx 08-人民调解记录.docx 09-人民调解协议书.docx 10-附件-协议书签字.png 11-附件-情况说明.png"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("the 卷宗 holds\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(s.do("GET", "/api/v1/audit", s.admin, nil).Raw), `"action":"casefile_download"`) {
		t.Error("the 卷宗 download is not audited")
	}
}

// What an upload leaves behind when the process dies between its chunks and its metadata is not visible, and
// the next start removes it (the kill -9 itself: cmd/pingan TestUploadsSurviveSIGKILL).
func TestHalfStoredUploadIsCleanedAtStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, func(c *Config) { c.DataDir = dir })
	med := s.createUser("med", domain.RoleMediator, townA)
	id := s.register(med, disputeBody(townA, nil))["id"].(string)
	kept := s.do("POST", "/api/v1/cases/"+id+"/attachments", med, handlerstest.Multipart("kept.png", pngBytes, nil))
	expectStatus(t, kept, 201, "a whole upload")
	// an upload stopped after its chunks, before its metadata: what SaveAttachment had written by then (its
	// marker and its chunks, store/attachments.go)
	db := s.App.store.DB()
	half := "halfstored0000000000"
	chunkIDs := []string{half + ":00000", half + ":00001", half + ":00002"}
	if _, err := db.Collection("attachment_writes").InsertOne(t.Context(), bson.D{{Key: "_id", Value: half},
		{Key: "caseId", Value: id}, {Key: "chunks", Value: 3}, {Key: "startedAt", Value: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	for _, cid := range chunkIDs {
		if _, err := db.Collection("attachment_chunks").InsertOne(t.Context(), bson.D{{Key: "_id", Value: cid}, {Key: "data", Value: bytes.Repeat([]byte{1}, 1000)}}); err != nil {
			t.Fatal(err)
		}
	}
	chunksLeft := func(s *testServer) int {
		n := 0
		for _, cid := range append(chunkIDs, half) {
			col := "attachment_chunks"
			if cid == half {
				col = "attachment_writes"
			}
			if s.App.store.DB().Collection(col).FindOne(t.Context(), bson.D{{Key: "_id", Value: cid}}).Err() == nil {
				n++
			}
		}
		return n
	}
	if n := chunksLeft(s); n != 4 {
		t.Fatalf("the half upload is %d documents, want 4", n)
	}
	ctx := t.Context()
	if err := s.App.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	s2 := startServer(t, func(c *Config) { c.DataDir = dir })
	l := s2.do("GET", "/api/v1/cases/"+id+"/attachments", s2.token("med"), nil)
	if items := l.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["name"] != "kept.png" {
		t.Fatalf("after the restart: %s", l.Raw)
	}
	if n := chunksLeft(s2); n != 0 {
		t.Fatalf("%d documents of the half upload are left", n)
	}
}
