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
	petitionH = &User{ID: "pet-h", Name: "信访干部", Role: RolePetition, RegionCode: countyH}
	leaderC   = &User{ID: "lead", Name: "领导", Role: RoleLeader, RegionCode: city}
	adminC    = &User{ID: "admin", Name: "管理员", Role: RoleAdmin, RegionCode: city}
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

func TestNewPetitionCase(t *testing.T) {
	in := petitionInput()
	c, err := NewCase(in, petitionH, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusReceived || c.RiskLevel != "orange" || c.Dispute != nil || c.Petition == nil {
		t.Fatalf("got %+v", c)
	}
	if c.Petition.AssignedBy != "municipal" || c.Petition.Batch != "2026-1" || !c.Petition.DueAt.Equal(*in.Petition.DueAt) {
		t.Errorf("petition %+v", c.Petition)
	}
	if c.Timeline[0].To != StatusReceived {
		t.Errorf("timeline %+v", c.Timeline)
	}
}

func TestNewCaseKeepsHistoricalRegistrationTime(t *testing.T) {
	in := disputeInput()
	past := time.Date(2023, 5, 4, 10, 0, 0, 0, Shanghai)
	in.RegisteredAt = &past
	c, err := NewCase(in, mediatorA, testRegions, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !c.RegisteredAt.Equal(past) || !c.CreatedAt.Equal(testNow) || CaseYear(c.RegisteredAt) != 2023 {
		t.Errorf("registered %v created %v", c.RegisteredAt, c.CreatedAt)
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
