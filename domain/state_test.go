package domain

import (
	"slices"
	"testing"
	"time"
)

// The actions with guards beyond their status (Transition.fits) are offered exactly when Apply accepts them:
// a referral's report back, judicial confirmation of a written agreement within its 30 days, a route for an
// agreement not performed, a 复查 request on a 处理意见书 with none open, and the answer to an open one.
func TestGuardedActionsOfferedExactlyWhenAccepted(t *testing.T) {
	resolved := func(t *testing.T, source, from string, agreement *AgreementInput) (*Case, time.Time) {
		c := mediatingDispute(t, source, from)
		r := d0.AddDate(0, 0, 10)
		do(t, c, mediatorA, r, ActionInput{Action: "resolve", Agreement: agreement})
		return c, r
	}
	visited := func(performance string) func(t *testing.T) (*Case, time.Time) {
		return func(t *testing.T) (*Case, time.Time) {
			c, r := resolved(t, "application", "", written("乙方赔偿甲方800元。"))
			v := r.AddDate(0, 0, 2)
			do(t, c, mediatorA, v, ActionInput{Action: "visit", FollowUp: visitAt(v, "basic", performance)})
			return c, v.Add(time.Hour)
		}
	}
	petitionWith := func(material string, requested bool) func(t *testing.T) (*Case, time.Time) {
		return func(t *testing.T) (*Case, time.Time) {
			c := resolvingPetition(t)
			do(t, c, petitionA, a0.AddDate(0, 0, 10), ActionInput{Action: "resolve", ResolutionType: "resolved", Materials: []MaterialInput{{Type: material}}})
			at := a0.AddDate(0, 0, 12)
			if requested {
				do(t, c, petitionA, at, ActionInput{Action: "request_review", ReviewLevel: "review"})
			}
			return c, at.Add(time.Hour)
		}
	}
	tests := []struct {
		name   string
		build  func(t *testing.T) (*Case, time.Time)
		by     *User
		in     ActionInput
		offers bool
	}{
		{"report back on a referral", func(t *testing.T) (*Case, time.Time) {
			c, r := resolved(t, "referral", "court", written("乙方赔偿甲方800元。"))
			return c, r.Add(time.Hour)
		}, mediatorA, ActionInput{Action: "report_back", Note: "已函告法院"}, true},
		{"report back on an application", func(t *testing.T) (*Case, time.Time) {
			c, r := resolved(t, "application", "", written("乙方赔偿甲方800元。"))
			return c, r.Add(time.Hour)
		}, mediatorA, ActionInput{Action: "report_back", Note: "已函告"}, false},
		{"confirmation of a written agreement on day 30", func(t *testing.T) (*Case, time.Time) {
			c, r := resolved(t, "application", "", written("乙方赔偿甲方800元。"))
			return c, r.AddDate(0, 0, ConfirmationDays)
		}, mediatorA, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, true},
		{"confirmation a minute after the 30 days", func(t *testing.T) (*Case, time.Time) {
			c, r := resolved(t, "application", "", written("乙方赔偿甲方800元。"))
			return c, r.AddDate(0, 0, ConfirmationDays).Add(time.Minute)
		}, mediatorA, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, false},
		{"confirmation of an oral agreement", func(t *testing.T) (*Case, time.Time) {
			c, r := resolved(t, "application", "", &AgreementInput{Type: "oral", Terms: "当场道歉"})
			return c, r.Add(time.Hour)
		}, mediatorA, ActionInput{Action: "apply_confirmation", Court: "汉滨区人民法院"}, false},
		{"route for a partly performed agreement", visited("partial"), mediatorA, ActionInput{Action: "unperformed", Route: "litigation"}, true},
		{"route for a performed agreement", visited("fulfilled"), mediatorA, ActionInput{Action: "unperformed", Route: "litigation"}, false},
		{"复查 of a 处理意见书", petitionWith("opinion", false), petitionA, ActionInput{Action: "request_review", ReviewLevel: "review"}, true},
		{"复查 without a 处理意见书", petitionWith("commitment", false), petitionA, ActionInput{Action: "request_review", ReviewLevel: "review"}, false},
		{"复查 while one is open", petitionWith("opinion", true), petitionA, ActionInput{Action: "request_review", ReviewLevel: "review"}, false},
		{"answer to an open 复查", petitionWith("opinion", true), petitionA, ActionInput{Action: "answer_review", ReviewLevel: "review", Note: "维持原处理意见"}, true},
		{"answer with none open", petitionWith("opinion", false), petitionA, ActionInput{Action: "answer_review", ReviewLevel: "review", Note: "维持"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, at := tc.build(t)
			offered := slices.Contains(AllowedActions(c.State(), tc.by, testRegions, at), tc.in.Action)
			in := tc.in
			in.Version = c.Version
			err := Apply(c, in, tc.by, testRegions, at)
			if offered != tc.offers || (err == nil) != tc.offers {
				t.Fatalf("offered %v, Apply: %v; want both %v", offered, err, tc.offers)
			}
		})
	}
}
