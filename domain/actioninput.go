package domain

import "time"

// ActionInput is the body of POST /api/v1/cases/{id}/actions. Each action reads only the fields its
// transition names; the others are ignored, so a form may send what it has.
type ActionInput struct {
	Action        string            `json:"action" label:"操作"`
	Version       int               `json:"version" label:"版本号"`
	Note          string            `json:"note" validate:"max=2000,multiline" label:"备注"`
	Reason        string            `json:"reason" validate:"max=2000,multiline" label:"原因"`
	Mediators     []string          `json:"mediators" validate:"max=20,dive,required,max=50,singleline" label:"调解员"`
	Session       *SessionInput     `json:"session" label:"调解记录"`
	Days          int               `json:"days" validate:"omitempty,min=1,max=30" label:"延长天数"`
	ConsentBy     []string          `json:"consentBy" validate:"max=100,dive,required,max=50,singleline" label:"同意延期的当事人"`
	Agreement     *AgreementInput   `json:"agreement" label:"调解协议"`
	Prevented     []PreventionInput `json:"prevented" validate:"max=4,dive" label:"预防效果"`
	RejectGround  string            `json:"rejectGround" validate:"omitempty,enum=rejectGround" label:"不予受理理由"`
	FailureReason string            `json:"failureReason" validate:"omitempty,enum=failureReason" label:"终止原因"`
	Redirect      string            `json:"redirect" validate:"omitempty,enum=redirect" label:"告知途径"`
	FollowUp      *FollowUpInput    `json:"followUp" label:"回访"`
	Route         string            `json:"route" validate:"omitempty,enum=unperformedRoute" label:"未履行处置"`
	Court         string            `json:"court" validate:"max=100,singleline" label:"受理法院"`
	Confirmation  string            `json:"confirmation" validate:"omitempty,enum=confirmationResult" label:"司法确认结果"`
	Committee     string            `json:"committee" validate:"max=40,singleline" label:"接收调委会"`
	ReferTo       string            `json:"referTo" validate:"omitempty,enum=referTo" label:"移送单位类型"`
	ReferUnit     string            `json:"referUnit" validate:"max=100,singleline" label:"移送单位名称"`

	LeadLeader        *LeadLeaderInput `json:"leadLeader" label:"包案领导"`
	ResponsibleUnit   string           `json:"responsibleUnit" validate:"max=100,singleline" label:"责任单位"`
	ResponsiblePerson string           `json:"responsiblePerson" validate:"max=50,singleline" label:"责任人"`
	Plan              string           `json:"plan" validate:"max=5000,multiline" label:"化解方案"`
	Approver          string           `json:"approver" validate:"max=50,singleline" label:"批准人"`
	ResolutionType    string           `json:"resolutionType" validate:"omitempty,enum=resolutionType" label:"化解方式"`
	Materials         []MaterialInput  `json:"materials" validate:"max=20,dive" label:"化解材料"`
	TownshipCode      string           `json:"townshipCode" validate:"max=20,singleline" label:"改交乡镇（街道）"`
	KeepClock         bool             `json:"keepClock" label:"保留原办结期限"`
	ReviewLevel       string           `json:"reviewLevel" validate:"omitempty,enum=reviewLevel" label:"复查复核"`

	DueAt      *time.Time `json:"dueAt" label:"办结期限"`
	FeedbackBy *time.Time `json:"feedbackBy" label:"反馈期限"`
	// At is when the action really happened (default: now). A bare date means that day, as late in it as
	// the clock allows.
	At *time.Time `json:"at" label:"发生时间"`
	// History marks an action replayed from a recorded history (a ledger import, demo data): it may lie
	// further back than MaxBackdateDays. Never read from a request body.
	History bool `json:"-"`
	// Committees is the registry of committees the caller's write path holds (rosters for start, targets of
	// transfer and escalate). Never read from a request body.
	Committees *CommitteeBook `json:"-"`
	// Unrecorded marks a replayed conclusion whose details the ledger did not record (History only): a
	// resolution without agreement type, a failure without reason or route, a close without a visit. What is
	// missing stays empty and the timeline says 台账导入，未记载; nothing is made up. Never read from a body.
	Unrecorded bool `json:"-"`

	atDateOnly bool // At was given as a bare date
}

// SessionInput is one mediation session (调解笔录).
type SessionInput struct {
	At     time.Time `json:"at" validate:"required" label:"调解时间"`
	Mode   string    `json:"mode" validate:"required,enum=sessionMode" label:"调解方式"`
	Record string    `json:"record" validate:"required,max=5000,multiline" label:"调解笔录"`
}

// AgreementInput is the mediation agreement (调解协议).
type AgreementInput struct {
	Type      string     `json:"type" validate:"required,enum=agreementType" label:"协议类型"`
	Terms     string     `json:"terms" validate:"required,max=5000,multiline" label:"协议内容"`
	PerformBy *time.Time `json:"performBy" label:"履行期限"`
	// CreatesObligations says the agreement creates civil rights and duties (设立民事权利义务): then it must be
	// written (人民调解工作若干规定 art. 34).
	CreatesObligations *bool `json:"createsObligations" label:"是否设立民事权利义务"`
	Amount             Yuan  `json:"amount" label:"协议涉及金额"`
}

// PreventionInput records one thing a mediation prevented, and how many people it concerned.
type PreventionInput struct {
	Type   string `json:"type" validate:"required,enum=preventionType" label:"预防类型"`
	People int    `json:"people" validate:"min=1,max=100000" label:"涉及人数"`
}

// FollowUpInput is a follow-up visit (回访).
type FollowUpInput struct {
	At           time.Time `json:"at" validate:"required" label:"回访时间"`
	Satisfaction string    `json:"satisfaction" validate:"required,enum=satisfaction" label:"满意度"`
	Performance  string    `json:"performance" validate:"omitempty,enum=performance" label:"履行情况"`
	Note         string    `json:"note" validate:"max=2000,multiline" label:"回访情况"`

	atDateOnly bool // At was given as a bare date: that day, as late in it as the clock allows
}

// LeadLeaderInput names the leader responsible for a petition case (包案领导).
type LeadLeaderInput struct {
	Name string `json:"name" validate:"required,max=50,singleline" label:"包案领导姓名"`
	Post string `json:"post" validate:"required,max=50,singleline" label:"包案领导职务"`
}

// MaterialInput is one piece of supporting material of a petition's resolution (息诉罢访承诺书, 处理意见书, …).
type MaterialInput struct {
	Type string     `json:"type" validate:"required,enum=materialType" label:"材料类型"`
	Date *time.Time `json:"date" label:"材料日期"`
	Note string     `json:"note" validate:"max=500,singleline" label:"材料说明"`
}

// UnmarshalJSON decodes an action body strictly, accepting bare dates for dueAt and feedbackBy (the end
// of that day in Asia/Shanghai) and at (that day).
func (in *ActionInput) UnmarshalJSON(b []byte) error {
	type plain ActionInput
	aux := struct {
		*plain
		DueAt      flexTime `json:"dueAt"`
		FeedbackBy flexTime `json:"feedbackBy"`
		At         flexTime `json:"at"`
	}{
		plain:      (*plain)(in),
		DueAt:      flexTimePtr(&in.DueAt, "dueAt", true),
		FeedbackBy: flexTimePtr(&in.FeedbackBy, "feedbackBy", true),
		At:         flexTimePtr(&in.At, "at", true),
	}
	aux.At.dateOnly = &in.atDateOnly
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes an agreement strictly, accepting a bare date for performBy (end of that day).
func (in *AgreementInput) UnmarshalJSON(b []byte) error {
	type plain AgreementInput
	aux := struct {
		*plain
		PerformBy flexTime `json:"performBy"`
	}{plain: (*plain)(in), PerformBy: flexTimePtr(&in.PerformBy, "agreement.performBy", true)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes a follow-up strictly, accepting a bare date for at: that day, as late in it as the
// clock allows (the visit's date is the action's date, like at).
func (in *FollowUpInput) UnmarshalJSON(b []byte) error {
	type plain FollowUpInput
	aux := struct {
		*plain
		At flexTime `json:"at"`
	}{plain: (*plain)(in), At: flexTimeVal(&in.At, "followUp.at", true)}
	aux.At.dateOnly = &in.atDateOnly
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes a session strictly, accepting a bare date for at (start of that day), like followUp.at.
func (in *SessionInput) UnmarshalJSON(b []byte) error {
	type plain SessionInput
	aux := struct {
		*plain
		At flexTime `json:"at"`
	}{plain: (*plain)(in), At: flexTimeVal(&in.At, "session.at", false)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON decodes a material strictly, accepting a bare date (start of that day).
func (in *MaterialInput) UnmarshalJSON(b []byte) error {
	type plain MaterialInput
	aux := struct {
		*plain
		Date flexTime `json:"date"`
	}{plain: (*plain)(in), Date: flexTimePtr(&in.Date, "materials.date", false)}
	return decodeStrict(b, &aux)
}

// UnmarshalJSON keeps the lead leader strict about unknown fields.
func (in *LeadLeaderInput) UnmarshalJSON(b []byte) error {
	type plain LeadLeaderInput
	return decodeStrict(b, (*plain)(in))
}

// UnmarshalJSON keeps a prevention record strict about unknown fields.
func (in *PreventionInput) UnmarshalJSON(b []byte) error {
	type plain PreventionInput
	return decodeStrict(b, (*plain)(in))
}
