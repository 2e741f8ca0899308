package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"pingan/domain"
)

// Limits on the shape of a JSON body, checked before it is decoded.
const (
	maxJSONDepth      = 16
	maxJSONArrayItems = 500
)

// bindJSON decodes the request body into dst strictly: valid UTF-8, no NUL characters, no `$`-prefixed
// keys (no operator injection), no key twice in one object, bounded depth and array sizes, no unknown
// fields, exactly one value.
// Anything else is a 400 that names what is wrong; dst is then unusable.
func bindJSON(c echo.Context, dst any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return domain.ErrBadRequest.WithMessage("请求体必须是 JSON（Content-Type: application/json）")
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err // the body limit middleware's error surfaces here as 413
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return domain.ErrBadRequest.WithMessage("请求体不能为空")
	}
	if !utf8.Valid(body) {
		return domain.ErrBadRequest.WithMessage("请求体不是合法的 UTF-8 编码")
	}
	if err := checkJSONShape(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return domain.ErrBadRequest.WithMessage("请求体只能包含一个 JSON 对象")
	}
	return nil
}

// checkJSONShape walks the tokens once, before decoding into a struct.
func checkJSONShape(body []byte) error {
	type frame struct {
		array   bool
		wantKey bool
		items   int
		keys    map[string]bool // folded as the decoder matches field names
	}
	var stack []*frame
	valueDone := func() { // a value finished inside the current container
		if len(stack) > 0 && !stack[len(stack)-1].array {
			stack[len(stack)-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return domain.ErrBadRequest.WithMessage("请求体不是合法的 JSON")
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			valueDone()
			continue
		}
		if top != nil && !top.array && top.wantKey {
			key, _ := tok.(string)
			if strings.HasPrefix(key, "$") {
				return domain.ErrBadRequest.WithMessage(fmt.Sprintf("字段名不能以 $ 开头：%s", key))
			}
			if strings.ContainsRune(key, 0) {
				return domain.ErrBadRequest.WithMessage("请求内容不能包含空字符（NUL）")
			}
			// the decoder would keep the last of two values silently, matching names case-insensitively
			if top.keys == nil {
				top.keys = map[string]bool{}
			}
			if folded := foldKey(key); top.keys[folded] {
				return domain.ErrBadRequest.WithMessage(fmt.Sprintf("字段重复：%s", key))
			} else {
				top.keys[folded] = true
			}
			top.wantKey = false
			continue
		}
		if top != nil && top.array {
			top.items++
			if top.items > maxJSONArrayItems {
				return domain.ErrBadRequest.WithMessage(fmt.Sprintf("数组元素不能超过 %d 个", maxJSONArrayItems))
			}
		}
		switch t := tok.(type) {
		case json.Delim: // '{' or '['
			stack = append(stack, &frame{array: t == '[', wantKey: t == '{'})
			if len(stack) > maxJSONDepth {
				return domain.ErrBadRequest.WithMessage("JSON 嵌套层级过深")
			}
		case string:
			if strings.ContainsRune(t, 0) {
				return domain.ErrBadRequest.WithMessage("请求内容不能包含空字符（NUL）")
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

// foldKey folds a key the way encoding/json matches field names (Unicode simple folding, as
// bytes.EqualFold): each rune becomes the smallest of its folding orbit.
func foldKey(key string) string {
	var b strings.Builder
	for _, r := range key {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		b.WriteRune(min)
	}
	return b.String()
}

// decodeError explains a decoding failure in Chinese, naming the field where possible.
func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		// the domain's strict decoders embed the input as "plain": its name is no field of the API
		field := strings.ReplaceAll(strings.TrimPrefix(te.Field, "plain."), ".plain.", ".")
		if field == "" {
			return domain.ErrBadRequest.WithMessage("请求体必须是 JSON 对象")
		}
		return domain.ErrBadRequest.WithMessage(fmt.Sprintf("字段 %s 的类型不正确", field))
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		return domain.ErrBadRequest.WithMessage("未知字段：" + strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		return domain.ErrBadRequest.WithMessage("请求体不是合法的 JSON")
	}
	if strings.Contains(err.Error(), "parsing time") {
		return domain.ErrBadRequest.WithMessage("时间格式不正确，应为 RFC 3339，例如 2026-01-02T15:04:05+08:00")
	}
	return domain.ErrBadRequest.WithMessage("请求体格式错误：" + err.Error())
}

// pageParams reads page and pageSize (1..max, default def).
func pageParams(c echo.Context, def, max int) (page, pageSize int, err error) {
	page, pageSize = 1, def
	if v := c.QueryParam("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 1000000 {
			return 0, 0, domain.ErrBadRequest.WithMessage("页码（page）应为正整数")
		}
	}
	if v := c.QueryParam("pageSize"); v != "" {
		if pageSize, err = strconv.Atoi(v); err != nil || pageSize < 1 || pageSize > max {
			return 0, 0, domain.ErrBadRequest.WithMessage("每页条数（pageSize）应为 1 到 " + strconv.Itoa(max) + " 之间的整数")
		}
	}
	return page, pageSize, nil
}

// queryReader reads a list's query parameters and keeps the first refusal, so a handler reads every
// parameter and then checks err once. One wording for every list: 「状态（status）的值「x」无效，可选：…」.
type queryReader struct {
	c       echo.Context
	regions *domain.RegionTree
	err     error
}

func (r *queryReader) refuse(msg string) {
	if r.err == nil {
		r.err = domain.ErrBadRequest.WithMessage(msg)
	}
}

// enum reads name, one of opts or empty.
func (r *queryReader) enum(name, label string, opts []domain.Option) string {
	v := strings.TrimSpace(r.c.QueryParam(name))
	if v != "" && !domain.IsValid(opts, v) {
		codes := make([]string, len(opts))
		for i, o := range opts {
			codes[i] = o.Code
		}
		r.refuse(fmt.Sprintf("%s（%s）的值「%s」无效，可选：%s", label, name, v, strings.Join(codes, "、")))
		return ""
	}
	return v
}

// bool reads name as true or false (empty: false).
func (r *queryReader) bool(name, label string) bool {
	v := r.c.QueryParam(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.refuse(label + "（" + name + "）只能是 true 或 false")
	}
	return b
}

// region reads name, a region code that must exist (or empty).
func (r *queryReader) region(name string) string {
	v := strings.TrimSpace(r.c.QueryParam(name))
	if _, ok := r.regions.Get(v); v != "" && !ok {
		r.refuse("区域代码（" + name + "）「" + v + "」不存在")
		return ""
	}
	return v
}

// text reads name as normalized text of at most max characters.
func (r *queryReader) text(name, label string, max int) string {
	v := domain.NormalizeText(r.c.QueryParam(name))
	if len([]rune(v)) > max {
		r.refuse(fmt.Sprintf("%s（%s）不能超过%d个字符", label, name, max))
	}
	return v
}
