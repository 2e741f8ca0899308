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

// An admin manages the users of its own region, gives only regions inside it, manages no admin at or above
// its level, and cannot change its own role or region.
func TestAdminManagesOnlyUsersBelow(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	const city, hanyin, town, otherCounty, otherTown = "6109", "610921", "610921102", "610902", "610902100"
	user := func(id string, role Role, region string) *User {
		return &User{ID: id, Username: id, Role: role, RegionCode: region}
	}
	cityAdmin := user("admin", RoleAdmin, city)
	countyAdmin := user("hy-admin", RoleAdmin, hanyin)
	peer := user("hy-admin2", RoleAdmin, hanyin)
	townAdmin := user("town-admin", RoleAdmin, town)
	med := user("med", RoleMediator, town)
	farMed := user("far", RoleMediator, otherTown)
	str := func(s string) *string { return &s }
	no := false
	invalid := Invalid()

	manage := []struct {
		admin, u *User
		want     error
	}{
		{cityAdmin, farMed, nil},
		{cityAdmin, countyAdmin, nil},
		{cityAdmin, cityAdmin, nil},
		{countyAdmin, med, nil},
		{countyAdmin, townAdmin, nil},
		{countyAdmin, countyAdmin, nil},
		{countyAdmin, farMed, ErrUserNotFound},
		{countyAdmin, cityAdmin, ErrUserNotFound},
		{countyAdmin, peer, ErrAdminNotBelow},
		{townAdmin, countyAdmin, ErrUserNotFound},
	}
	for _, c := range manage {
		if err := CanManageUser(tree, c.admin, c.u); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s manages %s: %v, want %v", c.admin.ID, c.u.ID, err, c.want)
		}
	}

	create := []struct {
		admin  *User
		role   Role
		region string
		want   error
	}{
		{cityAdmin, RoleAdmin, hanyin, nil},
		{cityAdmin, RoleAdmin, city, ErrAdminNotBelow},
		{countyAdmin, RoleMediator, town, nil},
		{countyAdmin, RoleLeader, hanyin, nil},
		{countyAdmin, RoleAdmin, town, nil},
		{countyAdmin, RoleAdmin, hanyin, ErrAdminNotBelow},
		{countyAdmin, RoleAdmin, city, ErrOutOfRegion},
		{countyAdmin, RoleMediator, otherTown, ErrOutOfRegion},
		{countyAdmin, RoleLeader, city, ErrOutOfRegion},
	}
	for _, c := range create {
		if err := CanCreateUser(tree, c.admin, c.role, c.region); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s creates %s@%s: %v, want %v", c.admin.ID, c.role, c.region, err, c.want)
		}
	}

	patch := []struct {
		name     string
		admin, u *User
		p        UserPatch
		want     error
		field    string
	}{
		{"rename own mediator", countyAdmin, med, UserPatch{Name: str("新名")}, nil, ""},
		{"move own mediator inside", countyAdmin, med, UserPatch{RegionCode: str(hanyin)}, nil, ""},
		{"move own mediator out", countyAdmin, med, UserPatch{RegionCode: str(otherTown)}, ErrOutOfRegion, ""},
		{"promote own mediator to a township admin", countyAdmin, med, UserPatch{Role: str("admin")}, nil, ""},
		{"promote and lift to the county", countyAdmin, med, UserPatch{Role: str("admin"), RegionCode: str(hanyin)}, ErrAdminNotBelow, ""},
		{"lift a township admin to the county", countyAdmin, townAdmin, UserPatch{RegionCode: str(hanyin)}, ErrAdminNotBelow, ""},
		{"reset the city admin's password", countyAdmin, cityAdmin, UserPatch{Password: str("Taken-over-1")}, ErrUserNotFound, ""},
		{"reset a peer's password", countyAdmin, peer, UserPatch{Password: str("Taken-over-1")}, ErrAdminNotBelow, ""},
		{"widen own region", countyAdmin, countyAdmin, UserPatch{RegionCode: str(city)}, ErrOutOfRegion, ""},
		{"narrow own region", countyAdmin, countyAdmin, UserPatch{RegionCode: str(town)}, invalid, "regionCode"},
		{"change own role", countyAdmin, countyAdmin, UserPatch{Role: str("leader")}, invalid, "role"},
		{"deactivate oneself", countyAdmin, countyAdmin, UserPatch{Active: &no}, invalid, "active"},
		{"own name and password", countyAdmin, countyAdmin, UserPatch{Name: str("县管理员"), Password: str("New-pass-2026")}, nil, ""},
		{"own role, unchanged", countyAdmin, countyAdmin, UserPatch{Role: str("admin"), RegionCode: str(hanyin)}, nil, ""},
		{"unknown region is ApplyTo's", countyAdmin, med, UserPatch{RegionCode: str("999999")}, nil, ""},
	}
	for _, c := range patch {
		err := CanPatchUser(tree, c.admin, c.u, c.p)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		if fields, _ := validationFields(err); c.field != "" && !hasField(fields, c.field) {
			t.Errorf("%s: fields %v, want %s", c.name, fields, c.field)
		}
	}
}

// An audit entry is seen by the admins of a region it names; one without a region by city admins only.
func TestSeesAuditEntry(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	city := &User{RegionCode: "6109"}
	county := &User{RegionCode: "610921"}
	cases := []struct {
		admin   *User
		regions []string
		want    bool
	}{
		{city, nil, true},
		{county, nil, false},
		{county, []string{"610921102"}, true},
		{county, []string{"6109", "610921102"}, true},
		{county, []string{"6109"}, false},
		{county, []string{"610902100"}, false},
		{city, []string{"610902100"}, true},
	}
	for _, c := range cases {
		if got := SeesAuditEntry(tree, c.admin, c.regions); got != c.want {
			t.Errorf("%s sees an entry of %v: %v, want %v", c.admin.RegionCode, c.regions, got, c.want)
		}
	}
}

// A deactivation ends the sessions up to its second; a reactivation or another change ends none.
func TestDeactivationEndsSessionsForGood(t *testing.T) {
	tree, err := NewRegionTree(AnkangRegions())
	if err != nil {
		t.Fatal(err)
	}
	hash := func(s string) (string, error) { return "h:" + s, nil }
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, Shanghai)
	u, err := NewUser(NewUserInput{Username: "u1", Password: "Passw0rd-1", Name: "甲", Role: "mediator", RegionCode: "610921102"}, tree, hash, t0)
	if err != nil {
		t.Fatal(err)
	}
	before := t0.Add(time.Minute)
	off, on := false, true
	if err := (UserPatch{Active: &off}).ApplyTo(u, tree, hash, t0.Add(2*time.Minute+300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := (UserPatch{Active: &on}).ApplyTo(u, tree, hash, t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	name := "乙"
	if err := (UserPatch{Name: &name, Active: &on}).ApplyTo(u, tree, hash, t0.Add(4*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for iat, want := range map[time.Time]error{
		before:                      ErrSessionEnded,
		t0.Add(2 * time.Minute):     ErrSessionEnded, // the second of the deactivation
		t0.Add(3 * time.Minute):     nil,
		t0.Add(4*time.Minute + 1e9): nil,
		t0.Add(-time.Minute):        ErrPasswordChanged,
	} {
		if err := u.TokenStillValid(iat); !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Errorf("a token issued at %v: %v, want %v", iat.Format(time.TimeOnly), err, want)
		}
	}
}

func TestCheckTokenLifetime(t *testing.T) {
	iat := time.Date(2026, 3, 1, 9, 0, 0, 0, Shanghai)
	at := func(d time.Duration) *time.Time { x := iat.Add(d); return &x }
	for _, c := range []struct {
		name     string
		iat, exp *time.Time
		ok       bool
	}{
		{"eight hours", &iat, at(TokenTTL), true},
		{"one hour", &iat, at(time.Hour), true},
		{"eight hours and a second", &iat, at(TokenTTL + time.Second), false},
		{"a century", &iat, at(100 * 365 * 24 * time.Hour), false},
		{"no issue time", nil, at(time.Hour), false},
		{"no expiry", &iat, nil, false},
	} {
		if err := CheckTokenLifetime(c.iat, c.exp); (err == nil) != c.ok || err != nil && !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
