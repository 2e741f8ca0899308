package store

import (
	"context"

	"pingan/domain"
)

// The 稳评 register (重大决策社会稳定风险评估) is small — a city assesses a few hundred projects a year — so it
// is read whole at start into the domain.AssessmentBook, which answers lists, the summary and the to-do
// list; each entry is written as one document by _id under its lock (docs/STORE.md).

// LoadAssessments reads every stored assessment.
func (s *Store) LoadAssessments(ctx context.Context) ([]domain.Assessment, error) {
	return loadValues[domain.Assessment](ctx, s, colAssessments)
}

// SaveAssessment reads the stored assessment id (nil when none is stored), lets change build the new one
// and writes it (insert or replace), all under the assessment's lock; change returning an error writes
// nothing.
func (s *Store) SaveAssessment(ctx context.Context, id string, change func(old *domain.Assessment) (*domain.Assessment, error)) (*domain.Assessment, error) {
	return saveOne(ctx, s, colAssessments, id, domain.ErrAssessmentNotFound, func(old *domain.Assessment) (*domain.Assessment, error) {
		a, err := change(old)
		if err != nil {
			return nil, err
		}
		a.ID = id
		return a, nil
	})
}
