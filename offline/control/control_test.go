package control_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
	"github.com/pishkhan/pishkhan/offline/open311"
)

const nationalCode = "0499370899"

// fakePrinter is a kiosk.Printer whose behaviour the test sets.
type fakePrinter struct {
	StatusFunc func() kiosk.PrinterStatus
	PrintFunc  func(r kiosk.Receipt) error
	printed    []kiosk.Receipt
	kept       []kiosk.Receipt
}

// Keep keeps a receipt the printer cannot take (kiosk.ReceiptKeeper).
func (p *fakePrinter) Keep(_ context.Context, r kiosk.Receipt) error {
	p.kept = append(p.kept, r)
	return nil
}

func (p *fakePrinter) Status(context.Context) kiosk.PrinterStatus {
	if p.StatusFunc == nil {
		return kiosk.PrinterStatus{State: kiosk.PrinterReady}
	}
	return p.StatusFunc()
}

func (p *fakePrinter) Print(_ context.Context, r kiosk.Receipt) error {
	if p.PrintFunc != nil {
		if err := p.PrintFunc(r); err != nil {
			return err
		}
	}
	p.printed = append(p.printed, r)
	return nil
}

func catalogue() *kiosk.Catalogue {
	t := func(s string) kiosk.Text { return kiosk.Text{kiosk.Persian: s, kiosk.English: s} }
	return &kiosk.Catalogue{Version: "c-1", Services: []kiosk.Service{{
		Code: "permit", Name: t("Permit"),
		Steps: []kiosk.Step{
			{ID: "who", Title: t("Who"), Fields: []kiosk.Field{
				{ID: "national_code", Type: kiosk.FieldNationalCode, Label: t("National code"), Required: true, Attribute: "national_code"},
				{ID: "kind", Type: kiosk.FieldChoice, Label: t("Kind"), Required: true, Attribute: "kind",
					Choices: []kiosk.Choice{{Value: "new", Label: t("New")}, {Value: "renew", Label: t("Renew")}}},
			}},
			{ID: "old", Title: t("Old permit"), When: &kiosk.Condition{Field: "kind", Equals: "renew"}, Fields: []kiosk.Field{
				{ID: "old_number", Type: kiosk.FieldNumber, Label: t("Old permit number"), Required: true, Attribute: "old_number"},
			}},
		},
		Open311: kiosk.Open311Mapping{ServiceCode: "PERMIT"},
	}, {
		Code: "plate", Name: t("Plate"), Agency: kiosk.Text{kiosk.Persian: "پلیس راهور", kiosk.English: "Traffic Police"},
		Steps: []kiosk.Step{
			{ID: "plate", Title: t("Plate"), Fields: []kiosk.Field{
				{ID: "national_code", Type: kiosk.FieldNationalCode, Label: t("National code"), Required: true, Attribute: "national_code"},
				{ID: kiosk.PlateTypeField, Type: kiosk.FieldChoice, Label: t("Plate type"), Required: true, Attribute: "plate_type",
					Choices: []kiosk.Choice{{Value: "private", Label: t("Private")}, {Value: "taxi", Label: t("Taxi")}}},
				{ID: "plate", Type: kiosk.FieldPlate, Label: t("Plate"), Required: true, Attribute: "plate"},
			}},
		},
		Open311: kiosk.Open311Mapping{ServiceCode: "PLATE"},
	}, {
		Code: "incident", Name: t("Incident"),
		Steps: []kiosk.Step{
			{ID: "when", Title: t("When"), Fields: []kiosk.Field{
				{ID: "day", Type: kiosk.FieldDate, Label: t("Day"), Required: true, Attribute: "day", MaxDate: "today"},
			}},
		},
	}, {
		Code: "birth", Name: t("Birth certificate"),
		Steps: []kiosk.Step{
			{ID: "parents", Title: t("Parents"), Fields: []kiosk.Field{
				{ID: "father_national_code", Type: kiosk.FieldNationalCode, Label: t("Father's national code"), Required: true, Attribute: "father"},
				{ID: "mother_national_code", Type: kiosk.FieldNationalCode, Label: t("Mother's national code"), Required: true, Attribute: "mother",
					DistinctFrom: "father_national_code"},
			}},
		},
		Open311: kiosk.Open311Mapping{ServiceCode: "BIRTH"},
	}}}
}

// kiosk is a running kiosk for the tests: outbox, syncer against a
// loopback back office, submitter with a fake printer, and the control
// socket.
type testKiosk struct {
	dir     string
	outbox  *offline.Outbox
	printer *fakePrinter
	posts   chan string
	local   *control.Local
}

func newKiosk(t *testing.T, serve bool) *testKiosk {
	t.Helper()
	// Unix socket paths are short: keep the data dir near the root.
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	clock := kiosktest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	o, err := offline.Open(dir, offline.Options{Clock: clock, Retention: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	k := &testKiosk{dir: dir, outbox: o, printer: &fakePrinter{}, posts: make(chan string, 100)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		k.posts <- r.Header.Get("Idempotency-Key")
		fmt.Fprint(w, `[{"service_request_id":"77"}]`)
	}))
	t.Cleanup(srv.Close)
	client, err := open311.New(config.BackOffice{URL: srv.URL, APIKey: "k-123"})
	if err != nil {
		t.Fatal(err)
	}
	issuer, _ := kiosk.NewIssuer(42, clock, o.LastSerial())
	k.local = &control.Local{
		Outbox: o,
		Syncer: offline.NewSyncer(o, client, offline.SyncConfig{Catalogue: catalogue(), Clock: clock}),
		Submitter: &control.Submitter{Catalogue: catalogue(), Stored: o, Filer: &filing.Filer{Outbox: o, Issuer: issuer, Printer: k.printer,
			Clock: clock, KioskID: "K-42", Sign: func(r kiosk.Receipt) string { return "signed:" + string(r.TrackingCode) }}},
	}
	if serve {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- control.Serve(ctx, dir, k.local) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
			if _, err := os.Lstat(filepath.Join(dir, control.SocketFile)); err == nil {
				t.Error("the socket outlived Serve")
			}
		})
		waitForSocket(t, dir)
	}
	return k
}

func waitForSocket(t *testing.T, dir string) {
	t.Helper()
	for range 200 {
		if _, err := control.Dial(context.Background(), dir); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("control socket never answered")
}

// unknownCode is a valid tracking code of another kiosk, which no test
// kiosk holds.
func unknownCode(t *testing.T) kiosk.TrackingCode {
	t.Helper()
	is, err := kiosk.NewIssuer(7, kiosktest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)), 0)
	if err != nil {
		t.Fatal(err)
	}
	return is.Next()
}

func TestSocketAndLocalAgree(t *testing.T) {
	k := newKiosk(t, true)
	fi, err := os.Lstat(filepath.Join(k.dir, control.SocketFile))
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Mode().Type() != os.ModeSocket {
		t.Fatalf("control socket %v, mode %v; want a 0600 socket", err, fi.Mode())
	}
	remote, err := control.Dial(context.Background(), k.dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, q := range map[string]control.Queue{"socket": remote, "local": k.local} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			res, err := q.Submit(ctx, control.SubmitRequest{Service: "permit", Values: map[string]string{
				"national_code": "۰۴۹۹۳۷۰۸۹۹", "kind": "renew", "old_number": "۱۲۳"}})
			if err != nil {
				t.Fatalf("submit: %v", err)
			}
			code := res.Receipt.TrackingCode
			if !res.Printed || res.Receipt.QR != "signed:"+string(code) || res.Receipt.KioskID != "K-42" {
				t.Errorf("submit result %+v", res)
			}
			e, err := q.Show(ctx, code, false)
			if err != nil || e.State != offline.StateQueued || e.Answers != nil || e.ServiceCode != "permit" {
				t.Fatalf("show without personal data = %+v, %v", e, err)
			}
			e, err = q.Show(ctx, code, true)
			want := map[string]string{"national_code": nationalCode, "kind": "renew", "old_number": "123"}
			if err != nil || fmt.Sprint(e.Answers) != fmt.Sprint(want) {
				t.Fatalf("show with personal data: answers %v, %v; want normalized %v", e.Answers, err, want)
			}
			var listed []control.Entry
			if err := q.List(ctx, offline.ListOptions{Newest: true, Limit: 1}, false, func(e control.Entry) error {
				listed = append(listed, e)
				return nil
			}); err != nil || len(listed) != 1 || listed[0].TrackingCode != code || listed[0].Answers != nil {
				t.Fatalf("list = %+v, %v", listed, err)
			}
			rep, err := q.Sync(ctx)
			if err != nil || rep.Sent != 1 {
				t.Fatalf("sync = %+v, %v", rep, err)
			}
			if key := <-k.posts; key != e.ID {
				t.Errorf("POSTed with key %q, want %q", key, e.ID)
			}
			if err := q.Retry(ctx, code); !errors.Is(err, offline.ErrAcknowledged) {
				t.Errorf("retry of a sent submission = %v, want ErrAcknowledged", err)
			}
			if _, err := q.Show(ctx, unknownCode(t), false); !errors.Is(err, offline.ErrNotFound) {
				t.Errorf("show of an unknown code = %v, want ErrNotFound", err)
			}
			if n, err := q.RetryDead(ctx); err != nil || n != 0 {
				t.Errorf("retry dead = %d, %v", n, err)
			}
			c, err := q.Counts(ctx)
			if err != nil || c[offline.StateSent] == 0 {
				t.Errorf("counts = %v, %v", c, err)
			}
		})
	}
}

func TestServeRefusesASecondServer(t *testing.T) {
	k := newKiosk(t, true)
	err := control.Serve(context.Background(), k.dir, k.local)
	if !errors.Is(err, control.ErrServing) {
		t.Fatalf("second Serve = %v, want ErrServing", err)
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	k := newKiosk(t, false)
	if _, err := control.Dial(context.Background(), k.dir); !errors.Is(err, control.ErrNotRunning) {
		t.Fatalf("Dial with no socket = %v, want ErrNotRunning", err)
	}
	// A socket file nobody answers on, as a killed kiosk leaves it.
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(k.dir, control.SocketFile), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := control.Dial(context.Background(), k.dir); !errors.Is(err, control.ErrNotRunning) {
		t.Fatalf("Dial with a stale socket = %v, want ErrNotRunning", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- control.Serve(ctx, k.dir, k.local) }()
	waitForSocket(t, k.dir)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSubmitValidation(t *testing.T) {
	tests := []struct {
		name    string
		req     control.SubmitRequest
		wantErr string // "" for accepted
	}{
		{"valid", control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": nationalCode, "kind": "new"}}, ""},
		{"unknown service", control.SubmitRequest{Service: "nope", Values: map[string]string{}}, "no service"},
		{"required field missing", control.SubmitRequest{Service: "permit", Values: map[string]string{"kind": "new"}}, "national_code:"},
		{"bad national code", control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": "0499370898", "kind": "new"}}, "national code is not valid"},
		{"field of a step that does not apply", control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": nationalCode, "kind": "new", "old_number": "5"}}, "old_number: does not apply"},
		{"conditional step applies", control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": nationalCode, "kind": "renew"}}, "old_number:"},
		{"unknown field", control.SubmitRequest{Service: "permit", Values: map[string]string{"national_code": nationalCode, "kind": "new", "nickname": "x"}}, "nickname: no such field"},
		{"taxi plate with a taxi letter", control.SubmitRequest{Service: "plate", Values: map[string]string{"national_code": nationalCode, "plate_type": "taxi", "plate": "55-ت-123-11"}}, ""},
		{"private plate with the taxi letter", control.SubmitRequest{Service: "plate", Values: map[string]string{"national_code": nationalCode, "plate_type": "private", "plate": "55-ت-123-11"}}, "plate: A private plate does not carry this letter"},
		{"father and mother two people", control.SubmitRequest{Service: "birth", Values: map[string]string{"father_national_code": nationalCode, "mother_national_code": "0084575948"}}, ""},
		{"mother with the father's code", control.SubmitRequest{Service: "birth", Values: map[string]string{"father_national_code": nationalCode, "mother_national_code": "۰۴۹۹۳۷۰۸۹۹"}}, "mother_national_code: You gave this national code for another person"},
		{"unknown language", control.SubmitRequest{Service: "permit", Lang: "de", Values: map[string]string{"national_code": nationalCode, "kind": "new"}}, "language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKiosk(t, false)
			res, err := k.local.Submit(context.Background(), tt.req)
			c, _ := k.outbox.Counts()
			if tt.wantErr == "" {
				if err != nil || c.Total() != 1 || len(k.printer.printed) != 1 || k.printer.printed[0].TrackingCode != res.Receipt.TrackingCode {
					t.Fatalf("submit = %+v, %v; %d stored, %d printed", res, err, c.Total(), len(k.printer.printed))
				}
				svc, _ := catalogue().Service(tt.req.Service)
				if got := k.printer.printed[0]; !reflect.DeepEqual(got.Agency, svc.Agency) || !reflect.DeepEqual(got.ServiceName, svc.Name) {
					t.Errorf("receipt names %v of %v, want %v of %v", got.ServiceName, got.Agency, svc.Name, svc.Agency)
				}
				return
			}
			if err == nil || !errors.Is(err, control.ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("submit = %v, want ErrInvalid mentioning %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "0499370898") {
				t.Errorf("the error repeats the national code: %v", err)
			}
			if c.Total() != 0 || len(k.printer.printed) != 0 {
				t.Errorf("a refused submission was stored (%d) or printed (%d)", c.Total(), len(k.printer.printed))
			}
		})
	}
}

func TestSubmitKeepsTheSubmissionWhenPrintingFails(t *testing.T) {
	tests := []struct {
		name    string
		printer fakePrinter
		want    string
		kept    int // receipts kept on the device, as a citizen's are
	}{
		{"paper out before printing", fakePrinter{StatusFunc: func() kiosk.PrinterStatus {
			return kiosk.PrinterStatus{State: kiosk.PrinterPaperOut, Detail: "media-empty-error"}
		}}, "paper-out", 1},
		{"failure while printing", fakePrinter{PrintFunc: func(kiosk.Receipt) error {
			return fmt.Errorf("lp: %w", kiosk.ErrPaperOut)
		}}, "out of paper", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKiosk(t, false)
			*k.printer = tt.printer
			res, err := k.local.Submit(context.Background(), control.SubmitRequest{Service: "permit",
				Values: map[string]string{"national_code": nationalCode, "kind": "new"}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Printed || !strings.Contains(res.PrintError, tt.want) {
				t.Errorf("result %+v, want a print error mentioning %q", res, tt.want)
			}
			if _, err := k.outbox.Get(res.Receipt.TrackingCode); err != nil {
				t.Errorf("submission lost when printing failed: %v", err)
			}
			if len(k.printer.kept) != tt.kept {
				t.Errorf("%d receipts kept on the device, want %d", len(k.printer.kept), tt.kept)
			}
		})
	}
}

// TestSubmitValidatesOnTheKiosksClock: a technician's submission is
// judged on the kiosk's clock, as a citizen's is. The kiosk's day is
// 1 March 2026: 1 June 2026 is after "today" there, whatever the wall
// clock of the machine running the test says.
func TestSubmitValidatesOnTheKiosksClock(t *testing.T) {
	tests := []struct {
		name, day string
		ok        bool
	}{
		{"the kiosk's today", "2026-03-01", true},
		{"before it", "2025-12-31", true},
		{"after the kiosk's today", "2026-06-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKiosk(t, false)
			_, err := k.local.Submit(context.Background(), control.SubmitRequest{Service: "incident", Values: map[string]string{"day": tt.day}})
			if (err == nil) != tt.ok {
				t.Errorf("submit %s: %v, want accepted %v", tt.day, err, tt.ok)
			}
		})
	}
}
