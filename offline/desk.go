package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/desk"
)

// What the technician's desk reads of the outbox and the sync worker.
var (
	_ desk.Outbox = (*Outbox)(nil)
	_ desk.Sync   = (*Syncer)(nil)
)

// QueueStatus counts the submissions and finds when the oldest unsent
// one was made.
func (o *Outbox) QueueStatus() (config.QueueStatus, error) {
	counts, err := o.Counts()
	if err != nil {
		return config.QueueStatus{}, err
	}
	oldest, err := o.OldestUnsent(counts)
	if err != nil {
		return config.QueueStatus{}, err
	}
	return config.QueueStatus{
		Unsent:       counts[StateQueued] + counts[StateSending],
		Dead:         counts[StateDead],
		Total:        counts.Total(),
		OldestUnsent: oldest,
	}, nil
}

// OldestUnsent returns when the oldest queued or sending submission was
// made (zero when none is), given the outbox's counts. It lists in
// creation order, past every acknowledged submission before it.
func (o *Outbox) OldestUnsent(counts Counts) (time.Time, error) {
	var oldest time.Time
	for _, st := range []State{StateQueued, StateSending} {
		if counts[st] == 0 {
			continue
		}
		err := o.List(ListOptions{State: st, Limit: 1}, func(e Entry) error {
			if oldest.IsZero() || e.CreatedAt.Before(oldest) {
				oldest = e.CreatedAt
			}
			return nil
		})
		if err != nil {
			return time.Time{}, fmt.Errorf("oldest unsent: %w", err)
		}
	}
	return oldest, nil
}

// WriteQueue writes every submission's Entry (no answers) as a JSON line,
// oldest first.
func (o *Outbox) WriteQueue(w io.Writer) error {
	enc := json.NewEncoder(w)
	if err := o.List(ListOptions{}, func(e Entry) error { return enc.Encode(e) }); err != nil {
		return fmt.Errorf("write queue: %w", err)
	}
	return nil
}

// Link is the back office link as the worker last saw it, for the
// technician's desk.
func (s *Syncer) Link() config.BackOfficeStatus {
	h := s.Health()
	return config.BackOfficeStatus{
		Configured:  true,
		Online:      h.Online,
		AuthFailed:  h.AuthFailed,
		LastContact: h.LastContact,
		LastError:   h.LastError,
		Failures:    h.Failures,
		PausedUntil: h.PausedUntil,
	}
}

// Pass is SyncNow summed up for the technician's desk.
func (s *Syncer) Pass(ctx context.Context) (config.SyncSummary, error) {
	rep, err := s.SyncNow(ctx)
	return config.SyncSummary{Sent: rep.Sent, Retrying: rep.Retried, Rejected: rep.Dead, Online: rep.Health.Online}, err
}
