package offline

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The transitions the sync worker makes. Each is one short transaction
// over a bounded number of submissions found through an index, so neither
// the size of the backlog nor a slow back office ever holds the writer.

// claimDue moves up to limit queued submissions whose next attempt is due
// at now to sending, counting the attempt, and returns them with their
// sealed answers. The change is durable before any POST is made, so a crash
// mid-POST leaves them in sending, and Open queues them again.
func (o *Outbox) claimDue(now time.Time, limit int) ([]*record, error) {
	var out []*record
	err := o.db.Update(func(tx *bolt.Tx) error {
		out = out[:0]
		for _, id := range dueIDs(tx, bDue, now, limit) {
			old, err := load(tx, id)
			if err != nil {
				return err
			}
			r := old.clone()
			r.State = StateSending
			r.Attempts++
			r.LastAttemptAt = o.clock.Now()
			r.NextAttemptAt = time.Time{}
			// The POST about to be made is unconfirmed until its answer
			// is recorded; one before it may still be.
			r.reconcile = old.Unconfirmed
			r.Unconfirmed = true
			if !old.Unconfirmed {
				r.UnconfirmedSince = r.LastAttemptAt
			}
			if err := save(tx, old, r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim due submissions: %w", storageErr(err))
	}
	return out, nil
}

// claimUnconfirmed moves up to limit due queued submissions whose last
// POST is unconfirmed to sending, to be looked for at the back office
// before anything else is sent. A lookup is not an attempt: Attempts
// stays as it was.
func (o *Outbox) claimUnconfirmed(now time.Time, limit int) ([]*record, error) {
	var out []*record
	err := o.db.Update(func(tx *bolt.Tx) error {
		out = out[:0]
		for _, id := range dueIDs(tx, bUnconfirmed, now, limit) {
			old, err := load(tx, id)
			if err != nil {
				return err
			}
			r := old.clone()
			r.State = StateSending
			r.NextAttemptAt = time.Time{}
			r.reconcile = true
			if err := save(tx, old, r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim unconfirmed submissions: %w", storageErr(err))
	}
	return out, nil
}

// outcomeKind is what became of one POST.
type outcomeKind int

const (
	outcomeAcked   outcomeKind = iota // the back office took it
	outcomeRetry                      // send again at next
	outcomeDead                       // rejected: dead letter with reason
	outcomeRelease                    // not sent after all: queued again as it was
)

// outcome is the result of sending one claimed submission.
type outcome struct {
	id   string
	kind outcomeKind
	// For outcomeAcked: what the back office answered, and when to ask
	// for the token or status first (zero: never).
	requestID, token, notice string
	nextCheck                time.Time
	// For outcomeRetry: when to try again; for retry and dead: why.
	next   time.Time
	reason string
	// unconfirmed: for every kind but acked, whether a POST of the
	// submission may have been stored unanswered. adopted: acked by
	// finding the request at the back office.
	unconfirmed, adopted bool
}

// settle records the outcomes of sent submissions in one transaction.
// A submission no longer in sending (changed meanwhile) is left alone.
func (o *Outbox) settle(outs []outcome) error {
	err := o.db.Update(func(tx *bolt.Tx) error {
		now := o.clock.Now()
		for _, oc := range outs {
			old, err := load(tx, oc.id)
			if err != nil {
				return err
			}
			if old.State != StateSending {
				continue
			}
			r := old.clone()
			switch oc.kind {
			case outcomeAcked:
				r.State = StateSent
				r.Adopted = oc.adopted
				r.ServiceRequestID = oc.requestID
				r.Token = oc.token
				r.ServiceNotice = oc.notice
				r.AckedAt = now
				r.LastError = ""
				r.NextCheckAt = oc.nextCheck
				if o.retention > 0 {
					r.PurgeAt = now.Add(o.retention)
				} else {
					purge(r, now)
				}
			case outcomeRetry:
				r.State = StateQueued
				r.NextAttemptAt = oc.next
				r.LastError = oc.reason
			case outcomeDead:
				r.State = StateDead
				r.DeadReason = oc.reason
				r.LastError = oc.reason
			case outcomeRelease:
				r.State = StateQueued
				r.NextAttemptAt = now
				r.Attempts--
			}
			r.Unconfirmed = oc.unconfirmed && oc.kind != outcomeAcked
			if !r.Unconfirmed {
				r.UnconfirmedSince = time.Time{}
			}
			if err := save(tx, old, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record send results: %w", storageErr(err))
	}
	return nil
}

// expedite makes every queued submission due now (a technician's
// "sync --once" does not wait out backoffs). It returns how many moved.
func (o *Outbox) expedite() (int, error) {
	total := 0
	for {
		n := 0
		now := o.clock.Now()
		err := o.db.Update(func(tx *bolt.Tx) error {
			n = 0
			var ids []string
			c := tx.Bucket(bDue).Cursor()
			k, _ := c.Seek(timeKey(now.Add(time.Nanosecond), ""))
			for ; k != nil && len(ids) < listChunk; k, _ = c.Next() {
				_, id := splitTimeKey(k)
				ids = append(ids, id)
			}
			for _, id := range ids {
				old, err := load(tx, id)
				if err != nil {
					return err
				}
				r := old.clone()
				r.NextAttemptAt = now
				if err := save(tx, old, r); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("expedite queued submissions: %w", storageErr(err))
		}
		total += n
		if n < listChunk {
			return total, nil
		}
	}
}

// dueChecks returns up to limit sent submissions whose token or status is
// due to be asked at now. Asking is idempotent, so nothing is claimed.
func (o *Outbox) dueChecks(now time.Time, limit int) ([]*record, error) {
	var out []*record
	err := o.db.View(func(tx *bolt.Tx) error {
		for _, id := range dueIDs(tx, bWatch, now, limit) {
			r, err := load(tx, id)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find due status checks: %w", err)
	}
	return out, nil
}

// check is the result of asking the back office about one sent request.
type check struct {
	id string
	// requestID is set when a token turned into a request ID.
	requestID string
	// status is set when the request's status was read; notes go sealed.
	status *UpstreamStatus
	notes  string
	// next is when to ask again; zero stops asking.
	next   time.Time
	reason string // why asking failed, if it did
}

// recordChecks stores what the back office said of sent requests.
func (o *Outbox) recordChecks(checks []check) error {
	err := o.db.Update(func(tx *bolt.Tx) error {
		now := o.clock.Now()
		for _, ch := range checks {
			old, err := load(tx, ch.id)
			if err != nil {
				return err
			}
			if old.State != StateSent {
				continue
			}
			r := old.clone()
			r.Checks++
			r.NextCheckAt = ch.next
			r.LastError = ch.reason
			if ch.requestID != "" {
				r.ServiceRequestID = ch.requestID
				r.Checks = 0
			}
			if ch.status != nil {
				r.Upstream = ch.status
				r.NotesSealed = nil
				// Once purged, a record takes no personal data again.
				if ch.notes != "" && r.PurgedAt.IsZero() {
					if sealed, err := o.ring.seal(r.ID+"/notes", ch.notes); err == nil {
						r.NotesSealed = sealed
					}
				}
				if ch.status.Status == "closed" {
					r.State = StateClosed
					r.ClosedAt = now
					r.NextCheckAt = time.Time{}
				}
			}
			if err := save(tx, old, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record status checks: %w", storageErr(err))
	}
	return nil
}

// nextWork returns the earliest time something in the outbox falls due:
// a queued submission, a status check or a purge. ok is false when
// nothing is waiting.
func (o *Outbox) nextWork() (t time.Time, ok bool, err error) {
	err = o.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bDue, bWatch, bPurge} {
			k, _ := tx.Bucket(b).Cursor().First()
			if k == nil {
				continue
			}
			at, _ := splitTimeKey(k)
			if !ok || at.Before(t) {
				t, ok = at, true
			}
		}
		return nil
	})
	return t, ok, err
}
