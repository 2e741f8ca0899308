package main

import (
	"math/rand"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// account is a signed-in user the tool created.
type account struct {
	username string
	role     string // mediator or leader
	region   string
	level    string // of the region: city, county or township
	token    string
	// townships and counties inside the account's region, for list filters
	townships []string
	counties  []string
}

// ownCase is a dispute a virtual user registered and is taking through its lifecycle.
type ownCase struct {
	id           string
	version      int
	status       string
	sessions     int
	wantSessions int
	extended     bool
}

// caseAnswer is the part of a case answer the tool reads.
type caseAnswer struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

type listAnswer struct {
	Items []caseAnswer `json:"items"`
	Total int          `json:"total"`
}

// vu is one virtual user. It acts as a mediator (registering disputes and working them) and as a leader
// (dashboards), and reads lists, searches and cases as either.
type vu struct {
	s        *session
	rng      *rand.Rand
	mix      *mix
	think    time.Duration
	mediator *account
	leader   *account
	own      []*ownCase
	seen     []seenCase // cases from recent lists, for detail views
}

// seenCase is a case id and the token of the user who saw it listed (and so may open it).
type seenCase struct {
	id    string
	token string
}

const maxSeen = 64

// loop runs steps until the run is over, the first one after a random part of ramp (users do not all
// click in the same millisecond).
func (v *vu) loop(ramp time.Duration) {
	if ramp > 0 {
		select {
		case <-v.s.run.Done():
			return
		case <-time.After(time.Duration(v.rng.Int63n(int64(ramp)))):
		}
	}
	for {
		if err := v.step(v.mix.pick(v.rng)); err != nil {
			return
		}
		if v.think > 0 {
			pause := time.Duration(v.rng.ExpFloat64() * float64(v.think))
			select {
			case <-v.s.run.Done():
				return
			case <-time.After(min(pause, 5*v.think)):
			}
		}
	}
}

func (v *vu) step(op string) error {
	switch op {
	case opIntake:
		return v.intake()
	case opAction:
		return v.action()
	case opDashboard:
		return v.dashboard()
	case opList:
		return v.list()
	case opSearch:
		return v.search()
	default:
		return v.detail()
	}
}

// reader is the identity of a read: half the reads come from mediators, half from leaders.
func (v *vu) reader() *account {
	if v.rng.Intn(2) == 0 {
		return v.mediator
	}
	return v.leader
}

func (v *vu) intake() error {
	var c caseAnswer
	_, ok, err := v.s.do(epIntake, http.MethodPost, "/api/v1/cases", v.mediator.token, newDispute(v.rng, v.mediator.region), &c)
	if err != nil || !ok {
		return err
	}
	v.own = append(v.own, &ownCase{id: c.ID, version: c.Version, status: c.Status, wantSessions: v.rng.Intn(3)})
	v.remember(c.ID, v.mediator.token)
	return nil
}

// action takes one open dispute of this user one step on; with none open it registers one instead.
func (v *vu) action() error {
	if len(v.own) == 0 {
		return v.intake()
	}
	i := v.rng.Intn(len(v.own))
	oc := v.own[i]
	body := nextAction(v.rng, oc, time.Now())
	var c caseAnswer
	status, ok, err := v.s.do(epAction, http.MethodPost, "/api/v1/cases/"+url.PathEscape(oc.id)+"/actions", v.mediator.token, body, &c)
	if err != nil {
		return err
	}
	if !ok {
		if status == http.StatusConflict { // someone else moved it: read it again
			var cur caseAnswer
			if _, ok, err := v.s.do(epDetail, http.MethodGet, "/api/v1/cases/"+url.PathEscape(oc.id), v.mediator.token, nil, &cur); err != nil || !ok {
				return err
			}
			oc.version, oc.status = cur.Version, cur.Status
		}
		if status == http.StatusNotFound {
			v.own = append(v.own[:i], v.own[i+1:]...)
		}
		return nil
	}
	switch body["action"] {
	case "session":
		oc.sessions++
	case "extend":
		oc.extended = true
	}
	oc.version, oc.status = c.Version, c.Status
	if c.Status == "closed" || c.Status == "rejected" {
		v.own = append(v.own[:i], v.own[i+1:]...)
	}
	return nil
}

// dashboard is what the reports page loads: the resolution report by township, the monthly trend and the
// categories, for the leader's region (this year, or all time).
func (v *vu) dashboard() error {
	q := url.Values{}
	if v.rng.Intn(2) == 0 {
		now := time.Now()
		q.Set("from", strconv.Itoa(now.Year())+"-01-01")
		q.Set("to", now.Format(time.DateOnly))
	}
	res := url.Values{"groupBy": {"township"}}
	for k, vals := range q {
		res[k] = vals
	}
	tr := url.Values{"interval": {"month"}}
	for k, vals := range q {
		tr[k] = vals
	}
	tok := v.leader.token
	if _, _, err := v.s.do(epResolution, http.MethodGet, "/api/v1/reports/resolution?"+res.Encode(), tok, nil, nil); err != nil {
		return err
	}
	if _, _, err := v.s.do(epTrend, http.MethodGet, "/api/v1/reports/trend?"+tr.Encode(), tok, nil, nil); err != nil {
		return err
	}
	_, _, err := v.s.do(epCategories, http.MethodGet, "/api/v1/reports/categories?"+q.Encode(), tok, nil, nil)
	return err
}

func (v *vu) list() error {
	who := v.reader()
	return v.fetchList(epList, who, listFilter(v.rng, who, time.Now()))
}

func (v *vu) search() error {
	who := v.reader()
	q := url.Values{"q": {keywords[v.rng.Intn(len(keywords))]}}
	if v.rng.Intn(4) == 0 {
		q.Set("kind", "dispute")
	}
	return v.fetchList(epSearch, who, q)
}

func (v *vu) fetchList(endpoint string, who *account, q url.Values) error {
	var l listAnswer
	_, ok, err := v.s.do(endpoint, http.MethodGet, "/api/v1/cases?"+q.Encode(), who.token, nil, &l)
	if err != nil || !ok {
		return err
	}
	for _, it := range l.Items {
		v.remember(it.ID, who.token)
	}
	return nil
}

// detail opens a case seen in a list, as the user who saw it.
func (v *vu) detail() error {
	if len(v.seen) == 0 {
		return v.list()
	}
	c := v.seen[v.rng.Intn(len(v.seen))]
	_, _, err := v.s.do(epDetail, http.MethodGet, "/api/v1/cases/"+url.PathEscape(c.id), c.token, nil, nil)
	return err
}

func (v *vu) remember(id, token string) {
	c := seenCase{id: id, token: token}
	if len(v.seen) < maxSeen {
		v.seen = append(v.seen, c)
		return
	}
	v.seen[v.rng.Intn(maxSeen)] = c
}
