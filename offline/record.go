package offline

import (
	"encoding/binary"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	bolt "go.etcd.io/bbolt"
)

// State is where a submission is on its way to the back office.
type State string

// Submission states. See the package documentation for the transitions.
const (
	// StateQueued waits for its next attempt (NextAttemptAt).
	StateQueued State = "queued"
	// StateSending has a POST in flight. A submission found in this state
	// when the outbox opens was interrupted and is queued again: the POST
	// may have arrived, so it is resent with the same idempotency key.
	StateSending State = "sending"
	// StateSent was acknowledged by the back office with a
	// service_request_id or a token (or neither, for a blackbox service).
	// The kiosk never sends it again.
	StateSent State = "sent"
	// StateClosed is a sent request the back office reports closed.
	StateClosed State = "closed"
	// StateDead was rejected by the back office for a reason retrying
	// cannot fix (DeadReason); only a technician sends it again.
	StateDead State = "dead"
)

// States lists every state in the order of a submission's life.
var States = []State{StateQueued, StateSending, StateSent, StateClosed, StateDead}

// ParseState returns the State named s.
func ParseState(s string) (State, bool) {
	for _, st := range States {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// MessageKey is the message catalogue key naming the state for a citizen
// (kiosk.Msg), e.g. on the "track my request" screen.
func (s State) MessageKey() string { return "outbox.state." + string(s) }

// Entry is what a technician may see of a submission: everything but its
// answers, which stay sealed.
type Entry struct {
	ID               string             `json:"id"`
	TrackingCode     kiosk.TrackingCode `json:"tracking_code"`
	ServiceCode      string             `json:"service_code"`
	CatalogueVersion string             `json:"catalogue_version,omitempty"`
	KioskID          string             `json:"kiosk_id,omitempty"`
	Lang             kiosk.Lang         `json:"lang,omitempty"`
	State            State              `json:"state"`
	CreatedAt        time.Time          `json:"created_at"`
	// Attempts counts the POSTs tried so far.
	Attempts int `json:"attempts,omitempty"`
	// Unconfirmed is set, durably, before each POST and cleared once its
	// fate is known: a POST whose answer never arrived (a crash, a reset,
	// an answer that does not parse) may have been stored, so before
	// sending again the kiosk asks the back office for it.
	// UnconfirmedSince is when the first such POST was made.
	Unconfirmed      bool      `json:"unconfirmed,omitempty"`
	UnconfirmedSince time.Time `json:"unconfirmed_since,omitzero"`
	// Adopted reports a request found at the back office after an
	// unconfirmed POST, and taken as the acknowledgement, instead of
	// being sent again.
	Adopted       bool      `json:"adopted,omitempty"`
	LastAttemptAt time.Time `json:"last_attempt_at,omitzero"`
	// NextAttemptAt is when a queued submission is due.
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	// LastError says why the last attempt failed. Like DeadReason it is
	// scrubbed of anything that looks like personal data (long numbers,
	// e-mail addresses) and capped in length.
	LastError string `json:"last_error,omitempty"`
	// DeadReason is the back office's reason for rejecting the submission.
	DeadReason string `json:"dead_reason,omitempty"`
	// ServiceRequestID and Token are what the back office answered; a
	// token turns into a request ID later.
	ServiceRequestID string    `json:"service_request_id,omitempty"`
	Token            string    `json:"token,omitempty"`
	ServiceNotice    string    `json:"service_notice,omitempty"`
	AckedAt          time.Time `json:"acked_at,omitzero"`
	ClosedAt         time.Time `json:"closed_at,omitzero"`
	// NextCheckAt is when a sent request's token or status is next asked.
	NextCheckAt time.Time       `json:"next_check_at,omitzero"`
	Upstream    *UpstreamStatus `json:"upstream,omitempty"`
	// PersonalData reports whether the sealed answers are still held;
	// PurgeAt is when they will be deleted and PurgedAt when they were.
	PersonalData bool      `json:"personal_data"`
	PurgeAt      time.Time `json:"purge_at,omitzero"`
	PurgedAt     time.Time `json:"purged_at,omitzero"`
}

// UpstreamStatus is what the back office last said of a request.
type UpstreamStatus struct {
	// Status is the Open311 status: "open" or "closed".
	Status            string    `json:"status,omitempty"`
	AgencyResponsible string    `json:"agency_responsible,omitempty"`
	ServiceNotice     string    `json:"service_notice,omitempty"`
	UpdatedAt         time.Time `json:"updated_at,omitzero"`
	ExpectedAt        time.Time `json:"expected_at,omitzero"`
	// CheckedAt is when the kiosk last asked.
	CheckedAt time.Time `json:"checked_at"`
	// Notes are the back office's status notes. They are addressed to the
	// citizen and may name them, so they are sealed in the outbox and
	// only filled in by Outbox.Status.
	Notes string `json:"notes,omitempty"`
}

// RequestStatus is what the "track my request" screen shows for a
// tracking code.
type RequestStatus struct {
	TrackingCode     kiosk.TrackingCode `json:"tracking_code"`
	ServiceCode      string             `json:"service_code"`
	State            State              `json:"state"`
	CreatedAt        time.Time          `json:"created_at"`
	AckedAt          time.Time          `json:"acked_at,omitzero"`
	ClosedAt         time.Time          `json:"closed_at,omitzero"`
	ServiceRequestID string             `json:"service_request_id,omitempty"`
	Upstream         *UpstreamStatus    `json:"upstream,omitempty"`
}

// record is a submission as stored: its entry, the sealed answers and the
// sealed status notes.
type record struct {
	Entry
	Sealed      []byte `json:"sealed,omitempty"`
	NotesSealed []byte `json:"notes_sealed,omitempty"`
	// Checks counts token polls, for their backoff.
	Checks int `json:"checks,omitempty"`
	// reconcile is set on a claimed record whose last POST is
	// unconfirmed: it is looked for at the back office before any POST.
	reconcile bool
}

func (r *record) clone() *record {
	c := *r
	if r.Upstream != nil {
		u := *r.Upstream
		c.Upstream = &u
	}
	return &c
}

// entry returns what a technician may see.
func (r *record) entry() Entry {
	e := r.clone().Entry
	e.PersonalData = len(r.Sealed) > 0
	if e.Upstream != nil {
		e.Upstream.Notes = ""
	}
	return e
}

// timeKey orders an index by time, then by submission ID.
func timeKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	binary.BigEndian.PutUint64(k, uint64(n))
	return append(k, id...)
}

// dueIDs returns, earliest first, up to limit submission IDs of a time
// index whose time is not after now. The index is read from its first
// key, never scanned past now.
func dueIDs(tx *bolt.Tx, index []byte, now time.Time, limit int) []string {
	var ids []string
	c := tx.Bucket(index).Cursor()
	for k, _ := c.First(); k != nil && len(ids) < limit; k, _ = c.Next() {
		at, id := splitTimeKey(k)
		if at.After(now) {
			break
		}
		ids = append(ids, id)
	}
	return ids
}

// splitTimeKey returns the time and ID of an index key written by timeKey.
func splitTimeKey(k []byte) (time.Time, string) {
	if len(k) < 8 {
		return time.Time{}, ""
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k))), string(k[8:])
}
