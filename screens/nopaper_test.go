package screens_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
)

// TestReceiptOnSpoolOnlyKiosk: a kiosk whose printer only files receipts
// (the spool folder, NoPaper) must not tell the citizen to take a receipt
// that never came out, nor offer to reprint it.
func TestReceiptOnSpoolOnlyKiosk(t *testing.T) {
	for _, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t, func(c *kiosk.SessionConfig, _ *screens.Options) { c.NoPaper = true })
			r.startIn(l)
			r.open("police")
			walkToReceipt(t, r)
			if st := r.sess.State(); st.Print != kiosk.PrintDone {
				t.Fatalf("the spool copy was not filed: %s", st.Print)
			}
			if !r.shows(kiosk.Msg(l, "receipt.no_printer")) || r.shows(kiosk.Msg(l, "receipt.printed")) {
				t.Fatalf("receipt screen shows %q", r.texts())
			}
			if len(r.buttons(kiosk.Msg(l, "receipt.reprint"))) != 0 {
				t.Error("a reprint button on a kiosk that prints nothing")
			}
		})
	}
}
