package handlers

import (
	"fmt"
	"io/fs"
	"net/http"
	"reflect"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/domain/casefile"
	"pingan/frontend"
	"pingan/handlers/openapi"
	"pingan/store"
)

// The OpenAPI document is built by package openapi from base.yaml and the code; this file names the Go
// types the handlers read and write, and serves the document and its reader.

// redocBundle is where the web app's build puts the renderer of /api/docs (frontend/vite.config.ts).
const redocBundle = "apidocs/redoc.standalone.js"

// apiSchemaTypes are the Go types rendered into request and response bodies, by their schema name.
var apiSchemaTypes = []openapi.SchemaType{
	{Name: "LoginRequest", Type: reflect.TypeFor[loginInput](), Request: true},
	{Name: "PasswordChangeRequest", Type: reflect.TypeFor[passwordInput](), Request: true},
	{Name: "NewUserRequest", Type: reflect.TypeFor[domain.NewUserInput](), Request: true},
	{Name: "UserPatchRequest", Type: reflect.TypeFor[domain.UserPatch](), Request: true},
	{Name: "NewCaseRequest", Type: reflect.TypeFor[domain.NewCaseInput](), Request: true},
	{Name: "ActionRequest", Type: reflect.TypeFor[domain.ActionInput](), Request: true},
	{Name: "NewReturnRequest", Type: reflect.TypeFor[domain.NewReturnInput](), Request: true},
	{Name: "CorrectionRequest", Type: reflect.TypeFor[domain.CorrectionInput](), Request: true},
	{Name: "CommitteeRequest", Type: reflect.TypeFor[domain.CommitteeInput](), Request: true},
	{Name: "PlaceListRequest", Type: reflect.TypeFor[domain.PlaceListInput](), Request: true},
	{Name: "RoundRequest", Type: reflect.TypeFor[domain.RoundInput](), Request: true},
	{Name: "RoundCorrectionRequest", Type: reflect.TypeFor[domain.RoundCorrectionInput](), Request: true},
	{Name: "HazardRequest", Type: reflect.TypeFor[domain.HazardInput](), Request: true},
	{Name: "HazardActionRequest", Type: reflect.TypeFor[domain.HazardActionInput](), Request: true},
	{Name: "ListingRequest", Type: reflect.TypeFor[domain.ListingInput](), Request: true},
	{Name: "ListingActionRequest", Type: reflect.TypeFor[domain.ListingActionInput](), Request: true},
	{Name: "AssessmentRequest", Type: reflect.TypeFor[domain.AssessmentInput](), Request: true},
	{Name: "AssessmentActionRequest", Type: reflect.TypeFor[domain.AssessmentActionInput](), Request: true},

	{Name: "TokenResponse", Type: reflect.TypeFor[tokenResponse]()},
	{Name: "User", Type: reflect.TypeFor[domain.User]()},
	{Name: "UserListItem", Type: reflect.TypeFor[userListItem]()},
	{Name: "Region", Type: reflect.TypeFor[domain.Region]()},
	{Name: "Option", Type: reflect.TypeFor[domain.Option]()},
	{Name: "Case", Type: reflect.TypeFor[domain.CaseView]()},
	{Name: "CaseSummary", Type: reflect.TypeFor[caseSummary]()},
	{Name: "ResolutionReport", Type: reflect.TypeFor[domain.ResolutionReport]()},
	{Name: "TrendReport", Type: reflect.TypeFor[domain.TrendReport]()},
	{Name: "CategoryReport", Type: reflect.TypeFor[domain.CategoryReport]()},
	{Name: "BacklogItem", Type: reflect.TypeFor[backlogItem]()},
	{Name: "BatchReport", Type: reflect.TypeFor[batchBoard]()},
	{Name: "MonthlyReturn", Type: reflect.TypeFor[domain.MonthlyReturn]()},
	{Name: "ReturnBoard", Type: reflect.TypeFor[domain.ReturnBoard]()},
	{Name: "ReturnHistory", Type: reflect.TypeFor[domain.ReturnHistory]()},
	{Name: "ReturnMonths", Type: reflect.TypeFor[domain.ReturnMonths]()},
	{Name: "TodoItem", Type: reflect.TypeFor[todoItem]()},
	{Name: "Committee", Type: reflect.TypeFor[domain.Committee]()},
	{Name: "PlaceList", Type: reflect.TypeFor[domain.PlaceList]()},
	{Name: "PlaceLists", Type: reflect.TypeFor[placeListView]()},
	{Name: "Round", Type: reflect.TypeFor[roundView]()},
	{Name: "RoundList", Type: reflect.TypeFor[roundList]()},
	{Name: "ScreeningBoard", Type: reflect.TypeFor[domain.ScreeningBoard]()},
	{Name: "ScreeningSummary", Type: reflect.TypeFor[domain.ScreeningSummary]()},
	{Name: "ScreeningTodo", Type: reflect.TypeFor[domain.ScreeningTodo]()},
	{Name: "Hazard", Type: reflect.TypeFor[hazardView]()},
	{Name: "ListingBrief", Type: reflect.TypeFor[listingBrief]()},
	{Name: "HazardList", Type: reflect.TypeFor[hazardList]()},
	{Name: "HazardSummary", Type: reflect.TypeFor[hazardSummary]()},
	{Name: "Listing", Type: reflect.TypeFor[listingView]()},
	{Name: "ListingBoard", Type: reflect.TypeFor[listingBoard]()},
	{Name: "WorkTodoItem", Type: reflect.TypeFor[domain.WorkTodoItem]()},
	{Name: "Assessment", Type: reflect.TypeFor[assessmentView]()},
	{Name: "AssessmentSummary", Type: reflect.TypeFor[domain.AssessmentSummary]()},
	{Name: "AssessmentTodo", Type: reflect.TypeFor[domain.AssessmentTodo]()},
	{Name: "AuditEntry", Type: reflect.TypeFor[store.AuditEntry]()},
	{Name: "FollowStatus", Type: reflect.TypeFor[store.FollowStatus]()},
	{Name: "ImportResult", Type: reflect.TypeFor[ImportResult]()},
	{Name: "Attachment", Type: reflect.TypeFor[casefile.Attachment]()},
	{Name: "AttachmentList", Type: reflect.TypeFor[attachmentList]()},
	{Name: "DocumentList", Type: reflect.TypeFor[documentList]()},
	{Name: "Numbering", Type: reflect.TypeFor[casefile.Numbering]()},
	{Name: "NumberingRequest", Type: reflect.TypeFor[numberingInput](), Request: true},
	{Name: "FieldError", Type: reflect.TypeFor[domain.FieldError]()},
	{Name: "RowError", Type: reflect.TypeFor[domain.RowError]()},
}

// openAPIDocument is the document as served, built once.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	return openapi.Document(apiSchemaTypes, todoPaging)
})

// OpenAPI returns the OpenAPI 3.1 document of the HTTP API as JSON. It needs no server or store.
func OpenAPI() ([]byte, error) { return openAPIDocument() }

func (a *App) openAPI(c echo.Context) error {
	doc, err := openAPIDocument()
	if err != nil {
		return fmt.Errorf("openapi document: %w", err)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.JSONBlob(http.StatusOK, doc)
}

// apiDocs serves the reader of the document: a page that loads the renderer the web app's build ships
// (Redoc's standalone bundle, copied into the build by frontend/vite.config.ts; no CDN). It works under
// the site's CSP (no eval); only blob: workers are allowed in addition, for its search. The one thing it
// would load from elsewhere, a logo, stays blocked.
func (a *App) apiDocs(c echo.Context) error {
	if _, err := fs.Stat(frontend.Dist(), redocBundle); err != nil {
		return c.HTML(http.StatusOK, `<!doctype html><meta charset="utf-8"><title>平安调解 API 文档</title>`+
			`<p>文档阅读器尚未构建，请运行 make build。接口文档原文：<a href="/api/openapi.json">/api/openapi.json</a></p>`)
	}
	h := c.Response().Header()
	if csp := h.Get(echo.HeaderContentSecurityPolicy); csp != "" {
		// Redoc runs its search index in a worker it makes from a blob
		h.Set(echo.HeaderContentSecurityPolicy, csp+"; worker-src 'self' blob:")
	}
	h.Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, openapi.DocsPage)
}

// todoPaging gives the to-do list's pageSize the handler's default and bound.
func todoPaging(doc *openapi.Object) error {
	op, ok := doc.Obj("paths").Obj("/api/v1/todo").Get("get").(*openapi.Object)
	if !ok {
		return fmt.Errorf("paths: GET /api/v1/todo is missing")
	}
	params, _ := op.Get("parameters").([]any)
	for _, p := range params {
		if p, ok := p.(*openapi.Object); ok && p.Get("name") == "pageSize" {
			p.Obj("schema").Set("default", todoPageSize)
			p.Obj("schema").Set("maximum", maxTodoPageSize)
			return nil
		}
	}
	return fmt.Errorf("paths: GET /api/v1/todo has no pageSize parameter")
}

// ClientFile is a file of the web app generated from the code (frontend/src/api/generated/).
type ClientFile struct {
	Name string
	Data []byte
}

// ClientFiles are the web app's generated files: the OpenAPI document, the TypeScript types of its
// schemas and the enumerations module. make generate writes them; a test checks they are current.
func ClientFiles() ([]ClientFile, error) {
	doc, err := OpenAPI()
	if err != nil {
		return nil, err
	}
	types, err := openapi.TypeScript(doc)
	if err != nil {
		return nil, fmt.Errorf("typescript types: %w", err)
	}
	enums, err := openapi.EnumModule()
	if err != nil {
		return nil, fmt.Errorf("enumeration module: %w", err)
	}
	return []ClientFile{
		{Name: "openapi.json", Data: append(slices.Clone(doc), '\n')},
		{Name: "schema.ts", Data: types},
		{Name: "enums.ts", Data: enums},
	}, nil
}
