package main

import (
	"math/rand"
	"net/url"
	"strconv"
	"time"
)

// What virtual users type: Chinese names, dispute subjects with their category, search keywords.

var (
	surnames   = []rune("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜")
	givenNames = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红文玉金凤春梅海燕德")
	subjects   = []struct{ text, category string }{
		{"宅基地边界", "housing_homestead"}, {"相邻通行", "neighbor"}, {"婚姻家庭", "marriage_family"},
		{"土地承包", "forest_land"}, {"山林权属", "forest_land"}, {"劳务工资", "labor"}, {"房屋买卖", "contract"},
		{"借款合同", "contract"}, {"交通事故赔偿", "traffic"}, {"物业服务费", "property_mgmt"}, {"医疗损害", "medical"},
		{"征地补偿", "land_requisition"}, {"排水沟渠", "neighbor"}, {"噪音扰邻", "neighbor"}, {"养殖污染", "pollution"},
		{"赡养老人", "marriage_family"}, {"茶园经营", "production_business"}, {"网购退货", "consumer"},
		{"财产损害", "damages"}, {"门前道路", "other"},
	}
	// keywords are searches people type: subjects, full names, surnames, places.
	keywords = []string{"宅基地", "土地承包", "工资", "婚姻", "赡养", "借款", "交通事故", "物业", "噪音", "征地",
		"山林", "养殖", "张伟", "王秀英", "李娜", "刘", "陈", "杨", "赔偿", "邻里"}
	villages   = []string{"东坡村", "新华社区", "石门村", "双河村", "红光村", "老街社区", "太平村", "白鹤村"}
	dispStatus = []string{"registered", "accepted", "mediating", "resolved", "failed", "closed", "rejected"}
	categories = []string{"marriage_family", "neighbor", "housing_homestead", "contract", "production_business",
		"damages", "forest_land", "land_requisition", "pollution", "labor", "consumer", "medical", "traffic",
		"property_mgmt", "other"}
	risks = []string{"red", "orange", "yellow", "blue"}
)

func personName(r *rand.Rand) string {
	n := []rune{surnames[r.Intn(len(surnames))], givenNames[r.Intn(len(givenNames))]}
	if r.Intn(2) == 0 {
		n = append(n, givenNames[r.Intn(len(givenNames))])
	}
	return string(n)
}

func mobile(r *rand.Rand) string {
	return "1" + strconv.Itoa(3+r.Intn(7)) + strconv.Itoa(100000000+r.Intn(900000000))
}

// newDispute is a registration form as a mediator fills it in.
func newDispute(r *rand.Rand, township string) map[string]any {
	a, b := personName(r), personName(r)
	subj := subjects[r.Intn(len(subjects))]
	dispute := map[string]any{"source": "application"}
	switch r.Intn(4) {
	case 0:
		dispute["source"] = "proactive"
	case 1:
		dispute["source"], dispute["referralFrom"] = "referral", []string{"court", "police", "grid", "hotline"}[r.Intn(4)]
	}
	risk := "blue"
	if n := r.Intn(20); n == 0 {
		risk = "orange"
	} else if n < 4 {
		risk = "yellow"
	}
	return map[string]any{
		"kind":         "dispute",
		"title":        a + "与" + b + subj.text + "纠纷",
		"summary":      a + "反映与" + b + "因" + subj.text + "问题发生纠纷，双方多次协商未果，申请村调委会调解。",
		"category":     subj.category,
		"townshipCode": township,
		"village":      villages[r.Intn(len(villages))],
		"riskLevel":    risk,
		"parties": []map[string]any{
			{"name": a, "role": "applicant", "phone": mobile(r)},
			{"name": b, "role": "respondent"},
		},
		"dispute": dispute,
	}
}

// nextAction is the next step of a dispute through its lifecycle: accept (rarely reject), start, a few
// sessions (rarely an extension), resolve (sometimes fail), close with the follow-up visit.
func nextAction(r *rand.Rand, c *ownCase, now time.Time) map[string]any {
	act := func(name string, fields map[string]any) map[string]any {
		fields["action"], fields["version"] = name, c.version
		return fields
	}
	switch c.status {
	case "registered":
		if r.Intn(20) == 0 {
			return act("reject", map[string]any{"reason": "不属于人民调解受理范围，已告知当事人向法院起诉"})
		}
		return act("accept", map[string]any{"note": "经审查符合受理条件"})
	case "accepted":
		return act("start", map[string]any{"mediators": []string{personName(r), personName(r)}})
	case "mediating":
		switch {
		case c.sessions < c.wantSessions:
			return act("session", map[string]any{"session": map[string]any{
				"at": now.Format(time.RFC3339), "mode": []string{"onsite", "phone", "video"}[r.Intn(3)],
				"record": "组织双方当事人面对面调解，听取双方意见，释法说理，双方分歧有所缩小。"}})
		case !c.extended && r.Intn(20) == 0:
			return act("extend", map[string]any{"days": 15, "reason": "双方同意延长调解期限，等待第三方评估"})
		case r.Intn(10) == 0:
			return act("fail", map[string]any{"failureReason": "gap_too_large", "redirect": "litigation"})
		}
		return act("resolve", map[string]any{"agreement": map[string]any{
			"type": []string{"written", "written", "oral"}[r.Intn(3)], "terms": "双方自愿达成协议，一方于三十日内支付补偿款，纠纷一次性了结。"}})
	}
	satisfaction := "satisfied"
	if n := r.Intn(100); n < 3 {
		satisfaction = "unsatisfied"
	} else if n < 15 {
		satisfaction = "basic"
	}
	return act("close", map[string]any{"followUp": map[string]any{
		"at": now.Format(time.RFC3339), "satisfaction": satisfaction, "note": "电话回访，协议已履行"}})
}

// listFilter is a case list query as people click it together: one to three filters, mostly page 1.
func listFilter(r *rand.Rand, who *account, now time.Time) url.Values {
	q := url.Values{}
	filters := []func(){
		func() { q.Set("status", dispStatus[r.Intn(len(dispStatus))]); q.Set("kind", "dispute") },
		func() { q.Set("category", categories[r.Intn(len(categories))]) },
		func() { q.Set("riskLevel", risks[r.Intn(len(risks))]) },
		func() {
			q.Set("from", now.AddDate(0, -3, 0).Format(time.DateOnly))
			q.Set("to", now.Format(time.DateOnly))
		},
		func() { q.Set("overdue", "true") },
		func() { q.Set("warning", "due_soon") },
		func() { q.Set("sort", "dueAt") },
	}
	if len(who.townships) > 1 {
		filters = append(filters, func() { q.Set("township", who.townships[r.Intn(len(who.townships))]) })
	}
	if len(who.counties) > 1 {
		filters = append(filters, func() { q.Set("county", who.counties[r.Intn(len(who.counties))]) })
	}
	for range 1 + r.Intn(3) {
		filters[r.Intn(len(filters))]()
	}
	if r.Intn(5) == 0 {
		q.Set("page", strconv.Itoa(2+r.Intn(4)))
	}
	return q
}
