package openapi

import (
	"reflect"
	"strings"
	"testing"

	"pingan/domain"
)

func TestParseOrderedKeepsTheWrittenOrder(t *testing.T) {
	v, err := ParseOrdered([]byte("b: 1\na: {d: x, c: [1, 2]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := MarshalJSON(v, false)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"b":1,"a":{"d":"x","c":[1,2]}}` {
		t.Fatalf("got %s", got)
	}
}

func TestParseOrderedRefusesAKeyGivenTwice(t *testing.T) {
	if _, err := ParseOrdered([]byte("a: 1\na: 2\n")); err == nil || !strings.Contains(err.Error(), `"a" given twice`) {
		t.Fatalf("err = %v", err)
	}
}

func TestOverlayRefusesAPropertyTheGoTypeLacks(t *testing.T) {
	gen := Obj("type", "object", "properties", Obj("title", Obj("type", "string")))
	_, err := overlay(gen, Obj("properties", Obj("titel", Obj("description", "x"))), "Case")
	if err == nil || !strings.Contains(err.Error(), `"titel"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestEnumName(t *testing.T) {
	for key, want := range map[string]string{"categories": "Category", "statuses": "Status", "riskLevels": "RiskLevel",
		"disputeActions": "DisputeAction", "kind": "Kind"} {
		if got := EnumName(key); got != want {
			t.Errorf("EnumName(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestBuildNamesTheCallersTypes(t *testing.T) {
	type probe struct {
		Name string `json:"name"`
	}
	doc, err := Build([]SchemaType{{Name: "Probe", Type: reflect.TypeFor[probe]()},
		{Name: "ActionRequest", Type: reflect.TypeFor[domain.ActionInput](), Request: true}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := doc.Obj("components").Obj("schemas").Get("Probe").(*Object)
	if s == nil || s.Obj("properties").Get("name") == nil {
		t.Fatalf("schema Probe: %v", s)
	}
}
