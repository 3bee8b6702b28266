package printer_test

import (
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/printer"
)

// lpstatOutput builds `lpstat -l -p Q -a Q` output as CUPS 2.4 writes it.
func lpstatOutput(header, message, alerts string, accepting bool) string {
	var b strings.Builder
	b.WriteString("printer kiosk-roll " + header + "\n")
	if message != "" {
		b.WriteString("\t" + message + "\n")
	}
	b.WriteString("\tForm mounted:\n\tContent types: any\n\tPrinter types: unknown\n\tDescription: kiosk-roll\n")
	b.WriteString("\tAlerts: " + alerts + "\n")
	b.WriteString("\tLocation: \n\tConnection: direct\n\tInterface: /etc/cups/ppd/kiosk-roll.ppd\n\tOn fault: no alert\n")
	if accepting {
		b.WriteString("kiosk-roll accepting requests since Thu Nov 26 21:21:45 2026\n")
	} else {
		b.WriteString("kiosk-roll not accepting requests since Thu Nov 26 21:21:45 2026 -\n\tRejecting Jobs\n")
	}
	return b.String()
}

func TestLpstatStatus(t *testing.T) {
	const idle = "is idle.  enabled since Thu Nov 26 21:21:45 2026"
	const printing = "now printing kiosk-roll-7.  enabled since Thu Nov 26 21:21:45 2026"
	const disabled = "disabled since Thu Nov 26 21:21:45 2026 -"
	tests := []struct {
		name      string
		out       string
		want      kiosk.PrinterState
		detailHas string
		canPrint  bool
	}{
		{"idle without alerts", lpstatOutput(idle, "", "none", true), kiosk.PrinterReady, "idle", true},
		{"printing", lpstatOutput(printing, "", "none", true), kiosk.PrinterReady, "printing", true},
		{"paper out from a backend", lpstatOutput(printing, "The printer is out of paper.", "media-empty-error", true), kiosk.PrinterPaperOut, "message: The printer is out of paper.", false},
		{"paper out without suffix", lpstatOutput(idle, "", "media-empty", true), kiosk.PrinterPaperOut, "media-empty", false},
		{"media needed", lpstatOutput(idle, "", "media-needed-error", true), kiosk.PrinterPaperOut, "media-needed-error", false},
		{"paper empty only a warning", lpstatOutput(idle, "", "media-empty-warning", true), kiosk.PrinterPaperLow, "media-empty-warning", true},
		{"paper low", lpstatOutput(idle, "", "media-low-warning", true), kiosk.PrinterPaperLow, "media-low-warning", true},
		{"paper low report is information", lpstatOutput(idle, "", "media-low-report", true), kiosk.PrinterReady, "media-low-report", true},
		{"jam", lpstatOutput(idle, "", "media-jam-error", true), kiosk.PrinterJammed, "media-jam-error", false},
		{"jam warning does not stop", lpstatOutput(idle, "", "media-jam-warning", true), kiosk.PrinterReady, "media-jam-warning", true},
		{"cover open", lpstatOutput(idle, "", "cover-open-error", true), kiosk.PrinterCoverOpen, "cover-open-error", false},
		{"door open", lpstatOutput(idle, "", "door-open", true), kiosk.PrinterCoverOpen, "door-open", false},
		{"offline report from usb backend", lpstatOutput(printing, "Waiting for printer to become available.", "offline-report", true), kiosk.PrinterOffline, "offline-report", false},
		{"stopped by technician", lpstatOutput(disabled, "Paused by technician", "paused", true), kiosk.PrinterOffline, "stopped", false},
		{"stopped without reasons", lpstatOutput(disabled, "reason unknown", "none", true), kiosk.PrinterOffline, "stopped", false},
		{"not accepting jobs", lpstatOutput(idle, "", "none", false), kiosk.PrinterOffline, "not accepting jobs", false},
		{"worst of several", lpstatOutput(disabled, "", "media-low-warning cover-open-error media-empty-error paused", true), kiosk.PrinterPaperOut, "cover-open-error", false},
		{"low paper and jam", lpstatOutput(idle, "", "media-low-warning media-jam-error", true), kiosk.PrinterJammed, "media-low-warning", false},
		{"unknown reason is kept for the technician", lpstatOutput(idle, "", "marker-supply-low-warning", true), kiosk.PrinterReady, "marker-supply-low-warning", true},
		{"nothing said of the queue", "", kiosk.PrinterUnknown, "said nothing", true},
		{"another queue only", strings.ReplaceAll(lpstatOutput(idle, "", "media-empty-error", true), "kiosk-roll", "other"), kiosk.PrinterUnknown, "said nothing", true},
		{"unparsed header", "printer kiosk-roll está inactiva\n\tAlerts: none\nkiosk-roll accepting requests since x\n", kiosk.PrinterUnknown, "state not understood", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := printer.ParseLpstatStatus("kiosk-roll", tc.out)
			if st.State != tc.want {
				t.Fatalf("state %s (%s), want %s", st.State, st.Detail, tc.want)
			}
			if !strings.Contains(st.Detail, tc.detailHas) {
				t.Fatalf("detail %q lacks %q", st.Detail, tc.detailHas)
			}
			if st.CanPrint() != tc.canPrint {
				t.Fatalf("CanPrint = %v, want %v", st.CanPrint(), tc.canPrint)
			}
		})
	}
}

func TestStateMessage(t *testing.T) {
	states := []kiosk.PrinterState{kiosk.PrinterReady, kiosk.PrinterPaperLow, kiosk.PrinterPaperOut,
		kiosk.PrinterCoverOpen, kiosk.PrinterJammed, kiosk.PrinterOffline, kiosk.PrinterUnknown, "bogus"}
	for _, l := range kiosk.Languages {
		seen := map[string]kiosk.PrinterState{}
		for _, s := range states {
			msg := printer.StateMessage(l, s)
			if msg == "" || strings.Contains(msg, "⟦") {
				t.Fatalf("%s %s: message %q missing", l, s, msg)
			}
			if prev, dup := seen[msg]; dup && s != "bogus" {
				t.Fatalf("%s: %s and %s share the message %q", l, prev, s, msg)
			}
			seen[msg] = s
		}
	}
	if got := printer.StateMessage(kiosk.English, kiosk.PrinterPaperOut); got != "Printer out of paper" {
		t.Fatalf("paper out in English: %q", got)
	}
}
