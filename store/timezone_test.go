package store

import (
	"context"
	"testing"
	"time"

	"pingan/domain"
)

// A case read back carries the same zone as the one written: Asia/Shanghai.
func TestTimesAreReadInShanghai(t *testing.T) {
	t.Parallel()
	s := openTemp(t)
	at := time.Date(2026, 3, 1, 1, 2, 3, 0, time.UTC)
	c := &domain.Case{Kind: domain.KindDispute, Status: domain.StatusRegistered, Version: 1, TownshipCode: "610921102",
		RegisteredAt: at, AcceptedAt: &at, Timeline: []domain.TimelineEntry{{At: at}}}
	if err := s.InsertCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetCase(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]time.Time{"registeredAt": got.RegisteredAt, "acceptedAt": *got.AcceptedAt, "timeline.at": got.Timeline[0].At} {
		if v.Location() != domain.Shanghai || !v.Equal(at) {
			t.Errorf("%s read back as %v", name, v)
		}
	}
}
