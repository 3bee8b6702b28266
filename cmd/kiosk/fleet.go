package main

import (
	"context"
	"errors"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// newMetrics builds the kiosk's fleet metrics, reading the appliance's
// outbox, sync worker, printer and disk once they exist.
func newMetrics(a *appliance, printerSeen func() (kiosk.PrinterStatus, bool)) *fleet.Metrics {
	info := fleet.Info{Version: kiosk.Version(), DeviceID: a.cfg.DeviceID, KioskNumber: a.cfg.KioskNumber, Mode: string(a.cfg.Mode),
		Channel: channel(a.cfg.Mode), Langs: a.cfg.Languages}
	if len(info.Langs) == 0 {
		info.Langs = kiosk.Languages
	}
	return fleet.New(info, a.catalogue, fleet.Sources{
		Outbox: outboxSource{a},
		Health: func() (fleet.Health, bool) {
			if a.syncer == nil {
				return fleet.Health{}, false
			}
			h := a.syncer.Health()
			return fleet.Health{Online: h.Online, AuthFailed: h.AuthFailed, LastContact: h.LastContact}, true
		},
		Printer: printerSeen,
		Disk:    func() (uint64, uint64, error) { return diskSpace(a.dataDir) },
		Now:     a.clock.Now,
	})
}

// outboxSource reads the outbox for the metrics once the appliance has
// opened it.
type outboxSource struct{ a *appliance }

func (o outboxSource) outbox() (queueSource, error) {
	if o.a.outbox == nil {
		return nil, errors.New("outbox not open")
	}
	return o.a.outbox, nil
}

func (o outboxSource) Queue() (fleet.Queue, error) {
	q, err := o.outbox()
	if err != nil {
		return fleet.Queue{}, err
	}
	return readQueue(q)
}

func (o outboxSource) OldestUnsent() (time.Time, error) {
	q, err := o.outbox()
	if err != nil {
		return time.Time{}, err
	}
	return oldestUnsent(q)
}

// queueSource is what the metrics read of an outbox.
type queueSource interface {
	Counts() (offline.Counts, error)
	List(opts offline.ListOptions, fn func(offline.Entry) error) error
}

// outboxQueue adapts a queueSource to fleet.Outbox.
type outboxQueue struct{ q queueSource }

func (o outboxQueue) Queue() (fleet.Queue, error)      { return readQueue(o.q) }
func (o outboxQueue) OldestUnsent() (time.Time, error) { return oldestUnsent(o.q) }

func readQueue(q queueSource) (fleet.Queue, error) {
	counts, err := q.Counts()
	if err != nil {
		return fleet.Queue{}, err
	}
	out := fleet.Queue{States: map[string]int{}, Unsent: counts[offline.StateQueued] + counts[offline.StateSending]}
	for _, s := range offline.States {
		out.States[string(s)] = counts[s]
	}
	return out, nil
}

// oldestUnsent returns when the oldest queued or sending submission was
// made: the first of each state in creation order.
func oldestUnsent(q queueSource) (time.Time, error) {
	counts, err := q.Counts()
	if err != nil {
		return time.Time{}, err
	}
	var oldest time.Time
	for _, st := range []offline.State{offline.StateQueued, offline.StateSending} {
		if counts[st] == 0 {
			continue
		}
		err := q.List(offline.ListOptions{State: st, Limit: 1}, func(e offline.Entry) error {
			if oldest.IsZero() || e.CreatedAt.Before(oldest) {
				oldest = e.CreatedAt
			}
			return nil
		})
		if err != nil {
			return time.Time{}, err
		}
	}
	return oldest, nil
}

// countingUpstream counts the sync worker's calls to the back office.
type countingUpstream struct {
	up offline.Upstream
	m  *fleet.Metrics
}

func (c countingUpstream) count(call string, err error) {
	result := "ok"
	switch {
	case err == nil:
	case open311.IsAuth(err):
		result = "auth_failed"
	case open311.IsRetryable(err):
		result = "failed"
	default:
		result = "rejected"
	}
	c.m.SyncCall(call, result)
}

func (c countingUpstream) PostRequest(ctx context.Context, r open311.Request) (open311.PostResult, error) {
	res, err := c.up.PostRequest(ctx, r)
	c.count("post", err)
	return res, err
}

func (c countingUpstream) RequestIDForToken(ctx context.Context, token string) (string, error) {
	id, err := c.up.RequestIDForToken(ctx, token)
	c.count("token", err)
	return id, err
}

func (c countingUpstream) Request(ctx context.Context, id string) (open311.ServiceRequest, error) {
	r, err := c.up.Request(ctx, id)
	c.count("status", err)
	return r, err
}

func (c countingUpstream) Search(ctx context.Context, q open311.Query) ([]open311.ServiceRequest, error) {
	rs, err := c.up.Search(ctx, q)
	c.count("search", err)
	return rs, err
}
