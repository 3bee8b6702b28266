package offline

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DBFile is the name of the outbox database in the data directory.
const DBFile = "outbox.db"

// Outbox errors.
var (
	// ErrLocked is returned by Open when another process (normally the
	// running kiosk) holds the outbox.
	ErrLocked = errors.New("the outbox is held by another process")
	// ErrNoOutbox is returned by a read-only Open of a data directory that
	// has no outbox yet.
	ErrNoOutbox = errors.New("no outbox in the data directory")
	// ErrNotFound is returned for a tracking code the outbox does not hold.
	ErrNotFound = errors.New("no such submission")
	// ErrDuplicate is returned by Enqueue for a submission whose ID or
	// tracking code is already stored for another submission.
	ErrDuplicate = errors.New("submission already stored")
	// ErrAcknowledged is returned when asked to resend a submission the
	// back office has already acknowledged: it is never sent again.
	ErrAcknowledged = errors.New("submission already acknowledged by the back office")
	// ErrBusy is returned when asked to change a submission while it is
	// being sent.
	ErrBusy = errors.New("submission is being sent")
	// ErrPurged is returned when asked for answers that were purged.
	ErrPurged = errors.New("personal data already purged")
	// ErrReadOnly is returned for a change asked of a read-only outbox.
	ErrReadOnly = errors.New("outbox opened read-only")
)

// Options tune Open. The zero value is a writable outbox on the system
// clock with the device key of the data directory.
type Options struct {
	// Key is the device key; nil reads dir/device.key, creating it on a
	// writable first open.
	Key []byte
	// Clock stamps every transition; nil is the system clock.
	Clock kiosk.Clock
	// Retention is how long the answers of an acknowledged submission are
	// kept; zero purges them as soon as the back office has acknowledged.
	Retention time.Duration
	// MaxSize caps the database file in bytes (0: no cap). Writes that
	// would grow it further fail with kiosk.ErrStorageFull.
	MaxSize int
	// LockTimeout bounds the wait for the database lock (default 1s).
	LockTimeout time.Duration
	// ReadOnly opens without taking the write lock, for inspection.
	ReadOnly bool
	// Logger receives transitions (never personal data); nil discards.
	Logger *slog.Logger
	// ShredEvery is the least time between two rotations of the answer
	// keys that Purge starts (default DefaultShredEvery; negative: only
	// Shred and RotateKeys rotate). A rotation re-seals every record
	// still holding answers, so it does not run on every pass: purged
	// answers become unreadable at the next rotation, at most ShredEvery
	// after their purge.
	ShredEvery time.Duration
}

// Outbox is the durable queue of submissions, a bbolt database in the
// data directory. It is safe for concurrent use.
type Outbox struct {
	db        *bolt.DB
	boltOpts  *bolt.Options
	sealer    *sealer // v1; nil when read-only without a device key
	ring      *keyRing
	clock     kiosk.Clock
	retention time.Duration
	log       *slog.Logger
	readOnly  bool

	lastSerial atomic.Uint64
	enqueued   chan struct{}

	shredEvery time.Duration
	shredMu    sync.Mutex // one rotation at a time
	lastShred  time.Time
}

var _ kiosk.Outbox = (*Outbox)(nil)

// Buckets: the records, an index per question the sync worker and the
// technician ask, and the counters. Index keys derive from the record, so
// save keeps them exact in the same transaction.
var (
	bSubs     = []byte("submissions") // ID → record JSON
	bCodes    = []byte("by_code")     // tracking code → ID
	bDue      = []byte("due")         // timeKey(NextAttemptAt, ID) for queued
	bInflight = []byte("inflight")    // ID for sending
	bWatch    = []byte("watch")       // timeKey(NextCheckAt, ID) for sent
	bPurge    = []byte("purge")       // timeKey(PurgeAt, ID) while answers are held after ack
	bDead     = []byte("dead")        // ID for dead
	// timeKey(NextAttemptAt, ID) for queued submissions a POST of which
	// may have been stored without its answer reaching the kiosk.
	bUnconfirmed = []byte("unconfirmed")
	bMeta        = []byte("meta")

	allBuckets = [][]byte{bSubs, bCodes, bDue, bInflight, bWatch, bPurge, bDead, bSealed, bUnconfirmed, bMeta}

	metaFormat      = []byte("format")
	metaKeyID       = []byte("key_id")
	metaLastSerial  = []byte("last_serial")
	metaCountPrefix = "count/"
)

// formatVersion 2 seals under answer keys; Open moves format 1 to it.
const (
	formatVersion = "2"
	formatV1      = "1"
)

// Open opens (creating if needed) the outbox in the data directory dir.
// A writable open takes the database's lock (failing with ErrLocked after
// Options.LockTimeout), queues again any submission left in sending by a
// crash, and moves an outbox of format 1 to the answer keys. A read-only
// open reads the answer keys and changes nothing.
func Open(dir string, opts Options) (*Outbox, error) {
	o := &Outbox{
		clock:      opts.Clock,
		retention:  opts.Retention,
		log:        opts.Logger,
		readOnly:   opts.ReadOnly,
		enqueued:   make(chan struct{}, 1),
		shredEvery: opts.ShredEvery,
	}
	if o.shredEvery == 0 {
		o.shredEvery = DefaultShredEvery
	}
	if o.clock == nil {
		o.clock = kiosk.SystemClock{}
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	path := filepath.Join(dir, DBFile)
	if opts.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open outbox %s: %w", path, ErrNoOutbox)
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	key := opts.Key
	if key == nil {
		var err error
		if opts.ReadOnly {
			key, err = LoadKey(dir)
			if errors.Is(err, ErrNoKey) {
				key, err = nil, nil
			}
		} else {
			key, err = LoadOrCreateKey(dir)
		}
		if err != nil {
			return nil, fmt.Errorf("open outbox: %w", storageErr(err))
		}
	}
	if key != nil {
		s, err := newSealer(key)
		if err != nil {
			return nil, fmt.Errorf("open outbox: %w", err)
		}
		o.sealer = s
	}
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = time.Second
	}
	o.boltOpts = &bolt.Options{
		Timeout:      timeout,
		ReadOnly:     opts.ReadOnly,
		MaxSize:      opts.MaxSize,
		FreelistType: bolt.FreelistMapType,
	}
	db, err := bolt.Open(path, 0o600, o.boltOpts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open outbox %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open outbox %s: %w", path, storageErr(err))
	}
	o.db = db
	// Only now, holding the lock, may stale files of a crash be removed.
	ring, err := loadKeyRing(dir, o.sealer, !opts.ReadOnly)
	if err == nil && !opts.ReadOnly {
		err = removeStaleCompaction(dir)
	}
	var format string
	if err == nil {
		format, err = o.init()
	}
	if err == nil && format == formatV1 && !opts.ReadOnly {
		o.ring = ring
		err = o.upgrade()
	}
	if err != nil {
		if o.db != nil {
			o.db.Close()
		}
		return nil, fmt.Errorf("open outbox %s: %w", path, storageErr(err))
	}
	o.ring = ring
	return o, nil
}

// init creates the buckets (filling the sealed index of an outbox written
// before it), checks the device key against the one the outbox was sealed
// with, loads the last serial and requeues interrupted sends. It returns
// the outbox's format.
func (o *Outbox) init() (format string, err error) {
	check := func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return nil
		}
		if f := meta.Get(metaFormat); f != nil && string(f) != formatVersion && string(f) != formatV1 {
			return fmt.Errorf("unknown outbox format %q", f)
		} else if f != nil {
			format = string(f)
		}
		if id := meta.Get(metaKeyID); id != nil && o.sealer != nil && !bytes.Equal(id, o.sealer.fingerprint) {
			return ErrWrongKey
		}
		if v := meta.Get(metaLastSerial); len(v) == 8 {
			o.lastSerial.Store(binary.BigEndian.Uint64(v))
		}
		return nil
	}
	if o.readOnly {
		return format, o.db.View(check)
	}
	return format, storageErr(o.db.Update(func(tx *bolt.Tx) error {
		unindexed := tx.Bucket(bSealed) == nil && tx.Bucket(bSubs) != nil
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if unindexed {
			if err := indexSealed(tx); err != nil {
				return err
			}
		}
		if err := check(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		if format == "" {
			// A new outbox, or one from before formats: an outbox with
			// records but no format is format 1.
			format = formatVersion
			if k, _ := tx.Bucket(bSubs).Cursor().First(); k != nil {
				format = formatV1
			}
			if err := meta.Put(metaFormat, []byte(format)); err != nil {
				return err
			}
		}
		if o.sealer != nil && meta.Get(metaKeyID) == nil {
			if err := meta.Put(metaKeyID, o.sealer.fingerprint); err != nil {
				return err
			}
		}
		return o.requeueInterrupted(tx)
	}))
}

// requeueInterrupted queues again every submission a crash left in
// sending: its POST may or may not have reached the back office, so it is
// sent again with the same idempotency key.
func (o *Outbox) requeueInterrupted(tx *bolt.Tx) error {
	var ids [][]byte
	_ = tx.Bucket(bInflight).ForEach(func(k, _ []byte) error {
		ids = append(ids, bytes.Clone(k))
		return nil
	})
	now := o.clock.Now()
	for _, id := range ids {
		old, err := load(tx, string(id))
		if err != nil {
			return err
		}
		r := old.clone()
		r.State = StateQueued
		r.NextAttemptAt = now
		r.LastError = "interrupted while sending (the kiosk stopped); sending again"
		if err := save(tx, old, r); err != nil {
			return err
		}
		o.log.Info("outbox: requeued interrupted send", "tracking_code", string(r.TrackingCode))
	}
	return nil
}

// Close closes the database.
func (o *Outbox) Close() error {
	if err := o.db.Close(); err != nil {
		return fmt.Errorf("close outbox: %w", err)
	}
	return nil
}

// Path returns the database file's path.
func (o *Outbox) Path() string { return o.db.Path() }

// Enqueued is signalled (without blocking, coalesced) after each Enqueue
// and Retry, so the sync worker can start at once.
func (o *Outbox) Enqueued() <-chan struct{} { return o.enqueued }

func (o *Outbox) kick() {
	select {
	case o.enqueued <- struct{}{}:
	default:
	}
}

// LastSerial returns the highest tracking-code serial stored, for
// kiosk.NewIssuer after a restart.
func (o *Outbox) LastSerial() uint64 { return o.lastSerial.Load() }

// Enqueue stores s as queued, its answers sealed. When it returns nil the
// submission is committed and fsynced: the citizen may be given its
// tracking code. Storing the same submission twice is harmless. When the
// disk or the outbox's MaxSize is full the error wraps
// kiosk.ErrStorageFull and nothing already stored is affected.
func (o *Outbox) Enqueue(ctx context.Context, s kiosk.Submission) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("enqueue submission: %w", err)
	}
	if o.readOnly {
		return fmt.Errorf("enqueue submission: %w", ErrReadOnly)
	}
	if s.ID == "" || s.ServiceCode == "" {
		return errors.New("enqueue submission: ID and service code are required")
	}
	if tc, err := kiosk.ParseTrackingCode(string(s.TrackingCode)); err != nil || tc != s.TrackingCode {
		return fmt.Errorf("enqueue submission %s: %w", s.ID, kiosk.ErrTrackingCode)
	}
	var stored bool
	err := o.db.Update(func(tx *bolt.Tx) error {
		// Sealed inside the transaction: a rotation that makes a new key
		// current re-seals only after this commits, so nothing is left
		// under a key it destroys.
		r, err := o.newRecord(s)
		if err != nil {
			return err
		}
		stored, err = o.insert(tx, r)
		return err
	})
	if err != nil {
		return fmt.Errorf("enqueue submission %s: %w", s.TrackingCode, storageErr(err))
	}
	if stored {
		o.noteSerial(s.TrackingCode.Serial())
	}
	o.log.Info("outbox: enqueued", "tracking_code", string(s.TrackingCode), "service", s.ServiceCode)
	o.kick()
	return nil
}

func (o *Outbox) newRecord(s kiosk.Submission) (*record, error) {
	answers := s.Answers
	if answers == nil {
		answers = map[string]string{}
	}
	sealed, err := o.ring.seal(s.ID, answers)
	if err != nil {
		return nil, fmt.Errorf("seal answers: %w", err)
	}
	now := o.clock.Now()
	created := s.CreatedAt
	if created.IsZero() {
		created = now
	}
	return &record{
		Entry: Entry{
			ID:               s.ID,
			TrackingCode:     s.TrackingCode,
			ServiceCode:      s.ServiceCode,
			CatalogueVersion: s.CatalogueVersion,
			KioskID:          s.KioskID,
			Lang:             s.Lang,
			State:            StateQueued,
			CreatedAt:        created,
			NextAttemptAt:    now,
		},
		Sealed: sealed,
	}, nil
}

// insert stores a new record; it reports false when this very submission
// was already stored.
func (o *Outbox) insert(tx *bolt.Tx, r *record) (bool, error) {
	codes := tx.Bucket(bCodes)
	codes.FillPercent = 0.9 // codes grow in serial order
	if id := codes.Get([]byte(r.TrackingCode)); id != nil {
		if string(id) == r.ID {
			return false, nil
		}
		return false, ErrDuplicate
	}
	if tx.Bucket(bSubs).Get([]byte(r.ID)) != nil {
		return false, ErrDuplicate
	}
	if err := save(tx, nil, r); err != nil {
		return false, err
	}
	serial := r.TrackingCode.Serial()
	meta := tx.Bucket(bMeta)
	if v := meta.Get(metaLastSerial); len(v) != 8 || binary.BigEndian.Uint64(v) < serial {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], serial)
		if err := meta.Put(metaLastSerial, b[:]); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (o *Outbox) noteSerial(serial uint64) {
	for {
		cur := o.lastSerial.Load()
		if serial <= cur || o.lastSerial.CompareAndSwap(cur, serial) {
			return
		}
	}
}

// load reads the record of a submission ID.
func load(tx *bolt.Tx, id string) (*record, error) {
	v := tx.Bucket(bSubs).Get([]byte(id))
	if v == nil {
		return nil, fmt.Errorf("submission %s: %w", id, ErrNotFound)
	}
	var r record
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, fmt.Errorf("submission %s: corrupt record: %w", id, err)
	}
	return &r, nil
}

// loadCode reads the record of a tracking code.
func loadCode(tx *bolt.Tx, code kiosk.TrackingCode) (*record, error) {
	id := tx.Bucket(bCodes).Get([]byte(code))
	if id == nil {
		return nil, fmt.Errorf("tracking code %s: %w", code, ErrNotFound)
	}
	return load(tx, string(id))
}

// save writes r, which was old (nil for a new record), moving its index
// entries and state counters along in the same transaction.
func save(tx *bolt.Tx, old, r *record) error {
	// Reasons are the back office's words, kept in plain text: whoever
	// wrote them, what is stored is scrubbed.
	r.LastError, r.DeadReason = scrubReason(r.LastError), scrubReason(r.DeadReason)
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	subs := tx.Bucket(bSubs)
	if old == nil {
		subs.FillPercent = 0.9 // IDs are time-ordered: new records append
		if err := tx.Bucket(bCodes).Put([]byte(r.TrackingCode), []byte(r.ID)); err != nil {
			return err
		}
	}
	if err := subs.Put([]byte(r.ID), data); err != nil {
		return err
	}
	if err := notePurged(tx, old, r); err != nil {
		return err
	}
	for _, ix := range indexes {
		var ok, wasOK bool
		var k, oldK []byte
		k, ok = ix.key(r)
		if old != nil {
			oldK, wasOK = ix.key(old)
		}
		if wasOK && ok && bytes.Equal(k, oldK) {
			continue
		}
		b := tx.Bucket(ix.bucket)
		if wasOK {
			if err := b.Delete(oldK); err != nil {
				return err
			}
		}
		if ok {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
	}
	if old == nil || old.State != r.State {
		meta := tx.Bucket(bMeta)
		if old != nil {
			if err := addCount(meta, old.State, -1); err != nil {
				return err
			}
		}
		return addCount(meta, r.State, 1)
	}
	return nil
}

// indexes derive each index key from a record; ok is false when the
// record is not in that index.
var indexes = []struct {
	bucket []byte
	key    func(r *record) (k []byte, ok bool)
}{
	{bDue, func(r *record) ([]byte, bool) {
		return timeKey(r.NextAttemptAt, r.ID), r.State == StateQueued
	}},
	{bInflight, func(r *record) ([]byte, bool) { return []byte(r.ID), r.State == StateSending }},
	{bWatch, func(r *record) ([]byte, bool) {
		return timeKey(r.NextCheckAt, r.ID), r.State == StateSent && !r.NextCheckAt.IsZero()
	}},
	{bPurge, func(r *record) ([]byte, bool) {
		return timeKey(r.PurgeAt, r.ID), len(r.Sealed) > 0 && !r.PurgeAt.IsZero()
	}},
	{bDead, func(r *record) ([]byte, bool) { return []byte(r.ID), r.State == StateDead }},
	{bSealed, sealedIndexKey},
	{bUnconfirmed, func(r *record) ([]byte, bool) {
		return timeKey(r.NextAttemptAt, r.ID), r.State == StateQueued && r.Unconfirmed
	}},
}

func addCount(meta *bolt.Bucket, s State, d int64) error {
	k := []byte(metaCountPrefix + string(s))
	var n int64
	if v := meta.Get(k); len(v) == 8 {
		n = int64(binary.BigEndian.Uint64(v))
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(max(n+d, 0)))
	return meta.Put(k, b[:])
}

// Counts is how many submissions are in each state.
type Counts map[State]int

// Total is the number of submissions stored.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Counts returns the number of submissions in each state, without
// scanning them.
func (o *Outbox) Counts() (Counts, error) {
	c := Counts{}
	err := o.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return nil
		}
		for _, s := range States {
			if v := meta.Get([]byte(metaCountPrefix + string(s))); len(v) == 8 {
				c[s] = int(binary.BigEndian.Uint64(v))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count submissions: %w", err)
	}
	return c, nil
}

// ListOptions select and order the submissions List returns.
type ListOptions struct {
	// State keeps only submissions in that state; empty keeps all.
	State State `json:"state,omitempty"`
	// Limit stops after that many (0: no limit).
	Limit int `json:"limit,omitempty"`
	// Newest lists the newest first (default: oldest first).
	Newest bool `json:"newest,omitempty"`
}

// listChunk bounds each read transaction of List, so a slow reader (a
// technician's terminal) never holds the database open against the
// writer's growth.
const listChunk = 512

// List calls fn for each submission chosen by opts, in creation order,
// until fn returns an error (which List returns). fn runs outside any
// database transaction.
func (o *Outbox) List(opts ListOptions, fn func(Entry) error) error {
	var after []byte
	n := 0
	for {
		var chunk []Entry
		var last []byte
		err := o.db.View(func(tx *bolt.Tx) error {
			bucket, filtered := bSubs, opts.State != ""
			switch opts.State {
			case StateDead:
				bucket, filtered = bDead, false
			case StateSending:
				bucket, filtered = bInflight, false
			}
			c := tx.Bucket(bucket).Cursor()
			var k []byte
			switch {
			case after == nil && opts.Newest:
				k, _ = c.Last()
			case after == nil:
				k, _ = c.First()
			case opts.Newest:
				c.Seek(after)
				k, _ = c.Prev()
			default:
				if k, _ = c.Seek(after); bytes.Equal(k, after) {
					k, _ = c.Next()
				}
			}
			for ; k != nil && len(chunk) < listChunk; k = step(c, opts.Newest) {
				last = k
				r, err := load(tx, string(k))
				if err != nil {
					return err
				}
				if filtered && r.State != opts.State {
					continue
				}
				chunk = append(chunk, r.entry())
				if opts.Limit > 0 && n+len(chunk) >= opts.Limit {
					break
				}
			}
			last = bytes.Clone(last)
			return nil
		})
		if err != nil {
			return fmt.Errorf("list submissions: %w", err)
		}
		for _, e := range chunk {
			if err := fn(e); err != nil {
				return err
			}
			n++
		}
		if last == nil || bytes.Equal(last, after) || (opts.Limit > 0 && n >= opts.Limit) {
			return nil
		}
		after = last
	}
}

func step(c *bolt.Cursor, back bool) []byte {
	var k []byte
	if back {
		k, _ = c.Prev()
	} else {
		k, _ = c.Next()
	}
	return k
}

// Get returns what a technician may see of the submission with code.
func (o *Outbox) Get(code kiosk.TrackingCode) (Entry, error) {
	var e Entry
	err := o.db.View(func(tx *bolt.Tx) error {
		r, err := loadCode(tx, code)
		if err != nil {
			return err
		}
		e = r.entry()
		return nil
	})
	if err != nil {
		return Entry{}, fmt.Errorf("get submission: %w", err)
	}
	return e, nil
}

// Answers opens the sealed answers of the submission with code. Only a
// technician who explicitly asks for personal data should see them.
func (o *Outbox) Answers(code kiosk.TrackingCode) (map[string]string, error) {
	var r *record
	err := o.db.View(func(tx *bolt.Tx) error {
		var err error
		r, err = loadCode(tx, code)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open answers: %w", err)
	}
	if len(r.Sealed) == 0 {
		return nil, fmt.Errorf("open answers of %s: %w", code, ErrPurged)
	}
	return o.openAnswers(r)
}

func (o *Outbox) openAnswers(r *record) (map[string]string, error) {
	var answers map[string]string
	if err := o.openSealed(r, r.ID, func(r *record) []byte { return r.Sealed }, &answers); err != nil {
		return nil, fmt.Errorf("open answers of %s: %w", r.TrackingCode, err)
	}
	return answers, nil
}

// Status returns what the "track my request" screen shows for code,
// including the back office's latest status and notes.
func (o *Outbox) Status(code kiosk.TrackingCode) (RequestStatus, error) {
	var r *record
	err := o.db.View(func(tx *bolt.Tx) error {
		var err error
		r, err = loadCode(tx, code)
		return err
	})
	if err != nil {
		return RequestStatus{}, fmt.Errorf("request status: %w", err)
	}
	st := RequestStatus{
		TrackingCode:     r.TrackingCode,
		ServiceCode:      r.ServiceCode,
		State:            r.State,
		CreatedAt:        r.CreatedAt,
		AckedAt:          r.AckedAt,
		ClosedAt:         r.ClosedAt,
		ServiceRequestID: r.ServiceRequestID,
		Upstream:         r.clone().Upstream,
	}
	if st.Upstream != nil && len(r.NotesSealed) > 0 {
		var notes string
		if err := o.openSealed(r, r.ID+"/notes", func(r *record) []byte { return r.NotesSealed }, &notes); err == nil {
			st.Upstream.Notes = notes
		}
	}
	return st, nil
}

// Retry queues the submission with code for an immediate attempt: a dead
// letter after the cause was fixed, or a queued one waiting out its
// backoff. An acknowledged submission is never sent again (ErrAcknowledged).
func (o *Outbox) Retry(code kiosk.TrackingCode) error {
	if o.readOnly {
		return fmt.Errorf("retry submission: %w", ErrReadOnly)
	}
	err := o.db.Update(func(tx *bolt.Tx) error {
		old, err := loadCode(tx, code)
		if err != nil {
			return err
		}
		switch old.State {
		case StateSent, StateClosed:
			return fmt.Errorf("%s: %w", code, ErrAcknowledged)
		case StateSending:
			return fmt.Errorf("%s: %w", code, ErrBusy)
		}
		return save(tx, old, o.requeued(old))
	})
	if err != nil {
		return fmt.Errorf("retry submission: %w", storageErr(err))
	}
	o.kick()
	return nil
}

func (o *Outbox) requeued(old *record) *record {
	r := old.clone()
	if r.DeadReason != "" {
		r.LastError = "dead letter retried by a technician: " + r.DeadReason
	}
	r.State = StateQueued
	r.DeadReason = ""
	r.NextAttemptAt = o.clock.Now()
	return r
}

// RetryDead queues every dead letter again and returns how many.
func (o *Outbox) RetryDead() (int, error) {
	if o.readOnly {
		return 0, fmt.Errorf("retry dead letters: %w", ErrReadOnly)
	}
	total := 0
	for {
		n := 0
		err := o.db.Update(func(tx *bolt.Tx) error {
			n = 0
			var ids [][]byte
			c := tx.Bucket(bDead).Cursor()
			for k, _ := c.First(); k != nil && len(ids) < listChunk; k, _ = c.Next() {
				ids = append(ids, bytes.Clone(k))
			}
			for _, id := range ids {
				old, err := load(tx, string(id))
				if err != nil {
					return err
				}
				if err := save(tx, old, o.requeued(old)); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("retry dead letters: %w", storageErr(err))
		}
		total += n
		if n == 0 {
			break
		}
	}
	if total > 0 {
		o.kick()
	}
	return total, nil
}

// Purge deletes the answers and status notes of acknowledged submissions
// whose retention has passed, keeping what a technician and the citizen's
// tracking need, then shreds (Shred) if no rotation ran in the last
// Options.ShredEvery. It returns how many were purged.
func (o *Outbox) Purge() (int, error) {
	if o.readOnly {
		return 0, fmt.Errorf("purge personal data: %w", ErrReadOnly)
	}
	total := 0
	for {
		n := 0
		now := o.clock.Now()
		err := o.db.Update(func(tx *bolt.Tx) error {
			n = 0
			for _, id := range dueIDs(tx, bPurge, now, listChunk) {
				old, err := load(tx, id)
				if err != nil {
					return err
				}
				r := old.clone()
				purge(r, now)
				if err := save(tx, old, r); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("purge personal data: %w", storageErr(err))
		}
		total += n
		if n < listChunk {
			break
		}
	}
	if _, err := o.shredIfDue(); err != nil {
		return total, fmt.Errorf("purge personal data: %w", err)
	}
	return total, nil
}

// purge drops every sealed byte of r: the answers and the back office's
// status notes (addressed to the citizen, they may name them). What
// remains is the tracking code, service, times, IDs and status.
func purge(r *record, now time.Time) {
	// Not cleared in place: r shares them with the record it was cloned
	// from, whose index keys save still reads; they are ciphertext, and
	// shredding is what makes them unreadable.
	r.Sealed = nil
	r.NotesSealed = nil
	if r.Upstream != nil {
		r.Upstream.Notes = ""
	}
	r.PurgeAt = time.Time{}
	r.PurgedAt = now
}

// Check verifies the database's structure (bbolt's consistency check),
// that every index agrees with the records, and that the key every
// record's sealed data names is on the device: a record whose key is gone
// has lost its personal data for good. It runs in a write transaction
// that it rolls back: bbolt's check reads the free list, which a commit
// beside it changes (a check in a read transaction next to writers
// reports pages "reachable freed" that are not, or crashes the process),
// so submissions and the sync worker wait while it runs.
func (o *Outbox) Check() error {
	if o.readOnly {
		// Learn of keys the running kiosk made since this opened. A
		// read-only open shares the file with readers only: nothing
		// writes beside it.
		if err := o.ring.load(); err != nil {
			return fmt.Errorf("check outbox: %w", err)
		}
		return o.check(o.db.View)
	}
	return o.check(func(fn func(*bolt.Tx) error) error {
		tx, err := o.db.Begin(true)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		return fn(tx)
	})
}

func (o *Outbox) check(run func(func(*bolt.Tx) error) error) error {
	err := run(func(tx *bolt.Tx) error {
		var problems []string
		for err := range tx.Check() {
			// Read every error: the checker blocks until it is drained.
			if len(problems) < 10 {
				problems = append(problems, err.Error())
			}
		}
		if len(problems) > 0 {
			return errors.New(strings.Join(problems, "; "))
		}
		want := map[string]int{}
		counts := Counts{}
		var lost []string
		err := tx.Bucket(bSubs).ForEach(func(k, v []byte) error {
			var r record
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("record %s: %w", k, err)
			}
			counts[r.State]++
			for _, s := range [][]byte{r.Sealed, r.NotesSealed} {
				// v1 data is the device key's, checked at Open.
				if len(s) > 0 && s[0] != sealV1 && !o.ring.has(s) {
					n, _ := sealedKey(s)
					lost = append(lost, fmt.Sprintf("%s (key %d)", r.TrackingCode, n))
					break
				}
			}
			if id := tx.Bucket(bCodes).Get([]byte(r.TrackingCode)); string(id) != r.ID {
				return fmt.Errorf("record %s: tracking code index disagrees", k)
			}
			for _, ix := range indexes {
				if key, ok := ix.key(&r); ok {
					want[string(ix.bucket)]++
					if got, _ := tx.Bucket(ix.bucket).Cursor().Seek(key); !bytes.Equal(got, key) {
						return fmt.Errorf("record %s: missing from index %s", k, ix.bucket)
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ix := range indexes {
			if n := tx.Bucket(ix.bucket).Stats().KeyN; n != want[string(ix.bucket)] {
				return fmt.Errorf("index %s holds %d keys, records say %d", ix.bucket, n, want[string(ix.bucket)])
			}
		}
		meta := tx.Bucket(bMeta)
		for _, s := range States {
			var n int
			if v := meta.Get([]byte(metaCountPrefix + string(s))); len(v) == 8 {
				n = int(binary.BigEndian.Uint64(v))
			}
			if n != counts[s] {
				return fmt.Errorf("counter %s is %d, records say %d", s, n, counts[s])
			}
		}
		if len(lost) > 0 {
			return fmt.Errorf("personal data lost: %d records are sealed under an answer key that is not on this device and can never be read: %s",
				len(lost), strings.Join(lost[:min(len(lost), 10)], ", "))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check outbox: %w", err)
	}
	return nil
}

// storageErr marks a failure for lack of space with kiosk.ErrStorageFull,
// so the session can tell the citizen.
func storageErr(err error) error {
	if err == nil || errors.Is(err, kiosk.ErrStorageFull) {
		return err
	}
	if errors.Is(err, berrors.ErrMaxSizeReached) || errors.Is(err, syscall.ENOSPC) ||
		errors.Is(err, syscall.EDQUOT) || strings.Contains(err.Error(), syscall.ENOSPC.Error()) {
		return fmt.Errorf("%w: %w", kiosk.ErrStorageFull, err)
	}
	return err
}
