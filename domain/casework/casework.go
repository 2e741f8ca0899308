// Package casework is the one write path for cases, and the one scoped read. Every change to a case —
// intake, an action, a ledger import (over HTTP or from the command line), seeding, and the writes of other
// instances that a follower applies — goes through a Service, which does, in this order:
//
//  1. the domain rule (domain.NewCase, domain.Apply, or a case built by replaying history through them),
//  2. the store write (one document by _id; an update carries the version read),
//  3. the case index (caseindex.Index.Put keeps only a newer version, so racing writers and followers
//     never put an older state back),
//  4. the audit log, for writes that have no timeline of their own (imports and seeding: a case's own
//     timeline, written with it in step 2, is the audit trail of intake and actions).
//
// A read that returns one case takes the caller and answers a case outside the caller's scope exactly like
// an unknown one. Handlers and commands call the Service and repeat none of this. The package is pure Go:
// it declares the store it needs and knows nothing of MongoDB or HTTP.
package casework

import (
	"context"
	"fmt"
	"time"

	"pingan/domain"
	"pingan/domain/caseindex"
)

// Store is what the write path needs of persistence. store.Store implements it.
type Store interface {
	// GetCase reads one case by id, domain.ErrCaseNotFound when there is none.
	GetCase(ctx context.Context, id string) (*domain.Case, error)
	// InsertCase numbers a new case and stores it.
	InsertCase(ctx context.Context, c *domain.Case) error
	// UpdateCase reads the case, lets change modify it and writes it back with the version read in the
	// filter, all under the case's lock; change returning an error writes nothing.
	UpdateCase(ctx context.Context, id string, change func(c *domain.Case) error) (*domain.Case, error)
	// InsertCasesBulk numbers many new cases and stores them, all or none.
	InsertCasesBulk(ctx context.Context, cases []*domain.Case) error
	// EachCase streams every stored case.
	EachCase(ctx context.Context, fn func(c *domain.Case) error) error
}

// Auditor appends one entry to the audit log.
type Auditor func(ctx context.Context, e AuditEntry) error

// AuditEntry is one audit log entry the write path writes.
type AuditEntry struct {
	At     time.Time
	Actor  *domain.User
	Action string
	Target string
	Detail string
	IP     string // the caller's address (ClientIP of the context), "" from the command line
}

// Service is the write path and the scoped read over one store, index and region tree.
type Service struct {
	store   Store
	index   *caseindex.Index
	regions *domain.RegionTree
	audit   Auditor
	now     func() time.Time
	// committees is the registry of mediation committees: rosters for start, targets of transfer and
	// escalate, the committee an intake names.
	committees *domain.CommitteeBook
}

// New returns the service. now is the clock of the records (recordedAt); audit may be nil where nothing is
// audited (tests of the rules alone).
func New(st Store, index *caseindex.Index, regions *domain.RegionTree, audit Auditor, now func() time.Time) *Service {
	if audit == nil {
		audit = func(context.Context, AuditEntry) error { return nil }
	}
	return &Service{store: st, index: index, regions: regions, audit: audit, now: now}
}

// SetCommittees gives the service the registry of committees (at start, before it serves).
func (s *Service) SetCommittees(b *domain.CommitteeBook) { s.committees = b }

// Index is the case index the service keeps current.
func (s *Service) Index() *caseindex.Index { return s.index }

// Load fills the index from the store (once, at start).
func (s *Service) Load(ctx context.Context) error {
	return s.store.EachCase(ctx, func(c *domain.Case) error { s.index.Put(c); return nil })
}

// Case reads one case for the caller: a case outside the caller's scope answers domain.ErrCaseNotFound,
// exactly like an unknown id.
func (s *Service) Case(ctx context.Context, by *domain.User, id string) (*domain.Case, error) {
	c, err := s.store.GetCase(ctx, id)
	if err != nil {
		return nil, err
	}
	if by == nil || !domain.ScopeOf(by).Sees(s.regions, c.Kind, c.HeldIn()) {
		return nil, domain.ErrCaseNotFound
	}
	return c, nil
}

// Register registers a new case from its intake form.
func (s *Service) Register(ctx context.Context, by *domain.User, in domain.NewCaseInput) (*domain.Case, error) {
	c, err := domain.NewCase(in, by, s.regions, s.now())
	if err != nil {
		return nil, err
	}
	if in.Dispute != nil {
		if err := domain.AssignCommittee(c, in.Dispute.Committee, s.committees, s.regions, "dispute.committee"); err != nil {
			return nil, err
		}
	}
	if err := s.store.InsertCase(ctx, c); err != nil {
		return nil, err
	}
	s.index.Put(c)
	return c, nil
}

// Act performs one action on a case (domain.Apply decides, scope included).
func (s *Service) Act(ctx context.Context, by *domain.User, id string, in domain.ActionInput) (*domain.Case, error) {
	now := s.now()
	in.Committees = s.committees
	c, err := s.store.UpdateCase(ctx, id, func(c *domain.Case) error {
		return domain.Apply(c, in, by, s.regions, now)
	})
	if err != nil {
		return nil, err
	}
	s.index.Put(c)
	return c, nil
}

// Batch is a set of cases built elsewhere by replaying their history through the domain rules (a ledger,
// the seeder), stored together: all or none.
type Batch struct {
	Cases []*domain.Case
	// Action and Detail describe the batch in the audit log ("import", "seed"; "台账.xlsx：导入320件");
	// Target is its kind.
	Action, Target, Detail string
}

// Store stores a batch of new cases, puts them into the index and audits the batch. The audit entry is
// written first: a batch whose audit entry cannot be written is not stored; one whose store write then
// fails gets a second entry saying so.
func (s *Service) Store(ctx context.Context, by *domain.User, b Batch) error {
	e := AuditEntry{At: s.now(), Actor: by, Action: b.Action, Target: b.Target, Detail: b.Detail, IP: ClientIP(ctx)}
	if err := s.audit(ctx, e); err != nil {
		return err
	}
	if err := s.store.InsertCasesBulk(ctx, b.Cases); err != nil {
		e.Action, e.Detail = b.Action+"_failed", fmt.Sprintf("%s：未能保存（%d件），已撤回", e.Detail, len(b.Cases))
		_ = s.audit(context.WithoutCancel(ctx), e) // best effort: the failure itself is what the caller reports
		return err
	}
	for _, c := range b.Cases {
		s.index.Put(c)
	}
	return nil
}

// Followed takes a case another instance wrote (as stored now) into the index; an older or equal version
// than the one indexed is ignored.
func (s *Service) Followed(c *domain.Case) { s.index.Put(c) }

type clientIPKey struct{}

// WithClientIP returns a context that names the caller's address for the audit log.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP is the caller's address WithClientIP put into the context, "" when none.
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}
