package control

import (
	"context"
	"errors"
	"fmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// Local implements Queue on an outbox in this process: the running
// kiosk's (behind Serve) or one kioskctl opened directly.
type Local struct {
	Outbox *offline.Outbox
	// Syncer runs Sync; nil when no back office is configured.
	Syncer *offline.Syncer
	// Submitter runs Submit; nil where test submissions are not wired.
	Submitter *Submitter
}

var _ Queue = (*Local)(nil)

// Counts returns how many submissions are in each state.
func (l *Local) Counts(context.Context) (offline.Counts, error) { return l.Outbox.Counts() }

// List calls fn for each submission opts selects.
func (l *Local) List(ctx context.Context, opts offline.ListOptions, personal bool, fn func(Entry) error) error {
	return l.Outbox.List(opts, func(e offline.Entry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ent, err := l.entry(e, personal)
		if err != nil {
			return err
		}
		return fn(ent)
	})
}

func (l *Local) entry(e offline.Entry, personal bool) (Entry, error) {
	ent := Entry{Entry: e}
	if personal && e.PersonalData {
		a, err := l.Outbox.Answers(e.TrackingCode)
		if err != nil && !errors.Is(err, offline.ErrPurged) {
			return Entry{}, err
		}
		ent.Answers = a
	}
	return ent, nil
}

// Show returns one submission.
func (l *Local) Show(_ context.Context, code kiosk.TrackingCode, personal bool) (Entry, error) {
	e, err := l.Outbox.Get(code)
	if err != nil {
		return Entry{}, err
	}
	return l.entry(e, personal)
}

// Retry queues a submission for an immediate attempt.
func (l *Local) Retry(_ context.Context, code kiosk.TrackingCode) error { return l.Outbox.Retry(code) }

// RetryDead queues every dead letter again.
func (l *Local) RetryDead(context.Context) (int, error) { return l.Outbox.RetryDead() }

// Sync runs one pass of the syncer now.
func (l *Local) Sync(ctx context.Context) (offline.SyncReport, error) {
	if l.Syncer == nil {
		return offline.SyncReport{}, fmt.Errorf("sync: %w", ErrNoBackOffice)
	}
	return l.Syncer.SyncNow(ctx)
}

// Submit makes a test submission.
func (l *Local) Submit(ctx context.Context, req SubmitRequest) (SubmitResult, error) {
	if l.Submitter == nil {
		return SubmitResult{}, fmt.Errorf("submit: %w", ErrNoSubmit)
	}
	return l.Submitter.Submit(ctx, req)
}
