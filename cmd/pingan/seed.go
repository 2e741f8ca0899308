package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"pingan/domain"
	"pingan/domain/casework"
)

// seedChunk is how many generated cases go to the store at a time.
const seedChunk = 1000

// seedOptions says what `pingan seed` writes.
type seedOptions struct {
	Disputes, Petitions int
	From, Now           time.Time // registrations spread over [From, Now)
	Seed                uint64
}

func runSeed(args []string) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	disputes := fs.Int("disputes", 0, "number of disputes (矛盾纠纷) to write")
	petitions := fs.Int("petitions", 0, "number of backlog petition cases (信访积案) to write")
	from := fs.String("from", "", "first registration date, YYYY-MM-DD (default: two years before now)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed, --from and now give the same cases")
	appendCases := fs.Bool("append", false, "write even though the store already holds cases")
	ifEmpty := fs.Bool("if-empty", false, "when the store already holds cases, write nothing and exit 0")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, `Usage: pingan seed --disputes N --petitions M [--from YYYY-MM-DD] [--seed S] [--append | --if-empty]

Writes realistic demo cases for Ankang (安康市) into the configured store, through the same domain rules as
the API: each case is registered and taken along its lifecycle (acceptance, mediation sessions, extensions,
resolution, follow-up visits, 督办; for petitions assignment, resolution, clearance, re-opening) at simulated
times between --from and now. Townships are weighted by size, categories, risk levels and outcomes follow
the shares of the justice bureaus' statistics (about 98.7 % of concluded disputes resolved).

A store that already holds cases is refused (exit 1) unless --append is given; --if-empty makes that a
no-op instead (exit 0). Run it with the server stopped: the server loads the cases at its next start.
PINGAN_SEED_NOW (RFC 3339 or YYYY-MM-DD) pins "now" for reproducible data.

Flags:`)
		fs.PrintDefaults()
		printSettings(w)
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "pingan seed: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	opt, err := seedOptionsFrom(*disputes, *petitions, *from, *seed, os.Getenv("PINGAN_SEED_NOW"), time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan seed:", err)
		return 2
	}
	if *appendCases && *ifEmpty {
		fmt.Fprintln(os.Stderr, "pingan seed: --append and --if-empty exclude each other")
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan seed:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	off, err := openOffline(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan seed:", err)
		return 1
	}
	defer off.st.Close(context.Background())
	has, err := off.st.HasCases(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pingan seed:", err)
		return 1
	}
	if has && !*appendCases {
		if *ifEmpty {
			fmt.Println("数据库中已有案件，未写入演示数据 / the store already holds cases: nothing written")
			return 0
		}
		fmt.Fprintln(os.Stderr, "pingan seed: 数据库中已有案件，未写入演示数据（演示数据只写入空库；确需追加请加 --append）\n"+
			"pingan seed: the store already holds cases; nothing written (use --append to add to them)")
		return 1
	}
	progress := newProgress(os.Stderr, opt.Disputes+opt.Petitions)
	start := time.Now()
	sum, err := seedCases(ctx, off.cases, off.regions, opt, progress.update)
	progress.done()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pingan seed: %v (%d cases were written before)\n", err, sum.written)
		return 1
	}
	sum.print(os.Stdout, time.Since(start))
	return 0
}

// seedOptionsFrom checks the flags; pinnedNow (PINGAN_SEED_NOW) replaces now when set.
func seedOptionsFrom(disputes, petitions int, from string, seed uint64, pinnedNow string, now time.Time) (seedOptions, error) {
	opt := seedOptions{Disputes: disputes, Petitions: petitions, Seed: seed, Now: now.In(domain.Shanghai).Truncate(time.Second)}
	if pinnedNow != "" {
		t, err := domain.ParseDateOrTime(pinnedNow, false)
		if err != nil {
			return opt, fmt.Errorf("PINGAN_SEED_NOW: %w", err)
		}
		opt.Now = t.In(domain.Shanghai)
	}
	switch {
	case disputes < 0 || petitions < 0:
		return opt, errors.New("--disputes and --petitions cannot be negative")
	case disputes+petitions == 0:
		return opt, errors.New("nothing to write: give --disputes and/or --petitions")
	case disputes+petitions > 10_000_000:
		return opt, errors.New("at most 10,000,000 cases at a time")
	}
	opt.From = opt.Now.AddDate(-2, 0, 0)
	if from != "" {
		t, err := time.ParseInLocation(time.DateOnly, from, domain.Shanghai)
		if err != nil {
			return opt, fmt.Errorf("--from: want YYYY-MM-DD, got %q", from)
		}
		opt.From = t
	}
	if !opt.From.Before(opt.Now) {
		return opt, fmt.Errorf("--from %s is not before now (%s)", opt.From.Format(time.DateOnly), opt.Now.Format(time.DateOnly))
	}
	if opt.From.Before(time.Date(2000, 1, 1, 0, 0, 0, 0, domain.Shanghai)) {
		return opt, errors.New("--from cannot be before 2000-01-01")
	}
	return opt, nil
}

// seedCases generates the cases in registration order and writes them in chunks through the write path;
// progress hears the number written so far.
func seedCases(ctx context.Context, cases *casework.Service, regions *domain.RegionTree, opt seedOptions, progress func(done int)) (seedSummary, error) {
	s := newSeeder(regions, opt)
	sum := newSeedSummary(opt.Now)
	type slot struct {
		at   time.Time
		kind domain.Kind
	}
	var slots []slot
	for _, at := range s.registrationTimes(opt.Disputes) {
		slots = append(slots, slot{at, domain.KindDispute})
	}
	for _, at := range s.registrationTimes(opt.Petitions) {
		slots = append(slots, slot{at, domain.KindPetition})
	}
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].at.Before(slots[j].at) })

	chunk := make([]*domain.Case, 0, seedChunk)
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		batch := casework.Batch{Cases: chunk, Action: "seed", Detail: fmt.Sprintf("演示数据%d件（命令行）", len(chunk))}
		if err := cases.Store(ctx, s.registrar, batch); err != nil {
			return err
		}
		for _, c := range chunk {
			sum.count(c)
		}
		progress(sum.written)
		chunk = chunk[:0]
		return nil
	}
	for _, sl := range slots {
		var c *domain.Case
		var err error
		if sl.kind == domain.KindDispute {
			c, err = s.dispute(sl.at)
		} else {
			c, err = s.petition(sl.at)
		}
		if err != nil {
			return sum, err
		}
		chunk = append(chunk, c)
		if len(chunk) == seedChunk {
			if err := flush(); err != nil {
				return sum, err
			}
			if err := ctx.Err(); err != nil {
				return sum, fmt.Errorf("interrupted: %w", err)
			}
		}
	}
	return sum, flush()
}

// seedTown is a township with its weight and the people who work there.
type seedTown struct {
	region     *domain.Region
	county     *domain.Region
	street     bool
	villages   []string
	mediators  []*domain.User
	petitioner *domain.User // the petition office's staff member
	leader     *domain.User // a county leader who supervises (督办)
}

// seeder generates cases from one random stream; everything it makes depends on the seed, --from and now.
type seeder struct {
	r         *rand.Rand
	regions   *domain.RegionTree
	opt       seedOptions
	registrar *domain.User
	cityLead  *domain.User
	// the petition offices that assign backlog cases (交办) and review their clearance
	cityPetition    *domain.User
	countyPetitions map[string]*domain.User
	towns           []*seedTown
	cumWeight       []float64
}

func hashOf(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func newSeeder(regions *domain.RegionTree, opt seedOptions) *seeder {
	root := regions.Root()
	s := &seeder{
		r:         rand.New(rand.NewPCG(opt.Seed, 0x5eed)),
		regions:   regions,
		opt:       opt,
		registrar: &domain.User{ID: "seed", Name: "演示数据", Role: domain.RoleAdmin, RegionCode: root.Code},
	}
	staff := rand.New(rand.NewPCG(opt.Seed, hashOf(root.Code)))
	s.cityLead = &domain.User{ID: "seed-leader-" + root.Code, Name: personName(staff), Role: domain.RoleLeader, RegionCode: root.Code}
	s.cityPetition = &domain.User{ID: "seed-petition-" + root.Code, Name: personName(staff), Role: domain.RolePetition, RegionCode: root.Code}
	s.countyPetitions = map[string]*domain.User{}
	countyLeads := map[string]*domain.User{}
	total := 0.0
	for _, t := range regions.Townships(root.Code) {
		county, _ := regions.Get(regions.CountyOf(t.Code))
		tr := rand.New(rand.NewPCG(opt.Seed, hashOf(t.Code)))
		town := &seedTown{region: t, county: county, street: strings.HasSuffix(t.Name, "街道")}
		// Streets and county seats are the big places; the rest vary by a factor of three, the same for
		// every seed (the weight comes from the code).
		weight := 0.5 + float64(hashOf("weight:"+t.Code)%1000)/1000
		switch {
		case town.street:
			weight = 3
		case t.Name == "城关镇":
			weight = 2.5
		}
		heads, suffix := villageHeads, "村"
		if town.street {
			heads, suffix = communityHeads, "社区"
		}
		for _, i := range tr.Perm(len(heads))[:6+tr.IntN(8)] {
			town.villages = append(town.villages, heads[i]+suffix)
		}
		for k := range 2 + tr.IntN(3) {
			town.mediators = append(town.mediators, &domain.User{ID: fmt.Sprintf("seed-mediator-%s-%d", t.Code, k+1),
				Name: personName(tr), Role: domain.RoleMediator, RegionCode: t.Code})
		}
		town.petitioner = &domain.User{ID: "seed-petition-" + t.Code, Name: personName(tr), Role: domain.RolePetition, RegionCode: t.Code}
		if countyLeads[county.Code] == nil {
			cr := rand.New(rand.NewPCG(opt.Seed, hashOf(county.Code)))
			countyLeads[county.Code] = &domain.User{ID: "seed-leader-" + county.Code, Name: personName(cr), Role: domain.RoleLeader, RegionCode: county.Code}
			s.countyPetitions[county.Code] = &domain.User{ID: "seed-petition-" + county.Code, Name: personName(cr), Role: domain.RolePetition, RegionCode: county.Code}
		}
		town.leader = countyLeads[county.Code]
		s.towns = append(s.towns, town)
		total += weight
		s.cumWeight = append(s.cumWeight, total)
	}
	return s
}

func (s *seeder) town() *seedTown {
	x := s.r.Float64() * s.cumWeight[len(s.cumWeight)-1]
	return s.towns[sort.SearchFloat64s(s.cumWeight, x)]
}

func (s *seeder) pick(ws []weighted) string {
	total := 0.0
	for _, w := range ws {
		total += w.weight
	}
	x := s.r.Float64() * total
	for _, w := range ws {
		if x < w.weight {
			return w.code
		}
		x -= w.weight
	}
	return ws[len(ws)-1].code
}

func (s *seeder) one(list []string) string { return list[s.r.IntN(len(list))] }

// chance is true with probability p.
func (s *seeder) chance(p float64) bool { return s.r.Float64() < p }

// between returns a duration in [lo, hi), to the minute.
func (s *seeder) between(lo, hi time.Duration) time.Duration {
	d := lo + time.Duration(s.r.Float64()*float64(hi-lo))
	return d.Truncate(time.Minute)
}

const day = 24 * time.Hour

// registrationTimes spreads n registrations over [From, Now), fewer at weekends; sorted. They are plan
// times, like every time a case's plan is made of: officeHours turns them into the times recorded.
func (s *seeder) registrationTimes(n int) []time.Time {
	out := make([]time.Time, 0, n)
	days := int(s.opt.Now.Sub(s.opt.From) / day)
	if days < 1 {
		days = 1
	}
	for len(out) < n {
		d := s.opt.From.AddDate(0, 0, s.r.IntN(days+1))
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, domain.Shanghai)
		at := d.Add(s.between(0, day))
		if wd := d.Weekday(); (wd == time.Saturday || wd == time.Sunday) && s.chance(0.75) {
			continue
		}
		if office := officeHours(at); office.Before(s.opt.From) || !office.Before(s.opt.Now) {
			continue
		}
		out = append(out, at)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// personName makes a plausible name: a common surname and one or two given-name characters.
func personName(r *rand.Rand) string {
	n := []rune{surnames[r.IntN(len(surnames))], givenChars[r.IntN(len(givenChars))]}
	if r.IntN(10) < 7 {
		n = append(n, givenChars[r.IntN(len(givenChars))])
	}
	return string(n)
}

// masked writes a name as case titles do: 张某某, 李某.
func masked(name string) string {
	r := []rune(name)
	return string(r[0]) + strings.Repeat("某", len(r)-1)
}

// idNumber makes an 18-character resident ID number with a valid check character.
func (s *seeder) idNumber(county string) string {
	birth := time.Date(1945, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, s.r.IntN(60*365))
	body := fmt.Sprintf("%s%s%03d", county, birth.Format("20060102"), s.r.IntN(1000))
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

func (s *seeder) phone() string {
	return fmt.Sprintf("1%c%09d", "35789"[s.r.IntN(5)], s.r.IntN(1_000_000_000))
}

func (s *seeder) party(town *seedTown, village, name, role string) domain.PartyInput {
	p := domain.PartyInput{Name: name, Role: role}
	if s.chance(0.7) {
		p.IDNumber = s.idNumber(town.county.Code)
	}
	if s.chance(0.8) {
		p.Phone = s.phone()
	}
	if s.chance(0.5) {
		p.Address = fmt.Sprintf("%s%s%s%d组", town.county.Name, town.region.Name, village, 1+s.r.IntN(12))
	}
	return p
}

// event is one action on a case at a simulated time, by someone who may do it.
type event struct {
	at time.Time
	by *domain.User
	in domain.ActionInput
}

// officeHours maps a time of day onto 08:30–18:00 of the same day, keeping the order of any two times:
// plans are made in plain durations, people act during office hours.
func officeHours(t time.Time) time.Time {
	t = t.In(domain.Shanghai)
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, domain.Shanghai)
	const open, span = 8*time.Hour + 30*time.Minute, 9*time.Hour + 30*time.Minute
	return midnight.Add(open + time.Duration(float64(t.Sub(midnight))*float64(span)/float64(day)).Truncate(time.Minute))
}

// pendingSupervision is a 督办 that may still await feedback at now: with probability p, a case whose
// deadline is still running at now gets one from by, given in the last weeks.
type pendingSupervision struct {
	by *domain.User
	p  float64
}

// apply runs the events in time order through domain.Apply, stopping at the first one after now; then
// it may add a pending supervision.
func (s *seeder) apply(c *domain.Case, events []event, pending pendingSupervision) (*domain.Case, error) {
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	for _, e := range events {
		e.at = officeHours(e.at)
		switch {
		case e.in.Session != nil:
			e.in.Session.At = e.at
		case e.in.FollowUp != nil:
			e.in.FollowUp.At = e.at
		}
		if e.at.After(s.opt.Now) {
			break
		}
		e.in.Version = c.Version
		if err := domain.Apply(c, e.in, e.by, s.regions, e.at); err != nil {
			return nil, fmt.Errorf("seed %s: %s at %s: %w", c.Kind, e.in.Action, e.at.Format(time.RFC3339), err)
		}
	}
	if pending.by != nil && domain.DeadlineRunning(c.Kind, c.Status) && c.OpenSupervision() == nil && s.chance(pending.p) {
		at := officeHours(s.opt.Now.Add(-s.between(day, 20*day)))
		if last := c.Timeline[len(c.Timeline)-1].At; at.Before(last) {
			at = last
		}
		if !at.After(s.opt.Now) {
			in := domain.ActionInput{Action: "supervise", Version: c.Version, Note: supervisionNotes[0]}
			if c.Overdue(at) {
				in.Note = supervisionNotes[1]
			}
			if err := domain.Apply(c, in, pending.by, s.regions, at); err != nil {
				return nil, fmt.Errorf("seed %s: supervise at %s: %w", c.Kind, at.Format(time.RFC3339), err)
			}
		}
	}
	return c, nil
}

func endOfDay(t time.Time) *time.Time {
	t = t.In(domain.Shanghai)
	d := time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, domain.Shanghai)
	return &d
}

// dispute registers a dispute at reg and plays its lifecycle: most are accepted within days and resolved
// within the 30-day term; some need the one extension, a few run late, about 1.3 % fail.
func (s *seeder) dispute(reg time.Time) (*domain.Case, error) {
	town := s.town()
	cat := s.pick(disputeCategories)
	village := s.one(town.villages)
	a, b := personName(s.r), personName(s.r)
	in := domain.NewCaseInput{
		Kind: domain.KindDispute, Title: fmt.Sprintf(s.one(titleTemplates[cat]), masked(a), masked(b)),
		Summary:  fmt.Sprintf(summaryTemplates[cat], a, b, village),
		Category: cat, TownshipCode: town.region.Code, Village: village, RiskLevel: s.pick(riskLevels),
		Parties: []domain.PartyInput{s.party(town, village, a, "applicant"), s.party(town, village, b, "respondent")},
		Dispute: &domain.DisputeInput{Source: s.pick(disputeSources)},
	}
	if s.chance(0.08) {
		in.Parties = append(in.Parties, s.party(town, village, personName(s.r), "other"))
	}
	if s.chance(0.01) { // a group dispute: a village group, a building's owners
		in.PeopleInvolved = 5 + s.r.IntN(40)
	}
	if in.Dispute.Source == "referral" {
		in.Dispute.ReferralFrom = s.pick(referralFroms)
	}
	c, err := domain.NewCase(in, s.registrar, s.regions, officeHours(reg))
	if err != nil {
		return nil, fmt.Errorf("seed dispute: %w", err)
	}
	med := town.mediators[s.r.IntN(len(town.mediators))]
	if s.chance(0.015) {
		return s.apply(c, []event{{reg.Add(s.between(2*time.Hour, 3*day)), med,
			domain.ActionInput{Action: "reject", Reason: s.one(rejectReasons)}}}, pendingSupervision{})
	}
	acc := reg.Add(s.between(time.Hour, 6*time.Hour))
	if s.chance(0.7) {
		acc = reg.Add(s.between(day, 5*day))
	}
	start := acc.Add(s.between(time.Hour, 2*day))
	due := acc.AddDate(0, 0, domain.DisputeTermDays)
	mediators := []string{med.Name}
	if other := town.mediators[s.r.IntN(len(town.mediators))]; other != med && s.chance(0.4) {
		mediators = append(mediators, other.Name)
	}
	events := []event{
		{acc, med, domain.ActionInput{Action: "accept"}},
		{start, med, domain.ActionInput{Action: "start", Mediators: mediators}},
	}
	var end time.Time
	late := false
	switch plan := s.r.Float64(); {
	case plan < 0.88: // within the term
		end = start.Add(2*day + time.Duration(math.Pow(s.r.Float64(), 1.5)*float64(23*day))).Truncate(time.Minute)
		if limit := due.Add(-12 * time.Hour); end.After(limit) {
			end = limit
		}
	case plan < 0.97: // extended once, then within the new term
		extAt := acc.Add(s.between(22*day, 28*day))
		days := 10 + s.r.IntN(21)
		events = append(events, event{extAt, med, domain.ActionInput{Action: "extend", Days: days, Reason: s.one(extendReasons)}})
		end = due.Add(s.between(day, time.Duration(days-1)*day))
	default: // late
		late = true
		end = due.Add(s.between(5*day, 60*day))
	}
	sessions := 1 + s.r.IntN(3)
	for i := range sessions {
		at := start.Add(end.Sub(start) * time.Duration(i+1) / time.Duration(sessions+1)).Truncate(time.Minute)
		events = append(events, event{at, med, domain.ActionInput{Action: "session",
			Session: &domain.SessionInput{At: at, Mode: s.pick(sessionModes), Record: s.one(sessionRecords)}}})
	}
	failed := s.chance(0.013)
	if failed {
		reason, redirect := s.pick(failureReasons), s.pick(redirects)
		if reason == "withdrawn" || reason == "settled" {
			redirect = "none"
		} else if redirect == "none" {
			redirect = "litigation"
		}
		events = append(events, event{end, med, domain.ActionInput{Action: "fail", FailureReason: reason, Redirect: redirect}})
	} else {
		terms, amount := agreementTerms[cat], (1+s.r.IntN(50))*200
		if terms == nil {
			terms = agreementTerms["money"]
		}
		if cat == "marriage_family" {
			amount = (3 + s.r.IntN(13)) * 100
		}
		obligations := true
		agreement := &domain.AgreementInput{Type: "written", Terms: fmt.Sprintf(s.one(terms), a, b,
			end.AddDate(0, 0, 30).Format("2006年1月2日"), amount), CreatesObligations: &obligations, Amount: domain.Yuan(amount * 100)}
		if s.chance(0.25) {
			obligations = false
			agreement.Type, agreement.Amount = "oral", 0
		} else if s.chance(0.6) {
			agreement.PerformBy = endOfDay(end.Add(s.between(7*day, 60*day)))
		}
		resolve := domain.ActionInput{Action: "resolve", Agreement: agreement}
		if c.RiskLevel == "red" || c.RiskLevel == "orange" && s.chance(0.3) {
			resolve.Prevented = []domain.PreventionInput{{Type: s.pick(preventionTypes), People: 2 + s.r.IntN(6)}}
		}
		events = append(events, event{end, med, resolve})
	}
	if s.chance(0.95) {
		at := end.Add(s.between(7*day, 30*day))
		closeIn := domain.ActionInput{Action: "close", Note: "调解不成，已告知当事人其他救济途径，结案归档"}
		if !failed { // visits are for agreements
			closeIn = domain.ActionInput{Action: "close", FollowUp: &domain.FollowUpInput{
				At: at, Satisfaction: s.pick(satisfiedResolved), Performance: s.pick(performances), Note: s.one(followUpNotes)}}
		}
		events = append(events, event{at, med, closeIn})
	}
	supervise := 0.02
	switch {
	case late:
		supervise = 0.5
	case c.RiskLevel == "orange" || c.RiskLevel == "red":
		supervise = 0.35
	}
	if s.chance(supervise) {
		at := start.Add(time.Duration(0.3 * float64(end.Sub(start))))
		note := supervisionNotes[0]
		if late {
			at, note = due.Add(s.between(day, 5*day)), supervisionNotes[1]
		} else if c.RiskLevel == "orange" || c.RiskLevel == "red" {
			note = supervisionNotes[2]
		}
		if at.Before(end) {
			events = append(events,
				event{at, town.leader, domain.ActionInput{Action: "supervise", Note: note}},
				event{at.Add(s.between(2*day, 15*day)), med, domain.ActionInput{Action: "feedback", Note: s.one(feedbackNotes)}})
		}
	}
	return s.apply(c, events, pendingSupervision{town.leader, 0.05})
}

// petition registers a backlog petition case at reg and plays its lifecycle: accepted within days, a lead
// leader assigned, then resolved and cleared after weeks to well over a year; a few are re-opened.
func (s *seeder) petition(reg time.Time) (*domain.Case, error) {
	town := s.town()
	cat := s.pick(petitionCategories)
	village := s.one(town.villages)
	name := personName(s.r)
	assignedBy := s.pick(assignedBys)
	assignedAt := officeHours(reg.Add(-s.between(0, 7*day)))
	in := domain.NewCaseInput{
		Kind: domain.KindPetition, Title: fmt.Sprintf(s.one(petitionTitleTemplates[cat]), masked(name)),
		Summary:  fmt.Sprintf(summaryTemplates[cat], name, "有关单位", village),
		Category: cat, TownshipCode: town.region.Code, Village: village, RiskLevel: s.pick(petitionRiskLevels),
		Parties: []domain.PartyInput{s.party(town, village, name, "petitioner")},
		Petition: &domain.PetitionInput{AssignedBy: assignedBy, AssignedAt: &assignedAt,
			Batch: fmt.Sprintf("%d年第%d批", assignedAt.Year(), (int(assignedAt.Month())-1)/2+1)},
	}
	if s.chance(0.15) {
		in.Parties = append(in.Parties, s.party(town, village, personName(s.r), "petitioner"))
	}
	if s.chance(0.7) {
		term := 90
		if assignedBy == "provincial" || assignedBy == "central" {
			term = 60
		}
		in.Petition.DueAt = endOfDay(assignedAt.AddDate(0, 0, term))
	}
	// the county office assigns what the county gave; the city office what came from the city or above
	office := s.countyPetitions[town.county.Code]
	if assignedBy != "county" {
		office = s.cityPetition
	}
	c, err := domain.NewCase(in, office, s.regions, assignedAt)
	if err != nil {
		return nil, fmt.Errorf("seed petition: %w", err)
	}
	staff := town.petitioner
	var events []event
	acc := assignedAt.Add(s.between(4*time.Hour, 3*day))
	if s.chance(0.1) {
		acc = assignedAt.Add(s.between(4*day, 10*day)) // signed for late
	}
	if s.chance(0.04) { // an objection within the five working days, decided by the office
		returned := assignedAt.Add(s.between(2*time.Hour, 2*day))
		decided := returned.Add(s.between(day, 6*day))
		events = append(events, event{returned, staff, domain.ActionInput{Action: "return", Reason: s.one(returnReasons)}})
		others := s.regions.Townships(town.county.Code)
		other := others[s.r.IntN(len(others))]
		if s.chance(0.5) || other.Code == town.region.Code {
			events = append(events, event{decided, office, domain.ActionInput{Action: "withdraw", Note: "经核实，由交办单位收回另行处理"}})
			return s.apply(c, events, pendingSupervision{})
		}
		events = append(events, event{decided, office, domain.ActionInput{Action: "reassign", TownshipCode: other.Code,
			KeepClock: true, Note: "经核实，改交属地乡镇办理"}})
		for _, t := range s.towns {
			if t.region.Code == other.Code {
				town, staff = t, t.petitioner
			}
		}
		acc = decided.Add(s.between(4*time.Hour, 2*day))
	}
	assign := acc.Add(s.between(2*time.Hour, 5*day))
	events = append(events,
		event{acc, staff, domain.ActionInput{Action: "accept"}},
		event{assign, staff, domain.ActionInput{Action: "assign", LeadLeader: s.leadLeader(town, assignedBy), Plan: s.one(plans),
			ResponsibleUnit:   town.region.Name + s.one([]string{"综治中心", "信访办", "司法所", "农业综合服务站"}),
			ResponsiblePerson: personName(s.r)}},
	)
	var took time.Duration
	hard := false
	switch d := s.r.Float64(); {
	case d < 0.47:
		took = s.between(15*day, 60*day)
	case d < 0.72:
		took = s.between(60*day, 180*day)
	default:
		hard = true
		took = s.between(180*day, 700*day)
	}
	resolved := assign.Add(took)
	due := *c.DueAt
	if s.chance(0.12) {
		at := due.Add(-s.between(day, 10*day))
		if at.Before(assign) {
			at = assign.Add(time.Hour)
		}
		if at.Before(resolved) {
			events = append(events, event{at, office, domain.ActionInput{Action: "extend", Days: 15 + s.r.IntN(16),
				Approver: fmt.Sprintf(s.one(approvers), countyWord(town.county.Name)), Reason: "案情复杂，需进一步协调，已告知信访人"}})
		}
	}
	resolution := s.pick(resolutionTypes)
	resolve := domain.ActionInput{Action: "resolve", ResolutionType: resolution, Materials: []domain.MaterialInput{{Type: "commitment"}}}
	if resolution == "concluded" {
		resolve.Materials = []domain.MaterialInput{{Type: "opinion"}, {Type: "review_opinion"}, {Type: "recheck_opinion"}}
	}
	applied := resolved.Add(s.between(2*day, 10*day))
	cleared := applied.Add(s.between(3*day, 20*day))
	events = append(events,
		event{resolved, staff, resolve},
		event{applied, staff, domain.ActionInput{Action: "apply_clear", Note: "已落实化解措施，信访人签署息诉罢访承诺书"}})
	if s.chance(0.1) { // sent back once
		back := applied.Add(s.between(2*day, 8*day))
		applied = back.Add(s.between(5*day, 20*day))
		cleared = applied.Add(s.between(3*day, 15*day))
		redo := resolve
		redo.Note = "补充落实化解措施"
		events = append(events,
			event{back, office, domain.ActionInput{Action: "reject_clear", Reason: "化解材料不全，信访人诉求未完全落实"}},
			event{applied.Add(-time.Hour), staff, redo},
			event{applied, staff, domain.ActionInput{Action: "apply_clear", Note: "补充材料后再次申请销号"}})
	}
	events = append(events, event{cleared, office, domain.ActionInput{Action: "clear", Note: "经交办单位审核同意销号"}})
	if s.chance(0.04) {
		reopen := cleared.Add(s.between(30*day, 180*day))
		again := reopen.Add(s.between(20*day, 90*day))
		reapply := again.Add(s.between(2*day, 8*day))
		events = append(events,
			event{reopen, office, domain.ActionInput{Action: "reopen", Reason: s.one(reopenReasons), DueAt: endOfDay(reopen.AddDate(0, 0, 60))}},
			event{again, staff, domain.ActionInput{Action: "resolve", ResolutionType: s.pick(resolutionTypes)}},
			event{reapply, staff, domain.ActionInput{Action: "apply_clear", Note: "反弹后再次化解，申请销号"}},
			event{reapply.Add(s.between(5*day, 20*day)), office, domain.ActionInput{Action: "clear", Note: "再次化解，经审核同意销号"}})
	}
	supervise := 0.12
	if hard {
		supervise = 0.4
	}
	if s.chance(supervise) {
		at := acc.Add(s.between(15*day, 90*day))
		by := town.leader
		if assignedBy != "county" {
			by = s.cityLead
		}
		note := supervisionNotes[0]
		if at.After(due) {
			note = supervisionNotes[1]
		}
		if at.Before(resolved) {
			events = append(events,
				event{at, by, domain.ActionInput{Action: "supervise", Note: note}},
				event{at.Add(s.between(2*day, 15*day)), staff, domain.ActionInput{Action: "feedback", Note: s.one(feedbackNotes)}})
		}
	}
	lead := town.leader
	if assignedBy != "county" {
		lead = s.cityLead
	}
	return s.apply(c, events, pendingSupervision{lead, 0.15})
}

// countyWord is the short form used in posts and office names: 汉滨区 → 区, 汉阴县 → 县, 旬阳市 → 市.
func countyWord(county string) string {
	r := []rune(county)
	return string(r[len(r)-1])
}

// leadLeader picks the leader responsible for a petition case: county leaders for cases from above,
// township leaders for most county-assigned ones.
func (s *seeder) leadLeader(town *seedTown, assignedBy string) *domain.LeadLeaderInput {
	post := fmt.Sprintf(s.one(countyLeaderPosts), countyWord(town.county.Name))
	if assignedBy == "county" && s.chance(0.6) {
		post = s.one(townshipLeaderPosts[town.street])
	}
	return &domain.LeadLeaderInput{Name: personName(s.r), Post: post}
}

// seedSummary counts what was written.
type seedSummary struct {
	now              time.Time
	written          int
	disputes         map[domain.Status]int
	petitions        map[domain.Status]int
	resolved, failed int // disputes by outcome
	disputeOverdue   int
	petitionOpen     int // neither cleared nor returned
	petitionOverdue  int
	petitionTotal    int // not returned
	reopened         int
	supervised       int // open cases awaiting feedback on a 督办
}

func newSeedSummary(now time.Time) seedSummary {
	return seedSummary{now: now, disputes: map[domain.Status]int{}, petitions: map[domain.Status]int{}}
}

func (m *seedSummary) count(c *domain.Case) {
	m.written++
	pending := domain.DeadlineRunning(c.Kind, c.Status) || c.Status == domain.StatusReviewing
	if pending && c.OpenSupervision() != nil {
		m.supervised++
	}
	switch c.Kind {
	case domain.KindDispute:
		m.disputes[c.Status]++
		switch c.Outcome {
		case domain.OutcomeResolved:
			m.resolved++
		case domain.OutcomeFailed:
			m.failed++
		}
		if c.Overdue(m.now) {
			m.disputeOverdue++
		}
	case domain.KindPetition:
		m.petitions[c.Status]++
		if c.Status != domain.StatusWithdrawn { // a return under decision still counts
			m.petitionTotal++
		}
		if domain.IsOpen(c.Status) {
			m.petitionOpen++
		}
		facts := domain.PetitionFactsOf(c)
		if facts.StateAt(m.now).Overdue {
			m.petitionOverdue++
		}
		if c.Petition.RepeatCount > 0 {
			m.reopened++
		}
	}
}

func percent(n, d int) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(d))
}

func (m *seedSummary) print(w io.Writer, took time.Duration) {
	nd, np := 0, 0
	for _, n := range m.disputes {
		nd += n
	}
	for _, n := range m.petitions {
		np += n
	}
	rate := float64(m.written) / max(took.Seconds(), 0.001)
	fmt.Fprintf(w, "演示数据已写入 %d 件（矛盾纠纷 %d 件，信访积案 %d 件），截至 %s，用时 %s，每秒 %.0f 件。\n",
		m.written, nd, np, m.now.Format("2006-01-02 15:04"), took.Round(100*time.Millisecond), rate)
	statusLine := func(counts map[domain.Status]int, kind domain.Kind, opts []domain.Option) string {
		var parts []string
		for _, o := range opts {
			if n := counts[domain.Status(o.Code)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", domain.StatusLabel(kind, domain.Status(o.Code)), n))
			}
		}
		return strings.Join(parts, "，")
	}
	if nd > 0 {
		concluded := m.resolved + m.failed
		fmt.Fprintf(w, "矛盾纠纷：%s\n", statusLine(m.disputes, domain.KindDispute, domain.DisputeStatuses))
		fmt.Fprintf(w, "  已办结 %d 件，调解成功 %d 件（%s），调解不成 %d 件；超期未办结 %d 件\n",
			concluded, m.resolved, percent(m.resolved, concluded), m.failed, m.disputeOverdue)
	}
	if np > 0 {
		fmt.Fprintf(w, "信访积案：%s\n", statusLine(m.petitions, domain.KindPetition, domain.PetitionStatuses))
		fmt.Fprintf(w, "  未化解销号 %d 件（占 %s），其中超期 %d 件；重新启动过 %d 件\n",
			m.petitionOpen, percent(m.petitionOpen, m.petitionTotal), m.petitionOverdue, m.reopened)
	}
	fmt.Fprintf(w, "督办待反馈 %d 件。服务下次启动时载入这些案件。\n", m.supervised)
}

// progress shows how far a long write got: one updating line on a terminal, a line per tenth otherwise.
type progress struct {
	w        io.Writer
	total    int
	tty      bool
	start    time.Time
	lastTick int
}

func newProgress(f *os.File, total int) *progress {
	st, err := f.Stat()
	return &progress{w: f, total: total, tty: err == nil && st.Mode()&os.ModeCharDevice != 0, start: time.Now()}
}

func (p *progress) update(done int) {
	rate := float64(done) / max(time.Since(p.start).Seconds(), 0.001)
	if p.tty {
		fmt.Fprintf(p.w, "\r写入中 / writing: %d/%d（%s），每秒 %.0f 件  ", done, p.total, percent(done, p.total), rate)
		return
	}
	if tick := done * 10 / max(p.total, 1); tick > p.lastTick || done == p.total {
		p.lastTick = tick
		fmt.Fprintf(p.w, "written %d/%d (%s), %.0f cases/s\n", done, p.total, percent(done, p.total), rate)
	}
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
