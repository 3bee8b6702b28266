package kiosk_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
)

// outboxFake is an Outbox whose behaviour a test sets.
type outboxFake struct {
	mu          sync.Mutex
	EnqueueFunc func(kiosk.Submission) error
	stored      []kiosk.Submission
}

func (o *outboxFake) Enqueue(_ context.Context, s kiosk.Submission) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.EnqueueFunc != nil {
		if err := o.EnqueueFunc(s); err != nil {
			return err
		}
	}
	o.stored = append(o.stored, s)
	return nil
}

// printerFake is a Printer whose behaviour a test sets.
type printerFake struct {
	mu         sync.Mutex
	StatusFunc func() kiosk.PrinterStatus
	PrintFunc  func(kiosk.Receipt) error
	printed    []kiosk.Receipt
	kept       []kiosk.Receipt // receipts it could not print, kept
}

// Keep implements kiosk.ReceiptKeeper.
func (p *printerFake) Keep(_ context.Context, r kiosk.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.kept = append(p.kept, r)
	return nil
}

func (p *printerFake) Status(context.Context) kiosk.PrinterStatus {
	if p.StatusFunc != nil {
		return p.StatusFunc()
	}
	return kiosk.PrinterStatus{State: kiosk.PrinterReady}
}

func (p *printerFake) Print(_ context.Context, r kiosk.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.PrintFunc != nil {
		if err := p.PrintFunc(r); err != nil {
			return err
		}
	}
	p.printed = append(p.printed, r)
	return nil
}

type rig struct {
	s       *kiosk.Session
	clock   *fixedClock
	outbox  *outboxFake
	printer *printerFake
	events  []kiosk.Event
	// journeys are the journeys the session handed over, in order.
	journeys []kiosk.Journey
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{
		clock:   &fixedClock{time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)},
		outbox:  &outboxFake{},
		printer: &printerFake{},
	}
	is, err := kiosk.NewIssuer(42, r.clock, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.s, err = kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: kiosk.DefaultCatalogue(),
		Filer:     &filing.Filer{Outbox: r.outbox, Issuer: is, Printer: r.printer, Clock: r.clock, KioskID: "IKA-T1-07"},
		Clock:     r.clock,
		IdleWarn:  60 * time.Second,
		IdleGrace: 30 * time.Second,
		Go:        func(f func()) { f() },
		Events:    func(e kiosk.Event) { r.events = append(r.events, e) },
		Journeys:  func(j kiosk.Journey) { r.journeys = append(r.journeys, j) },
		DeviceID:  "IKA-T1-07",
		Site:      "Airport",
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rig) stage(t *testing.T, want kiosk.Stage) kiosk.State {
	t.Helper()
	st := r.s.State()
	if st.Stage != want {
		t.Fatalf("stage = %s, want %s (errors %v, submit error %q)", st.Stage, want, st.Errors, st.SubmitError)
	}
	return st
}

// fillTax walks the tax service up to the consent screen.
func (r *rig) fillTax(t *testing.T) {
	t.Helper()
	r.s.Start()
	r.stage(t, kiosk.StageLanguage)
	r.s.ChooseLanguage(kiosk.English)
	r.s.ChooseService("tax")
	r.stage(t, kiosk.StageIntro)
	r.s.BeginForm()
	r.s.SetAnswer("national_code", "۰۴۹۹۳۷۰۸۹۹") // Persian digits
	r.s.SetAnswer("mobile", "+989121234567")
	r.s.Next()
	st := r.stage(t, kiosk.StageForm)
	if st.StepNumber != 2 || st.StepCount != 2 {
		t.Fatalf("step %d of %d, want 2 of 2", st.StepNumber, st.StepCount)
	}
	r.s.SetAnswer("tax_kind", "business-income")
	r.s.SetAnswer("tax_year", "۱۴۰۳")
	r.s.SetAnswer("amount", "2500000")
	r.s.Next()
	st = r.stage(t, kiosk.StageReview)
	if st.Answers["national_code"] != "0499370899" || st.Answers["mobile"] != "09121234567" {
		t.Fatalf("answers not normalized: %v", st.Answers)
	}
	r.s.ConfirmReview()
	r.stage(t, kiosk.StageConsent)
}

func TestSessionFullPath(t *testing.T) {
	r := newRig(t)
	r.fillTax(t)
	r.s.Submit(context.Background())
	st := r.stage(t, kiosk.StageReceipt)
	if len(r.outbox.stored) != 1 {
		t.Fatalf("outbox holds %d submissions, want 1", len(r.outbox.stored))
	}
	sub := r.outbox.stored[0]
	if sub.TrackingCode != st.Receipt.TrackingCode || sub.ServiceCode != "tax" || sub.Answers["amount"] != "2500000" {
		t.Fatalf("stored %+v, receipt %+v", sub, st.Receipt)
	}
	if sub.CatalogueVersion == "" || sub.ID == "" || sub.KioskID != "IKA-T1-07" {
		t.Fatalf("submission lacks identity: %+v", sub)
	}
	if len(st.Answers) != 0 {
		t.Fatalf("answers still in session after submit: %v", st.Answers)
	}
	if st.Print != kiosk.PrintDone || len(r.printer.printed) != 1 {
		t.Fatalf("print state %s, %d printed", st.Print, len(r.printer.printed))
	}
	r.s.FinishReceipt()
	r.s.Rate(5)
	r.stage(t, kiosk.StageThanks)
	r.s.Finish()
	r.stage(t, kiosk.StageAttract)
	var kinds []kiosk.EventKind
	for _, e := range r.events {
		kinds = append(kinds, e.Kind)
	}
	want := fmt.Sprint([]kiosk.EventKind{kiosk.EventSessionStarted, kiosk.EventServiceStarted, kiosk.EventSessionCompleted, kiosk.EventSatisfaction})
	if fmt.Sprint(kinds) != want {
		t.Fatalf("events %v, want %v", kinds, want)
	}
}

func TestSessionRefusesBadAnswers(t *testing.T) {
	tests := []struct {
		name, field, value, key string
	}{
		{"bad national code checksum", "national_code", "0499370898", "error.national_code"},
		{"all same digits", "national_code", "1111111111", "error.national_code"},
		{"short mobile", "mobile", "0912123", "error.mobile"},
		{"landline", "mobile", "02188776655", "error.mobile"},
		{"missing", "mobile", "", "error.required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			r.s.Start()
			r.s.ChooseLanguage(kiosk.Persian)
			r.s.ChooseService("tax")
			r.s.BeginForm()
			r.s.SetAnswer("national_code", "0499370899")
			r.s.SetAnswer("mobile", "09121234567")
			r.s.SetAnswer(tc.field, tc.value)
			r.s.Next()
			st := r.stage(t, kiosk.StageForm)
			if st.StepNumber != 1 {
				t.Fatalf("moved to step %d", st.StepNumber)
			}
			if e := st.Errors[tc.field]; e == nil || e.Key != tc.key {
				t.Fatalf("error for %s = %v, want %s", tc.field, e, tc.key)
			}
			if st.Answers[tc.field] != tc.value {
				t.Fatalf("typed answer lost: %q", st.Answers[tc.field])
			}
			if msg := kiosk.Msg(st.Lang, tc.key); msg == "" || msg[0] == 0xE2 {
				t.Fatalf("no Persian message for %s: %q", tc.key, msg)
			}
		})
	}
}

func TestSessionIdleWarnsThenWipes(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.ChooseLanguage(kiosk.Persian)
	r.s.ChooseService("tax")
	r.s.BeginForm()
	r.s.SetAnswer("national_code", "0499370899")

	r.clock.t = r.clock.t.Add(59 * time.Second)
	r.s.Tick()
	if r.s.State().IdleWarning {
		t.Fatal("warned before the idle time")
	}
	r.clock.t = r.clock.t.Add(time.Second)
	r.s.Tick()
	st := r.s.State()
	if !st.IdleWarning || st.IdleRemaining < kiosk.MinIdleGrace {
		t.Fatalf("warning %v with %v left, want at least %v", st.IdleWarning, st.IdleRemaining, kiosk.MinIdleGrace)
	}
	r.s.MoreTime()
	r.clock.t = r.clock.t.Add(89 * time.Second)
	r.s.Tick()
	st = r.stage(t, kiosk.StageForm)
	if st.Answers["national_code"] != "0499370899" {
		t.Fatal("more time lost the answer")
	}
	r.clock.t = r.clock.t.Add(time.Second)
	r.s.Tick()
	st = r.stage(t, kiosk.StageAttract)
	if len(st.Answers) != 0 || st.Service != nil || st.IdleWarning {
		t.Fatalf("session not wiped: %+v", st)
	}
	last := r.events[len(r.events)-1]
	if last.Kind != kiosk.EventIdleReset || r.events[len(r.events)-2].Step != "taxpayer" {
		t.Fatalf("events %v", r.events)
	}
}

func TestSessionSubmitFailureLosesNothing(t *testing.T) {
	r := newRig(t)
	r.fillTax(t)
	r.outbox.EnqueueFunc = func(kiosk.Submission) error { return fmt.Errorf("put: %w", kiosk.ErrStorageFull) }
	r.s.Submit(context.Background())
	st := r.stage(t, kiosk.StageConsent)
	if st.SubmitError != "error.storage_full" || st.Receipt != nil {
		t.Fatalf("submit error %q receipt %v", st.SubmitError, st.Receipt)
	}
	if st.Answers["amount"] != "2500000" {
		t.Fatal("answers lost after failed submit")
	}
	r.outbox.EnqueueFunc = nil
	r.s.Submit(context.Background())
	r.stage(t, kiosk.StageReceipt)
}

func TestSessionPrintFallback(t *testing.T) {
	tests := []struct {
		name    string
		status  kiosk.PrinterState
		err     error
		wantKey string
		kept    bool // not sent to the printer, so kept in its spool
	}{
		{"paper out before printing", kiosk.PrinterPaperOut, nil, "print.paper_out", true},
		{"offline", kiosk.PrinterOffline, nil, "print.unavailable", true},
		{"paper runs out while printing", kiosk.PrinterReady, fmt.Errorf("lp: %w", kiosk.ErrPaperOut), "print.paper_out", false},
		{"job fails", kiosk.PrinterUnknown, errors.New("lp exited 1"), "print.unavailable", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			r.printer.StatusFunc = func() kiosk.PrinterStatus { return kiosk.PrinterStatus{State: tc.status} }
			r.printer.PrintFunc = func(kiosk.Receipt) error { return tc.err }
			r.fillTax(t)
			r.s.Submit(context.Background())
			st := r.stage(t, kiosk.StageReceipt)
			if st.Print != kiosk.PrintFailed || st.PrintError != tc.wantKey {
				t.Fatalf("print %s %q, want failed %q", st.Print, st.PrintError, tc.wantKey)
			}
			if st.Receipt == nil || st.Receipt.QR == "" {
				t.Fatal("no receipt to show on screen")
			}
			if tc.kept != (len(r.printer.kept) == 1) || (tc.kept && r.printer.kept[0].TrackingCode != st.Receipt.TrackingCode) {
				t.Fatalf("kept %d receipts, want kept %v", len(r.printer.kept), tc.kept)
			}
			// Reprinting is explicit and prints exactly once.
			r.printer.StatusFunc, r.printer.PrintFunc = nil, nil
			r.s.Reprint()
			if st := r.s.State(); st.Print != kiosk.PrintDone || len(r.printer.printed) != 1 {
				t.Fatalf("reprint: %s, %d printed", st.Print, len(r.printer.printed))
			}
		})
	}
}

func TestSessionNoDoublePrintWhilePrinting(t *testing.T) {
	r := newRig(t)
	var pending []func()
	r2, err := kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: kiosk.DefaultCatalogue(), Clock: r.clock,
		Filer: &filing.Filer{Outbox: r.outbox, Printer: r.printer, Clock: r.clock, Issuer: mustIssuer(t, r.clock)},
		Go:    func(f func()) { pending = append(pending, f) },
	})
	if err != nil {
		t.Fatal(err)
	}
	r.s = r2
	r.fillTax(t)
	r.s.Submit(context.Background())
	r.s.Reprint() // a tap while the submission is being saved: nothing to print yet
	if len(pending) != 1 {
		t.Fatalf("%d jobs started by Submit, want 1 (storing it)", len(pending))
	}
	pending[0]()  // stored: the receipt shows and its print starts
	r.s.Reprint() // an impatient second tap while the first job runs
	r.s.Reprint()
	if len(pending) != 2 {
		t.Fatalf("%d print jobs started, want 1", len(pending)-1)
	}
	pending[1]()
	if len(r.printer.printed) != 1 {
		t.Fatalf("printed %d times", len(r.printer.printed))
	}
}

func mustIssuer(t *testing.T, c kiosk.Clock) *kiosk.Issuer {
	is, err := kiosk.NewIssuer(1, c, 0)
	if err != nil {
		t.Fatal(err)
	}
	return is
}

func TestSessionBackAndEdit(t *testing.T) {
	r := newRig(t)
	r.fillTax(t)
	r.s.Back()
	r.stage(t, kiosk.StageReview)
	r.s.Edit("mobile")
	st := r.stage(t, kiosk.StageForm)
	if !st.Editing || st.StepNumber != 1 {
		t.Fatalf("edit opened step %d editing=%v", st.StepNumber, st.Editing)
	}
	r.s.SetAnswer("mobile", "09351112233")
	r.s.Next()
	st = r.stage(t, kiosk.StageReview)
	if st.Answers["mobile"] != "09351112233" || st.Answers["amount"] != "2500000" {
		t.Fatalf("answers after edit: %v", st.Answers)
	}
	r.s.Back()
	r.stage(t, kiosk.StageForm)
	r.s.Back()
	r.s.Back()
	r.stage(t, kiosk.StageIntro)
	r.s.Back()
	r.stage(t, kiosk.StageServices)
	if len(r.s.State().Answers) != 0 {
		t.Fatal("answers kept after leaving the service")
	}
}

// TestSessionSavingIsNotCutShort: while the submission is being stored,
// nothing the citizen or the idle timer does wipes it or sends them
// elsewhere; the receipt with its tracking code follows.
func TestSessionSavingIsNotCutShort(t *testing.T) {
	r := newRig(t)
	var pending []func()
	s, err := kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: kiosk.DefaultCatalogue(), Clock: r.clock,
		Filer:    &filing.Filer{Outbox: r.outbox, Clock: r.clock, Issuer: mustIssuer(t, r.clock)},
		IdleWarn: 60 * time.Second, IdleGrace: 30 * time.Second,
		Go: func(f func()) { pending = append(pending, f) },
	})
	if err != nil {
		t.Fatal(err)
	}
	r.s = s
	r.fillTax(t)
	s.Submit(context.Background())
	for name, act := range map[string]func(){
		"cancel":          s.Cancel,
		"back":            s.Back,
		"finish":          s.Finish,
		"a second submit": func() { s.Submit(context.Background()) },
		"the idle timer":  func() { r.clock.t = r.clock.t.Add(10 * time.Minute); s.Tick() },
	} {
		act()
		if st := s.State(); st.Stage != kiosk.StageSaving {
			t.Fatalf("after %s while saving: stage %s", name, st.Stage)
		}
	}
	if len(pending) != 1 {
		t.Fatalf("%d jobs started, want one store", len(pending))
	}
	pending[0]()
	if st := s.State(); st.Stage != kiosk.StageReceipt || st.Receipt == nil || len(r.outbox.stored) != 1 {
		t.Fatalf("after the store: stage %s, receipt %v, %d stored", st.Stage, st.Receipt, len(r.outbox.stored))
	}
}

// TestSessionStepCountNeverChangesUnderTheCitizen walks the library
// service, whose request kind reveals a step: no count is given while an
// answer still to come may change it, and once given it holds.
func TestSessionStepCountNeverChangesUnderTheCitizen(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.ChooseLanguage(kiosk.English)
	r.s.ChooseService("library")
	r.s.BeginForm()
	type progress struct {
		n, count int
		settled  bool
	}
	at := func() progress {
		st := r.stage(t, kiosk.StageForm)
		return progress{st.StepNumber, st.StepCount, st.StepCountSettled}
	}
	steps := []struct {
		name    string
		answers map[string]string
		want    progress
	}{
		{"member: the request kind is still to come", map[string]string{"national_code": "0499370899", "mobile": "09121234567"}, progress{1, 2, false}},
		{"request: the kind is answered here", map[string]string{"kind": "reserve", "library_name": "Parvin"}, progress{2, 2, false}},
		{"book: every step is known", map[string]string{"book_title": "Kelidar"}, progress{3, 3, true}},
	}
	for _, s := range steps {
		if got := at(); got != s.want {
			t.Fatalf("%s: progress %+v, want %+v", s.name, got, s.want)
		}
		for k, v := range s.answers {
			r.s.SetAnswer(k, v)
		}
		r.s.Next()
	}
	r.stage(t, kiosk.StageReview)
}

// TestSessionCountsRefusals checks that each refused Next is told apart,
// even with the same errors, and that a new step starts with none.
func TestSessionCountsRefusals(t *testing.T) {
	r := newRig(t)
	r.s.Start()
	r.s.ChooseLanguage(kiosk.Persian)
	r.s.ChooseService("tax")
	r.s.BeginForm()
	for want := 1; want <= 2; want++ {
		r.s.Next()
		if st := r.stage(t, kiosk.StageForm); st.Refusals != want || len(st.Errors) == 0 {
			t.Fatalf("after %d refused presses: refusals %d, errors %v", want, st.Refusals, st.Errors)
		}
	}
	r.s.SetAnswer("national_code", "0499370899")
	r.s.SetAnswer("mobile", "09121234567")
	r.s.Next()
	if st := r.stage(t, kiosk.StageForm); st.Refusals != 0 || st.StepNumber != 2 {
		t.Fatalf("on step %d: refusals %d, want 0", st.StepNumber, st.Refusals)
	}
}
