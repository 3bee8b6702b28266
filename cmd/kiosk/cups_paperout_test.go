package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/printer"
	"github.com/pishkhan/pishkhan/printer/cupstest"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// paperOutQueue is the CUPS queue .ci/cups-setup adds on the project's
// test backend (printer/testdata/cups/pishkhan-paperout): a receipt
// printer with an empty roll, reporting media-empty-error for every job.
const paperOutQueue = "pishkhan-paperout"

// needPaperOutQueue skips the test when cupsd or the paper-out queue is
// absent; make test installs CUPS and runs .ci/cups-setup, so in CI the
// test runs.
func needPaperOutQueue(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Skipf("zbarimg is not installed (zbar-tools; make test installs it): %v", err)
	}
	for _, tool := range []string{"lp", "lpq", "lpstat", "cancel"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (cups-client, cups-bsd; make test installs them): %v", tool, err)
		}
	}
	if out, _ := exec.Command("lpstat", "-r").CombinedOutput(); !strings.Contains(string(out), "is running") {
		t.Skipf("cupsd is not running (%s): make test starts it with .ci/cups-setup", strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command("lpstat", "-p", paperOutQueue).CombinedOutput(); err != nil {
		t.Skipf("CUPS queue %s is absent (%s): make test adds it with .ci/cups-setup", paperOutQueue, strings.TrimSpace(string(out)))
	}
}

// paperOutJobs are the jobs one test puts on the paper-out queue, known
// by their IDs or, for receipts, their titles (CUPS.Print titles a
// receipt's job pishkhan-CODE). Other test processes use the queue too
// (go test runs packages in parallel): only these jobs are looked at and
// cancelled.
type paperOutJobs struct{ ids, titles []string }

// lockPaperOutQueue keeps other test processes that take the same lock
// off the paper-out queue while the test runs and, when it ends, cancels
// whatever of its own jobs is still on the queue, so no later test finds
// a job of this one waiting for paper.
func lockPaperOutQueue(t *testing.T) *paperOutJobs {
	t.Helper()
	cupstest.LockQueue(t, paperOutQueue)
	jobs := &paperOutJobs{}
	t.Cleanup(func() {
		for _, id := range jobs.pending(t) {
			if out, err := exec.Command("cancel", id).CombinedOutput(); err != nil {
				t.Errorf("cancel %s: %v: %s", id, err, out)
			}
		}
	})
	return jobs
}

// addReceipt records the job of the receipt with code as this test's.
func (j *paperOutJobs) addReceipt(code kiosk.TrackingCode) {
	j.titles = append(j.titles, "pishkhan-"+string(code))
}

// pending returns the IDs of this test's jobs that have not finished,
// read from lpq (rank, owner, job number, title, size).
func (j *paperOutJobs) pending(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("lpq", "-P", paperOutQueue).Output()
	if err != nil {
		t.Fatalf("lpq -P %s: %v", paperOutQueue, err)
	}
	var ids []string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		if id := paperOutQueue + "-" + f[2]; slices.Contains(j.ids, id) || slices.Contains(j.titles, f[3]) {
			ids = append(ids, id)
		}
	}
	return ids
}

// waitUntil polls cond every 50 ms until it holds or the time is up, and
// reports whether it held.
func waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// decodeQR reads the QR code in img with zbarimg, as a phone's camera
// would read the screen.
func decodeQR(img image.Image) (string, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "png:-")
	cmd.Stdin = &buf
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("zbarimg: %v: %s", err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// textsShown returns the texts of the kiosk's text widgets shown under
// root.
func textsShown(root fyne.CanvasObject) []string {
	var out []string
	walkUI(root, func(o fyne.CanvasObject) bool {
		if t, ok := o.(*widgets.Text); ok {
			if t.Text() != "" {
				out = append(out, t.Text())
			}
			return false
		}
		return true
	})
	return out
}

// loadPaper makes the paper-out printer look ready, as far as it can:
// its backend takes a job titled pishkhan-refill for a technician loading
// paper and clears media-empty-error. It waits (bounded) for that job to
// finish; another process's job may empty the roll again right after.
func loadPaper(t *testing.T, jobs *paperOutJobs) kiosk.PrinterStatus {
	t.Helper()
	f := filepath.Join(t.TempDir(), "refill.txt")
	if err := os.WriteFile(f, []byte("refill\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("lp", "-d", paperOutQueue, "-t", "pishkhan-refill", f).CombinedOutput()
	if err != nil {
		t.Fatalf("lp refill: %v: %s", err, out)
	}
	m := regexp.MustCompile(`request id is (\S+) `).FindSubmatch(out)
	if m == nil {
		t.Fatalf("lp refill: no request id in %q", out)
	}
	jobs.ids = append(jobs.ids, string(m[1]))
	if !waitUntil(60*time.Second, func() bool { return len(jobs.pending(t)) == 0 }) {
		t.Fatalf("the refill job did not finish: %v", jobs.pending(t))
	}
	// cupsd may say "now printing" a moment after the job is done: wait
	// (bounded) for the printer to be idle and ready.
	var st kiosk.PrinterStatus
	waitUntil(10*time.Second, func() bool {
		st = (&printer.CUPS{Queue: paperOutQueue}).Status(context.Background())
		return st.State == kiosk.PrinterReady && strings.HasPrefix(st.Detail, "idle")
	})
	return st
}

// TestCUPSPaperOutReceiptScreenAndTechnicianDesk wires the whole
// appliance to the real CUPS paper-out queue, takes a citizen through a
// library request with taps alone in Fyne's test driver, and checks what
// the citizen is left with when the roll is empty, whether the printer
// said so before the receipt was sent or only once its job ran: the
// receipt screen says the printer is out of paper and shows the tracking
// code and a QR code (read back from the rendered window) that verifies;
// no job is left waiting for paper. A technician who then opens the desk
// through the hidden entry and the PIN reads "paper out" in the printer's
// status, with CUPS's reason.
func TestCUPSPaperOutReceiptScreenAndTechnicianDesk(t *testing.T) {
	needPaperOutQueue(t)
	jobs := lockPaperOutQueue(t)
	for _, tc := range []struct {
		name string
		lang kiosk.Lang
		// loadPaper: the printer is made to look ready first, so the
		// empty roll shows only once the receipt's job runs; otherwise
		// it still reports the empty roll from the job before.
		loadPaper bool
	}{
		{"fa/paper-loaded-then-empty", kiosk.Persian, true},
		{"en/paper-loaded-then-empty", kiosk.English, true},
		{"fa/roll-known-empty", kiosk.Persian, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.lang
			before := (&printer.CUPS{Queue: paperOutQueue}).Status(context.Background())
			if tc.loadPaper {
				before = loadPaper(t, jobs)
			}
			// Either way the citizen must end up with the fallback; what
			// the printer said before is logged, as other test processes
			// share the queue.
			t.Logf("the printer before the receipt: %s (%s)", before.State, before.Detail)
			dir := provisionedDir(t, func(c *config.Config) {
				c.BackOffice = config.BackOffice{}
				c.Printer = config.Printer{Queue: paperOutQueue, Paper: "80mm"}
			})
			a := assembleIn(t, dir, Options{})
			fa := fyne.CurrentApp()
			a.ui.ApplyTheme(fa)
			w := test.NewTempWindow(t, a.ui.Content())
			w.Resize(fyne.NewSize(1280, 1024))
			a.showTechnician(fa, w, Options{})
			root := func() fyne.CanvasObject { return w.Canvas().Content() }
			msg := func(key string) string { return kiosk.Msg(l, key) }
			keys := func(s string) {
				t.Helper()
				for _, r := range s {
					label := kiosk.LocalizeDigits(l, string(r))
					if label == " " {
						label = msg("keyboard.space")
					}
					tapLabel(t, pad(t, root()), label)
				}
			}
			stage := func(want kiosk.Stage) {
				t.Helper()
				if st := a.session.State(); st.Stage != want {
					t.Fatalf("stage %s, want %s (errors %v, submit %q)", st.Stage, want, st.Errors, st.SubmitError)
				}
			}
			shows := func(s string) bool { return slices.Contains(textsShown(root()), s) }

			// The citizen: a library membership, by touch.
			test.TapCanvas(w.Canvas(), fyne.NewPos(640, 512))
			stage(kiosk.StageLanguage)
			tapLabel(t, root(), kiosk.Msg(kiosk.Persian, "language."+string(l)))
			svc, _ := a.catalogue.Service("library")
			tapLabel(t, root(), svc.Name.In(l))
			tapLabel(t, root(), msg("intro.start"))
			stage(kiosk.StageForm)
			fs := fieldsShown(root())
			test.Tap(fs[0])
			keys("0499370899")
			test.Tap(fs[1])
			keys("09121234567")
			tapLabel(t, root(), msg("nav.next"))
			kind, _ := svc.Field("kind")
			tapLabel(t, root(), kind.Choices[0].Label.In(l))
			test.Tap(fieldsShown(root())[0])
			if l == kiosk.Persian {
				keys("کتابخانه مرکزی")
			} else {
				keys("central library")
			}
			tapLabel(t, root(), msg("nav.next"))
			tapLabel(t, root(), msg("nav.next")) // membership details: defaults
			stage(kiosk.StageReview)
			tapLabel(t, root(), msg("review.confirm"))
			tapLabel(t, root(), msg("consent.submit"))
			waitFiled(t, a, root)
			stage(kiosk.StageReceipt)

			// Printing runs in the background; the backend reports the
			// empty roll within seconds (bounded by the job timeout).
			var st kiosk.State
			waitUntil(40*time.Second, func() bool { st = a.session.State(); return st.Print != kiosk.PrintPrinting })
			if st.Print != kiosk.PrintFailed || st.PrintError != "print.paper_out" {
				t.Fatalf("print %s (%q), want failed with print.paper_out", st.Print, st.PrintError)
			}
			code := st.Receipt.TrackingCode
			jobs.addReceipt(code)
			// Not printed, but kept on the device, whether the job ran out
			// of paper or the empty roll was known before it was sent.
			if _, err := os.Stat(filepath.Join(dir, "spool", string(code)+".pdf")); err != nil {
				t.Errorf("the unprinted receipt is not kept in the spool folder: %v", err)
			}

			// The receipt screen: the fallback, the code and the QR code.
			fallback := msg("print.paper_out")
			if !waitUntil(5*time.Second, func() bool { return shows(fallback) }) {
				t.Fatalf("the receipt screen does not say %q; it shows %q", fallback, textsShown(root()))
			}
			if want := kiosk.LocalizeDigits(l, code.String()); !shows(want) {
				t.Errorf("the receipt screen does not show the tracking code %q; it shows %q", want, textsShown(root()))
			}
			if shows(msg("receipt.printed")) {
				t.Error("the receipt screen says the receipt was printed")
			}
			// The screen is rebuilt from another goroutine when printing
			// ends: read the QR code from a settled frame (bounded).
			var qr string
			var qrErr error
			if !waitUntil(5*time.Second, func() bool { qr, qrErr = decodeQR(w.Canvas().Capture()); return qrErr == nil }) {
				t.Fatalf("no QR code readable on the receipt screen: %v", qrErr)
			}
			key, err := offline.LoadKey(dir)
			if err != nil {
				t.Fatal(err)
			}
			if claims, err := kiosk.VerifyReceipt(key, qr); err != nil || claims.TrackingCode != code {
				t.Fatalf("the QR code on screen holds %q: %+v, %v", qr, claims, err)
			}
			// The receipt's job (if it was sent) was cancelled, not left to
			// print for the next citizen once paper is loaded.
			if left := jobs.pending(t); len(left) != 0 {
				t.Errorf("jobs left waiting for paper: %v", left)
			}

			// Back to the attract screen, where the technician comes.
			tapLabel(t, root(), msg("receipt.done"))
			tapLabel(t, root(), msg("survey.skip"))
			tapLabel(t, root(), msg("thanks.done"))
			stage(kiosk.StageAttract)
			c := w.Canvas()
			for _, k := range screens.EntryKeys {
				c.OnTypedKey()(&fyne.KeyEvent{Name: k})
			}
			for _, r := range "482913" {
				c.OnTypedRune()(r)
			}
			c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
			// The PIN is checked and the status read in the background.
			// Its rows are filled from another goroutine: wait (bounded)
			// for the printer's state and CUPS's reason together.
			paperOut := kiosk.Msg(a.cfg.Languages[0], "printer.state.paper_out")
			deskSays := func() bool {
				texts := textsShown(root())
				reason := slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "media-empty-error") })
				return reason && slices.Contains(texts, paperOut)
			}
			if !waitUntil(30*time.Second, deskSays) {
				t.Fatalf("the technician's desk does not say %q with the reason media-empty-error; it shows %q", paperOut, textsShown(root()))
			}
			if ps := a.tech.desk.Status(context.Background()).Printer; ps == nil || ps.State != kiosk.PrinterPaperOut {
				t.Errorf("technician status printer %+v, want paper out", ps)
			}
		})
	}
}
