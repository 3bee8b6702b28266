package printer

import (
	"strings"

	"github.com/pishkhan/pishkhan/kiosk"
)

// StateMessage returns the printer state in l, as the technician screen and
// kioskctl show it.
func StateMessage(l kiosk.Lang, s kiosk.PrinterState) string {
	key := map[kiosk.PrinterState]string{
		kiosk.PrinterReady:     "printer.state.ready",
		kiosk.PrinterPaperLow:  "printer.state.paper_low",
		kiosk.PrinterPaperOut:  "printer.state.paper_out",
		kiosk.PrinterCoverOpen: "printer.state.cover_open",
		kiosk.PrinterJammed:    "printer.state.jammed",
		kiosk.PrinterOffline:   "printer.state.offline",
	}[s]
	if key == "" {
		key = "printer.state.unknown"
	}
	return kiosk.Msg(l, key)
}

// lpstatReport is what `lpstat -l -p QUEUE -a QUEUE` says of a queue.
type lpstatReport struct {
	found     bool   // a "printer QUEUE ..." line was there
	state     string // idle, printing, stopped
	message   string // printer-state-message
	reasons   []string
	accepting bool
}

// parseLpstat reads the output of `lpstat -l -p QUEUE -a QUEUE` in the C
// locale:
//
//	printer Q is idle.  enabled since ...
//	printer Q now printing Q-12.  enabled since ...
//	printer Q disabled since ... -
//		The printer is out of paper.        (printer-state-message)
//		Form mounted:
//		...
//		Alerts: media-empty-error paused    (printer-state-reasons)
//		...
//	Q accepting requests since ...
//	Q not accepting requests since ... -
func parseLpstat(queue, out string) lpstatReport {
	var rep lpstatReport
	inPrinter := false
	firstDetail := false
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "printer "+queue+" "):
			rep.found, inPrinter, firstDetail = true, true, true
			rest := strings.TrimPrefix(line, "printer "+queue+" ")
			switch {
			case strings.HasPrefix(rest, "is idle"):
				rep.state = "idle"
			case strings.HasPrefix(rest, "now printing"):
				rep.state = "printing"
			case strings.HasPrefix(rest, "disabled"):
				rep.state = "stopped"
			}
		case strings.HasPrefix(line, queue+" accepting requests"):
			rep.accepting, inPrinter = true, false
		case strings.HasPrefix(line, queue+" not accepting requests"):
			rep.accepting, inPrinter = false, false
		case inPrinter && (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ")):
			if strings.HasPrefix(trimmed, "Alerts:") {
				for _, r := range strings.Fields(strings.TrimPrefix(trimmed, "Alerts:")) {
					if r != "none" {
						rep.reasons = append(rep.reasons, r)
					}
				}
			} else if firstDetail && !isLpstatField(trimmed) && trimmed != "reason unknown" {
				rep.message = trimmed
			}
			firstDetail = false
		default:
			inPrinter = false
		}
	}
	return rep
}

// isLpstatField reports the "Name: value" lines of lpstat -l, which follow
// the state message.
func isLpstatField(s string) bool {
	for _, f := range []string{"Form mounted:", "Content types:", "Printer types:", "Description:", "Alerts:", "Location:", "Connection:", "Interface:"} {
		if strings.HasPrefix(s, f) {
			return true
		}
	}
	return false
}

// status turns a report into the printer's state. Reasons follow IPP
// (RFC 8011 printer-state-reasons): a "-report" suffix is information, a
// "-warning" does not stop printing, and "-error" or no suffix does.
func (rep lpstatReport) status() kiosk.PrinterStatus {
	if !rep.found {
		return kiosk.PrinterStatus{State: kiosk.PrinterUnknown, Detail: "lpstat said nothing of the queue"}
	}
	state := kiosk.PrinterReady
	worse := func(s kiosk.PrinterState) {
		if severity(s) > severity(state) {
			state = s
		}
	}
	for _, r := range rep.reasons {
		base, level := r, "error"
		for _, suf := range []string{"-report", "-warning", "-error"} {
			if strings.HasSuffix(r, suf) {
				base, level = strings.TrimSuffix(r, suf), suf[1:]
			}
		}
		switch base {
		case "media-empty", "media-needed":
			if level == "error" {
				worse(kiosk.PrinterPaperOut)
			} else if level == "warning" {
				worse(kiosk.PrinterPaperLow)
			}
		case "media-low", "media-near-empty":
			if level != "report" {
				worse(kiosk.PrinterPaperLow)
			}
		case "media-jam", "input-tray-missing", "output-area-full":
			if level == "error" {
				worse(kiosk.PrinterJammed)
			}
		case "cover-open", "door-open", "interlock-open":
			if level == "error" {
				worse(kiosk.PrinterCoverOpen)
			}
		case "offline", "shutdown", "timed-out", "paused", "stopped":
			// CUPS backends report an unreachable printer as
			// offline-report, so offline counts at every level.
			worse(kiosk.PrinterOffline)
		}
	}
	if rep.state == "" {
		worse(kiosk.PrinterUnknown)
	}
	if rep.state == "stopped" || !rep.accepting {
		worse(kiosk.PrinterOffline)
	}
	return kiosk.PrinterStatus{State: state, Detail: rep.detail()}
}

// severity orders states from ready to the worst; a printer with several
// troubles reports the one a technician must fix first.
func severity(s kiosk.PrinterState) int {
	switch s {
	case kiosk.PrinterReady:
		return 0
	case kiosk.PrinterUnknown:
		return 1
	case kiosk.PrinterPaperLow:
		return 2
	case kiosk.PrinterOffline:
		return 3
	case kiosk.PrinterCoverOpen:
		return 4
	case kiosk.PrinterJammed:
		return 5
	case kiosk.PrinterPaperOut:
		return 6
	}
	return 1
}

func (rep lpstatReport) detail() string {
	state := rep.state
	if state == "" {
		state = "state not understood"
	}
	parts := []string{state}
	if !rep.accepting {
		parts = append(parts, "not accepting jobs")
	}
	if len(rep.reasons) > 0 {
		parts = append(parts, "alerts: "+strings.Join(rep.reasons, " "))
	}
	if rep.message != "" {
		parts = append(parts, "message: "+rep.message)
	}
	return strings.Join(parts, "; ")
}
