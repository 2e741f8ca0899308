package main

// Word lists and weights for demo data (pingan seed): names, villages, titles, summaries, notes.
// Shares follow what the justice bureaus' statistics show for a city like Ankang: neighbour, family,
// homestead and land disputes are most of the work; medical and property-management disputes are rare.

// weighted is one choice and its relative weight.
type weighted struct {
	code   string
	weight float64
}

var (
	// The common surnames, most frequent first (repeated ones are more frequent still).
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤王李张刘陈杨")
	givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红文玉金凤春梅海燕德成林兵波辉斌宇浩凯鹏俊峰亮发福贵荣生祥顺全永忠富庆喜玲琴萍云莲翠菊")

	villageHeads = []string{"双河", "黄石", "柳树", "枫树", "红星", "新民", "青龙", "白鹤", "桂花", "大坪", "小河", "狮子",
		"迎春", "和平", "金星", "凤凰", "石门", "龙泉", "花园", "松树", "长岭", "竹园", "中坝", "东坡", "西沟",
		"南山", "北岭", "茶园", "清泉", "团结", "太平", "高峰", "联合", "兴隆", "月河", "梨园", "桃园", "天池"}
	communityHeads = []string{"育才", "香溪", "江北", "新城", "东关", "西关", "南门", "北门", "兴安", "文昌", "金州", "幸福",
		"滨江", "建民", "香山", "安澜", "汉江", "五星"}

	disputeCategories = []weighted{
		{"neighbor", 22}, {"marriage_family", 18}, {"housing_homestead", 14}, {"forest_land", 10},
		{"contract", 6}, {"damages", 6}, {"labor", 5}, {"land_requisition", 4}, {"production_business", 4},
		{"traffic", 4}, {"consumer", 2}, {"pollution", 2}, {"medical", 1}, {"property_mgmt", 1}, {"other", 1},
	}
	petitionCategories = []weighted{
		{"land_requisition", 20}, {"housing_homestead", 15}, {"labor", 12}, {"forest_land", 10}, {"contract", 8},
		{"damages", 8}, {"marriage_family", 5}, {"neighbor", 5}, {"medical", 4}, {"production_business", 4},
		{"pollution", 3}, {"traffic", 3}, {"property_mgmt", 2}, {"consumer", 1},
	}
	riskLevels          = []weighted{{"blue", 66}, {"yellow", 30.5}, {"orange", 3}, {"red", 0.5}}
	petitionRiskLevels  = []weighted{{"blue", 45}, {"yellow", 48}, {"orange", 6}, {"red", 1}}
	disputeSources      = []weighted{{"application", 45}, {"proactive", 35}, {"referral", 20}}
	referralFroms       = []weighted{{"court", 20}, {"police", 25}, {"petition", 10}, {"government", 15}, {"grid", 20}, {"hotline", 10}}
	assignedBys         = []weighted{{"municipal", 45}, {"county", 35}, {"provincial", 17}, {"central", 3}}
	resolutionTypes     = []weighted{{"resolved", 55}, {"ceased", 20}, {"concluded", 10}, {"aided", 15}}
	failureReasons      = []weighted{{"gap_too_large", 40}, {"refused", 25}, {"unreachable", 8}, {"withdrawn", 8}, {"settled", 4}, {"refused_to_sign", 10}, {"other", 5}}
	performances        = []weighted{{"fulfilled", 90}, {"partial", 7}, {"unfulfilled", 3}}
	preventionTypes     = []weighted{{"criminal", 60}, {"mass_petition", 25}, {"mass_fight", 10}, {"suicide", 5}}
	redirects           = []weighted{{"litigation", 60}, {"administrative", 20}, {"arbitration", 10}, {"none", 10}}
	satisfiedResolved   = []weighted{{"satisfied", 88}, {"basic", 10}, {"unsatisfied", 2}}
	sessionModes        = []weighted{{"onsite", 75}, {"phone", 20}, {"video", 5}}
	countyLeaderPosts   = []string{"常务副%s长", "副%s长", "%s委常委、政法委书记", "%s人大常委会副主任", "%s政协副主席", "%s委常委、组织部部长"}
	townshipLeaderPosts = map[bool][]string{ // by whether the township is a street (街道)
		false: {"镇党委书记", "镇长", "镇党委副书记", "镇人大主席"},
		true:  {"街道党工委书记", "街道办事处主任", "街道党工委副书记"},
	}
	approvers = []string{"%s信访局", "%s委政法委", "市信访局"}
)

// Title patterns per category: %[1]s and %[2]s are the parties' masked names (张某某).
var titleTemplates = map[string][]string{
	"neighbor":            {"%[1]s与%[2]s相邻通行纠纷", "%[1]s与%[2]s排水纠纷", "%[1]s与%[2]s噪音扰邻纠纷", "%[1]s与%[2]s通风采光纠纷", "%[1]s与%[2]s邻里口角纠纷"},
	"marriage_family":     {"%[1]s与%[2]s离婚纠纷", "%[1]s与%[2]s赡养纠纷", "%[1]s与%[2]s抚养费纠纷", "%[1]s家庭财产分割纠纷", "%[1]s与%[2]s继承纠纷"},
	"housing_homestead":   {"%[1]s与%[2]s宅基地界址纠纷", "%[1]s与%[2]s房屋买卖纠纷", "%[1]s与%[2]s建房纠纷", "%[1]s与%[2]s房屋租赁纠纷"},
	"contract":            {"%[1]s与%[2]s借款合同纠纷", "%[1]s与%[2]s买卖合同纠纷", "%[1]s与%[2]s承揽合同纠纷"},
	"production_business": {"%[1]s与%[2]s合伙经营纠纷", "%[1]s与%[2]s茶园承包经营纠纷", "%[1]s与%[2]s养殖场经营纠纷"},
	"damages":             {"%[1]s与%[2]s人身损害赔偿纠纷", "%[1]s与%[2]s财产损害赔偿纠纷", "%[1]s与%[2]s牲畜损害庄稼纠纷"},
	"forest_land":         {"%[1]s与%[2]s山林权属纠纷", "%[1]s与%[2]s土地承包经营权纠纷", "%[1]s与%[2]s林地界址纠纷", "%[1]s与%[2]s土地流转纠纷"},
	"land_requisition":    {"%[1]s征地补偿纠纷", "%[1]s与%[2]s拆迁安置纠纷", "%[1]s与%[2]s青苗补偿纠纷"},
	"pollution":           {"%[1]s与%[2]s养殖污染纠纷", "%[1]s与%[2]s粉尘噪声污染纠纷"},
	"labor":               {"%[1]s与%[2]s劳务报酬纠纷", "%[1]s等与%[2]s追索劳动报酬纠纷", "%[1]s与%[2]s工伤赔偿纠纷"},
	"consumer":            {"%[1]s与%[2]s商品质量纠纷", "%[1]s与%[2]s服务合同纠纷"},
	"medical":             {"%[1]s与%[2]s医疗损害纠纷"},
	"traffic":             {"%[1]s与%[2]s道路交通事故赔偿纠纷"},
	"property_mgmt":       {"%[1]s与%[2]s物业服务费纠纷", "%[1]s与%[2]s小区停车纠纷"},
	"other":               {"%[1]s与%[2]s其他民间纠纷"},
}

// Petition titles: %[1]s is the petitioner's masked name.
var petitionTitleTemplates = map[string][]string{
	"land_requisition":    {"%[1]s反映征地补偿款未足额发放问题", "%[1]s反映拆迁安置房未按期交付问题", "%[1]s反映移民搬迁补助问题"},
	"housing_homestead":   {"%[1]s反映宅基地审批问题", "%[1]s反映房屋确权登记问题"},
	"labor":               {"%[1]s等反映工程款、工资拖欠问题", "%[1]s反映工伤待遇问题", "%[1]s反映社保缴费年限认定问题"},
	"forest_land":         {"%[1]s反映林权证登记错误问题", "%[1]s反映土地承包经营权被侵占问题"},
	"contract":            {"%[1]s反映集体资产承包合同问题", "%[1]s反映借款纠纷执行问题"},
	"damages":             {"%[1]s反映人身损害赔偿执行问题", "%[1]s反映交通事故赔偿未到位问题"},
	"marriage_family":     {"%[1]s反映子女不履行赡养义务问题"},
	"neighbor":            {"%[1]s反映邻里纠纷处理不公问题"},
	"medical":             {"%[1]s反映医疗事故处理问题"},
	"production_business": {"%[1]s反映企业改制遗留问题"},
	"pollution":           {"%[1]s等反映企业排污影响生产生活问题"},
	"traffic":             {"%[1]s反映交通事故责任认定问题"},
	"property_mgmt":       {"%[1]s等反映小区物业管理问题"},
	"consumer":            {"%[1]s反映预付卡退费问题"},
}

// Summaries: %[1]s and %[2]s are the parties' full names, %[3]s the village.
var summaryTemplates = map[string]string{
	"neighbor":            "%[3]s村民%[1]s与%[2]s因相邻关系发生争执，双方多次发生口角，请求调解。",
	"marriage_family":     "%[1]s与%[2]s因家庭矛盾长期不和，就财产、赡养等问题各执一词，申请调解。",
	"housing_homestead":   "%[1]s与%[2]s在%[3]s相邻建房，因宅基地界址和滴水距离发生争议。",
	"contract":            "%[1]s称%[2]s未按约定履行合同义务，双方对欠款数额存在分歧。",
	"production_business": "%[1]s与%[2]s合伙经营，因利润分配和投资款退还发生纠纷。",
	"damages":             "%[1]s称其财产或人身因%[2]s的行为受到损害，要求赔偿。",
	"forest_land":         "%[1]s与%[2]s对%[3]s一处山林（耕地）的承包范围和界址存在争议。",
	"land_requisition":    "%[1]s对%[3]s项目征地中青苗及附着物补偿标准有异议。",
	"pollution":           "%[1]s反映%[2]s经营的养殖场（作坊）排放异味、噪声，影响正常生活。",
	"labor":               "%[1]s为%[2]s务工，工程结束后劳务报酬未结清。",
	"consumer":            "%[1]s在%[2]s处购买的商品（服务）存在质量问题，协商退换未果。",
	"medical":             "%[1]s认为其在诊疗过程中受到损害，与%[2]s就赔偿问题协商未果。",
	"traffic":             "%[1]s与%[2]s在%[3]s附近发生交通事故，双方就赔偿数额存在争议。",
	"property_mgmt":       "%[1]s与%[2]s就物业服务质量和物业费缴纳发生争议。",
	"other":               "%[1]s与%[2]s因琐事发生纠纷，请求调解。",
}

var (
	// Agreement terms by category (%[1]s applicant, %[2]s respondent, %[3]s a date, %[4]d an amount in yuan);
	// categories not listed settle with money.
	agreementTerms = map[string][]string{
		"neighbor": {"%[2]s同意清理堆放在通道上的杂物，保持通行畅通，双方今后互谅互让。",
			"%[2]s向%[1]s赔礼道歉，双方和好，今后互相尊重、和睦相处。",
			"双方同意共同出资修缮排水沟，费用各半承担，今后按现状使用。"},
		"housing_homestead": {"双方确认以原界桩为界，%[2]s于%[3]s前自行拆除越界部分，双方今后互不干涉。",
			"%[2]s建房时预留滴水距离，并补偿%[1]s%[4]d元。"},
		"forest_land": {"经现场勘界，双方同意以山脊分水线为界，各自管护经营。",
			"双方确认承包地界以原承包合同为准，%[2]s于%[3]s前退还多占部分。"},
		"marriage_family": {"双方同意按协议分割共同财产，子女由%[1]s抚养，%[2]s每月支付抚养费%[4]d元。",
			"子女轮流照顾老人，%[2]s每月支付赡养费%[4]d元，于每月10日前付清。",
			"双方互相谅解，%[2]s保证今后不再发生家庭暴力，共同维护家庭和睦。"},
		"money": {"%[2]s一次性支付%[1]s人民币%[4]d元，双方就此事再无其他争议。",
			"%[2]s分两期向%[1]s支付%[4]d元，首期于%[3]s前付清。",
			"%[2]s于%[3]s前向%[1]s支付%[4]d元，逾期按约定承担违约责任。"},
	}
	sessionRecords = []string{
		"调解员分别听取双方陈述，释法明理，双方情绪有所缓和。",
		"召集双方当事人到现场查看，核实界址和相关事实。",
		"邀请村干部、老党员参与调解，双方就主要分歧初步达成一致意见。",
		"电话联系双方当事人，转达对方意见，做思想疏导工作。",
		"组织双方面对面协商，对赔偿数额进一步协商。",
	}
	rejectReasons = []string{
		"该纠纷已由人民法院受理，不属于人民调解受理范围，已告知当事人。",
		"一方当事人明确拒绝调解，已告知其他救济途径。",
		"该事项属于行政机关职权范围，已引导当事人向有关部门反映。",
	}
	followUpNotes = []string{"协议已履行完毕，双方关系和睦。", "协议正在履行中，当事人表示满意。", "回访时双方未再发生争执。", "当事人对调解工作表示认可。", ""}
	returnReasons = []string{"该信访事项不属于本级职责范围，已按程序退回交办单位。", "信访事项已经依法终结，退回交办单位。"}
	plans         = []string{
		"包案领导牵头，相关部门联动，一案一策：核查事实，依法依规解决合理诉求，做好思想疏导。",
		"成立工作专班，逐项核查信访人反映的问题，限期提出处理意见并当面答复。",
		"落实“三到位一处理”，对合理诉求依法解决，对生活困难的给予帮扶救助。",
	}
	supervisionNotes = []string{"请加快调解进度，按期化解。", "该案已超期，请说明原因并限期办结。", "风险等级较高，请包案领导亲自过问，防止矛盾激化。"}
	feedbackNotes    = []string{"已召开专题会议研究，明确专人负责，正在加快推进。", "已按要求落实，案件正在按计划办理。", "已约谈当事人，矛盾已基本稳定，力争近期化解。"}
	reopenReasons    = []string{"信访人以补偿未到位为由再次到市上访。", "信访人对处理结果不满，重复信访。"}
	extendReasons    = []string{"双方同意延长调解期限，待补充证据后继续调解。", "案情复杂，需组织现场勘查，经双方同意延期。"}
)
