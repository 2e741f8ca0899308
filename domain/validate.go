package domain

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// Validation runs go-playground/validator on structs tagged `validate:"..."` and answers in Chinese.
// Besides the built-in tags it knows:
//
//	enum=<name>  the value is a code of the named enumeration (enumsByTag: enum=category, enum=riskLevel, ...)
//	singleline   valid UTF-8 without control characters or line breaks
//	multiline    valid UTF-8 without control characters other than \n and \t
//	idnumber     an 18-character PRC resident ID number: 17 digits and a digit or X
//	phone        7–20 characters: an optional leading +, digits and -, starting and ending with a digit
//
// Each field names itself with a `label:"当事人姓名"` tag; the JSON path of the field (from the json tags)
// becomes FieldError.Field.

var validate = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	for tag, fn := range map[string]validator.Func{
		"enum":       func(fl validator.FieldLevel) bool { return IsValid(enumsByTag[fl.Param()], fl.Field().String()) },
		"singleline": func(fl validator.FieldLevel) bool { return cleanText(fl.Field().String(), false) },
		"multiline":  func(fl validator.FieldLevel) bool { return cleanText(fl.Field().String(), true) },
		"idnumber":   func(fl validator.FieldLevel) bool { return isIDNumber(fl.Field().String()) },
		"phone":      func(fl validator.FieldLevel) bool { return isPhone(fl.Field().String()) },
	} {
		if err := v.RegisterValidation(tag, fn); err != nil {
			panic(fmt.Sprintf("register validation %s: %v", tag, err))
		}
	}
	return v
})

// Validate checks a struct (or pointer to one) against its `validate` tags. It returns nil, or a 422
// *Error from Invalid naming every broken field by its JSON path with a Chinese message.
func Validate(v any) error {
	err := validate().Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return fmt.Errorf("validate %T: %w", v, err) // not a struct: a programming error
	}
	root := reflect.TypeOf(v)
	for root.Kind() == reflect.Pointer {
		root = root.Elem()
	}
	fields := make([]FieldError, 0, len(verrs))
	for _, fe := range verrs {
		path := fe.Namespace()
		if _, rest, ok := strings.Cut(path, "."); ok {
			path = rest
		}
		fields = append(fields, FieldError{Field: path, Message: fieldMessage(fe, labelOf(root, fe.StructNamespace(), fe.Field()))})
	}
	return Invalid(fields...)
}

// labels caches the label of a field by its root type and Go path without indices ("NewCaseInput.Parties.Name").
var labels sync.Map

// labelOf finds the `label` tag of the field a validator error points at; fallback is the JSON name.
func labelOf(root reflect.Type, structNS, fallback string) string {
	segs := strings.Split(structNS, ".")
	for i, s := range segs {
		if j := strings.IndexByte(s, '['); j >= 0 {
			segs[i] = s[:j]
		}
	}
	type key struct {
		t    reflect.Type
		path string
	}
	k := key{root, strings.Join(segs, ".")}
	if l, ok := labels.Load(k); ok {
		return l.(string)
	}
	label := fallback
	t := root
	for _, name := range segs[1:] {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			break
		}
		f, ok := t.FieldByName(name)
		if !ok {
			break
		}
		if l := f.Tag.Get("label"); l != "" {
			label = l
		}
		t = f.Type
	}
	labels.Store(k, label)
	return label
}

// fieldMessage renders one validator error in Chinese, naming the field by its label.
func fieldMessage(fe validator.FieldError, label string) string {
	p := fe.Param()
	kind := fe.Kind()
	isText := kind == reflect.String
	isList := kind == reflect.Slice || kind == reflect.Array || kind == reflect.Map
	switch fe.Tag() {
	case "required", "required_if", "required_unless", "required_with", "required_without":
		return label + "为必填字段"
	case "min", "gte":
		switch {
		case isText:
			return fmt.Sprintf("%s长度不能少于%s个字符", label, p)
		case isList:
			return fmt.Sprintf("%s至少需要%s项", label, p)
		}
		return fmt.Sprintf("%s不能小于%s", label, p)
	case "max", "lte":
		switch {
		case isText:
			return fmt.Sprintf("%s长度不能超过%s个字符", label, p)
		case isList:
			return fmt.Sprintf("%s最多%s项", label, p)
		}
		return fmt.Sprintf("%s不能大于%s", label, p)
	case "len":
		switch {
		case isText:
			return fmt.Sprintf("%s长度必须为%s个字符", label, p)
		case isList:
			return fmt.Sprintf("%s必须为%s项", label, p)
		}
		return fmt.Sprintf("%s必须等于%s", label, p)
	case "gt":
		return fmt.Sprintf("%s必须大于%s", label, p)
	case "lt":
		return fmt.Sprintf("%s必须小于%s", label, p)
	case "oneof":
		return fmt.Sprintf("%s必须是以下之一：%s", label, strings.Join(strings.Fields(p), "、"))
	case "enum":
		opts := enumsByTag[p]
		names := make([]string, len(opts))
		for i, o := range opts {
			names[i] = fmt.Sprintf("%s（%s）", o.Label, o.Code)
		}
		return fmt.Sprintf("%s必须是以下之一：%s", label, strings.Join(names, "、"))
	case "singleline":
		return label + "不能包含换行符或控制字符"
	case "multiline":
		return label + "不能包含控制字符"
	case "idnumber":
		return label + "格式不正确，应为18位：17位数字加1位数字或X"
	case "phone":
		return label + "格式不正确，应为7至20位数字，可含开头的+号和-"
	}
	return label + "格式不正确"
}

// cleanText reports whether s is valid UTF-8 free of control characters (C0, DEL, C1), Unicode line or
// paragraph separators and bidirectional overrides; multi-line text may contain \n and \t.
func cleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\t'):
		case r < 0x20, r >= 0x7f && r <= 0x9f:
			return false
		case r == 0x2028, r == 0x2029: // line and paragraph separators
			return false
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
			return false
		}
	}
	return true
}

// isIDNumber checks the format of an 18-character resident ID number (not its checksum: ledgers hold
// historical numbers that do not all pass it).
func isIDNumber(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s[17] >= '0' && s[17] <= '9' || s[17] == 'X'
}

// isPhone accepts mobile and landline numbers: "13812345678", "0915-3212345", "+86-13812345678".
func isPhone(s string) bool {
	if len(s) < 7 || len(s) > 20 {
		return false
	}
	body := strings.TrimPrefix(s, "+")
	if body == "" || !isDigit(body[0]) || !isDigit(body[len(body)-1]) {
		return false
	}
	for i := 0; i < len(body); i++ {
		if !isDigit(body[i]) && body[i] != '-' {
			return false
		}
	}
	return true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// TrimStrings normalises every string reachable from ptr through exported struct fields, non-nil pointers
// and slices (NormalizeText: NFC, no zero-width or bidi controls, \r\n as \n, trimmed), except fields
// tagged `text:"raw"` (passwords). Call it on decoded input before Validate so that "  " counts as missing.
func TrimStrings(ptr any) {
	trimValue(reflect.ValueOf(ptr))
}

func trimValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			trimValue(v.Elem())
		}
	case reflect.Struct:
		for _, i := range textFields(v.Type()) {
			if f := v.Field(i); f.CanSet() {
				trimValue(f)
			}
		}
	case reflect.Slice, reflect.Array:
		if !mayHoldText(v.Type().Elem()) {
			return
		}
		for i := 0; i < v.Len(); i++ {
			trimValue(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			if s := v.String(); s != "" {
				if n := NormalizeText(s); n != s {
					v.SetString(n)
				}
			}
		}
	}
}

// textFieldsOf caches, per struct type, the fields TrimStrings visits: exported, not `text:"raw"`, and of a
// type that may hold a string (times, numbers and flags are skipped without looking).
var textFieldsOf sync.Map // reflect.Type → []int

func textFields(t reflect.Type) []int {
	if f, ok := textFieldsOf.Load(t); ok {
		return f.([]int)
	}
	var out []int
	for i := range t.NumField() {
		if sf := t.Field(i); sf.IsExported() && sf.Tag.Get("text") != "raw" && mayHoldText(sf.Type) {
			out = append(out, i)
		}
	}
	textFieldsOf.Store(t, out)
	return out
}

// mayHoldText reports whether a value of type t can reach a string through fields, pointers, slices,
// arrays or interfaces.
func mayHoldText(t reflect.Type) bool {
	if h, ok := holdsTextOf.Load(t); ok {
		return h.(bool)
	}
	h := holdsText(t, map[reflect.Type]bool{})
	holdsTextOf.Store(t, h)
	return h
}

var holdsTextOf sync.Map // reflect.Type → bool

func holdsText(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // a cycle: whatever it holds is found on the way in
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsText(t.Elem(), seen)
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return false
		}
		for i := range t.NumField() {
			if sf := t.Field(i); sf.IsExported() && holdsText(sf.Type, seen) {
				return true
			}
		}
	}
	return false
}
