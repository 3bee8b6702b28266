package offline_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

func syncConfig(clock *fakeClock) offline.SyncConfig {
	lat, long := 35.6892, 51.3890
	return offline.SyncConfig{
		Catalogue: testCatalogue(),
		Location:  config.Location{Lat: &lat, Long: &long},
		Clock:     clock,
		// Half the ceiling: deterministic, and never zero.
		Jitter: func(d time.Duration) time.Duration { return d / 2 },
	}
}

// drain runs passes, moving the clock past every backoff between them,
// until nothing is queued or sending (bounded).
func drain(t *testing.T, s *offline.Syncer, o *offline.Outbox, clock *fakeClock) {
	t.Helper()
	for range 20 {
		if _, err := s.Once(context.Background()); err != nil {
			t.Fatalf("sync pass: %v", err)
		}
		c, _ := o.Counts()
		if c[offline.StateQueued]+c[offline.StateSending] == 0 {
			return
		}
		clock.Add(2 * time.Hour)
	}
	c, _ := o.Counts()
	t.Fatalf("outbox not drained after 20 passes: %v", c)
}

// What a back office may echo of a citizen's form that is not one of the
// submission's answers verbatim: an e-mail and a phone number written
// in groups.
const (
	echoedEmail = "ali.rezaei@example.ir"
	echoedPhone = "۰۹۱۲ ۳۴۵ ۶۷۸۹"
)

func TestSyncFaults(t *testing.T) {
	jsonType := "application/json"
	tests := []struct {
		name   string
		fault  func(http.ResponseWriter, *http.Request)
		faults int
		answer func(w http.ResponseWriter, id string)
		// dead submissions expected, with a reason containing reason.
		dead   int
		reason string
		// afterFirst checks the state after the first pass.
		afterFirst func(t *testing.T, o *offline.Outbox, s *offline.Syncer, now time.Time, subs []kiosk.Submission)
	}{
		{name: "500", fault: status(500, "text/plain", "internal error"), faults: 2},
		{name: "503 with Retry-After", fault: status(503, "", "", "Retry-After", "120"), faults: 1,
			afterFirst: func(t *testing.T, o *offline.Outbox, s *offline.Syncer, now time.Time, subs []kiosk.Submission) {
				h := s.Health()
				if h.PausedUntil.Before(now.Add(120 * time.Second)) {
					t.Errorf("health after 503 Retry-After 120 = %+v, want sending paused 120s", h)
				}
				for _, sub := range subs {
					// The one that got the 503 waits on its own as well;
					// any claimed but not yet sent went back unsent.
					e := mustGet(t, o, sub.TrackingCode)
					if e.State == offline.StateQueued && e.Attempts > 0 && e.NextAttemptAt.Before(now.Add(120*time.Second)) {
						t.Errorf("retried submission due at %v, before its Retry-After", e.NextAttemptAt)
					}
					if e.State == offline.StateQueued && e.Attempts == 0 && e.LastError != "" {
						t.Errorf("a submission released unsent carries an error: %q", e.LastError)
					}
				}
				// Nothing is sent while paused.
				rep, err := s.Once(context.Background())
				if err != nil || rep.Sent != 0 {
					t.Errorf("pass during the pause sent %d (%v)", rep.Sent, err)
				}
			}},
		{name: "400 with an error array", faults: 1, dead: 1, reason: "is not acceptable",
			fault: status(400, jsonType, `[{"code":400,"description":"attribute[national_code] `+nationalCode+` is not acceptable"}]`)},
		{name: "400 echoing what the citizen typed", faults: 1, dead: 1, reason: "is already registered",
			fault: status(400, jsonType, `[{"code":400,"description":"`+echoedEmail+` with mobile `+echoedPhone+` is already registered"}]`)},
		{name: "400 saying the CRM is down", faults: 2,
			fault: status(400, jsonType, `[{"code":400,"description":"CRM is down, try again later"}]`)},
		{name: "403 bad api_key", faults: 3,
			fault: status(403, jsonType, `[{"code":403,"description":"Invalid api_key"}]`),
			afterFirst: func(t *testing.T, o *offline.Outbox, s *offline.Syncer, now time.Time, subs []kiosk.Submission) {
				if h := s.Health(); !h.AuthFailed || h.Online {
					t.Errorf("health after 403 = %+v, want auth failure reported", h)
				}
				if c, _ := o.Counts(); c[offline.StateQueued] != len(subs) {
					t.Errorf("after 403: %v, want every submission still queued", c)
				}
			}},
		{name: "404 unknown service", faults: 1, dead: 1, reason: "not found",
			fault: status(404, jsonType, `{"code":404,"description":"Service PERMIT-1 not found"}`)},
		{name: "404 from something that is not Open311", faults: 3,
			fault: status(404, "text/html", "<html><body>Not here</body></html>")},
		{name: "timeout", fault: hang, faults: 1},
		{name: "connection reset mid-answer", fault: reset, faults: 2},
		{name: "slow body", fault: slowBody, faults: 1},
		{name: "malformed JSON", fault: status(200, jsonType, `[{"service_request_id":"12`), faults: 2},
		// A proxy's "200, nothing" is no acknowledgement: resent until
		// the back office really answers.
		{name: "200 with an empty body", fault: status(200, jsonType, ""), faults: 2},
		{name: "204 no content", fault: status(http.StatusNoContent, "", ""), faults: 1},
		{name: "answer too large", fault: status(200, jsonType, "["+strings.Repeat(" ", 2<<20)+"]"), faults: 1},
		{name: "HTML instead of JSON", fault: status(200, "text/html", "<html>maintenance</html>"), faults: 1},
		{name: "object-wrapped answer", answer: func(w http.ResponseWriter, id string) {
			fmt.Fprintf(w, `{"service_requests":[{"service_request_id":%q}]}`, id)
		}},
		{name: "201 with a bare object", answer: func(w http.ResponseWriter, id string) {
			w.Header().Set("Content-Type", jsonType)
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"service_request_id":%q,"status":"open"}`, id)
		}},
		{name: "numeric IDs", answer: func(w http.ResponseWriter, id string) {
			fmt.Fprintf(w, `[{"service_request_id":%s}]`, id)
		}},
		{name: "hostile notice", answer: func(w http.ResponseWriter, id string) {
			fmt.Fprintf(w, `[{"service_request_id":%q,"service_notice":"\u202e\u0000%s"}]`, id, strings.Repeat("long ", 5000))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, clock := t.TempDir(), newClock()
			bo := newBackOffice(t)
			bo.fault, bo.faults, bo.answer = tt.fault, tt.faults, tt.answer
			o := openOutbox(t, dir, clock, offline.Options{Key: testKey, Retention: time.Hour})
			sub := newSubmitter(t, clock, 0)
			subs := []kiosk.Submission{sub.next(nil), sub.next(nil), sub.next(nil)}
			enqueue(t, o, subs...)
			var logs bytes.Buffer
			cfg := syncConfig(clock)
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			s := offline.NewSyncer(o, bo.client(t, 300*time.Millisecond), cfg)

			if _, err := s.Once(context.Background()); err != nil {
				t.Fatalf("first pass: %v", err)
			}
			if tt.afterFirst != nil {
				tt.afterFirst(t, o, s, clock.Now(), subs)
			}
			clock.Add(2 * time.Hour)
			drain(t, s, o, clock)

			answered := bo.lastAnswered()
			acks := map[string]int{}
			for _, p := range bo.seen() {
				if p.id != "" {
					acks[p.key]++
				}
			}
			dead := 0
			for _, sub := range subs {
				e := mustGet(t, o, sub.TrackingCode)
				switch e.State {
				case offline.StateDead:
					dead++
					if !strings.Contains(e.DeadReason, tt.reason) || tt.reason == "" {
						t.Errorf("%s dead with reason %q, want one containing %q", sub.TrackingCode, e.DeadReason, tt.reason)
					}
					if !e.PersonalData {
						t.Errorf("%s: a dead letter lost its answers", sub.TrackingCode)
					}
				case offline.StateSent:
					// Acknowledged once: the ID kept is the one the back
					// office gave the last POST with this key.
					if want := answered[sub.ID]; e.ServiceRequestID == "" || e.ServiceRequestID != want {
						t.Errorf("%s sent as %q, but the back office last answered %q", sub.TrackingCode, e.ServiceRequestID, want)
					}
					if n := acks[sub.ID]; n != 1 {
						t.Errorf("%s was answered by the back office %d times, want once", sub.TrackingCode, n)
					}
				default:
					t.Errorf("%s ended %s", sub.TrackingCode, e.State)
				}
				for _, text := range []string{e.DeadReason, e.LastError, e.ServiceNotice} {
					if strings.Contains(text, nationalCode) || strings.Contains(text, bo.apiKey) {
						t.Errorf("%s keeps a national code or the api_key in plain text: %q", sub.TrackingCode, text)
					}
					if strings.Contains(text, echoedEmail) || strings.Contains(text, echoedPhone) {
						t.Errorf("%s keeps an echoed e-mail or phone number in plain text: %q", sub.TrackingCode, text)
					}
					if strings.ContainsAny(text, "\x00\u202e") || len(text) > 2100 {
						t.Errorf("%s keeps an unclean or unbounded server text (%d bytes)", sub.TrackingCode, len(text))
					}
				}
			}
			if dead != tt.dead {
				t.Errorf("%d dead letters, want %d", dead, tt.dead)
			}
			// No POST ever follows the one the kiosk recorded.
			for _, p := range bo.seen() {
				if p.key == "" {
					continue
				}
				if !slices.ContainsFunc(subs, func(s kiosk.Submission) bool { return s.ID == p.key }) {
					t.Errorf("POST with unknown Idempotency-Key %q", p.key)
				}
			}
			bo.check()
			checkOutbox(t, o)
			if files := grepDir(t, dir, nationalCode); len(files) > 0 {
				t.Errorf("national code readable in %v", files)
			}
			if strings.Contains(logs.String(), nationalCode) || strings.Contains(logs.String(), bo.apiKey) {
				t.Errorf("the log holds personal data or the api_key:\n%s", logs.String())
			}
		})
	}
}

// TestSyncHoldsOnAnswersThatAreNotGeoReportErrors: a 4xx from a proxy or
// a firewall refuses no submission. The queue waits, the health says what
// answered, and everything goes once the back office answers again.
func TestSyncHoldsOnAnswersThatAreNotGeoReportErrors(t *testing.T) {
	const queued = 8
	tests := []struct {
		name  string
		fault func(http.ResponseWriter, *http.Request)
		why   string
	}{
		{name: "400 text/plain Request blocked", fault: status(400, "text/plain; charset=utf-8", "Request blocked"),
			why: "HTTP 400: a text/plain page, not a GeoReport error: Request blocked"},
		{name: "400 HTML from a proxy", fault: status(400, "text/html", "<html><title>Bad Request</title></html>"),
			why: "HTTP 400: a text/html page, not a GeoReport error: Bad Request"},
		{name: "422 JSON that is no error array", fault: status(422, "application/json", `{"message":"Unprocessable"}`),
			why: "HTTP 422: a JSON document, not a GeoReport error"},
		{name: "400 with nothing", fault: status(400, "", ""), why: "HTTP 400: an empty answer, not a GeoReport error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			bo := newBackOffice(t)
			bo.fault, bo.faults = tt.fault, queued
			o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey, Retention: time.Hour})
			sub := newSubmitter(t, clock, 0)
			for range queued {
				enqueue(t, o, sub.next(nil))
			}
			s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))

			rep, err := s.Once(context.Background())
			if err != nil {
				t.Fatalf("sync pass: %v", err)
			}
			c, _ := o.Counts()
			if rep.Dead != 0 || c[offline.StateDead] != 0 || c[offline.StateQueued] != queued {
				t.Errorf("after the pass: %d dead, counts %v; want all %d still queued", rep.Dead, c, queued)
			}
			if h := s.Health(); h.Online || !strings.Contains(h.LastError, tt.why) {
				t.Errorf("health %+v; want offline, saying %q", h, tt.why)
			}

			clock.Add(2 * time.Hour)
			drain(t, s, o, clock)
			if c, _ := o.Counts(); c[offline.StateSent] != queued {
				t.Errorf("once the back office answers: %v, want all %d sent", c, queued)
			}
			bo.check()
		})
	}
}

func TestRequestMapping(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	bo := newBackOffice(t)
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey})
	s := newSubmitter(t, clock, 0).next(nil)
	enqueue(t, o, s)
	if files := grepDir(t, dir, nationalCode); len(files) > 0 {
		t.Fatalf("national code readable before sync in %v", files)
	}
	sy := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
	rep, err := sy.Once(context.Background())
	if err != nil || rep.Sent != 1 {
		t.Fatalf("pass = %+v, %v", rep, err)
	}
	posts := bo.seen()
	if len(posts) != 1 {
		t.Fatalf("%d POSTs, want 1", len(posts))
	}
	p := posts[0]
	want := map[string][]string{
		"service_code":                   {"PERMIT-1"},
		"jurisdiction_id":                {"tehran"},
		"lat":                            {"35.6892"},
		"long":                           {"51.389"},
		"device_id":                      {"IKA-T1-07"},
		"attribute[national_code]":       {nationalCode},
		"attribute[mobile]":              {"09123456789"},
		"attribute[extras][]":            {"garage", "lift"},
		"attribute[kiosk_submission_id]": {s.ID},
	}
	for k, v := range want {
		if !slices.Equal(p.form[k], v) {
			t.Errorf("form %s = %q, want %q", k, p.form[k], v)
		}
	}
	if p.key != s.ID {
		t.Errorf("Idempotency-Key = %q, want the submission ID %q", p.key, s.ID)
	}
	if d := p.form["description"]; len(d) != 1 || !strings.Contains(d[0], string(s.TrackingCode)) {
		t.Errorf("description %q does not carry the tracking code", d)
	}
	for k := range p.form {
		if strings.Contains(k, "note") {
			t.Errorf("a field without an Open311 attribute was sent as %s", k)
		}
	}
	bo.check()
	if files := grepDir(t, dir, nationalCode); len(files) > 0 {
		t.Errorf("national code readable after sync in %v", files)
	}
}

func TestTokensStatusesAndPurge(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	bo := newBackOffice(t)
	bo.answer = func(w http.ResponseWriter, id string) { fmt.Fprintf(w, `[{"token":"tok-%s"}]`, id) }
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey, Retention: 24 * time.Hour})
	sub := newSubmitter(t, clock, 0).next(nil)
	enqueue(t, o, sub)
	cfg := syncConfig(clock)
	cfg.TokenPoll, cfg.RefreshEvery = time.Minute, 10*time.Minute
	s := offline.NewSyncer(o, bo.client(t, time.Second), cfg)
	pass := func() offline.SyncReport {
		t.Helper()
		rep, err := s.Once(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}

	pass()
	e := mustGet(t, o, sub.TrackingCode)
	id := strings.TrimPrefix(e.Token, "tok-")
	if e.State != offline.StateSent || e.Token == "" || e.ServiceRequestID != "" {
		t.Fatalf("after POST: %+v, want sent with a token", e)
	}
	// The token is pending at first, then turns into a request ID.
	clock.Add(time.Minute)
	if rep := pass(); rep.Resolved != 0 {
		t.Fatalf("resolved a pending token: %+v", rep)
	}
	bo.mu.Lock()
	bo.tokens[e.Token] = id
	bo.statuses[id] = fmt.Sprintf(`[{"service_request_id":%q,"status":"open","status_notes":"Dear citizen %s, we are on it","agency_responsible":"Tehran municipality","updated_datetime":"2026-03-01T12:00:00+03:30"}]`, id, nationalCode)
	bo.mu.Unlock()
	clock.Add(2 * time.Minute)
	if rep := pass(); rep.Resolved != 1 {
		t.Fatalf("token not resolved: %+v", rep)
	}
	pass() // the status is read straight after the ID arrives
	st, err := o.Status(sub.TrackingCode)
	if err != nil || st.ServiceRequestID != id || st.Upstream == nil || st.Upstream.Status != "open" ||
		!strings.Contains(st.Upstream.Notes, "we are on it") || st.Upstream.AgencyResponsible != "Tehran municipality" {
		t.Fatalf("status = %+v (%+v), %v", st, st.Upstream, err)
	}
	if e := mustGet(t, o, sub.TrackingCode); e.Upstream == nil || e.Upstream.Notes != "" {
		t.Errorf("the technician's view carries the status notes: %+v", e.Upstream)
	}
	if files := grepDir(t, dir, "we are on it"); len(files) > 0 {
		t.Errorf("status notes readable in %v", files)
	}

	// Retention: the answers stay a day after the acknowledgement, then go.
	if a, err := o.Answers(sub.TrackingCode); err != nil || a["national_code"] != nationalCode {
		t.Fatalf("answers before retention ends: %v, %v", a, err)
	}
	sealed := func() (answers, notes int) {
		t.Helper()
		answers, notes, err := o.SealedBytes(sub.TrackingCode)
		if err != nil {
			t.Fatal(err)
		}
		return answers, notes
	}
	if a, n := sealed(); a == 0 || n == 0 {
		t.Fatalf("before retention ends: %d sealed answer bytes and %d sealed note bytes, want both held", a, n)
	}
	// The purge drops the notes with the answers, and later status reads
	// do not bring personal data back.
	bo.mu.Lock()
	bo.statuses[id] = fmt.Sprintf(`[{"service_request_id":%q,"status":"open","status_notes":"Dear citizen %s, still on it"}]`, id, nationalCode)
	bo.mu.Unlock()
	clock.Add(24 * time.Hour)
	if rep := pass(); rep.Purged != 1 || rep.Refreshed != 1 {
		t.Fatalf("after retention: %+v, want 1 purged and 1 refreshed", rep)
	}
	for range 2 {
		if a, n := sealed(); a != 0 || n != 0 {
			t.Errorf("after purge: %d sealed answer bytes and %d sealed note bytes remain", a, n)
		}
		if st, err := o.Status(sub.TrackingCode); err != nil || st.Upstream == nil || st.Upstream.Status != "open" || st.Upstream.Notes != "" {
			t.Errorf("status after purge = %+v (%+v), %v; want open without notes", st, st.Upstream, err)
		}
		clock.Add(10 * time.Minute)
		if rep := pass(); rep.Refreshed != 1 {
			t.Fatalf("status refresh after purge: %+v", rep)
		}
	}
	bo.mu.Lock()
	bo.statuses[id] = fmt.Sprintf(`[{"service_request_id":%q,"status":"closed","status_notes":"Done"}]`, id)
	bo.mu.Unlock()
	clock.Add(10 * time.Minute)
	if rep := pass(); rep.Closed != 1 {
		t.Fatalf("after closing: %+v, want 1 closed", rep)
	}
	if a, n := sealed(); a != 0 || n != 0 {
		t.Errorf("closed after purge: %d sealed answer bytes and %d sealed note bytes", a, n)
	}
	e = mustGet(t, o, sub.TrackingCode)
	if e.State != offline.StateClosed || e.PersonalData || e.PurgedAt.IsZero() || e.TrackingCode != sub.TrackingCode ||
		e.ServiceCode != sub.ServiceCode || e.ServiceRequestID != id || e.CreatedAt.IsZero() || e.AckedAt.IsZero() {
		t.Errorf("after purge: %+v, want closed, no personal data, code/service/times/IDs kept", e)
	}
	if _, err := o.Answers(sub.TrackingCode); err == nil {
		t.Error("answers still readable after purge")
	}
	checkOutbox(t, o)
}

func TestRetry(t *testing.T) {
	clock := newClock()
	bo := newBackOffice(t)
	bo.fault, bo.faults = status(400, "application/json", `[{"code":400,"description":"mobile is required"}]`), 2
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey, Retention: time.Hour})
	sub := newSubmitter(t, clock, 0)
	subs := []kiosk.Submission{sub.next(nil), sub.next(nil), sub.next(nil)}
	enqueue(t, o, subs...)
	s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
	if _, err := s.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	c, _ := o.Counts()
	if c[offline.StateDead] != 2 || c[offline.StateSent] != 1 {
		t.Fatalf("counts %v, want 2 dead and 1 sent", c)
	}
	var dead, sent []kiosk.TrackingCode
	for _, e := range entries(t, o, offline.ListOptions{}) {
		if e.State == offline.StateDead {
			dead = append(dead, e.TrackingCode)
		} else {
			sent = append(sent, e.TrackingCode)
		}
	}
	tests := []struct {
		name    string
		code    kiosk.TrackingCode
		wantErr error
		want    offline.State
	}{
		{"a dead letter is queued again", dead[0], nil, offline.StateQueued},
		{"an acknowledged one is never resent", sent[0], offline.ErrAcknowledged, offline.StateSent},
		{"an unknown code", "0000700000000019", offline.ErrNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := o.Retry(tt.code)
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !strings.Contains(err.Error(), tt.wantErr.Error())) {
				t.Fatalf("Retry = %v, want %v", err, tt.wantErr)
			}
			if tt.want != "" {
				if e := mustGet(t, o, tt.code); e.State != tt.want || (tt.want == offline.StateQueued && !e.NextAttemptAt.Equal(clock.Now())) {
					t.Errorf("after Retry: %s due %v", e.State, e.NextAttemptAt)
				}
			}
		})
	}
	n, err := o.RetryDead()
	if err != nil || n != 1 {
		t.Fatalf("RetryDead = %d, %v; want the 1 left", n, err)
	}
	drain(t, s, o, clock)
	if c, _ := o.Counts(); c[offline.StateSent] != 3 {
		t.Errorf("after retries: %v, want all 3 sent", c)
	}
	checkOutbox(t, o)
}

func TestSyncNowIgnoresBackoff(t *testing.T) {
	clock := newClock()
	bo := newBackOffice(t)
	bo.fault, bo.faults = status(500, "text/plain", "down"), 1
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	sub := newSubmitter(t, clock, 0).next(nil)
	enqueue(t, o, sub)
	s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
	if rep, _ := s.Once(context.Background()); rep.Retried != 1 {
		t.Fatalf("first pass %+v, want 1 retried", rep)
	}
	if rep, _ := s.Once(context.Background()); rep.Sent != 0 {
		t.Fatalf("a plain pass ignored the backoff: %+v", rep)
	}
	rep, err := s.SyncNow(context.Background())
	if err != nil || rep.Sent != 1 || !rep.Health.Online {
		t.Fatalf("SyncNow = %+v, %v; want it sent at once", rep, err)
	}
}

func TestAgainstTheReferenceServer(t *testing.T) {
	clock := newClock()
	ref, err := devserver.New(testCatalogue(), t.TempDir(), devserver.Options{
		APIKey: "ref-key", Tokens: true, TokenDelay: time.Minute, CloseAfter: time.Hour, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	srv := httptest.NewServer(ref)
	defer srv.Close()
	client, err := open311.New(config.BackOffice{URL: srv.URL, APIKey: "ref-key"})
	if err != nil {
		t.Fatal(err)
	}
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey, Retention: time.Hour})
	sub := newSubmitter(t, clock, 0)
	var subs []kiosk.Submission
	for range 20 {
		s := sub.next(nil)
		subs = append(subs, s)
		enqueue(t, o, s)
	}
	cfg := syncConfig(clock)
	cfg.TokenPoll = time.Minute
	s := offline.NewSyncer(o, client, cfg)
	pass := func() offline.SyncReport {
		t.Helper()
		rep, err := s.Once(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := pass(); rep.Sent != 20 {
		t.Fatalf("first pass %+v, want 20 sent", rep)
	}
	clock.Add(2 * time.Minute)
	if rep := pass(); rep.Resolved != 20 {
		t.Fatalf("after the token delay: %+v, want 20 tokens resolved", rep)
	}
	pass()
	clock.Add(2 * time.Hour)
	if rep := pass(); rep.Closed != 20 || rep.Purged != 20 {
		t.Fatalf("two hours later: %+v, want all closed and purged", rep)
	}
	for _, sub := range subs {
		posts, id := ref.PostsFor(sub.ID)
		st, err := o.Status(sub.TrackingCode)
		if err != nil || posts != 1 || st.ServiceRequestID != id || st.State != offline.StateClosed {
			t.Errorf("%s: %d POSTs, reference ID %q; kiosk says %+v, %v", sub.TrackingCode, posts, id, st, err)
		}
	}
	checkOutbox(t, o)
}

// fakeUpstream is an Upstream whose answers the test sets.
type fakeUpstream struct {
	PostRequestFunc       func(open311.Request) (open311.PostResult, error)
	RequestIDForTokenFunc func(token string) (string, error)
	RequestFunc           func(id string) (open311.ServiceRequest, error)
	SearchFunc            func(q open311.Query) ([]open311.ServiceRequest, error)
}

func (f *fakeUpstream) PostRequest(_ context.Context, r open311.Request) (open311.PostResult, error) {
	return f.PostRequestFunc(r)
}

func (f *fakeUpstream) RequestIDForToken(_ context.Context, token string) (string, error) {
	return f.RequestIDForTokenFunc(token)
}

func (f *fakeUpstream) Request(_ context.Context, id string) (open311.ServiceRequest, error) {
	return f.RequestFunc(id)
}

func (f *fakeUpstream) Search(_ context.Context, q open311.Query) ([]open311.ServiceRequest, error) {
	return f.SearchFunc(q)
}

func TestWorkerSurvivesAPanic(t *testing.T) {
	clock := newClock()
	o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
	sub := newSubmitter(t, clock, 0).next(nil)
	enqueue(t, o, sub)
	calls := 0
	up := &fakeUpstream{
		PostRequestFunc: func(open311.Request) (open311.PostResult, error) {
			calls++
			if calls == 1 {
				panic("decoder bug on a hostile answer")
			}
			return open311.PostResult{ServiceRequestID: "42"}, nil
		},
		RequestFunc: func(string) (open311.ServiceRequest, error) { panic("status decoder bug") },
		// The back office holds nothing: the panicked POST is sent again.
		SearchFunc: func(open311.Query) ([]open311.ServiceRequest, error) { return nil, nil },
	}
	s := offline.NewSyncer(o, up, syncConfig(clock))
	rep, err := s.Once(context.Background())
	if err != nil || rep.Retried != 1 {
		t.Fatalf("pass with a panicking answer = %+v, %v; want it retried", rep, err)
	}
	if e := mustGet(t, o, sub.TrackingCode); e.State != offline.StateQueued || e.LastError == "" {
		t.Fatalf("after the panic: %+v", e)
	}
	drain(t, s, o, clock)
	clock.Add(time.Hour) // the status refresh panics too: recorded, not fatal
	if _, err := s.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, o, sub.TrackingCode); e.State != offline.StateSent || e.ServiceRequestID != "42" || e.LastError == "" {
		t.Errorf("after a panicking status read: %+v", e)
	}
}

func TestBackoff(t *testing.T) {
	const base, ceiling = 30 * time.Second, time.Hour
	t.Run("grows exponentially up to the cap", func(t *testing.T) {
		var window time.Duration
		cfg := syncConfig(newClock())
		cfg.Jitter = func(d time.Duration) time.Duration { window = d; return d / 2 }
		s := offline.NewSyncer(nil, nil, cfg)
		tests := []struct {
			attempts int
			want     time.Duration
		}{
			{0, base}, {1, base}, {2, 2 * base}, {3, 4 * base}, {4, 8 * base},
			{7, 64 * base}, {8, ceiling}, {9, ceiling}, {1000, ceiling}, {1 << 30, ceiling},
		}
		for _, tt := range tests {
			got := s.Backoff(tt.attempts, base, ceiling)
			if window != tt.want || got != tt.want/2 {
				t.Errorf("attempt %d: jitter window %v and backoff %v, want window %v", tt.attempts, window, got, tt.want)
			}
		}
	})
	t.Run("full jitter covers the whole window", func(t *testing.T) {
		cfg := syncConfig(newClock())
		cfg.Jitter = nil // the syncer's own random source
		s := offline.NewSyncer(nil, nil, cfg)
		const draws, window = 20000, 4 * base // the third attempt
		var buckets [10]int
		var sum time.Duration
		lo, hi := window, time.Duration(0)
		for range draws {
			d := s.Backoff(3, base, ceiling)
			if d < 0 || d >= window {
				t.Fatalf("backoff %v outside [0, %v)", d, window)
			}
			buckets[d*10/window]++
			sum += d
			lo, hi = min(lo, d), max(hi, d)
		}
		if lo > window/100 || hi < window*99/100 {
			t.Errorf("draws span [%v, %v], want nearly all of [0, %v)", lo, hi, window)
		}
		if mean := sum / draws; mean < window*45/100 || mean > window*55/100 {
			t.Errorf("mean backoff %v, want about %v", mean, window/2)
		}
		for i, n := range buckets {
			if n < draws/10*8/10 {
				t.Errorf("tenth %d of the window drawn %d times of %d: not uniform (%v)", i, n, draws, buckets)
			}
		}
	})
	t.Run("a misbehaving source stays in the window", func(t *testing.T) {
		for _, jitter := range []time.Duration{-time.Hour, 3 * time.Hour} {
			cfg := syncConfig(newClock())
			cfg.Jitter = func(time.Duration) time.Duration { return jitter }
			if got := offline.NewSyncer(nil, nil, cfg).Backoff(2, base, ceiling); got < 0 || got > 2*base {
				t.Errorf("jitter %v gave a backoff of %v, outside [0, %v]", jitter, got, 2*base)
			}
		}
	})
}

// TestPauseAfterFailure draws the shortest jitter there is: the pause
// after a failure still lasts its floor, so the worker never hammers a
// failing back office, and a longer Retry-After wins.
func TestPauseAfterFailure(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want time.Duration
	}{
		{"500", &open311.Error{Op: "post request", StatusCode: 500}, time.Second},
		{"403 bad api_key", &open311.Error{Op: "post request", StatusCode: 403}, time.Second},
		{"404 from something that is not Open311", &open311.Error{Op: "post request", StatusCode: 404}, time.Second},
		{"503 with Retry-After", &open311.Error{Op: "post request", StatusCode: 503, RetryAfter: 90 * time.Second}, 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			o := openOutbox(t, t.TempDir(), clock, offline.Options{Key: testKey})
			enqueue(t, o, newSubmitter(t, clock, 0).next(nil))
			<-o.Enqueued()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var posts atomic.Int32
			up := &fakeUpstream{PostRequestFunc: func(open311.Request) (open311.PostResult, error) {
				if posts.Add(1) > 20 {
					cancel() // a hot loop: stop it, and fail below
				}
				return open311.PostResult{}, tt.err
			}}
			cfg := syncConfig(clock)
			cfg.Jitter = func(time.Duration) time.Duration { return 0 }
			var waits []time.Duration
			cfg.After = func(d time.Duration) <-chan time.Time {
				waits = append(waits, d)
				cancel() // one wait is all this test needs
				return make(chan time.Time)
			}
			s := offline.NewSyncer(o, up, cfg)
			if err := s.Run(ctx); err != nil {
				t.Fatal(err)
			}
			if n := posts.Load(); n != 1 {
				t.Errorf("%d POSTs before the first wait, want 1", n)
			}
			// Run wakes at least every minute; a paused pass sends nothing.
			if want := min(tt.want, time.Minute); len(waits) != 1 || waits[0] < want {
				t.Errorf("Run waited %v, want one wait of at least %v", waits, want)
			}
			if h := s.Health(); h.PausedUntil.Sub(clock.Now()) < tt.want {
				t.Errorf("paused until %v, want at least %v after the failure", h.PausedUntil, tt.want)
			}
		})
	}
}
