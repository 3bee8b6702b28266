package screens_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/gate"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// shownStrings says which strings a screen may show: messages of the
// message catalogue (placeholders filled with anything), texts of the
// service catalogue, and data the test allows explicitly.
type shownStrings struct {
	exact    map[string]bool
	patterns []*regexp.Regexp
	data     map[string]bool
}

var placeholder = regexp.MustCompile(`\\\{[a-z_]+\\\}`)

func newShownStrings(cat *kiosk.Catalogue) *shownStrings {
	s := &shownStrings{exact: map[string]bool{}, data: map[string]bool{}}
	for _, key := range kiosk.MessageKeys() {
		if strings.HasPrefix(key, "speech.") {
			continue // spoken, never shown (kiosk/speech)
		}
		for _, l := range kiosk.Languages {
			m := kiosk.Msg(l, key)
			if strings.Contains(m, "{") {
				re := placeholder.ReplaceAllString(regexp.QuoteMeta(m), "(.+)")
				s.patterns = append(s.patterns, regexp.MustCompile("^"+re+"$"))
				continue
			}
			s.exact[m] = true
		}
	}
	text := func(t kiosk.Text) {
		for _, v := range t {
			s.exact[v] = true
		}
	}
	for _, svc := range cat.Services {
		text(svc.Name)
		text(svc.Description)
		text(svc.Agency)
		for _, b := range svc.Intro.Bring {
			text(b)
		}
		text(svc.Intro.Duration)
		text(svc.Intro.Fee)
		text(svc.After.Next)
		for _, b := range svc.After.Bring {
			text(b)
		}
		for _, st := range svc.Steps {
			text(st.Title)
			text(st.Hint)
			for _, f := range st.Fields {
				text(f.Label)
				text(f.Hint)
				for _, c := range f.Choices {
					text(c.Label)
				}
			}
		}
	}
	// The keys of the on-screen keyboards and the plate letters.
	for _, layout := range []widgets.KeyboardLayout{widgets.LayoutPersian, widgets.LayoutEnglish} {
		for _, shifted := range []bool{false, true} {
			for _, row := range widgets.KeyLabels(layout, shifted) {
				for _, k := range row {
					s.data[k] = true
				}
			}
		}
	}
	for _, p := range kiosk.PlateLetters {
		s.data[p] = true
	}
	return s
}

// allow adds data the citizen typed, in the forms it is shown.
func (s *shownStrings) allow(values ...string) {
	for _, v := range values {
		for _, l := range kiosk.Languages {
			s.data[kiosk.LocalizeDigits(l, v)] = true
		}
	}
}

// number matches numbers, dates, times and codes in either script.
var number = regexp.MustCompile(`^[0-9۰-۹٬٫,.:/\- ]+$`)

func (s *shownStrings) ok(v string) bool {
	if s.filled(v, 2) {
		return true
	}
	// A field too narrow for its value shows its end behind an ellipsis.
	if tail, ok := strings.CutPrefix(v, "…"); ok {
		for d := range s.data {
			if strings.HasSuffix(d, tail) {
				return true
			}
		}
	}
	return false
}

// filled reports whether v is a value, or a message with placeholders
// each filled with a value or (depth permitting) with another such
// message: "{date} at {time}" holds "{day} {month} {year}". Checking the
// parts keeps a message such as "{day} {month} {year}" from letting any
// three words through.
func (s *shownStrings) filled(v string, depth int) bool {
	if s.value(v) {
		return true
	}
	if depth == 0 {
		return false
	}
	for _, re := range s.patterns {
		m := re.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		all := true
		for _, part := range m[1:] {
			all = all && s.filled(part, depth-1)
		}
		if all {
			return true
		}
	}
	return false
}

// value reports whether v is a catalogued string, allowed data or a
// number.
func (s *shownStrings) value(v string) bool {
	return s.exact[v] || s.data[v] || number.MatchString(v)
}

// allowAnswers adds the answers of the session shown, as typed and as
// the review screen writes them.
func (s *shownStrings) allowAnswers(st kiosk.State) {
	if st.Service == nil {
		return
	}
	for id, v := range st.Answers {
		s.allow(v)
		if f, ok := st.Service.Field(id); ok {
			s.allow(f.Display(st.Lang, v))
		}
	}
}

// check fails for every string on the window that is not allowed, and for
// any text drawn other than by widgets.Text.
func (s *shownStrings) check(t *testing.T, w fyne.Window, where string) {
	t.Helper()
	walk(w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widgets.Text:
			if v := x.Text(); v != "" && !s.ok(v) {
				t.Errorf("%s: %q is in no catalogue", where, v)
			}
			return false
		case *canvas.Text:
			if x.Text != "" {
				t.Errorf("%s: %q drawn by canvas.Text, not widgets.Text", where, x.Text)
			}
		}
		return true
	})
}

// TestEveryShownStringIsCatalogued walks every screen, in both languages,
// and checks each string shown against the message and service
// catalogues: the citizen's path on a kiosk through services that use
// every kind of control, every screen of a television (each field with
// its keyboard or pad), the technician's PIN pad and screen, and the
// screens of a device that is not provisioned.
func TestEveryShownStringIsCatalogued(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) { checkCitizenStrings(t, l) })
		t.Run(string(l)+" television", func(t *testing.T) { checkTelevisionStrings(t, l) })
		t.Run(string(l)+" technician", func(t *testing.T) { checkTechnicianStrings(t, l) })
	}
	t.Run("not provisioned", checkUnprovisionedStrings)
}

// checkCitizenStrings walks the citizen's path on a kiosk by touch.
func checkCitizenStrings(t *testing.T, l kiosk.Lang) {
	r := newRig(t)
	s := newShownStrings(kiosk.DefaultCatalogue())
	check := func(where string) { t.Helper(); s.check(t, r.w, where) }

	check("attract")
	test.TapCanvas(r.w.Canvas(), fyne.NewPos(640, 500))
	check("language")
	r.tap(kiosk.Msg(l, "language."+string(l)))
	check("services")
	r.tapMsg("display.open")
	check("display panel")
	r.tapSize(l, kiosk.TextLargest)
	r.tapMsg("display.theme.contrast-light")
	check("display panel, high contrast light, largest text")
	r.tapSize(l, kiosk.TextStandard)
	r.tapMsg("display.theme.default")
	r.tapMsg("display.done")
	check("services after the display panel")

	// Track my request: a known code, a mistyped one, an unknown one.
	r.tapMsg("services.track")
	check("track")
	known := knownRequest()
	s.allow(known.AgencyRequestID)
	for _, c := range []struct{ name, code string }{
		{"found", string(known.TrackingCode)},
		{"refused", typo(string(known.TrackingCode))},
		{"not found", unknownCode(t)},
	} {
		r.tapIn(r.pad(), kiosk.Msg(l, "keyboard.clear"))
		r.pressKeys(kiosk.LocalizeDigits(l, c.code))
		check("track code typed")
		r.tapMsg("track.search")
		check("track " + c.name)
	}
	r.tapMsg("nav.back")
	r.stage(kiosk.StageServices)

	for _, svc := range r.sess.Services() {
		r.tap(svc.Name.In(l))
		check("intro " + svc.Code)
		r.tapMsg("intro.start")
		check("first step " + svc.Code)
		r.tapMsg("nav.next")
		check("refused first step " + svc.Code)
		r.tapMsg("nav.back")
		r.tapMsg("nav.back")
		r.stage(kiosk.StageServices)
	}

	// Police: a lost document (multiple choice), then a complaint
	// (yes/no, long text, date) — every control but the plate.
	r.open("police")
	s.allow("0013542419", "09351234567")
	r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
	r.tapMsg("keyboard.done")
	r.pressKeys(kiosk.LocalizeDigits(l, "09351234567"))
	r.tapMsg("nav.next")
	r.tap(r.choice("kind", "complaint"))
	check("request kind")
	r.tapMsg("nav.next")
	r.tap(r.choice("complaint_subject", "fraud"))
	r.tapMsg("form.yes")
	check("complaint with a known accused")
	test.Tap(r.field("accused_name"))
	r.tapMsg("keyboard.shift")
	check("shifted keyboard")
	r.tapMsg("keyboard.shift")
	if l == kiosk.Persian {
		r.tap("English")
	}
	check("English keyboard")
	r.tap("فارسی")
	check("Persian keyboard")
	r.pressKeys("سارا")
	s.allow("سارا")
	r.tapMsg("nav.next")
	r.stage(kiosk.StageForm)
	picker := find[*screens.DatePicker](r)
	r.tapIn(picker, picker.MonthName(3))
	r.tapIn(picker, kiosk.LocalizeDigits(l, "14"))
	check("date picked")
	test.Tap(r.field("incident_place"))
	r.typeFocused("Sadr")
	test.Type(r.field("description"), "Someone used my card.")
	s.allow("Sadr", "Someone used my card.")
	r.tapMsg("nav.next")
	check("refused consent")
	r.tapMsg("form.agree")
	r.tapMsg("nav.next")
	check("review")
	r.tapMsg("review.confirm")
	check("consent")
	r.outbox.EnqueueFunc = func(kiosk.Submission) error { return kiosk.ErrStorageFull }
	r.tapMsg("consent.submit")
	check("submit failed")
	r.outbox.EnqueueFunc = nil
	r.printer.StatusFunc = func() kiosk.PrinterStatus { return kiosk.PrinterStatus{State: kiosk.PrinterPaperOut} }
	r.tapMsg("consent.submit")
	check("receipt, paper out")
	r.clock.Add(61 * time.Second)
	r.ui.Tick()
	check("idle warning")
	r.tapMsg("idle.more_time")
	r.tapMsg("receipt.done")
	check("survey")
	r.tapMsg("survey.skip")
	check("thanks")
	r.tapMsg("thanks.done")

	// Vehicle plate: the plate entry with its letter pad.
	r.startIn(l)
	r.open("vehicle-plate")
	r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
	r.tapMsg("keyboard.done")
	r.pressKeys(kiosk.LocalizeDigits(l, "09351234567"))
	r.tapMsg("nav.next")
	r.tap(r.choice("reason", "damaged"))
	r.tapMsg("nav.next")
	check("plate")
	plate := find[*screens.PlateEntry](r)
	test.Tap(plate.Part(screens.PlateFirst)) // its pad shows beside the fields
	r.pressKeys(kiosk.LocalizeDigits(l, "12"))
	check("plate letters")
	r.tapIn(plate.Pad(), "ب")
	r.pressKeys(kiosk.LocalizeDigits(l, "34567"))
	r.tapMsg("nav.next")
	check("after plate")
}

// checkTelevisionStrings shows every screen of the citizen's path on a
// television, each field of each step with its keyboard or pad.
func checkTelevisionStrings(t *testing.T, l kiosk.Lang) {
	r := newRig(t, tvMode())
	s := newShownStrings(kiosk.DefaultCatalogue())
	s.allow(knownRequest().AgencyRequestID)
	swept := map[string]bool{}
	seen := 0
	visitEveryScreen(r, l, func(name string) {
		t.Helper()
		s.allowAnswers(r.sess.State())
		s.check(t, r.w, "television "+name)
		seen++
		r.tapEachField(name, swept, func(where string, _ *widgets.Field) {
			s.allowAnswers(r.sess.State())
			s.check(t, r.w, "television "+where)
		})
	})
	if seen < 50 {
		t.Errorf("only %d television screens checked", seen)
	}
}

// checkTechnicianStrings opens the technician's PIN pad in l (typing,
// wrong PINs, locked, no PIN provisioned) and the technician screen with
// each of its actions, the export folders and the other language.
func checkTechnicianStrings(t *testing.T, l kiosk.Lang) {
	r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Lang = l })
	r.desk.LastContact = r.clock.Now().Add(-12 * time.Minute)
	r.desk.OldestUnsent = r.clock.Now().Add(-5 * time.Hour)
	s := newShownStrings(kiosk.DefaultCatalogue())
	check := func(where string) { t.Helper(); s.check(t, r.w, "technician "+where) }
	// What the device reports of itself is data, not text to translate.
	st := r.desk.Status(context.Background())
	s.allow(st.DeviceID, st.Version, st.BackOffice.Host, st.Printer.Detail, st.CatalogueVersion)
	for _, site := range st.Site { // the screen switches language
		s.allow(site)
	}
	const syncErr = "back office refuses the api_key"
	s.allow(syncErr, "cat-2025-09")
	for _, dir := range r.desk.ExportTargets() {
		s.allow(dir, dir+"/pishkhan-diag-IKA-T1-07.tar.gz")
	}
	// The PIN pad masks each digit typed with a dot.
	for n := 1; n <= 12; n++ {
		s.data[strings.TrimSpace(strings.Repeat("● ", n))] = true
	}

	for range screens.EntryTaps {
		r.tapCorner()
	}
	if r.pad() == nil {
		t.Fatalf("no PIN pad; shown %q", r.texts())
	}
	check("PIN pad")
	for _, k := range r.pad().Keys()[:3] {
		test.Tap(k)
	}
	check("PIN pad, three digits typed")
	test.Tap(r.pad().Keys()[9]) // backspace
	r.typePIN("1")
	check("wrong PIN")
	for i := 1; i < gate.MaxPINAttempts; i++ {
		r.typePIN("111112")
	}
	if !r.pad().Disabled() {
		t.Fatalf("the pad is not locked after %d wrong PINs", gate.MaxPINAttempts)
	}
	check("PIN pad locked")
	r.clock.Add(r.gate.LockedFor())
	r.tech.Tick()
	check("PIN pad after the lock")
	r.typePIN(techPIN)
	if !r.shows(kiosk.Msg(l, "technician.title")) {
		t.Fatalf("the technician screen did not open; shown %q", r.texts())
	}
	check("status")
	tap := func(key string) { t.Helper(); test.Tap(r.button(kiosk.Msg(l, key))) }
	tap("technician.action.sync")
	check("sync done")
	r.desk.SyncErr = errors.New(syncErr)
	tap("technician.action.sync")
	check("sync failed")
	r.desk.SyncErr = nil
	tap("technician.action.test_print")
	check("test print")
	tap("technician.action.reload")
	check("catalogue reloaded")
	tap("technician.action.export")
	check("export folders")
	test.Tap(r.button(r.desk.ExportTargets()[0]))
	check("diagnostics exported")
	tap("technician.action.leave_kiosk")
	check("kiosk mode left")
	tap("technician.other_language")
	check("status in the other language")

	// A device with no PIN provisioned keeps its pad shut.
	r = newTechRig(t, func(o *screens.TechnicianOptions) {
		o.Lang, o.Gate = l, gate.New(gate.Config{Clock: o.Clock})
	})
	for range screens.EntryTaps {
		r.tapCorner()
	}
	check("PIN pad without a PIN")
}

// checkUnprovisionedStrings shows what a device that is not provisioned
// shows instead of the citizen's path, and the demonstration notice on
// the attract screen of one that runs on defaults.
func checkUnprovisionedStrings(t *testing.T) {
	r := newTechRig(t, func(o *screens.TechnicianOptions) { o.Unprovisioned, o.Blocked = true, true })
	s := newShownStrings(kiosk.DefaultCatalogue())
	// Commands and the device's identity are not translated.
	s.allow("kioskctl provision -data /var/lib/pishkhan --file SITE.yaml --device-id ID", "kioskctl doctor -data /var/lib/pishkhan",
		"IKA-T1-07", "v1.4.2")
	s.check(t, r.w, "not provisioned")
	for range screens.EntryTaps {
		r.tapCorner()
	}
	if r.pad() == nil {
		t.Fatalf("no PIN pad on the not-provisioned screen; shown %q", r.texts())
	}
	s.check(t, r.w, "not provisioned, PIN pad")

	r = newTechRig(t, func(o *screens.TechnicianOptions) { o.Unprovisioned = true })
	if !r.shows(kiosk.Msg(kiosk.English, "unprovisioned.demo")) {
		t.Fatalf("no demonstration notice; shown %q", r.texts())
	}
	s.check(t, r.w, "attract with the demonstration notice")
}

// TestShownStringsChecker makes sure the catalogue check above can fail.
func TestShownStringsChecker(t *testing.T) {
	s := newShownStrings(kiosk.DefaultCatalogue())
	s.allow("0499370899")
	cases := []struct {
		name string
		in   string
		ok   bool
	}{
		{"message", kiosk.Msg(kiosk.Persian, "nav.next"), true},
		{"message with placeholders", kiosk.Msgf(kiosk.English, "form.step", map[string]string{"n": "2", "total": "5"}), true},
		{"service name", "خدمات پلیس", true},
		{"tracking code in Persian digits", "۰۰۰۴-۲۰۰۵-۰۱۴۶-۲۰۰۰", true},
		{"allowed answer", "۰۴۹۹۳۷۰۸۹۹", true},
		{"tail of an allowed answer", "…370899", true},
		{"keyboard key", "ض", true},
		{"date written out", "۱۲ مرداد ۱۴۰۳", true},
		{"plate", "۷۳ ق ۸۶۲ ایران ۲۸", true},
		{"hard-coded English", "Submit", false},
		{"three words like a date", "Code wrong: error.tracking_code", false},
		{"message key", "error.tracking_code", false},
		{"hard-coded Persian", "ارسال کنید", false},
		{"fragment glued to a message", kiosk.Msg(kiosk.English, "nav.next") + ":", false},
		{"tail of something not typed", "…secret", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.ok(tc.in); got != tc.ok {
				t.Errorf("ok(%q) = %t, want %t", tc.in, got, tc.ok)
			}
		})
	}
}
