package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"pingan/domain"
)

func bulkCase(township string, reg time.Time, title string) *domain.Case {
	return &domain.Case{
		Kind: domain.KindDispute, Status: domain.StatusRegistered, Version: 1, Title: title,
		Category: "neighbor", TownshipCode: township, CountyCode: township[:6], RiskLevel: "blue",
		Parties:      []domain.Party{{Name: "张三", Role: "applicant"}, {Name: "李四", Role: "respondent"}},
		RegisteredAt: reg, CreatedAt: reg, UpdatedAt: reg,
		Dispute:  &domain.DisputeInfo{Source: "application"},
		Timeline: []domain.TimelineEntry{{At: reg, Action: "register", To: domain.StatusRegistered}},
	}
}

func TestNextSeqNReservesConsecutiveNumbers(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	for _, step := range []struct {
		n, first int64
	}{{3, 1}, {1, 4}, {10, 5}, {2, 15}} {
		first, err := s.NextSeqN(ctx, "test", step.n)
		if err != nil {
			t.Fatal(err)
		}
		if first != step.first {
			t.Errorf("reserve %d: first %d, want %d", step.n, first, step.first)
		}
	}
	if next, _ := s.NextSeq(ctx, "test"); next != 17 {
		t.Errorf("NextSeq after the reservations: %d, want 17", next)
	}
	if _, err := s.NextSeqN(ctx, "test", 0); err == nil {
		t.Error("reserving 0 values: no error")
	}
}

// Numbers in a township-year follow registration order and continue the counter single inserts use.
func TestInsertCasesBulkNumbersInRegistrationOrder(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	ctx := context.Background()
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 9, 0, 0, 0, domain.Shanghai) }
	if has, err := s.HasCases(ctx); err != nil || has {
		t.Fatalf("empty store: HasCases = %v, %v", has, err)
	}
	first := bulkCase("610902001", day(2025, 1, 2), "single")
	if err := s.InsertCase(ctx, first); err != nil {
		t.Fatal(err)
	}
	if has, err := s.HasCases(ctx); err != nil || !has {
		t.Fatalf("after one insert: HasCases = %v, %v", has, err)
	}
	cases := []*domain.Case{
		bulkCase("610902001", day(2025, 3, 1), "march"),
		bulkCase("610902001", day(2024, 12, 31), "last year"),
		bulkCase("610921100", day(2025, 2, 1), "other township"),
		bulkCase("610902001", day(2025, 2, 1), "february"),
		bulkCase("610902001", day(2025, 2, 1), "february, second"),
	}
	if err := s.InsertCasesBulk(ctx, cases); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"march":            "610902001-2025-000004",
		"last year":        "610902001-2024-000001",
		"other township":   "610921100-2025-000001",
		"february":         "610902001-2025-000002",
		"february, second": "610902001-2025-000003",
	}
	for _, c := range cases {
		if c.ID != want[c.Title] || c.CaseNo != c.ID {
			t.Errorf("%s: id %s, caseNo %s; want %s", c.Title, c.ID, c.CaseNo, want[c.Title])
		}
		got, err := s.GetCase(ctx, c.ID)
		if err != nil {
			t.Fatalf("read %s back: %v", c.ID, err)
		}
		if got.Title != c.Title {
			t.Errorf("%s stored with title %q, want %q", c.ID, got.Title, c.Title)
		}
	}
}

// A batch that fails takes back what the call stored: no half import.
func TestInsertCasesBulkUndoesAFailedCall(t *testing.T) {
	t.Parallel()
	// The colliding number falls in the first batch (the second already in flight), in a middle one and in
	// the last: every case of the call goes again, whichever batches had been written.
	for _, at := range []int{100, 700, 1450} {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			t.Parallel()
			s := openTemp(t)
			ctx := context.Background()
			reg := time.Date(2025, 5, 1, 9, 0, 0, 0, domain.Shanghai)
			// A case stored under a number the counter does not know of: the bulk call's case with it collides.
			squatter := bulkCase("610902001", reg, "squatter")
			squatter.ID, squatter.CaseNo = domain.CaseNumber("610902001", 2025, at), domain.CaseNumber("610902001", 2025, at)
			if _, err := s.db.Collection(colCases).InsertOne(ctx, squatter); err != nil {
				t.Fatal(err)
			}
			var cases []*domain.Case
			for i := range 3*bulkBatch + 1 {
				cases = append(cases, bulkCase("610902001", reg.Add(time.Duration(i)*time.Minute), fmt.Sprint("case ", i)))
			}
			if err := s.InsertCasesBulk(ctx, cases); err == nil {
				t.Fatal("the colliding number was accepted")
			}
			n := 0
			if err := s.EachCase(ctx, func(c *domain.Case) error { n++; return nil }); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("%d cases stored after the failed call, want only the squatter", n)
			}
			if _, err := s.GetCase(ctx, squatter.ID); err != nil {
				t.Fatalf("the squatter was removed: %v", err)
			}
			for _, i := range []int{0, len(cases) - 1} {
				if _, err := s.GetCase(ctx, cases[i].ID); !errors.Is(err, domain.ErrCaseNotFound) {
					t.Fatalf("case %d of the failed call still there: %v", i, err)
				}
			}
		})
	}
}

// BenchmarkInsertCasesBulk measures the bulk insert on the embedded store, per case.
func BenchmarkInsertCasesBulk(b *testing.B) {
	s := openTemp(b)
	ctx := context.Background()
	reg := time.Date(2025, 5, 1, 9, 0, 0, 0, domain.Shanghai)
	towns := []string{"610902001", "610902100", "610921100", "610981100"}
	b.ResetTimer()
	for start := 0; start < b.N; start += 1000 {
		b.StopTimer()
		var cases []*domain.Case
		for i := start; i < min(start+1000, b.N); i++ {
			cases = append(cases, bulkCase(towns[i%len(towns)], reg.Add(time.Duration(i)*time.Second), fmt.Sprint("case ", i)))
		}
		b.StartTimer()
		if err := s.InsertCasesBulk(ctx, cases); err != nil {
			b.Fatal(err)
		}
	}
}
