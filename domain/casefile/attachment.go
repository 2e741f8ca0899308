package casefile

import (
	"archive/zip"
	"bytes"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"pingan/domain"
)

// Attachment is one uploaded file of a case: its metadata. The bytes are stored apart, in chunks.
type Attachment struct {
	ID          string       `bson:"_id" json:"id"`
	CaseID      string       `bson:"caseId" json:"caseId"`
	Kind        string       `bson:"kind" json:"kind"` // domain.AttachmentKinds
	Name        string       `bson:"name" json:"name"`
	ContentType string       `bson:"contentType" json:"contentType"`
	Size        int64        `bson:"size" json:"size"`
	SHA256      string       `bson:"sha256" json:"sha256"`
	Chunks      int          `bson:"chunks" json:"-"`
	UploadedAt  time.Time    `bson:"uploadedAt" json:"uploadedAt"`
	UploadedBy  domain.Actor `bson:"uploadedBy" json:"uploadedBy"`
	// Office is the uploader's region: the office that may delete the file.
	Office string `bson:"office" json:"office"`
	// CanDelete: the caller may delete it (in answers only).
	CanDelete bool `bson:"-" json:"canDelete"`

	domain.Stamp `bson:",inline" json:"-"` // the upload's change number
}

// Limits bound what one file and all files of one case may weigh.
type Limits struct {
	FileBytes int64
	CaseBytes int64
}

// DefaultLimits: a phone photo or a scanned agreement is a few MB; 20 MB takes a long scanned PDF, and 200 MB
// a case's whole file.
var DefaultLimits = Limits{FileBytes: 20 << 20, CaseBytes: 200 << 20}

// fileType is a type of file that may be attached, recognised by its content.
type fileType struct {
	ContentType, Ext string
}

var (
	typeJPEG = fileType{"image/jpeg", ".jpg"}
	typePNG  = fileType{"image/png", ".png"}
	typePDF  = fileType{"application/pdf", ".pdf"}
	typeDOCX = fileType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"}
	typeXLSX = fileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"}
)

// Sniff tells the type of a file by its content, never by its name: JPEG, PNG and PDF by their magic bytes,
// .docx and .xlsx as zip packages with [Content_Types].xml and their main part. Anything else (HTML, scripts,
// executables, other zips) is refused.
func Sniff(data []byte) (fileType, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return typeJPEG, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return typePNG, true
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return typePDF, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return fileType{}, false
		}
		has := map[string]bool{}
		for _, f := range zr.File {
			has[f.Name] = true
		}
		switch {
		case !has["[Content_Types].xml"]:
		case has["word/document.xml"]:
			return typeDOCX, true
		case has["xl/workbook.xml"]:
			return typeXLSX, true
		}
	}
	return fileType{}, false
}

// CleanName keeps a file name safe to show and to send back in Content-Disposition: its base, without
// control characters or path separators, at most 100 characters, with the extension its content has.
func CleanName(name string, t fileType) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || r == '"' || r == '/' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.TrimSuffix(name, path.Ext(name)))
	if name == "" || name == "." {
		name = "附件"
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	return name + t.Ext
}

// MayUpload reports whether the role works cases of the kind (the handling role or admin): leaders read.
func MayUpload(u *domain.User, kind domain.Kind) bool { return domain.CanRegister(u.Role, kind) }

// MayDelete reports whether u may delete the attachment: the uploader's office does (a user of the same
// region, or an admin above it), and only someone who works cases of the kind.
func MayDelete(regions *domain.RegionTree, u *domain.User, kind domain.Kind, a *Attachment) bool {
	if !MayUpload(u, kind) {
		return false
	}
	if u.RegionCode == a.Office {
		return true
	}
	return u.Role == domain.RoleAdmin && regions.Contains(u.RegionCode, a.Office)
}

// Index holds every case's attachments in memory (loaded at start, kept on every write): lists and the
// per-case total never query the store, which is fast only by _id.
type Index struct {
	mu     sync.RWMutex
	byCase map[string][]Attachment
	caseOf map[string]string // attachment id → case id
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{byCase: map[string][]Attachment{}, caseOf: map[string]string{}} }

// Put adds (or replaces) an attachment.
func (x *Index) Put(a Attachment) {
	x.mu.Lock()
	defer x.mu.Unlock()
	list := slices.DeleteFunc(slices.Clone(x.byCase[a.CaseID]), func(b Attachment) bool { return b.ID == a.ID })
	list = append(list, a)
	slices.SortStableFunc(list, func(p, q Attachment) int { return p.UploadedAt.Compare(q.UploadedAt) })
	x.byCase[a.CaseID] = list
	x.caseOf[a.ID] = a.CaseID
}

// Remove drops an attachment.
func (x *Index) Remove(caseID, id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(caseID, id)
}

// RemoveID drops an attachment known by its id alone (another instance deleted it).
func (x *Index) RemoveID(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if caseID, ok := x.caseOf[id]; ok {
		x.remove(caseID, id)
	}
}

func (x *Index) remove(caseID, id string) {
	delete(x.caseOf, id)
	list := slices.DeleteFunc(slices.Clone(x.byCase[caseID]), func(b Attachment) bool { return b.ID == id })
	if len(list) == 0 {
		delete(x.byCase, caseID)
		return
	}
	x.byCase[caseID] = list
}

// List returns a case's attachments, oldest first.
func (x *Index) List(caseID string) []Attachment {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return slices.Clone(x.byCase[caseID])
}

// Get finds one attachment of a case.
func (x *Index) Get(caseID, id string) (Attachment, bool) {
	for _, a := range x.List(caseID) {
		if a.ID == id {
			return a, true
		}
	}
	return Attachment{}, false
}

// Total is the size of all of a case's attachments.
func (x *Index) Total(caseID string) int64 {
	var n int64
	for _, a := range x.List(caseID) {
		n += a.Size
	}
	return n
}

// Len is the number of attachments indexed.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	n := 0
	for _, l := range x.byCase {
		n += len(l)
	}
	return n
}
