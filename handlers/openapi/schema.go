package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"pingan/domain"
)

// schemaGen renders Go types into JSON Schema components.
type schemaGen struct {
	schemas  *Object // generated components by name
	overlays *Object // the hand-written schemas of base.yaml
	named    []SchemaType
	types    map[string]reflect.Type
	err      error
}

func (g *schemaGen) fail(format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf(format, args...)
	}
}

func ref(name string) *Object { return Obj("$ref", "#/components/schemas/"+name) }

// EnumName is the schema name of an enumeration: "categories" → "Category", "riskLevel" → "RiskLevel".
func EnumName(key string) string {
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
func enumSchema(intro string, opts []domain.Option) *Object {
	codes := make([]any, len(opts))
	labels := &Object{}
	lines := make([]string, len(opts))
	for i, o := range opts {
		codes[i] = o.Code
		labels.Set(o.Code, o.Label)
		lines[i] = fmt.Sprintf("- `%s` %s", o.Code, o.Label)
	}
	desc := strings.Join(lines, "\n")
	if intro != "" {
		desc = intro + "\n\n" + desc
	}
	return Obj("type", "string", "enum", codes, "description", desc, "x-enumDescriptions", labels)
}

// enums makes one schema per enumeration of domain.Enums(); base.yaml may give each an introduction.
func (g *schemaGen) enums() {
	enums := domain.Enums()
	for _, key := range sortedEnumKeys() {
		name := EnumName(key)
		intro := ""
		if o, ok := g.overlays.Get(name).(*Object); ok {
			intro, _ = o.Get("description").(string)
			o.Del("description")
		}
		g.schemas.Set(name, enumSchema(intro, enums[key]))
	}
}

// enumsResponse is the answer of GET /enums: every enumeration as a list of {code, label}.
func (g *schemaGen) enumsResponse() {
	props := &Object{}
	keys := sortedEnumKeys()
	required := make([]any, len(keys))
	for i, key := range keys {
		props.Set(key, Obj("type", "array", "items", ref("Option"),
			"description", "见 ["+EnumName(key)+"](#/components/schemas/"+EnumName(key)+")"))
		required[i] = key
	}
	g.schemas.Set("Enums", Obj("type", "object", "properties", props, "required", required))
}

// errorCodes makes the schemas of an error body's code (the contract's class) and reason (the exact
// refusal) from domain.AllErrors(), each with its status and message.
func (g *schemaGen) errorCodes() {
	var codes, reasons []any
	codeLines, reasonLines := []string{}, []string{}
	for _, e := range domain.AllErrors() {
		if !slices.Contains(codes, any(e.Code)) {
			codes = append(codes, e.Code)
			codeLines = append(codeLines, fmt.Sprintf("- `%s` %d", e.Code, e.Status))
		}
		if !slices.Contains(reasons, any(e.Reason)) {
			reasons = append(reasons, e.Reason)
			reasonLines = append(reasonLines, fmt.Sprintf("- `%s` %d `%s`：%s", e.Reason, e.Status, e.Code, e.Message))
		}
	}
	g.schemas.Set("ErrorCode", Obj("type", "string", "enum", codes,
		"description", "错误的类别（API.md 的错误表），客户端按它处理\n\n"+strings.Join(codeLines, "\n")))
	g.schemas.Set("ErrorReason", Obj("type", "string", "enum", reasons,
		"description", "具体哪一种拒绝：同一类别下的拒绝各有自己的原因\n\n"+strings.Join(reasonLines, "\n")))
}

// actionTable completes ActionRequest from domain.Transitions: the actions, the table, the fields each
// action requires (for each kind that has it), and the table itself as x-transitions.
func (g *schemaGen) actionTable() {
	s, ok := g.schemas.Get("ActionRequest").(*Object)
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
		rows = append(rows, Obj("kind", string(t.Kind), "action", t.Action, "label", domain.ActionLabel(t.Kind, t.Action),
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
	props := s.Obj("properties")
	props.Set("action", enumSchema("操作", opts))
	if v, ok := props.Get("version").(*Object); ok {
		v.Set("minimum", 1)
		v.Set("description", "案件当前的版本号（乐观锁）：与案件的 version 不一致时答 409 version_conflict")
	}
	s.Set("required", appendRequired(s.Get("required"), "action", "version"))

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
		b := Obj("title", a+" "+opts[i].Label, "description", strings.Join(lines, "\n"),
			"properties", Obj("action", Obj("const", a)))
		switch sets := required[a]; len(sets) {
		case 0:
		case 1:
			b.Set("required", anyList(sets[0]))
		default:
			alts := make([]any, len(sets))
			for j, r := range sets {
				alts[j] = Obj("required", anyList(r))
			}
			b.Set("anyOf", alts)
		}
		branches[i] = b
	}
	s.Set("oneOf", branches)
	s.Set("description", "案件操作。每个操作只读取下表中它的字段（必填 / 可选），其余字段忽略，"+
		"因此表单可以把已有的字段一起提交。状态不允许该操作时答 409 invalid_transition，版本号过期时答 409 version_conflict。"+
		"督办（supervise）只有领导和管理员可以进行。\n\n"+domain.DescribeTransitions())
	s.Set("x-transitions", rows)
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
func (g *schemaGen) component(name string, t reflect.Type, request bool) *Object {
	if prev, ok := g.types[name]; ok {
		if prev != t {
			g.fail("schema %s: both %v and %v", name, prev, t)
		}
		return ref(name)
	}
	g.types[name] = t
	g.schemas.Set(name, nil) // reserve the position; recursive types find the name taken
	g.schemas.Set(name, g.structSchema(t, request))
	return ref(name)
}

// componentName names a struct type by its name in the caller's list, else by its Go name.
func (g *schemaGen) componentName(t reflect.Type) string {
	for _, st := range g.named {
		if st.Type == t {
			return st.Name
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
func (g *schemaGen) structSchema(t reflect.Type, request bool) *Object {
	props := &Object{}
	var required []any
	for _, fl := range jsonFields(t) {
		ft := fl.f.Type
		var s *Object
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
		props.Set(fl.name, s)
	}
	s := Obj("type", "object", "properties", props)
	if len(required) > 0 {
		s.Set("required", required)
	}
	if request {
		s.Set("additionalProperties", false)
	}
	return s
}

var timeType = reflect.TypeFor[time.Time]()

// typeSchema renders a type; nullable says whether a nil pointer is written as null.
func (g *schemaGen) typeSchema(t reflect.Type, nullable bool) *Object {
	if t.Kind() == reflect.Pointer {
		s := g.typeSchema(t.Elem(), false)
		if nullable {
			return orNull(s)
		}
		return s
	}
	if t == timeType {
		return Obj("type", "string", "format", "date-time")
	}
	if t.Implements(reflect.TypeFor[json.Marshaler]()) {
		return g.marshalerSchema(t)
	}
	switch t.Kind() {
	case reflect.String:
		if t.PkgPath() != "" && t.Name() != "" && (g.schemas.Has(t.Name()) || g.overlays.Has(t.Name())) {
			return ref(t.Name()) // a named string type with an enumeration schema: Kind, Status, Warning, ...
		}
		return Obj("type", "string")
	case reflect.Bool:
		return Obj("type", "boolean")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return Obj("type", "integer")
	case reflect.Int64, reflect.Uint64:
		return Obj("type", "integer", "format", "int64")
	case reflect.Float32, reflect.Float64:
		return Obj("type", "number")
	case reflect.Slice, reflect.Array:
		// Answers never carry null lists (views replace nil by empty); the response tests hold them to it.
		return Obj("type", "array", "items", g.typeSchema(t.Elem(), false))
	case reflect.Map:
		return Obj("type", "object", "additionalProperties", g.typeSchema(t.Elem(), false))
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t, false)
		}
		return g.component(g.componentName(t), t, false)
	case reflect.Interface:
		return &Object{}
	}
	g.fail("openapi: no schema for Go type %v", t)
	return &Object{}
}

// marshalerSchema types a value that marshals itself by the JSON its zero value produces.
func (g *schemaGen) marshalerSchema(t reflect.Type) *Object {
	b, err := json.Marshal(reflect.Zero(t).Interface())
	if err != nil || len(b) == 0 {
		g.fail("openapi: cannot type %v: %v", t, err)
		return &Object{}
	}
	switch b[0] {
	case '"':
		return Obj("type", "string")
	case '{':
		return Obj("type", "object")
	case '[':
		return Obj("type", "array")
	case 't', 'f':
		return Obj("type", "boolean")
	}
	return Obj("type", "number")
}

// orNull allows null besides s.
func orNull(s *Object) *Object {
	if typ, ok := s.Get("type").(string); ok && !s.Has("enum") {
		s.Set("type", []any{typ, "null"})
		return s
	}
	return Obj("anyOf", []any{s, Obj("type", "null")})
}

// requestField renders one field of a request body from its Go type and `validate` tag, and says
// whether the field is required.
func (g *schemaGen) requestField(parent reflect.Type, fl field, ft reflect.Type) (*Object, bool) {
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
	var s *Object
	switch {
	case base == timeType:
		s = Obj("type", "string", "format", "date-time")
		if acceptsDate(parent, fl.name) {
			s = Obj("type", "string", "anyOf", []any{Obj("format", "date-time"), Obj("format", "date")})
		}
	case base.Kind() == reflect.Struct:
		s = g.component(g.componentName(base), base, true)
	case base.Kind() == reflect.Slice:
		elem := base.Elem()
		var items *Object
		if elem.Kind() == reflect.Struct {
			items = g.component(g.componentName(elem), elem, true)
		} else {
			items = g.typeSchema(elem, false)
			g.constrain(items, elem, elemTags, parent, fl.name+"[]")
		}
		s = Obj("type", "array", "items", items)
	default:
		s = g.typeSchema(base, false)
	}
	required := g.constrain(s, base, tags, parent, fl.name)
	if ft.Kind() == reflect.Pointer {
		s = orNull(s) // null leaves an optional field unset
	}
	if label := fl.f.Tag.Get("label"); label != "" && !s.Has("description") {
		s.Set("description", label)
	}
	return s, required
}

// constrain applies validate tags to a schema; it reports `required`.
func (g *schemaGen) constrain(s *Object, t reflect.Type, tags []string, parent reflect.Type, name string) bool {
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
			s.Set(text, n)
		case isList:
			s.Set(list, n)
		default:
			s.Set(number, n)
		}
	}
	for _, tag := range tags {
		key, param, _ := strings.Cut(tag, "=")
		switch key {
		case "", "omitempty", "singleline", "multiline":
			// omitempty: empty counts as not given; single/multi-line: control characters are refused
		case "required":
			required = true
			if isText && !s.Has("minLength") {
				s.Set("minLength", 1)
			}
			if isList && !s.Has("minItems") {
				s.Set("minItems", 1)
			}
		case "min":
			bound("minLength", "minItems", "minimum", param)
		case "max":
			bound("maxLength", "maxItems", "maximum", param)
		case "enum":
			schema := EnumName(param)
			if !g.schemas.Has(schema) {
				g.fail("%v.%s: enum=%s has no enumeration schema %s", parent, name, param, schema)
			}
			s.keys, s.vals = nil, nil
			s.Set("$ref", "#/components/schemas/"+schema)
		case "oneof":
			s.Set("enum", anyList(strings.Fields(param)))
		case "idnumber":
			s.Set("pattern", "^[0-9]{17}[0-9Xx]$")
			s.Set("minLength", 18)
			s.Set("maxLength", 18)
		case "phone":
			s.Set("pattern", `^\+?[0-9]([0-9-]*[0-9])?$`)
			s.Set("minLength", 7)
			s.Set("maxLength", 20)
		default:
			g.fail("%v.%s: validate tag %q is not rendered into the OpenAPI document (handlers/openapi/schema.go)", parent, name, tag)
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
func overlay(gen, hand *Object, name string) (*Object, error) {
	out := gen.clone()
	for _, k := range hand.keys {
		v := hand.Get(k)
		switch k {
		case "properties":
			props, _ := v.(*Object)
			genProps, _ := out.Get("properties").(*Object)
			if props == nil || genProps == nil {
				return nil, fmt.Errorf("schema %s: properties overlay on a schema without properties", name)
			}
			for _, p := range props.keys {
				if !genProps.Has(p) {
					return nil, fmt.Errorf("schema %s: base.yaml describes property %q, which the Go type does not have", name, p)
				}
				hp, _ := props.Get(p).(*Object)
				gp, _ := genProps.Get(p).(*Object)
				switch {
				case hp == nil || gp == nil:
					genProps.Set(p, props.Get(p))
				case hp.Has("$ref") && nullable(gp):
					// a hand-written reference keeps the null the Go type may write
					alt := Obj("$ref", hp.Get("$ref"))
					w := Obj("anyOf", []any{alt, Obj("type", "null")})
					for _, hk := range hp.keys {
						if hk != "$ref" {
							w.Set(hk, hp.Get(hk))
						}
					}
					genProps.Set(p, w)
				case hp.Has("$ref") || hp.Has("anyOf"):
					genProps.Set(p, hp)
				default:
					m := gp.clone()
					for _, hk := range hp.keys {
						m.Set(hk, hp.Get(hk))
					}
					genProps.Set(p, m)
				}
			}
		case "required":
			names, _ := v.([]any)
			ss := make([]string, 0, len(names))
			for _, n := range names {
				ss = append(ss, fmt.Sprint(n))
			}
			out.Set("required", appendRequired(out.Get("required"), ss...))
		default:
			out.Set(k, v)
		}
	}
	return out, nil
}

// nullable reports whether a generated property allows null.
func nullable(s *Object) bool {
	if t, ok := s.Get("type").([]any); ok {
		return slices.Contains(t, any("null"))
	}
	if alts, ok := s.Get("anyOf").([]any); ok {
		for _, a := range alts {
			if o, ok := a.(*Object); ok && o.Get("type") == "null" {
				return true
			}
		}
	}
	return false
}
