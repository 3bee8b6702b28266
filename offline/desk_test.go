package offline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// TestWhatTheDeskReads walks an outbox from empty to sent and refused,
// reading it as the technician's desk does.
func TestWhatTheDeskReads(t *testing.T) {
	clock := newClock()
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	sm := newSubmitter(t, clock, 0)
	first := clock.Now()
	// The back office refuses the first POST and takes the rest; the sync
	// worker posts from several goroutines.
	var refused atomic.Bool
	up := &fakeUpstream{PostRequestFunc: func(open311.Request) (open311.PostResult, error) {
		if refused.CompareAndSwap(false, true) {
			return open311.PostResult{}, &open311.Error{Op: "post request", StatusCode: 400,
				Errors: []open311.APIError{{Code: "400", Description: "invalid service code"}}}
		}
		return open311.PostResult{ServiceRequestID: "42"}, nil
	}}
	s := offline.NewSyncer(o, up, syncConfig(clock))
	var codes []kiosk.TrackingCode
	tests := []struct {
		name       string
		change     func()
		wantUnsent int
		wantDead   int
		wantOldest time.Time
		wantSync   bool // whether sync now runs, and what it sends
		wantSent   int
	}{
		{name: "an empty outbox", change: func() {}},
		{name: "two queued", change: func() {
			for range 2 {
				sub := sm.next(nil)
				enqueue(t, o, sub)
				codes = append(codes, sub.TrackingCode)
				clock.Add(time.Minute)
			}
		}, wantUnsent: 2, wantOldest: first},
		{name: "one refused, one sent", change: func() {}, wantSync: true, wantSent: 1, wantDead: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			if tt.wantSync {
				sum, err := s.Pass(context.Background())
				if err != nil || sum.Sent != tt.wantSent || sum.Rejected != tt.wantDead || !sum.Online {
					t.Errorf("sync now %+v, %v; want %d sent, %d refused", sum, err, tt.wantSent, tt.wantDead)
				}
			}
			q, err := o.QueueStatus()
			if err != nil {
				t.Fatal(err)
			}
			if q.Unsent != tt.wantUnsent || q.Dead != tt.wantDead || q.Total != len(codes) || !q.OldestUnsent.Equal(tt.wantOldest) {
				t.Errorf("queue %+v, want %d unsent, %d dead, %d in all, the oldest made at %v", q, tt.wantUnsent, tt.wantDead, len(codes), tt.wantOldest)
			}
			var buf bytes.Buffer
			if err := o.WriteQueue(&buf); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(buf.Bytes(), []byte(nationalCode)) {
				t.Errorf("the queue written for a bundle holds a citizen's answer:\n%s", buf.Bytes())
			}
			var got []kiosk.TrackingCode
			for sc := bufio.NewScanner(&buf); sc.Scan(); {
				var e offline.Entry
				if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
					t.Fatalf("line %q: %v", sc.Text(), err)
				}
				got = append(got, e.TrackingCode)
			}
			if len(got) != len(codes) || (len(got) > 0 && got[0] != codes[0]) {
				t.Errorf("queue lines %v, want %v oldest first", got, codes)
			}
			if l := s.Link(); !l.Configured || !l.Online || l.AuthFailed {
				t.Errorf("link %+v", l)
			}
		})
	}
}
