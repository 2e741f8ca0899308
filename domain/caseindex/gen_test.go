package caseindex

import (
	"fmt"
	"math/rand"
	"time"

	"pingan/domain"
)

// Test data: cases whose fields follow the two lifecycles, generated from a seeded source.

var ankang = mustTree()

func mustTree() *domain.RegionTree {
	t, err := domain.NewRegionTree(domain.AnkangRegions())
	if err != nil {
		panic(err)
	}
	return t
}

var (
	surnames   = []rune("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givenNames = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文玉兰金凤春梅海燕德")
	subjects   = []string{"宅基地边界", "相邻通行", "婚姻家庭", "土地承包", "山林权属", "劳务工资", "房屋买卖", "借款合同",
		"交通事故赔偿", "物业服务费", "医疗损害", "征地补偿", "排水沟渠", "噪音扰邻", "养殖污染", "赡养老人"}
)

func personName(r *rand.Rand) string {
	n := []rune{surnames[r.Intn(len(surnames))], givenNames[r.Intn(len(givenNames))]}
	if r.Intn(2) == 0 {
		n = append(n, givenNames[r.Intn(len(givenNames))])
	}
	return string(n)
}

// caseGen makes cases with increasing case numbers per township and year.
type caseGen struct {
	r    *rand.Rand
	seqs map[string]int
	now  time.Time
	seq  int64
}

func newGen(seed int64, now time.Time) *caseGen {
	return &caseGen{r: rand.New(rand.NewSource(seed)), seqs: map[string]int{}, now: now}
}

func tp(t time.Time) *time.Time { return &t }

// The users the generated histories are recorded by: an admin (both sides of a petition's assignment; a
// recorded history is replayed without the side rule anyway) and two leaders who 督办.
var (
	genAdmin   = &domain.User{ID: "gen-admin", Name: "管理员", Role: domain.RoleAdmin, RegionCode: "6109"}
	genLeaders = []*domain.User{
		{ID: "leader1", Name: "领导一", Role: domain.RoleLeader, RegionCode: "6109"},
		{ID: "leader2", Name: "领导二", Role: domain.RoleLeader, RegionCode: "6109"},
	}
)

// newCase registers a case of kind in township at reg, then plays a random history on it.
func (g *caseGen) newCase(kind domain.Kind, township string, reg time.Time) *domain.Case {
	c := g.register(kind, township, reg)
	g.advance(c, g.r.Intn(10))
	return c
}

// register registers a case of kind in township at reg through the domain's own rules (domain.NewCase).
func (g *caseGen) register(kind domain.Kind, township string, reg time.Time) *domain.Case {
	r := g.r
	a, b := personName(r), personName(r)
	cat := domain.Categories[r.Intn(len(domain.Categories))].Code
	in := domain.NewCaseInput{
		Kind: kind, Title: a + "与" + b + subjects[r.Intn(len(subjects))] + "纠纷", Category: cat,
		TownshipCode: township, RiskLevel: domain.RiskLevels[r.Intn(len(domain.RiskLevels))].Code,
		Parties:      []domain.PartyInput{{Name: a, Role: "applicant"}, {Name: b, Role: "respondent"}},
		RegisteredAt: &reg,
	}
	if kind == domain.KindDispute {
		in.Dispute = &domain.DisputeInput{Source: "application"}
		if r.Intn(4) == 0 {
			in.Dispute = &domain.DisputeInput{Source: "referral", ReferralFrom: "court"}
		}
		if r.Intn(20) == 0 {
			in.PeopleInvolved = 5 + r.Intn(20)
		}
	} else {
		in.Parties = in.Parties[:1]
		in.Parties[0].Role = "petitioner"
		in.Petition = &domain.PetitionInput{AssignedBy: domain.AssignedBys[r.Intn(4)].Code, AssignedAt: &reg}
		if r.Intn(2) == 0 {
			in.Petition.DueAt = tp(reg.AddDate(0, 0, 30+r.Intn(90)))
		}
	}
	c, err := domain.NewCase(in, genAdmin, ankang, g.now)
	if err != nil {
		panic(fmt.Sprintf("generate %s: %v", kind, err))
	}
	year := reg.In(domain.Shanghai).Year()
	key := fmt.Sprint(township, "/", year)
	g.seqs[key]++
	c.ID = domain.CaseNumber(township, year, g.seqs[key])
	c.CaseNo = c.ID
	if r.Intn(50) == 0 {
		c.Category = "legacy_category" // a code stored before the list changed
	}
	g.seq++
	c.Seq = g.seq
	return c
}

// advance plays up to steps random actions on c, each some hours to weeks after the last, never past now:
// every action goes through domain.Replay, so the history is one the lifecycle allows.
func (g *caseGen) advance(c *domain.Case, steps int) {
	r := g.r
	for ; steps > 0; steps-- {
		gap := time.Duration(1+r.Intn(30*24)) * time.Hour
		if r.Intn(3) == 0 { // some steps follow within two days (an objection must)
			gap = time.Duration(1+r.Intn(48)) * time.Hour
		}
		at := c.Timeline[len(c.Timeline)-1].At.Add(gap)
		if at.After(g.now) {
			return
		}
		if !g.step(c, at) {
			return
		}
		g.seq++
		c.Seq = g.seq
	}
}

// actionWeights make histories move on: progress is likely, detours rare.
var actionWeights = map[string]int{
	"accept": 10, "start": 10, "resolve": 8, "fail": 1, "close": 6, "visit": 3, "extend": 2, "session": 3,
	"reject": 1, "urge": 1, "apply_confirmation": 1, "confirmation_result": 1, "unperformed": 1, "report_back": 1,
	"assign": 10, "change_lead": 1, "apply_clear": 8, "clear": 6, "reject_clear": 2, "reopen": 1,
	"return": 4, "reassign": 3, "withdraw": 4, "request_review": 1, "answer_review": 2,
	"supervise": 2, "feedback": 3,
}

// step takes one random action the case allows; false when it allows none.
func (g *caseGen) step(c *domain.Case, at time.Time) bool {
	r := g.r
	allowed := domain.AllowedActions(c.State(), genAdmin, ankang, at)
	for len(allowed) > 0 {
		total := 0
		for _, a := range allowed {
			total += actionWeights[a]
		}
		pick := r.Intn(total + 1)
		i := 0
		for ; i < len(allowed)-1 && pick > actionWeights[allowed[i]]; i++ {
			pick -= actionWeights[allowed[i]]
		}
		action := allowed[i]
		by := genAdmin
		if action == "supervise" {
			by = genLeaders[r.Intn(len(genLeaders))]
		}
		if err := domain.Replay(c, g.input(c, action, at), by, ankang, at, g.now); err == nil {
			return true
		}
		allowed = append(allowed[:i], allowed[i+1:]...) // a guard refused it here: try another
	}
	return false
}

// input fills every field an action may read with valid, random values.
func (g *caseGen) input(c *domain.Case, action string, at time.Time) domain.ActionInput {
	r := g.r
	agreementType := "written"
	if r.Intn(4) == 0 {
		agreementType = "oral"
	}
	failure := []string{"refused", "gap_too_large", "withdrawn", "settled", "timeout"}[r.Intn(5)]
	redirect := "litigation"
	if failure == "withdrawn" || failure == "settled" {
		redirect = "none"
	}
	in := domain.ActionInput{
		Action: action, Version: c.Version, Note: "备注", Reason: "原因", Mediators: []string{"调解员甲"},
		Session: &domain.SessionInput{At: at, Mode: "onsite", Record: "调解记录"}, Days: 1 + r.Intn(30),
		Agreement:     &domain.AgreementInput{Type: agreementType, Terms: "赔偿", Amount: domain.Yuan(r.Intn(5000) * 100)},
		FailureReason: failure, Redirect: redirect,
		FollowUp: &domain.FollowUpInput{At: at, Satisfaction: domain.Satisfactions[r.Intn(3)].Code,
			Performance: domain.Performances[r.Intn(3)].Code},
		Route: "remediate", Court: "汉滨区人民法院", Confirmation: domain.ConfirmationResults[r.Intn(2)].Code,
		LeadLeader:     &domain.LeadLeaderInput{Name: personName(r), Post: "副县长"},
		ResolutionType: []string{"resolved", "ceased", "aided"}[r.Intn(3)],
		Materials:      []domain.MaterialInput{{Type: "opinion"}},
		KeepClock:      r.Intn(2) == 0, DueAt: tp(at.AddDate(0, 0, 10+r.Intn(80))),
		ReviewLevel: "review", FeedbackBy: tp(at.AddDate(0, 0, 1+r.Intn(40))),
	}
	if r.Intn(2) == 0 {
		in.Agreement.PerformBy = tp(at.AddDate(0, 0, r.Intn(60)))
	}
	if r.Intn(10) == 0 {
		in.Prevented = []domain.PreventionInput{{Type: domain.PreventionTypes[r.Intn(4)].Code, People: 1 + r.Intn(9)}}
	}
	if p := c.Petition; p != nil {
		for _, rv := range p.Reviews {
			if rv.Level == "review" && rv.AnsweredAt != nil {
				in.ReviewLevel = "recheck"
			}
		}
		if open := openReviewLevel(p); open != "" {
			in.ReviewLevel = open
		}
		towns := ankang.Townships(c.CountyCode)
		in.TownshipCode = towns[r.Intn(len(towns))].Code
	}
	return in
}

func openReviewLevel(p *domain.PetitionInfo) string {
	for _, rv := range p.Reviews {
		if rv.AnsweredAt == nil {
			return rv.Level
		}
	}
	return ""
}
