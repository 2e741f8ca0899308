package domain

// Option is one value of an enumeration: the code stored and sent over the API, and its Chinese label.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// The enumerations of DESIGN.md, in the order the UI lists them.
var (
	Kinds = []Option{
		{string(KindDispute), "矛盾纠纷"},
		{string(KindPetition), "信访积案"},
	}

	// DisputeStatuses and PetitionStatuses follow each lifecycle; Statuses is their union (resolved once,
	// labelled as for disputes: use StatusLabel when the kind is known).
	DisputeStatuses = []Option{
		{string(StatusRegistered), "已登记"},
		{string(StatusAccepted), "已受理"},
		{string(StatusRejected), "不予受理"},
		{string(StatusMediating), "调解中"},
		{string(StatusResolved), "调解成功"},
		{string(StatusFailed), "调解不成"},
		{string(StatusClosed), "已结案"},
	}
	PetitionStatuses = []Option{
		{string(StatusReceived), "已接收"},
		{string(StatusAccepted), "已受理"},
		{string(StatusReturned), "已退回"},
		{string(StatusResolving), "化解中"},
		{string(StatusResolved), "已化解"},
		{string(StatusCleared), "已销号"},
	}
	Statuses = unionOf(DisputeStatuses, PetitionStatuses)

	// Categories are the 15 categories of the justice bureaus' monthly statistics.
	Categories = []Option{
		{"marriage_family", "婚姻家庭"},
		{"neighbor", "邻里"},
		{"housing_homestead", "房屋宅基地"},
		{"contract", "合同"},
		{"production_business", "生产经营"},
		{"damages", "损害赔偿"},
		{"forest_land", "山林土地"},
		{"land_requisition", "征地拆迁"},
		{"pollution", "环境污染"},
		{"labor", "劳动争议"},
		{"consumer", "消费"},
		{"medical", "医疗"},
		{"traffic", "道路交通事故"},
		{"property_mgmt", "物业"},
		{"other", "其他"},
	}

	RiskLevels = []Option{
		{"red", "红"},
		{"orange", "橙"},
		{"yellow", "黄"},
		{"blue", "蓝"},
	}

	DisputeSources = []Option{
		{"application", "当事人申请"},
		{"proactive", "主动排查调解"},
		{"referral", "委托移送"},
	}

	ReferralFroms = []Option{
		{"court", "法院委派/委托"},
		{"police", "公安"},
		{"petition", "信访"},
		{"government", "政府部门"},
		{"grid", "网格上报"},
		{"hotline", "12345"},
	}

	PartyRoles = []Option{
		{"applicant", "申请人"},
		{"respondent", "被申请人"},
		{"petitioner", "信访人"},
		{"other", "其他"},
	}

	AssignedBys = []Option{
		{"central", "中央"},
		{"provincial", "省"},
		{"municipal", "市"},
		{"county", "县"},
	}

	ResolutionTypes = []Option{
		{"resolved", "实质化解"},
		{"ceased", "息诉罢访"},
		{"concluded", "依法终结"},
		{"aided", "帮扶救助"},
	}

	AgreementTypes = []Option{
		{"written", "书面协议"},
		{"oral", "口头协议"},
	}

	FailureReasons = []Option{
		{"refused", "一方拒绝继续"},
		{"gap_too_large", "分歧过大"},
		{"unreachable", "无法联系"},
		{"withdrawn", "撤回"},
		{"timeout", "期满未延长"},
		{"refused_to_sign", "拒绝签字"},
		{"other", "其他"},
	}

	Redirects = []Option{
		{"litigation", "诉讼"},
		{"arbitration", "仲裁"},
		{"administrative", "行政处理"},
		{"none", "无"},
	}

	Satisfactions = []Option{
		{"satisfied", "满意"},
		{"basic", "基本满意"},
		{"unsatisfied", "不满意"},
	}

	SessionModes = []Option{
		{"onsite", "现场调解"},
		{"phone", "电话调解"},
		{"video", "视频调解"},
	}

	Roles = []Option{
		{string(RoleAdmin), "管理员"},
		{string(RoleLeader), "领导"},
		{string(RoleMediator), "调解员"},
		{string(RolePetition), "信访干部"},
	}

	// Actions labels every timeline action; resolve reads 调解成功 for disputes and 化解 for petitions
	// (ActionLabel knows the kind).
	Actions = []Option{
		{"register", "登记"},
		{"accept", "受理"},
		{"reject", "不予受理"},
		{"start", "开始调解"},
		{"session", "调解记录"},
		{"extend", "延期"},
		{"resolve", "调解成功/化解"},
		{"fail", "调解不成"},
		{"close", "结案回访"},
		{"return", "退回"},
		{"assign", "包案"},
		{"clear", "销号"},
		{"reopen", "重新启动"},
		{"supervise", "督办"},
		{"feedback", "督办反馈"},
	}
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
}

// Enums returns every enumeration keyed as GET /api/v1/enums answers (API.md, Extensions), plus the two
// per-kind status lists.
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
	if kind == KindPetition {
		return LabelOf(PetitionStatuses, string(s))
	}
	return LabelOf(Statuses, string(s))
}

// ActionLabel labels an action for its kind: resolve is 调解成功 for a dispute and 化解 for a petition.
func ActionLabel(kind Kind, action string) string {
	if action == "resolve" {
		switch kind {
		case KindDispute:
			return "调解成功"
		case KindPetition:
			return "化解"
		}
	}
	return LabelOf(Actions, action)
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
