package offline

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pishkhan/pishkhan/offline/open311"
)

// Reconciliation: a GeoReport v2 back office ignores Idempotency-Key, so
// a POST whose answer never reached the kiosk (a crash between the
// server storing it and the kiosk recording the answer, a reset, an
// answer that does not parse) must not simply be sent again. Each POST
// is marked unconfirmed, durably, before it is made (claimDue); before a
// submission so marked is sent again, the back office is asked for the
// requests of its service around the first unconfirmed POST, and a
// request whose description carries the submission's reference
// (open311.Reference) is taken as the acknowledgement.

// reconcile looks for every due unconfirmed submission at the back
// office before anything new is sent, and records what it finds, so a
// kiosk killed each time an answer arrives still makes progress: the
// searches are GETs, and their results are stored before the next POST.
func (s *Syncer) reconcile(ctx context.Context, rep *SyncReport) error {
	for ctx.Err() == nil {
		now := s.cfg.Clock.Now()
		if s.Health().PausedUntil.After(now) {
			return nil
		}
		limit := s.cfg.Batch
		if s.Health().Failures > 0 {
			limit = 1 // probing a failing back office
		}
		recs, err := s.out.claimUnconfirmed(now, limit)
		if err != nil || len(recs) == 0 {
			return err
		}
		outs := make([]outcome, len(recs))
		sem := make(chan struct{}, s.cfg.Concurrency)
		var wg sync.WaitGroup
		for i, r := range recs {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				outs[i] = s.searchOutcome(ctx, r)
			})
		}
		wg.Wait()
		failed := false
		for _, oc := range outs {
			rep.Searched++
			switch {
			case oc.adopted:
				rep.Adopted++
			case oc.unconfirmed:
				failed = true
			}
		}
		if err := s.out.settle(outs); err != nil {
			return err
		}
		if failed {
			// The back office could not be asked: what is left waits for
			// its backoff; nothing unconfirmed is sent meanwhile.
			return nil
		}
	}
	return nil
}

// searchOutcome is what a search decides for a submission claimed by
// claimUnconfirmed: acknowledged when found, queued for a POST at once
// (confirmed unsent) when not, and queued unconfirmed with backoff when
// the back office could not be asked.
func (s *Syncer) searchOutcome(ctx context.Context, r *record) (oc outcome) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("sync: handling a search answer failed", "tracking_code", string(r.TrackingCode), "panic", fmt.Sprint(p))
			oc = outcome{id: r.ID, kind: outcomeRetry, unconfirmed: true, reason: "the back office's answer could not be handled",
				next: s.cfg.Clock.Now().Add(max(s.backoff(r.Attempts, s.cfg.RetryBase, s.cfg.RetryMax), s.cfg.RetryMin))}
		}
	}()
	if found, settled := s.search(ctx, r); settled {
		return found
	}
	return outcome{id: r.ID, kind: outcomeRetry, next: s.cfg.Clock.Now(), reason: r.LastError}
}

// search asks the back office whether it already holds r. settled is
// true when that decides r's outcome: found (acknowledged, adopted), or
// the search failed (kept unconfirmed, tried again later). It is false
// when the back office does not hold r, or cannot be searched at all
// (then the POST goes out with its Idempotency-Key, the only guard
// left).
func (s *Syncer) search(ctx context.Context, r *record) (oc outcome, settled bool) {
	oc = outcome{id: r.ID}
	code, err := s.open311Code(r)
	if err != nil {
		// The POST will fail the same way and say so.
		return oc, false
	}
	since := r.UnconfirmedSince
	if since.IsZero() {
		since = r.LastAttemptAt
	}
	last := maxTime(r.LastAttemptAt, since)
	// The wide window first (to now, or past the last attempt if the
	// clock went back); if the answer may have been cut at the spec's
	// 1,000 requests, a narrow one around the attempts.
	windows := []open311.Query{
		{ServiceCode: code, Start: since.Add(-s.cfg.SearchSlack), End: maxTime(s.cfg.Clock.Now(), last).Add(s.cfg.SearchSlack)},
		{ServiceCode: code, Start: since.Add(-10 * time.Minute), End: last.Add(10 * time.Minute)},
	}
	var now time.Time
	for _, q := range windows {
		found, full, err := s.find(ctx, r, q)
		now = s.cfg.Clock.Now()
		switch {
		case errors.Is(err, errSearchUnsupported):
			s.log.Warn("sync: the back office cannot be searched; sending again with the Idempotency-Key",
				"tracking_code", string(r.TrackingCode), "reason", scrubReason(err.Error()))
			return oc, false
		case err != nil:
			reason := "looking for an unanswered request: " + scrubReason(err.Error())
			if classify(err) != verdictDead {
				s.failure(now, err, reason)
			}
			oc.kind, oc.unconfirmed, oc.reason = outcomeRetry, true, reason
			oc.next = now.Add(max(s.backoff(r.Attempts, s.cfg.RetryBase, s.cfg.RetryMax), s.cfg.RetryMin, retryAfterOf(err)))
			s.log.Warn("sync: could not look for an unanswered request; will ask again",
				"tracking_code", string(r.TrackingCode), "reason", reason)
			return oc, true
		case found != nil:
			s.contact(now)
			oc.kind, oc.adopted = outcomeAcked, true
			oc.requestID = clean(found.ID, 200)
			oc.nextCheck = now.Add(s.cfg.RefreshEvery)
			s.log.Info("sync: found at the back office, not sent again", "tracking_code", string(r.TrackingCode),
				"service_request_id", oc.requestID)
			return oc, true
		case !full:
			s.contact(now)
			return oc, false
		}
	}
	s.log.Warn("sync: too many requests to rule out a stored copy; sending again with the Idempotency-Key",
		"tracking_code", string(r.TrackingCode))
	return oc, false
}

// errSearchUnsupported marks a back office that does not serve GET
// requests.json.
var errSearchUnsupported = errors.New("the back office does not list requests")

// find runs one search and returns the request carrying r's reference,
// if any, and whether the answer was full (and so may have left it out).
func (s *Syncer) find(ctx context.Context, r *record, q open311.Query) (*open311.ServiceRequest, bool, error) {
	reqs, err := s.up.Search(ctx, q)
	if err != nil {
		var oe *open311.Error
		if errors.As(err, &oe) && (oe.StatusCode == 404 || oe.StatusCode == 405 || oe.StatusCode == 501) {
			return nil, false, fmt.Errorf("%w: %w", errSearchUnsupported, err)
		}
		return nil, false, err
	}
	for i := range reqs {
		if open311.Mentions(reqs[i], r.ID) && reqs[i].ID != "" {
			return &reqs[i], false, nil
		}
	}
	return nil, len(reqs) >= open311.MaxSearchResults, nil
}

// open311Code is the service code r was sent under.
func (s *Syncer) open311Code(r *record) (string, error) {
	if s.cfg.Catalogue == nil {
		return "", fmt.Errorf("the kiosk has no catalogue to map service %s", r.ServiceCode)
	}
	svc, ok := s.cfg.Catalogue.Service(r.ServiceCode)
	if !ok {
		return "", fmt.Errorf("service %s is not in the kiosk's catalogue", r.ServiceCode)
	}
	return svc.Open311Code(), nil
}
