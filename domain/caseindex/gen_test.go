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

// newCase registers a case of kind in township at registeredAt, then drives it to a random status.
func (g *caseGen) newCase(kind domain.Kind, township string, reg time.Time) *domain.Case {
	r := g.r
	year := reg.In(domain.Shanghai).Year()
	key := fmt.Sprint(township, "/", year)
	g.seqs[key]++
	id := domain.CaseNumber(township, year, g.seqs[key])
	a, b := personName(r), personName(r)
	cat := domain.Categories[r.Intn(len(domain.Categories))].Code
	if r.Intn(50) == 0 {
		cat = "legacy_category"
	}
	g.seq++
	c := &domain.Case{
		ID: id, CaseNo: id, Kind: kind, Version: 1,
		Title:        a + "与" + b + subjects[r.Intn(len(subjects))] + "纠纷",
		Category:     cat,
		TownshipCode: township, CountyCode: ankang.CountyOf(township),
		RiskLevel:    domain.RiskLevels[r.Intn(len(domain.RiskLevels))].Code,
		Parties:      []domain.Party{{Name: a, Role: "applicant"}, {Name: b, Role: "respondent"}},
		RegisteredAt: reg, CreatedAt: reg, UpdatedAt: reg, Seq: g.seq,
	}
	if kind == domain.KindDispute {
		c.Status = domain.StatusRegistered
		c.Dispute = &domain.DisputeInfo{Source: "application"}
	} else {
		c.Status = domain.StatusReceived
		c.Petition = &domain.PetitionInfo{AssignedBy: domain.AssignedBys[r.Intn(4)].Code}
		c.Parties = c.Parties[:1]
	}
	g.advance(c, r.Intn(8))
	return c
}

// advance applies up to steps random lifecycle actions, never past now.
func (g *caseGen) advance(c *domain.Case, steps int) {
	r := g.r
	at := c.UpdatedAt
	for ; steps > 0; steps-- {
		at = at.Add(time.Duration(1+r.Intn(40*24)) * time.Hour)
		if at.After(g.now) {
			return
		}
		from := c.Status
		if !g.step(c, at) {
			return
		}
		c.Version++
		c.UpdatedAt = at
		c.Timeline = append(c.Timeline, domain.TimelineEntry{At: at, From: from, To: c.Status})
		g.seq++
		c.Seq = g.seq
	}
}

// step applies one action allowed in c's status; false when none is left.
func (g *caseGen) step(c *domain.Case, at time.Time) bool {
	r := g.r
	if domain.IsOpen(c.Status) && r.Intn(5) == 0 { // 督办, sometimes answered
		s := domain.Supervision{At: at, By: domain.Actor{ID: []string{"leader1", "leader2"}[r.Intn(2)]},
			FeedbackBy: at.AddDate(0, 0, 1+r.Intn(40))}
		if r.Intn(2) == 0 {
			s.AnsweredAt = tp(at.Add(time.Hour))
		}
		c.Supervisions = append(c.Supervisions, s)
		return true
	}
	switch c.Kind {
	case domain.KindDispute:
		d := c.Dispute
		switch c.Status {
		case domain.StatusRegistered:
			if r.Intn(6) == 0 {
				c.Status, d.RejectReason, c.ClosedAt = domain.StatusRejected, "不属于调解范围", tp(at)
				return true
			}
			c.Status, c.AcceptedAt, c.DueAt = domain.StatusAccepted, tp(at), tp(at.AddDate(0, 0, domain.DisputeTermDays))
		case domain.StatusAccepted:
			c.Status, d.Mediators = domain.StatusMediating, []string{"调解员甲"}
		case domain.StatusMediating:
			if r.Intn(4) == 0 {
				c.Status, c.Outcome, d.FailureReason, d.Redirect = domain.StatusFailed, domain.OutcomeFailed, "refused", "litigation"
				return true
			}
			c.Status, c.Outcome = domain.StatusResolved, domain.OutcomeResolved
			d.Agreement = &domain.Agreement{Type: "written", Terms: "赔偿"}
			if r.Intn(2) == 0 {
				d.Agreement.PerformBy = tp(at.AddDate(0, 0, r.Intn(60)))
			}
		case domain.StatusResolved, domain.StatusFailed:
			c.Status, c.ClosedAt = domain.StatusClosed, tp(at)
			d.FollowUp = &domain.FollowUp{At: at, Satisfaction: domain.Satisfactions[r.Intn(3)].Code}
		default:
			return false
		}
	case domain.KindPetition:
		p := c.Petition
		switch c.Status {
		case domain.StatusReceived:
			if r.Intn(8) == 0 {
				c.Status, p.ReturnReason, c.ClosedAt = domain.StatusReturned, "不属于本级", tp(at)
				return true
			}
			c.Status, c.AcceptedAt, c.DueAt = domain.StatusAccepted, tp(at), tp(at.AddDate(0, 0, domain.PetitionTermDays))
		case domain.StatusAccepted:
			c.Status, p.LeadLeader = domain.StatusResolving, &domain.LeadLeader{Name: personName(r), Post: "副县长"}
		case domain.StatusResolving:
			c.Status, p.ResolutionType = domain.StatusResolved, "resolved"
		case domain.StatusResolved:
			c.Status, p.ClearedAt, c.ClosedAt = domain.StatusCleared, tp(at), tp(at)
		case domain.StatusCleared:
			if r.Intn(3) != 0 {
				return false
			}
			c.Status, c.ClosedAt, p.ClearedAt = domain.StatusResolving, nil, nil
			p.RepeatCount++
		default:
			return false
		}
	}
	return true
}
