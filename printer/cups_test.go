package printer_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/printer"
	"github.com/pishkhan/pishkhan/printer/cupstest"
)

// The queues .ci/cups-setup adds (make test runs it).
const (
	pdfQueue      = "pishkhan-pdf"      // cups-pdf: jobs land as PDF files
	paperOutQueue = "pishkhan-paperout" // the project's paper-out backend
	brokenQueue   = "pishkhan-broken"   // the same backend failing every job
)

// needCUPS skips the test only when CUPS is not installed; an installed
// CUPS that is not running, or lacks the test queue, is a broken test
// set-up and fails.
func needCUPS(t *testing.T, queue string) {
	t.Helper()
	needTool(t, "lp", "cups-client")
	needTool(t, "lpstat", "cups-client")
	needTool(t, "cancel", "cups-client")
	if _, err := exec.LookPath("cupsd"); err != nil {
		if _, err := os.Stat("/usr/sbin/cupsd"); err != nil {
			t.Skip("cupsd is not installed (Debian package cups; make test installs it)")
		}
	}
	out, _ := exec.Command("lpstat", "-r").CombinedOutput()
	if !strings.Contains(string(out), "is running") {
		t.Fatalf("cupsd is installed but not running (%s): run .ci/cups-setup, as make test does", strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command("lpstat", "-p", queue).CombinedOutput(); err != nil {
		t.Fatalf("CUPS queue %s is missing (%s): run .ci/cups-setup, as make test does", queue, strings.TrimSpace(string(out)))
	}
}

// cupsPDFDir is where cups-pdf writes the current user's jobs: the Out
// setting of /etc/cups/cups-pdf.conf, ${HOME}/PDF by default.
func cupsPDFDir(t *testing.T) string {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	out := "${HOME}/PDF"
	if f, err := os.Open("/etc/cups/cups-pdf.conf"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "Out" {
				out = fields[1]
			}
		}
	}
	out = strings.ReplaceAll(out, "${HOME}", u.HomeDir)
	return strings.ReplaceAll(out, "${USER}", u.Username)
}

// waitFor polls cond every 100 ms until it holds or the time is up.
func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pendingJobs lists the queue's jobs that have not finished.
func pendingJobs(t *testing.T, queue string) []string {
	t.Helper()
	out, err := exec.Command("lpstat", "-W", "not-completed", "-o", queue).Output()
	if err != nil {
		t.Fatalf("lpstat -o %s: %v", queue, err)
	}
	var jobs []string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			jobs = append(jobs, f[0])
		}
	}
	return jobs
}

// refillPaper makes the paper-out test printer look ready again: a job
// titled pishkhan-refill makes its backend clear media-empty-error, as a
// real printer's backend does when paper is loaded.
func refillPaper(t *testing.T, c *printer.CUPS) {
	t.Helper()
	exec.Command("cancel", "-a", paperOutQueue).Run()
	f := writeTemp(t, "refill.txt", []byte("refill\n"))
	if out, err := exec.Command("lp", "-d", paperOutQueue, "-t", "pishkhan-refill", f).CombinedOutput(); err != nil {
		t.Fatalf("lp refill: %v: %s", err, out)
	}
	if !waitFor(30*time.Second, func() bool { return len(pendingJobs(t, paperOutQueue)) == 0 }) {
		t.Fatalf("refill job did not finish: %v", pendingJobs(t, paperOutQueue))
	}
	if st := c.Status(context.Background()); st.State != kiosk.PrinterReady {
		t.Fatalf("after loading paper the test printer is %s (%s), want ready", st.State, st.Detail)
	}
}

func TestCUPSPrintsReceiptThroughCUPSPDF(t *testing.T) {
	needCUPS(t, pdfQueue)
	outDir := cupsPDFDir(t)
	spool := &printer.Spool{Dir: t.TempDir(), Options: printer.Options{Fonts: testFonts(t), Location: "Terminal 1"}}
	c := &printer.CUPS{Queue: pdfQueue, Spool: spool, JobTimeout: 60 * time.Second}
	ctx := context.Background()
	if st := c.Status(ctx); st.State != kiosk.PrinterReady {
		t.Fatalf("status of %s: %s (%s), want ready", pdfQueue, st.State, st.Detail)
	}

	r := testReceipt(kiosk.Persian, uniqueCode(), "https://status.example.ir/r")
	start := time.Now()
	if err := c.Print(ctx, r); err != nil {
		t.Fatalf("print: %v", err)
	}
	t.Logf("printed through CUPS in %v", time.Since(start).Round(time.Millisecond))

	// cups-pdf names its file after the job title, pishkhan-CODE.
	var found string
	pattern := filepath.Join(outDir, "pishkhan-"+string(r.TrackingCode)+"*.pdf")
	if !waitFor(30*time.Second, func() bool {
		m, _ := filepath.Glob(pattern)
		if len(m) == 1 {
			found = m[0]
		}
		return found != ""
	}) {
		t.Fatalf("no PDF from CUPS matches %s", pattern)
	}
	t.Cleanup(func() { os.Remove(found) })
	pdf, err := os.ReadFile(found)
	if err != nil {
		t.Fatal(err)
	}
	// The job asked for media fitted to the receipt, so the roll page
	// came through, not an A4 sheet.
	if w, h := pageSize(t, pdf); w < 79 || w > 81 || h < 100 || h > 250 {
		t.Fatalf("CUPS produced a %.0f × %.0f mm page, want the 80 mm receipt", w, h)
	}
	got := decodeQR(t, pdf)
	if got != r.QR {
		t.Fatalf("QR in the printed PDF holds %q, want %q", got, r.QR)
	}
	if _, err := kiosk.VerifyReceipt(testDeviceKey, got); err != nil {
		t.Fatalf("QR from the printed PDF does not verify: %v", err)
	}
	if _, err := kiosk.VerifyReceipt(testDeviceKey, strings.Replace(got, "&t=", "&t=1", 1)); err == nil {
		t.Fatal("tampered QR string verified")
	}
	if _, err := os.Stat(filepath.Join(spool.Dir, string(r.TrackingCode)+".pdf")); err != nil {
		t.Fatalf("no spooled copy: %v", err)
	}
}

// TestCUPSPaperOutShowsFallbackOnScreen runs a citizen's session on a
// kiosk whose CUPS printer runs out of paper: the session shows the
// on-screen fallback (print.paper_out), the job is cancelled rather than
// left to print later for someone else, the receipt is kept in the spool
// folder, and the technician's status says paper out.
func TestCUPSPaperOutShowsFallbackOnScreen(t *testing.T) {
	needCUPS(t, paperOutQueue)
	cupstest.LockQueue(t, paperOutQueue)
	spool := &printer.Spool{Dir: t.TempDir(), Options: printer.Options{Fonts: testFonts(t)}}
	c := &printer.CUPS{Queue: paperOutQueue, Spool: spool, JobTimeout: 30 * time.Second, PollInterval: 100 * time.Millisecond}
	refillPaper(t, c)

	s := newKioskSession(t, c)
	s.Start()
	s.ChooseLanguage(kiosk.Persian)
	s.ChooseService("library")
	s.BeginForm()
	s.SetAnswer("mobile", "09121234567")
	s.Next()
	s.ConfirmReview()
	if st := s.State(); st.Stage != kiosk.StageConsent {
		t.Fatalf("stage %s before submit (errors %v)", st.Stage, st.Errors)
	}
	start := time.Now()
	s.Submit(context.Background()) // printing runs inline (SessionConfig.Go)
	elapsed := time.Since(start)

	st := s.State()
	if st.Stage != kiosk.StageReceipt || st.Receipt == nil {
		t.Fatalf("stage %s, receipt %v; want the receipt screen", st.Stage, st.Receipt)
	}
	if st.Print != kiosk.PrintFailed || st.PrintError != "print.paper_out" {
		t.Fatalf("print %q, error %q; want failed with print.paper_out", st.Print, st.PrintError)
	}
	if msg := kiosk.Msg(st.Lang, st.PrintError); !strings.Contains(msg, "کاغذ") {
		t.Fatalf("the citizen is told %q", msg)
	}
	if elapsed > 20*time.Second {
		t.Fatalf("the citizen waited %v for the fallback", elapsed)
	}
	t.Logf("fallback shown after %v", elapsed.Round(time.Millisecond))
	// The receipt on screen is genuine: its QR string verifies.
	if c, err := kiosk.VerifyReceipt(testDeviceKey, st.Receipt.QR); err != nil || c.TrackingCode != st.Receipt.TrackingCode {
		t.Fatalf("on-screen QR %q: %+v, %v", st.Receipt.QR, c, err)
	}

	tech := c.Status(context.Background())
	if tech.State != kiosk.PrinterPaperOut || !strings.Contains(tech.Detail, "media-empty-error") {
		t.Fatalf("technician status %s (%s), want paper-out from media-empty-error", tech.State, tech.Detail)
	}
	if got := printer.StateMessage(kiosk.English, tech.State); got != "Printer out of paper" {
		t.Fatalf("technician is told %q", got)
	}
	if jobs := pendingJobs(t, paperOutQueue); len(jobs) != 0 {
		t.Fatalf("jobs left waiting for paper: %v", jobs)
	}
	if _, err := os.Stat(filepath.Join(spool.Dir, string(st.Receipt.TrackingCode)+".pdf")); err != nil {
		t.Fatalf("receipt not kept in the spool folder: %v", err)
	}
}

// TestCUPSPrintNoticesPaperOutDuringJob sends a receipt straight to the
// paper-out printer while it still looks ready: the fault appears only once
// the backend runs, and Print must notice it, cancel the job and say why.
func TestCUPSPrintNoticesPaperOutDuringJob(t *testing.T) {
	needCUPS(t, paperOutQueue)
	cupstest.LockQueue(t, paperOutQueue)
	spool := &printer.Spool{Dir: t.TempDir(), Options: printer.Options{Fonts: testFonts(t)}}
	c := &printer.CUPS{Queue: paperOutQueue, Spool: spool, JobTimeout: 30 * time.Second, PollInterval: 100 * time.Millisecond}
	refillPaper(t, c)

	start := time.Now()
	err := c.Print(context.Background(), testReceipt(kiosk.English, uniqueCode(), ""))
	if !errors.Is(err, kiosk.ErrPaperOut) {
		t.Fatalf("print on an empty roll: %v, want ErrPaperOut", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Fatalf("took %v: the fault was not noticed while the job waited", time.Since(start))
	}
	if jobs := pendingJobs(t, paperOutQueue); len(jobs) != 0 {
		t.Fatalf("job not cancelled: %v", jobs)
	}
}

// TestCUPSAbortedJobIsNotPrinted prints on a printer whose backend fails
// every job without reporting any state. lpstat lists such a job like a
// completed one; Print must still report the failure.
func TestCUPSAbortedJobIsNotPrinted(t *testing.T) {
	needCUPS(t, brokenQueue)
	spool := &printer.Spool{Dir: t.TempDir(), Options: printer.Options{Fonts: testFonts(t)}}
	c := &printer.CUPS{Queue: brokenQueue, Spool: spool, JobTimeout: 30 * time.Second, PollInterval: 100 * time.Millisecond}
	if st := c.Status(context.Background()); st.State != kiosk.PrinterReady {
		t.Fatalf("status %s (%s): the broken printer says nothing before a job", st.State, st.Detail)
	}
	err := c.Print(context.Background(), testReceipt(kiosk.English, uniqueCode(), ""))
	if !errors.Is(err, kiosk.ErrPrinterUnavailable) || errors.Is(err, kiosk.ErrPaperOut) {
		t.Fatalf("print on a failing printer: %v, want ErrPrinterUnavailable", err)
	}
	if !strings.Contains(err.Error(), "aborted") {
		t.Fatalf("error %q does not say the job was aborted", err)
	}
}

func TestCUPSUnknownQueueIsUnavailable(t *testing.T) {
	needCUPS(t, pdfQueue)
	spool := &printer.Spool{Dir: t.TempDir(), Options: printer.Options{Fonts: testFonts(t)}}
	c := &printer.CUPS{Queue: "pishkhan-no-such-queue", Spool: spool, JobTimeout: 10 * time.Second}
	st := c.Status(context.Background())
	if st.State != kiosk.PrinterOffline || !strings.Contains(st.Detail, "pishkhan-no-such-queue") {
		t.Fatalf("status %s (%s), want offline naming the queue", st.State, st.Detail)
	}
	r := testReceipt(kiosk.English, uniqueCode(), "")
	if err := c.Print(context.Background(), r); !errors.Is(err, kiosk.ErrPrinterUnavailable) {
		t.Fatalf("print to a missing queue: %v, want ErrPrinterUnavailable", err)
	}
	// Nothing is lost: the receipt is in the spool folder.
	if _, err := os.Stat(filepath.Join(spool.Dir, string(r.TrackingCode)+".pdf")); err != nil {
		t.Fatalf("receipt not kept in the spool folder: %v", err)
	}
}

// outboxFake stores submissions in memory.
type outboxFake struct {
	mu     sync.Mutex
	stored []kiosk.Submission
}

func (o *outboxFake) Enqueue(_ context.Context, s kiosk.Submission) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stored = append(o.stored, s)
	return nil
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// testCatalogue is one small service, so the printing tests do not follow
// the default catalogue's forms as they change.
const testCatalogue = `
version: "printer-test-1"
services:
  - code: library
    name: {fa: "خدمات کتابخانه‌های عمومی", en: "Public library services"}
    steps:
      - id: contact
        title: {fa: "تماس", en: "Contact"}
        fields:
          - id: mobile
            type: mobile
            required: true
            label: {fa: "شماره همراه", en: "Mobile number"}
`

// newKioskSession builds a session as cmd/kiosk does, with p as printer,
// receipts signed with the test device key and printing run inline.
func newKioskSession(t *testing.T, p kiosk.Printer) *kiosk.Session {
	t.Helper()
	cat, err := kiosk.ParseCatalogue([]byte(testCatalogue))
	if err != nil {
		t.Fatal(err)
	}
	clock := fixedClock{time.Now()}
	is, err := kiosk.NewIssuer(42, clock, uint64(time.Now().UnixNano()/1000))
	if err != nil {
		t.Fatal(err)
	}
	s, err := kiosk.NewSession(kiosk.SessionConfig{
		Catalogue: cat,
		Filer: &filing.Filer{
			Outbox:  &outboxFake{},
			Issuer:  is,
			Printer: p,
			Clock:   clock,
			KioskID: "IKA-T1-07",
			Site:    kiosk.Text{kiosk.Persian: "فرودگاه امام خمینی", kiosk.English: "Imam Khomeini Airport"},
			Sign:    func(r kiosk.Receipt) string { return kiosk.SignReceipt(testDeviceKey, r, "") },
		},
		Clock: clock,
		Go:    func(f func()) { f() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCUPSKeepSpoolsWithoutPrinting: a receipt the printer cannot take now
// is written to the spool folder and nothing is sent to CUPS (the queue
// does not even exist).
func TestCUPSKeepSpoolsWithoutPrinting(t *testing.T) {
	spool := &printer.Spool{Dir: t.TempDir(), Options: printer.Options{Fonts: testFonts(t)}}
	c := &printer.CUPS{Queue: "pishkhan-no-such-queue", Spool: spool}
	var _ kiosk.ReceiptKeeper = c
	r := testReceipt(kiosk.Persian, trackingCode(77), "")
	if err := c.Keep(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join(spool.Dir, string(r.TrackingCode)+".pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("kept receipt: %v (%d bytes)", err, len(pdf))
	}
	noSpool := &printer.CUPS{Queue: "pishkhan-no-such-queue"}
	if err := noSpool.Keep(context.Background(), r); !errors.Is(err, kiosk.ErrPrinterUnavailable) {
		t.Fatalf("keep without a spool folder: %v", err)
	}
}
