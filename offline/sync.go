package offline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// Upstream is the back office as the sync worker uses it;
// *open311.Client is the real one.
type Upstream interface {
	PostRequest(ctx context.Context, r open311.Request) (open311.PostResult, error)
	RequestIDForToken(ctx context.Context, token string) (string, error)
	Request(ctx context.Context, id string) (open311.ServiceRequest, error)
	// Search lists requests (GET requests.json), to find one whose POST
	// went unanswered.
	Search(ctx context.Context, q open311.Query) ([]open311.ServiceRequest, error)
}

// SyncConfig tunes a Syncer. Zero fields take the defaults noted.
type SyncConfig struct {
	// Catalogue maps each submission's answers to Open311 attributes.
	Catalogue *kiosk.Catalogue
	// Location is sent with every submission (lat/long or address).
	Location config.Location
	// Concurrency bounds the POSTs in flight (default 4).
	Concurrency int
	// Batch is how many due submissions are claimed at once (default 64).
	Batch int
	// RetryBase and RetryMax bound one submission's exponential backoff
	// with full jitter (defaults 30s and 1h); RetryMin is its floor (1s).
	RetryBase, RetryMax, RetryMin time.Duration
	// PauseBase and PauseMax bound the pause of all sending while the
	// back office is down (defaults 5s and 5m), also with full jitter;
	// PauseMin is its floor (1s), so an unlucky draw never makes the
	// worker hammer a failing back office. A longer Retry-After wins.
	PauseBase, PauseMax, PauseMin time.Duration
	// TokenPoll is the first wait before a token is asked for its request
	// ID, doubling up to RefreshEvery (default 30s).
	TokenPoll time.Duration
	// RefreshEvery is how often a sent request's status is read (default
	// 15m), for RefreshFor after it was acknowledged (default 30 days).
	RefreshEvery, RefreshFor time.Duration
	// SearchSlack widens the window in which an unconfirmed POST is
	// looked for at the back office, on both sides, for the difference
	// between the kiosk's clock and the server's (default 24h).
	SearchSlack time.Duration
	// Clock tells the time; nil is the system clock.
	Clock kiosk.Clock
	// Jitter returns a uniformly random duration in [0, d); nil uses
	// math/rand. Tests make it deterministic.
	Jitter func(d time.Duration) time.Duration
	// After waits in Run; nil is time.After. Tests replace it so that
	// nothing sleeps for real.
	After func(d time.Duration) <-chan time.Time
	// Logger receives what the worker does (tracking codes, never
	// personal data or the api_key); nil discards.
	Logger *slog.Logger
}

func (c *SyncConfig) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	if c.Batch <= 0 {
		c.Batch = 64
	}
	def(&c.RetryBase, 30*time.Second)
	def(&c.RetryMax, time.Hour)
	def(&c.RetryMin, time.Second)
	def(&c.PauseBase, 5*time.Second)
	def(&c.PauseMax, 5*time.Minute)
	def(&c.PauseMin, time.Second)
	def(&c.TokenPoll, 30*time.Second)
	def(&c.RefreshEvery, 15*time.Minute)
	def(&c.RefreshFor, 30*24*time.Hour)
	def(&c.SearchSlack, 24*time.Hour)
	if c.Clock == nil {
		c.Clock = kiosk.SystemClock{}
	}
	if c.Jitter == nil {
		c.Jitter = func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return rand.N(d)
		}
	}
	if c.After == nil {
		c.After = time.After
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Health is what the worker knows of the link to the back office.
type Health struct {
	// Online is true while the back office answers normally; false after
	// a network failure, timeout or server error, until a call succeeds.
	Online bool `json:"online"`
	// AuthFailed is true after a 401/403: the api_key is wrong or revoked.
	// Submissions stay queued until a technician fixes the key.
	AuthFailed bool `json:"auth_failed,omitempty"`
	// Failures counts consecutive failed calls.
	Failures    int       `json:"failures,omitempty"`
	LastContact time.Time `json:"last_contact,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	// PausedUntil is when sending resumes after a failure.
	PausedUntil time.Time `json:"paused_until,omitzero"`
}

// MessageKey is the message catalogue key describing the link for the
// technician screen (kiosk.Msg).
func (h Health) MessageKey() string {
	switch {
	case h.AuthFailed:
		return "sync.auth_failed"
	case !h.Online:
		return "sync.offline"
	}
	return "sync.online"
}

// SyncReport says what one pass of the worker did.
type SyncReport struct {
	Sent int `json:"sent"`
	// Adopted counts unconfirmed POSTs found stored at the back office
	// and recorded as acknowledged without being sent again; Searched
	// counts the searches made for them.
	Adopted   int    `json:"adopted,omitempty"`
	Searched  int    `json:"searched,omitempty"`
	Retried   int    `json:"retried"`
	Dead      int    `json:"dead"`
	Resolved  int    `json:"tokens_resolved"`
	Refreshed int    `json:"refreshed"`
	Closed    int    `json:"closed"`
	Purged    int    `json:"purged"`
	Counts    Counts `json:"counts"`
	Health    Health `json:"health"`
}

// Syncer forwards queued submissions to the back office, polls tokens,
// refreshes statuses and purges personal data. Run it in its own
// goroutine; the citizen's session only ever calls Outbox.Enqueue, so the
// worker never blocks the UI.
type Syncer struct {
	out *Outbox
	up  Upstream
	cfg SyncConfig
	log *slog.Logger

	pass sync.Mutex // one pass at a time (Run and a technician's SyncNow)

	mu        sync.Mutex
	health    Health
	unsettled []outcome // results not yet recorded (the disk was full)
	// retryAfter is the latest Retry-After a server asked for: sending
	// waits for it even when other calls succeed meanwhile.
	retryAfter time.Time
}

// NewSyncer returns a worker that forwards the outbox's submissions to up.
func NewSyncer(out *Outbox, up Upstream, cfg SyncConfig) *Syncer {
	cfg.defaults()
	return &Syncer{out: out, up: up, cfg: cfg, log: cfg.Logger, health: Health{Online: true}}
}

// Health returns the worker's view of the back office.
func (s *Syncer) Health() Health {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.health
}

// Run forwards submissions until ctx is done, waking when one is enqueued
// or retried, when the next one falls due, and at least every minute.
func (s *Syncer) Run(ctx context.Context) error {
	for {
		_, err := s.Once(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := s.nextWake()
		if err != nil {
			s.log.Error("sync: pass failed", "err", err)
			wait = max(wait, time.Second)
		}
		if wait <= 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.out.Enqueued():
		case <-s.cfg.After(wait):
		}
	}
}

// nextWake is how long Run may wait before something falls due.
func (s *Syncer) nextWake() time.Duration {
	now := s.cfg.Clock.Now()
	wait := time.Minute
	if paused := s.Health().PausedUntil; paused.After(now) {
		wait = min(wait, paused.Sub(now))
	}
	if t, ok, err := s.out.nextWork(); err == nil && ok {
		if d := t.Sub(now); d < wait {
			// Due work waits for the pause, if any.
			if paused := s.Health().PausedUntil; paused.After(t) {
				d = paused.Sub(now)
			}
			wait = min(wait, d)
		}
	}
	return wait
}

// Once runs one pass: it forwards every due submission (stopping early if
// the back office fails), asks for due tokens and statuses, and purges
// personal data past its retention.
func (s *Syncer) Once(ctx context.Context) (SyncReport, error) {
	return s.run(ctx, false)
}

// SyncNow is Once for a technician: it ignores the backoff of queued
// submissions and the pause after failures, so everything queued is tried
// now (each once).
func (s *Syncer) SyncNow(ctx context.Context) (SyncReport, error) {
	return s.run(ctx, true)
}

func (s *Syncer) run(ctx context.Context, force bool) (SyncReport, error) {
	s.pass.Lock()
	defer s.pass.Unlock()
	var rep SyncReport
	if err := s.settlePending(); err != nil {
		return s.finish(rep), err
	}
	if force {
		s.mu.Lock()
		s.health.PausedUntil = time.Time{}
		s.retryAfter = time.Time{}
		s.mu.Unlock()
		if _, err := s.out.expedite(); err != nil {
			return s.finish(rep), err
		}
	}
	if err := s.reconcile(ctx, &rep); err != nil {
		return s.finish(rep), err
	}
	if err := s.forwardDue(ctx, &rep); err != nil {
		return s.finish(rep), err
	}
	if err := s.checkStatuses(ctx, &rep); err != nil {
		return s.finish(rep), err
	}
	n, err := s.out.Purge()
	rep.Purged = n
	return s.finish(rep), err
}

func (s *Syncer) finish(rep SyncReport) SyncReport {
	rep.Counts, _ = s.out.Counts()
	rep.Health = s.Health()
	return rep
}

// settlePending retries recording results that could not be stored.
func (s *Syncer) settlePending() error {
	s.mu.Lock()
	pending := s.unsettled
	s.unsettled = nil
	s.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	if err := s.out.settle(pending); err != nil {
		s.mu.Lock()
		s.unsettled = append(pending, s.unsettled...)
		s.mu.Unlock()
		return err
	}
	return nil
}

// forwardDue sends every due submission through a pipeline: a feeder
// claims batches (one transaction each) while up to Concurrency POSTs are
// in flight, and the outcomes are recorded as they come, several per
// transaction. At most Batch claimed submissions wait, so memory stays
// flat whatever the backlog. When the back office fails, the feeder stops
// and what was claimed but not yet sent is released unsent; while it is
// failing, a single submission probes it at a time.
func (s *Syncer) forwardDue(ctx context.Context, rep *SyncReport) error {
	jobs := make(chan *record)
	results := make(chan outcome, s.cfg.Concurrency)
	var inflight atomic.Int64 // claimed and not yet settled
	settled := make(chan struct{}, 1)
	var feedErr error
	var wg sync.WaitGroup
	for range s.cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				results <- s.send(ctx, r)
			}
		}()
	}
	go func() {
		defer func() {
			close(jobs)
			wg.Wait()
			close(results)
		}()
		for ctx.Err() == nil {
			h := s.Health()
			if h.Failures > 0 && inflight.Load() > 0 {
				// Probing: wait for the answer before asking again.
				select {
				case <-settled:
				case <-ctx.Done():
				}
				continue
			}
			now := s.cfg.Clock.Now()
			if h.PausedUntil.After(now) {
				return
			}
			limit := s.cfg.Batch
			if h.Failures > 0 {
				limit = 1
			}
			recs, err := s.out.claimDue(now, limit)
			if err != nil {
				feedErr = err
				return
			}
			if len(recs) == 0 {
				return
			}
			inflight.Add(int64(len(recs)))
			for _, r := range recs {
				// Always handed over: a worker releases or fails it fast
				// if the pass is ending, so nothing stays in sending.
				jobs <- r
			}
		}
	}()
	var firstErr error
	batch := make([]outcome, 0, s.cfg.Concurrency)
	for oc := range results {
		batch = append(batch[:0], oc)
	drain:
		for {
			select {
			case more, ok := <-results:
				if !ok {
					break drain
				}
				batch = append(batch, more)
			default:
				break drain
			}
		}
		for _, oc := range batch {
			switch {
			case oc.adopted:
				rep.Adopted++
			case oc.kind == outcomeAcked:
				rep.Sent++
			case oc.kind == outcomeRetry:
				rep.Retried++
			case oc.kind == outcomeDead:
				rep.Dead++
			}
		}
		if err := s.out.settle(batch); err != nil {
			// Keep the results (an acknowledgement above all) and record
			// them on the next pass; until then they stay in sending.
			s.mu.Lock()
			s.unsettled = append(s.unsettled, batch...)
			s.mu.Unlock()
			batch = make([]outcome, 0, s.cfg.Concurrency)
			if firstErr == nil {
				firstErr = err
			}
		}
		inflight.Add(-int64(len(batch)))
		select {
		case settled <- struct{}{}:
		default:
		}
	}
	if feedErr != nil {
		return feedErr
	}
	return firstErr
}

// send POSTs one submission and decides what becomes of it. A
// submission claimed before the back office started failing is released
// unsent.
func (s *Syncer) send(ctx context.Context, r *record) (oc outcome) {
	oc = outcome{id: r.ID}
	defer func() {
		// Whatever an answer does to the decoder, the worker survives and
		// the submission is tried again later.
		if p := recover(); p != nil {
			s.log.Error("sync: handling the answer failed", "tracking_code", string(r.TrackingCode), "panic", fmt.Sprint(p))
			oc = outcome{id: r.ID, kind: outcomeRetry, reason: "the back office's answer could not be handled",
				next:        s.cfg.Clock.Now().Add(max(s.backoff(r.Attempts, s.cfg.RetryBase, s.cfg.RetryMax), s.cfg.RetryMin)),
				unconfirmed: true}
		}
	}()
	// Whether an earlier POST may have been stored: until the back
	// office is asked, every outcome but an acknowledgement keeps it so.
	oc.unconfirmed = r.reconcile
	if s.Health().PausedUntil.After(s.cfg.Clock.Now()) || ctx.Err() != nil {
		oc.kind = outcomeRelease
		return oc
	}
	if r.reconcile {
		if found, settled := s.search(ctx, r); settled {
			return found
		}
		oc.unconfirmed = false
	}
	answers, err := s.out.openAnswers(r)
	if err != nil {
		oc.kind, oc.reason = outcomeDead, "answers cannot be opened with this device's key"
		s.log.Error("sync: cannot open answers", "tracking_code", string(r.TrackingCode))
		return oc
	}
	req, err := s.request(r, answers)
	if err != nil {
		oc.kind, oc.reason = outcomeDead, scrubReason(redact(err.Error(), answers))
		return oc
	}
	res, err := s.up.PostRequest(ctx, req)
	now := s.cfg.Clock.Now()
	if err == nil {
		s.contact(now)
		oc.kind = outcomeAcked
		oc.requestID, oc.token = clean(res.ServiceRequestID, 200), clean(res.Token, 200)
		oc.notice = clean(redact(res.ServiceNotice, answers), 500)
		switch {
		case oc.requestID != "":
			oc.nextCheck = now.Add(s.cfg.RefreshEvery)
		case oc.token != "":
			oc.nextCheck = now.Add(s.cfg.TokenPoll)
		}
		s.log.Info("sync: acknowledged", "tracking_code", string(r.TrackingCode),
			"service_request_id", oc.requestID, "token", oc.token)
		return oc
	}
	reason := scrubReason(redact(err.Error(), answers))
	oc.unconfirmed = oc.unconfirmed || !open311.NeverArrived(err)
	if ctx.Err() != nil {
		// Shutting down: not the back office's fault, try again at once
		// on the next start.
		oc.kind, oc.next, oc.reason = outcomeRetry, now, "interrupted: the kiosk was stopping"
		return oc
	}
	switch verdict := classify(err); verdict {
	case verdictDead:
		oc.kind, oc.reason = outcomeDead, reason
		s.contact(now)
		s.log.Warn("sync: rejected by the back office", "tracking_code", string(r.TrackingCode), "reason", reason)
	default:
		retryAfter := retryAfterOf(err)
		s.failure(now, err, reason)
		oc.kind, oc.reason = outcomeRetry, reason
		oc.next = now
		if verdict == verdictRetry {
			// The submission itself may be what the server chokes on:
			// back it off on its own as well.
			oc.next = now.Add(max(s.backoff(r.Attempts, s.cfg.RetryBase, s.cfg.RetryMax), s.cfg.RetryMin, retryAfter))
		}
		s.log.Warn("sync: not delivered, will retry", "tracking_code", string(r.TrackingCode),
			"attempts", r.Attempts, "next", oc.next, "reason", reason)
	}
	return oc
}

// verdict is how a failed call is treated.
type verdict int

const (
	// verdictRetry: the POST may or may not have arrived (network error,
	// timeout, reset, 5xx, 429, malformed answer, a CRM that is down).
	// Send again later with the same idempotency key.
	verdictRetry verdict = iota
	// verdictHold: not the submission's fault and will not heal by
	// itself (bad api_key, an endpoint that is not Open311). Keep it
	// queued, pause, and tell the technician.
	verdictHold
	// verdictDead: the back office rejected this submission with
	// reasons (400, 404 unknown service, 422...).
	verdictDead
)

func classify(err error) verdict {
	var oe *open311.Error
	isOE := errors.As(err, &oe)
	switch {
	case open311.IsAuth(err):
		return verdictHold
	case errors.Is(err, open311.ErrInsecureURL):
		return verdictHold
	case errors.Is(err, open311.ErrInvalidRequest):
		return verdictDead
	case open311.IsRetryable(err):
		return verdictRetry
	case isOE && oe.StatusCode >= 400 && oe.StatusCode < 500 && len(oe.Errors) > 0:
		// An Open311 error array about this request.
		return verdictDead
	case isOE && oe.StatusCode >= 200 && oe.StatusCode < 300 && len(oe.Errors) > 0:
		return verdictDead
	case isOE && oe.StatusCode >= 400 && oe.StatusCode < 500:
		// A 4xx without an error array is not an Open311 server talking
		// (a wrong URL, a proxy): do not blame the submission.
		return verdictHold
	}
	return verdictRetry
}

func retryAfterOf(err error) time.Duration {
	var oe *open311.Error
	if errors.As(err, &oe) {
		return min(max(oe.RetryAfter, 0), time.Hour)
	}
	return 0
}

// backoff is exponential backoff with full jitter: a random duration in
// [0, min(ceiling, base·2^(n-1))). Callers add their floor.
func (s *Syncer) backoff(n int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	// Whatever the injected source returns, stay within the window.
	return min(max(s.cfg.Jitter(d), 0), d)
}

// contact notes a normal answer from the back office.
func (s *Syncer) contact(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.health.Online {
		s.log.Info("sync: back office reachable again")
	}
	s.health.Online, s.health.AuthFailed = true, false
	s.health.Failures = 0
	s.health.LastContact = now
	s.health.LastError = ""
	// A server's Retry-After holds even if other calls got through.
	s.health.PausedUntil = time.Time{}
	if s.retryAfter.After(now) {
		s.health.PausedUntil = s.retryAfter
	}
}

// failure notes a failed call and pauses all sending with backoff.
func (s *Syncer) failure(now time.Time, err error, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.health.Online {
		s.log.Warn("sync: back office unreachable or failing", "reason", reason)
	}
	s.health.Online = false
	s.health.AuthFailed = open311.IsAuth(err)
	s.health.Failures++
	s.health.LastError = reason
	if ra := retryAfterOf(err); ra > 0 && now.Add(ra).After(s.retryAfter) {
		s.retryAfter = now.Add(ra)
	}
	until := now.Add(max(s.backoff(s.health.Failures, s.cfg.PauseBase, s.cfg.PauseMax), s.cfg.PauseMin))
	s.health.PausedUntil = maxTime(s.health.PausedUntil, until, s.retryAfter)
}

func maxTime(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// request maps a submission to an Open311 request with
// open311.BuildRequest (the service's Open311 code, attributes, the
// submission ID as idempotency key and ID attribute, the kiosk's
// location, and the description ending with the submission's reference).
func (s *Syncer) request(r *record, answers map[string]string) (open311.Request, error) {
	if s.cfg.Catalogue == nil {
		return open311.Request{}, fmt.Errorf("the kiosk has no catalogue to map service %s", r.ServiceCode)
	}
	svc, ok := s.cfg.Catalogue.Service(r.ServiceCode)
	if !ok {
		return open311.Request{}, fmt.Errorf("service %s is not in the kiosk's catalogue (version %s)", r.ServiceCode, s.cfg.Catalogue.Version)
	}
	req, err := open311.BuildRequest(svc, kiosk.Submission{
		ID:               r.ID,
		TrackingCode:     r.TrackingCode,
		ServiceCode:      r.ServiceCode,
		CatalogueVersion: r.CatalogueVersion,
		KioskID:          r.KioskID,
		Lang:             r.Lang,
		CreatedAt:        r.CreatedAt,
		Answers:          answers,
	}, s.cfg.Location)
	if err != nil {
		return open311.Request{}, err
	}
	return req, nil
}

// checkStatuses asks the back office for due tokens and statuses.
func (s *Syncer) checkStatuses(ctx context.Context, rep *SyncReport) error {
	now := s.cfg.Clock.Now()
	if s.Health().PausedUntil.After(now) {
		return nil
	}
	recs, err := s.out.dueChecks(now, s.cfg.Batch)
	if err != nil || len(recs) == 0 {
		return err
	}
	checks := make([]check, len(recs))
	sem := make(chan struct{}, s.cfg.Concurrency)
	var wg sync.WaitGroup
	for i, r := range recs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			checks[i] = s.checkOne(ctx, r)
		}()
	}
	wg.Wait()
	for i, ch := range checks {
		if ch.requestID != "" {
			rep.Resolved++
		}
		if ch.status != nil {
			rep.Refreshed++
			if ch.status.Status == "closed" && recs[i].State == StateSent {
				rep.Closed++
			}
		}
	}
	return s.out.recordChecks(checks)
}

// checkOne turns a token into a request ID, or reads a request's status.
func (s *Syncer) checkOne(ctx context.Context, r *record) (ch check) {
	now := s.cfg.Clock.Now()
	ch = check{id: r.ID}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("sync: handling a status answer failed", "tracking_code", string(r.TrackingCode), "panic", fmt.Sprint(p))
			ch = check{id: r.ID, next: now.Add(s.cfg.RefreshEvery), reason: "the back office's answer could not be handled"}
		}
	}()
	expired := now.After(r.AckedAt.Add(s.cfg.RefreshFor))
	if r.ServiceRequestID == "" {
		id, err := s.up.RequestIDForToken(ctx, r.Token)
		poll := min(s.cfg.TokenPoll<<min(r.Checks+1, 20), s.cfg.RefreshEvery)
		switch {
		case err != nil:
			s.noteCheckError(now, err)
			ch.reason = scrubReason("token " + r.Token + ": " + err.Error())
			ch.next = now.Add(max(poll, retryAfterOf(err)))
		case id == "":
			s.contact(now)
			ch.next = now.Add(poll)
		default:
			s.contact(now)
			ch.requestID = clean(id, 200)
			ch.next = now // read its status straight away
		}
		if expired {
			ch.next = time.Time{}
		}
		return ch
	}
	sr, err := s.up.Request(ctx, r.ServiceRequestID)
	if err != nil {
		s.noteCheckError(now, err)
		ch.reason = scrubReason("status: " + err.Error())
		ch.next = now.Add(max(s.cfg.RefreshEvery, retryAfterOf(err)))
		if expired {
			ch.next = time.Time{}
		}
		return ch
	}
	s.contact(now)
	ch.status = &UpstreamStatus{
		Status:            strings.ToLower(clean(sr.Status, 20)),
		AgencyResponsible: clean(sr.AgencyResponsible, 200),
		ServiceNotice:     clean(sr.ServiceNotice, 500),
		UpdatedAt:         sr.Updated,
		ExpectedAt:        sr.Expected,
		CheckedAt:         now,
	}
	ch.notes = clean(sr.StatusNotes, 2000)
	if !expired {
		ch.next = now.Add(s.cfg.RefreshEvery)
	}
	return ch
}

// noteCheckError treats a failed status call like a failed POST when it
// says the back office is unreachable or refuses the key.
func (s *Syncer) noteCheckError(now time.Time, err error) {
	if classify(err) == verdictDead {
		s.contact(now) // it answered, about this request only
		return
	}
	s.failure(now, err, scrubReason(err.Error()))
}

// redact removes the submission's own answers from text a server sent
// back (an error or notice may echo them), so they never reach the
// outbox's plain fields or the log.
func redact(text string, answers map[string]string) string {
	for _, v := range answers {
		if len([]rune(v)) >= 4 {
			text = strings.ReplaceAll(text, v, "[answer]")
		}
	}
	return text
}

// clean keeps at most n runes of server-supplied text, without control
// characters.
func clean(s string, n int) string {
	var b strings.Builder
	i := 0
	for _, r := range s {
		if i == n {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			r = ' '
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}
