package casefile

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"pingan/domain"
)

// zipWith is a zip holding the named (empty) parts.
func zipWith(names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	return buf.Bytes()
}

func TestSniffTellsTypesByContent(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string // "" refused
	}{
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "image/png"},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ"), "application/pdf"},
		{"docx", zipWith("[Content_Types].xml", "_rels/.rels", "word/document.xml"), typeDOCX.ContentType},
		{"xlsx", zipWith("[Content_Types].xml", "xl/workbook.xml"), typeXLSX.ContentType},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), ""},
		{"html after a BOM", []byte("\ufeff<html>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"exe", []byte("MZ\x90\x00\x03"), ""},
		{"gif", []byte("GIF89a"), ""},
		{"plain zip", zipWith("a.txt"), ""},
		{"zip without content types", zipWith("word/document.xml"), ""},
		{"odt-like zip", zipWith("[Content_Types].xml", "content.xml"), ""},
		{"truncated zip", zipWith("[Content_Types].xml", "word/document.xml")[:30], ""},
		{"empty", nil, ""},
	} {
		got, ok := Sniff(tc.data)
		if ok != (tc.want != "") || got.ContentType != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.name, got.ContentType, ok, tc.want)
		}
	}
}

func TestCleanNameKeepsTheBaseWithTheContentsExtension(t *testing.T) {
	for in, want := range map[string]string{
		"协议书扫描.jpg":              "协议书扫描.jpg",
		"../../etc/passwd.jpg":   "passwd.jpg",
		`C:\Users\王\照片.JPG`:      "照片.jpg",
		"evil.html":              "evil.jpg",
		"":                       "附件.jpg",
		"a\"b\x00c.jpg":          "abc.jpg",
		strings.Repeat("长", 300): strings.Repeat("长", 100) + ".jpg",
	} {
		if got := CleanName(in, typeJPEG); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The 卷内目录 files attachments where the 司法部 format puts them, after the generated documents they go with.
func TestEntriesFollowTheCatalogueOrder(t *testing.T) {
	s := &Service{index: NewIndex()}
	c := sampleCase()
	t0 := time.Date(2026, 4, 1, 0, 0, 0, 0, domain.Shanghai)
	for i, kind := range []string{"other", "performance", "signed_agreement", "photo", "id_proof"} {
		s.index.Put(Attachment{ID: kind, CaseID: c.ID, Kind: kind, Name: kind + ".jpg", UploadedAt: t0.Add(time.Duration(i) * time.Minute)})
	}
	var got []string
	for _, e := range s.Entries(c) {
		got = append(got, e.Filename)
	}
	want := []string{"01-卷宗封面.docx", "02-卷内目录.docx", "03-人民调解申请书.docx", "04-人民调解受理登记表.docx",
		"05-人民调解当事人权利义务告知书.docx", "06-附件-id_proof.jpg", "07-人民调解调查记录.docx", "08-附件-photo.jpg",
		"09-人民调解记录.docx", "10-人民调解协议书.docx", "11-附件-signed_agreement.jpg", "12-人民调解回访记录.docx",
		"13-附件-performance.jpg", "14-附件-other.jpg"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("catalogue order:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMayDeleteIsTheUploadersOffice(t *testing.T) {
	regions, err := domain.NewRegionTree(domain.AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	a := &Attachment{Office: "610902102"}
	for _, tc := range []struct {
		role   domain.Role
		region string
		kind   domain.Kind
		want   bool
	}{
		{domain.RoleMediator, "610902102", domain.KindDispute, true},
		{domain.RoleMediator, "610902", domain.KindDispute, false}, // the county's mediators are another office
		{domain.RoleAdmin, "610902", domain.KindDispute, true},     // an admin above it
		{domain.RoleAdmin, "610921", domain.KindDispute, false},    // an admin elsewhere
		{domain.RoleLeader, "610902102", domain.KindDispute, false},
		{domain.RolePetition, "610902102", domain.KindDispute, false}, // reads disputes, does not work them
		{domain.RolePetition, "610902102", domain.KindPetition, true},
	} {
		u := &domain.User{Role: tc.role, RegionCode: tc.region}
		if got := MayDelete(regions, u, tc.kind, a); got != tc.want {
			t.Errorf("%s of %s on a %s: %v, want %v", tc.role, tc.region, tc.kind, got, tc.want)
		}
	}
}
