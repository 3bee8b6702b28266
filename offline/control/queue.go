package control

import (
	"context"
	"errors"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// Queue is what a technician may ask of a kiosk's outbox. *Client asks a
// running kiosk; *Local works on an outbox opened directly.
type Queue interface {
	// Counts returns how many submissions are in each state.
	Counts(ctx context.Context) (offline.Counts, error)
	// List calls fn for each submission opts selects. Answers are only
	// included when personal is true.
	List(ctx context.Context, opts offline.ListOptions, personal bool, fn func(Entry) error) error
	// Show returns one submission, with its answers only when personal.
	Show(ctx context.Context, code kiosk.TrackingCode, personal bool) (Entry, error)
	// Retry queues a dead or waiting submission for an immediate attempt.
	Retry(ctx context.Context, code kiosk.TrackingCode) error
	// RetryDead queues every dead letter again and returns how many.
	RetryDead(ctx context.Context) (int, error)
	// Sync runs one sync pass now, ignoring backoffs.
	Sync(ctx context.Context) (offline.SyncReport, error)
	// Submit makes a submission through the session's validation, the
	// outbox and the receipt path.
	Submit(ctx context.Context, req SubmitRequest) (SubmitResult, error)
}

// Entry is a submission as a technician sees it. Answers is nil unless
// personal data was asked for.
type Entry struct {
	offline.Entry
	Answers map[string]string `json:"answers,omitempty"`
}

// Errors a Queue returns besides the offline package's.
var (
	// ErrNoBackOffice is returned by Sync on a kiosk with no back office
	// configured.
	ErrNoBackOffice = errors.New("no back office configured")
	// ErrNoSubmit is returned by Submit where no submitter was wired.
	ErrNoSubmit = errors.New("test submissions are not available here")
	// ErrInvalid is wrapped by Submit's errors for answers the form
	// refuses, and for an unknown service or field.
	ErrInvalid = errors.New("invalid submission")
)
