package store

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
	"pingan/domain/caseindex"
)

// Benchmarks of the store's hot paths on the embedded store, each next to the raw driver doing the same
// storage work in the same run, so the figures say what the app adds over its storage floor:
//
//	go test -run '^$' -bench . -benchmem ./store/
//
// Results and what they mean are in docs/BENCHMARKS.md ("Store and HTTP").

var (
	benchRegions = mustBenchRegions()
	benchNow     = time.Date(2026, 3, 10, 9, 30, 0, 0, domain.Shanghai)
)

func mustBenchRegions() *domain.RegionTree {
	t, err := domain.NewRegionTree(domain.AnkangRegions())
	if err != nil {
		panic(err)
	}
	return t
}

// benchGen makes cases the way the app does: domain.NewCase, then domain.Apply along the lifecycle, so
// the documents have the size and shape of real ones (parties, timeline, sessions, agreement, follow-up).
type benchGen struct {
	r     *rand.Rand
	towns []*domain.Region
}

func newBenchGen(seed int64) *benchGen {
	return &benchGen{r: rand.New(rand.NewSource(seed)), towns: benchRegions.Townships("6109")}
}

var (
	benchSurnames = []rune("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕")
	benchGiven    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红文玉金凤春梅海燕德")
	benchSubjects = []string{"宅基地边界", "相邻通行", "土地承包", "劳务工资", "借款合同", "交通事故赔偿", "赡养老人", "噪音扰邻"}
)

func (g *benchGen) name() string {
	n := []rune{benchSurnames[g.r.Intn(len(benchSurnames))], benchGiven[g.r.Intn(len(benchGiven))]}
	if g.r.Intn(2) == 0 {
		n = append(n, benchGiven[g.r.Intn(len(benchGiven))])
	}
	return string(n)
}

func (g *benchGen) town() string { return g.towns[g.r.Intn(len(g.towns))].Code }

func benchUser(role domain.Role, region string) *domain.User {
	return &domain.User{ID: string(role) + "-" + region, Username: string(role) + "-" + region, Name: "测试" + region,
		Role: role, RegionCode: region, Active: true}
}

// newDispute is a dispute as intake makes it (status registered, one timeline entry), not yet numbered.
func (g *benchGen) newDispute(town string, reg time.Time) *domain.Case {
	a, b := g.name(), g.name()
	subject := benchSubjects[g.r.Intn(len(benchSubjects))]
	in := domain.NewCaseInput{
		Kind: domain.KindDispute, Title: a + "与" + b + subject + "纠纷",
		Summary:  a + "反映与" + b + "因" + subject + "问题发生纠纷，双方多次协商未果，申请村调委会调解。",
		Category: domain.Categories[g.r.Intn(len(domain.Categories))].Code, TownshipCode: town, Village: "东坡村",
		RiskLevel: domain.RiskLevels[g.r.Intn(len(domain.RiskLevels))].Code,
		Parties: []domain.PartyInput{
			{Name: a, Role: "applicant", IDNumber: fmt.Sprintf("6109%014d", g.r.Int63n(1e14)), Phone: fmt.Sprintf("139%08d", g.r.Intn(1e8)), Address: "东坡村三组"},
			{Name: b, Role: "respondent", Phone: fmt.Sprintf("138%08d", g.r.Intn(1e8))},
		},
		RegisteredAt: &reg, Dispute: &domain.DisputeInput{Source: "application"},
	}
	c, err := domain.NewCase(in, benchUser(domain.RoleMediator, town), benchRegions, reg.Add(time.Minute))
	if err != nil {
		panic(err)
	}
	return c
}

// apply runs one action on c at time at, as a mediator (disputes) or petition officer (petitions) of its
// township, or for the assigning office's actions on a petition as the county's petition office.
func apply(c *domain.Case, at time.Time, in domain.ActionInput) {
	by := benchUser(domain.RoleMediator, c.TownshipCode)
	if c.Kind == domain.KindPetition {
		by = benchUser(domain.RolePetition, c.TownshipCode)
		if slices.Contains([]string{"reassign", "withdraw", "clear", "reject_clear", "extend", "reopen"}, in.Action) {
			by = benchUser(domain.RolePetition, benchRegions.CountyOf(c.TownshipCode))
		}
	}
	in.Version = c.Version
	if err := domain.Apply(c, in, by, benchRegions, at); err != nil {
		panic(fmt.Sprintf("%s on %s %s: %v", in.Action, c.Kind, c.Status, err))
	}
}

func sessionAction(at time.Time) domain.ActionInput {
	return domain.ActionInput{Action: "session", Session: &domain.SessionInput{At: at, Mode: "onsite",
		Record: "组织双方当事人面对面调解，听取双方意见，释法说理，双方分歧有所缩小。"}}
}

// dispute is a dispute registered at reg and taken stage steps along its lifecycle:
// 0 registered, 1 accepted, 2 mediating with a session, 3 resolved (sometimes failed), 4 closed with a follow-up.
func (g *benchGen) dispute(town string, reg time.Time, stage int) *domain.Case {
	c := g.newDispute(town, reg)
	at := func(h int) time.Time { return reg.Add(time.Duration(h) * time.Hour) }
	if stage >= 1 {
		apply(c, at(2), domain.ActionInput{Action: "accept", Note: "经审查符合受理条件"})
	}
	if stage >= 2 {
		apply(c, at(3), domain.ActionInput{Action: "start", Mediators: []string{g.name(), g.name()}})
		apply(c, at(50), sessionAction(at(49)))
	}
	if stage >= 3 {
		if g.r.Intn(40) == 0 {
			apply(c, at(200), domain.ActionInput{Action: "fail", FailureReason: "gap_too_large", Redirect: "litigation"})
		} else {
			apply(c, at(200), domain.ActionInput{Action: "resolve", Agreement: &domain.AgreementInput{Type: "written",
				Terms: "双方自愿达成协议，一方于三十日内支付补偿款，纠纷一次性了结。"}})
		}
	}
	if stage >= 4 {
		sat := []string{"satisfied", "satisfied", "satisfied", "basic", "unsatisfied"}[g.r.Intn(5)]
		apply(c, at(500), domain.ActionInput{Action: "close", FollowUp: &domain.FollowUpInput{At: at(499), Satisfaction: sat}})
	}
	return c
}

// petition is a backlog petition case registered at reg: received, resolving or cleared.
func (g *benchGen) petition(town string, reg time.Time) *domain.Case {
	in := domain.NewCaseInput{Kind: domain.KindPetition, Title: g.name() + "反映" + benchSubjects[g.r.Intn(len(benchSubjects))] + "问题",
		Category: "land_requisition", TownshipCode: town, RiskLevel: "orange",
		Parties: []domain.PartyInput{{Name: g.name(), Role: "petitioner"}}, RegisteredAt: &reg,
		Petition: &domain.PetitionInput{AssignedBy: "municipal"}}
	office := benchUser(domain.RolePetition, benchRegions.CountyOf(town)) // the county office assigns (交办)
	c, err := domain.NewCase(in, office, benchRegions, reg.Add(time.Minute))
	if err != nil {
		panic(err)
	}
	at := func(d int) time.Time { return reg.AddDate(0, 0, d) }
	stage := g.r.Intn(3)
	if stage >= 1 {
		apply(c, at(1), domain.ActionInput{Action: "accept"})
		apply(c, at(2), domain.ActionInput{Action: "assign", LeadLeader: &domain.LeadLeaderInput{Name: g.name(), Post: "副县长"}})
	}
	if stage >= 2 {
		apply(c, at(40), domain.ActionInput{Action: "resolve", ResolutionType: "resolved"})
		apply(c, at(44), domain.ActionInput{Action: "apply_clear"})
		apply(c, at(45), domain.ActionInput{Action: "clear"})
	}
	return c
}

// history is n cases registered over the two years before benchNow, mostly concluded, 5 % petitions.
func (g *benchGen) history(n int) []*domain.Case {
	out := make([]*domain.Case, 0, n)
	for range n {
		reg := benchNow.Add(-time.Duration(g.r.Int63n(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Millisecond)
		town := g.town()
		switch {
		case g.r.Intn(20) == 0:
			out = append(out, g.petition(town, reg.Add(-60*24*time.Hour)))
		case benchNow.Sub(reg) < 30*24*time.Hour:
			out = append(out, g.dispute(town, reg, g.r.Intn(3)))
		default:
			out = append(out, g.dispute(town, reg, 3+g.r.Intn(2)))
		}
	}
	return out
}

// filledStore is an embedded store holding n generated cases.
func filledStore(b *testing.B, n int) *Store {
	b.Helper()
	s := openTemp(b)
	if n > 0 {
		if err := s.InsertCasesBulk(context.Background(), newBenchGen(int64(n)).history(n)); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// pairTimer times two alternatives interleaved in one loop (alternating which goes first), so both see the
// same database size and the same disk, and reports each one's mean and the first's overhead over the second.
// The loop runs both, so its ns/op is their sum.
type pairTimer struct {
	app, floor time.Duration
	n          int
}

func (p *pairTimer) run(i int, app, floor func()) {
	timeIt := func(f func()) time.Duration { start := time.Now(); f(); return time.Since(start) }
	if i%2 == 0 {
		p.app += timeIt(app)
		p.floor += timeIt(floor)
	} else {
		p.floor += timeIt(floor)
		p.app += timeIt(app)
	}
	p.n++
}

func (p *pairTimer) report(b *testing.B, appName, floorName string) {
	if p.n == 0 {
		return
	}
	app := float64(p.app.Microseconds()) / 1000 / float64(p.n)
	floor := float64(p.floor.Microseconds()) / 1000 / float64(p.n)
	b.ReportMetric(app, appName+"-ms/op")
	b.ReportMetric(floor, floorName+"-ms/op")
	b.ReportMetric((app-floor)/floor*100, "overhead-%")
}

// benchPrefill is how many cases the intake and action benchmarks find in the store: a year and a half
// of Ankang's disputes.
const benchPrefill = 12_000

// BenchmarkIntake: Store.InsertCase (the township-year counter, the change record, the insert) against the
// raw driver's floor for the same case — the counter's findOneAndUpdate and an InsertOne of the document.
func BenchmarkIntake(b *testing.B) {
	s := filledStore(b, benchPrefill)
	ctx := context.Background()
	g := newBenchGen(7)
	cases := s.DB().Collection(colCases)
	counters := s.DB().Collection(colCounters)
	var p pairTimer
	for i := 0; b.Loop(); i++ { // b.Loop: the store is filled once, not once per round
		town := g.town()
		app := g.newDispute(town, benchNow)
		raw := g.newDispute(town, benchNow)
		p.run(i, func() {
			if err := s.InsertCase(ctx, app); err != nil {
				b.Fatal(err)
			}
		}, func() {
			var doc struct {
				Seq int64 `bson:"seq"`
			}
			err := counters.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: "raw:" + town}},
				bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
				options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&doc)
			if err != nil {
				b.Fatal(err)
			}
			raw.ID = domain.CaseNumber(town, 1999, int(doc.Seq))
			raw.CaseNo = raw.ID
			if _, err := cases.InsertOne(ctx, raw); err != nil {
				b.Fatal(err)
			}
		})
	}
	p.report(b, "InsertCase", "driver")
}

// BenchmarkAction: Store.UpdateCase running a mediation-session action (domain.Apply inside, the change
// record, the replace) against the raw driver reading the same kind of case by _id and replacing it.
// The replace alone is reported too (replace-ms/op): the write without the read an update needs.
func BenchmarkAction(b *testing.B) {
	s := filledStore(b, benchPrefill)
	ctx := context.Background()
	g := newBenchGen(11)
	const working = 2000 // open disputes each side works on, round robin
	var appCases, rawCases []*domain.Case
	for range working {
		appCases = append(appCases, g.dispute(g.town(), benchNow.AddDate(0, 0, -10), 2))
		rawCases = append(rawCases, g.dispute(g.town(), benchNow.AddDate(0, 0, -10), 2))
	}
	if err := s.InsertCasesBulk(ctx, slices.Concat(appCases, rawCases)); err != nil {
		b.Fatal(err)
	}
	cases := s.DB().Collection(colCases)
	var p pairTimer
	var replace time.Duration
	for i := 0; b.Loop(); i++ {
		at := benchNow.Add(time.Duration(i) * time.Second)
		appID, rawID := appCases[i%working].ID, rawCases[i%working].ID
		p.run(i, func() {
			_, err := s.UpdateCase(ctx, appID, func(c *domain.Case) error {
				in := sessionAction(at)
				in.Version = c.Version
				return domain.Apply(c, in, benchUser(domain.RoleMediator, c.TownshipCode), benchRegions, at)
			})
			if err != nil {
				b.Fatal(err)
			}
		}, func() {
			var c domain.Case
			if err := cases.FindOne(ctx, bson.D{{Key: "_id", Value: rawID}}).Decode(&c); err != nil {
				b.Fatal(err)
			}
			c.Version++
			c.Dispute.Sessions = append(c.Dispute.Sessions, domain.Session{At: at, Mode: "onsite", Record: "调解记录"})
			c.Timeline = append(c.Timeline, domain.TimelineEntry{At: at, Action: "session", From: c.Status, To: c.Status})
			start := time.Now()
			if _, err := cases.ReplaceOne(ctx, bson.D{{Key: "_id", Value: rawID}}, &c); err != nil {
				b.Fatal(err)
			}
			replace += time.Since(start)
		})
	}
	p.report(b, "UpdateCase", "driver")
	if p.n > 0 {
		b.ReportMetric(float64(replace.Microseconds())/1000/float64(p.n), "replace-ms/op")
	}
}

// reportSize is the number of cases of the aggregation comparison: the store decodes every document of an
// aggregation in Go, so at Ankang's 40,000 it would take seconds per report.
const reportSize = 2000

// BenchmarkResolutionReport: the city's resolution report by township, computed by the store's own
// aggregation and by the case index, over the same cases.
func BenchmarkResolutionReport(b *testing.B) {
	s := filledStore(b, reportSize)
	ctx := context.Background()
	ix := caseindex.New(benchRegions)
	if err := s.EachCase(ctx, func(c *domain.Case) error { ix.Put(c); return nil }); err != nil {
		b.Fatal(err)
	}
	want := ix.Resolution("6109", domain.LevelTownship, domain.Window{}, benchNow)
	got, err := aggregateResolution(ctx, s.DB(), benchNow)
	if err != nil {
		b.Fatal(err)
	}
	if err := sameCoreFigures(got, want); err != nil {
		b.Fatalf("the aggregation and the index disagree: %v", err)
	}
	b.Run(fmt.Sprintf("aggregation/n=%d", reportSize), func(b *testing.B) {
		for b.Loop() {
			if _, err := aggregateResolution(ctx, s.DB(), benchNow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("index/n=%d", reportSize), func(b *testing.B) {
		for b.Loop() {
			ix.Resolution("6109", domain.LevelTownship, domain.Window{}, benchNow)
		}
	})
}

// groupCount is one row of a $group that counts.
type groupCount struct {
	ID struct {
		Town    string `bson:"t"`
		Kind    string `bson:"k"`
		Status  string `bson:"s"`
		Outcome string `bson:"o"`
	} `bson:"_id"`
	N int `bson:"n"`
}

// aggregateResolution is the city's report by township over all the records, as far as one pipeline with
// one accumulator can say it (FerretDB answers 0 for every accumulator of a $group that has two or more):
// counts by township, kind, status and outcome give the disputes registered, resolved and failed and the
// backlog cases in the denominator and cleared now. The dated figures (carried over, on time, overdue at the
// end, visits) need each case's timeline, which an aggregation on FerretDB cannot walk: the index does more.
func aggregateResolution(ctx context.Context, db *mongo.Database, now time.Time) (domain.ResolutionReport, error) {
	towns := benchRegions.Townships("6109")
	rows := make([]domain.ResolutionRow, len(towns))
	pos := make(map[string]int, len(towns))
	for i, t := range towns {
		rows[i] = domain.ResolutionRow{Code: t.Code, Name: t.Name, ParentCode: t.ParentCode}
		pos[t.Code] = i
	}
	cur, err := db.Collection(colCases).Aggregate(ctx, bson.A{bson.D{{Key: "$group", Value: bson.D{
		{Key: "_id", Value: bson.D{{Key: "t", Value: "$townshipCode"}, {Key: "k", Value: "$kind"}, {Key: "s", Value: "$status"}, {Key: "o", Value: "$outcome"}}},
		{Key: "n", Value: bson.D{{Key: "$sum", Value: 1}}}}}}})
	if err != nil {
		return domain.ResolutionReport{}, fmt.Errorf("counts: %w", err)
	}
	var out []groupCount
	if err := cur.All(ctx, &out); err != nil {
		return domain.ResolutionReport{}, fmt.Errorf("counts: %w", err)
	}
	for _, g := range out {
		i, ok := pos[g.ID.Town]
		if !ok {
			continue
		}
		r := &rows[i]
		switch domain.Kind(g.ID.Kind) {
		case domain.KindDispute:
			r.Disputes.Registered += g.N
			switch domain.Outcome(g.ID.Outcome) {
			case domain.OutcomeResolved:
				r.Disputes.Resolved += g.N
			case domain.OutcomeFailed:
				r.Disputes.Failed += g.N
			}
		case domain.KindPetition:
			if domain.Status(g.ID.Status) != domain.StatusWithdrawn {
				r.Petitions.Total += g.N
			}
			if domain.Status(g.ID.Status) == domain.StatusCleared {
				r.Petitions.ClearedAtEnd += g.N
			}
		}
	}
	rep := domain.ResolutionReport{Region: domain.RefOf(benchRegions.Root()), GroupBy: string(domain.LevelTownship), GeneratedAt: now, Rows: rows}
	for i := range rows {
		rows[i].Disputes.Finish()
		rows[i].Petitions.Finish()
	}
	rep.Totals = domain.TotalsOf(rows)
	domain.RankRows(rows)
	return rep, nil
}

// sameCoreFigures compares what both ways compute: every row's and the totals' registered, resolved, failed,
// backlog total and cleared.
func sameCoreFigures(got, want domain.ResolutionReport) error {
	type core struct{ Registered, Resolved, Failed, PTotal, Cleared int }
	pick := func(d domain.DisputeFigures, p domain.PetitionFigures) core {
		return core{d.Registered, d.Resolved, d.Failed, p.Total, p.ClearedAtEnd}
	}
	if len(got.Rows) != len(want.Rows) {
		return fmt.Errorf("%d rows, want %d", len(got.Rows), len(want.Rows))
	}
	for i := range got.Rows {
		g, w := pick(got.Rows[i].Disputes, got.Rows[i].Petitions), pick(want.Rows[i].Disputes, want.Rows[i].Petitions)
		if g != w {
			return fmt.Errorf("row %s: %+v, index %+v", got.Rows[i].Code, g, w)
		}
	}
	if g, w := pick(got.Totals.Disputes, got.Totals.Petitions), pick(want.Totals.Disputes, want.Totals.Petitions); g != w {
		return fmt.Errorf("totals: %+v, index %+v", g, w)
	}
	if want.Totals.Disputes.Registered == 0 || want.Totals.Disputes.Resolved == 0 || want.Totals.Petitions.Total == 0 {
		return fmt.Errorf("the data exercises too little: %+v", want.Totals)
	}
	return nil
}

func BenchmarkScanCases(b *testing.B) {
	const n = 2000
	s := filledStore(b, n)
	ctx := context.Background()
	for _, way := range []struct {
		name string
		each func(context.Context, func(*domain.Case) error) error
	}{{"direct", s.eachCaseDirect}, {"driver", s.eachCaseCursor}} {
		b.Run(fmt.Sprintf("%s/n=%d", way.name, n), func(b *testing.B) {
			for b.Loop() {
				seen := 0
				if err := way.each(ctx, func(*domain.Case) error { seen++; return nil }); err != nil || seen != n {
					b.Fatalf("%d cases, %v", seen, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*n), "ms/case")
		})
	}
}
