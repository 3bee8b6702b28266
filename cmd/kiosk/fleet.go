package main

import (
	"context"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/desk"
	"github.com/pishkhan/pishkhan/kiosk/fleet"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// newMetrics builds the kiosk's fleet metrics over the appliance's outbox
// (open by now), and its sync worker, printer and disk once they exist.
func newMetrics(a *appliance, dataDir string) *fleet.Metrics {
	info := fleet.Info{Version: kiosk.Version(), DeviceID: a.cfg.DeviceID, KioskNumber: a.cfg.KioskNumber, Mode: string(a.cfg.Mode),
		Channel: channel(a.cfg.Mode), Langs: a.cfg.Languages}
	if len(info.Langs) == 0 {
		info.Langs = kiosk.Languages
	}
	return fleet.New(info, a.catalogue, fleet.Sources{
		Outbox: outboxQueue{a.outbox},
		Health: func() (fleet.Health, bool) {
			if a.syncer == nil {
				return fleet.Health{}, false
			}
			h := a.syncer.Health()
			return fleet.Health{Online: h.Online, AuthFailed: h.AuthFailed, LastContact: h.LastContact}, true
		},
		Printer: func() (kiosk.PrinterStatus, bool) {
			if a.tech == nil || a.tech.desk == nil {
				return kiosk.PrinterStatus{}, false
			}
			return a.tech.desk.PrinterSeen()
		},
		Disk: func() (uint64, uint64, error) { return desk.DiskSpace(dataDir) },
		Now:  a.clock.Now,
	})
}

// queueSource is what the metrics read of the outbox.
type queueSource interface {
	Counts() (offline.Counts, error)
	OldestUnsent(offline.Counts) (time.Time, error)
}

// outboxQueue reads the outbox for the metrics.
type outboxQueue struct{ o queueSource }

var _ fleet.Outbox = outboxQueue{}

// Queue implements fleet.Outbox.
func (q outboxQueue) Queue() (fleet.Queue, error) {
	counts, err := q.o.Counts()
	if err != nil {
		return fleet.Queue{}, err
	}
	out := fleet.Queue{States: map[string]int{}, Unsent: counts[offline.StateQueued] + counts[offline.StateSending]}
	for _, s := range offline.States {
		out.States[string(s)] = counts[s]
	}
	return out, nil
}

// OldestUnsent implements fleet.Outbox.
func (q outboxQueue) OldestUnsent() (time.Time, error) {
	counts, err := q.o.Counts()
	if err != nil {
		return time.Time{}, err
	}
	return q.o.OldestUnsent(counts)
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
