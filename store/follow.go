package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"pingan/domain"
	"pingan/domain/casefile"
)

// FollowMode is how an instance learns of the case writes of other instances sharing its store.
type FollowMode string

const (
	// FollowNone: the embedded store, whose only writer is this process.
	FollowNone FollowMode = "none"
	// FollowChangeStream: a replica set pushes every case write (fullDocument updateLookup).
	FollowChangeStream FollowMode = "changeStream"
	// FollowPoll: point lookups of the change log (a standalone MongoDB, or FerretDB from a read-only instance).
	FollowPoll FollowMode = "poll"
)

const (
	// inFlightLimit bounds how long a write announced in the change log may still be landing: the driver's
	// 30 s operation timeout, plus clock differences between hosts.
	inFlightLimit = 45 * time.Second
	// followReplay bounds how many changes before its starting point a follower reads again.
	followReplay = 100
	// lateWindow is how long a skipped change is still looked for, in case its writer was only slow.
	lateWindow = time.Minute
	// maxLate bounds the skipped changes looked for.
	maxLate = 1000
	// wideProbeEvery is how often a follower that finds no next record looks further ahead for records
	// beyond a hole wider than one.
	wideProbeEvery = time.Second
)

// FollowConfig starts a follower.
type FollowConfig struct {
	// From is the change head read before the case index was loaded (ChangeHead). The changes up to it that
	// were announced less than inFlightLimit before it was read are read again: their cases may have been
	// written after the load read them.
	From ChangeMark
	// Apply receives every case written elsewhere, as stored now; it may receive a case more than once.
	Apply func(c *domain.Case)
	// Docs receive the writes elsewhere to the other collections loaded whole at start, as Apply the cases.
	Docs DocReceivers
	// Mode forces a mode; empty chooses: none on the embedded store, a change stream where the server
	// supports one, else poll.
	Mode FollowMode
	// Interval is the poll period (default 250 ms); a change stream waits at most this long per round trip.
	Interval time.Duration
	// HoleWait is how long an unfinished change (a missing record while later ones exist, or a record whose
	// case write has not landed) may hold back the changes after it before it is skipped (default 3 s).
	HoleWait time.Duration
	Logger   *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// DocReceivers take the documents of the followed collections besides cases (followedCols), each as
// stored now (stamped with its last write's change number); a nil receiver leaves its collection unfollowed.
type DocReceivers struct {
	Hazard     func(*domain.Hazard)
	Listing    func(*domain.Listing)
	Places     func(domain.PlaceList)
	Round      func(*domain.Round)
	Assessment func(domain.Assessment)
	Committee  func(domain.Committee)
	// Attachment takes a file's metadata once the file is whole; AttachmentGone a file deleted.
	Attachment     func(casefile.Attachment)
	AttachmentGone func(id string)
}

// receive decodes a document of col and hands it to its receiver; ok is false when col has none.
func (r DocReceivers) receive(col string, raw bson.Raw) (ok bool, err error) {
	switch col {
	case colHazards:
		return receive(raw, r.Hazard)
	case colListings:
		return receive(raw, r.Listing)
	case colScreeningPlaces:
		return receiveValue(raw, r.Places)
	case colScreeningRounds:
		return receive(raw, r.Round)
	case colAssessments:
		return receiveValue(raw, r.Assessment)
	case colCommittees:
		return receiveValue(raw, r.Committee)
	case colAttachments:
		return receiveValue(raw, r.Attachment)
	}
	return false, nil
}

// drop hands the id of a deleted document of col to its receiver.
func (r DocReceivers) drop(col, id string) {
	if col == colAttachments && r.AttachmentGone != nil {
		r.AttachmentGone(id)
	}
}

// followed reports whether col has a receiver.
func (r DocReceivers) followed(col string) bool {
	ok, _ := r.receive(col, nil)
	return ok
}

func receive[T any](raw bson.Raw, fn func(*T)) (bool, error) {
	if fn == nil {
		return false, nil
	}
	if raw == nil {
		return true, nil
	}
	doc := new(T)
	if err := decodeRaw(raw, doc); err != nil {
		return true, err
	}
	fn(doc)
	return true, nil
}

func receiveValue[T any](raw bson.Raw, fn func(T)) (bool, error) {
	if fn == nil {
		return false, nil
	}
	return receive(raw, func(doc *T) { fn(*doc) })
}

var rawRegistry = sync.OnceValue(shanghaiRegistry)

// decodeRaw decodes a stored document as the store's reads do (times in Asia/Shanghai).
func decodeRaw(raw bson.Raw, v any) error {
	dec := bson.NewDecoder(bson.NewDocumentReader(bytes.NewReader(raw)))
	dec.SetRegistry(rawRegistry())
	return dec.Decode(v)
}

// FollowStatus is what a follower reports (GET /readyz).
type FollowStatus struct {
	Mode FollowMode `json:"mode"`
	// LastSeq is the last change applied (poll: every change up to it is applied or skipped).
	LastSeq int64 `json:"lastSeq"`
	// LagMs is the time from the last applied change's write to its application here.
	LagMs int64 `json:"lagMs"`
	// StalenessMs is how old this instance's view may be: the time since it last knew it had every change.
	StalenessMs int64 `json:"stalenessMs"`
	// Skipped counts changes given up after HoleWait.
	Skipped int64  `json:"skipped"`
	Error   string `json:"error,omitempty"`
}

// Follower keeps applying other instances' case writes until Stop.
type Follower struct {
	s      *Store
	cfg    FollowConfig
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	st       FollowStatus
	caughtUp time.Time

	// poll state, owned by the follower's goroutine
	replayed bool  // the changes possibly in flight at From have been looked up
	last     int64 // every change up to last is applied or skipped
	head     *pendingChange
	late     []pendingChange
	wideAt   time.Time // last look further ahead
	wideHit  int64     // the record it found (0: none)
}

// pendingChange is a change not fully applied yet: its record not found (caseIDs nil) or some of its cases
// not yet carrying its sequence number.
type pendingChange struct {
	seq     int64
	found   bool
	col     string // the record's collection ("": cases)
	gone    bool   // the record announces a deletion
	caseIDs []string
	at      time.Time // the record's write time
	since   time.Time // first seen unfinished
}

// Follow starts following the case writes of other instances and returns at once, the mode chosen.
func (s *Store) Follow(ctx context.Context, cfg FollowConfig) *Follower {
	f := newFollower(s, cfg)
	if f.cfg.Mode == "" {
		f.cfg.Mode = FollowPoll
		if s.emb != nil {
			f.cfg.Mode = FollowNone
		}
	}
	f.st.Mode = f.cfg.Mode
	if f.cfg.Mode == FollowNone {
		close(f.done)
		return f
	}
	runCtx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	var cs *mongo.ChangeStream
	if cfg.Mode == "" && s.ferretDB != "" { // no change streams (it answers a database-wide watch with FailedToParse)
		cfg.Mode = FollowPoll
	}
	if cfg.Mode == "" || cfg.Mode == FollowChangeStream {
		var err error
		cs, err = f.openStream(ctx, nil)
		switch {
		case err == nil:
			f.setMode(FollowChangeStream)
		case cfg.Mode == FollowChangeStream || !changeStreamUnsupported(err):
			f.setMode(FollowChangeStream)
			f.setError(err)
		}
	}
	f.cfg.Logger.Info("following other instances' case writes", "mode", f.Status().Mode, "from", f.cfg.From.Seq)
	go func() {
		defer close(f.done)
		if f.Status().Mode == FollowChangeStream {
			f.runChangeStream(runCtx, cs)
		} else {
			f.runPoll(runCtx)
		}
	}()
	return f
}

func newFollower(s *Store, cfg FollowConfig) *Follower {
	if cfg.Interval <= 0 {
		cfg.Interval = 250 * time.Millisecond
	}
	if cfg.HoleWait <= 0 {
		cfg.HoleWait = 3 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = s.log
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	f := &Follower{s: s, cfg: cfg, done: make(chan struct{}), last: cfg.From.Seq}
	f.st.LastSeq = cfg.From.Seq
	f.caughtUp = cfg.Now()
	return f
}

// Stop ends the follower and waits for it.
func (f *Follower) Stop() {
	if f.cancel != nil {
		f.cancel()
	}
	<-f.done
}

// Status reports the mode, the last change applied, lag and staleness.
func (f *Follower) Status() FollowStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.st
	if st.Mode == FollowNone {
		if head, err := f.s.ChangeHead(context.Background()); err == nil {
			st.LastSeq = head.Seq
		}
		return st
	}
	st.StalenessMs = f.cfg.Now().Sub(f.caughtUp).Milliseconds()
	return st
}

func (f *Follower) setMode(m FollowMode) {
	f.mu.Lock()
	f.st.Mode = m
	f.mu.Unlock()
}

func (f *Follower) setError(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil {
		f.st.Error = ""
		return
	}
	f.st.Error = err.Error()
}

func (f *Follower) markCaughtUp(at time.Time) {
	f.mu.Lock()
	if at.After(f.caughtUp) {
		f.caughtUp = at
	}
	f.mu.Unlock()
}

// applied notes a change applied: its sequence number and when it was written (zero: unknown).
func (f *Follower) applied(seq int64, writtenAt time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.st.LastSeq = max(f.st.LastSeq, seq)
	if !writtenAt.IsZero() && seq > f.cfg.From.Seq { // not a change read again at start
		f.st.LagMs = max(0, f.cfg.Now().Sub(writtenAt).Milliseconds())
	}
}

// runPoll polls every Interval until ctx ends. An error (the store unreachable) is reported and retried.
func (f *Follower) runPoll(ctx context.Context) {
	t := time.NewTicker(f.cfg.Interval)
	defer t.Stop()
	for {
		err := f.poll(ctx)
		if ctx.Err() != nil {
			return
		}
		f.setError(err)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// poll applies, in order, every change after f.last it can, and returns when it finds no next record
// (caught up) or when the next change is unfinished and has not waited HoleWait yet. An unfinished change
// that has waited that long is skipped, and looked for again for a minute (lateWindow).
func (f *Follower) poll(ctx context.Context) error {
	now := f.cfg.Now()
	if !f.replayed {
		last, err := f.replayStart(ctx, f.cfg.From)
		if err != nil {
			return err
		}
		f.last, f.replayed = last, true
	}
	if err := f.retryLate(ctx, now); err != nil {
		return err
	}
	for {
		n := f.last + 1
		if f.head == nil || f.head.seq != n {
			f.head = &pendingChange{seq: n}
		}
		h := f.head
		if !h.found {
			rec, ok, err := f.s.changeRecord(ctx, n)
			if err != nil {
				return err
			}
			if ok && rec.Void {
				f.last = n
				continue
			}
			if ok {
				h.found, h.col, h.gone, h.caseIDs, h.at = true, rec.Col, rec.Gone, rec.CaseIDs, rec.At
			}
		}
		if h.found {
			rest, err := f.applyLanded(ctx, n, h, h.caseIDs)
			if err != nil {
				return err
			}
			h.caseIDs = rest
			if len(rest) == 0 {
				f.last = n
				continue
			}
		} else {
			later, err := f.laterExists(ctx, n, now)
			if err != nil {
				return err
			}
			if !later {
				h.since = time.Time{}
				f.markCaughtUp(now)
				return nil
			}
		}
		if h.since.IsZero() {
			h.since = now
		}
		if now.Sub(h.since) < f.cfg.HoleWait {
			return nil
		}
		f.skip(h, now)
	}
}

// replayStart returns where to read the change log from so that the changes up to mark that may still have
// been landing when mark was read are read again: it walks back while the records are younger than
// inFlightLimit at mark.At (holes included), at most followReplay records.
func (f *Follower) replayStart(ctx context.Context, mark ChangeMark) (int64, error) {
	n := mark.Seq
	for ; n > 0 && mark.Seq-n < followReplay; n-- {
		rec, ok, err := f.s.changeRecord(ctx, n)
		if err != nil {
			return 0, err
		}
		if ok && mark.At.Sub(rec.At) > inFlightLimit {
			break
		}
	}
	return n, nil
}

// applyLanded applies the documents ids of change seq (cases when its col is empty) that carry it (or a
// later one) and returns those that do not yet. A deletion applies at once.
func (f *Follower) applyLanded(ctx context.Context, seq int64, h *pendingChange, ids []string) (rest []string, err error) {
	at := h.at
	if h.gone {
		for _, id := range ids {
			f.cfg.Docs.drop(h.col, id)
		}
		f.applied(seq, at)
		return nil, nil
	}
	if h.col != "" {
		return f.applyLandedDocs(ctx, seq, h.col, ids, at)
	}
	for _, id := range ids {
		c, err := f.s.GetCase(ctx, id)
		if errors.Is(err, domain.ErrCaseNotFound) {
			rest = append(rest, id)
			continue
		}
		if err != nil {
			return nil, err
		}
		if c.Seq < seq {
			rest = append(rest, id)
			continue
		}
		f.cfg.Apply(c)
		f.applied(seq, at)
	}
	return rest, nil
}

// applyLandedDocs is applyLanded for a collection other than cases. A collection this instance does not
// follow (or one it does not know: a newer instance's) has nothing to apply.
func (f *Follower) applyLandedDocs(ctx context.Context, seq int64, col string, ids []string, at time.Time) (rest []string, err error) {
	if !f.cfg.Docs.followed(col) {
		f.applied(seq, at)
		return nil, nil
	}
	for _, id := range ids {
		raw, err := f.s.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
		if errors.Is(err, mongo.ErrNoDocuments) {
			rest = append(rest, id)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s %s: %w", col, id, err)
		}
		if stampOf(raw) < seq {
			rest = append(rest, id)
			continue
		}
		if _, err := f.cfg.Docs.receive(col, raw); err != nil {
			f.cfg.Logger.Error("followed document unreadable, left out", "collection", col, "id", id, "err", err)
		}
		f.applied(seq, at)
	}
	return rest, nil
}

// stampOf is the change number a stored document carries (0: none).
func stampOf(raw bson.Raw) int64 {
	v, err := raw.LookupErr("seq")
	if err != nil {
		return 0
	}
	n, _ := v.AsInt64OK()
	return n
}

// laterExists reports whether a change after seq exists: it looks at seq+1 on every call and further
// (seq+2, +4, … +64) once a second, the hole being wider than one only when several writes failed at once.
func (f *Follower) laterExists(ctx context.Context, seq int64, now time.Time) (bool, error) {
	ok, err := f.s.hasChange(ctx, seq+1)
	if err != nil || ok {
		return ok, err
	}
	if now.Sub(f.wideAt) >= wideProbeEvery {
		f.wideAt, f.wideHit = now, 0
		for d := int64(2); d <= 64 && f.wideHit == 0; d *= 2 {
			ok, err := f.s.hasChange(ctx, seq+d)
			if err != nil {
				return false, err
			}
			if ok {
				f.wideHit = seq + d
			}
		}
	}
	return f.wideHit > seq, nil
}

// skip gives up waiting for change h (it stays looked for, as a late change, for lateWindow).
func (f *Follower) skip(h *pendingChange, now time.Time) {
	f.cfg.Logger.Warn("change skipped after waiting", "seq", h.seq, "record", h.found, "cases", h.caseIDs,
		"waited", now.Sub(h.since).String())
	f.mu.Lock()
	f.st.Skipped++
	f.mu.Unlock()
	if len(f.late) < maxLate {
		late := *h
		late.since = now
		f.late = append(f.late, late)
	}
	f.last = h.seq
}

// retryLate looks again for skipped changes: a record that appeared, cases that landed.
func (f *Follower) retryLate(ctx context.Context, now time.Time) error {
	keep := f.late[:0]
	for _, l := range f.late {
		if !l.found {
			rec, ok, err := f.s.changeRecord(ctx, l.seq)
			if err != nil {
				return err
			}
			if ok && rec.Void {
				continue
			}
			if ok {
				l.found, l.col, l.gone, l.caseIDs, l.at = true, rec.Col, rec.Gone, rec.CaseIDs, rec.At
			}
		}
		if l.found {
			rest, err := f.applyLanded(ctx, l.seq, &l, l.caseIDs)
			if err != nil {
				return err
			}
			if len(rest) == 0 {
				continue
			}
			l.caseIDs = rest
		}
		if now.Sub(l.since) >= lateWindow {
			f.cfg.Logger.Warn("skipped change given up", "seq", l.seq, "cases", l.caseIDs)
			continue
		}
		keep = append(keep, l)
	}
	f.late = keep
	return nil
}

// changeStreamUnsupported reports whether err says the server has no change streams (FerretDB, a standalone
// mongod), rather than that it failed this time.
func changeStreamUnsupported(err error) bool {
	var ce mongo.CommandError
	if !errors.As(err, &ce) {
		return false
	}
	switch ce.Code {
	case 40573, // only supported on replica sets
		238,   // NotImplemented (FerretDB)
		59,    // CommandNotFound
		115,   // CommandNotSupported
		40324: // unrecognized pipeline stage
		return true
	}
	return false
}

// openStream watches the cases and the other followed collections with a receiver, after token when given.
func (f *Follower) openStream(ctx context.Context, token bson.Raw) (*mongo.ChangeStream, error) {
	cols := bson.A{colCases}
	for _, col := range followedCols {
		if f.cfg.Docs.followed(col) {
			cols = append(cols, col)
		}
	}
	match := bson.D{{Key: "$match", Value: bson.D{
		{Key: "operationType", Value: bson.D{{Key: "$in", Value: bson.A{"insert", "update", "replace", "delete"}}}},
		{Key: "ns.coll", Value: bson.D{{Key: "$in", Value: cols}}},
	}}}
	opts := options.ChangeStream().SetFullDocument(options.UpdateLookup).SetMaxAwaitTime(f.cfg.Interval)
	if token != nil {
		opts.SetResumeAfter(token)
	}
	return f.s.db.Watch(ctx, mongo.Pipeline{match}, opts)
}

// runChangeStream applies the stream's events until ctx ends. A fresh stream (no resume token) first reads
// the change log from a little before the last change seen, for what was written before it opened; a stream
// that fails is resumed after its last token, or opened afresh when that is lost, polling meanwhile.
func (f *Follower) runChangeStream(ctx context.Context, cs *mongo.ChangeStream) {
	var token bson.Raw
	for ctx.Err() == nil {
		if cs == nil {
			var err error
			if cs, err = f.openStream(ctx, token); err != nil {
				f.setError(err)
				f.cfg.Logger.Warn("change stream unavailable, polling meanwhile", "err", err)
				token = nil
				f.pollFor(ctx, 5*time.Second)
				continue
			}
		}
		if token == nil {
			f.cfg.From = ChangeMark{Seq: f.Status().LastSeq, At: f.cfg.Now()}
			f.replayed, f.head = false, nil
			f.drain(ctx)
		}
		err := f.consume(ctx, cs, &token)
		cs.Close(context.Background())
		cs = nil
		if ctx.Err() != nil {
			return
		}
		f.setError(err)
		f.cfg.Logger.Warn("change stream ended, resuming", "err", err)
	}
}

// consume applies events until the stream fails; token follows the last event (or the end of the last batch).
func (f *Follower) consume(ctx context.Context, cs *mongo.ChangeStream, token *bson.Raw) error {
	fetchedAt := f.cfg.Now()
	for {
		if cs.RemainingBatchLength() == 0 {
			fetchedAt = f.cfg.Now()
		}
		if !cs.TryNext(ctx) {
			if err := cs.Err(); err != nil {
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			*token = cs.ResumeToken()
			f.markCaughtUp(fetchedAt)
			f.setError(nil)
			continue
		}
		if err := f.applyEvent(cs); err != nil {
			return err
		}
		*token = cs.ResumeToken()
		if cs.RemainingBatchLength() == 0 {
			f.markCaughtUp(fetchedAt)
		}
	}
}

// applyEvent applies the document of a change stream's event.
func (f *Follower) applyEvent(cs *mongo.ChangeStream) error {
	var ev struct {
		OperationType string `bson:"operationType"`
		NS            struct {
			Coll string `bson:"coll"`
		} `bson:"ns"`
		DocumentKey struct {
			ID string `bson:"_id"`
		} `bson:"documentKey"`
		FullDocument bson.Raw  `bson:"fullDocument"`
		WallTime     time.Time `bson:"wallTime"`
	}
	if err := cs.Decode(&ev); err != nil {
		return err
	}
	if ev.OperationType == "delete" {
		f.cfg.Docs.drop(ev.NS.Coll, ev.DocumentKey.ID)
		return nil
	}
	if ev.FullDocument == nil { // deleted since
		return nil
	}
	if ev.NS.Coll != colCases {
		if _, err := f.cfg.Docs.receive(ev.NS.Coll, ev.FullDocument); err != nil {
			f.cfg.Logger.Error("followed document unreadable, left out", "collection", ev.NS.Coll, "err", err)
		}
		f.applied(stampOf(ev.FullDocument), ev.WallTime)
		return nil
	}
	c := new(domain.Case)
	if err := decodeRaw(ev.FullDocument, c); err != nil {
		return err
	}
	domain.Upgrade(c)
	f.cfg.Apply(c)
	f.applied(c.Seq, ev.WallTime)
	return nil
}

// drain polls the change log until caught up (or ctx ends).
func (f *Follower) drain(ctx context.Context) {
	for ctx.Err() == nil {
		start := f.cfg.Now()
		if err := f.poll(ctx); err != nil {
			f.setError(err)
		}
		f.mu.Lock()
		done := !f.caughtUp.Before(start)
		f.mu.Unlock()
		if done {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(f.cfg.Interval):
		}
	}
}

// pollFor polls for d (while a change stream cannot be had).
func (f *Follower) pollFor(ctx context.Context, d time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	f.runPoll(ctx)
}
