package control_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

// socketHTTP is a plain HTTP client of the control socket in dir, as curl
// --unix-socket is.
func socketHTTP(dir string) *http.Client {
	path := filepath.Join(dir, control.SocketFile)
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
		DisableKeepAlives: true,
	}}
}

// answer is a response of the control API, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func ask(t *testing.T, c *http.Client, method, path, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, "http://pishkhan"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// errorCode is the code of an error answer's JSON body; it fails the test
// if the body is not one.
func errorCode(t *testing.T, a answer) string {
	t.Helper()
	var body struct {
		Error string `json:"error"`
		Code  string `json:"code"`
	}
	if err := json.Unmarshal(a.body, &body); err != nil || body.Error == "" {
		t.Fatalf("error answer %d %q is not {\"error\": ..., \"code\": ...}: %v", a.status, a.body, err)
	}
	return body.Code
}

func entries(t *testing.T, a answer) []control.Entry {
	t.Helper()
	var es []control.Entry
	if err := json.Unmarshal(a.body, &es); err != nil {
		t.Fatalf("listing %q: %v", a.body, err)
	}
	return es
}

func TestEndpoints(t *testing.T) {
	k := newKiosk(t, true)
	ctx := context.Background()
	permit := func(id string) string {
		b, _ := json.Marshal(control.SubmitRequest{ID: id, Service: "permit",
			Values: map[string]string{"national_code": nationalCode, "kind": "new"}})
		return string(b)
	}
	// sent has been acknowledged by the back office; queued waits.
	res, err := k.local.Submit(ctx, control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": nationalCode, "kind": "new"}})
	if err != nil {
		t.Fatal(err)
	}
	sent := res.Receipt.TrackingCode
	if _, err := k.local.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	<-k.posts
	if res, err = k.local.Submit(ctx, control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": nationalCode, "kind": "renew", "old_number": "7"}}); err != nil {
		t.Fatal(err)
	}
	queued := res.Receipt.TrackingCode
	id, err := kiosk.NewSubmissionID()
	if err != nil {
		t.Fatal(err)
	}

	// The cases run in order: the later ones see what the earlier did.
	tests := []struct {
		name         string
		method, path string
		body         string
		wantStatus   int
		wantCode     string // of an error answer
		check        func(t *testing.T, a answer)
	}{
		{"status", "GET", "/v1/status", "", 200, "", func(t *testing.T, a answer) {
			var st struct{ Counts offline.Counts }
			if err := json.Unmarshal(a.body, &st); err != nil || st.Counts[offline.StateQueued] != 1 || st.Counts[offline.StateSent] != 1 {
				t.Errorf("status %s, %v; want 1 queued, 1 sent", a.body, err)
			}
		}},
		{"whole queue", "GET", "/v1/queue", "", 200, "", func(t *testing.T, a answer) {
			if es := entries(t, a); len(es) != 2 || es[0].TrackingCode != sent || es[1].TrackingCode != queued || es[1].Answers != nil {
				t.Errorf("queue %+v; want the sent then the queued submission, without answers", es)
			}
		}},
		{"queue by state", "GET", "/v1/queue?state=sent", "", 200, "", func(t *testing.T, a answer) {
			if es := entries(t, a); len(es) != 1 || es[0].TrackingCode != sent {
				t.Errorf("sent submissions %+v", es)
			}
		}},
		{"newest first, limited", "GET", "/v1/queue?limit=1&newest", "", 200, "", func(t *testing.T, a answer) {
			if es := entries(t, a); len(es) != 1 || es[0].TrackingCode != queued {
				t.Errorf("newest submission %+v", es)
			}
		}},
		{"queue with personal data", "GET", "/v1/queue?state=queued&personal=true", "", 200, "", func(t *testing.T, a answer) {
			if es := entries(t, a); len(es) != 1 || es[0].Answers["old_number"] != "7" {
				t.Errorf("queued submissions with answers %+v", es)
			}
		}},
		{"empty listing", "GET", "/v1/queue?state=dead", "", 200, "", func(t *testing.T, a answer) {
			if es := entries(t, a); len(es) != 0 {
				t.Errorf("dead letters %+v", es)
			}
		}},
		{"unknown state", "GET", "/v1/queue?state=lost", "", 400, "bad_request", nil},
		{"negative limit", "GET", "/v1/queue?limit=-1", "", 400, "bad_request", nil},
		{"personal neither true nor false", "GET", "/v1/queue?personal=maybe", "", 400, "bad_request", nil},
		{"one submission", "GET", "/v1/queue/" + string(queued), "", 200, "", func(t *testing.T, a answer) {
			var e control.Entry
			if err := json.Unmarshal(a.body, &e); err != nil || e.TrackingCode != queued || e.State != offline.StateQueued || e.Answers != nil {
				t.Errorf("submission %s, %v", a.body, err)
			}
		}},
		{"one submission as printed, with personal data", "GET", "/v1/queue/" + queued.String() + "?personal", "", 200, "", func(t *testing.T, a answer) {
			var e control.Entry
			if err := json.Unmarshal(a.body, &e); err != nil || e.TrackingCode != queued || e.Answers["national_code"] != nationalCode {
				t.Errorf("submission %s, %v", a.body, err)
			}
		}},
		{"unknown submission", "GET", "/v1/queue/" + string(unknownCode(t)), "", 404, "not_found", nil},
		{"not a tracking code", "GET", "/v1/queue/12", "", 400, "tracking_code", nil},
		{"retry a queued submission", "POST", "/v1/queue/" + string(queued) + "/retry", "", 204, "", nil},
		{"retry a sent submission", "POST", "/v1/queue/" + string(sent) + "/retry", "", 409, "acknowledged", nil},
		{"retry an unknown submission", "POST", "/v1/queue/" + string(unknownCode(t)) + "/retry", "", 404, "not_found", nil},
		{"retry the dead letters", "POST", "/v1/queue/retry-dead", "", 200, "", func(t *testing.T, a answer) {
			if string(a.body) != `{"retried":0}`+"\n" {
				t.Errorf("retry-dead answered %s", a.body)
			}
		}},
		{"sync", "POST", "/v1/sync", "", 200, "", func(t *testing.T, a answer) {
			var rep offline.SyncReport
			if err := json.Unmarshal(a.body, &rep); err != nil || rep.Sent != 1 {
				t.Errorf("sync report %s, %v", a.body, err)
			}
		}},
		{"submission", "POST", "/v1/submissions", permit(id), 201, "", func(t *testing.T, a answer) {
			var res control.SubmitResult
			if err := json.Unmarshal(a.body, &res); err != nil || res.AlreadyStored || !res.Printed {
				t.Fatalf("submission %s, %v", a.body, err)
			}
			if loc := a.header.Get("Location"); loc != "/v1/queue/"+string(res.Receipt.TrackingCode) {
				t.Errorf("Location %q", loc)
			}
		}},
		{"the same submission again", "POST", "/v1/submissions", permit(id), 200, "", func(t *testing.T, a answer) {
			var res control.SubmitResult
			if err := json.Unmarshal(a.body, &res); err != nil || !res.AlreadyStored || res.Printed {
				t.Errorf("submission asked again %s, %v", a.body, err)
			}
		}},
		{"the same ID for another service", "POST", "/v1/submissions",
			`{"id":"` + id + `","service":"plate","values":{}}`, 400, "invalid", nil},
		{"answers the form refuses", "POST", "/v1/submissions", `{"service":"permit","values":{"kind":"new"}}`, 400, "invalid", nil},
		{"not JSON", "POST", "/v1/submissions", `{"service":`, 400, "bad_request", nil},
		{"unknown member", "POST", "/v1/submissions", `{"service":"permit","answers":{}}`, 400, "bad_request", nil},
		{"too large", "POST", "/v1/submissions", `{"service":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "too_large", nil},
		{"wrong method", "GET", "/v1/submissions", "", 405, "", nil},
		{"unknown resource", "GET", "/v1/nothing", "", 404, "", nil},
	}
	c := socketHTTP(k.dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ask(t, c, tt.method, tt.path, tt.body)
			if a.status != tt.wantStatus {
				t.Fatalf("%s %s = %d %s; want %d", tt.method, tt.path, a.status, a.body, tt.wantStatus)
			}
			if tt.wantCode != "" {
				if code := errorCode(t, a); code != tt.wantCode {
					t.Errorf("error code %q, want %q", code, tt.wantCode)
				}
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
	if c, _ := k.outbox.Counts(); c.Total() != 3 {
		t.Errorf("%d submissions stored; want 3, the one asked twice stored once", c.Total())
	}
}

func TestEndpointsOfAKioskWithoutBackOfficeOrSubmitter(t *testing.T) {
	k := newKiosk(t, false)
	serveQueue(t, k.dir, &control.Local{Outbox: k.outbox})
	tests := []struct {
		name, path string
		body       string
		wantCode   string
	}{
		{"sync", "/v1/sync", "", "no_back_office"},
		{"submission", "/v1/submissions", `{"service":"permit","values":{}}`, "no_submit"},
	}
	c := socketHTTP(k.dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ask(t, c, "POST", tt.path, tt.body)
			if a.status != http.StatusServiceUnavailable || errorCode(t, a) != tt.wantCode {
				t.Errorf("POST %s = %d %s; want 503 %s", tt.path, a.status, a.body, tt.wantCode)
			}
		})
	}
}
