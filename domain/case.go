// Package domain holds Pingan's rules: the case model, both lifecycles, deadlines, scope and report
// arithmetic. It is pure Go: no HTTP, no database.
package domain

import "time"

// Kind tells a dispute (矛盾纠纷) from a backlog petition case (信访积案).
type Kind string

const (
	KindDispute  Kind = "dispute"
	KindPetition Kind = "petition"
)

// Status is a case's place in its lifecycle.
type Status string

const (
	// dispute
	StatusRegistered Status = "registered"
	StatusRejected   Status = "rejected"
	StatusMediating  Status = "mediating"
	StatusFailed     Status = "failed"
	StatusClosed     Status = "closed"
	StatusReferred   Status = "referred" // 已移送: referred out to a court, the police or an office, awaiting its result
	// petition
	StatusReceived  Status = "received"  // 待签收: assigned (交办), not yet signed for
	StatusReturned  Status = "returned"  // 退回待定: returned with an objection, awaiting the assigning office
	StatusWithdrawn Status = "withdrawn" // 已收回: taken back by the assigning office
	StatusResolving Status = "resolving"
	StatusReviewing Status = "reviewing" // 待审核: clearance applied for, awaiting the assigning office's review
	StatusCleared   Status = "cleared"
	// both
	StatusAccepted Status = "accepted"
	StatusResolved Status = "resolved"
)

// IsOpen reports whether a case in this status still needs work: all but rejected, closed, cleared and
// withdrawn. A returned petition case is open: it awaits the assigning office's decision (DESIGN.md).
func IsOpen(s Status) bool {
	switch s {
	case StatusRejected, StatusClosed, StatusCleared, StatusWithdrawn:
		return false
	}
	return true
}

// Role is what a user may do.
type Role string

const (
	RoleAdmin    Role = "admin"
	RoleLeader   Role = "leader"
	RoleMediator Role = "mediator"
	RolePetition Role = "petition"
)

// Outcome is how a concluded dispute ended; it survives close.
type Outcome string

const (
	OutcomeResolved Outcome = "resolved"
	OutcomeFailed   Outcome = "failed"
)

// Actor names who did something, as it stands on the timeline.
type Actor struct {
	ID   string `bson:"id" json:"id"`
	Name string `bson:"name" json:"name"`
}

// Party is one side of a case. IDNumber and Phone are masked outside a case's detail view.
type Party struct {
	Name     string `bson:"name" json:"name"`
	Role     string `bson:"role" json:"role"`
	IDNumber string `bson:"idNumber,omitempty" json:"idNumber,omitempty"`
	Phone    string `bson:"phone,omitempty" json:"phone,omitempty"`
	Address  string `bson:"address,omitempty" json:"address,omitempty"`
}

// Session is one logged mediation session (调解记录).
type Session struct {
	At     time.Time `bson:"at" json:"at"`
	Mode   string    `bson:"mode" json:"mode"`
	Record string    `bson:"record" json:"record"`
}

// Agreement is the mediation agreement (调解协议) recorded by resolve.
type Agreement struct {
	Type      string     `bson:"type" json:"type"`
	Terms     string     `bson:"terms" json:"terms"`
	PerformBy *time.Time `bson:"performBy,omitempty" json:"performBy,omitempty"`
	// CreatesObligations: the agreement creates civil rights and duties, so it is written.
	CreatesObligations *bool `bson:"createsObligations,omitempty" json:"createsObligations,omitempty"`
	// Amount is the sum the agreement settles (协议涉及金额): kept in fen, shown in yuan.
	Amount Yuan `bson:"amountFen,omitempty" json:"amount,omitempty"`
}

// Prevention records what a mediation prevented (防止民转刑, 防止自杀, …) and how many people it concerned.
type Prevention struct {
	Type   string `bson:"type" json:"type"`
	People int    `bson:"people" json:"people"`
}

// Visit is one follow-up visit (回访) of a resolved dispute: how satisfied the parties were and how the
// agreement is being performed.
type Visit struct {
	At           time.Time `bson:"at" json:"at"`
	Satisfaction string    `bson:"satisfaction" json:"satisfaction"`
	Performance  string    `bson:"performance,omitempty" json:"performance,omitempty"`
	Note         string    `bson:"note,omitempty" json:"note,omitempty"`
	By           Actor     `bson:"by" json:"by"`
}

// FollowUp is the follow-up visit (回访) recorded by close.
type FollowUp struct {
	At           time.Time `bson:"at" json:"at"`
	Satisfaction string    `bson:"satisfaction" json:"satisfaction"`
	Note         string    `bson:"note,omitempty" json:"note,omitempty"`
}

// Extension records a deadline extension: for a dispute with the parties' consent (ConsentBy names who
// gave it), for a petition case approved by the assigning office.
type Extension struct {
	At        time.Time `bson:"at" json:"at"`
	Days      int       `bson:"days" json:"days"`
	Reason    string    `bson:"reason,omitempty" json:"reason,omitempty"`
	Approver  string    `bson:"approver,omitempty" json:"approver,omitempty"`
	ConsentBy []string  `bson:"consentBy,omitempty" json:"consentBy,omitempty"`
}

// Confirmation is the judicial confirmation (司法确认) of a written agreement (人民调解法 art. 33).
type Confirmation struct {
	AppliedAt time.Time  `bson:"appliedAt" json:"appliedAt"`
	Court     string     `bson:"court" json:"court"`
	Result    string     `bson:"result,omitempty" json:"result,omitempty"` // confirmed, refused
	DecidedAt *time.Time `bson:"decidedAt,omitempty" json:"decidedAt,omitempty"`
}

// Material is one piece of supporting material of a petition case's resolution.
type Material struct {
	Type string     `bson:"type" json:"type"`
	Date *time.Time `bson:"date,omitempty" json:"date,omitempty"`
	Note string     `bson:"note,omitempty" json:"note,omitempty"`
}

// Review is a request for 复查 or 复核 of a petition's 处理意见, answered within ReviewTermDays.
type Review struct {
	Level       string     `bson:"level" json:"level"` // review 复查, recheck 复核
	RequestedAt time.Time  `bson:"requestedAt" json:"requestedAt"`
	DueBy       time.Time  `bson:"dueBy" json:"dueBy"`
	AnsweredAt  *time.Time `bson:"answeredAt,omitempty" json:"answeredAt,omitempty"`
	Answer      string     `bson:"answer,omitempty" json:"answer,omitempty"`
}

// LeadLeader is the leader responsible for a petition case (包案领导).
type LeadLeader struct {
	Name string `bson:"name" json:"name"`
	Post string `bson:"post" json:"post"`
}

// Supervision is a supervision order (督办) and its answer.
type Supervision struct {
	At         time.Time  `bson:"at" json:"at"`
	By         Actor      `bson:"by" json:"by"`
	Note       string     `bson:"note" json:"note"`
	FeedbackBy time.Time  `bson:"feedbackBy" json:"feedbackBy"`
	AnsweredAt *time.Time `bson:"answeredAt,omitempty" json:"answeredAt,omitempty"`
	AnsweredBy *Actor     `bson:"answeredBy,omitempty" json:"answeredBy,omitempty"`
	Feedback   string     `bson:"feedback,omitempty" json:"feedback,omitempty"`
}

// DisputeInfo holds what only disputes have.
type DisputeInfo struct {
	Source       string `bson:"source" json:"source"`
	ReferralFrom string `bson:"referralFrom,omitempty" json:"referralFrom,omitempty"`
	// RoundID is the 排查 round that found the dispute (主动调解（排查发现）); the round lists the case too.
	RoundID       string       `bson:"roundId,omitempty" json:"roundId,omitempty"`
	Mediators     []string     `bson:"mediators,omitempty" json:"mediators"`
	Sessions      []Session    `bson:"sessions,omitempty" json:"sessions"`
	Agreement     *Agreement   `bson:"agreement,omitempty" json:"agreement,omitempty"`
	FailureReason string       `bson:"failureReason,omitempty" json:"failureReason,omitempty"`
	Redirect      string       `bson:"redirect,omitempty" json:"redirect,omitempty"`
	FollowUp      *FollowUp    `bson:"followUp,omitempty" json:"followUp,omitempty"`
	Visits        []Visit      `bson:"visits,omitempty" json:"visits"`
	Prevented     []Prevention `bson:"prevented,omitempty" json:"prevented,omitempty"`
	RejectReason  string       `bson:"rejectReason,omitempty" json:"rejectReason,omitempty"`
	RejectGround  string       `bson:"rejectGround,omitempty" json:"rejectGround,omitempty"`
	// Extension is the latest extension, Extensions all of them.
	Extension  *Extension  `bson:"extension,omitempty" json:"extension,omitempty"`
	Extensions []Extension `bson:"extensions,omitempty" json:"extensions,omitempty"`
	// Performance is how the agreement is performed, as last recorded (已履行, 部分履行, 未履行).
	Performance      string        `bson:"performance,omitempty" json:"performance,omitempty"`
	UnperformedRoute string        `bson:"unperformedRoute,omitempty" json:"unperformedRoute,omitempty"`
	Confirmation     *Confirmation `bson:"confirmation,omitempty" json:"confirmation,omitempty"`
	ReportedBackAt   *time.Time    `bson:"reportedBackAt,omitempty" json:"reportedBackAt,omitempty"`
	// Committee is the committee holding the dispute (人民调解委员会), "" for its township's own; its name,
	// and its region when that is not the township (the case is seen and worked there: Case.HeldIn).
	Committee       string `bson:"committee,omitempty" json:"committee,omitempty"`
	CommitteeName   string `bson:"committeeName,omitempty" json:"committeeName,omitempty"`
	CommitteeRegion string `bson:"committeeRegion,omitempty" json:"committeeRegion,omitempty"`
	// Invited are the mediators not on the holding committee's roster (特邀调解员).
	Invited []string `bson:"invited,omitempty" json:"invited,omitempty"`
	// Moves are the transfers (移交) and escalations (三级联调) between committees, oldest first.
	Moves []CommitteeMove `bson:"moves,omitempty" json:"moves,omitempty"`
	// Referral is the referral out (移送) to a court, the police or an office, and the result it reported.
	Referral *ReferralOut `bson:"referral,omitempty" json:"referral,omitempty"`
}

// CommitteeMove is one transfer (移交) or escalation (上报, 三级联调) of a dispute between committees.
type CommitteeMove struct {
	At       time.Time `bson:"at" json:"at"`
	Kind     string    `bson:"kind" json:"kind"` // transfer, escalate
	From     string    `bson:"from" json:"from"` // committee IDs
	FromName string    `bson:"fromName" json:"fromName"`
	To       string    `bson:"to" json:"to"`
	ToName   string    `bson:"toName" json:"toName"`
	Reason   string    `bson:"reason" json:"reason"`
}

// ReferralOut is a dispute referred out (移送) to a court, the police, a petition office or a government
// department (诉调/警调/访调对接), and the result reported back.
type ReferralOut struct {
	At       time.Time  `bson:"at" json:"at"`
	To       string     `bson:"to" json:"to"`
	Unit     string     `bson:"unit,omitempty" json:"unit,omitempty"`
	Reason   string     `bson:"reason" json:"reason"`
	Result   string     `bson:"result,omitempty" json:"result,omitempty"`
	ResultAt *time.Time `bson:"resultAt,omitempty" json:"resultAt,omitempty"`
}

// PetitionInfo holds what only backlog petition cases have.
type PetitionInfo struct {
	AssignedBy string     `bson:"assignedBy" json:"assignedBy"` // the level that assigned it: 中央, 省, 市, 县
	Batch      string     `bson:"batch,omitempty" json:"batch,omitempty"`
	AssignedAt *time.Time `bson:"assignedAt,omitempty" json:"assignedAt,omitempty"`
	DueAt      *time.Time `bson:"dueAt,omitempty" json:"dueAt,omitempty"` // the assigning office's deadline (交办期限)
	// AssignerRegion is the region of the office that assigned it here (交办单位): it reviews clearance.
	AssignerRegion    string      `bson:"assignerRegion,omitempty" json:"assignerRegion"`
	Material          string      `bson:"material,omitempty" json:"material,omitempty"` // 交办材料
	LeadLeader        *LeadLeader `bson:"leadLeader,omitempty" json:"leadLeader,omitempty"`
	ResponsibleUnit   string      `bson:"responsibleUnit,omitempty" json:"responsibleUnit,omitempty"`
	ResponsiblePerson string      `bson:"responsiblePerson,omitempty" json:"responsiblePerson,omitempty"`
	Materials         []Material  `bson:"materials,omitempty" json:"materials,omitempty"`
	Reviews           []Review    `bson:"reviews,omitempty" json:"reviews,omitempty"`
	SignedLate        bool        `bson:"signedLate,omitempty" json:"signedLate,omitempty"`
	AppliedAt         *time.Time  `bson:"appliedAt,omitempty" json:"appliedAt,omitempty"` // 申请销号 awaiting review
	Plan              string      `bson:"plan,omitempty" json:"plan,omitempty"`
	ResolutionType    string      `bson:"resolutionType,omitempty" json:"resolutionType,omitempty"`
	RepeatCount       int         `bson:"repeatCount" json:"repeatCount"`
	ClearedAt         *time.Time  `bson:"clearedAt,omitempty" json:"clearedAt,omitempty"`
	ReturnReason      string      `bson:"returnReason,omitempty" json:"returnReason,omitempty"`
	Extension         *Extension  `bson:"extension,omitempty" json:"extension,omitempty"`
}

// TimelineEntry is one action in a case's append-only history: when it happened (At, which reports count
// by), when it was recorded and by whom (Actor).
type TimelineEntry struct {
	At         time.Time `bson:"at" json:"at"`
	RecordedAt time.Time `bson:"recordedAt,omitempty" json:"recordedAt"`
	Actor      Actor     `bson:"actor" json:"actor"`
	Action     string    `bson:"action" json:"action"`
	From       Status    `bson:"from" json:"from"`
	To         Status    `bson:"to" json:"to"`
	Note       string    `bson:"note" json:"note"`
	// DueAt is the due date the action set, when it set one (acceptance, 交办, extension, 反弹, 改交).
	DueAt *time.Time `bson:"dueAt,omitempty" json:"dueAt,omitempty"`
}

// Case is one dispute or petition case with its whole history: the stored document.
// Its ID is its case number, so the case number is unique by construction.
type Case struct {
	ID           string `bson:"_id" json:"id"`
	CaseNo       string `bson:"caseNo" json:"caseNo"`
	Kind         Kind   `bson:"kind" json:"kind"`
	Status       Status `bson:"status" json:"status"`
	Version      int    `bson:"version" json:"version"`
	Title        string `bson:"title" json:"title"`
	Summary      string `bson:"summary" json:"summary"`
	Category     string `bson:"category" json:"category"`
	TownshipCode string `bson:"townshipCode" json:"townshipCode"`
	CountyCode   string `bson:"countyCode" json:"countyCode"`
	Village      string `bson:"village" json:"village"`
	RiskLevel    string `bson:"riskLevel" json:"riskLevel"`
	// RiskDerived: the intake gave no risk level; it was derived by DeriveRiskLevel.
	RiskDerived bool    `bson:"riskDerived,omitempty" json:"riskDerived,omitempty"`
	Parties     []Party `bson:"parties" json:"parties"`
	// PeopleInvolved is how many people the dispute concerns (涉及人数), at least the parties; 0 on cases
	// registered before it was kept (then the parties).
	PeopleInvolved int             `bson:"peopleInvolved,omitempty" json:"peopleInvolved"`
	RegisteredAt   time.Time       `bson:"registeredAt" json:"registeredAt"`
	AcceptedAt     *time.Time      `bson:"acceptedAt,omitempty" json:"acceptedAt,omitempty"`
	DueAt          *time.Time      `bson:"dueAt,omitempty" json:"dueAt,omitempty"`
	ClosedAt       *time.Time      `bson:"closedAt,omitempty" json:"closedAt,omitempty"`
	Outcome        Outcome         `bson:"outcome,omitempty" json:"outcome,omitempty"`
	Supervisions   []Supervision   `bson:"supervisions,omitempty" json:"supervisions,omitempty"`
	Dispute        *DisputeInfo    `bson:"dispute,omitempty" json:"dispute,omitempty"`
	Petition       *PetitionInfo   `bson:"petition,omitempty" json:"petition,omitempty"`
	Timeline       []TimelineEntry `bson:"timeline" json:"timeline"`
	CreatedBy      Actor           `bson:"createdBy" json:"createdBy"`
	CreatedAt      time.Time       `bson:"createdAt" json:"createdAt"`
	UpdatedAt      time.Time       `bson:"updatedAt" json:"updatedAt"`
	// Seq is the store's monotonic change sequence of the last write (for other instances to follow).
	Seq int64 `bson:"seq" json:"-"`
	// Schema is the version of the shape the case was stored in (SchemaVersion; 0 before it was kept).
	Schema int `bson:"schema,omitempty" json:"-"`
}

// OpenSupervision returns the supervision awaiting feedback, if any.
func (c *Case) OpenSupervision() *Supervision {
	for i := len(c.Supervisions) - 1; i >= 0; i-- {
		if c.Supervisions[i].AnsweredAt == nil {
			return &c.Supervisions[i]
		}
	}
	return nil
}

// User is someone who signs in. Region scoping holds for every role but admin at the city level.
type User struct {
	ID           string    `bson:"_id" json:"id"` // the lower-cased username
	Username     string    `bson:"username" json:"username"`
	Name         string    `bson:"name" json:"name"`
	Role         Role      `bson:"role" json:"role"`
	RegionCode   string    `bson:"regionCode" json:"regionCode"`
	Active       bool      `bson:"active" json:"active"`
	PasswordHash string    `bson:"passwordHash" json:"-"`
	CreatedAt    time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt    time.Time `bson:"updatedAt" json:"updatedAt"`
	// PasswordChangedAt invalidates tokens issued before it.
	PasswordChangedAt time.Time `bson:"passwordChangedAt" json:"-"`
	// MustChangePassword: the password was chosen by someone else (created, reset by an admin, generated at
	// the first start) and the web app asks for a new one before anything else; cleared by POST
	// /auth/password. The API does not refuse the user's other calls (docs/API.md).
	MustChangePassword bool `bson:"mustChangePassword,omitempty" json:"mustChangePassword"`
	// SessionsEndedAt is when the user was last deactivated: tokens issued up to it (to the second) stay
	// invalid after a reactivation.
	SessionsEndedAt time.Time `bson:"sessionsEndedAt,omitempty" json:"-"`
}

// TokenStillValid reports whether a token issued at iat (whole seconds, as tokens carry it) is still good
// for u: not issued before its last password change, nor at or before its last deactivation.
func (u *User) TokenStillValid(iat time.Time) error {
	if iat.Before(u.PasswordChangedAt.Truncate(time.Second)) {
		return ErrPasswordChanged
	}
	if !u.SessionsEndedAt.IsZero() && !iat.After(u.SessionsEndedAt.Truncate(time.Second)) {
		return ErrSessionEnded
	}
	return nil
}

// Actor returns the user as a timeline actor.
func (u *User) Actor() Actor { return Actor{ID: u.ID, Name: u.Name} }

// RegionLevel is the level of a region in the division tree.
type RegionLevel string

const (
	LevelCity     RegionLevel = "city"
	LevelCounty   RegionLevel = "county"
	LevelTownship RegionLevel = "township"
)

// Region is one administrative division (official statistical code).
type Region struct {
	Code       string      `bson:"_id" json:"code"`
	Name       string      `bson:"name" json:"name"`
	Level      RegionLevel `bson:"level" json:"level"`
	ParentCode string      `bson:"parentCode" json:"parentCode"`
}
