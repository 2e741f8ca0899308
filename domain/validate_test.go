package domain

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

type vParty struct {
	Name     string `json:"name" validate:"required,max=5,singleline" label:"当事人姓名"`
	IDNumber string `json:"idNumber" validate:"omitempty,idnumber" label:"身份证号"`
	Phone    string `json:"phone,omitempty" validate:"omitempty,phone" label:"联系电话"`
}

type vSession struct {
	At     time.Time `json:"at" validate:"required" label:"调解时间"`
	Record string    `json:"record" validate:"required,max=10,multiline" label:"调解记录"`
}

type vInput struct {
	Title     string     `json:"title" validate:"required,max=3" label:"标题"`
	Code      string     `json:"code" validate:"omitempty,len=4" label:"代码"`
	Risk      string     `json:"riskLevel" validate:"omitempty,oneof=red orange yellow blue" label:"风险等级"`
	Category  string     `json:"category" validate:"required,enum=category" label:"纠纷类型"`
	Days      int        `json:"days" validate:"gte=1,lte=30" label:"延长天数"`
	Mediators []string   `json:"mediators" validate:"min=1,max=2,dive,required,max=3" label:"调解员"`
	Parties   []vParty   `json:"parties" validate:"min=1,dive" label:"当事人"`
	Session   *vSession  `json:"session" label:"调解记录"`
	Untagged  string     `json:"untagged" validate:"required"`
	When      *time.Time `json:"when,omitempty"`
}

func validInput() vInput {
	return vInput{Title: "标题", Category: "neighbor", Days: 5, Mediators: []string{"张三"}, Parties: []vParty{{Name: "李四"}}, Untagged: "x"}
}

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var de *Error
	if !errors.As(err, &de) {
		t.Fatalf("want *Error, got %v", err)
	}
	if de.Status != http.StatusUnprocessableEntity || de.Code != "validation_failed" {
		t.Fatalf("want 422 validation_failed, got %d %s", de.Status, de.Code)
	}
	out := map[string]string{}
	for _, f := range de.Fields {
		out[f.Field] = f.Message
	}
	return out
}

func TestValidateAcceptsValidInput(t *testing.T) {
	in := validInput()
	if err := Validate(in); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	if err := Validate(&in); err != nil {
		t.Fatalf("valid input by pointer: %v", err)
	}
}

func TestValidateMessages(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*vInput)
		field   string
		message string
	}{
		{"required", func(in *vInput) { in.Title = "" }, "title", "标题为必填字段"},
		{"max counts runes", func(in *vInput) { in.Title = "一二三四" }, "title", "标题长度不能超过3个字符"},
		{"len", func(in *vInput) { in.Code = "12345" }, "code", "代码长度必须为4个字符"},
		{"oneof", func(in *vInput) { in.Risk = "green" }, "riskLevel", "风险等级必须是以下之一：red、orange、yellow、blue"},
		{"enum lists labels", func(in *vInput) { in.Category = "war" }, "category", "纠纷类型必须是以下之一：婚姻家庭（marriage_family）、邻里（neighbor）"},
		{"gte", func(in *vInput) { in.Days = 0 }, "days", "延长天数不能小于1"},
		{"lte", func(in *vInput) { in.Days = 31 }, "days", "延长天数不能大于30"},
		{"slice min", func(in *vInput) { in.Mediators = []string{} }, "mediators", "调解员至少需要1项"},
		{"slice max", func(in *vInput) { in.Mediators = []string{"a", "b", "c"} }, "mediators", "调解员最多2项"},
		{"dive element", func(in *vInput) { in.Mediators = []string{"a", "一二三四"} }, "mediators[1]", "调解员长度不能超过3个字符"},
		{"dive required element", func(in *vInput) { in.Mediators = []string{""} }, "mediators[0]", "调解员为必填字段"},
		{"nested slice of structs", func(in *vInput) { in.Parties = []vParty{{Name: "甲"}, {}} }, "parties[1].name", "当事人姓名为必填字段"},
		{"idnumber", func(in *vInput) { in.Parties[0].IDNumber = "61090219900101123" }, "parties[0].idNumber", "身份证号格式不正确，应为18位：17位数字加1位数字或X"},
		{"phone", func(in *vInput) { in.Parties[0].Phone = "1381234abcd" }, "parties[0].phone", "联系电话格式不正确，应为7至20位数字，可含开头的+号和-"},
		{"singleline rejects newline", func(in *vInput) { in.Parties[0].Name = "甲\n乙" }, "parties[0].name", "当事人姓名不能包含换行符或控制字符"},
		{"nested pointer", func(in *vInput) { in.Session = &vSession{At: time.Now()} }, "session.record", "调解记录为必填字段"},
		{"nested time required", func(in *vInput) { in.Session = &vSession{Record: "r"} }, "session.at", "调解时间为必填字段"},
		{"multiline rejects NUL", func(in *vInput) { in.Session = &vSession{At: time.Now(), Record: "a\x00b"} }, "session.record", "调解记录不能包含控制字符"},
		{"no label falls back to json name", func(in *vInput) { in.Untagged = "" }, "untagged", "untagged为必填字段"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validInput()
			in.Parties = append([]vParty(nil), in.Parties...)
			tt.mutate(&in)
			fields := fieldsOf(t, Validate(in))
			msg, ok := fields[tt.field]
			if !ok {
				t.Fatalf("no error for %s; got %v", tt.field, fields)
			}
			if !strings.HasPrefix(msg, tt.message) {
				t.Errorf("%s: got %q, want prefix %q", tt.field, msg, tt.message)
			}
			if len(fields) != 1 {
				t.Errorf("want exactly one broken field, got %v", fields)
			}
		})
	}
}

func TestValidateReportsEveryBrokenField(t *testing.T) {
	fields := fieldsOf(t, Validate(vInput{Days: 3, Mediators: []string{"a"}, Parties: []vParty{{Name: "a"}}}))
	for _, f := range []string{"title", "category", "untagged"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("missing %s in %v", f, fields)
		}
	}
}

func TestValidateNonStructIsAnError(t *testing.T) {
	err := Validate(42)
	if err == nil {
		t.Fatal("want error for a non-struct")
	}
	var de *Error
	if errors.As(err, &de) {
		t.Fatalf("a programming error must not look like a 422: %v", err)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		s         string
		multiline bool
		ok        bool
	}{
		{"普通文本 with ascii", false, true},
		{"line1\nline2\ttab", true, true},
		{"line1\nline2", false, false},
		{"tab\there", false, false},
		{"nul\x00", true, false},
		{"bell\a", true, false},
		{"cr\r", true, false},
		{"del\x7f", true, false},
		{"c1\u0085", true, false},
		{"sep\u2028", true, false},
		{"rlo\u202e", true, false},
		{"bad utf8 \xff", true, false},
		{"", false, true},
	}
	for _, tt := range tests {
		if got := cleanText(tt.s, tt.multiline); got != tt.ok {
			t.Errorf("cleanText(%q, %v) = %v, want %v", tt.s, tt.multiline, got, tt.ok)
		}
	}
}

func TestIDNumberAndPhoneFormats(t *testing.T) {
	ids := map[string]bool{
		"610902199001011234":  true,
		"61090219900101123X":  true,
		"61090219900101123x":  false, // NewCase upper-cases before validating
		"6109021990010112345": false,
		"61090219900101123":   false,
		"61090219900101123Y":  false,
		"6109021990010112A4":  false,
	}
	for s, want := range ids {
		if got := isIDNumber(s); got != want {
			t.Errorf("isIDNumber(%q) = %v, want %v", s, got, want)
		}
	}
	phones := map[string]bool{
		"13812345678":           true,
		"0915-3212345":          true,
		"+86-13812345678":       true,
		"3212345":               true,
		"321234":                false,
		"123456789012345678901": false,
		"-13812345678":          false,
		"13812345678-":          false,
		"+":                     false,
		"138 1234 5678":         false,
		"1381234567８":           false,
	}
	for s, want := range phones {
		if got := isPhone(s); got != want {
			t.Errorf("isPhone(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTrimStrings(t *testing.T) {
	in := &vInput{
		Title:     "  标题\u3000",
		Mediators: []string{" 张三 ", "\t李四\n"},
		Parties:   []vParty{{Name: " 王五 "}},
		Session:   &vSession{Record: " a\r\nb "},
	}
	TrimStrings(in)
	want := &vInput{Title: "标题", Mediators: []string{"张三", "李四"}, Parties: []vParty{{Name: "王五"}}, Session: &vSession{Record: "a\nb"}}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("got %+v, want %+v", in, want)
	}
}

func TestEnumTagsNameKnownEnumerations(t *testing.T) {
	for name, opts := range enumsByTag {
		if len(opts) == 0 {
			t.Errorf("enum %s is empty", name)
		}
	}
}

// Text is stored in one form: NFC, without zero-width characters or bidi controls, trimmed; passwords
// (text:"raw") are left as typed.
func TestNormalizeText(t *testing.T) {
	for in, want := range map[string]string{
		"张\u200b三":                   "张三",
		"\ufeff王五\u200d":             "王五",
		"李\u202e四\u202c":             "李四",
		"\u2066赵六\u2069\u200e\u200f": "赵六",
		"Jose\u0301":                 "José",
		" 标题\u3000":                  "标题",
		"a\r\nb":                     "a\nb",
		"bad \xff":                   "bad \xff", // left for validation to refuse
	} {
		if got := NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
	type withPassword struct {
		Name     string
		Password string `text:"raw"`
	}
	in := withPassword{Name: " 张\u200b三 ", Password: " pass\u200bword "}
	TrimStrings(&in)
	if in.Name != "张三" || in.Password != " pass\u200bword " {
		t.Errorf("TrimStrings: %+q", in)
	}
}
