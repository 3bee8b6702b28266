package devserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// record is one stored request: a line of requests.jsonl.
type record struct {
	ID          int64               `json:"id"`
	Key         string              `json:"idempotency_key,omitempty"`
	Token       string              `json:"token,omitempty"`
	ServiceCode string              `json:"service_code"`
	Requested   time.Time           `json:"requested"`
	Lat         *float64            `json:"lat,omitempty"`
	Long        *float64            `json:"long,omitempty"`
	Address     string              `json:"address_string,omitempty"`
	AddressID   string              `json:"address_id,omitempty"`
	DeviceID    string              `json:"device_id,omitempty"`
	Description string              `json:"description,omitempty"`
	FirstName   string              `json:"first_name,omitempty"`
	LastName    string              `json:"last_name,omitempty"`
	Phone       string              `json:"phone,omitempty"`
	Email       string              `json:"email,omitempty"`
	MediaURL    string              `json:"media_url,omitempty"`
	Attributes  map[string][]string `json:"attributes,omitempty"`
}

func (r *record) request() *request {
	req := &request{
		id: r.ID, key: r.Key, token: r.Token, service: r.ServiceCode,
		requested: r.Requested.Unix(), address: r.Address, desc: r.Description, state: stored,
	}
	if r.Lat != nil && r.Long != nil {
		req.lat, req.long, req.hasLoc = *r.Lat, *r.Long, true
	}
	return req
}

// RequestsFile is the name of the Server's data file in its data
// directory.
const RequestsFile = "requests.jsonl"

// errStoreClosed is returned by append after close.
var errStoreClosed = errors.New("dev server store closed")

// store appends records to a JSON-lines file. One goroutine writes:
// appends that arrive while it is syncing are written together and share
// the next fsync (group commit), so concurrent POSTs cost one fsync per
// batch rather than one each.
type store struct {
	f       *os.File
	queue   chan queuedAppend
	done    chan struct{}
	closeMu sync.RWMutex
	closed  bool
}

type queuedAppend struct {
	line   []byte
	result chan error
}

// maxBatch bounds how many appends share one fsync.
const maxBatch = 512

// openStore opens dir/requests.jsonl, locking it against a second
// server, and returns the records it holds. A torn last line (a crash
// mid-write) is cut off so that new lines start clean.
func openStore(dir string) (*store, []record, error) {
	if dir == "" {
		return nil, nil, errors.New("open dev store: no data directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("open dev store: %w", err)
	}
	path := filepath.Join(dir, RequestsFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open dev store: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open dev store: %s is in use by another dev server: %w", path, err)
	}
	recs, good, err := readRecords(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open dev store %s: %w", path, err)
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open dev store: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open dev store: %w", err)
	}
	s := &store{f: f, queue: make(chan queuedAppend, maxBatch), done: make(chan struct{})}
	go s.run()
	return s, recs, nil
}

// readRecords reads every complete line; good is the offset after the
// last one. A bad line before the end means the file was edited or
// corrupted: that is an error, not something to cut.
func readRecords(f *os.File) (recs []record, good int64, err error) {
	r := bufio.NewReaderSize(f, 64<<10)
	var off int64
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			// No newline: a torn write, dropped (it was never answered).
			return recs, off, nil
		}
		if err != nil {
			return nil, 0, err
		}
		var rec record
		if uerr := json.Unmarshal(bytes.TrimSpace(line), &rec); uerr != nil || rec.ID <= 0 {
			if _, perr := r.Peek(1); errors.Is(perr, io.EOF) {
				return recs, off, nil // a torn last line that happened to end in \n
			}
			return nil, 0, fmt.Errorf("line at byte %d is not a request record", off)
		}
		recs = append(recs, rec)
		off += int64(len(line))
	}
}

func (s *store) run() {
	defer close(s.done)
	var buf bytes.Buffer
	batch := make([]queuedAppend, 0, maxBatch)
	for first := range s.queue {
		batch = append(batch[:0], first)
	fill:
		for len(batch) < maxBatch {
			select {
			case a, ok := <-s.queue:
				if !ok {
					break fill
				}
				batch = append(batch, a)
			default:
				break fill
			}
		}
		buf.Reset()
		for _, a := range batch {
			buf.Write(a.line)
		}
		_, err := s.f.Write(buf.Bytes())
		if err == nil {
			err = s.f.Sync()
		}
		if err != nil {
			err = fmt.Errorf("store request: %w", err)
		}
		for _, a := range batch {
			a.result <- err
		}
	}
}

// append writes one record durably.
func (s *store) append(rec *record) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("store request: %w", err)
	}
	line = append(line, '\n')
	res := make(chan error, 1)
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return errStoreClosed
	}
	s.queue <- queuedAppend{line: line, result: res}
	s.closeMu.RUnlock()
	return <-res
}

func (s *store) close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	close(s.queue)
	s.closeMu.Unlock()
	<-s.done
	return s.f.Close()
}
