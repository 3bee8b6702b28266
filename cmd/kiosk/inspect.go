package main

import (
	"encoding/json"
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
	l, err := listenLoopback("inspection", addr)
	if err != nil {
		return err
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
