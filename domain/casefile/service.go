// Package casefile is the case file (人民调解卷宗): the documents generated from a case (.docx, laid out as
// the 司法部 formats), the files attached to it, and the whole file as one download in catalogue order.
// Like casework, it is pure Go: it declares the store it needs and knows nothing of MongoDB or HTTP. Its
// methods take a case read through casework.Service.Case, so scope is decided there, once.
package casefile

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"pingan/domain"
)

// Store is what the case file needs of persistence. store.Store implements it.
type Store interface {
	// SaveAttachment stores the file's bytes in chunks by _id and its metadata last, so a file is visible only
	// once whole.
	SaveAttachment(ctx context.Context, a *Attachment, data []byte) error
	// DeleteAttachment removes the metadata first, then the chunks.
	DeleteAttachment(ctx context.Context, a *Attachment) error
	// WriteAttachment copies the file's bytes to w.
	WriteAttachment(ctx context.Context, a *Attachment, w io.Writer) error
	// EachAttachment streams every attachment's metadata (at start).
	EachAttachment(ctx context.Context, fn func(a *Attachment) error) error
	// CleanAttachmentUploads removes the chunks of uploads and deletions a stop interrupted (at start).
	CleanAttachmentUploads(ctx context.Context) (int, error)
	// NumberPrefix reads a township's configured document number prefix ("" when none is).
	NumberPrefix(ctx context.Context, township string) (string, error)
	// SetNumberPrefix stores it ("" goes back to the default).
	SetNumberPrefix(ctx context.Context, township, prefix string) error
}

// AuditEntry is one audit log entry of the case file (uploads and deletions).
type AuditEntry struct {
	At                     time.Time
	Actor                  *domain.User
	Action, Target, Detail string
}

// Service keeps the attachments' index and writes through the store.
type Service struct {
	store   Store
	regions *domain.RegionTree
	index   *Index
	limits  Limits
	audit   func(ctx context.Context, e AuditEntry) error
	now     func() time.Time
	caseMu  sync.Map // case id → *sync.Mutex: one upload at a time per case keeps the per-case limit
}

// New returns the service; Load fills its index.
func New(st Store, regions *domain.RegionTree, limits Limits, audit func(context.Context, AuditEntry) error, now func() time.Time) *Service {
	if limits.FileBytes <= 0 {
		limits.FileBytes = DefaultLimits.FileBytes
	}
	if limits.CaseBytes <= 0 {
		limits.CaseBytes = DefaultLimits.CaseBytes
	}
	return &Service{store: st, regions: regions, index: NewIndex(), limits: limits, audit: audit, now: now}
}

// Limits are the limits in force.
func (s *Service) Limits() Limits { return s.limits }

// Index is the attachments' index.
func (s *Service) Index() *Index { return s.index }

// Load cleans what an interrupted upload left and loads every attachment's metadata.
func (s *Service) Load(ctx context.Context) (cleaned int, err error) {
	if cleaned, err = s.store.CleanAttachmentUploads(ctx); err != nil {
		return 0, err
	}
	return cleaned, s.store.EachAttachment(ctx, func(a *Attachment) error { s.index.Put(*a); return nil })
}

// List returns the case's attachments, each saying whether by may delete it.
func (s *Service) List(by *domain.User, c *domain.Case) []Attachment {
	list := s.index.List(c.ID)
	if list == nil {
		list = []Attachment{}
	}
	for i := range list {
		list[i].CanDelete = MayDelete(s.regions, by, c.Kind, &list[i])
	}
	return list
}

// Upload is one file to attach.
type Upload struct {
	Kind string
	Name string
	Data []byte
}

// Attach stores a file on the case: the caller works cases of its kind; the kind is known; the content is an
// allowed type; the file and the case stay within their limits. The audit entry is written first.
func (s *Service) Attach(ctx context.Context, by *domain.User, c *domain.Case, up Upload) (*Attachment, error) {
	if !MayUpload(by, c.Kind) {
		return nil, domain.ErrForbidden
	}
	if up.Kind == "" {
		up.Kind = "other"
	}
	if !domain.IsValid(domain.AttachmentKinds, up.Kind) {
		return nil, domain.Invalid(domain.FieldError{Field: "kind", Message: "附件类别（kind）不是可选的值"})
	}
	if len(up.Data) == 0 {
		return nil, domain.Invalid(domain.FieldError{Field: "file", Message: "请选择要上传的文件（file），文件不能为空"})
	}
	if int64(len(up.Data)) > s.limits.FileBytes {
		return nil, domain.ErrAttachmentTooLarge.WithMessage(fmt.Sprintf("附件（file）过大：每个文件不能超过 %s", megabytes(s.limits.FileBytes)))
	}
	t, ok := Sniff(up.Data)
	if !ok {
		return nil, domain.ErrAttachmentType
	}
	mu, _ := s.caseMu.LoadOrStore(c.ID, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if s.index.Total(c.ID)+int64(len(up.Data)) > s.limits.CaseBytes {
		return nil, domain.ErrCaseFilesFull.WithMessage(fmt.Sprintf("本案附件总大小不能超过 %s，已用 %s", megabytes(s.limits.CaseBytes), megabytes(s.index.Total(c.ID))))
	}
	sum := sha256.Sum256(up.Data)
	a := &Attachment{ID: newID(), CaseID: c.ID, Kind: up.Kind, Name: CleanName(up.Name, t), ContentType: t.ContentType,
		Size: int64(len(up.Data)), SHA256: hex.EncodeToString(sum[:]), UploadedAt: s.now(), UploadedBy: by.Actor(), Office: by.RegionCode}
	if err := s.audit(ctx, AuditEntry{At: a.UploadedAt, Actor: by, Action: "attachment_upload", Target: c.ID,
		Detail: fmt.Sprintf("%s（%s，%d 字节，%s）", a.Name, domain.LabelOf(domain.AttachmentKinds, a.Kind), a.Size, a.ID)}); err != nil {
		return nil, err
	}
	if err := s.store.SaveAttachment(ctx, a, up.Data); err != nil {
		return nil, err
	}
	s.index.Put(*a)
	a.CanDelete = true
	return a, nil
}

// Attachment finds one attachment of the case.
func (s *Service) Attachment(c *domain.Case, id string) (*Attachment, error) {
	a, ok := s.index.Get(c.ID, id)
	if !ok {
		return nil, domain.ErrAttachmentNotFound
	}
	return &a, nil
}

// WriteAttachment copies an attachment's bytes to w.
func (s *Service) WriteAttachment(ctx context.Context, a *Attachment, w io.Writer) error {
	return s.store.WriteAttachment(ctx, a, w)
}

// Delete removes an attachment: by the uploader's office only, audited first.
func (s *Service) Delete(ctx context.Context, by *domain.User, c *domain.Case, id string) error {
	a, err := s.Attachment(c, id)
	if err != nil {
		return err
	}
	if !MayUpload(by, c.Kind) {
		return domain.ErrForbidden
	}
	if !MayDelete(s.regions, by, c.Kind, a) {
		return domain.ErrNotUploaderOffice
	}
	if err := s.audit(ctx, AuditEntry{At: s.now(), Actor: by, Action: "attachment_delete", Target: c.ID,
		Detail: fmt.Sprintf("%s（%s，上传人 %s）", a.Name, a.ID, a.UploadedBy.Name)}); err != nil {
		return err
	}
	if err := s.store.DeleteAttachment(ctx, a); err != nil {
		return err
	}
	s.index.Remove(c.ID, a.ID)
	return nil
}

// Facts gathers what the documents of a case are made of.
func (s *Service) Facts(ctx context.Context, c *domain.Case) (Facts, error) {
	f := Facts{Case: c, Now: s.now()}
	if r, ok := s.regions.Get(c.TownshipCode); ok {
		f.Township = r.Name
	}
	if r, ok := s.regions.Get(c.CountyCode); ok {
		f.County = r.Name
	}
	prefix, err := s.store.NumberPrefix(ctx, c.TownshipCode)
	if err != nil {
		return f, err
	}
	if prefix == "" {
		prefix = DefaultPrefix(f.County, f.Township)
	}
	f.Prefix = prefix
	return f, nil
}

// Numbering is a township's document number prefix: the one in force, the default, whether it is configured.
type Numbering struct {
	Township   string `json:"township"`
	Prefix     string `json:"prefix"`
	Default    string `json:"default"`
	Configured bool   `json:"configured"`
	// Example is a number as the documents print it.
	Example string `json:"example"`
}

// Numbering reads a township's numbering for a user whose region holds it.
func (s *Service) Numbering(ctx context.Context, by *domain.User, township string) (*Numbering, error) {
	r, ok := s.regions.Get(township)
	if !ok || r.Level != domain.LevelTownship {
		return nil, domain.Invalid(domain.FieldError{Field: "township", Message: "乡镇（township）不是已知的乡镇代码"})
	}
	if !s.regions.Contains(by.RegionCode, township) {
		return nil, domain.ErrOutOfRegion
	}
	county, _ := s.regions.Get(r.ParentCode)
	n := &Numbering{Township: township, Default: DefaultPrefix(county.Name, r.Name)}
	prefix, err := s.store.NumberPrefix(ctx, township)
	if err != nil {
		return nil, err
	}
	n.Prefix, n.Configured = prefix, prefix != ""
	if !n.Configured {
		n.Prefix = n.Default
	}
	n.Example = fmt.Sprintf("（%d）%s人调字第1号", s.now().In(domain.Shanghai).Year(), n.Prefix)
	return n, nil
}

// SetNumbering sets a township's prefix (an admin whose region holds it; "" restores the default), audited.
func (s *Service) SetNumbering(ctx context.Context, by *domain.User, township, prefix string) (*Numbering, error) {
	prefix = strings.TrimSpace(prefix)
	if by.Role != domain.RoleAdmin {
		return nil, domain.ErrForbidden
	}
	if _, err := s.Numbering(ctx, by, township); err != nil {
		return nil, err
	}
	if err := ValidatePrefix(prefix); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, AuditEntry{At: s.now(), Actor: by, Action: "numbering_update", Target: township,
		Detail: "文书编号前缀：" + prefix}); err != nil {
		return nil, err
	}
	if err := s.store.SetNumberPrefix(ctx, township, prefix); err != nil {
		return nil, err
	}
	return s.Numbering(ctx, by, township)
}

// ValidatePrefix: the prefix stands between the year's brackets and 人调字, so it is 1–12 Chinese characters,
// letters or digits ("" restores the default).
func ValidatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	bad := utf8.RuneCountInString(prefix) > 12
	for _, r := range prefix {
		if !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			bad = true
		}
	}
	if bad {
		return domain.Invalid(domain.FieldError{Field: "prefix", Message: "编号前缀（prefix）只能是 1–12 个汉字、字母或数字，如“汉滨瀛湖”"})
	}
	return nil
}

// DocumentInfo is one document of a case's file as the case page lists it.
type DocumentInfo struct {
	Code      string `json:"code"`
	Title     string `json:"title"`
	Available bool   `json:"available"`
	Filename  string `json:"filename"`
}

// DocumentList lists every document type with whether the case has what it needs.
func (s *Service) DocumentList(c *domain.Case) []DocumentInfo {
	var out []DocumentInfo
	for _, d := range Documents {
		out = append(out, DocumentInfo{Code: d.Code, Title: d.Title, Available: d.Has(c), Filename: d.Filename(c)})
	}
	return out
}

// Document writes one document of the case as .docx.
func (s *Service) Document(ctx context.Context, c *domain.Case, code string) (name string, data []byte, err error) {
	d, ok := DocumentByCode(code)
	if !ok || !d.Has(c) {
		return "", nil, domain.ErrDocumentNotFound
	}
	f, err := s.Facts(ctx, c)
	if err != nil {
		return "", nil, err
	}
	var doc *Doc
	if d.Code == "catalogue" {
		doc = Catalogue(f, s.Entries(c))
	} else {
		doc = d.Build(f)
	}
	data, err = doc.Write(f.Now)
	return d.Filename(c), data, err
}

// Entry is one line of the 卷内目录: a generated document or an attachment.
type Entry struct {
	Title    string
	Doc      *DocumentType // a generated document
	File     *Attachment   // an attachment
	Filename string        // its name in the 卷宗 download
}

// attachmentPlace files each kind of attachment after the generated document it belongs with, as the
// 司法部 catalogue orders them (身份证明 and 授权委托书 after the 告知书, 证据 after the 调查记录, the signed
// agreement after the 协议书, 履行凭证 and 司法确认 after the 回访记录; other material last).
var attachmentPlace = map[string]string{
	"id_proof": "notice", "authorization": "notice", "evidence": "investigation", "photo": "investigation",
	"signed_agreement": "oral_agreement", "performance": "visit", "confirmation": "visit", "other": "",
}

// attachmentOrder is the order of kinds filed after one document.
var attachmentOrder = []string{"id_proof", "authorization", "evidence", "photo", "signed_agreement", "performance", "confirmation", "other"}

// Entries is the case file in catalogue order: cover, catalogue, then each document the case has, each
// followed by the attachments filed with it; attachments of no place last.
func (s *Service) Entries(c *domain.Case) []Entry {
	files := s.index.List(c.ID)
	var out []Entry
	add := func(after string) {
		for _, kind := range attachmentOrder {
			if attachmentPlace[kind] != after {
				continue
			}
			for i := range files {
				if files[i].Kind == kind {
					a := files[i]
					out = append(out, Entry{Title: domain.LabelOf(domain.AttachmentKinds, a.Kind) + "：" + a.Name, File: &a})
				}
			}
		}
	}
	for i := range Documents {
		d := Documents[i]
		if d.Has(c) {
			out = append(out, Entry{Title: d.Title, Doc: &d})
		}
		add(d.Code)
	}
	add("")
	for i := range out {
		name := ""
		if out[i].Doc != nil {
			name = out[i].Doc.Title + ".docx"
		} else {
			name = "附件-" + out[i].File.Name
		}
		out[i].Filename = fmt.Sprintf("%02d-%s", i+1, name)
	}
	return out
}

// Catalogue is the 卷内目录: every entry of the file with its number; 页号 is left for the clerk who binds it.
func Catalogue(f Facts, entries []Entry) *Doc {
	d := &Doc{Title: domain.LabelOf(domain.DocumentTypes, "catalogue")}
	d.Line(Para{Align: "center", Runs: []Run{{Text: f.Committee() + "　" + f.Number(), Size: sizeTable}}})
	t := Table{Widths: []int{900, 4944, 1200, 1800}}
	t.Rows = append(t.Rows, []Cell{{Text: "序号", Bold: true, Center: true}, {Text: "文书名称", Bold: true, Center: true},
		{Text: "页号", Bold: true, Center: true}, {Text: "备注", Bold: true, Center: true}})
	for i, e := range entries {
		note := "系统生成"
		if e.File != nil {
			note = "附件"
		}
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Center: true}, {Text: e.Title}, {Text: ""}, {Text: note, Center: true}})
	}
	d.Table(t)
	return d
}

// Bundle writes the whole case file as one zip: the documents and the attachments in catalogue order.
func (s *Service) Bundle(ctx context.Context, c *domain.Case, w io.Writer) error {
	f, err := s.Facts(ctx, c)
	if err != nil {
		return err
	}
	entries := s.Entries(c)
	zw := zip.NewWriter(w)
	for _, e := range entries {
		hdr := &zip.FileHeader{Name: e.Filename, Method: zip.Deflate, Modified: f.Now}
		hdr.Flags |= 0x800 // the names are UTF-8
		if e.File != nil {
			hdr.Method = zip.Store // photos and PDFs are compressed already
		}
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		switch {
		case e.File != nil:
			if err := s.store.WriteAttachment(ctx, e.File, fw); err != nil {
				return err
			}
		case e.Doc.Code == "catalogue":
			data, err := Catalogue(f, entries).Write(f.Now)
			if err != nil {
				return err
			}
			if _, err := fw.Write(data); err != nil {
				return err
			}
		default:
			data, err := e.Doc.Build(f).Write(f.Now)
			if err != nil {
				return err
			}
			if _, err := fw.Write(data); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

// BundleName is the 卷宗 download's file name.
func BundleName(c *domain.Case) string { return c.CaseNo + "-人民调解卷宗.zip" }

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func megabytes(n int64) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), "0"), ".") + " MB"
}
