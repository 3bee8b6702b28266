package offline

import (
	"fmt"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	bolt "go.etcd.io/bbolt"
)

// EnqueueMany stores submissions many per transaction, so benchmarks can
// build a large backlog quickly. The kiosk itself only ever uses Enqueue.
func (o *Outbox) EnqueueMany(subs []kiosk.Submission) error {
	const perTx = 5000
	for len(subs) > 0 {
		n := min(perTx, len(subs))
		recs := make([]*record, n)
		for i, s := range subs[:n] {
			r, err := o.newRecord(s)
			if err != nil {
				return err
			}
			recs[i] = r
		}
		err := o.db.Update(func(tx *bolt.Tx) error {
			for _, r := range recs {
				if stored, err := o.insert(tx, r); err != nil || !stored {
					return fmt.Errorf("bulk enqueue %s: stored=%v: %v", r.TrackingCode, stored, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range recs {
			o.noteSerial(r.TrackingCode.Serial())
		}
		subs = subs[n:]
	}
	return nil
}

// SealedBytes returns how many sealed bytes the record of code holds, for
// its answers and for its status notes, so tests can tell a purge
// dropped them all.
func (o *Outbox) SealedBytes(code kiosk.TrackingCode) (answers, notes int, err error) {
	err = o.db.View(func(tx *bolt.Tx) error {
		r, err := loadCode(tx, code)
		if err != nil {
			return err
		}
		answers, notes = len(r.Sealed), len(r.NotesSealed)
		return nil
	})
	return answers, notes, err
}

// Backoff exposes the syncer's exponential backoff with full jitter.
func (s *Syncer) Backoff(n int, base, ceiling time.Duration) time.Duration {
	return s.backoff(n, base, ceiling)
}

// ScrubReason is what the outbox keeps of a failure reason.
var ScrubReason = scrubReason
