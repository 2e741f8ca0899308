package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/domain/casefile"
	"pingan/domain/casework"
	"pingan/store"
)

// The case file (人民调解卷宗): generated documents, attachments and the whole file as one zip. Every route
// reads the case through the scoped read first, so a case outside the caller's scope answers 404
// case_not_found before anything else is looked at (the body of an upload included).

// attachmentsRoute is the upload route; the global body limit skips it (the upload reads at most the
// per-file limit itself and answers attachment_too_large past it).
const attachmentsRoute = "/api/v1/cases/:id/attachments"

// documentList answers the documents of the case with whether each can be generated now.
func (a *App) documentList(c echo.Context) error {
	cs, err := a.cases.Case(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, documentList{Items: a.files.DocumentList(cs)})
}

// documentList is the answer of GET /cases/{id}/documents.
type documentList struct {
	Items []casefile.DocumentInfo `json:"items"`
}

// document answers one generated document as .docx.
func (a *App) document(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	cs, err := a.cases.Case(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	name, data, err := a.files.Document(ctx, cs, c.Param("doc"))
	if err != nil {
		return err
	}
	if err := a.audit(c, u.ID, "document_download", cs.ID, name, u.RegionCode, cs.TownshipCode); err != nil {
		return err // the documents carry ID numbers: no download that the audit log does not show
	}
	download(c, name, "document.docx")
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data)
}

// casefileBundle answers the whole case file as one zip, in catalogue order.
func (a *App) casefileBundle(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	cs, err := a.cases.Case(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer // built whole first: a failure midway answers an error, not a cut zip
	if err := a.files.Bundle(ctx, cs, &buf); err != nil {
		return err
	}
	name := casefile.BundleName(cs)
	if err := a.audit(c, u.ID, "casefile_download", cs.ID, name, u.RegionCode, cs.TownshipCode); err != nil {
		return err
	}
	download(c, name, "casefile.zip")
	return c.Blob(http.StatusOK, "application/zip", buf.Bytes())
}

// attachmentList is the answer of GET /cases/{id}/attachments.
type attachmentList struct {
	Items []casefile.Attachment `json:"items"`
	// UsedBytes is the size of the case's attachments; FileLimit and CaseLimit the limits in force.
	UsedBytes int64 `json:"usedBytes"`
	FileLimit int64 `json:"fileLimit"`
	CaseLimit int64 `json:"caseLimit"`
	// CanUpload: the caller may attach files to this case.
	CanUpload bool `json:"canUpload"`
}

func (a *App) listAttachments(c echo.Context) error {
	u := currentUser(c)
	cs, err := a.cases.Case(c.Request().Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	items := a.files.List(u, cs)
	return c.JSON(http.StatusOK, attachmentList{Items: items, UsedBytes: a.files.Index().Total(cs.ID),
		FileLimit: a.files.Limits().FileBytes, CaseLimit: a.files.Limits().CaseBytes, CanUpload: casefile.MayUpload(u, cs.Kind)})
}

// uploadAttachment reads a multipart body (fields kind and file) and attaches the file.
func (a *App) uploadAttachment(c echo.Context) error {
	ctx := casework.WithClientIP(c.Request().Context(), c.RealIP())
	u := currentUser(c)
	cs, err := a.cases.Case(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if !casefile.MayUpload(u, cs.Kind) {
		return domain.ErrForbidden
	}
	up, err := a.readUpload(c)
	if err != nil {
		return err
	}
	att, err := a.files.Attach(ctx, u, cs, up)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, att)
}

// readUpload reads the form: at most the per-file limit (and one byte, to tell it was passed) of the file.
func (a *App) readUpload(c echo.Context) (casefile.Upload, error) {
	var up casefile.Upload
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != "multipart/form-data" {
		return up, domain.ErrBadRequest.WithMessage("请以 multipart/form-data 上传文件（字段 file）")
	}
	limit := a.files.Limits().FileBytes
	// the whole body: the file and a little room for the form's other fields and boundaries
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, limit+64<<10)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return up, domain.ErrBadRequest.WithMessage("上传格式错误：" + err.Error())
	}
	tooLarge := domain.ErrAttachmentTooLarge.WithMessage(fmt.Sprintf("附件（file）过大：每个文件不能超过 %d MB", limit>>20))
	gotFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, uploadReadError(err, tooLarge)
		}
		switch part.FormName() {
		case "kind":
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return up, uploadReadError(err, tooLarge)
			}
			up.Kind = strings.TrimSpace(string(b))
		case "file":
			if gotFile {
				return up, domain.Invalid(domain.FieldError{Field: "file", Message: "每次只能上传一个文件（file）"})
			}
			gotFile = true
			up.Name = part.FileName()
			up.Data, err = io.ReadAll(io.LimitReader(part, limit+1))
			if err != nil {
				return up, uploadReadError(err, tooLarge)
			}
			if int64(len(up.Data)) > limit {
				return up, tooLarge
			}
		}
		part.Close()
	}
	if !gotFile {
		return up, domain.Invalid(domain.FieldError{Field: "file", Message: "请选择要上传的文件（file）"})
	}
	return up, nil
}

// uploadReadError is a body that broke off, timed out or ran past the limit while it was read.
func uploadReadError(err error, tooLarge error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timeout") {
		return domain.ErrBodyTimeout
	}
	return domain.ErrBadRequest.WithMessage("上传中断或格式错误，请重新上传")
}

// getAttachment answers the file as a download: never inline, never sniffed into HTML.
func (a *App) getAttachment(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	cs, err := a.cases.Case(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	att, err := a.files.Attachment(cs, c.Param("fileId"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Grow(int(att.Size))
	if err := a.files.WriteAttachment(ctx, att, &buf); err != nil {
		return err
	}
	download(c, att.Name, "attachment"+path.Ext(att.Name))
	h := c.Response().Header()
	h.Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.Blob(http.StatusOK, att.ContentType, buf.Bytes())
}

func (a *App) deleteAttachment(c echo.Context) error {
	ctx := casework.WithClientIP(c.Request().Context(), c.RealIP())
	u := currentUser(c)
	cs, err := a.cases.Case(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if err := a.files.Delete(ctx, u, cs, c.Param("fileId")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// download makes the answer a download under name (ASCII fallback for old clients), never shown inline:
// attachment disposition, no sniffing, and a sandbox should a browser render it anyway.
func download(c echo.Context, name, ascii string) {
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name)))
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	h.Set(echo.HeaderContentSecurityPolicy, "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
}

// auditCasefile writes the case file's audit entries (uploads, deletions) with the actor's region and the
// case's township, so the admins of both read them.
func (a *App) auditCasefile(ctx context.Context, e casefile.AuditEntry) error {
	if a.cfg.ReadOnly {
		return nil
	}
	regions := []string{e.Actor.RegionCode}
	if r, ok := a.regions.Get(strings.SplitN(e.Target, "-", 2)[0]); ok {
		regions = append(regions, r.Code)
	}
	err := a.store.Audit(ctx, store.AuditEntry{At: e.At, Actor: e.Actor.ID, Action: e.Action, Target: e.Target,
		Detail: e.Detail, IP: casework.ClientIP(ctx), Regions: slices.Compact(slices.Sorted(slices.Values(regions)))})
	if err != nil {
		a.log.Error("audit log", "action", e.Action, "err", err)
		a.noteStoreError(err)
	}
	return err
}

// numberingInput sets a township's document number prefix ("" restores the default).
type numberingInput struct {
	Prefix string `json:"prefix"`
}

// getNumbering answers a township's document number prefix (for users whose region holds it).
func (a *App) getNumbering(c echo.Context) error {
	n, err := a.files.Numbering(c.Request().Context(), currentUser(c), c.Param("township"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

// putNumbering sets it (admins of a region holding the township).
func (a *App) putNumbering(c echo.Context) error {
	var in numberingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ctx := casework.WithClientIP(c.Request().Context(), c.RealIP())
	n, err := a.files.SetNumbering(ctx, currentUser(c), c.Param("township"), in.Prefix)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}
