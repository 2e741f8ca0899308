package domain

import "testing"

func TestMaskIDNumber(t *testing.T) {
	tests := map[string]string{
		"610902199001011234": "6109**********1234",
		"61090219900101123X": "6109**********123X",
		"610902900101123":    "6109*******1123", // 15-digit first-generation number
		"123456789":          "1234*6789",
		"12345678":           "******78",
		"123":                "*23",
		"12":                 "**",
		"1":                  "*",
		"":                   "",
	}
	for in, want := range tests {
		if got := MaskIDNumber(in); got != want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := map[string]string{
		"13812345678":     "138****5678",
		"0915-3212345":    "091*****2345",
		"+86-13812345678": "+86********5678",
		"3212345":         "*****45",
		"1381234567":      "********67",
		"12":              "**",
		"":                "",
	}
	for in, want := range tests {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskPartiesCopies(t *testing.T) {
	parties := []Party{{Name: "张三", Role: "applicant", IDNumber: "610902199001011234", Phone: "13812345678", Address: "东关村"}, {Name: "李四"}}
	got := MaskParties(parties)
	want := Party{Name: "张三", Role: "applicant", IDNumber: "6109**********1234", Phone: "138****5678", Address: "东关村"}
	if got[0] != want || got[1] != parties[1] {
		t.Errorf("got %+v", got)
	}
	if parties[0].IDNumber != "610902199001011234" || parties[0].Phone != "13812345678" {
		t.Error("MaskParties changed its input")
	}
	if MaskParties(nil) != nil {
		t.Error("nil in, nil out")
	}
}
