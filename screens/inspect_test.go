package screens_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
)

// findTarget returns the first target of in that matches, and whether
// there is one.
func findTarget(in screens.Inspection, match func(screens.InspectTarget) bool) (screens.InspectTarget, bool) {
	for _, t := range in.Targets {
		if match(t) {
			return t, true
		}
	}
	return screens.InspectTarget{}, false
}

// TestInspectDescribesControlsNeverAnswers inspects the service grid and
// a form step: every tile and the large-text switch are there, where a
// tap at their centre lands on them; a field typed into is named by its
// ID, with its keypad's keys, and no answer typed appears anywhere in
// the inspection; a refused Next shows the error summary's title and its
// links.
func TestInspectDescribesControlsNeverAnswers(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	in := r.ui.Inspect()
	if in.Stage != kiosk.StageServices || in.Lang != kiosk.English {
		t.Fatalf("inspection of %s in %s", in.Stage, in.Lang)
	}
	for _, svc := range kiosk.DefaultCatalogue().Services {
		if _, ok := findTarget(in, func(t screens.InspectTarget) bool { return t.Label == svc.Name.In(kiosk.English) }); !ok {
			t.Errorf("no target for the %s tile", svc.Code)
		}
	}
	// Taps at the centres of the targets the inspection gives open the
	// display panel and choose the largest text, named under its letter.
	tapCentre := func(what string, match func(screens.InspectTarget) bool) {
		t.Helper()
		target, ok := findTarget(r.ui.Inspect(), match)
		if !ok {
			t.Fatalf("no target for %s", what)
		}
		test.TapCanvas(r.w.Canvas(), fyne.NewPos(target.Visible.X+target.Visible.W/2, target.Visible.Y+target.Visible.H/2))
	}
	tapCentre("Display", func(t screens.InspectTarget) bool { return t.Label == kiosk.Msg(kiosk.English, "display.open") })
	largest := kiosk.Msg(kiosk.English, "display.size.largest")
	tapCentre("the largest text", func(t screens.InspectTarget) bool { return t.Detail == largest })
	if in := r.ui.Inspect(); in.TextSize != kiosk.TextLargest || !in.LargeText {
		t.Fatalf("a tap at the largest size's centre gave text size %q (large text %t)", in.TextSize, in.LargeText)
	}
	tapCentre("Done", func(t screens.InspectTarget) bool { return t.Label == kiosk.Msg(kiosk.English, "display.done") })

	r.open("health")
	r.tapMsg("nav.next") // nothing answered: refused
	in = r.ui.Inspect()
	if in.Service != "health" || in.Step != "patient" {
		t.Fatalf("form step %s/%s", in.Service, in.Step)
	}
	if !slices.Contains(in.Messages, "form.error_summary") {
		t.Errorf("the error summary's title is not among the messages shown: %q", in.Messages)
	}
	link, ok := findTarget(in, func(t screens.InspectTarget) bool { return t.Role == "link" })
	if !ok || link.Visible.W == 0 {
		t.Fatalf("no error summary link in view: %+v", in.Targets)
	}

	code := "0013542419"
	test.Tap(r.field("national_code"))
	r.pressKeys(code)
	in = r.ui.Inspect()
	f, ok := findTarget(in, func(t screens.InspectTarget) bool { return t.Field == "national_code" && t.Role == "field" })
	if !ok || !f.Active || f.Label != "" {
		t.Fatalf("national code field: %+v (found %t)", f, ok)
	}
	if _, ok := findTarget(in, func(t screens.InspectTarget) bool { return t.Group == "keypad" && t.Role == "key" }); !ok {
		t.Error("no keypad key among the targets")
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{code, kiosk.LocalizeDigits(kiosk.Persian, code), "00135"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the inspection holds the typed %q: %s", secret, data)
		}
	}
}

// TestInspectLeavesOutCountriesFound types the first letters of a
// traveller's nationality: the countries the picker lists say what was
// typed, so the inspection gives their buttons without labels.
func TestInspectLeavesOutCountriesFound(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	r.open("police")
	r.tap(choiceOf(t, "police", "id_document", "passport"))
	test.Tap(r.field("nationality"))
	var stats walkStats
	r.typeOnPad("Ger", &stats)
	if !r.shows("Germany") && len(r.buttons("Germany")) == 0 {
		t.Fatalf("Germany is not listed after typing Ger; shown: %q", r.texts())
	}
	in := r.ui.Inspect()
	private := 0
	for _, tg := range in.Targets {
		if strings.Contains(tg.Label, "German") {
			t.Errorf("the inspection names a country found: %+v", tg)
		}
		if tg.Private {
			private++
		}
	}
	if private == 0 {
		t.Error("no private target: the countries' buttons are not inspected")
	}
}

// choiceOf returns the English label of a choice of a catalogue field.
func choiceOf(t *testing.T, service, field, value string) string {
	t.Helper()
	svc, _ := kiosk.DefaultCatalogue().Service(service)
	f, ok := svc.Field(field)
	if !ok {
		t.Fatalf("no field %s in %s", field, service)
	}
	return choiceLabel(kiosk.English, f, value)
}
