package domain

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestNewUserReportsEveryBrokenFieldAtOnce(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	hash := func(s string) (string, error) { return "h:" + s, nil }
	_, err = NewUser(NewUserInput{Username: "x1", Password: "short", Name: "", Role: "king", RegionCode: "999"}, tree, hash, time.Now())
	var e *Error
	if !errors.As(err, &e) || e.Status != 422 {
		t.Fatalf("want a 422, got %v", err)
	}
	var names []string
	for _, f := range e.Fields {
		names = append(names, f.Field)
	}
	for _, want := range []string{"password", "name", "role", "regionCode"} {
		if !slices.Contains(names, want) {
			t.Errorf("fields %v do not name %s", names, want)
		}
	}
}

func TestPasswordRules(t *testing.T) {
	cases := []struct {
		pw, user string
		ok       bool
	}{
		{"longenough", "x1", true},
		{"12345678", "x1", true},
		{"安全密码安全密码", "x1", true},
		{"short1!", "x1", false},
		{"Mediator01", "mediator01", false},
		{string(make([]byte, 73)), "x1", false},
	}
	for _, c := range cases {
		if got := PasswordProblem(c.pw, c.user) == ""; got != c.ok {
			t.Errorf("password %q for %q: acceptable %v, want %v", c.pw, c.user, got, c.ok)
		}
	}
}
