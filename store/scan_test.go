package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"pingan/domain"
)

// The direct scan of the embedded store's table (internal/ferretsqlite) decodes every case exactly as the driver does: cases of
// both kinds at every stage, with supervisions (open and answered), extensions, rejections, re-opened
// petitions, empty and missing optional fields, written by bulk insert, single insert and update.
func TestDirectScanMatchesDriver(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	g := newBenchGen(3)
	cases := g.history(1500) // more than one batch of the direct scan
	reg := benchNow.AddDate(0, -2, 0)
	leader := benchUser(domain.RoleLeader, "6109")

	supervised := g.dispute(g.town(), reg, 2)
	if err := domain.Apply(supervised, domain.ActionInput{Action: "supervise", Version: supervised.Version, Note: "请加快办理"},
		leader, benchRegions, reg.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	answered := g.dispute(g.town(), reg, 2)
	if err := domain.Apply(answered, domain.ActionInput{Action: "supervise", Version: answered.Version, Note: "督办"},
		leader, benchRegions, reg.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	apply(answered, reg.AddDate(0, 0, 6), domain.ActionInput{Action: "feedback", Note: "已约谈双方"})
	apply(answered, reg.AddDate(0, 0, 7), domain.ActionInput{Action: "extend", Days: 10, Reason: "双方同意"})
	rejected := g.newDispute(g.town(), reg)
	apply(rejected, reg.Add(time.Hour), domain.ActionInput{Action: "reject", Reason: "不属于受理范围"})
	reopened := g.petition(g.town(), reg)
	for reopened.Status != domain.StatusCleared {
		reopened = g.petition(g.town(), reg)
	}
	due := reg.AddDate(0, 0, 110)
	apply(reopened, reg.AddDate(0, 0, 50), domain.ActionInput{Action: "reopen", Reason: "再次来访", DueAt: &due})
	cases = append(cases, supervised, answered, rejected, reopened)
	if err := s.InsertCasesBulk(ctx, cases); err != nil {
		t.Fatal(err)
	}
	single := g.newDispute(g.town(), reg)
	if err := s.InsertCase(ctx, single); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCase(ctx, single.ID, func(c *domain.Case) error {
		in := domain.ActionInput{Action: "accept", Version: c.Version, Note: "受理"}
		return domain.Apply(c, in, benchUser(domain.RoleMediator, c.TownshipCode), benchRegions, reg.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}

	read := func(each func(context.Context, func(*domain.Case) error) error) map[string]domain.Case {
		var kept []*domain.Case // the pointers fn gets stay valid after it returns
		if err := each(ctx, func(c *domain.Case) error { kept = append(kept, c); return nil }); err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.Case{}
		for _, c := range kept {
			out[c.ID] = *c
		}
		return out
	}
	direct, driver := read(s.eachCaseDirect), read(s.eachCaseCursor)
	if len(driver) != len(cases)+1 || len(direct) != len(driver) {
		t.Fatalf("direct scan %d cases, driver %d, stored %d", len(direct), len(driver), len(cases)+1)
	}
	for id, want := range driver {
		if got := direct[id]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs:\ndirect %+v\ndriver %+v", id, got, want)
		}
	}
}
