package domain

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Shared fixtures of this package's tests: the Ankang tree and one user per role.
const (
	townA   = "610902001" // 老城街道, 汉滨区
	townB   = "610902002" // 新城街道, 汉滨区
	townC   = "610921100" // 城关镇, 汉阴县
	countyH = "610902"    // 汉滨区
	city    = "6109"
)

var (
	testRegions = func() *RegionTree {
		t, err := NewRegionTree(AnkangRegions())
		if err != nil {
			panic(err)
		}
		return t
	}()
	testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, Shanghai)

	mediatorA = &User{ID: "med-a", Name: "调解员甲", Role: RoleMediator, RegionCode: townA}
	mediatorB = &User{ID: "med-b", Name: "调解员乙", Role: RoleMediator, RegionCode: townB}
	// petitionH is the county petition office of 汉滨区: the assigning office (交办单位) of the petitions it
	// registers, e.g. caseIn's. petitionA and petitionB are township petition staff: the units those cases
	// are assigned to (承办单位). petitionCity is the city office.
	petitionH    = &User{ID: "pet-h", Name: "信访干部", Role: RolePetition, RegionCode: countyH}
	petitionA    = &User{ID: "pet-a", Name: "老城信访专干", Role: RolePetition, RegionCode: townA}
	petitionB    = &User{ID: "pet-b", Name: "新城信访专干", Role: RolePetition, RegionCode: townB}
	petitionCity = &User{ID: "pet-c", Name: "市信访局", Role: RolePetition, RegionCode: city}
	leaderC      = &User{ID: "lead", Name: "领导", Role: RoleLeader, RegionCode: city}
	adminC       = &User{ID: "admin", Name: "管理员", Role: RoleAdmin, RegionCode: city}
)

func disputeInput() NewCaseInput {
	return NewCaseInput{
		Kind:         KindDispute,
		Title:        "邻里宅基地边界纠纷",
		Summary:      "两户因院墙位置发生争执。\n已现场查看。",
		Category:     "neighbor",
		TownshipCode: townA,
		Village:      "东关村",
		Parties: []PartyInput{
			{Name: "张三", Role: "applicant", IDNumber: "610902199001011234", Phone: "13812345678"},
			{Name: "李四", Role: "respondent"},
		},
		Dispute: &DisputeInput{Source: "application"},
	}
}

func petitionInput() NewCaseInput {
	due := testNow.AddDate(0, 0, 45)
	return NewCaseInput{
		Kind:         KindPetition,
		Title:        "征地补偿信访积案",
		Category:     "land_requisition",
		TownshipCode: townB,
		RiskLevel:    "orange",
		Parties:      []PartyInput{{Name: "王五", Role: "petitioner"}},
		Petition:     &PetitionInput{AssignedBy: "municipal", Batch: "2026-1", DueAt: &due},
	}
}

// wantCode fails unless err is the refusal target (its reason), and returns it for its message and fields.
func wantCode(t *testing.T, err error, target *Error) *Error {
	t.Helper()
	var e *Error
	if !errors.Is(err, target) || !errors.As(err, &e) {
		t.Fatalf("want %s (%d), got %v", target.Code, target.Status, err)
	}
	return e
}

func TestNewDisputeCase(t *testing.T) {
	c, err := NewCase(disputeInput(), mediatorA, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "" || c.CaseNo != "" {
		t.Errorf("the store numbers cases; got ID %q CaseNo %q", c.ID, c.CaseNo)
	}
	if c.Kind != KindDispute || c.Status != StatusRegistered || c.Version != 1 {
		t.Errorf("got kind %s status %s version %d", c.Kind, c.Status, c.Version)
	}
	if c.CountyCode != countyH || c.RiskLevel != "blue" {
		t.Errorf("county %s risk %s", c.CountyCode, c.RiskLevel)
	}
	if !c.RegisteredAt.Equal(testNow) || !c.CreatedAt.Equal(testNow) || !c.UpdatedAt.Equal(testNow) {
		t.Errorf("times: registered %v created %v updated %v", c.RegisteredAt, c.CreatedAt, c.UpdatedAt)
	}
	if c.CreatedBy != mediatorA.Actor() {
		t.Errorf("createdBy %+v", c.CreatedBy)
	}
	if c.Dispute == nil || c.Dispute.Source != "application" || c.Petition != nil {
		t.Errorf("dispute %+v petition %+v", c.Dispute, c.Petition)
	}
	if len(c.Parties) != 2 || c.Parties[0].IDNumber != "610902199001011234" || c.Parties[0].Phone != "13812345678" {
		t.Errorf("parties %+v", c.Parties)
	}
	want := []TimelineEntry{{At: testNow, RecordedAt: testNow, Actor: mediatorA.Actor(), Action: "register", From: "", To: StatusRegistered}}
	if !reflect.DeepEqual(c.Timeline, want) {
		t.Errorf("timeline %+v, want %+v", c.Timeline, want)
	}
	if c.AcceptedAt != nil || c.DueAt != nil || c.ClosedAt != nil {
		t.Error("a registered dispute has no accept, due or close time")
	}
}

// A backlog case is registered by its 交办: registered when assigned, due when the office says (else 60 days
// on), assigned by the registering office's region, classified as petitions are.
func TestNewPetitionCase(t *testing.T) {
	in := petitionInput()
	assigned := testNow.AddDate(0, 0, -3)
	in.Petition.AssignedAt = &assigned
	in.RegisteredAt = ptr(testNow.AddDate(0, 0, -1)) // the 交办 date wins
	c, err := NewCase(in, petitionH, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	due := *in.Petition.DueAt
	if c.Status != StatusReceived || c.RiskLevel != "orange" || c.Dispute != nil || c.Petition == nil {
		t.Fatalf("got %+v", c)
	}
	p := c.Petition
	if p.AssignedBy != "municipal" || p.Batch != "2026-1" || !p.DueAt.Equal(due) || !p.AssignedAt.Equal(assigned) || p.AssignerRegion != countyH {
		t.Errorf("petition %+v", p)
	}
	if !c.RegisteredAt.Equal(assigned) || CaseYear(c.RegisteredAt) != 2026 || !c.CreatedAt.Equal(testNow) || c.DueAt == nil || !c.DueAt.Equal(due) || c.AcceptedAt != nil {
		t.Errorf("registered %v created %v due %v accepted %v", c.RegisteredAt, c.CreatedAt, c.DueAt, c.AcceptedAt)
	}
	want := []TimelineEntry{{At: assigned, RecordedAt: testNow, Actor: petitionH.Actor(), Action: "register", To: StatusReceived, DueAt: &due}}
	if !reflect.DeepEqual(c.Timeline, want) {
		t.Errorf("timeline %+v, want %+v", c.Timeline, want)
	}
	if c.Category != "natural_resources" || c.CountyCode != countyH || c.PeopleInvolved != 0 {
		t.Errorf("category %q (land_requisition converts) county %s people %d", c.Category, c.CountyCode, c.PeopleInvolved)
	}
	if c.Petition.DueAt == c.DueAt {
		t.Error("the office's deadline and the running one share a pointer")
	}

	// Without dates: assigned now, due 60 days on.
	in = petitionInput()
	in.Petition.DueAt = nil
	in.Category = "labor_social_security"
	c, err = NewCase(in, petitionCity, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !c.RegisteredAt.Equal(testNow) || !c.Petition.AssignedAt.Equal(testNow) || !c.DueAt.Equal(testNow.AddDate(0, 0, PetitionTermDays)) ||
		!c.Timeline[0].DueAt.Equal(*c.DueAt) || c.Petition.AssignerRegion != city || c.Category != "labor_social_security" {
		t.Errorf("registered %v assigned %v due %v assigner %q category %q", c.RegisteredAt, c.Petition.AssignedAt, c.DueAt, c.Petition.AssignerRegion, c.Category)
	}

	// A registration date without a 交办 date is the 交办.
	in = petitionInput()
	in.Petition.DueAt = nil
	reg := testNow.AddDate(0, -2, 0)
	in.RegisteredAt = &reg
	c, err = NewCase(in, adminC, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Petition.AssignedAt.Equal(reg) || !c.DueAt.Equal(reg.AddDate(0, 0, PetitionTermDays)) || c.Petition.AssignerRegion != city {
		t.Errorf("assigned %v due %v assigner %q", c.Petition.AssignedAt, c.DueAt, c.Petition.AssignerRegion)
	}
}

// A backlog case is assigned by a city or county office and signed for by a township. A township that enters
// the 交办单 it received records the case as assigned by its county's office, which then reviews its clearance:
// no township signs off its own cases.
func TestTownshipEntryIsAssignedByItsCounty(t *testing.T) {
	in := petitionInput()
	in.TownshipCode = townA
	c, err := NewCase(in, petitionA, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.Petition.AssignerRegion != "610902" {
		t.Errorf("assigner %q, want the county 610902", c.Petition.AssignerRegion)
	}
	// the checks before still answer first: a broken form, then the region
	in.Title = ""
	_, err = NewCase(in, petitionA, testRegions, testNow)
	fieldsOf(t, err)
	in = petitionInput()
	_, err = NewCase(in, petitionA, testRegions, testNow) // townB
	wantCode(t, err, ErrOutOfRegion)

	townAdmin := &User{ID: "adm-a", Name: "街道管理员", Role: RoleAdmin, RegionCode: townA}
	in.TownshipCode = townA
	c, err = NewCase(in, townAdmin, testRegions, testNow)
	if err != nil || c.Petition.AssignerRegion != "610902" {
		t.Fatalf("a township admin registers for its county's office: %v", err)
	}
	if got := AssignerRegionOf(petitionH, testRegions); got != petitionH.RegionCode {
		t.Errorf("a county office assigns as itself, got %q", got)
	}
}

func TestNewCaseRoles(t *testing.T) {
	tests := []struct {
		user *User
		kind Kind
		ok   bool
	}{
		{mediatorA, KindDispute, true},
		{mediatorA, KindPetition, false},
		{petitionH, KindDispute, false},
		{petitionH, KindPetition, true},
		{petitionCity, KindPetition, true},
		{petitionA, KindPetition, true}, // entered for its county's office (TestTownshipEntryIsAssignedByItsCounty)
		{petitionA, KindDispute, false},
		{adminC, KindDispute, true},
		{adminC, KindPetition, true},
		{leaderC, KindDispute, false},
		{leaderC, KindPetition, false},
		{leaderC, "bogus", false},
	}
	for _, tt := range tests {
		in := disputeInput()
		if tt.kind == KindPetition {
			in = petitionInput()
			in.TownshipCode = townA
		}
		in.Kind = tt.kind
		_, err := NewCase(in, tt.user, testRegions, testNow)
		if tt.ok && err != nil {
			t.Errorf("%s registering %s: %v", tt.user.Role, tt.kind, err)
		}
		if !tt.ok && !errors.Is(err, ErrForbidden) {
			t.Errorf("%s registering %s: want forbidden, got %v", tt.user.Role, tt.kind, err)
		}
		if CanRegister(tt.user.Role, tt.kind) != tt.ok {
			t.Errorf("CanRegister(%s, %s) != %v", tt.user.Role, tt.kind, tt.ok)
		}
	}
}

func TestNewCaseRoleSeesTheTrimmedKind(t *testing.T) {
	in := petitionInput()
	in.TownshipCode = townA
	in.Kind = " petition "
	_, err := NewCase(in, mediatorA, testRegions, testNow)
	wantCode(t, err, ErrForbidden)
}

func TestNewCaseOutsideRegionIsForbidden(t *testing.T) {
	in := disputeInput()
	in.TownshipCode = townB
	_, err := NewCase(in, mediatorA, testRegions, testNow)
	wantCode(t, err, ErrOutOfRegion)

	in = petitionInput()
	in.TownshipCode = townC // another county
	_, err = NewCase(in, petitionH, testRegions, testNow)
	wantCode(t, err, ErrOutOfRegion)
}

func TestNewCaseValidation(t *testing.T) {
	future := testNow.Add(2 * time.Minute)
	skewed := testNow.Add(30 * time.Second)
	ancient := time.Date(1999, 12, 31, 0, 0, 0, 0, Shanghai)
	tests := []struct {
		name   string
		base   func() NewCaseInput
		mutate func(*NewCaseInput)
		field  string // "" = valid
	}{
		{"valid dispute", disputeInput, func(in *NewCaseInput) {}, ""},
		{"unknown kind", disputeInput, func(in *NewCaseInput) { in.Kind = "feud" }, "kind"},
		{"missing title", disputeInput, func(in *NewCaseInput) { in.Title = "" }, "title"},
		{"blank title", disputeInput, func(in *NewCaseInput) { in.Title = " \u3000 " }, "title"},
		{"title of 200 runes", disputeInput, func(in *NewCaseInput) { in.Title = strings.Repeat("字", 200) }, ""},
		{"title of 201 runes", disputeInput, func(in *NewCaseInput) { in.Title = strings.Repeat("字", 201) }, "title"},
		{"title with newline", disputeInput, func(in *NewCaseInput) { in.Title = "a\nb" }, "title"},
		{"summary too long", disputeInput, func(in *NewCaseInput) { in.Summary = strings.Repeat("字", 5001) }, "summary"},
		{"summary with NUL", disputeInput, func(in *NewCaseInput) { in.Summary = "a\x00b" }, "summary"},
		{"summary with escape", disputeInput, func(in *NewCaseInput) { in.Summary = "a\x1bb" }, "summary"},
		{"summary with tab and CRLF", disputeInput, func(in *NewCaseInput) { in.Summary = "a\tb\r\nc" }, ""},
		{"unknown category", disputeInput, func(in *NewCaseInput) { in.Category = "war" }, "category"},
		{"unknown township", disputeInput, func(in *NewCaseInput) { in.TownshipCode = "610902999" }, "townshipCode"},
		{"county is not a township", disputeInput, func(in *NewCaseInput) { in.TownshipCode = countyH }, "townshipCode"},
		{"missing township", disputeInput, func(in *NewCaseInput) { in.TownshipCode = "" }, "townshipCode"},
		{"village too long", disputeInput, func(in *NewCaseInput) { in.Village = strings.Repeat("村", 101) }, "village"},
		{"unknown risk level", disputeInput, func(in *NewCaseInput) { in.RiskLevel = "green" }, "riskLevel"},
		{"one party for a dispute", disputeInput, func(in *NewCaseInput) { in.Parties = in.Parties[:1] }, "parties"},
		{"no parties for a petition", petitionInput, func(in *NewCaseInput) { in.Parties = nil }, "parties"},
		{"party without name", disputeInput, func(in *NewCaseInput) { in.Parties[1].Name = " " }, "parties[1].name"},
		{"party name too long", disputeInput, func(in *NewCaseInput) { in.Parties[1].Name = strings.Repeat("名", 51) }, "parties[1].name"},
		{"party role unknown", disputeInput, func(in *NewCaseInput) { in.Parties[0].Role = "judge" }, "parties[0].role"},
		{"id number short", disputeInput, func(in *NewCaseInput) { in.Parties[0].IDNumber = "61090219900101123" }, "parties[0].idNumber"},
		{"id number lower x", disputeInput, func(in *NewCaseInput) { in.Parties[0].IDNumber = "61090219900101123x" }, ""},
		{"phone with letters", disputeInput, func(in *NewCaseInput) { in.Parties[0].Phone = "138-abcd-5678" }, "parties[0].phone"},
		{"landline", disputeInput, func(in *NewCaseInput) { in.Parties[0].Phone = "0915-3212345" }, ""},
		{"address too long", disputeInput, func(in *NewCaseInput) { in.Parties[0].Address = strings.Repeat("址", 201) }, "parties[0].address"},
		{"registered in the future", disputeInput, func(in *NewCaseInput) { in.RegisteredAt = &future }, "registeredAt"},
		{"registered within clock skew", disputeInput, func(in *NewCaseInput) { in.RegisteredAt = &skewed }, ""},
		{"registered before 2000", disputeInput, func(in *NewCaseInput) { in.RegisteredAt = &ancient }, "registeredAt"},
		{"dispute without dispute body", disputeInput, func(in *NewCaseInput) { in.Dispute = nil }, "dispute"},
		{"dispute with petition body", disputeInput, func(in *NewCaseInput) { in.Petition = &PetitionInput{} }, "petition"},
		{"dispute without source", disputeInput, func(in *NewCaseInput) { in.Dispute.Source = "" }, "dispute.source"},
		{"referral without from", disputeInput, func(in *NewCaseInput) { in.Dispute.Source = "referral" }, "dispute.referralFrom"},
		{"referral with from", disputeInput, func(in *NewCaseInput) { in.Dispute = &DisputeInput{Source: "referral", ReferralFrom: "court"} }, ""},
		{"from without referral", disputeInput, func(in *NewCaseInput) { in.Dispute = &DisputeInput{Source: "proactive", ReferralFrom: "grid"} }, "dispute.referralFrom"},
		{"unknown referral from", disputeInput, func(in *NewCaseInput) { in.Dispute = &DisputeInput{Source: "referral", ReferralFrom: "army"} }, "dispute.referralFrom"},
		{"petition without petition body", petitionInput, func(in *NewCaseInput) { in.Petition = nil }, "petition"},
		{"petition with dispute body", petitionInput, func(in *NewCaseInput) { in.Dispute = &DisputeInput{Source: "application"} }, "dispute"},
		{"petition unknown assignedBy", petitionInput, func(in *NewCaseInput) { in.Petition.AssignedBy = "village" }, "petition.assignedBy"},
		{"petition batch too long", petitionInput, func(in *NewCaseInput) { in.Petition.Batch = strings.Repeat("b", 51) }, "petition.batch"},
		{"petition assigned in the future", petitionInput, func(in *NewCaseInput) { in.Petition.AssignedAt = &future }, "petition.assignedAt"},
		{"petition with a petition category", petitionInput, func(in *NewCaseInput) { in.Category = "veterans" }, ""},
		{"petition with an unknown category", petitionInput, func(in *NewCaseInput) { in.Category = "neighbour" }, "category"},
		{"petition assigned before 2000", petitionInput, func(in *NewCaseInput) { in.Petition.AssignedAt = &ancient }, "petition.assignedAt"},
		{"petition due in 2100", petitionInput, func(in *NewCaseInput) {
			d := time.Date(2100, 1, 1, 0, 0, 0, 0, Shanghai)
			in.Petition.DueAt = &d
		}, "petition.dueAt"},
		{"petition due before assigned", petitionInput, func(in *NewCaseInput) {
			at := testNow.AddDate(0, 0, -1)
			due := testNow.AddDate(0, 0, -2)
			in.Petition.AssignedAt, in.Petition.DueAt = &at, &due
		}, "petition.dueAt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.base()
			if in.Dispute != nil {
				d := *in.Dispute
				in.Dispute = &d
			}
			if in.Petition != nil {
				p := *in.Petition
				in.Petition = &p
			}
			tt.mutate(&in)
			user := mediatorA
			if in.Kind == KindPetition {
				user = petitionH
			}
			_, err := NewCase(in, user, testRegions, testNow)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			fields := fieldsOf(t, err)
			if _, ok := fields[tt.field]; !ok {
				t.Fatalf("want an error on %s, got %v", tt.field, fields)
			}
			for f, msg := range fields {
				if msg == "" || !containsHan(msg) {
					t.Errorf("%s: message %q is not Chinese", f, msg)
				}
			}
		})
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestNewCaseReportsAllBrokenFieldsTogether(t *testing.T) {
	in := disputeInput()
	in.Title = ""
	in.Parties = in.Parties[:1]
	in.TownshipCode = "nowhere"
	fields := fieldsOf(t, func() error { _, err := NewCase(in, mediatorA, testRegions, testNow); return err }())
	for _, f := range []string{"title", "parties", "townshipCode"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("missing %s in %v", f, fields)
		}
	}
}

func TestNewCaseValidationComesBeforeRegion(t *testing.T) {
	in := disputeInput()
	in.TownshipCode = townB // outside mediatorA's region
	in.Title = ""
	_, err := NewCase(in, mediatorA, testRegions, testNow)
	fieldsOf(t, err)
}

func TestNewCaseTrimsAndLeavesInputAlone(t *testing.T) {
	in := disputeInput()
	in.Title = "  标题  "
	in.Parties[0].Name = " 张三 "
	in.Parties[0].IDNumber = "61090219900101123x"
	c, err := NewCase(in, mediatorA, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "标题" || c.Parties[0].Name != "张三" || c.Parties[0].IDNumber != "61090219900101123X" {
		t.Errorf("got title %q party %+v", c.Title, c.Parties[0])
	}
	if in.Parties[0].Name != " 张三 " {
		t.Error("NewCase changed the caller's input")
	}
}

func TestCaseNumber(t *testing.T) {
	if got := CaseNumber(townA, 2026, 1); got != "610902001-2026-000001" {
		t.Errorf("got %s", got)
	}
	if got := CaseNumber(townA, 2026, 123456); got != "610902001-2026-123456" {
		t.Errorf("got %s", got)
	}
	// New Year's Eve 16:30 UTC is already New Year's Day in Shanghai.
	if got := CaseYear(time.Date(2025, 12, 31, 16, 30, 0, 0, time.UTC)); got != 2026 {
		t.Errorf("CaseYear = %d, want 2026", got)
	}
	if got := CaseYear(time.Date(2025, 12, 31, 15, 59, 0, 0, time.UTC)); got != 2025 {
		t.Errorf("CaseYear = %d, want 2025", got)
	}
}

func TestNewCaseInputJSON(t *testing.T) {
	body := `{"kind":"petition","title":"t","category":"other","townshipCode":"610902002",
		"registeredAt":"2026-03-01","parties":[{"name":"王五","role":"petitioner","phone":"13812345678"}],
		"petition":{"assignedBy":"county","assignedAt":"2026-02-01","dueAt":"2026-04-30"}}`
	var in NewCaseInput
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 1, 0, 0, 0, 0, Shanghai); in.RegisteredAt == nil || !in.RegisteredAt.Equal(want) {
		t.Errorf("registeredAt %v, want %v", in.RegisteredAt, want)
	}
	if want := time.Date(2026, 2, 1, 0, 0, 0, 0, Shanghai); !in.Petition.AssignedAt.Equal(want) {
		t.Errorf("assignedAt %v", in.Petition.AssignedAt)
	}
	if want := time.Date(2026, 4, 30, 23, 59, 59, 0, Shanghai); !in.Petition.DueAt.Equal(want) {
		t.Errorf("dueAt %v, want the end of the day %v", in.Petition.DueAt, want)
	}
	if in.Title != "t" || in.Parties[0].Phone != "13812345678" || in.Petition.AssignedBy != "county" {
		t.Errorf("decoded %+v", in)
	}
	if _, err := NewCase(in, petitionH, testRegions, testNow); err != nil {
		t.Errorf("decoded input does not register: %v", err)
	}

	var rfc NewCaseInput
	if err := json.Unmarshal([]byte(`{"registeredAt":"2026-03-01T08:00:00+08:00","petition":{"dueAt":null}}`), &rfc); err != nil {
		t.Fatal(err)
	}
	if rfc.RegisteredAt == nil || rfc.RegisteredAt.Hour() != 8 || rfc.Petition.DueAt != nil {
		t.Errorf("decoded %+v %+v", rfc.RegisteredAt, rfc.Petition)
	}

	bad := []string{
		`{"kind":"dispute","extra":1}`,
		`{"parties":[{"name":"a","nick":"b"}]}`,
		`{"dispute":{"source":"application","x":1}}`,
		`{"petition":{"assignedBy":"county","y":1}}`,
		`{"registeredAt":"2026-13-01"}`,
		`{"registeredAt":"yesterday"}`,
		`{"registeredAt":20260301}`,
		`{"petition":{"dueAt":"2026/04/30"}}`,
	}
	for _, b := range bad {
		var in NewCaseInput
		if err := json.Unmarshal([]byte(b), &in); err == nil {
			t.Errorf("%s: want a decode error", b)
		}
	}
}
