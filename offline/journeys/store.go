package journeys

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DBFile is the name of the journeys database in the data directory.
const DBFile = "journeys.db"

// Defaults of Options.
const (
	DefaultMaxAge    = 365 * 24 * time.Hour
	DefaultMaxCount  = 100_000
	DefaultQueueSize = 4096
)

// maxBatch bounds the journeys committed in one transaction.
const maxBatch = 1024

// Store errors.
var (
	// ErrLocked is returned by Open when another process (normally the
	// running kiosk) holds the journeys database.
	ErrLocked = errors.New("the journeys database is held by another process")
	// ErrNoStore is returned by a read-only Open of a data directory that
	// has no journeys database.
	ErrNoStore = errors.New("no journeys database in the data directory")
)

// Options tune Open. The zero value is a writable store on the system
// clock with the default bounds.
type Options struct {
	// MaxAge is how long a journey is kept, from the hour it started
	// (default DefaultMaxAge).
	MaxAge time.Duration
	// MaxCount is the most journeys kept; the oldest go first (default
	// DefaultMaxCount).
	MaxCount int
	// QueueSize is how many journeys may wait for the writer before
	// Record drops them (default DefaultQueueSize).
	QueueSize int
	// Clock decides what is too old; nil is the system clock.
	Clock kiosk.Clock
	// Logger receives write failures and drops; nil discards.
	Logger *slog.Logger
	// ReadOnly opens without the write lock, for kioskctl; Record then
	// drops everything.
	ReadOnly bool
	// LockTimeout bounds the wait for the database lock (default 1s).
	LockTimeout time.Duration
}

// Store is the device's journeys database. It is safe for concurrent use.
type Store struct {
	db       *bolt.DB
	opts     Options
	log      *slog.Logger
	queue    chan kiosk.Journey
	flushReq chan chan error
	stop     chan struct{}
	done     chan struct{}
	closed   atomic.Bool
	once     sync.Once
	dropped  atomic.Uint64
}

var (
	bJourneys = []byte("journeys") // hour (8 bytes, Unix seconds) + ID → JSON
	bMeta     = []byte("meta")
	metaCount = []byte("count")
)

// Open opens (creating if needed) the journeys database in the data
// directory dir and, unless read-only, starts its writer.
func Open(dir string, opts Options) (*Store, error) {
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.MaxCount <= 0 {
		opts.MaxCount = DefaultMaxCount
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = DefaultQueueSize
	}
	if opts.Clock == nil {
		opts.Clock = kiosk.SystemClock{}
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	s := &Store{opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	path := filepath.Join(dir, DBFile)
	if opts.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open journeys %s: %w", path, ErrNoStore)
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open journeys: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.LockTimeout, ReadOnly: opts.ReadOnly, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open journeys %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open journeys %s: %w", path, err)
	}
	s.db = db
	if opts.ReadOnly {
		s.closed.Store(true)
		return s, nil
	}
	if err := db.Update(initBuckets); err != nil {
		db.Close()
		return nil, fmt.Errorf("open journeys %s: %w", path, err)
	}
	s.queue = make(chan kiosk.Journey, opts.QueueSize)
	s.flushReq = make(chan chan error)
	s.stop = make(chan struct{})
	s.done = make(chan struct{})
	go s.write()
	return s, nil
}

func initBuckets(tx *bolt.Tx) error {
	b, err := tx.CreateBucketIfNotExists(bJourneys)
	if err != nil {
		return err
	}
	meta, err := tx.CreateBucketIfNotExists(bMeta)
	if err != nil {
		return err
	}
	if meta.Get(metaCount) == nil {
		return putCount(meta, uint64(b.Stats().KeyN))
	}
	return nil
}

// Record queues j for the writer and returns at once; it never blocks.
// When the queue is full, or the store is closed or read-only, j is
// dropped and counted in Dropped. It is kiosk.SessionConfig.Journeys.
func (s *Store) Record(j kiosk.Journey) {
	if s.closed.Load() {
		s.dropped.Add(1)
		return
	}
	select {
	case s.queue <- j:
	default:
		s.dropped.Add(1)
	}
}

// Dropped returns how many journeys were lost since Open: queue full,
// store closed, or a failed write.
func (s *Store) Dropped() uint64 { return s.dropped.Load() }

// Flush waits until every journey recorded before it is committed.
func (s *Store) Flush() error {
	if s.closed.Load() {
		return nil
	}
	reply := make(chan error, 1)
	select {
	case s.flushReq <- reply:
		return <-reply
	case <-s.done:
		return nil
	}
}

// Close commits what is queued, stops the writer and closes the database.
func (s *Store) Close() error {
	s.once.Do(func() {
		if s.stop != nil {
			s.closed.Store(true)
			close(s.stop)
			<-s.done
		}
	})
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close journeys: %w", err)
	}
	return nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.db.Path() }

// write is the writer: it commits whatever is queued, one transaction per
// batch, as soon as a journey arrives.
func (s *Store) write() {
	defer close(s.done)
	batch := make([]kiosk.Journey, 0, maxBatch)
	for {
		var reply chan error
		select {
		case j := <-s.queue:
			batch = append(batch, j)
		case reply = <-s.flushReq:
		case <-s.stop:
			for {
				batch = s.drain(batch)
				if len(batch) == 0 {
					return
				}
				s.commit(batch)
				batch = batch[:0]
			}
		}
		batch = s.drain(batch)
		err := s.commit(batch)
		batch = batch[:0]
		// A flush waits for everything queued before it, beyond one batch.
		for reply != nil && err == nil && len(s.queue) > 0 {
			err = s.commit(s.drain(batch))
		}
		if reply != nil {
			reply <- err
		}
	}
}

// drain adds to batch what is queued, up to maxBatch.
func (s *Store) drain(batch []kiosk.Journey) []kiosk.Journey {
	for len(batch) < maxBatch {
		select {
		case j := <-s.queue:
			batch = append(batch, j)
		default:
			return batch
		}
	}
	return batch
}

// commit stores batch and enforces the bounds, in one transaction.
func (s *Store) commit(batch []kiosk.Journey) error {
	if len(batch) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, meta := tx.Bucket(bJourneys), tx.Bucket(bMeta)
		n := getCount(meta)
		for _, j := range batch {
			v, err := json.Marshal(j)
			if err != nil {
				return fmt.Errorf("encode journey: %w", err)
			}
			k := key(j)
			if b.Get(k) == nil {
				n++
			}
			if err := b.Put(k, v); err != nil {
				return err
			}
		}
		cutoff := hourKey(s.opts.Clock.Now().Add(-s.opts.MaxAge))
		c := b.Cursor()
		for k, _ := c.First(); k != nil && (bytes.Compare(k[:8], cutoff) < 0 || n > uint64(s.opts.MaxCount)); k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
			n--
		}
		return putCount(meta, n)
	})
	if err != nil {
		s.dropped.Add(uint64(len(batch)))
		s.log.Error("journeys: write failed; journeys lost", "journeys", len(batch), "err", err)
		return fmt.Errorf("store %d journeys: %w", len(batch), err)
	}
	return nil
}

func key(j kiosk.Journey) []byte {
	return append(hourKey(j.Started), j.ID...)
}

// hourKey is the hour of t as 8 bytes that sort in time order; times
// before 1970 (the zero time of "since the beginning") sort first.
func hourKey(t time.Time) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(max(t.Truncate(time.Hour).Unix(), 0)))
}

func getCount(meta *bolt.Bucket) uint64 {
	if v := meta.Get(metaCount); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func putCount(meta *bolt.Bucket, n uint64) error {
	return meta.Put(metaCount, binary.BigEndian.AppendUint64(nil, n))
}

// Count returns how many journeys are stored.
func (s *Store) Count() (int, error) {
	var n uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bMeta); meta != nil {
			n = getCount(meta)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count journeys: %w", err)
	}
	return int(n), nil
}

// List calls fn with every stored journey that started in or after the
// hour of since, oldest hour first (journeys of one hour in no particular
// order). An error from fn stops it and is returned.
func (s *Store) List(since time.Time, fn func(kiosk.Journey) error) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bJourneys)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(hourKey(since)); k != nil; k, v = c.Next() {
			var j kiosk.Journey
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("decode journey %x: %w", k, err)
			}
			if err := fn(j); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list journeys: %w", err)
	}
	return nil
}
