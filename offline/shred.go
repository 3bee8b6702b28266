package offline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// Crypto-shredding. bbolt is copy-on-write: every earlier version of a
// record, sealed answers included, stays in the file's free pages until
// the page is reused. A purge therefore only makes answers unreadable once
// the key that sealed them is gone. A rotation creates a new answer key,
// re-seals every record still holding sealed data under it, and only then
// destroys the older keys: whatever the free pages hold of a purged
// record is sealed under a key that no longer exists.

// DefaultShredEvery is how often Purge rotates the answer keys when
// something was purged, unless Options.ShredEvery says otherwise.
const DefaultShredEvery = time.Hour

const (
	// resealChunk bounds each re-sealing transaction, so a rotation never
	// holds the writer (an enqueueing citizen) for long.
	resealChunk = 256
	// compactTemp is the file a compaction writes before it replaces the
	// database.
	compactTemp = ".outbox.db.compact"
)

var (
	bSealed = []byte("sealed") // key number (4 bytes) + ID for records holding sealed data

	metaPurges   = []byte("purges")   // records whose sealed data was dropped, ever
	metaShredded = []byte("shredded") // metaPurges when the last rotation began
)

// shredFailpoint is called between the durable steps of a rotation; a
// test makes it fail to stand for a crash at that point.
var shredFailpoint = func(stage string) error { return nil }

// ShredReport says what a rotation of the answer keys did.
type ShredReport struct {
	// Rotated is false when nothing was purged since the last rotation
	// (and it was not forced): nothing was done.
	Rotated bool `json:"rotated"`
	// Key is the number of the answer key now current.
	Key uint32 `json:"key"`
	// Resealed counts the records moved to the new key.
	Resealed int `json:"resealed"`
	// Unreadable counts records whose sealed data no key on the device
	// opens: their personal data was already lost. They are left as they
	// are (Check reports them).
	Unreadable int `json:"unreadable,omitempty"`
	// Destroyed counts the key files destroyed.
	Destroyed int `json:"destroyed"`
	// Took is how long the rotation took.
	Took time.Duration `json:"took"`
}

// Shred makes purged answers unreadable for good: when anything was
// purged since the last rotation (or a rotation was interrupted), it
// rotates the answer keys (RotateKeys). Purge calls it at most every
// Options.ShredEvery.
func (o *Outbox) Shred() (ShredReport, error) { return o.shred(false) }

// RotateKeys rotates the answer keys whether or not anything was purged:
// a new key, every held record re-sealed under it, every older key
// destroyed. It is the technician's "shred now" (kioskctl could call it
// through the control socket; it does not yet).
func (o *Outbox) RotateKeys() (ShredReport, error) { return o.shred(true) }

func (o *Outbox) shred(force bool) (ShredReport, error) {
	rep := ShredReport{Key: o.ring.currentKey()}
	if o.readOnly {
		return rep, fmt.Errorf("shred purged answers: %w", ErrReadOnly)
	}
	o.shredMu.Lock()
	defer o.shredMu.Unlock()
	start := time.Now()
	var purges []byte
	var pending bool
	err := o.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		purges = bytes.Clone(meta.Get(metaPurges))
		pending = !bytes.Equal(purges, meta.Get(metaShredded))
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	// More than one key: a rotation was interrupted before it destroyed.
	if !pending && !force && len(o.ring.numbers()) < 2 {
		return rep, nil
	}
	if err := shredFailpoint("start"); err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	n, err := o.ring.create()
	if err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", storageErr(err))
	}
	rep.Rotated, rep.Key = true, n
	if err := shredFailpoint("key created"); err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	rep.Resealed, rep.Unreadable, err = o.reseal(n)
	if err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	if err := shredFailpoint("resealed"); err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	rep.Destroyed, err = o.ring.destroyBelow(n)
	if err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	if err := shredFailpoint("destroyed"); err != nil {
		return rep, fmt.Errorf("shred purged answers: %w", err)
	}
	if purges != nil {
		err = o.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(metaShredded, purges) })
		if err != nil {
			return rep, fmt.Errorf("shred purged answers: %w", storageErr(err))
		}
	}
	o.lastShred = o.clock.Now()
	rep.Took = time.Since(start)
	o.log.Info("outbox: answer keys rotated", "key", n, "resealed", rep.Resealed,
		"destroyed", rep.Destroyed, "unreadable", rep.Unreadable, "took", rep.Took)
	if rep.Unreadable > 0 {
		o.log.Error("outbox: records hold answers no key on the device opens", "records", rep.Unreadable)
	}
	return rep, nil
}

// shredIfDue runs Shred unless a rotation ran less than ShredEvery ago.
func (o *Outbox) shredIfDue() (ShredReport, error) {
	if o.shredEvery < 0 {
		return ShredReport{}, nil
	}
	o.shredMu.Lock()
	due := o.lastShred.IsZero() || !o.clock.Now().Before(o.lastShred.Add(o.shredEvery))
	o.shredMu.Unlock()
	if !due {
		return ShredReport{}, nil
	}
	return o.Shred()
}

// reseal moves every record holding data sealed under a key numbered
// below (v1 data counts as 0) to the current key, in bounded
// transactions, through the sealed index. It returns how many records
// moved and how many could not be opened.
func (o *Outbox) reseal(below uint32) (resealed, unreadable int, err error) {
	var after []byte
	for {
		var moved, failed int
		var next []byte
		done := false
		err := o.db.Update(func(tx *bolt.Tx) error {
			moved, failed, next, done = 0, 0, nil, false
			c := tx.Bucket(bSealed).Cursor()
			k, _ := c.First()
			if after != nil {
				if k, _ = c.Seek(after); bytes.Equal(k, after) {
					k, _ = c.Next()
				}
			}
			var ids []string
			for ; k != nil && len(ids) < resealChunk; k, _ = c.Next() {
				if len(k) < 4 || binary.BigEndian.Uint32(k) >= below {
					break
				}
				ids = append(ids, string(k[4:]))
				next = bytes.Clone(k)
			}
			done = len(ids) < resealChunk
			for _, id := range ids {
				old, err := load(tx, id)
				if err != nil {
					return err
				}
				r := old.clone()
				if !o.resealRecord(r, below) {
					failed++
				}
				if bytes.Equal(r.Sealed, old.Sealed) && bytes.Equal(r.NotesSealed, old.NotesSealed) {
					continue
				}
				if err := save(tx, old, r); err != nil {
					return err
				}
				moved++
			}
			return nil
		})
		if err != nil {
			return resealed, unreadable, fmt.Errorf("re-seal answers: %w", storageErr(err))
		}
		resealed, unreadable, after = resealed+moved, unreadable+failed, next
		if done {
			return resealed, unreadable, nil
		}
		if err := shredFailpoint("chunk"); err != nil {
			return resealed, unreadable, err
		}
	}
}

// resealRecord seals again under the current key each sealed field of r
// sealed under a key numbered below; it reports false when one could not
// be opened (it is left as it was).
func (o *Outbox) resealRecord(r *record, below uint32) bool {
	ok := true
	for _, f := range []struct {
		data *[]byte
		ad   string
	}{{&r.Sealed, r.ID}, {&r.NotesSealed, r.ID + "/notes"}} {
		if n, _ := sealedKey(*f.data); len(*f.data) == 0 || n >= below {
			continue
		}
		plain, err := o.ring.openRaw(f.ad, *f.data)
		if err != nil {
			o.log.Error("outbox: sealed data cannot be opened to re-seal", "tracking_code", string(r.TrackingCode), "err", err)
			ok = false
			continue
		}
		sealed, err := o.ring.sealRaw(f.ad, plain)
		clear(plain)
		if err != nil {
			ok = false
			continue
		}
		*f.data = sealed
	}
	return ok
}

// holdsSealed reports whether r holds any sealed personal data.
func holdsSealed(r *record) bool { return len(r.Sealed) > 0 || len(r.NotesSealed) > 0 }

// sealedIndexKey is r's key in the sealed index: the lowest key number
// its sealed data names, then its ID, so a rotation finds the records
// still under old keys first and stops at the first under the new one.
func sealedIndexKey(r *record) ([]byte, bool) {
	if !holdsSealed(r) {
		return nil, false
	}
	n := ^uint32(0)
	for _, s := range [][]byte{r.Sealed, r.NotesSealed} {
		if len(s) > 0 {
			m, _ := sealedKey(s)
			n = min(n, m)
		}
	}
	k := make([]byte, 4, 4+len(r.ID))
	binary.BigEndian.PutUint32(k, n)
	return append(k, r.ID...), true
}

// notePurged counts, in the transaction that drops them, a record's
// sealed data leaving it, so the next Shred knows a rotation is due.
func notePurged(tx *bolt.Tx, old, r *record) error {
	if old == nil || !holdsSealed(old) || holdsSealed(r) {
		return nil
	}
	meta := tx.Bucket(bMeta)
	var n uint64
	if v := meta.Get(metaPurges); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n+1)
	return meta.Put(metaPurges, b[:])
}

// indexSealed fills the sealed index of an outbox written before it
// existed.
func indexSealed(tx *bolt.Tx) error {
	ix := tx.Bucket(bSealed)
	return tx.Bucket(bSubs).ForEach(func(k, v []byte) error {
		r, err := load(tx, string(k))
		if err != nil {
			return err
		}
		if key, ok := sealedIndexKey(r); ok {
			return ix.Put(key, nil)
		}
		return nil
	})
}

// upgrade moves an outbox of format 1 to format 2: every v1 record is
// re-sealed under the current answer key, then the database is compacted
// into a new file, so the v1 copies in free pages, which the device key
// would still open, are gone. A failed compaction leaves the outbox
// working at format 1 and is tried again at the next Open.
func (o *Outbox) upgrade() error {
	resealed, unreadable, err := o.reseal(1)
	if err != nil {
		return fmt.Errorf("move answers to an answer key: %w", err)
	}
	o.log.Info("outbox: v1 answers moved to an answer key", "resealed", resealed, "unreadable", unreadable)
	if err := o.compact(); err != nil {
		o.log.Error("outbox: compaction failed; tried again at next start", "err", err)
		if o.db == nil {
			return err
		}
	}
	return nil
}

// compact copies the live data into a new file that replaces the
// database, marked format 2. Only Open calls it, before anything else
// uses the outbox.
func (o *Outbox) compact() error {
	path := o.db.Path()
	dir := filepath.Dir(path)
	tmp := filepath.Join(dir, compactTemp)
	if err := removeStaleCompaction(dir); err != nil {
		return fmt.Errorf("compact outbox: %w", err)
	}
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: o.boltOpts.Timeout, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("compact outbox: %w", storageErr(err))
	}
	err = func() error {
		if uid, gid := durable.FileOwner(dir); uid >= 0 {
			if err := os.Chown(tmp, uid, gid); err != nil {
				return err
			}
		}
		if err := bolt.Compact(dst, o.db, 16<<20); err != nil {
			return err
		}
		if err := shredFailpoint("compacted"); err != nil {
			return err
		}
		return dst.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(metaFormat, []byte(formatVersion)) })
	}()
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact outbox: %w", storageErr(err))
	}
	if err := o.db.Close(); err != nil {
		return fmt.Errorf("compact outbox: %w", err)
	}
	renameErr := os.Rename(tmp, path)
	if renameErr == nil {
		renameErr = durable.SyncDir(dir)
	}
	db, err := bolt.Open(path, 0o600, o.boltOpts)
	if err != nil {
		o.db = nil
		return fmt.Errorf("compact outbox: reopen: %w", storageErr(err))
	}
	o.db = db
	if renameErr != nil {
		return fmt.Errorf("compact outbox: %w", renameErr)
	}
	return nil
}

// removeStaleCompaction removes what a compaction cut short by a crash
// left in the data directory dir. Only the holder of the lock may.
func removeStaleCompaction(dir string) error {
	if err := os.Remove(filepath.Join(dir, compactTemp)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// openSealed opens the sealed data field picks from r into v. r may have
// been read before a rotation destroyed the key it names: the rotation
// re-sealed the stored record before destroying anything, so the record
// is read again and opened under its new key.
func (o *Outbox) openSealed(r *record, ad string, pick func(*record) []byte, v any) error {
	for range 3 {
		err := o.ring.open(ad, pick(r), v)
		if !errors.Is(err, ErrKeyGone) {
			return err
		}
		if o.readOnly {
			// The running kiosk may have made the key since this opened.
			if lerr := o.ring.load(); lerr != nil {
				return err
			}
		}
		var fresh *record
		if lerr := o.db.View(func(tx *bolt.Tx) error {
			var lerr error
			fresh, lerr = load(tx, r.ID)
			return lerr
		}); lerr != nil {
			return err
		}
		if len(pick(fresh)) == 0 {
			return ErrPurged
		}
		if bytes.Equal(pick(fresh), pick(r)) && !o.readOnly {
			return err // truly gone
		}
		r = fresh
	}
	return o.ring.open(ad, pick(r), v)
}
