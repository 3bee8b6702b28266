package main_test

import (
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/screens"
)

// The touch walk: the real kiosk binary under Xvfb, driven only by a
// finger's taps and drags sent through the X server (XTEST), as a touch
// screen sends them. Where to tap comes from the kiosk's -inspect
// endpoint (the controls of the screen shown, never an answer); what was
// filed is read from the outbox.

// inspection is what the kiosk's GET /inspect answers.
type inspection struct {
	Scale float32 `json:"scale"`
	screens.Inspection
}

// finger taps and drags on an X display through XTEST.
type finger struct {
	t    *testing.T
	conn *xgb.Conn
	root xproto.Window
}

func newFinger(t *testing.T, display string) *finger {
	t.Helper()
	xgb.Logger = log.New(io.Discard, "", 0) // it logs a missing .Xauthority, which Xvfb needs not
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatalf("connect to %s: %v", display, err)
	}
	t.Cleanup(conn.Close)
	if err := xtest.Init(conn); err != nil {
		t.Fatalf("XTEST on %s: %v", display, err)
	}
	return &finger{t: t, conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root}
}

// fake sends one input event and waits until the server has taken it.
func (f *finger) fake(kind byte, detail byte, x, y int) {
	f.t.Helper()
	if err := xtest.FakeInputChecked(f.conn, kind, detail, 0, f.root, int16(x), int16(y), 0).Check(); err != nil {
		f.t.Fatalf("XTEST event %d: %v", kind, err)
	}
}

func (f *finger) move(x, y int) { f.fake(xproto.MotionNotify, 0, x, y) }
func (f *finger) down()         { f.fake(xproto.ButtonPress, 1, 0, 0) }
func (f *finger) up()           { f.fake(xproto.ButtonRelease, 1, 0, 0) }

// tap touches the screen at x, y and lifts.
func (f *finger) tap(x, y int) {
	f.move(x, y)
	f.down()
	f.up()
}

// drag touches at x0, y0, moves to x1, y1 in small steps, and rests
// before lifting, so the scroll follows the finger and does not coast.
func (f *finger) drag(x0, y0, x1, y1 int) {
	f.move(x0, y0)
	f.down()
	n := max(8, int(math.Hypot(float64(x1-x0), float64(y1-y0))/20))
	for i := 1; i <= n; i++ {
		f.move(x0+(x1-x0)*i/n, y0+(y1-y0)*i/n)
		time.Sleep(8 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond) // no fling: the finger stopped before it lifted
	f.up()
}

// toucher is a citizen walking the kiosk by touch: it finds controls
// through the inspection endpoint and taps them with its finger, and
// counts its taps and drags.
type toucher struct {
	t      *testing.T
	x      *xvfb // for screenshots (TOUCHWALK_SHOTS)
	f      *finger
	url    string
	client *http.Client
	lang   kiosk.Lang
	taps   int
	drags  int
	// slowest is the longest the kiosk took to answer an inspection.
	slowest time.Duration
	// documented names the screens already saved for make screenshots.
	documented map[string]bool
}

// document saves the screen shown to SCREENSHOTS_DIR as
// kiosk-LANG-NAME.png, once per name, when make screenshots asks for it.
func (w *toucher) document(name string) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" || w.x == nil || w.documented[name] {
		return
	}
	if w.documented == nil {
		w.documented = map[string]bool{}
	}
	w.documented[name] = true
	time.Sleep(700 * time.Millisecond) // the frame after the inspection
	w.x.saveScreenshot(w.t, filepath.Join(dir, fmt.Sprintf("kiosk-%s-%s.png", w.lang, name)))
}

// inspect asks the kiosk what its screen shows. The kiosk answers from
// its UI goroutine, between frames: a slow answer is a UI that is busy.
func (w *toucher) inspect() inspection {
	w.t.Helper()
	start := time.Now()
	resp, err := w.client.Get(w.url)
	if err != nil {
		w.t.Fatalf("inspect (after %v): %v", time.Since(start).Round(time.Millisecond), err)
	}
	w.slowest = max(w.slowest, time.Since(start))
	defer resp.Body.Close()
	var in inspection
	if err := json.NewDecoder(resp.Body).Decode(&in); err != nil {
		w.t.Fatalf("decode inspection: %v", err)
	}
	if in.Scale <= 0 {
		in.Scale = 1
	}
	return in
}

// describe says what a screen shows, for a failure.
func describe(in inspection) string {
	var labels, keys []string
	for _, t := range in.Targets {
		if t.Group == "" {
			labels = append(labels, fmt.Sprintf("%s %q %s", t.Role, t.Label, t.Field))
		} else {
			keys = append(keys, fmt.Sprintf("%s:%s@%.0f,%.0f", t.Group, t.Label, t.Visible.X, t.Visible.Y))
		}
	}
	return fmt.Sprintf("stage %s step %s/%s messages %q controls %q keys %q", in.Stage, in.Service, in.Step, in.Messages, labels, keys)
}

// waitFor polls the screen until cond holds, bounded.
func (w *toucher) waitFor(what string, timeout time.Duration, cond func(inspection) bool) inspection {
	w.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		in := w.inspect()
		if cond(in) {
			return in
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("waiting %v for %s: %s", timeout, what, describe(in))
		}
		time.Sleep(15 * time.Millisecond)
	}
}

func (w *toucher) waitStage(s kiosk.Stage) inspection {
	w.t.Helper()
	return w.waitFor("stage "+string(s), 10*time.Second, func(in inspection) bool { return in.Stage == s })
}

func find(in inspection, match func(screens.InspectTarget) bool) (screens.InspectTarget, bool) {
	for _, t := range in.Targets {
		if match(t) {
			return t, true
		}
	}
	return screens.InspectTarget{}, false
}

// inView reports whether enough of t is in view to be tapped.
func inView(t screens.InspectTarget) bool {
	return t.Visible.W > 0 && t.Visible.H >= min(t.Rect.H, 40)
}

// tapOn taps the centre of the control that matches, dragging its scroll
// area first while it is out of view.
func (w *toucher) tapOn(what string, match func(screens.InspectTarget) bool) {
	w.t.Helper()
	in := w.waitFor(what, 10*time.Second, func(in inspection) bool { _, ok := find(in, match); return ok })
	w.tapIn(in, what, match)
}

// tapIn is tapOn on a screen just inspected, where the control is.
func (w *toucher) tapIn(in inspection, what string, match func(screens.InspectTarget) bool) {
	w.t.Helper()
	for range 10 {
		t, ok := find(in, match)
		if !ok {
			w.t.Fatalf("%s is gone: %s", what, describe(in))
		}
		if inView(t) {
			s := in.Scale
			w.f.tap(int((t.Visible.X+t.Visible.W/2)*s), int((t.Visible.Y+t.Visible.H/2)*s))
			w.taps++
			return
		}
		if t.Scroll < 0 {
			w.t.Fatalf("%s is out of view and not in a scroll area: %+v", what, t)
		}
		w.dragToward(in, in.Scrolls[t.Scroll], t)
		in = w.settled(what, match)
	}
	w.t.Fatalf("%s not brought into view by 10 drags", what)
}

// dragToward drags the scroll area a finger's stroke so that t comes
// towards its middle.
func (w *toucher) dragToward(in inspection, area screens.InspectRect, t screens.InspectTarget) {
	dy := (t.Rect.Y + t.Rect.H/2) - (area.Y + area.H/2)
	dy = max(-0.7*area.H, min(0.7*area.H, dy))
	x := area.X + area.W/2
	y0 := area.Y + 0.85*area.H // content below: the finger moves up
	if dy < 0 {
		y0 = area.Y + 0.15*area.H
	}
	s := in.Scale
	w.f.drag(int(x*s), int(y0*s), int(x*s), int((y0-dy)*s))
	w.drags++
}

// settled waits until the control that matches stops moving.
func (w *toucher) settled(what string, match func(screens.InspectTarget) bool) inspection {
	w.t.Helper()
	var last screens.InspectRect
	first := true
	return w.waitFor(what+" at rest", 10*time.Second, func(in inspection) bool {
		t, ok := find(in, match)
		if !ok {
			return false
		}
		still := !first && t.Rect == last
		last, first = t.Rect, false
		return still
	})
}

// label matches a control outside any keyboard, keypad or picker by what
// it shows.
func label(s string) func(screens.InspectTarget) bool {
	return func(t screens.InspectTarget) bool { return t.Group == "" && t.Label == s }
}

func (w *toucher) msg(key string) string { return kiosk.Msg(w.lang, key) }

// tapMsg taps the control labelled with the message key.
func (w *toucher) tapMsg(key string) { w.t.Helper(); w.tapOn(key, label(w.msg(key))) }

// chooseLargeText chooses the largest text from the service grid, as an
// older citizen does: a tap on Display, on the largest size (a letter
// named under it), and on Done.
func (w *toucher) chooseLargeText() {
	w.t.Helper()
	w.tapOn("the display button", label(w.msg("display.open")))
	largest := w.msg("display.size." + string(kiosk.TextLargest))
	w.tapOn("the largest text size", func(c screens.InspectTarget) bool { return c.Detail == largest })
	w.waitFor("the largest text", 10*time.Second, func(in inspection) bool { return in.TextSize == kiosk.TextLargest })
	w.document("display")
	w.tapOn("the display panel's Done", label(w.msg("display.done")))
	w.waitFor("the service grid again", 10*time.Second, func(in inspection) bool {
		return in.Stage == kiosk.StageServices && !slices.Contains(in.Messages, "display.title")
	})
}

// startSession taps the attract loop, the language and large text, and
// waits for the service grid in large text.
func (w *toucher) startSession() {
	w.t.Helper()
	in := w.waitStage(kiosk.StageAttract)
	w.f.tap(int(640*in.Scale), int(400*in.Scale))
	w.waitStage(kiosk.StageLanguage)
	name := "language." + string(w.lang)
	w.tapOn(name, label(kiosk.Msg(kiosk.Persian, name)))
	w.waitFor("the service grid in "+string(w.lang), 10*time.Second, func(in inspection) bool {
		return in.Stage == kiosk.StageServices && in.Lang == w.lang
	})
	w.chooseLargeText()
}

// action is what the citizen does for one field.
type action struct {
	field string
	kind  actionKind
	value string
}

type actionKind int

const (
	typeIn  actionKind = iota // typed on the keyboard or keypad the field opens
	choose                    // a choice's value (a yes/no's "yes")
	agree                     // a consent's "I agree"
	pickDay                   // a date: years back from the picker's first year, month 1, day 10
	today                     // a date: the picker's Today key
)

type stepPlan struct {
	id   string
	acts []action
}

// servicePlan is one way through a service. The first step's Next is
// pressed first with nothing answered: refused, its summary's first
// entry leads to the first field of the plan.
type servicePlan struct {
	code  string
	steps []stepPlan
}

func typed(field, value string) action  { return action{field: field, kind: typeIn, value: value} }
func chosen(field, value string) action { return action{field: field, kind: choose, value: value} }
func agreed(field string) action        { return action{field: field, kind: agree} }
func yearsAgo(field string, n int) action {
	return action{field: field, kind: pickDay, value: strconv.Itoa(n)}
}
func step(id string, a ...action) stepPlan { return stepPlan{id: id, acts: a} }

// touchPlans are the nine services as walked in l, with text in l.
func touchPlans(l kiosk.Lang) []servicePlan {
	in := func(fa, en string) string {
		if l == kiosk.Persian {
			return fa
		}
		return en
	}
	return []servicePlan{
		{"tax", []stepPlan{
			step("taxpayer", typed("national_code", "0499370899"), typed("mobile", "09121234567")),
			step("payment", chosen("tax_kind", "vat"), chosen("vat_quarter", "2"), typed("tax_year", "1403"), typed("amount", "2500000")),
		}},
		{"building-permit", []stepPlan{
			step("owner", typed("national_code", "0499370899"), typed("mobile", "09121234567")),
			step("property", typed("postal_code", "1193653471"), typed("deed_main_plate", "123")),
			step("permit", chosen("permit_type", "new-build"), chosen("land_use", "residential"), typed("floors", "4"), typed("floor_area", "320")),
			step("declaration", agreed("declaration")),
		}},
		{"employment", []stepPlan{
			step("identity", typed("first_name", in("سارا", "Sara")), typed("last_name", in("احمدی", "Ahmadi")),
				typed("national_code", "0084575948"), yearsAgo("birth_date", 30)),
			step("status", chosen("gender", "female")),
			step("education", chosen("education_level", "master"), typed("field_of_study", in("حسابداری", "Accounting"))),
			step("job", typed("job_title", in("حسابدار", "Accountant")), typed("experience_years", "3")),
			step("contact", typed("mobile", "09351112233"), agreed("declaration")),
		}},
		{"health", []stepPlan{
			step("patient", typed("national_code", "0013542419"), chosen("insurance", "none")),
			step("request", chosen("service_kind", "insurance")),
			step("contact", typed("mobile", "09121234567"), agreed("record_consent")),
		}},
		{"school-enrollment", []stepPlan{
			step("student", typed("national_code", "0499370899"), yearsAgo("birth_date", 10), chosen("student_gender", "girl")),
			step("level", chosen("level", "primary"), chosen("grade_primary", "3")),
			step("school", typed("school_district", in("منطقه پنج", "District five")), typed("preferred_school", in("دبستان مهر", "Mehr School"))),
			step("parent", typed("parent_national_code", "0084575948"), chosen("parent_relation", "mother"), typed("mobile", "09121234567")),
		}},
		{"vehicle-plate", []stepPlan{
			step("owner", typed("national_code", "0084575948"), typed("mobile", "09351112233")),
			step("reason", chosen("reason", "new-vehicle")),
			step("vehicle", typed("vin", "NAS411100H1234567"), typed("vehicle_model", in("سمند", "Samand"))),
		}},
		{"birth-marriage-certificate", []stepPlan{
			step("kind", chosen("kind", "birth")),
			step("applicant", typed("national_code", "0013542419"), typed("mobile", "09121234567")),
			step("child", typed("child_first_name", in("مهسا", "Mahsa")), typed("child_last_name", in("کریمی", "Karimi")),
				chosen("child_gender", "girl"), action{field: "birth_date", kind: today}, typed("hospital", in("بیمارستان مهر", "Mehr Hospital"))),
			step("parents", typed("father_national_code", "0013542419"), typed("mother_national_code", "0084575948")),
		}},
		{"library", []stepPlan{
			step("member", typed("national_code", "0499370899"), typed("mobile", "09121234567")),
			step("request", chosen("kind", "membership"), typed("library_name", in("کتابخانه مرکزی", "Central Library"))),
			step("membership", chosen("member_category", "adult")),
		}},
		{"police", []stepPlan{
			step("applicant", typed("national_code", "0084575948"), typed("mobile", "09121234567")),
			step("request", chosen("kind", "clearance")),
			step("clearance", typed("father_name", in("محمد", "Mohammad")), chosen("clearance_purpose", "employment"), agreed("clearance_consent")),
		}},
	}
}

// walkRecord is one service walked: its taps and drags and the seconds
// from the tap on its tile to the receipt.
type walkRecord struct {
	service     string
	lang        kiosk.Lang
	taps, drags int
	seconds     float64
	code        kiosk.TrackingCode
}

// walkService walks one service from the service grid to the thanks
// screen, and records it.
func (w *toucher) walkService(k *runningKiosk, p servicePlan) walkRecord {
	w.t.Helper()
	svc, ok := kiosk.DefaultCatalogue().Service(p.code)
	if !ok {
		w.t.Fatalf("no service %s", p.code)
	}
	rec := walkRecord{service: p.code, lang: w.lang}
	w.taps, w.drags = 0, 0
	start := time.Now()
	w.tapOn("the "+p.code+" tile", label(svc.Name.In(w.lang)))
	w.waitStage(kiosk.StageIntro)
	w.tapMsg("intro.start")
	for i, s := range p.steps {
		w.waitFor("step "+s.id, 10*time.Second, func(in inspection) bool {
			return in.Stage == kiosk.StageForm && in.Service == p.code && in.Step == s.id
		})
		if i == 0 {
			w.refuseAndFollow(svc, s)
		}
		for _, a := range s.acts {
			w.do(svc, a)
		}
		w.next(s.id)
	}
	w.waitStage(kiosk.StageReview)
	w.tapMsg("review.confirm")
	w.waitStage(kiosk.StageConsent)
	w.tapMsg("consent.submit")
	w.waitFor("the receipt", 20*time.Second, func(in inspection) bool {
		return in.Stage == kiosk.StageReceipt && hasLabel(in, w.msg("receipt.done"))
	})
	rec.seconds, rec.taps, rec.drags = time.Since(start).Seconds(), w.taps, w.drags
	line := k.waitLog(w.t, 30*time.Second, "outbox: enqueued")
	m := trackingCodeRE.FindStringSubmatch(line)
	if m == nil {
		w.t.Fatalf("no tracking code in %q", line)
	}
	rec.code = kiosk.TrackingCode(m[1])

	w.tapMsg("receipt.done")
	w.waitStage(kiosk.StageSurvey)
	w.tapOn("a rating", label(kiosk.LocalizeDigits(w.lang, "4")))
	w.waitStage(kiosk.StageThanks)
	w.tapMsg("thanks.done")
	w.waitStage(kiosk.StageAttract)
	return rec
}

func hasLabel(in inspection, s string) bool { _, ok := find(in, label(s)); return ok }

// refuseAndFollow presses Next on a step with nothing answered, checks
// the error summary appears with its entries in view, and taps the first
// entry, which must lead to the step's first field.
func (w *toucher) refuseAndFollow(svc *kiosk.Service, s stepPlan) {
	w.t.Helper()
	w.tapOn("Next", label(w.msg("nav.next")))
	in := w.waitFor("the error summary", 10*time.Second, func(in inspection) bool {
		_, link := find(in, func(t screens.InspectTarget) bool { return t.Role == "link" && inView(t) })
		return slices.Contains(in.Messages, "form.error_summary") && link
	})
	if in.Step != s.id {
		w.t.Fatalf("a refused Next left step %s for %s", s.id, in.Step)
	}
	if dir := os.Getenv("TOUCHWALK_SHOTS"); dir != "" && w.x != nil {
		w.x.saveScreenshot(w.t, filepath.Join(dir, fmt.Sprintf("summary-%s-%s.png", w.lang, svc.Code)))
	}
	if svc.Code == "health" {
		w.document("large-error-summary")
	}
	first := s.acts[0].field
	f, _ := svc.Field(first)
	link, _ := find(in, func(t screens.InspectTarget) bool { return t.Role == "link" })
	w.tapOn("the summary's first entry", func(t screens.InspectTarget) bool { return t.Role == "link" && t.Label == link.Label })
	if !strings.Contains(link.Label, f.Label.In(w.lang)) && f.Type != kiosk.FieldConsent {
		w.t.Errorf("%s: the summary's first entry %q does not name %q", svc.Code, link.Label, f.Label.In(w.lang))
	}
	if s.acts[0].kind == typeIn {
		w.waitFor(first+" typed into from the summary", 10*time.Second, func(in inspection) bool {
			t, ok := find(in, field(first))
			return ok && t.Active && inView(t)
		})
	} else {
		w.waitFor(first+" in view from the summary", 10*time.Second, func(in inspection) bool {
			t, ok := find(in, func(t screens.InspectTarget) bool { return t.Field == first })
			return ok && inView(t)
		})
	}
}

func field(id string) func(screens.InspectTarget) bool {
	return func(t screens.InspectTarget) bool { return t.Role == "field" && t.Field == id }
}

// next taps Next and waits for the step to be left.
func (w *toucher) next(id string) {
	w.t.Helper()
	w.tapOn("Next", label(w.msg("nav.next")))
	w.waitFor("step "+id+" accepted", 10*time.Second, func(in inspection) bool {
		return in.Stage != kiosk.StageForm || in.Step != id
	})
}

// do answers one field.
func (w *toucher) do(svc *kiosk.Service, a action) {
	w.t.Helper()
	f, ok := svc.Field(a.field)
	if !ok {
		w.t.Fatalf("%s has no field %s", svc.Code, a.field)
	}
	switch a.kind {
	case typeIn:
		if t, ok := find(w.inspect(), field(a.field)); !ok || !t.Active {
			w.tapOn("field "+a.field, field(a.field))
			w.waitFor(a.field+" typed into", 10*time.Second, func(in inspection) bool {
				t, ok := find(in, field(a.field))
				return ok && t.Active
			})
		}
		for _, r := range a.value {
			w.typeRune(r)
		}
	case choose:
		lbl := ""
		for _, c := range f.Choices {
			if c.Value == a.value {
				lbl = c.Label.In(w.lang)
			}
		}
		if lbl == "" && f.Type == kiosk.FieldYesNo {
			lbl = w.msg("form." + a.value)
		}
		w.tapOn(a.field+" = "+a.value, func(t screens.InspectTarget) bool {
			return t.Field == a.field && t.Group == "" && t.Label == lbl
		})
		w.waitFor(a.field+" chosen", 10*time.Second, func(in inspection) bool {
			t, ok := find(in, func(t screens.InspectTarget) bool { return t.Field == a.field && t.Label == lbl })
			return ok && t.Selected
		})
	case agree:
		w.tapOn(a.field+" agreed", func(t screens.InspectTarget) bool {
			return (t.Field == a.field || t.Field == "") && t.Group == "" && t.Label == w.msg("form.agree")
		})
	case today:
		w.tapOn(a.field+" today", w.inPicker(a.field, w.msg("date.today")))
	case pickDay:
		back, _ := strconv.Atoi(a.value)
		w.pickYearsBack(a.field, back)
		w.tapOn(a.field+" month", w.inPicker(a.field, kiosk.CalendarOf(w.lang).MonthName(w.lang, 1)))
		w.tapOn(a.field+" day", w.inPicker(a.field, kiosk.LocalizeDigits(w.lang, "10")))
	}
}

// inPicker matches a control of the field's date picker by its label.
func (w *toucher) inPicker(id, lbl string) func(screens.InspectTarget) bool {
	return func(t screens.InspectTarget) bool { return t.Group == "datepicker" && t.Field == id && t.Label == lbl }
}

// pickYearsBack moves the date picker n years back from the year it
// opens on (the latest it offers) with its steppers, each labelled with
// the year it goes to.
func (w *toucher) pickYearsBack(id string, n int) {
	w.t.Helper()
	years := func(in inspection) []int {
		var ys []int
		for _, t := range in.Targets {
			if t.Group == "datepicker" && t.Field == id {
				if y, err := strconv.Atoi(kiosk.NormalizeDigits(t.Label)); err == nil && y > 999 {
					ys = append(ys, y)
				}
			}
		}
		return ys
	}
	in := w.waitFor(id+"'s year steppers", 10*time.Second, func(in inspection) bool { return len(years(in)) >= 2 })
	ys := years(in)
	// The year shown is the one every stepper lies 1 or 10 years from.
	shown := 0
	for _, c := range []int{ys[0] + 1, ys[0] - 1, ys[0] + 10, ys[0] - 10} {
		ok := true
		for _, y := range ys {
			d := y - c
			ok = ok && (d == 1 || d == -1 || d == 10 || d == -10)
		}
		if ok {
			shown = c
			break
		}
	}
	if shown == 0 {
		w.t.Fatalf("no year for the steppers %v", ys)
	}
	want := shown - n
	for shown != want {
		by := -1
		if shown-want >= 10 {
			by = -10
		}
		to := kiosk.LocalizeDigits(w.lang, strconv.Itoa(shown+by))
		w.tapOn(id+" year "+to, w.inPicker(id, to))
		shown += by
		// The steppers are relabelled from the year now shown.
		next := kiosk.LocalizeDigits(w.lang, strconv.Itoa(shown-1))
		w.waitFor(id+" at year "+strconv.Itoa(shown), 10*time.Second, func(in inspection) bool {
			_, ok := find(in, w.inPicker(id, next))
			return ok || shown == want
		})
	}
}

// typeRune taps the key of the keyboard or keypad shown that types r,
// after shift or the layout key when r is not on the keys shown.
func (w *toucher) typeRune(r rune) {
	w.t.Helper()
	want := []string{string(r), kiosk.LocalizeDigits(w.lang, string(r)), kiosk.LocalizeDigits(kiosk.Persian, string(r))}
	if r == ' ' {
		want = []string{w.msg("keyboard.space")}
	}
	key := func(t screens.InspectTarget) bool {
		return (t.Group == "keyboard" || t.Group == "keypad") && slices.Contains(want, t.Label)
	}
	keys := func(in inspection) string {
		var ls []string
		for _, t := range in.Targets {
			if t.Group == "keyboard" {
				ls = append(ls, t.Label)
			}
		}
		return strings.Join(ls, " ")
	}
	in := w.waitFor("a keyboard or keypad", 10*time.Second, func(in inspection) bool {
		_, ok := find(in, func(t screens.InspectTarget) bool { return t.Group == "keyboard" || t.Group == "keypad" })
		return ok
	})
	shifted := func(in inspection) bool {
		t, ok := find(in, func(t screens.InspectTarget) bool {
			return t.Group == "keyboard" && t.Label == w.msg("keyboard.shift")
		})
		return ok && t.Selected
	}
	for attempt := range 4 {
		if _, ok := find(in, key); ok {
			w.tapIn(in, fmt.Sprintf("key %q", r), key)
			if shifted(in) {
				// Shift holds for one key: the next key is looked for
				// on the plain keys.
				w.waitFor("shift released", 10*time.Second, func(in inspection) bool { return !shifted(in) })
			}
			return
		}
		before := keys(in)
		other := func(t screens.InspectTarget) bool {
			if t.Group != "keyboard" {
				return false
			}
			if attempt%2 == 0 {
				return t.Label == w.msg("keyboard.shift")
			}
			return t.Label == kiosk.Msg(w.lang, "language.en") || t.Label == kiosk.Msg(w.lang, "language.fa")
		}
		if _, ok := find(in, other); !ok {
			continue
		}
		w.tapIn(in, "shift or layout", other)
		in = w.waitFor("the keys changed", 10*time.Second, func(in inspection) bool { return keys(in) != before })
	}
	w.t.Fatalf("no key types %q: %s", r, describe(w.inspect()))
}

// saveScreenshot writes the whole display to path as a PNG.
func (x *xvfb) saveScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	if err := png.Encode(f, x.screenshot(t)); err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
}

// freeLoopbackAddr returns a loopback address with a port free now.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestTouchWalkEveryServiceUnderXvfb completes each of the nine services
// on the real kiosk binary by touch alone, in Persian and in English,
// with large text switched on from the service grid: taps and drags sent
// through the X server (XTEST), no key pressed but the on-screen
// keyboard's and keypad's, no scroll bar. On each service's first step
// Next is pressed first with nothing answered: the error summary appears
// («مشکلی هست», "There is a problem") and its first entry leads to the
// field. Every submission is found in the outbox under its service. The
// taps, drags and seconds of each service are logged, and written as a
// table to the file TOUCHWALK_TABLE names.
func TestTouchWalkEveryServiceUnderXvfb(t *testing.T) {
	kioskBinary(t) // built once: not part of the walk's time
	x := startXvfb(t, 1280, 800)
	var records []walkRecord
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			records = append(records, touchWalk(t, x, l)...)
		})
	}
	table := touchTable(records)
	t.Log("\n" + table)
	if path := os.Getenv("TOUCHWALK_TABLE"); path != "" {
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			t.Errorf("write %s: %v", path, err)
		}
	}
}

// touchWalk walks the nine services in l on one kiosk, back to back,
// and checks the outbox holds each submission, under its service.
func touchWalk(t *testing.T, x *xvfb, l kiosk.Lang) []walkRecord {
	dir := t.TempDir()
	addr := freeLoopbackAddr(t)
	k := startKiosk(t, x, "-data", dir, "-fullscreen", "-inspect", addr)
	k.waitLog(t, 30*time.Second, "kiosk started")
	w := &toucher{t: t, x: x, f: newFinger(t, x.Display), url: "http://" + addr + "/inspect",
		client: &http.Client{Timeout: 20 * time.Second}, lang: l}
	w.waitFor("the inspection endpoint", 10*time.Second, func(inspection) bool { return true })
	var records []walkRecord
	for _, p := range touchPlans(l) {
		if only := os.Getenv("TOUCHWALK_ONLY"); only != "" && !slices.Contains(strings.Split(only, ","), string(l)+"/"+p.code) {
			continue
		}
		w.startSession()
		rec := w.walkService(k, p)
		t.Logf("%s/%s: %d taps, %d drags, %.1f s, %s", l, p.code, rec.taps, rec.drags, rec.seconds, rec.code)
		records = append(records, rec)
	}
	t.Logf("%s: the slowest answer from the UI goroutine took %v", l, w.slowest.Round(time.Millisecond))
	if err := k.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("kiosk exited with %v after SIGTERM", err)
	}
	o, err := offline.Open(dir, offline.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open outbox: %v", err)
	}
	defer o.Close()
	stored := 0
	if err := o.List(offline.ListOptions{}, func(offline.Entry) error { stored++; return nil }); err != nil {
		t.Fatalf("list outbox: %v", err)
	}
	if stored != len(records) {
		t.Errorf("%d submissions in the outbox after %d services walked", stored, len(records))
	}
	for _, rec := range records {
		e, err := o.Get(rec.code)
		if err != nil {
			t.Errorf("%s: submission %s: %v", rec.service, rec.code, err)
			continue
		}
		if e.ServiceCode != rec.service {
			t.Errorf("submission %s is for %q, want %q", rec.code, e.ServiceCode, rec.service)
		}
	}
	return records
}

// touchTable writes the records as a Markdown table, a service a row,
// each language's taps, drags and seconds side by side.
func touchTable(records []walkRecord) string {
	by := map[string]map[kiosk.Lang]walkRecord{}
	var order []string
	for _, r := range records {
		if by[r.service] == nil {
			by[r.service] = map[kiosk.Lang]walkRecord{}
			order = append(order, r.service)
		}
		by[r.service][r.lang] = r
	}
	var b strings.Builder
	b.WriteString("| service | fa taps | fa drags | fa s | en taps | en drags | en s |\n|---|---:|---:|---:|---:|---:|---:|\n")
	var sum [2]walkRecord
	for _, s := range order {
		fmt.Fprintf(&b, "| %s |", s)
		for i, l := range []kiosk.Lang{kiosk.Persian, kiosk.English} {
			r := by[s][l]
			fmt.Fprintf(&b, " %d | %d | %.1f |", r.taps, r.drags, r.seconds)
			sum[i].taps += r.taps
			sum[i].drags += r.drags
			sum[i].seconds += r.seconds
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "| all nine | %d | %d | %.1f | %d | %d | %.1f |\n",
		sum[0].taps, sum[0].drags, sum[0].seconds, sum[1].taps, sum[1].drags, sum[1].seconds)
	return b.String()
}
