package handlers

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"
	"go.yaml.in/yaml/v4"

	"pingan/domain"
	"pingan/frontend"
	"pingan/store"
)

// The OpenAPI 3.1 document of the HTTP API, served at /api/openapi.json and read at /api/docs.
//
// openapi/base.yaml holds what only a person can write: prose, paths, parameters, response wrappers and
// per-field notes. Everything the code already knows is generated here, so it cannot drift:
//   - one schema per enumeration of domain.Enums(), with the Chinese labels;
//   - the action table of POST /cases/{id}/actions from domain.Transitions;
//   - request bodies from the Go input types and their `validate` tags (required, lengths, enums);
//   - response bodies from the Go types the handlers render;
//   - examples recorded from real answers (openapi/examples.json, rewritten by
//     `go test ./handlers -run TestOpenAPIExamples -update-openapi`).
//
// A schema named in base.yaml that is also generated is an overlay: its keys are laid over the generated
// schema (a property with a `$ref` replaces the generated one; `required` lists are joined); naming a
// property the Go type does not have is an error, so a renamed field fails the tests.

var (
	//go:embed openapi/base.yaml
	openAPIBase []byte
	//go:embed openapi/examples.json
	openAPIExamples []byte
	//go:embed openapi/docs.html
	apiDocsPage []byte
)

// redocBundle is where the web app's build puts the renderer of /api/docs (frontend/vite.config.ts).
const redocBundle = "apidocs/redoc.standalone.js"

// apiSchemaTypes are the Go types rendered into request and response bodies, by their schema name. Types
// they reach get their Go name.
var apiSchemaTypes = []struct {
	name    string
	t       reflect.Type
	request bool
}{
	{"LoginRequest", reflect.TypeFor[loginInput](), true},
	{"PasswordChangeRequest", reflect.TypeFor[passwordInput](), true},
	{"NewUserRequest", reflect.TypeFor[domain.NewUserInput](), true},
	{"UserPatchRequest", reflect.TypeFor[domain.UserPatch](), true},
	{"NewCaseRequest", reflect.TypeFor[domain.NewCaseInput](), true},
	{"ActionRequest", reflect.TypeFor[domain.ActionInput](), true},

	{"TokenResponse", reflect.TypeFor[tokenResponse](), false},
	{"User", reflect.TypeFor[domain.User](), false},
	{"Region", reflect.TypeFor[domain.Region](), false},
	{"Option", reflect.TypeFor[domain.Option](), false},
	{"Case", reflect.TypeFor[domain.CaseView](), false},
	{"CaseSummary", reflect.TypeFor[caseSummary](), false},
	{"ResolutionReport", reflect.TypeFor[domain.ResolutionReport](), false},
	{"TrendReport", reflect.TypeFor[domain.TrendReport](), false},
	{"CategoryReport", reflect.TypeFor[domain.CategoryReport](), false},
	{"BacklogItem", reflect.TypeFor[backlogItem](), false},
	{"TodoItem", reflect.TypeFor[todoItem](), false},
	{"AuditEntry", reflect.TypeFor[store.AuditEntry](), false},
	{"FollowStatus", reflect.TypeFor[store.FollowStatus](), false},
	{"ImportResult", reflect.TypeFor[ImportResult](), false},
	{"FieldError", reflect.TypeFor[domain.FieldError](), false},
	{"RowError", reflect.TypeFor[domain.RowError](), false},
}

// openAPIDocument is the document as served, built once.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	doc, err := buildOpenAPI()
	if err != nil {
		return nil, err
	}
	return marshalJSON(doc, true)
})

// OpenAPI returns the OpenAPI 3.1 document of the HTTP API as JSON.
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
	return c.HTMLBlob(http.StatusOK, apiDocsPage)
}

// buildOpenAPI lays the generated parts over the hand-written base.
func buildOpenAPI() (*object, error) {
	base, err := parseOrdered(openAPIBase)
	if err != nil {
		return nil, fmt.Errorf("openapi/base.yaml: %w", err)
	}
	doc, ok := base.(*object)
	if !ok {
		return nil, fmt.Errorf("openapi/base.yaml: not a mapping")
	}
	components := doc.obj("components")
	overlays := components.obj("schemas")

	g := &schemaGen{schemas: &object{}, overlays: overlays, types: map[string]reflect.Type{}}
	g.enums()
	g.enumsResponse()
	for _, st := range apiSchemaTypes {
		g.component(st.name, st.t, st.request)
	}
	g.actionTable()
	if g.err != nil {
		return nil, g.err
	}

	schemas := &object{}
	for _, name := range overlays.keys {
		if gen, ok := g.schemas.get(name).(*object); ok {
			merged, err := overlay(gen, overlays.obj(name), name)
			if err != nil {
				return nil, err
			}
			schemas.set(name, merged)
		} else {
			schemas.set(name, overlays.get(name))
		}
	}
	for _, name := range g.schemas.keys {
		if !schemas.has(name) {
			schemas.set(name, g.schemas.get(name))
		}
	}
	components.set("schemas", schemas)

	examples, err := parseOrdered(openAPIExamples)
	if err != nil {
		return nil, fmt.Errorf("openapi/examples.json: %w", err)
	}
	if ex, ok := examples.(*object); ok {
		components.set("examples", ex)
	}
	if err := describeRoles(doc); err != nil {
		return nil, err
	}
	if err := describeLedger(doc); err != nil {
		return nil, err
	}
	if err := todoPaging(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// describeRoles appends the roles of `x-roles` to each operation's description, with their labels.
func describeRoles(doc *object) error {
	paths := doc.obj("paths")
	for _, p := range paths.keys {
		item := paths.obj(p)
		for _, m := range item.keys {
			op, ok := item.get(m).(*object)
			if !ok {
				continue
			}
			roles, ok := op.get("x-roles").([]any)
			if !ok {
				continue
			}
			names := make([]string, len(roles))
			for i, r := range roles {
				code, _ := r.(string)
				if !domain.IsValid(domain.Roles, code) {
					return fmt.Errorf("%s %s: x-roles names unknown role %q", m, p, code)
				}
				names[i] = fmt.Sprintf("%s（`%s`）", domain.LabelOf(domain.Roles, code), code)
			}
			desc, _ := op.get("description").(string)
			op.set("description", strings.TrimSpace(desc+"\n\n**可调用角色**："+strings.Join(names, "、")))
		}
	}
	return nil
}

// describeLedger appends the columns of both ledgers (domain.LedgerColumns) to the import's description.
func describeLedger(doc *object) error {
	op, ok := doc.obj("paths").obj("/api/v1/cases/import").get("post").(*object)
	if !ok {
		return fmt.Errorf("paths: POST /api/v1/cases/import is missing")
	}
	var b strings.Builder
	desc, _ := op.get("description").(string)
	b.WriteString(strings.TrimSpace(desc))
	for _, kind := range []domain.Kind{domain.KindDispute, domain.KindPetition} {
		fmt.Fprintf(&b, "\n\n**%s台账的列**\n\n| 列 | 必填 | 说明 | 示例 |\n|---|---|---|---|\n", domain.LabelOf(domain.Kinds, string(kind)))
		for _, col := range domain.LedgerColumns(kind, nil, "") {
			required := ""
			if col.Required {
				required = "是"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", col.Header, required, strings.ReplaceAll(col.Help, "|", "\\|"), col.Example)
		}
	}
	op.set("description", b.String())
	return nil
}

// todoPaging gives the to-do list's pageSize the handler's default and bound.
func todoPaging(doc *object) error {
	op, ok := doc.obj("paths").obj("/api/v1/todo").get("get").(*object)
	if !ok {
		return fmt.Errorf("paths: GET /api/v1/todo is missing")
	}
	params, _ := op.get("parameters").([]any)
	for _, p := range params {
		if p, ok := p.(*object); ok && p.get("name") == "pageSize" {
			p.obj("schema").set("default", todoPageSize)
			p.obj("schema").set("maximum", maxTodoPageSize)
			return nil
		}
	}
	return fmt.Errorf("paths: GET /api/v1/todo has no pageSize parameter")
}

// schemaGen renders Go types into JSON Schema components.
type schemaGen struct {
	schemas  *object // generated components by name
	overlays *object // the hand-written schemas of base.yaml
	types    map[string]reflect.Type
	err      error
}

func (g *schemaGen) fail(format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf(format, args...)
	}
}

func ref(name string) *object { return obj("$ref", "#/components/schemas/"+name) }

// enumName is the schema name of an enumeration: "categories" → "Category", "riskLevel" → "RiskLevel".
func enumName(key string) string {
	switch {
	case strings.HasSuffix(key, "ies"):
		key = strings.TrimSuffix(key, "ies") + "y"
	case strings.HasSuffix(key, "ses"):
		key = strings.TrimSuffix(key, "es")
	case strings.HasSuffix(key, "s"):
		key = strings.TrimSuffix(key, "s")
	}
	r := []rune(key)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func sortedEnumKeys() []string {
	enums := domain.Enums()
	keys := make([]string, 0, len(enums))
	for k := range enums {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// enumSchema lists the codes, and their labels in the description and in x-enumDescriptions.
func enumSchema(intro string, opts []domain.Option) *object {
	codes := make([]any, len(opts))
	labels := &object{}
	lines := make([]string, len(opts))
	for i, o := range opts {
		codes[i] = o.Code
		labels.set(o.Code, o.Label)
		lines[i] = fmt.Sprintf("- `%s` %s", o.Code, o.Label)
	}
	desc := strings.Join(lines, "\n")
	if intro != "" {
		desc = intro + "\n\n" + desc
	}
	return obj("type", "string", "enum", codes, "description", desc, "x-enumDescriptions", labels)
}

// enums makes one schema per enumeration of domain.Enums(); base.yaml may give each an introduction.
func (g *schemaGen) enums() {
	enums := domain.Enums()
	for _, key := range sortedEnumKeys() {
		name := enumName(key)
		intro := ""
		if o, ok := g.overlays.get(name).(*object); ok {
			intro, _ = o.get("description").(string)
			o.del("description")
		}
		g.schemas.set(name, enumSchema(intro, enums[key]))
	}
}

// enumsResponse is the answer of GET /enums: every enumeration as a list of {code, label}.
func (g *schemaGen) enumsResponse() {
	props := &object{}
	keys := sortedEnumKeys()
	required := make([]any, len(keys))
	for i, key := range keys {
		props.set(key, obj("type", "array", "items", ref("Option"),
			"description", "见 ["+enumName(key)+"](#/components/schemas/"+enumName(key)+")"))
		required[i] = key
	}
	g.schemas.set("Enums", obj("type", "object", "properties", props, "required", required))
}

// actionTable completes ActionRequest from domain.Transitions: the actions, the table, the fields each
// action requires (for each kind that has it), and the table itself as x-transitions.
func (g *schemaGen) actionTable() {
	s, ok := g.schemas.get("ActionRequest").(*object)
	if !ok {
		g.fail("ActionRequest was not generated")
		return
	}
	var actions []string
	required := map[string][][]string{}
	var rows []any
	for _, t := range domain.Transitions {
		if !slices.Contains(actions, t.Action) {
			actions = append(actions, t.Action)
		}
		if len(t.Required) > 0 && !slices.ContainsFunc(required[t.Action], func(r []string) bool { return slices.Equal(r, t.Required) }) {
			required[t.Action] = append(required[t.Action], t.Required)
		}
		var roles []any
		for _, r := range domain.Roles {
			if domain.CanAct(domain.Role(r.Code), t.Kind, t.Action) {
				roles = append(roles, r.Code)
			}
		}
		from := []any{}
		for _, st := range t.From {
			from = append(from, string(st))
		}
		rows = append(rows, obj("kind", string(t.Kind), "action", t.Action, "label", domain.ActionLabel(t.Kind, t.Action),
			"from", from, "to", string(t.To), "required", anyList(t.Required), "optional", anyList(t.Optional),
			"once", t.Once, "roles", roles))
	}
	opts := make([]domain.Option, len(actions))
	for i, a := range actions {
		label := domain.ActionLabel(domain.KindDispute, a)
		if p := domain.ActionLabel(domain.KindPetition, a); p != label {
			label += "（纠纷）/ " + p + "（信访）"
		}
		opts[i] = domain.Option{Code: a, Label: label}
	}
	props := s.obj("properties")
	props.set("action", enumSchema("操作", opts))
	if v, ok := props.get("version").(*object); ok {
		v.set("minimum", 1)
		v.set("description", "案件当前的版本号（乐观锁）：与案件的 version 不一致时答 409 version_conflict")
	}
	s.set("required", appendRequired(s.get("required"), "action", "version"))

	// One branch per action, told apart by the action's code: its required fields and, per kind, where
	// it applies.
	branches := make([]any, len(actions))
	for i, a := range actions {
		var lines []string
		for _, t := range domain.Transitions {
			if t.Action == a {
				lines = append(lines, "- "+describeTransition(t))
			}
		}
		b := obj("title", a+" "+opts[i].Label, "description", strings.Join(lines, "\n"),
			"properties", obj("action", obj("const", a)))
		switch sets := required[a]; len(sets) {
		case 0:
		case 1:
			b.set("required", anyList(sets[0]))
		default:
			alts := make([]any, len(sets))
			for j, r := range sets {
				alts[j] = obj("required", anyList(r))
			}
			b.set("anyOf", alts)
		}
		branches[i] = b
	}
	s.set("oneOf", branches)
	s.set("description", "案件操作。每个操作只读取下表中它的字段（必填 / 可选），其余字段忽略，"+
		"因此表单可以把已有的字段一起提交。状态不允许该操作时答 409 invalid_transition，版本号过期时答 409 version_conflict。"+
		"督办（supervise）只有领导和管理员可以进行。\n\n"+domain.DescribeTransitions())
	s.set("x-transitions", rows)
}

// describeTransition says in one line what a transition needs: statuses, fields, roles.
func describeTransition(t domain.Transition) string {
	from := "有待反馈的督办时"
	if t.From != nil {
		names := make([]string, len(t.From))
		for i, st := range t.From {
			names[i] = fmt.Sprintf("`%s` %s", st, domain.StatusLabel(t.Kind, st))
		}
		from = strings.Join(names, "、")
	}
	to := "状态不变"
	if t.To != "" {
		to = fmt.Sprintf("→ `%s` %s", t.To, domain.StatusLabel(t.Kind, t.To))
	}
	var roles []string
	for _, r := range domain.Roles {
		if domain.CanAct(domain.Role(r.Code), t.Kind, t.Action) {
			roles = append(roles, r.Label)
		}
	}
	line := fmt.Sprintf("%s：%s %s；必填 %s；可选 %s；%s", domain.LabelOf(domain.Kinds, string(t.Kind)), from, to,
		codes(t.Required), codes(t.Optional), strings.Join(roles, "、"))
	if t.Once {
		line += "；每案一次"
	}
	return line
}

func codes(names []string) string {
	if len(names) == 0 {
		return "无"
	}
	return "`" + strings.Join(names, "`、`") + "`"
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func appendRequired(v any, names ...string) []any {
	list, _ := v.([]any)
	for _, n := range names {
		if !slices.Contains(list, any(n)) {
			list = append(list, n)
		}
	}
	return list
}

// component generates the schema of a struct type under a name (once) and returns a reference to it.
func (g *schemaGen) component(name string, t reflect.Type, request bool) *object {
	if prev, ok := g.types[name]; ok {
		if prev != t {
			g.fail("schema %s: both %v and %v", name, prev, t)
		}
		return ref(name)
	}
	g.types[name] = t
	g.schemas.set(name, nil) // reserve the position; recursive types find the name taken
	g.schemas.set(name, g.structSchema(t, request))
	return ref(name)
}

// componentName names a struct type that has no name in apiSchemaTypes.
func (g *schemaGen) componentName(t reflect.Type) string {
	for _, st := range apiSchemaTypes {
		if st.t == t {
			return st.name
		}
	}
	return t.Name()
}

type field struct {
	name string
	f    reflect.StructField
}

// jsonFields lists the fields encoding/json writes for a struct, embedded structs flattened, outer
// fields winning over embedded ones of the same name.
func jsonFields(t reflect.Type) []field {
	var out []field
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				for _, ef := range jsonFields(et) {
					if !slices.ContainsFunc(out, func(o field) bool { return o.name == ef.name }) {
						out = append(out, ef)
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = slices.DeleteFunc(out, func(o field) bool { return o.name == name })
		out = append(out, field{name, f})
	}
	return out
}

func hasOpt(tag, opt string) bool {
	_, rest, _ := strings.Cut(tag, ",")
	return slices.Contains(strings.Split(rest, ","), opt)
}

// structSchema renders a struct. Requests: required and constraints from `validate` tags, descriptions
// from `label` tags, no other properties allowed. Responses: every field not marked omitempty is required.
func (g *schemaGen) structSchema(t reflect.Type, request bool) *object {
	props := &object{}
	var required []any
	for _, fl := range jsonFields(t) {
		ft := fl.f.Type
		var s *object
		if request {
			var req bool
			s, req = g.requestField(t, fl, ft)
			if req {
				required = append(required, fl.name)
			}
		} else {
			omit := hasOpt(fl.f.Tag.Get("json"), "omitempty")
			s = g.typeSchema(ft, !omit)
			if !omit {
				required = append(required, fl.name)
			}
		}
		props.set(fl.name, s)
	}
	s := obj("type", "object", "properties", props)
	if len(required) > 0 {
		s.set("required", required)
	}
	if request {
		s.set("additionalProperties", false)
	}
	return s
}

var timeType = reflect.TypeFor[time.Time]()

// typeSchema renders a type; nullable says whether a nil pointer is written as null.
func (g *schemaGen) typeSchema(t reflect.Type, nullable bool) *object {
	if t.Kind() == reflect.Pointer {
		s := g.typeSchema(t.Elem(), false)
		if nullable {
			return orNull(s)
		}
		return s
	}
	if t == timeType {
		return obj("type", "string", "format", "date-time")
	}
	if t.Implements(reflect.TypeFor[json.Marshaler]()) {
		return g.marshalerSchema(t)
	}
	switch t.Kind() {
	case reflect.String:
		if t.PkgPath() != "" && t.Name() != "" && (g.schemas.has(t.Name()) || g.overlays.has(t.Name())) {
			return ref(t.Name()) // a named string type with an enumeration schema: Kind, Status, Warning, ...
		}
		return obj("type", "string")
	case reflect.Bool:
		return obj("type", "boolean")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return obj("type", "integer")
	case reflect.Int64, reflect.Uint64:
		return obj("type", "integer", "format", "int64")
	case reflect.Float32, reflect.Float64:
		return obj("type", "number")
	case reflect.Slice, reflect.Array:
		// Answers never carry null lists (views replace nil by empty); the response tests hold them to it.
		return obj("type", "array", "items", g.typeSchema(t.Elem(), false))
	case reflect.Map:
		return obj("type", "object", "additionalProperties", g.typeSchema(t.Elem(), false))
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t, false)
		}
		return g.component(g.componentName(t), t, false)
	case reflect.Interface:
		return &object{}
	}
	g.fail("openapi: no schema for Go type %v", t)
	return &object{}
}

// marshalerSchema types a value that marshals itself by the JSON its zero value produces.
func (g *schemaGen) marshalerSchema(t reflect.Type) *object {
	b, err := json.Marshal(reflect.Zero(t).Interface())
	if err != nil || len(b) == 0 {
		g.fail("openapi: cannot type %v: %v", t, err)
		return &object{}
	}
	switch b[0] {
	case '"':
		return obj("type", "string")
	case '{':
		return obj("type", "object")
	case '[':
		return obj("type", "array")
	case 't', 'f':
		return obj("type", "boolean")
	}
	return obj("type", "number")
}

// orNull allows null besides s.
func orNull(s *object) *object {
	if typ, ok := s.get("type").(string); ok && !s.has("enum") {
		s.set("type", []any{typ, "null"})
		return s
	}
	return obj("anyOf", []any{s, obj("type", "null")})
}

// requestField renders one field of a request body from its Go type and `validate` tag, and says
// whether the field is required.
func (g *schemaGen) requestField(parent reflect.Type, fl field, ft reflect.Type) (*object, bool) {
	tags := strings.Split(fl.f.Tag.Get("validate"), ",")
	if tags[0] == "" {
		tags = nil
	}
	var elemTags []string
	if i := slices.Index(tags, "dive"); i >= 0 {
		tags, elemTags = tags[:i], tags[i+1:]
	}
	base := ft
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	var s *object
	switch {
	case base == timeType:
		s = obj("type", "string", "format", "date-time")
		if acceptsDate(parent, fl.name) {
			s = obj("type", "string", "anyOf", []any{obj("format", "date-time"), obj("format", "date")})
		}
	case base.Kind() == reflect.Struct:
		s = g.component(g.componentName(base), base, true)
	case base.Kind() == reflect.Slice:
		elem := base.Elem()
		var items *object
		if elem.Kind() == reflect.Struct {
			items = g.component(g.componentName(elem), elem, true)
		} else {
			items = g.typeSchema(elem, false)
			g.constrain(items, elem, elemTags, parent, fl.name+"[]")
		}
		s = obj("type", "array", "items", items)
	default:
		s = g.typeSchema(base, false)
	}
	required := g.constrain(s, base, tags, parent, fl.name)
	if ft.Kind() == reflect.Pointer {
		s = orNull(s) // null leaves an optional field unset
	}
	if label := fl.f.Tag.Get("label"); label != "" && !s.has("description") {
		s.set("description", label)
	}
	return s, required
}

// constrain applies validate tags to a schema; it reports `required`.
func (g *schemaGen) constrain(s *object, t reflect.Type, tags []string, parent reflect.Type, name string) bool {
	required := false
	isText := t.Kind() == reflect.String
	isList := t.Kind() == reflect.Slice || t.Kind() == reflect.Array
	bound := func(text, list, number string, v string) {
		n, err := strconv.Atoi(v)
		if err != nil {
			g.fail("%v.%s: bound %q is not a number", parent, name, v)
			return
		}
		switch {
		case isText:
			s.set(text, n)
		case isList:
			s.set(list, n)
		default:
			s.set(number, n)
		}
	}
	for _, tag := range tags {
		key, param, _ := strings.Cut(tag, "=")
		switch key {
		case "", "omitempty", "singleline", "multiline":
			// omitempty: empty counts as not given; single/multi-line: control characters are refused
		case "required":
			required = true
			if isText && !s.has("minLength") {
				s.set("minLength", 1)
			}
			if isList && !s.has("minItems") {
				s.set("minItems", 1)
			}
		case "min":
			bound("minLength", "minItems", "minimum", param)
		case "max":
			bound("maxLength", "maxItems", "maximum", param)
		case "enum":
			schema := enumName(param)
			if !g.schemas.has(schema) {
				g.fail("%v.%s: enum=%s has no enumeration schema %s", parent, name, param, schema)
			}
			s.keys, s.vals = nil, nil
			s.set("$ref", "#/components/schemas/"+schema)
		case "oneof":
			s.set("enum", anyList(strings.Fields(param)))
		case "idnumber":
			s.set("pattern", "^[0-9]{17}[0-9Xx]$")
			s.set("minLength", 18)
			s.set("maxLength", 18)
		case "phone":
			s.set("pattern", `^\+?[0-9]([0-9-]*[0-9])?$`)
			s.set("minLength", 7)
			s.set("maxLength", 20)
		default:
			g.fail("%v.%s: validate tag %q is not rendered into the OpenAPI document (handlers/openapi.go)", parent, name, tag)
		}
	}
	return required
}

// acceptsDate reports whether a time field of a request type also takes a bare YYYY-MM-DD date, by asking
// the type's own decoder.
func acceptsDate(t reflect.Type, name string) bool {
	v := reflect.New(t).Interface()
	return json.Unmarshal([]byte(`{"`+name+`":"2026-01-02"}`), v) == nil
}

// overlay lays a hand-written schema over a generated one.
func overlay(gen, hand *object, name string) (*object, error) {
	out := gen.clone()
	for _, k := range hand.keys {
		v := hand.get(k)
		switch k {
		case "properties":
			props, _ := v.(*object)
			genProps, _ := out.get("properties").(*object)
			if props == nil || genProps == nil {
				return nil, fmt.Errorf("schema %s: properties overlay on a schema without properties", name)
			}
			for _, p := range props.keys {
				if !genProps.has(p) {
					return nil, fmt.Errorf("schema %s: base.yaml describes property %q, which the Go type does not have", name, p)
				}
				hp, _ := props.get(p).(*object)
				gp, _ := genProps.get(p).(*object)
				switch {
				case hp == nil || gp == nil:
					genProps.set(p, props.get(p))
				case hp.has("$ref") && nullable(gp):
					// a hand-written reference keeps the null the Go type may write
					alt := obj("$ref", hp.get("$ref"))
					w := obj("anyOf", []any{alt, obj("type", "null")})
					for _, hk := range hp.keys {
						if hk != "$ref" {
							w.set(hk, hp.get(hk))
						}
					}
					genProps.set(p, w)
				case hp.has("$ref") || hp.has("anyOf"):
					genProps.set(p, hp)
				default:
					m := gp.clone()
					for _, hk := range hp.keys {
						m.set(hk, hp.get(hk))
					}
					genProps.set(p, m)
				}
			}
		case "required":
			names, _ := v.([]any)
			ss := make([]string, 0, len(names))
			for _, n := range names {
				ss = append(ss, fmt.Sprint(n))
			}
			out.set("required", appendRequired(out.get("required"), ss...))
		default:
			out.set(k, v)
		}
	}
	return out, nil
}

// nullable reports whether a generated property allows null.
func nullable(s *object) bool {
	if t, ok := s.get("type").([]any); ok {
		return slices.Contains(t, any("null"))
	}
	if alts, ok := s.get("anyOf").([]any); ok {
		for _, a := range alts {
			if o, ok := a.(*object); ok && o.get("type") == "null" {
				return true
			}
		}
	}
	return false
}

// object is a JSON object that keeps its keys in the order they were written, so the document reads
// in the order base.yaml is written in.
type object struct {
	keys []string
	vals map[string]any
}

// obj builds an object from key, value pairs.
func obj(kv ...any) *object {
	o := &object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

func (o *object) has(k string) bool {
	if o == nil {
		return false
	}
	_, ok := o.vals[k]
	return ok
}

func (o *object) get(k string) any {
	if o == nil {
		return nil
	}
	return o.vals[k]
}

// obj returns the object under k, creating it when missing.
func (o *object) obj(k string) *object {
	if v, ok := o.get(k).(*object); ok {
		return v
	}
	v := &object{}
	o.set(k, v)
	return v
}

func (o *object) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *object) del(k string) {
	if _, ok := o.vals[k]; ok {
		delete(o.vals, k)
		o.keys = slices.DeleteFunc(o.keys, func(s string) bool { return s == k })
	}
}

// clone copies the object and the objects and lists inside it.
func (o *object) clone() *object {
	c := &object{}
	for _, k := range o.keys {
		c.set(k, cloneValue(o.vals[k]))
	}
	return c
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case *object:
		return x.clone()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := marshalJSON(k, false)
		if err != nil {
			return nil, err
		}
		vb, err := marshalJSON(o.vals[k], false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalJSON encodes without HTML escaping (the document is full of Markdown), optionally indented.
func marshalJSON(v any, indent bool) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// parseOrdered reads YAML (or JSON, which is YAML) into objects that keep their key order.
func parseOrdered(src []byte) (any, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, err
	}
	return fromYAML(&n)
}

func fromYAML(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return fromYAML(n.Content[0])
	case yaml.AliasNode:
		return fromYAML(n.Alias)
	case yaml.MappingNode:
		o := &object{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a key must be a scalar", k.Line)
			}
			if o.has(k.Value) {
				return nil, fmt.Errorf("line %d: key %q given twice", k.Line, k.Value)
			}
			v, err := fromYAML(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			o.set(k.Value, v)
		}
		return o, nil
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := fromYAML(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return v, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}
