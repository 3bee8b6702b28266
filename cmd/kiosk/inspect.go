package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/screens"
)

// inspection is what GET /inspect answers: the screen shown (see
// screens.Inspection) and the canvas scale that turns its positions into
// the window's pixels.
type inspection struct {
	Scale float32 `json:"scale"`
	screens.Inspection
}

// serveInspect serves, on addr, which must be a loopback address, a JSON
// description of the controls of the screen shown (GET /inspect), so a
// test can tap the real kiosk through the X server. It names controls and
// where they are, never what a citizen typed. Off by default; for tests.
func serveInspect(addr string, ui *screens.UI, w fyne.Window) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("inspect address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("inspect address %q: only a loopback address (127.0.0.1:PORT)", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for inspection: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /inspect", func(rw http.ResponseWriter, _ *http.Request) {
		var in inspection
		fyne.DoAndWait(func() { // the widget tree belongs to the UI goroutine
			in = inspection{Scale: w.Canvas().Scale(), Inspection: ui.Inspect()}
		})
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(in)
	})
	go func() { _ = http.Serve(l, mux) }()
	return nil
}
