package domain

// Option is one value of an enumeration: the code stored and sent over the API, its Chinese label and its
// English one. These lists are the only place the labels are written: GET /api/v1/enums serves them and
// the web app's frontend/src/api/generated/enums.ts is generated from them (make generate).
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	En    string `json:"en"`
}

// The enumerations of DESIGN.md, in the order the UI lists them.
var (
	Kinds = []Option{
		{string(KindDispute), "矛盾纠纷", "Dispute"},
		{string(KindPetition), "信访积案", "Backlog petition"},
	}

	// DisputeStatuses and PetitionStatuses follow each lifecycle; Statuses is their union (resolved once,
	// labelled as for disputes: use StatusLabel when the kind is known).
	DisputeStatuses = []Option{
		{string(StatusRegistered), "已登记", "Registered"},
		{string(StatusAccepted), "已受理", "Accepted"},
		{string(StatusMediating), "调解中", "Mediating"},
		{string(StatusResolved), "调解成功", "Resolved"},
		{string(StatusFailed), "调解不成", "Failed"},
		{string(StatusClosed), "已结案", "Closed"},
		{string(StatusRejected), "不予受理", "Rejected"},
	}
	PetitionStatuses = []Option{
		{string(StatusReceived), "已接收", "Received"},
		{string(StatusAccepted), "已受理", "Accepted"},
		{string(StatusResolving), "化解中", "Resolving"},
		{string(StatusResolved), "已化解", "Resolved"},
		{string(StatusCleared), "已销号", "Cleared"},
		{string(StatusReturned), "已退回", "Returned"},
	}
	Statuses = unionOf(DisputeStatuses, PetitionStatuses)

	// Categories are the 15 categories of the justice bureaus' monthly statistics.
	Categories = []Option{
		{"marriage_family", "婚姻家庭", "Marriage & family"},
		{"neighbor", "邻里", "Neighbours"},
		{"housing_homestead", "房屋宅基地", "Housing & homestead"},
		{"contract", "合同", "Contract"},
		{"production_business", "生产经营", "Production & business"},
		{"damages", "损害赔偿", "Damages"},
		{"forest_land", "山林土地", "Forest & land"},
		{"land_requisition", "征地拆迁", "Land requisition & demolition"},
		{"pollution", "环境污染", "Pollution"},
		{"labor", "劳动争议", "Labour"},
		{"consumer", "消费", "Consumer"},
		{"medical", "医疗", "Medical"},
		{"traffic", "道路交通事故", "Road traffic accident"},
		{"property_mgmt", "物业", "Property management"},
		{"other", "其他", "Other"},
	}

	RiskLevels = []Option{
		{"red", "红", "Red"},
		{"orange", "橙", "Orange"},
		{"yellow", "黄", "Yellow"},
		{"blue", "蓝", "Blue"},
	}

	DisputeSources = []Option{
		{"application", "当事人申请", "Party application"},
		{"proactive", "主动排查调解", "Proactive screening"},
		{"referral", "委托移送", "Referral"},
	}

	ReferralFroms = []Option{
		{"court", "法院委派/委托", "Court"},
		{"police", "公安", "Police"},
		{"petition", "信访", "Petition office"},
		{"government", "政府部门", "Government department"},
		{"grid", "网格上报", "Grid report"},
		{"hotline", "12345", "12345 hotline"},
	}

	PartyRoles = []Option{
		{"applicant", "申请人", "Applicant"},
		{"respondent", "被申请人", "Respondent"},
		{"petitioner", "信访人", "Petitioner"},
		{"other", "其他", "Other"},
	}

	AssignedBys = []Option{
		{"central", "中央", "Central"},
		{"provincial", "省", "Provincial"},
		{"municipal", "市", "Municipal"},
		{"county", "县", "County"},
	}

	ResolutionTypes = []Option{
		{"resolved", "实质化解", "Substantively resolved"},
		{"ceased", "息诉罢访", "Petitioning ceased"},
		{"concluded", "依法终结", "Concluded by law"},
		{"aided", "帮扶救助", "Aid and relief"},
	}

	AgreementTypes = []Option{
		{"written", "书面协议", "Written"},
		{"oral", "口头协议", "Oral"},
	}

	FailureReasons = []Option{
		{"refused", "一方拒绝继续", "A party refused to continue"},
		{"gap_too_large", "分歧过大", "Positions too far apart"},
		{"unreachable", "无法联系", "Cannot be reached"},
		{"withdrawn", "撤回", "Withdrawn"},
		{"timeout", "期满未延长", "Deadline passed"},
		{"refused_to_sign", "拒绝签字", "Refused to sign"},
		{"other", "其他", "Other"},
	}

	Redirects = []Option{
		{"litigation", "诉讼", "Litigation"},
		{"arbitration", "仲裁", "Arbitration"},
		{"administrative", "行政处理", "Administrative"},
		{"none", "无", "None"},
	}

	Satisfactions = []Option{
		{"satisfied", "满意", "Satisfied"},
		{"basic", "基本满意", "Mostly satisfied"},
		{"unsatisfied", "不满意", "Unsatisfied"},
	}

	SessionModes = []Option{
		{"onsite", "现场调解", "On site"},
		{"phone", "电话调解", "By phone"},
		{"video", "视频调解", "By video"},
	}

	Roles = []Option{
		{string(RoleMediator), "调解员", "Mediator"},
		{string(RolePetition), "信访干部", "Petition officer"},
		{string(RoleLeader), "领导", "Leader"},
		{string(RoleAdmin), "系统管理员", "Administrator"},
	}

	RegionLevels = []Option{
		{string(LevelCity), "市", "City"},
		{string(LevelCounty), "县（区）", "County"},
		{string(LevelTownship), "乡镇（街道）", "Township"},
	}

	// Warnings are the deadline warnings a running case can carry; a case without one sends "".
	Warnings = []Option{
		{string(WarningDueSoon), "临期预警", "Due soon"},
		{string(WarningOverdue), "已超期", "Overdue"},
	}

	Outcomes = []Option{
		{string(OutcomeResolved), "调解成功", "Resolved"},
		{string(OutcomeFailed), "调解不成", "Failed"},
	}

	// TodoReasons say why a case is on a user's to-do list (domain/caseindex/todo.go).
	TodoReasons = []Option{
		{"overdue", "已超期", "Overdue"},
		{"due_soon", "即将到期", "Due soon"},
		{"supervised", "督办", "Supervised"},
		{"follow_up_due", "待回访", "Follow-up due"},
		{"accept_due", "待受理", "To accept"},
	}

	// DisputeActions and PetitionActions label the actions of each lifecycle as its users say them (resolve
	// is 调解成功 for a dispute, 化解办结 for a petition), in the order the case page offers them; register
	// is the first timeline entry. Actions is their union, labelled as for disputes (use ActionLabel).
	DisputeActions = []Option{
		{"register", "登记", "Register"},
		{"accept", "受理", "Accept"},
		{"start", "开始调解", "Start mediation"},
		{"session", "记录调解", "Log session"},
		{"resolve", "调解成功", "Resolve"},
		{"close", "回访结案", "Follow up and close"},
		{"extend", "延期", "Extend"},
		{"fail", "调解不成", "Mediation failed"},
		{"feedback", "督办反馈", "Answer supervision"},
		{"supervise", "督办", "Supervise"},
		{"reject", "不予受理", "Reject"},
	}
	PetitionActions = []Option{
		{"register", "登记", "Register"},
		{"accept", "受理", "Accept"},
		{"assign", "包案交办", "Assign lead leader"},
		{"resolve", "化解办结", "Resolve"},
		{"clear", "销号", "Clear"},
		{"extend", "延期", "Extend"},
		{"reopen", "重新交办", "Reopen"},
		{"feedback", "督办反馈", "Answer supervision"},
		{"supervise", "督办", "Supervise"},
		{"return", "退回", "Return"},
	}
	Actions = unionOf(DisputeActions, PetitionActions)
)

// enumsByTag names the enumerations for the `enum=<name>` validation tag.
var enumsByTag = map[string][]Option{
	"kind":           Kinds,
	"status":         Statuses,
	"category":       Categories,
	"riskLevel":      RiskLevels,
	"source":         DisputeSources,
	"referralFrom":   ReferralFroms,
	"partyRole":      PartyRoles,
	"assignedBy":     AssignedBys,
	"resolutionType": ResolutionTypes,
	"agreementType":  AgreementTypes,
	"failureReason":  FailureReasons,
	"redirect":       Redirects,
	"satisfaction":   Satisfactions,
	"sessionMode":    SessionModes,
	"role":           Roles,
	"action":         Actions,
	"regionLevel":    RegionLevels,
	"warning":        Warnings,
	"outcome":        Outcomes,
	"todoReason":     TodoReasons,
}

// Enums returns every enumeration keyed as GET /api/v1/enums answers (docs/API.md, Extensions), with the per-kind
// status and action lists.
func Enums() map[string][]Option {
	return map[string][]Option{
		"categories":       Categories,
		"riskLevels":       RiskLevels,
		"statuses":         Statuses,
		"disputeStatuses":  DisputeStatuses,
		"petitionStatuses": PetitionStatuses,
		"kinds":            Kinds,
		"sources":          DisputeSources,
		"referralFroms":    ReferralFroms,
		"partyRoles":       PartyRoles,
		"assignedBys":      AssignedBys,
		"resolutionTypes":  ResolutionTypes,
		"agreementTypes":   AgreementTypes,
		"failureReasons":   FailureReasons,
		"redirects":        Redirects,
		"satisfactions":    Satisfactions,
		"sessionModes":     SessionModes,
		"roles":            Roles,
		"actions":          Actions,
		"disputeActions":   DisputeActions,
		"petitionActions":  PetitionActions,
		"regionLevels":     RegionLevels,
		"warnings":         Warnings,
		"outcomes":         Outcomes,
		"todoReasons":      TodoReasons,
	}
}

// LabelOf returns the Chinese label of code, or code itself when the enumeration does not know it.
func LabelOf(opts []Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

// IsValid reports whether code is a value of the enumeration.
func IsValid(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// StatusLabel labels a status for its kind: a resolved petition is 已化解, a resolved dispute 调解成功.
func StatusLabel(kind Kind, s Status) string {
	return labelFor(kind, DisputeStatuses, PetitionStatuses, Statuses, string(s))
}

// ActionLabel labels an action for its kind: resolve is 调解成功 for a dispute and 化解办结 for a petition.
func ActionLabel(kind Kind, action string) string {
	return labelFor(kind, DisputeActions, PetitionActions, Actions, action)
}

// labelFor labels code from the kind's own list, else from the union of both.
func labelFor(kind Kind, dispute, petition, union []Option, code string) string {
	own := dispute
	if kind == KindPetition {
		own = petition
	}
	if IsValid(own, code) {
		return LabelOf(own, code)
	}
	return LabelOf(union, code)
}

// unionOf joins option lists in order, keeping the first label of a code listed twice.
func unionOf(lists ...[]Option) []Option {
	var out []Option
	seen := map[string]bool{}
	for _, l := range lists {
		for _, o := range l {
			if !seen[o.Code] {
				seen[o.Code] = true
				out = append(out, o)
			}
		}
	}
	return out
}
