package offline

import (
	"encoding/json"
	"fmt"
	"os"
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

// DowngradeToV1 turns the outbox into what the code before answer keys
// wrote: every sealed field sealed again under the device-key-derived
// key (format v1), no sealed index, no purge counters, format 1, and no
// keys folder. The outbox must be closed after it.
func (o *Outbox) DowngradeToV1() error {
	err := o.db.Update(func(tx *bolt.Tx) error {
		subs := tx.Bucket(bSubs)
		var recs []*record
		if err := subs.ForEach(func(k, _ []byte) error {
			r, err := load(tx, string(k))
			recs = append(recs, r)
			return err
		}); err != nil {
			return err
		}
		for _, r := range recs {
			for _, f := range []struct {
				data *[]byte
				ad   string
			}{{&r.Sealed, r.ID}, {&r.NotesSealed, r.ID + "/notes"}} {
				if len(*f.data) == 0 {
					continue
				}
				plain, err := o.ring.openRaw(f.ad, *f.data)
				if err != nil {
					return err
				}
				if *f.data, err = o.sealer.seal(f.ad, json.RawMessage(plain)); err != nil {
					return err
				}
			}
			data, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := subs.Put([]byte(r.ID), data); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket(bSealed); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		for _, k := range [][]byte{metaPurges, metaShredded} {
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		return meta.Put(metaFormat, []byte(formatV1))
	})
	if err != nil {
		return err
	}
	return os.RemoveAll(o.ring.dir)
}
