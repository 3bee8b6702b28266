package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
)

func TestSubmitMakesAVerifiableReceipt(t *testing.T) {
	dir := kioskDir(t, "")
	out := mustRun(t, "submit", "-data", dir, "--service", "permit", "--lang", "en",
		"--set", "national_code="+nationalCode, "--set", "mobile=09121234567")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	code, err := kiosk.ParseTrackingCode(lines[0])
	if err != nil {
		t.Fatalf("first line %q is not a tracking code", lines[0])
	}
	if strings.Contains(out, nationalCode) {
		t.Errorf("submit printed personal data:\n%s", out)
	}
	// The receipt went to the spool folder (no printer configured).
	pdf := filepath.Join(dir, "spool", string(code)+".pdf")
	if _, err := os.Stat(pdf); err != nil || !strings.Contains(out, "receipt printed") {
		t.Errorf("receipt %s: %v\n%s", pdf, err, out)
	}
	// Its QR string is signed with the device key.
	var qr string
	for _, l := range lines {
		if s, ok := strings.CutPrefix(l, "receipt QR: "); ok {
			qr = s
		}
	}
	key, err := offline.LoadKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := kiosk.VerifyReceipt(key, qr)
	if err != nil || claims.TrackingCode != code || claims.ServiceCode != "permit" || claims.KioskID != "TEST-01" {
		t.Errorf("receipt QR %q: %+v, %v", qr, claims, err)
	}
	// The submission waits in the outbox, answers sealed.
	if show := mustRun(t, "queue", "show", string(code), "-data", dir); !strings.Contains(show, "queued") || !strings.Contains(show, "language       en") {
		t.Errorf("queue show:\n%s", show)
	}
}

func TestSubmitOnATVPrintsNothing(t *testing.T) {
	dir := kioskDir(t, "")
	f, err := os.OpenFile(filepath.Join(dir, "config.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("mode: tv\n")
	f.Close()
	out := mustRun(t, "submit", "-data", dir, "--service", "permit", "--set", "national_code="+nationalCode, "--set", "mobile=09121234567")
	if !strings.Contains(out, "no printer on this kiosk") {
		t.Errorf("submit on a TV:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "spool")); err == nil {
		t.Error("a TV got a spool folder")
	}
}

// tree lists the files under dir, relative to it; nil when dir is absent.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		names = append(names, rel)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestCommandsRefuseADirectoryNoDeviceWasProvisionedWith(t *testing.T) {
	// Each kind of mistyped -data: a path that is not there, an existing
	// folder of something else, and the data directory of a kiosk that
	// ran unprovisioned on defaults (an outbox, no configuration).
	dirs := map[string]func(t *testing.T) string{
		"missing": func(t *testing.T) string { return filepath.Join(t.TempDir(), "vra") },
		"empty":   func(t *testing.T) string { return t.TempDir() },
		"unprovisioned": func(t *testing.T) string {
			dir := t.TempDir()
			o, err := offline.Open(dir, offline.Options{})
			if err != nil {
				t.Fatal(err)
			}
			o.Close()
			return dir
		},
	}
	answers := []string{"--service", "permit", "--set", "national_code=" + nationalCode, "--set", "mobile=09121234567"}
	tests := []struct {
		name string
		dir  string
		args []string
		// wantErr is in the message, else the command succeeds; either
		// way it writes nothing in the directory.
		wantErr []string
	}{
		{"submit into a missing directory", "missing", append([]string{"submit"}, answers...),
			[]string{"vra is not a provisioned kiosk's data directory", "config.yaml", "Check -data", "kioskctl provision -data", "--init"}},
		{"submit into an empty directory", "empty", append([]string{"submit"}, answers...),
			[]string{"is not a provisioned kiosk's data directory", "kioskctl provision -data", "--init"}},
		{"submit into an unprovisioned kiosk's directory", "unprovisioned", append([]string{"submit"}, answers...),
			[]string{"is not a provisioned kiosk's data directory", "--init"}},
		{"sync into an empty directory", "empty", []string{"sync", "--once"},
			[]string{"is not a provisioned kiosk's data directory", "kioskctl provision -data"}},
		{"sync into an unprovisioned kiosk's directory", "unprovisioned", []string{"sync", "--once"},
			[]string{"is not a provisioned kiosk's data directory"}},
		{"retry in an empty directory", "empty", []string{"queue", "retry", "--failed"}, []string{"no outbox in"}},
		{"catalogue import into a missing directory", "missing", []string{"catalogue", "import", "http://127.0.0.1:1/open311/v2"},
			[]string{"no data directory", "check -data"}},
		{"ls of an empty directory", "empty", []string{"queue", "ls"}, []string{"no outbox in"}},
		{"ls of a missing directory", "missing", []string{"queue", "ls"}, []string{"no outbox in"}},
		{"ls of an unprovisioned kiosk's directory", "unprovisioned", []string{"queue", "ls"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := dirs[tc.dir](t)
			before := tree(t, dir)
			code, _, errb := kioskctl(t, append(tc.args, "-data", dir)...)
			switch {
			case tc.wantErr == nil && code != 0:
				t.Errorf("exit %d: %s", code, errb)
			case tc.wantErr != nil && code != 1:
				t.Errorf("exit %d, want 1: %s", code, errb)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(errb, w) {
					t.Errorf("message %q does not say %q", errb, w)
				}
			}
			if after := tree(t, dir); !slices.Equal(before, after) {
				t.Errorf("the directory held %v, and %v after", before, after)
			}
		})
	}
}

func TestSubmitInitMakesADeviceWhereAskedTo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	out := mustRun(t, "submit", "--init", "-data", dir, "--service", "library", "--set", "national_code="+nationalCode,
		"--set", "mobile=09121234567", "--set", "kind=return", "--set", "library_name=Parvin Etesami", "--set", "book_title=Shahnameh")
	if _, err := kiosk.ParseTrackingCode(strings.SplitN(out, "\n", 2)[0]); err != nil {
		t.Fatalf("submit --init printed %q", out)
	}
	for _, f := range []string{offline.KeyFile, offline.DBFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("submit --init: %v", err)
		}
	}
}

// cuttingProxy stands in front of a kiosk's control socket and, for the
// first cuts submissions, lets the kiosk store the submission and then
// hangs up before its answer, as a broken connection does.
type cuttingProxy struct {
	upstream string
	mu       sync.Mutex
	cuts     int
}

func (p *cuttingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", p.upstream)
		},
		DisableKeepAlives: true,
	}
	p.mu.Lock()
	cut := p.cuts > 0 && r.Method == http.MethodPost && r.URL.Path == "/v1/submissions"
	if cut {
		p.cuts--
	}
	p.mu.Unlock()
	toKiosk := func(pr *httputil.ProxyRequest) { pr.SetURL(&url.URL{Scheme: "http", Host: "pishkhan"}) }
	if !cut {
		(&httputil.ReverseProxy{Rewrite: toKiosk, Transport: tr}).ServeHTTP(w, r)
		return
	}
	pr := &httputil.ProxyRequest{In: r, Out: r.Clone(r.Context())}
	pr.Out.RequestURI = ""
	toKiosk(pr)
	if resp, err := tr.RoundTrip(pr.Out); err == nil {
		// The kiosk has stored it once it answers; the answer is lost.
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestSubmitAskedAgainIsNeverStoredTwice(t *testing.T) {
	defer func(w time.Duration) { submitRetryWait = w }(submitRetryWait)
	submitRetryWait = 10 * time.Millisecond
	answers := []string{"--service", "permit", "--set", "national_code=" + nationalCode, "--set", "mobile=09121234567"}
	idRE := regexp.MustCompile(`--id ([0-9a-f-]{36})`)
	fixedID, err := kiosk.NewSubmissionID()
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		args     []string
		wantCode int
		want     []string
	}
	tests := []struct {
		name string
		// cuts is how many answers to a submission are lost.
		cuts int
		runs []run
	}{
		{"answer lost once: asked again by itself", 1, []run{
			{answers, 0, []string{"already stored in the outbox, not stored again", "receipt not printed again"}},
		}},
		{"answer lost every time: says so, and the same ID finds it", submitTries, []run{
			{answers, 3, []string{"may or may not have been stored", "kioskctl submit again with --id ", "it will not be stored twice"}},
			{append([]string{"--id", "FROM-THE-MESSAGE"}, answers...), 0, []string{"already stored in the outbox, not stored again"}},
		}},
		{"the same --id twice", 0, []run{
			{append([]string{"--id", fixedID}, answers...), 0, []string{"stored in the outbox: permit", "submission " + fixedID, "receipt printed"}},
			{append([]string{"--id", strings.ToUpper(fixedID)}, answers...), 0, []string{"already stored in the outbox, not stored again", "submission " + fixedID}},
		}},
		{"the same --id for another service", 0, []run{
			{append([]string{"--id", fixedID}, answers...), 0, []string{"stored in the outbox: permit"}},
			{[]string{"--id", fixedID, "--service", "library", "--set", "national_code=" + nationalCode}, 1,
				[]string{"submission " + fixedID + " is already stored for service permit", "not library"}},
		}},
		{"an --id that is not a UUIDv7", 0, []run{
			{append([]string{"--id", "9b2f3c1e-8a4d-4e6f-9a0b-1c2d3e4f5a6b"}, answers...), 2, []string{"not a UUIDv7"}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := kioskDir(t, "")
			kioskSide, err := os.MkdirTemp("", "kctl")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(kioskSide) }) // after the kiosk stops
			o, p := runKiosk(t, dir, kioskSide)
			ln, err := net.Listen("unix", filepath.Join(dir, control.SocketFile))
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			proxy := &cuttingProxy{upstream: filepath.Join(kioskSide, control.SocketFile), cuts: tc.cuts}
			go http.Serve(ln, proxy)

			var seenID string
			var codes []string
			for i, r := range tc.runs {
				args := slices.Clone(r.args)
				for j, a := range args {
					if a == "FROM-THE-MESSAGE" {
						args[j] = seenID
					}
				}
				code, out, errb := kioskctl(t, append([]string{"submit", "-data", dir}, args...)...)
				if code != r.wantCode {
					t.Fatalf("run %d: exit %d, want %d\n%s%s", i, code, r.wantCode, out, errb)
				}
				for _, w := range r.want {
					if !strings.Contains(out+errb, w) {
						t.Errorf("run %d does not say %q:\n%s%s", i, w, out, errb)
					}
				}
				if m := idRE.FindStringSubmatch(errb); m != nil {
					seenID = m[1]
				}
				if code == 0 {
					codes = append(codes, strings.SplitN(out, "\n", 2)[0])
				}
			}
			var stored []offline.Entry
			if err := o.List(offline.ListOptions{}, func(e offline.Entry) error { stored = append(stored, e); return nil }); err != nil {
				t.Fatal(err)
			}
			if tc.runs[0].wantCode == 2 {
				if len(stored) != 0 {
					t.Errorf("a refused --id stored %d submissions", len(stored))
				}
				return
			}
			if len(stored) != 1 {
				t.Fatalf("%d submissions stored, want exactly one", len(stored))
			}
			for _, c := range codes {
				if c != stored[0].TrackingCode.String() {
					t.Errorf("kioskctl said tracking code %s; the one stored is %s", c, stored[0].TrackingCode)
				}
			}
			if len(p.printed) != 1 {
				t.Errorf("%d receipts printed, want one", len(p.printed))
			}
		})
	}
}
