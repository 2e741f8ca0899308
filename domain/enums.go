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
		{string(StatusRegistered), "待受理", "To accept"},
		{string(StatusAccepted), "已受理", "Accepted"},
		{string(StatusMediating), "调解中", "Mediating"},
		{string(StatusResolved), "调解成功", "Resolved"},
		{string(StatusFailed), "调解不成", "Failed"},
		{string(StatusClosed), "已结案", "Closed"},
		{string(StatusRejected), "不予受理", "Rejected"},
		{string(StatusReferred), "已移送", "Referred out"},
	}
	PetitionStatuses = []Option{
		{string(StatusReceived), "待签收", "To sign for"},
		{string(StatusAccepted), "已签收", "Signed for"},
		{string(StatusResolving), "化解中", "Resolving"},
		{string(StatusResolved), "已化解", "Resolved"},
		{string(StatusReviewing), "待审核", "Awaiting review"},
		{string(StatusCleared), "已销号", "Cleared"},
		{string(StatusReturned), "退回待定", "Returned, awaiting decision"},
		{string(StatusWithdrawn), "已收回", "Withdrawn"},
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
		{"proactive", "主动调解（排查发现）", "Proactive (found in screening)"},
		{"referral", "委托移送", "Referral"},
	}

	ReferralFroms = []Option{
		{"court", "人民法院（委派/委托）", "Court"},
		{"police", "公安机关（派出所）", "Police"},
		{"petition", "信访部门", "Petition office"},
		{"government", "政府部门", "Government department"},
		{"grid", "网格员上报", "Grid report"},
		{"hotline", "12345热线", "12345 hotline"},
		{"liaison", "三线人员（中心户长）", "Village liaison"},
	}

	// ReferTos are where a dispute is referred out to (诉调/警调/访调对接, refer_out).
	ReferTos = []Option{
		{"court", "人民法院", "Court"},
		{"police", "公安机关（派出所）", "Police"},
		{"petition", "信访部门", "Petition office"},
		{"government", "政府部门（行政途径）", "Government department"},
	}

	// CommitteeKinds are the kinds of people's mediation committee (人民调解委员会, 人民调解法 art. 8, 34).
	CommitteeKinds = []Option{
		{"village", "村（居）人民调解委员会", "Village / community committee"},
		{"township", "乡镇（街道）人民调解委员会", "Township committee"},
		{"county", "县级人民调解委员会", "County committee"},
		{"professional", "行业性专业性人民调解委员会", "Professional committee"},
	}

	// CommitteeFields are the fields of a professional committee (行业性专业性调委会).
	CommitteeFields = []Option{
		{"medical", "医疗纠纷（医调委）", "Medical disputes"},
		{"traffic", "道路交通事故（交调委）", "Traffic accidents"},
		{"labor", "劳动争议", "Labour disputes"},
		{"property", "物业纠纷", "Property management"},
		{"consumer", "消费纠纷", "Consumer disputes"},
		{"marriage", "婚姻家庭", "Marriage and family"},
		{"other", "其他", "Other"},
	}

	// AssessmentKinds are the kinds of key decisions and projects put to a 社会稳定风险评估 (稳评), as the
	// assessment rules list the matters to assess.
	AssessmentKinds = []Option{
		{"land_requisition", "征地拆迁", "Land requisition & demolition"},
		{"major_project", "重大工程项目建设", "Major construction project"},
		{"enterprise_restructuring", "国有企业改制", "State enterprise restructuring"},
		{"price_adjustment", "价格调整（涉及群众切身利益的收费、价格）", "Price and fee adjustment"},
		{"environment", "生态环境影响", "Environmental impact"},
		{"public_policy", "民生政策（教育、医疗、社保、就业等）", "Public welfare policy"},
		{"other", "其他", "Other"},
	}

	// AssessmentGrades are the risk grades of a 稳评.
	AssessmentGrades = []Option{
		{"high", "高风险", "High risk"},
		{"medium", "中风险", "Medium risk"},
		{"low", "低风险", "Low risk"},
	}

	// AssessmentConclusions are the decisions a 稳评 leads to, from the most permissive; the grade bounds
	// them (domain/assessment.go).
	AssessmentConclusions = []Option{
		{"implement", "实施", "Implement"},
		{"implement_adjusted", "调整后实施", "Implement with adjustments"},
		{"suspend", "暂缓实施", "Suspend"},
		{"reject", "不实施", "Do not implement"},
	}

	// AssessmentFollowUpStates are the states of the follow-up of a 稳评's conditions.
	AssessmentFollowUpStates = []Option{
		{"none", "无需跟踪", "Nothing to follow"},
		{"open", "跟踪中", "Under follow-up"},
		{"closed", "已办结", "Closed"},
	}

	// AssessmentActions are the follow-up actions on a 稳评.
	AssessmentActions = []Option{
		{"follow_up", "跟踪记录", "Record follow-up"},
		{"close", "跟踪办结", "Close follow-up"},
	}

	// MediatorTypes tell full-time from part-time mediators (专职/兼职人民调解员).
	MediatorTypes = []Option{
		{"full_time", "专职", "Full-time"},
		{"part_time", "兼职", "Part-time"},
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
		{"refused", "一方要求终止调解", "A party asked to end mediation"},
		{"gap_too_large", "分歧过大", "Positions too far apart"},
		{"unreachable", "无法联系当事人", "Parties cannot be reached"},
		{"withdrawn", "申请人撤回申请", "The applicant withdrew"},
		{"timeout", "调解期限届满未达成协议", "Term ended without agreement"},
		{"refused_to_sign", "拒绝签署协议", "Refused to sign"},
		{"settled", "当事人自行和解", "The parties settled themselves"},
		{"other", "其他", "Other"},
	}

	Redirects = []Option{
		{"litigation", "诉讼", "Litigation"},
		{"arbitration", "仲裁", "Arbitration"},
		{"administrative", "行政途径", "Administrative route"},
		{"none", "无需告知", "None needed"},
	}

	// RejectGrounds are why a dispute is not accepted (人民调解法 art. 18; 人民调解工作若干规定 art. 22).
	RejectGrounds = []Option{
		{"other_body", "已由其他机关受理或处理", "Handled by another body"},
		{"exclusive", "属于专属管辖或法律禁止调解", "Exclusive jurisdiction"},
		{"refused", "一方明确拒绝调解", "A party refuses mediation"},
		{"not_civil", "不属于民间纠纷", "Not a civil dispute"},
	}

	// Performances record how an agreement is performed (履行情况).
	Performances = []Option{
		{"fulfilled", "已履行", "Performed"},
		{"partial", "部分履行", "Partly performed"},
		{"unfulfilled", "未履行", "Not performed"},
	}

	// UnperformedRoutes are what follows an agreement not (fully) performed.
	UnperformedRoutes = []Option{
		{"remediate", "重新调解", "Mediate again"},
		{"litigation", "告知向人民法院起诉", "Told to sue"},
		{"enforcement", "申请人民法院强制执行", "Court enforcement"},
	}

	// ConfirmationResults are the court's answer to an application for judicial confirmation.
	ConfirmationResults = []Option{
		{"confirmed", "确认调解协议有效", "Confirmed"},
		{"refused", "驳回申请/不予确认", "Refused"},
	}

	// PreventionTypes are the prevention counts of the 人民调解 statistics table.
	PreventionTypes = []Option{
		{"criminal", "防止民转刑", "Prevented a crime"},
		{"suicide", "防止自杀", "Prevented a suicide"},
		{"mass_petition", "防止群体性上访", "Prevented a mass petition"},
		{"mass_fight", "防止群体性械斗", "Prevented a mass fight"},
	}

	// PetitionCategories classify backlog petition cases by content (信访事项内容分类, as county petition
	// statistics report them), separate from the dispute categories.
	PetitionCategories = []Option{
		{"law_litigation", "政法（涉法涉诉）", "Law and litigation"},
		{"natural_resources", "自然资源（国土）", "Land and natural resources"},
		{"labor_social_security", "劳动和社会保障", "Labour and social security"},
		{"urban_rural_construction", "城乡建设", "Urban and rural construction"},
		{"agriculture_rural", "农业农村", "Agriculture and rural affairs"},
		{"civil_affairs", "民政与应急", "Civil affairs and emergencies"},
		{"veterans", "军队事务（退役军人）", "Veterans"},
		{"health", "卫生健康", "Health"},
		{"education", "教育文体", "Education and culture"},
		{"environment", "生态环境", "Environment"},
		{"economy", "经济管理（市场监管）", "Economy and market regulation"},
		{"transport", "交通运输", "Transport"},
		{"discipline", "纪检监察", "Discipline inspection"},
		{"personnel", "组织人事", "Personnel"},
		{"party_government", "党务政务", "Party and government affairs"},
		{"other", "其他", "Other"},
	}

	// CaseCategories are the categories a case may carry: a dispute's (纠纷类型) or a petition case's
	// (信访事项类别; a dispute category given for a petition is converted, PetitionCategoryOf).
	CaseCategories = unionOf(Categories, PetitionCategories)

	// MaterialTypes are the supporting materials of a petition's resolution.
	MaterialTypes = []Option{
		{"commitment", "息诉罢访承诺书", "Undertaking to stop petitioning"},
		{"opinion", "处理意见书", "Handling opinion"},
		{"review_opinion", "复查意见书", "Review opinion"},
		{"recheck_opinion", "复核意见书", "Re-examination opinion"},
		{"aid", "帮扶救助材料", "Aid records"},
		{"settlement", "和解协议", "Settlement"},
		{"other", "其他材料", "Other material"},
	}

	// ReviewLevels are 复查 and 复核 of a 处理意见 (信访工作条例).
	ReviewLevels = []Option{
		{"review", "复查", "Review"},
		{"recheck", "复核", "Re-examination"},
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
		{"accept_due", "待签收", "To sign for"},
		{"review_pending", "待审核", "Clearance to review"},
		{"return_pending", "退回待处理", "Return to decide"},
		{"sent_back", "审核退回", "Sent back"},
		{"recheck_due", "复查期限", "Review due"},
	}

	// DisputeActions and PetitionActions label the actions of each lifecycle as its users say them (resolve
	// is 调解成功 for a dispute, 化解办结 for a petition), in the order the case page offers them; register
	// is the first timeline entry. Actions is their union, labelled as for disputes (use ActionLabel).
	DisputeActions = []Option{
		{"register", "登记", "Register"},
		{"accept", "受理", "Accept"},
		{"start", "开始调解", "Start mediation"},
		{"session", "添加调解笔录", "Add session record"},
		{"resolve", "调解成功", "Resolve"},
		{"visit", "回访", "Follow-up visit"},
		{"close", "结案归档", "Close and file"},
		{"extend", "延长调解期限", "Extend with consent"},
		{"fail", "调解不成", "Mediation failed"},
		{"urge", "督促履行", "Urge performance"},
		{"apply_confirmation", "申请司法确认", "Apply for judicial confirmation"},
		{"confirmation_result", "司法确认结果", "Confirmation result"},
		{"unperformed", "未履行处置", "Agreement not performed"},
		{"report_back", "反馈移送单位", "Report back to referrer"},
		{"transfer", "移交其他调委会", "Transfer to another committee"},
		{"escalate", "提请上级调解（三级联调）", "Escalate to the next level"},
		{"refer_out", "移送其他部门", "Refer out"},
		{"referral_result", "移送结果反馈", "Referral result"},
		{"feedback", "督办反馈", "Answer supervision"},
		{"supervise", "督办", "Supervise"},
		{"reject", "不予受理", "Reject"},
	}
	PetitionActions = []Option{
		{"register", "交办", "Assign"},
		{"accept", "签收", "Sign for"},
		{"assign", "落实包案", "Name those responsible"},
		{"change_lead", "调整包案", "Change those responsible"},
		{"resolve", "化解", "Resolve"},
		{"apply_clear", "申请销号", "Apply for clearance"},
		{"clear", "审核通过（销号）", "Approve clearance"},
		{"reject_clear", "审核退回", "Send back"},
		{"extend", "延期", "Extend"},
		{"reopen", "反弹重启", "Reopen"},
		{"request_review", "申请复查/复核", "Review requested"},
		{"answer_review", "复查/复核意见", "Review answered"},
		{"feedback", "督办反馈", "Answer supervision"},
		{"supervise", "督办", "Supervise"},
		{"return", "异议退回", "Return with objection"},
		{"reassign", "改交", "Reassign"},
		{"withdraw", "收回", "Withdraw"},
	}
	Actions = unionOf(DisputeActions, PetitionActions)

	// DocumentTypes are the documents of a dispute's case file (人民调解卷宗) that Pingan generates, in the
	// order of the 卷内目录 (司法部 人民调解文书格式).
	DocumentTypes = []Option{
		{"cover", "卷宗封面", "File cover"},
		{"catalogue", "卷内目录", "Table of contents"},
		{"application", "人民调解申请书", "Application for mediation"},
		{"registration", "人民调解受理登记表", "Acceptance register"},
		{"notice", "人民调解当事人权利义务告知书", "Notice of the parties' rights and duties"},
		{"investigation", "人民调解调查记录", "Investigation record"},
		{"record", "人民调解记录", "Mediation record"},
		{"agreement", "人民调解协议书", "Mediation agreement"},
		{"oral_agreement", "人民调解口头协议登记表", "Oral agreement register"},
		{"visit", "人民调解回访记录", "Follow-up visit record"},
	}

	// ScreeningLevels are the units that screen (排查): a township, or a village/community of its list.
	ScreeningLevels = []Option{
		{ScreeningTownship, "乡镇（街道）", "Township"},
		{ScreeningVillage, "村（社区）", "Village / community"},
	}
	// PlaceKinds are the places a township lists.
	PlaceKinds = []Option{
		{"village", "村", "Village"},
		{"community", "社区", "Community"},
	}
	// ScreeningStatuses say where a unit stands for a period of its 排查 cadence.
	ScreeningStatuses = []Option{
		{string(ScreeningReported), "按时报送", "Reported on time"},
		{string(ScreeningLate), "迟报", "Reported late"},
		{string(ScreeningMissing), "逾期未报", "Overdue, not reported"},
		{string(ScreeningDue), "待报送", "Due"},
		{string(ScreeningOpen), "本期排查中", "Period running"},
	}

	// RoundFields are the fields of a 排查 round a correction (更正) may change, in the order of the form.
	RoundFields = []Option{
		{"date", "排查日期", "Date"},
		{"participants", "参加人员", "Participants"},
		{"places", "排查范围", "Places covered"},
		{"zeroReport", "零报告", "Zero report"},
		{"hazards", "风险隐患", "Hazards found"},
		{"prevented", "预防纠纷数", "Disputes prevented"},
		{"preventedNote", "预防纠纷情况", "Prevention note"},
		{"note", "备注", "Note"},
	}

	// AttachmentKinds say what an uploaded file is; the 卷内目录 files each where the 司法部 format puts it.
	AttachmentKinds = []Option{
		{"id_proof", "当事人身份证明", "Parties' identity documents"},
		{"authorization", "授权委托书", "Power of attorney"},
		{"evidence", "证据材料", "Evidence"},
		{"photo", "现场照片", "Site photo"},
		{"signed_agreement", "签字的调解协议书", "Signed agreement"},
		{"performance", "履行凭证（收条、汇款单等）", "Proof of performance (receipts, transfers)"},
		{"confirmation", "司法确认材料", "Judicial confirmation"},
		{"other", "其他材料", "Other"},
	}
)

// The risk-hazard ledger (风险隐患) and listed supervision (挂牌督办): domain/hazard.go, domain/listing.go.
var (
	HazardTypes = []Option{
		{"dispute_escalation", "矛盾纠纷激化", "Escalating dispute"},
		{"mass_incident", "群体性事件苗头", "Signs of a mass incident"},
		{"key_person", "重点人员", "Person of concern"},
		{"work_safety", "安全生产", "Work safety"},
		{"fire", "消防", "Fire"},
		{"road_traffic", "道路交通", "Road traffic"},
		{"other", "其他", "Other"},
	}
	HazardStatuses = []Option{
		{string(HazardRegistered), "待研判", "To assess"},
		{string(HazardAssessed), "已研判", "Assessed"},
		{string(HazardRectifying), "整治中", "Under rectification"},
		{string(HazardChecking), "待验收", "Awaiting check"},
		{string(HazardCleared), "已销号", "Cleared"},
	}
	// HazardActions label the steps of the hazard lifecycle; register is the first timeline entry.
	HazardActions = []Option{
		{"register", "登记", "Register"},
		{"assess", "研判", "Assess"},
		{"rectify", "落实整治", "Start rectification"},
		{"progress", "整治进展", "Progress note"},
		{"request_check", "申请验收", "Ask for check"},
		{"pass", "验收通过（销号）", "Pass check and clear"},
		{"send_back", "验收退回", "Send back"},
		{"reopen", "复发重启", "Reopen (recurred)"},
	}
	ListingLevels = []Option{
		{string(ListingProvincial), "省级", "Provincial"},
		{string(ListingMunicipal), "市级", "Municipal"},
		{string(ListingCounty), "县级", "County"},
	}
	ListingTargets = []Option{
		{string(ListingTownship), "重点地区（乡镇、街道）", "Key area (township)"},
		{string(ListingHazard), "风险隐患", "Risk hazard"},
		{string(ListingCases), "案件（突出问题）", "Cases (key problem)"},
	}
	ListingStatuses = []Option{
		{string(ListingListed), "督办中", "Under supervision"},
		{string(ListingDelisted), "已摘牌", "Delisted"},
	}
	ListingActions = []Option{
		{"list", "挂牌督办", "List"},
		{"progress", "报送整改进展", "Report progress"},
		{"extend", "延长整改期限", "Extend"},
		{"delist", "摘牌", "Delist"},
	}
	// WorkTodoReasons say why a hazard or a listing is on a user's to-do list (domain/listing.go, WorkTodo).
	WorkTodoReasons = []Option{
		{"hazard_overdue", "隐患整治超期", "Hazard rectification overdue"},
		{"hazard_due_soon", "隐患整治临期", "Hazard rectification due soon"},
		{"hazard_to_check", "隐患待验收", "Hazard to check"},
		{"listing_progress_due", "督办进展待报", "Listing progress due"},
		{"listing_overdue", "挂牌整改超期", "Listing past its deadline"},
		{"listing_past_deadline", "挂牌到期未摘牌", "Listing past deadline, not delisted"},
	}
)

// enumsByTag names the enumerations for the `enum=<name>` validation tag.
var enumsByTag = map[string][]Option{
	"kind":               Kinds,
	"status":             Statuses,
	"category":           Categories,
	"riskLevel":          RiskLevels,
	"source":             DisputeSources,
	"referralFrom":       ReferralFroms,
	"partyRole":          PartyRoles,
	"assignedBy":         AssignedBys,
	"resolutionType":     ResolutionTypes,
	"agreementType":      AgreementTypes,
	"failureReason":      FailureReasons,
	"redirect":           Redirects,
	"satisfaction":       Satisfactions,
	"sessionMode":        SessionModes,
	"role":               Roles,
	"action":             Actions,
	"regionLevel":        RegionLevels,
	"warning":            Warnings,
	"outcome":            Outcomes,
	"todoReason":         TodoReasons,
	"rejectGround":       RejectGrounds,
	"performance":        Performances,
	"unperformedRoute":   UnperformedRoutes,
	"confirmationResult": ConfirmationResults,
	"preventionType":     PreventionTypes,
	"petitionCategory":   PetitionCategories,
	"caseCategory":       CaseCategories,
	"materialType":       MaterialTypes,
	"reviewLevel":        ReviewLevels,
	"attachmentKind":     AttachmentKinds,
	"documentType":       DocumentTypes,
	"referTo":            ReferTos,
	"committeeKind":      CommitteeKinds,
	"committeeField":     CommitteeFields,
	"mediatorType":       MediatorTypes,
	"screeningLevel":     ScreeningLevels,
	"placeKind":          PlaceKinds,
	"screeningStatus":    ScreeningStatuses,
	"hazardType":         HazardTypes,
	"hazardAction":       HazardActions,
	"hazardStatus":       HazardStatuses,
	"listingLevel":       ListingLevels,
	"listingTarget":      ListingTargets,
	"listingAction":      ListingActions,
	"listingStatus":      ListingStatuses,

	// the 稳评 register (domain/assessment.go)
	"assessmentKind":          AssessmentKinds,
	"assessmentGrade":         AssessmentGrades,
	"assessmentConclusion":    AssessmentConclusions,
	"assessmentFollowUpState": AssessmentFollowUpStates,
	"assessmentAction":        AssessmentActions,
}

// Enums returns every enumeration keyed as GET /api/v1/enums answers (docs/API.md, Extensions), with the per-kind
// status and action lists.
func Enums() map[string][]Option {
	return map[string][]Option{
		"categories":          Categories,
		"riskLevels":          RiskLevels,
		"statuses":            Statuses,
		"disputeStatuses":     DisputeStatuses,
		"petitionStatuses":    PetitionStatuses,
		"kinds":               Kinds,
		"sources":             DisputeSources,
		"referralFroms":       ReferralFroms,
		"partyRoles":          PartyRoles,
		"assignedBys":         AssignedBys,
		"resolutionTypes":     ResolutionTypes,
		"agreementTypes":      AgreementTypes,
		"failureReasons":      FailureReasons,
		"redirects":           Redirects,
		"satisfactions":       Satisfactions,
		"sessionModes":        SessionModes,
		"roles":               Roles,
		"actions":             Actions,
		"disputeActions":      DisputeActions,
		"petitionActions":     PetitionActions,
		"regionLevels":        RegionLevels,
		"warnings":            Warnings,
		"outcomes":            Outcomes,
		"todoReasons":         TodoReasons,
		"rejectGrounds":       RejectGrounds,
		"performances":        Performances,
		"unperformedRoutes":   UnperformedRoutes,
		"confirmationResults": ConfirmationResults,
		"preventionTypes":     PreventionTypes,
		"petitionCategories":  PetitionCategories,
		"caseCategories":      CaseCategories,
		"materialTypes":       MaterialTypes,
		"reviewLevels":        ReviewLevels,
		"returnFigures":       ReturnFigures,
		"returnStatuses":      ReturnStatuses,
		"documentTypes":       DocumentTypes,
		"attachmentKinds":     AttachmentKinds,
		"referTos":            ReferTos,
		"committeeKinds":      CommitteeKinds,
		"committeeFields":     CommitteeFields,
		"mediatorTypes":       MediatorTypes,
		"screeningLevels":     ScreeningLevels,
		"placeKinds":          PlaceKinds,
		"screeningStatuses":   ScreeningStatuses,
		"roundFields":         RoundFields,
		"hazardTypes":         HazardTypes,
		"hazardStatuses":      HazardStatuses,
		"hazardActions":       HazardActions,
		"listingLevels":       ListingLevels,
		"listingTargets":      ListingTargets,
		"listingStatuses":     ListingStatuses,
		"listingActions":      ListingActions,
		"workTodoReasons":     WorkTodoReasons,

		// the 稳评 register
		"assessmentKinds":          AssessmentKinds,
		"assessmentGrades":         AssessmentGrades,
		"assessmentConclusions":    AssessmentConclusions,
		"assessmentFollowUpStates": AssessmentFollowUpStates,
		"assessmentActions":        AssessmentActions,
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
