package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"pingan/domain"
	"pingan/handlers/handlerstest"
	"pingan/handlers/openapi"
)

// The document is checked with kin-openapi, which loads and validates OpenAPI 3.1 and validates requests
// and answers against 3.1 documents with a JSON Schema 2020-12 validator (if/then, const, type lists).

var updateOpenAPI = flag.Bool("update-openapi", false, "rewrite handlers/openapi/examples.json from the real answers of TestOpenAPIExamples")

// loadOpenAPI loads the served document with kin-openapi and validates it as OpenAPI 3.1, examples
// included. With strict, every object schema of the answers also refuses properties it does not list,
// so an answer carrying an undocumented field fails (the served document leaves answers open, as
// clients must tolerate added fields).
func loadOpenAPI(t testing.TB, strict bool) *openapi3.T {
	t.Helper()
	raw, err := OpenAPI()
	if err != nil {
		t.Fatalf("build the OpenAPI document: %v", err)
	}
	if strict || *updateOpenAPI {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if *updateOpenAPI {
			dropExamples(m) // they are being rewritten and may name examples not recorded yet
		}
		if strict {
			for _, s := range m["components"].(map[string]any)["schemas"].(map[string]any) {
				closeObjects(s)
			}
		}
		if raw, err = json.Marshal(m); err != nil {
			t.Fatal(err)
		}
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi: %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	return doc
}

// dropExamples removes the examples of media types and the examples component.
func dropExamples(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "examples" {
				if _, isMap := e.(map[string]any); isMap {
					delete(x, k)
					continue
				}
			}
			dropExamples(e)
		}
	case []any:
		for _, e := range x {
			dropExamples(e)
		}
	}
}

// closeObjects adds unevaluatedProperties: false to a schema with properties and no additionalProperties,
// and to the schemas of its properties, of its items and of the alternatives of a schema without
// properties (a nullable reference).
func closeObjects(v any) {
	s, ok := v.(map[string]any)
	if !ok {
		return
	}
	if props, ok := s["properties"].(map[string]any); ok {
		if _, set := s["additionalProperties"]; !set {
			s["unevaluatedProperties"] = false
		}
		for _, p := range props {
			closeObjects(p)
		}
		return // alternatives next to properties constrain this object; they are not objects of their own
	}
	closeObjects(s["items"])
	for _, k := range []string{"anyOf", "oneOf"} {
		if alts, ok := s[k].([]any); ok {
			for _, a := range alts {
				closeObjects(a)
			}
		}
	}
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	loadOpenAPI(t, false)
	loadOpenAPI(t, true)
}

var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// TestOpenAPICoversEveryRoute: every route the server registers is in the document and every operation
// of the document is a registered route (same method, `:id` ↔ `{id}`). The catch-alls (the web app and
// the /api/* 404) and echo's group 404 routes are not API operations.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t, false)
	s := startServer(t)
	var registered []string
	for _, r := range s.App.echo.Routes() {
		if r.Method == echo.RouteNotFound || r.Path == "/*" || r.Path == "/api/*" {
			continue
		}
		registered = append(registered, r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}"))
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	sort.Strings(registered)
	registered = slices.Compact(registered)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in the OpenAPI document (handlers/openapi/base.yaml)", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("the OpenAPI document has %s, which the server does not register", d)
		}
	}
}

// TestOpenAPIGeneratedParts: the enumerations, the action table and the request rules come from the code.
func TestOpenAPIGeneratedParts(t *testing.T) {
	doc := loadOpenAPI(t, false)
	schemas := doc.Components.Schemas
	for key, opts := range domain.Enums() {
		s := schemas[openapi.EnumName(key)]
		if s == nil {
			t.Errorf("enumeration %s has no schema %s", key, openapi.EnumName(key))
			continue
		}
		var codes []any
		for _, o := range opts {
			codes = append(codes, o.Code)
			if !strings.Contains(s.Value.Description, "`"+o.Code+"` "+o.Label) {
				t.Errorf("schema %s does not name %s %s", openapi.EnumName(key), o.Code, o.Label)
			}
		}
		if fmt.Sprint(s.Value.Enum) != fmt.Sprint(codes) {
			t.Errorf("schema %s lists %v, domain %v", openapi.EnumName(key), s.Value.Enum, codes)
		}
		if _, ok := schemas["Enums"].Value.Properties[key]; !ok {
			t.Errorf("the answer of GET /enums does not list %s", key)
		}
	}
	action := schemas["ActionRequest"].Value
	for _, tr := range domain.Transitions {
		if !slices.Contains(action.Properties["action"].Value.Enum, any(tr.Action)) {
			t.Errorf("ActionRequest.action does not offer %s", tr.Action)
		}
		if !strings.Contains(action.Description, "| `"+tr.Action+"` |") {
			t.Errorf("the action table does not list %s/%s", tr.Kind, tr.Action)
		}
		for _, f := range append(slices.Clone(tr.Required), tr.Optional...) {
			if action.Properties[f] == nil {
				t.Errorf("%s/%s reads %s, which ActionRequest lacks", tr.Kind, tr.Action, f)
			}
		}
	}
	title := schemas["NewCaseRequest"].Value.Properties["title"].Value
	if title.MaxLength == nil || *title.MaxLength != 200 || title.MinLength != 1 {
		t.Errorf("NewCaseRequest.title: minLength %d maxLength %v, want 1..200 from its validate tag", title.MinLength, title.MaxLength)
	}
}

// apiCheck sends requests to a real server and checks each request and answer against the document.
type apiCheck struct {
	t        *testing.T
	s        *testServer
	router   routers.Router
	examples *openapi.Object
}

func newAPICheck(t *testing.T, s *testServer) *apiCheck {
	doc := loadOpenAPI(t, true)
	doc.Servers = openapi3.Servers{{URL: s.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &apiCheck{t: t, s: s, router: router, examples: &openapi.Object{}}
}

// bearerOnly accepts any bearer token: authentication itself is the server's business.
func bearerOnly(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
		return fmt.Errorf("no bearer token")
	}
	return nil
}

// request builds a request as the test server's client sends it (body as for testServer.do).
func (c *apiCheck) request(method, path, token string, body any) *http.Request {
	c.t.Helper()
	req, err := c.s.client.NewRequest(method, path, token, body)
	if err != nil {
		c.t.Fatal(err)
	}
	return req
}

// validate checks a request against the document; a nil error means the document accepts it.
func (c *apiCheck) validate(req *http.Request) (*openapi3filter.RequestValidationInput, error) {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Fatalf("%s %s: no operation in the document: %v", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerOnly, MultiError: true}}
	return in, openapi3filter.ValidateRequest(context.Background(), in)
}

// validateRequest checks a request (body as for testServer.do) against the document.
func (c *apiCheck) validateRequest(method, path, token string, body any) (*openapi3filter.RequestValidationInput, error) {
	return c.validate(c.request(method, path, token, body))
}

type callOpt int

const (
	invalidRequest callOpt = iota + 1 // the request is meant to break the document's rules
)

// call sends a request (body as for testServer.do) through the test server's client and checks: the
// request satisfies the document (unless marked invalid), the status is the wanted one, and the answer —
// status, headers, body — is what the document says.
func (c *apiCheck) call(method, path, token string, body any, want int, opts ...callOpt) response {
	c.t.Helper()
	in, err := c.validateRequest(method, path, token, body)
	if err != nil && !slices.Contains(opts, invalidRequest) {
		c.t.Errorf("%s %s: the document rejects the request: %v", method, path, err)
	}
	r := c.s.do(method, path, token, body)
	if r.Status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, truncate(r.Raw, 2000))
	}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Raw)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
	if err != nil {
		c.t.Errorf("%s %s: the answer %d does not match the document: %v\n%s", method, path, r.Status, err, truncate(r.Raw, 2000))
	}
	return r
}

// upload posts a file to the import as the multipart field `file`.
func (c *apiCheck) upload(query, token, filename string, data []byte, want int) response {
	c.t.Helper()
	return c.call("POST", "/api/v1/cases/import"+query, token, handlerstest.Multipart(filename, data, nil), want)
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// record keeps a JSON value as a named example of the document.
func (c *apiCheck) record(name, summary string, value any) {
	c.t.Helper()
	var raw []byte
	switch v := value.(type) {
	case []byte:
		raw = v
	default:
		var err error
		if raw, err = json.Marshal(v); err != nil {
			c.t.Fatal(err)
		}
	}
	parsed, err := openapi.ParseOrdered(raw)
	if err != nil {
		c.t.Fatalf("example %s: %v", name, err)
	}
	if c.examples.Has(name) {
		c.t.Fatalf("example %s recorded twice", name)
	}
	c.examples.Set(name, openapi.Obj("summary", summary, "value", normalizeExample(name, parsed)))
}

// normalizeExample replaces what differs from run to run: tokens and audit entry ids.
func normalizeExample(name string, v any) any {
	switch x := v.(type) {
	case *openapi.Object:
		for _, k := range x.Keys() {
			switch {
			case k == "token":
				x.Set(k, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl")
			case k == "id" && name == "AuditLog":
				x.Set(k, "6650c1d2e4b0a1b2c3d4e5f6")
			default:
				x.Set(k, normalizeExample(name, x.Get(k)))
			}
		}
	case []any:
		for i := range x {
			x[i] = normalizeExample(name, x[i])
		}
	}
	return v
}

// scenario moments: a Monday morning in Ankang, and three months later.
var (
	exampleStart = time.Date(2026, 3, 2, 9, 0, 0, 0, domain.Shanghai)
	exampleLater = exampleStart.AddDate(0, 0, 95)
)

// TestOpenAPIExamples runs the whole API once on a real server at a fixed clock: every request must
// satisfy the document and every answer — successes and each error status — must match it exactly (no
// undocumented field). The answers become the document's examples: they must equal
// handlers/openapi/examples.json, which -update-openapi rewrites.
func TestOpenAPIExamples(t *testing.T) {
	t.Parallel()
	s := startServerAt(t, exampleStart)
	c := newAPICheck(t, s)
	const ok, created = http.StatusOK, http.StatusCreated

	login := openapi.Obj("username", "admin", "password", testAdminPassword)
	c.record("LoginRequest", "管理员登录", login)
	r := c.call("POST", "/api/v1/auth/login", "", login, ok)
	c.record("TokenResponse", "登录成功", r.Raw)
	admin := r.Body["token"].(string)

	newUser := func(username, name string, role domain.Role, region, example string) string {
		body := openapi.Obj("username", username, "password", "Passw0rd-"+username, "name", name, "role", string(role), "regionCode", region)
		r := c.call("POST", "/api/v1/users", admin, body, created)
		if example != "" {
			c.record(example+"Request", "新建一名乡镇调解员", body)
			c.record("UserCreated", "新用户", r.Raw)
		}
		return s.login(username, "Passw0rd-"+username)
	}
	med := newUser("zhangmin", "张敏", domain.RoleMediator, townA, "NewUser")
	pet := newUser("lixf", "李晓芳", domain.RolePetition, county, "")  // the county's petition office: it assigns
	hand := newUser("sunhq", "孙红琴", domain.RolePetition, townB, "") // the township's petition staff: it handles
	lead := newUser("wangld", "王立德", domain.RoleLeader, county, "")
	newUser("zhaoyun", "赵云", domain.RoleMediator, townB, "")
	patch := openapi.Obj("active", false)
	c.record("UserPatchRequest", "停用用户", patch)
	c.call("PATCH", "/api/v1/users/zhaoyun", admin, patch, ok)

	c.record("User", "当前用户", c.call("GET", "/api/v1/auth/me", med, nil, ok).Raw)
	c.record("UserList", "全部用户", c.call("GET", "/api/v1/users", admin, nil, ok).Raw)
	c.record("RegionList", "汉阴县的乡镇（街道）", c.call("GET", "/api/v1/regions?parent="+county, med, nil, ok).Raw)
	c.call("GET", "/api/v1/regions", med, nil, ok)
	c.record("Enums", "全部枚举", c.call("GET", "/api/v1/enums", med, nil, ok).Raw)

	// disputes
	dispute := func(title string, example string) map[string]any {
		body := openapi.Obj("kind", "dispute", "title", title, "summary", "两户因宅基地界址发生争执，多次协商未果。",
			"category", "housing_homestead", "townshipCode", townA, "village", "月河村", "riskLevel", "yellow",
			"parties", []any{
				openapi.Obj("name", "张三", "role", "applicant", "idNumber", "610921199001011234", "phone", "13812345678", "address", "月河村三组"),
				openapi.Obj("name", "李四", "role", "respondent", "phone", "13987654321"),
			},
			"dispute", openapi.Obj("source", "application"))
		r := c.call("POST", "/api/v1/cases", med, body, created)
		if example != "" {
			c.record("NewDisputeRequest", "登记一件矛盾纠纷", body)
			c.record("DisputeRegistered", "新登记的矛盾纠纷", r.Raw)
		}
		return r.Body
	}
	act := func(token string, cs map[string]any, example, summary string, fields ...any) map[string]any {
		body := openapi.Obj(append([]any{"action", fields[1], "version", cs["version"]}, fields[2:]...)...)
		if example != "" {
			c.record(example, summary, body)
		}
		return c.call("POST", "/api/v1/cases/"+cs["id"].(string)+"/actions", token, body, ok).Body
	}
	at := func(d time.Duration) string { return exampleStart.Add(d).Format(time.RFC3339) }

	d1 := dispute("张某与李某宅基地界址纠纷", "example")
	d1 = act(med, d1, "ActionAccept", "受理纠纷", "action", "accept", "note", "材料齐全，予以受理")
	body := openapi.Obj("action", "start", "version", d1["version"], "mediators", []any{"张敏", "陈大华"})
	c.record("ActionStart", "开始调解", body)
	r = c.call("POST", "/api/v1/cases/"+d1["id"].(string)+"/actions", med, body, ok)
	c.record("DisputeMediating", "调解中的纠纷", r.Raw)
	d1 = r.Body
	d1 = act(med, d1, "ActionSession", "记录一次调解", "action", "session",
		"session", openapi.Obj("at", at(-30*time.Minute), "mode", "onsite", "record", "双方到场，确认界址以1998年宅基地证为准。"))
	d1 = act(med, d1, "ActionExtendDispute", "经双方同意延长调解期限", "action", "extend", "days", 15,
		"reason", "等待测绘结果", "consentBy", []any{"张三", "李四"})
	d1 = act(med, d1, "ActionResolveDispute", "调解成功，签订书面协议", "action", "resolve",
		"agreement", openapi.Obj("type", "written", "terms", "李四于4月底前拆除越界围墙并补偿张三1500元。", "performBy", "2026-04-30",
			"createsObligations", true, "amount", 1500),
		"prevented", []any{openapi.Obj("type", "criminal", "people", 2)})
	d1 = act(med, d1, "ActionVisit", "回访：履行情况", "action", "visit",
		"followUp", openapi.Obj("at", "2026-03-02", "satisfaction", "satisfied", "performance", "partial", "note", "围墙已拆，补偿款未付"))
	d1 = act(med, d1, "ActionClose", "再次回访后结案归档", "action", "close",
		"followUp", openapi.Obj("at", "2026-03-02", "satisfaction", "satisfied", "performance", "fulfilled", "note", "协议已履行"))
	c.record("DisputeClosed", "结案的纠纷：完整时间线", c.call("GET", "/api/v1/cases/"+d1["id"].(string), med, nil, ok).Raw)

	d2 := dispute("王某与赵某借款纠纷", "")
	d2 = act(med, d2, "ActionReject", "不予受理", "action", "reject", "reason", "已向法院起诉，不属于人民调解受理范围")
	d3 := dispute("陈某与刘某相邻通行纠纷", "")
	d3 = act(med, d3, "", "", "action", "accept")
	d3 = act(med, d3, "", "", "action", "start", "mediators", []any{"张敏"})
	d3 = act(med, d3, "ActionFail", "调解不成", "action", "fail", "failureReason", "gap_too_large", "redirect", "litigation",
		"note", "告知当事人可向人民法院起诉")
	act(med, d3, "ActionCloseFailed", "调解不成的纠纷结案归档（无需回访）", "action", "close", "note", "已告知其他途径")
	d4 := dispute("周某与吴某噪音纠纷", "")
	d4 = act(med, d4, "", "", "action", "accept")

	// committees (人民调解委员会) and their mediators; transfer, escalation and referral out
	cmBody := openapi.Obj("name", "月河村人民调解委员会", "kind", "village", "regionCode", townA, "village", "月河村",
		"mediators", []any{openapi.Obj("name", "陈大华", "type", "part_time", "phone", "13800001111")})
	c.record("CommitteeRequest", "新建村（居）调委会及其调解员", cmBody)
	r = c.call("POST", "/api/v1/committees", admin, cmBody, created)
	c.record("Committee", "新建的村（居）调委会", r.Raw)
	c.call("GET", "/api/v1/committees/"+r.Body["id"].(string), med, nil, ok)
	roster := openapi.Obj("name", "蒲溪镇人民调解委员会", "kind", "township", "regionCode", townA, "version", 0,
		"mediators", []any{openapi.Obj("name", "张敏", "type", "full_time", "phone", "13800002222"),
			openapi.Obj("name", "陈大华", "type", "part_time"), openapi.Obj("name", "周立", "type", "part_time", "active", false)})
	c.record("CommitteeUpdateRequest", "乡镇调委会的调解员名册（区划自带，首次保存）", roster)
	c.record("CommitteeUpdated", "保存后的乡镇调委会", c.call("PUT", "/api/v1/committees/"+townA, admin, roster, ok).Raw)
	c.record("CommitteeList", "乡镇调解员读到的调委会", c.call("GET", "/api/v1/committees?region="+townA, med, nil, ok).Raw)
	c.call("GET", "/api/v1/committees", lead, nil, ok)
	// the risk-hazard ledger and listed supervision (挂牌督办)
	hzBody := openapi.Obj("type", "dispute_escalation", "title", "月河村宅基地纠纷激化", "description", "两户因宅基地边界多次争吵，一方扬言动手。",
		"townshipCode", townA, "place", "月河村三组", "level", "orange", "peopleCount", 6, "people", "王某、李某两家", "foundBy", "网格员陈大华",
		"foundAt", "2026-03-01")
	c.record("HazardRequest", "登记一条风险隐患", hzBody)
	hr := c.call("POST", "/api/v1/hazards", med, hzBody, created)
	c.record("HazardRegistered", "登记的风险隐患", hr.Raw)
	hz := hr.Body
	hzStep := func(token, example, summary string, fields ...any) {
		body := openapi.Obj(append([]any{"action", fields[1], "version", hz["version"]}, fields[2:]...)...)
		if example != "" {
			c.record(example, summary, body)
		}
		hz = c.call("POST", "/api/v1/hazards/"+hz["id"].(string)+"/actions", token, body, ok).Body
	}
	hzStep(med, "", "", "action", "assess", "assessment", "双方情绪激烈，有引发群体性械斗的风险", "level", "red")
	hzStep(med, "HazardRectifyRequest", "落实整治：责任单位、责任人、整改期限", "action", "rectify", "responsibleUnit", "月河村委会",
		"responsiblePerson", "陈大华", "measures", "请土地所重新测量边界，村调委会组织调解", "deadline", "2026-03-20")
	lsBody := openapi.Obj("title", "月河村宅基地纠纷挂牌督办", "requirements", "3月底前化解到位，每半月报送一次进展", "target", "hazard",
		"hazardId", hz["id"], "deadline", "2026-03-31")
	c.record("ListingRequest", "县里把一条风险隐患挂牌督办", lsBody)
	hr = c.call("POST", "/api/v1/listings", lead, lsBody, created)
	c.record("Listing", "挂牌的事项", hr.Raw)
	ls := hr.Body
	lsStep := func(token, example, summary string, fields ...any) {
		body := openapi.Obj(append([]any{"action", fields[1], "version", ls["version"]}, fields[2:]...)...)
		if example != "" {
			c.record(example, summary, body)
		}
		ls = c.call("POST", "/api/v1/listings/"+ls["id"].(string)+"/actions", token, body, ok).Body
	}
	lsStep(med, "ListingProgressRequest", "被挂牌乡镇报送整改进展", "action", "progress", "note", "已完成边界测量，双方同意调解")
	hzStep(med, "", "", "action", "progress", "note", "土地所已重新测量边界")
	hzStep(med, "", "", "action", "request_check", "note", "双方签订调解协议")
	hzStep(lead, "HazardSendBackRequest", "验收退回", "action", "send_back", "reason", "协议约定的界桩尚未埋设", "deadline", "2026-03-25")
	hzStep(med, "", "", "action", "request_check", "note", "界桩已埋设")
	hzStep(lead, "", "", "action", "pass", "note", "现场验收合格，予以销号")
	lsStep(lead, "", "", "action", "extend", "reason", "等待协议履行完毕", "deadline", "2026-04-10")
	lsStep(lead, "ListingDelistRequest", "摘牌", "action", "delist", "conclusion", "隐患已验收销号，同意摘牌")
	c.record("HazardCleared", "验收销号的风险隐患", c.call("GET", "/api/v1/hazards/"+hz["id"].(string), med, nil, ok).Raw)
	c.record("ListingDelisted", "已摘牌的事项", c.call("GET", "/api/v1/listings/"+ls["id"].(string), lead, nil, ok).Raw)
	c.call("POST", "/api/v1/hazards", med, openapi.Obj("type", "fire", "title", "双乳镇老街电线私拉乱接", "description", "老街多户电线老化",
		"townshipCode", townA, "level", "yellow"), created)
	c.call("POST", "/api/v1/listings", admin, openapi.Obj("title", "蒲溪镇社会治安重点地区", "requirements", "整治治安乱点", "target", "township",
		"townshipCode", townA, "deadline", "2026-06-30", "level", "provincial", "notice", "陕平安办〔2026〕5号"), created)
	c.record("HazardList", "乡镇的风险隐患台账", c.call("GET", "/api/v1/hazards?pageSize=1", med, nil, ok).Raw)
	c.call("GET", "/api/v1/hazards?status=cleared&level=red&type=dispute_escalation&overdue=false&q=%E6%9C%88", lead, nil, ok)
	c.record("HazardSummary", "汉阴县各乡镇的风险隐患", c.call("GET", "/api/v1/hazards/summary?from=2026-03-01&to=2026-03-31", lead, nil, ok).Raw)
	c.record("ListingBoard", "市里的挂牌督办一览", c.call("GET", "/api/v1/listings", admin, nil, ok).Raw)
	c.call("GET", "/api/v1/listings?level=county&status=delisted&target=hazard&overdue=false", lead, nil, ok)

	d5 := dispute("郑某等五户与某砂场损害赔偿纠纷", "")
	d5 = act(med, d5, "", "", "action", "accept")
	d5 = act(med, d5, "ActionStartInvited", "开始调解：名册外的调解员记为特邀调解员", "action", "start", "mediators", []any{"张敏", "刘律师"})
	d5 = act(med, d5, "ActionEscalate", "提请县级调委会调解（三级联调）", "action", "escalate", "reason", "涉及多户，镇调委会调解未果")
	c.call("GET", "/api/v1/cases/"+d5["id"].(string), med, nil, http.StatusNotFound)
	c.record("DisputeEscalated", "提请县级调委会调解后的纠纷（县领导读）", c.call("GET", "/api/v1/cases/"+d5["id"].(string), lead, nil, ok).Raw)
	d6 := dispute("何某与邓某打架引发的赔偿纠纷", "")
	d6 = act(med, d6, "ActionTransfer", "移交其他调委会", "action", "transfer", "committee", r.Body["id"], "reason", "双方同村，由村调委会就近调解")
	d6 = act(med, d6, "ActionReferOut", "移送公安机关", "action", "refer_out", "referTo", "police", "referUnit", "蒲溪派出所",
		"reason", "一方受伤，涉嫌治安案件")
	act(med, d6, "ActionReferralResult", "移送结果反馈", "action", "referral_result", "note", "派出所已依法调解处理，双方和解")

	// petitions
	petitionCase := func(title string, example bool) map[string]any {
		body := openapi.Obj("kind", "petition", "title", title, "summary", "信访人多次到市信访局反映征地补偿标准偏低。",
			"category", "land_requisition", "townshipCode", townB,
			"parties", []any{openapi.Obj("name", "王五", "role", "petitioner", "phone", "13700001111")},
			"petition", openapi.Obj("assignedBy", "county", "batch", "2026年第一批", "assignedAt", "2026-02-24", "dueAt", "2026-05-31",
				"material", "县信访联席办交办单（2026）3号"))
		r := c.call("POST", "/api/v1/cases", pet, body, created)
		if example {
			c.record("NewPetitionRequest", "登记一件信访积案", body)
			c.record("PetitionRegistered", "新登记的信访积案", r.Raw)
		}
		return r.Body
	}
	p1 := petitionCase("王某反映征地补偿问题", true)
	p1 = act(hand, p1, "ActionAcceptPetition", "签收交办的积案", "action", "accept")
	p1 = act(hand, p1, "ActionAssign", "落实包案：包案领导、责任单位、责任人", "action", "assign",
		"leadLeader", openapi.Obj("name", "刘建国", "post", "县委副书记"), "responsibleUnit", "新城街道综治中心",
		"responsiblePerson", "王五", "plan", "一案一策：复核补偿标准，落实帮扶措施。")
	p1 = act(pet, p1, "ActionExtendPetition", "交办单位批准延期", "action", "extend", "days", 30, "reason", "需协调自然资源部门，已告知信访人")
	p1 = act(hand, p1, "ActionResolvePetition", "化解", "action", "resolve", "resolutionType", "resolved", "note", "补差款已发放",
		"materials", []any{openapi.Obj("type", "commitment", "date", "2026-02-27")})
	p1 = act(hand, p1, "ActionApplyClear", "申请销号", "action", "apply_clear", "note", "信访人已签署息诉罢访承诺书")
	p1 = act(pet, p1, "ActionRejectClear", "审核退回", "action", "reject_clear", "reason", "承诺书未签署日期，请补正")
	p1 = act(hand, p1, "", "", "action", "resolve", "resolutionType", "resolved")
	p1 = act(hand, p1, "", "", "action", "apply_clear")
	p1 = act(pet, p1, "ActionClear", "审核通过（销号）", "action", "clear", "note", "县信访局审核同意销号")
	act(pet, p1, "ActionReopen", "反弹重启", "action", "reopen", "reason", "信访人再次到市上访", "dueAt", "2026-06-30")
	p2 := petitionCase("孙某反映拖欠工资问题", false)
	p2 = act(hand, p2, "ActionReturn", "异议退回", "action", "return", "reason", "拖欠工资的企业在老城街道，不属本街道")
	act(pet, p2, "ActionReassign", "改交", "action", "reassign", "townshipCode", townA, "keepClock", true, "note", "改交属地办理")
	p5 := petitionCase("郑某反映征收安置问题", false)
	p5 = act(hand, p5, "", "", "action", "return", "reason", "县级部门职责")
	act(pet, p5, "ActionWithdraw", "收回", "action", "withdraw", "note", "由县自然资源局直接办理")
	p3 := petitionCase("钱某反映移民搬迁安置问题", false)
	p3 = act(hand, p3, "", "", "action", "accept")
	p3 = act(lead, p3, "ActionSupervise", "领导督办", "action", "supervise", "note", "请加快化解进度", "feedbackBy", "2026-03-20")
	p3 = act(hand, p3, "ActionFeedback", "督办反馈", "action", "feedback", "note", "已约谈信访人，正在落实帮扶措施")
	act(lead, p3, "", "", "action", "supervise", "note", "请于月底前报送化解方案")
	p4 := petitionCase("吴某反映土地确权问题", false)
	p4 = act(hand, p4, "", "", "action", "accept")
	act(hand, p4, "", "", "action", "assign", "leadLeader", openapi.Obj("name", "何平", "post", "镇党委书记"))

	// reads
	c.record("CaseList", "调解员的纠纷列表（第一页）", c.call("GET", "/api/v1/cases?kind=dispute&pageSize=2", med, nil, ok).Raw)
	c.call("GET", "/api/v1/cases?status=accepted&sort=dueAt&q=%E5%91%A8", lead, nil, ok)
	c.call("GET", "/api/v1/cases?format=csv", lead, nil, ok)
	c.call("GET", "/api/v1/cases?format=xlsx&kind=petition", lead, nil, ok)
	c.call("GET", "/api/v1/cases/"+p1["id"].(string), lead, nil, ok)
	c.record("ResolutionReport", "汉阴县各乡镇化解情况", c.call("GET", "/api/v1/reports/resolution", lead, nil, ok).Raw)
	c.call("GET", "/api/v1/reports/resolution?region=6109&groupBy=county&from=2026-01-01&to=2026-03-31", admin, nil, ok)
	c.call("GET", "/api/v1/reports/resolution?format=xlsx", lead, nil, ok)
	c.call("GET", "/api/v1/reports/resolution?format=csv&groupBy=township", lead, nil, ok)
	c.record("TrendReport", "按季度的趋势", c.call("GET", "/api/v1/reports/trend?interval=quarter&from=2025-04-01&to=2026-03-31", lead, nil, ok).Raw)
	c.call("GET", "/api/v1/reports/trend", med, nil, ok)
	c.call("GET", "/api/v1/reports/trend?format=csv&interval=year", lead, nil, ok)
	c.record("CategoryReport", "纠纷分类统计", c.call("GET", "/api/v1/reports/categories?from=2026-01-01", lead, nil, ok).Raw)
	c.call("GET", "/api/v1/reports/categories?format=xlsx", lead, nil, ok)
	c.call("GET", "/api/v1/reports/backlog?format=csv", pet, nil, ok)
	c.record("ResolutionByMonth", "汉阴县逐月化解情况", c.call("GET", "/api/v1/reports/resolution?groupBy=month&from=2026-01-01&to=2026-03-31", lead, nil, ok).Raw)
	c.record("BatchReport", "信访积案按交办批次", c.call("GET", "/api/v1/reports/batches", pet, nil, ok).Raw)
	c.call("GET", "/api/v1/reports/batches?format=xlsx", lead, nil, ok)

	// ledger import: template, dry run, import, a file with a bad cell
	c.call("GET", "/api/v1/cases/import/template?kind=dispute&format=csv", med, nil, ok)
	c.call("GET", "/api/v1/cases/import/template?kind=petition", pet, nil, ok)
	ledger := csvFile(t, ledgerTable(ledgerHeader, ledgerRow(1, townA), ledgerRow(2, townA)))
	c.record("ImportDryRun", "检查台账（dryRun）", c.upload("?dryRun=true", med, "调解台账.csv", ledger, ok).Raw)
	c.record("ImportResult", "导入台账", c.upload("", med, "调解台账.csv", ledger, created).Raw)
	broken := ledgerRow(3, townA)
	broken["类别"], broken["登记日期"] = "吵架", "2025-02-30"
	c.record("ErrorImportRows", "台账有错误", c.upload("", med, "调解台账.csv",
		csvFile(t, ledgerTable(ledgerHeader, ledgerRow(4, townA), broken)), http.StatusUnprocessableEntity).Raw)

	// 排查: the township's list of places, a round that found a dispute, a 零报告, the board and the summary
	places := openapi.Obj("places", []any{openapi.Obj("name", "月河村", "kind", "village"), openapi.Obj("name", "双乳社区", "kind", "community")}, "version", 0)
	c.record("PlaceListRequest", "蒲溪镇的村（社区）名单", places)
	c.record("PlaceList", "保存后的名单", c.call("PUT", "/api/v1/screening/places/"+townA, med, places, ok).Raw)
	c.record("PlaceLists", "乡镇的村（社区）名单", c.call("GET", "/api/v1/screening/places?township="+townA, lead, nil, ok).Raw)
	today := s.clock.Now().In(domain.Shanghai).Format(time.DateOnly)
	round := openapi.Obj("townshipCode", townA, "village", "月河村", "date", today, "participants", []any{"陈大华", "张敏"},
		"places", []any{"月河村"}, "disputes", []any{openapi.Obj("title", "王某与赵某承包地边界纠纷", "category", "forest_land",
			"summary", "入户走访时发现两户因承包地边界争执", "parties", []any{openapi.Obj("name", "王某", "role", "applicant"),
				openapi.Obj("name", "赵某", "role", "respondent")})},
		"hazards", []any{"河堤一处护栏缺失"}, "prevented", 1, "preventedNote", "劝解一起邻里口角，未形成纠纷")
	c.record("RoundRequest", "村（社区）排查：发现一起纠纷、一处隐患，预防一起纠纷", round)
	r = c.call("POST", "/api/v1/screening/rounds", med, round, created)
	c.record("Round", "登记的排查及其发现的纠纷", r.Raw)
	c.call("GET", "/api/v1/screening/rounds/"+r.Body["id"].(string), lead, nil, ok)
	fixRound := openapi.Obj("version", 1, "reason", "登记时漏填了参加人员李明", "date", today, "participants", []any{"陈大华", "张敏", "李明"},
		"places", []any{"月河村"}, "hazards", []any{"河堤一处护栏缺失"}, "prevented", 1, "preventedNote", "劝解一起邻里口角，未形成纠纷")
	c.record("RoundCorrectionRequest", "更正排查：补上漏填的参加人员", fixRound)
	c.record("RoundCorrected", "更正后的排查及其更正记录", c.call("PUT", "/api/v1/screening/rounds/"+r.Body["id"].(string), med, fixRound, ok).Raw)
	zeroRound := openapi.Obj("townshipCode", townA, "date", today, "participants", []any{"张敏"}, "places", []any{"月河村", "双乳社区"}, "zeroReport", true)
	c.record("ZeroRoundRequest", "乡镇排查零报告", zeroRound)
	c.call("POST", "/api/v1/screening/rounds", med, zeroRound, created)
	c.record("RoundList", "县里读到的排查记录", c.call("GET", "/api/v1/screening/rounds?region="+county+"&pageSize=5", lead, nil, ok).Raw)
	c.record("ScreeningBoard", "县里读到的本月排查报送情况", c.call("GET", "/api/v1/screening/board?region="+townA, lead, nil, ok).Raw)
	c.record("ScreeningSummary", "排查汇总（应排查与已排查）", c.call("GET", "/api/v1/screening/summary?region="+townA, lead, nil, ok).Raw)

	s.clock.Set(exampleLater)
	med, pet, lead, admin = s.token("zhangmin"), s.token("lixf"), s.token("wangld"), s.token("admin")
	c.record("BacklogReport", "信访积案台账（三个月后）", c.call("GET", "/api/v1/reports/backlog", pet, nil, ok).Raw)
	c.record("TodoList", "信访干部的待办（三个月后）", c.call("GET", "/api/v1/todo", pet, nil, ok).Raw)
	c.call("GET", "/api/v1/todo?page=2&pageSize=2", pet, nil, ok)
	c.call("GET", "/api/v1/todo", med, nil, ok)

	// monthly returns: townA reports May on June 5th; a dispute of May recorded later is corrected
	ret := openapi.Obj("township", townA, "month", "2026-05", "note", "5月份矛盾纠纷统计月报")
	c.record("NewReturnRequest", "报送5月统计月报", ret)
	r = c.call("POST", "/api/v1/returns", med, ret, created)
	c.record("MonthlyReturn", "报送的月报", r.Raw)
	mayReturn := r.Body["id"].(string)
	c.call("POST", "/api/v1/returns", med, ret, http.StatusConflict)
	zero := openapi.Obj("township", "610921104", "month", "2026-05", "zeroReport", true, "note", "本月无矛盾纠纷和信访积案")
	c.record("NewZeroReturnRequest", "报送零报告", zero)
	c.call("POST", "/api/v1/returns", admin, zero, created)
	c.call("POST", "/api/v1/returns", med, openapi.Obj("township", townA, "month", "2026-06"), http.StatusUnprocessableEntity)
	late := openapi.Obj("kind", "dispute", "title", "补录：孙某与周某排水纠纷", "category", "neighbor", "townshipCode", townA,
		"registeredAt", "2026-05-20", "parties", []any{openapi.Obj("name", "孙某", "role", "applicant"), openapi.Obj("name", "周某", "role", "respondent")},
		"dispute", openapi.Obj("source", "proactive"))
	c.call("POST", "/api/v1/cases", med, late, created)
	fix := openapi.Obj("reason", "补录5月20日排查发现的纠纷")
	c.record("CorrectionRequest", "更正5月统计月报", fix)
	c.record("ReturnCorrected", "更正（与原报并存）", c.call("POST", "/api/v1/returns/"+mayReturn+"/corrections", med, fix, created).Raw)
	c.call("POST", "/api/v1/returns/"+mayReturn+"/corrections", med, fix, http.StatusConflict)
	c.record("ReturnHistory", "原报和更正", c.call("GET", "/api/v1/returns/"+mayReturn, lead, nil, ok).Raw)
	c.call("GET", "/api/v1/returns/"+townC+"-2026-05", med, nil, http.StatusNotFound)
	c.record("ReturnBoard", "汉阴县5月的报送情况", c.call("GET", "/api/v1/returns?month=2026-05", lead, nil, ok).Raw)
	c.call("GET", "/api/v1/returns?region=6109&format=csv", admin, nil, ok)
	c.call("GET", "/api/v1/returns?format=xlsx", lead, nil, ok)
	c.record("ReturnMonths", "双乳镇今年各月的报送情况", c.call("GET", "/api/v1/returns/months", med, nil, ok).Raw)
	c.call("GET", "/api/v1/returns/months?township="+townB+"&year=2026", lead, nil, ok)

	c.record("AuditLog", "最近的审计记录", c.call("GET", "/api/v1/audit?limit=3", admin, nil, ok).Raw)

	// the 稳评 register: a county leader registers, records the follow-up and closes it
	asBody := openapi.Obj("project", "月河川道征地拆迁安置", "kind", "land_requisition", "regionCode", townA,
		"decidingBody", "汉阴县人民政府", "assessingBody", "汉阴县自然资源局", "assessedOn", "2026-01-20", "grade", "medium",
		"conclusion", "implement_adjusted", "summary", "部分群众对补偿标准有意见，经调整方案、落实措施后风险可控。",
		"conditions", []any{openapi.Obj("text", "征收补偿方案公示满30日"), openapi.Obj("text", "设立矛盾纠纷调处小组")})
	c.record("AssessmentRequest", "登记中风险、调整后实施的征地拆迁项目", asBody)
	r = c.call("POST", "/api/v1/assessments", lead, asBody, created)
	c.record("Assessment", "登记的稳评事项（跟踪中）", r.Raw)
	asID := r.Body["id"].(string)
	c.call("POST", "/api/v1/assessments", lead, openapi.Obj("project", "x", "kind", "other", "regionCode", townA, "decidingBody", "x",
		"assessingBody", "x", "assessedOn", "2026-01-20", "grade", "high", "conclusion", "implement"), http.StatusUnprocessableEntity)
	fu := openapi.Obj("action", "follow_up", "version", 1, "on", "2026-02-25", "text", "补偿方案已公示30日，无异议", "met", []any{1})
	c.record("AssessmentFollowUpRequest", "跟踪记录：第1项条件落实", fu)
	r = c.call("POST", "/api/v1/assessments/"+asID+"/actions", lead, fu, ok)
	c.record("AssessmentFollowedUp", "记录后的稳评事项", r.Raw)
	c.call("POST", "/api/v1/assessments/"+asID+"/actions", lead, openapi.Obj("action", "close", "version", 2), http.StatusConflict)
	cl := openapi.Obj("action", "close", "version", 2, "text", "调处小组已成立并开展工作", "met", []any{2})
	c.record("AssessmentCloseRequest", "全部条件落实，跟踪办结", cl)
	c.call("POST", "/api/v1/assessments/"+asID+"/actions", lead, cl, ok)
	c.record("AssessmentClosed", "跟踪办结的稳评事项（乡镇读）", c.call("GET", "/api/v1/assessments/"+asID, med, nil, ok).Raw)
	asEdit := openapi.Obj("project", "月河川道征地拆迁安置", "kind", "land_requisition", "regionCode", townA,
		"decidingBody", "汉阴县人民政府", "assessingBody", "汉阴县自然资源局", "assessedOn", "2026-01-20", "grade", "medium",
		"conclusion", "implement_adjusted", "version", 3, "conditions", []any{openapi.Obj("n", 1, "text", "征收补偿方案公示满30日"),
			openapi.Obj("n", 2, "text", "设立矛盾纠纷调处小组"), openapi.Obj("text", "开工前入户走访全部被征收户")})
	c.record("AssessmentUpdateRequest", "增加一项实施条件", asEdit)
	c.record("AssessmentUpdated", "增加条件后重新跟踪", c.call("PUT", "/api/v1/assessments/"+asID, lead, asEdit, ok).Raw)
	c.call("PUT", "/api/v1/assessments/"+asID, lead, asEdit, http.StatusConflict)
	c.call("GET", "/api/v1/assessments/"+asID, newUser("zhoup", "周平", domain.RolePetition, townB, ""), nil, http.StatusNotFound)
	c.record("AssessmentList", "汉阴县的稳评台账", c.call("GET", "/api/v1/assessments?year=2026", lead, nil, ok).Raw)
	c.call("GET", "/api/v1/assessments?grade=extreme", lead, nil, http.StatusBadRequest, invalidRequest)
	c.record("AssessmentSummary", "全市2026年稳评统计（按区县）", c.call("GET", "/api/v1/assessments/summary?year=2026", admin, nil, ok).Raw)
	c.call("GET", "/api/v1/assessments/summary?region=610902", lead, nil, http.StatusForbidden)

	// operations
	c.record("Health", "存活", c.call("GET", "/healthz", "", nil, ok).Raw)
	c.record("Ready", "就绪", c.call("GET", "/readyz", "", nil, ok).Raw)
	c.record("ReadyDetail", "就绪（管理员令牌）", c.call("GET", "/readyz", admin, nil, ok).Raw)
	c.call("GET", "/metrics", "", nil, ok)
	c.call("GET", "/api/openapi.json", "", nil, ok)
	c.call("GET", "/api/docs", "", nil, ok)

	// errors: each status of the document's error table, as the server answers it
	unknown := openapi.Obj("kind", "dispute", "title", "x", "foo", 1)
	c.record("ErrorBadRequest", "未知字段", c.call("POST", "/api/v1/cases", med, unknown, http.StatusBadRequest, invalidRequest).Raw)
	c.record("ErrorUnauthorized", "未登录", c.call("GET", "/api/v1/auth/me", "", nil, http.StatusUnauthorized, invalidRequest).Raw)
	c.record("ErrorForbidden", "领导不能登记案件", c.call("POST", "/api/v1/cases", lead,
		openapi.Obj("kind", "dispute", "title", "x", "category", "other", "townshipCode", townA,
			"parties", []any{openapi.Obj("name", "甲", "role", "applicant"), openapi.Obj("name", "乙", "role", "respondent")},
			"dispute", openapi.Obj("source", "proactive")), http.StatusForbidden).Raw)
	c.call("GET", "/api/v1/reports/resolution?region=610902", lead, nil, http.StatusForbidden)
	c.call("GET", "/api/v1/users", med, nil, http.StatusForbidden)
	c.record("ErrorNotFound", "案件不存在", c.call("GET", "/api/v1/cases/"+townA+"-2026-999999", med, nil, http.StatusNotFound).Raw)
	c.call("GET", "/api/v1/regions?parent=999999", med, nil, http.StatusNotFound)
	c.record("ErrorVersionConflict", "版本号过期", c.call("POST", "/api/v1/cases/"+d4["id"].(string)+"/actions", med,
		openapi.Obj("action", "start", "version", 1, "mediators", []any{"张敏"}), http.StatusConflict).Raw)
	c.record("ErrorInvalidTransition", "状态不允许", c.call("POST", "/api/v1/cases/"+d2["id"].(string)+"/actions", med,
		openapi.Obj("action", "accept", "version", d2["version"]), http.StatusConflict).Raw)
	c.record("ErrorConflict", "用户名已被占用", c.call("POST", "/api/v1/users", admin,
		openapi.Obj("username", "zhangmin", "password", "Passw0rd-2", "name", "张敏", "role", "mediator", "regionCode", townA), http.StatusConflict).Raw)
	huge := `{"kind":"dispute","title":"` + strings.Repeat("长", 400_000) + `"}`
	c.record("ErrorPayloadTooLarge", "请求体超过 1 MB", c.call("POST", "/api/v1/cases", med, huge, http.StatusRequestEntityTooLarge, invalidRequest).Raw)
	bad := openapi.Obj("kind", "dispute", "title", "", "category", "neighbour", "townshipCode", townA,
		"parties", []any{openapi.Obj("name", "", "role", "applicant")}, "dispute", openapi.Obj("source", "application"))
	c.record("ErrorValidationFailed", "字段违反规则", c.call("POST", "/api/v1/cases", med, bad, http.StatusUnprocessableEntity, invalidRequest).Raw)
	c.call("GET", "/api/v1/cases?status=open", med, nil, http.StatusBadRequest, invalidRequest)
	for range 5 {
		c.call("POST", "/api/v1/auth/login", "", openapi.Obj("username", "ghost", "password", "wrong-password1"), http.StatusUnauthorized)
	}
	c.record("ErrorRateLimited", "连续失败后锁定", c.call("POST", "/api/v1/auth/login", "",
		openapi.Obj("username", "ghost", "password", "wrong-password1"), http.StatusTooManyRequests).Raw)

	// the token routes last: they end sessions
	r = c.call("POST", "/api/v1/auth/refresh", lead, nil, ok)
	c.call("POST", "/api/v1/auth/logout", r.Body["token"].(string), nil, http.StatusNoContent)
	c.call("POST", "/api/v1/auth/password", med, openapi.Obj("oldPassword", "Passw0rd-zhangmin", "newPassword", "Changed-2026"), http.StatusNoContent)

	if t.Failed() {
		return
	}
	got, err := openapi.MarshalJSON(c.examples, true)
	if err != nil {
		t.Fatal(err)
	}
	if *updateOpenAPI {
		if err := os.WriteFile("openapi/examples.json", append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	stored, err := openapi.ParseOrdered(openapi.Examples)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := stored.(*openapi.Object)
	for _, name := range c.examples.Keys() {
		g, _ := openapi.MarshalJSON(c.examples.Get(name), true)
		w, _ := openapi.MarshalJSON(want.Get(name), true)
		if !bytes.Equal(g, w) {
			t.Errorf("example %s is not the real answer any more; run go test ./handlers -run TestOpenAPIExamples -update-openapi\nreal:   %s\nstored: %s",
				name, truncate(g, 1500), truncate(w, 1500))
		}
	}
	for _, name := range want.Keys() {
		if !c.examples.Has(name) {
			t.Errorf("examples.json has %s, which the scenario no longer records; run with -update-openapi", name)
		}
	}
}

// TestOpenAPIRequestRulesMatchTheServer: what the document says a request may not be, the server refuses
// too, with the status the document gives for it.
func TestOpenAPIRequestRulesMatchTheServer(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := newAPICheck(t, s)
	med := s.createUser("m1", domain.RoleMediator, townA)
	registered := s.register(med, disputeBody(townA, nil))["id"].(string)
	mediating := s.register(med, disputeBody(townA, nil))
	mediating = s.act(med, mediating, "accept", nil)
	mediating = s.act(med, mediating, "start", map[string]any{"mediators": []string{"张敏"}})
	m, v := mediating["id"].(string), mediating["version"]

	lastMonth := domain.MonthCode(domain.LastEndedMonth(time.Now()))
	zero := s.do("POST", "/api/v1/returns", med, map[string]any{"township": townA, "month": lastMonth, "zeroReport": true, "note": "无"})
	expectStatus(t, zero, http.StatusCreated, "a zero report for last month")
	submitted := zero.Body["id"].(string)

	dispute := func(mut func(m map[string]any)) map[string]any { return disputeBody(townA, mut) }
	party := func(m map[string]any, i int) map[string]any { return m["parties"].([]map[string]any)[i] }
	tests := []struct {
		name         string
		method, path string
		token        string
		body         any
		want         int
	}{
		{"case without title", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { delete(m, "title") }), 422},
		{"unknown category", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["category"] = "neighbour" }), 422},
		{"title of 201 characters", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["title"] = strings.Repeat("题", 201) }), 422},
		{"unknown field", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["foo"] = 1 }), 400},
		{"$-key", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["$where"] = "1" }), 400},
		{"$-key in a party", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { party(m, 0)["$ne"] = "" }), 400},
		{"unknown party role", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { party(m, 1)["role"] = "witness" }), 422},
		{"party without name", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { delete(party(m, 1), "name") }), 422},
		{"bad ID number", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { party(m, 0)["idNumber"] = "61092119900101" }), 422},
		{"bad phone", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { party(m, 0)["phone"] = "phone-me" }), 422},
		{"dispute with one party", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["parties"] = m["parties"].([]map[string]any)[:1] }), 422},
		{"dispute without its part", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { delete(m, "dispute") }), 422},
		{"dispute with a petition part", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["petition"] = map[string]any{"assignedBy": "county"} }), 422},
		{"referral without referralFrom", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["dispute"] = map[string]any{"source": "referral"} }), 422},
		{"referralFrom without referral", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) {
			m["dispute"] = map[string]any{"source": "application", "referralFrom": "court"}
		}), 422},
		{"petition without its part", "POST", "/api/v1/cases", s.admin, petitionBody(townA, func(m map[string]any) { delete(m, "petition") }), 422},
		{"unknown assigning level", "POST", "/api/v1/cases", s.admin, petitionBody(townA, func(m map[string]any) { m["petition"] = map[string]any{"assignedBy": "village"} }), 422},
		{"registeredAt not a date", "POST", "/api/v1/cases", med, dispute(func(m map[string]any) { m["registeredAt"] = "yesterday" }), 400},

		{"action without version", "POST", "/api/v1/cases/" + registered + "/actions", med, map[string]any{"action": "accept"}, 422},
		{"unknown action", "POST", "/api/v1/cases/" + registered + "/actions", med, map[string]any{"action": "explode", "version": 1}, 422},
		{"reject without reason", "POST", "/api/v1/cases/" + registered + "/actions", med, map[string]any{"action": "reject", "version": 1}, 422},
		{"action with unknown field", "POST", "/api/v1/cases/" + registered + "/actions", med, map[string]any{"action": "accept", "version": 1, "foo": 1}, 400},
		{"extend by 31 days", "POST", "/api/v1/cases/" + m + "/actions", med, map[string]any{"action": "extend", "version": v, "days": 31, "reason": "双方同意"}, 422},
		{"session without record", "POST", "/api/v1/cases/" + m + "/actions", med, map[string]any{"action": "session", "version": v, "session": map[string]any{"at": time.Now().Format(time.RFC3339), "mode": "onsite"}}, 422},
		{"unknown session mode", "POST", "/api/v1/cases/" + m + "/actions", med, map[string]any{"action": "session", "version": v, "session": map[string]any{"at": time.Now().Format(time.RFC3339), "mode": "letter", "record": "x"}}, 422},
		{"unknown field in a session", "POST", "/api/v1/cases/" + m + "/actions", med, map[string]any{"action": "session", "version": v, "session": map[string]any{"at": time.Now().Format(time.RFC3339), "mode": "onsite", "record": "x", "by": "me"}}, 400},
		{"fail with unknown reason", "POST", "/api/v1/cases/" + m + "/actions", med, map[string]any{"action": "fail", "version": v, "failureReason": "bored", "redirect": "none"}, 422},
		{"reason of 2001 characters", "POST", "/api/v1/cases/" + m + "/actions", med, map[string]any{"action": "extend", "version": v, "days": 5, "reason": strings.Repeat("因", 2001)}, 422},

		{"user with unknown role", "POST", "/api/v1/users", s.admin, map[string]any{"username": "u1", "password": "Passw0rd-u1", "name": "甲", "role": "root", "regionCode": townA}, 422},
		{"one-letter username", "POST", "/api/v1/users", s.admin, map[string]any{"username": "u", "password": "Passw0rd-u1", "name": "甲", "role": "mediator", "regionCode": townA}, 422},
		{"short password", "POST", "/api/v1/users", s.admin, map[string]any{"username": "u2", "password": "Pa55", "name": "甲", "role": "mediator", "regionCode": townA}, 422},
		{"user without region", "POST", "/api/v1/users", s.admin, map[string]any{"username": "u3", "password": "Passw0rd-u3", "name": "甲", "role": "mediator"}, 422},
		{"patch with unknown field", "PATCH", "/api/v1/users/m1", s.admin, map[string]any{"email": "m1@example.org"}, 400},
		{"patch with unknown role", "PATCH", "/api/v1/users/m1", s.admin, map[string]any{"role": "root"}, 422},
		{"login without password", "POST", "/api/v1/auth/login", "", map[string]any{"username": "admin"}, 422},
		{"login with $-key", "POST", "/api/v1/auth/login", "", map[string]any{"username": "admin", "password": map[string]any{"$ne": ""}}, 400},
		{"password change without old password", "POST", "/api/v1/auth/password", med, map[string]any{"newPassword": "Changed-2026"}, 422},

		{"list with unknown status", "GET", "/api/v1/cases?status=open", med, nil, 400},
		{"list with unknown kind", "GET", "/api/v1/cases?kind=complaint", med, nil, 400},
		{"page size 101", "GET", "/api/v1/cases?pageSize=101", med, nil, 400},
		{"page 0", "GET", "/api/v1/cases?page=0", med, nil, 400},
		{"from not a date", "GET", "/api/v1/cases?from=2026-13-45x", med, nil, 400},
		{"list format pdf", "GET", "/api/v1/cases?format=pdf", med, nil, 400},
		{"overdue not a boolean", "GET", "/api/v1/cases?overdue=maybe", med, nil, 400},
		{"group by village", "GET", "/api/v1/reports/resolution?groupBy=village", s.admin, nil, 400},
		{"weekly trend", "GET", "/api/v1/reports/trend?interval=week", s.admin, nil, 400},
		{"report format pdf", "GET", "/api/v1/reports/categories?format=pdf", s.admin, nil, 400},
		{"audit limit 0", "GET", "/api/v1/audit?limit=0", s.admin, nil, 400},
		{"to-do page size over the bound", "GET", fmt.Sprintf("/api/v1/todo?pageSize=%d", maxTodoPageSize+1), med, nil, 400},
		{"return for a month as a date", "POST", "/api/v1/returns", med, map[string]any{"township": townA, "month": "2026-05-01"}, 422},
		{"return without a township", "POST", "/api/v1/returns", med, map[string]any{"month": "2026-05"}, 422},
		{"return with unknown field", "POST", "/api/v1/returns", med, map[string]any{"township": townA, "month": "2026-05", "figures": map[string]any{}}, 400},
		{"correction without a reason", "POST", "/api/v1/returns/" + submitted + "/corrections", med, map[string]any{"note": "x"}, 422},
		{"board of a month as a date", "GET", "/api/v1/returns?month=2026-05-01", med, nil, 400},
		{"months of a year in words", "GET", "/api/v1/returns/months?year=this", med, nil, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.validateRequest(tt.method, tt.path, tt.token, tt.body); err == nil {
				t.Errorf("the document accepts the request")
			}
			if r := s.do(tt.method, tt.path, tt.token, tt.body); r.Status != tt.want {
				t.Errorf("server: %d, want %d: %s", r.Status, tt.want, r.Raw)
			}
		})
	}
}

// TestOpenAPISecurityAndRolesMatchTheServer: an operation the document marks public answers without a
// token and every other answers 401 without one; a role `x-roles` leaves out gets 403, a role it names
// (or any, without x-roles) does not.
func TestOpenAPISecurityAndRolesMatchTheServer(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t, false)
	s := startServer(t)
	tokens := map[string]string{
		string(domain.RoleAdmin):    s.admin,
		string(domain.RoleLeader):   s.createUser("l1", domain.RoleLeader, "6109"),
		string(domain.RoleMediator): s.createUser("m1", domain.RoleMediator, townA),
		string(domain.RolePetition): s.createUser("p1", domain.RolePetition, county),
	}
	checked := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			url := strings.ReplaceAll(path, "{id}", "nobody")
			var body any
			if method == http.MethodPost || method == http.MethodPatch {
				body = "{}"
			}
			public := op.Security != nil && len(*op.Security) == 0
			if r := s.do(method, url, "", body); public == (r.Status == http.StatusUnauthorized) {
				t.Errorf("%s %s without a token: %d (public in the document: %v)", method, path, r.Status, public)
			}
			if public || path == "/api/v1/auth/logout" || path == "/api/v1/auth/refresh" { // these two end the session
				continue
			}
			roles, hasRoles := op.Extensions["x-roles"].([]any)
			for role, tok := range tokens {
				allowed := !hasRoles || slices.Contains(roles, any(role))
				if r := s.do(method, url, tok, body); allowed == (r.Status == http.StatusForbidden) {
					t.Errorf("%s %s as %s: %d, but x-roles is %v", method, path, role, r.Status, roles)
				}
			}
			checked++
		}
	}
	if checked < 15 {
		t.Fatalf("checked %d operations", checked)
	}
}

// TestAPIDocsPage: /api/docs loads the renderer the web app's build ships, from this server, under a CSP
// that lets its search worker run; before the app is built it says how to build it.
func TestAPIDocsPage(t *testing.T) {
	t.Parallel()
	if !strings.Contains(string(openapi.DocsPage), `src="/`+redocBundle+`"`) || !strings.Contains(string(openapi.DocsPage), `spec-url="/api/openapi.json"`) {
		t.Fatalf("openapi/docs.html does not load /%s with /api/openapi.json", redocBundle)
	}
	s := startServer(t)
	r := s.do("GET", "/api/docs", "", nil)
	expectStatus(t, r, http.StatusOK, "GET /api/docs")
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("content type %q", r.Header.Get("Content-Type"))
	}
	bundle := s.do("GET", "/"+redocBundle, "", nil)
	if bundle.Status != http.StatusOK {
		if !strings.Contains(string(r.Raw), "make build") {
			t.Fatalf("no renderer built, and the page does not say so: %s", r.Raw)
		}
		t.Skipf("the web app is not built (%s: %d): only the fallback page is checked", redocBundle, bundle.Status)
	}
	if !bytes.Equal(r.Raw, openapi.DocsPage) {
		t.Fatalf("GET /api/docs is not openapi/docs.html")
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "worker-src 'self' blob:") {
		t.Fatalf("CSP of /api/docs: %q", csp)
	}
	if strings.Contains(s.do("GET", "/api/v1/enums", "", nil).Header.Get("Content-Security-Policy"), "worker-src") {
		t.Fatalf("the docs page's CSP leaks to other routes")
	}
}

// TestOpenAPIClientFilesAreCurrent: the web app's generated files (the document, its TypeScript types, the
// enumerations module) are what the code generates now; make generate rewrites them.
func TestOpenAPIClientFilesAreCurrent(t *testing.T) {
	files, err := ClientFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		path := "../frontend/src/api/generated/" + f.Name
		committed, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v; run make generate", err)
			continue
		}
		if !bytes.Equal(committed, f.Data) {
			t.Errorf("%s is not what the code generates; run make generate and commit it", path)
		}
	}
}
