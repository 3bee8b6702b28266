package screens_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestNothingTypedStaysInTheTextCache fills in a vehicle plate request
// with distinctive answers (typed on the keypad, the plate entry, a
// physical keyboard, and a date on the picker), ends the session in each
// way a session ends, and checks the text layout cache of
// kiosk/typeset:
//
//   - while the answers are shown, every text showing one is private
//     (Style.Private: never cached);
//   - once the citizen confirmed a cancel, while the survey after it is
//     shown, no answer is on screen nor any layout of its texts cached;
//   - once the kiosk is back on the attract loop, no layout of any text
//     that showed an answer, at any size it was shown, is in the cache;
//   - and the cache holds nothing but what the attract loop itself needs:
//     whatever the session showed was forgotten with it.
func TestNothingTypedStaysInTheTextCache(t *testing.T) {
	cases := []struct {
		name string
		lang kiosk.Lang
		// end ends the session; forgotten checks, before the attract
		// loop, that the answers are gone.
		end func(r *rig, forgotten func(where string))
	}{
		{"cancelled on the review", kiosk.Persian, func(r *rig, forgotten func(string)) {
			r.tapMsg("nav.cancel")
			r.stage(kiosk.StageReview) // asked first
			r.tapMsg("cancel.ask.stop")
			r.stage(kiosk.StageCancelSurvey)
			forgotten("the survey after the cancel")
			r.tapMsg("survey.skip")
			r.tapMsg("thanks.done")
		}},
		{"wiped when idle", kiosk.English, func(r *rig, _ func(string)) {
			r.clock.Add(91 * time.Second)
			r.ui.Tick()
		}},
		{"finished after the receipt", kiosk.Persian, func(r *rig, _ func(string)) {
			r.tapMsg("review.confirm")
			r.tapMsg("consent.submit")
			r.stage(kiosk.StageReceipt)
			r.tapMsg("receipt.done")
			r.tapMsg("survey.skip")
			r.tapMsg("thanks.done")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			l := tc.lang
			answers := map[string]string{
				"national_code":    "0084575948",
				"mobile":           "09357778899",
				"current_plate":    "73-ق-862-28",
				"lost_date":        "2025-06-04", // 14 Khordad 1404, 4 June 2025
				"vin":              "NAAP03ED7FJ654321",
				"vehicle_model":    "Xylofon Zq",
				"reason":           "lost",
				"plate_type":       "private",
				"lost_declaration": "yes",
			}
			needles := answerNeedles(t, l, answers)
			shown := map[probe]bool{}
			seen := map[string]bool{} // answers found on the screens
			look := func(where string) {
				t.Helper()
				r.checkPrivate(t, where, needles, shown, seen)
			}

			r.startIn(l)
			r.open("vehicle-plate")
			r.pressKeys(kiosk.LocalizeDigits(l, answers["national_code"]))
			r.tapMsg("keyboard.done")
			r.pressKeys(kiosk.LocalizeDigits(l, answers["mobile"]))
			look("owner")
			r.tapMsg("nav.next")
			r.tap(r.choice("reason", "lost"))
			r.tapMsg("nav.next")

			plate := find[*screens.PlateEntry](r)
			test.Tap(plate.Part(screens.PlateFirst)) // its pad shows beside the fields
			r.pressKeys(kiosk.LocalizeDigits(l, "73"))
			r.tapIn(plate.Pad(), "ق")
			r.pressKeys(kiosk.LocalizeDigits(l, "86228"))
			r.pickDate("lost_date", answers["lost_date"]) // in the session's calendar
			r.tapMsg("form.agree")
			look("current plate")
			r.tapMsg("nav.next")

			test.Tap(r.field("vin"))
			r.typeFocused(answers["vin"])
			test.Tap(r.field("vehicle_model"))
			r.typeFocused(answers["vehicle_model"])
			look("vehicle")
			r.tapMsg("nav.next")

			st := r.stage(kiosk.StageReview)
			for id, v := range answers {
				if st.Answers[id] != v {
					t.Fatalf("answer %s = %q, want %q", id, st.Answers[id], v)
				}
			}
			look("review")
			for id := range needles {
				if !seen[id] {
					t.Fatalf("answer %s was never found on screen: the test does not look where it is", id)
				}
			}

			tc.end(r, func(where string) {
				t.Helper()
				for _, txt := range r.texts() {
					for id, forms := range needles {
						for _, n := range forms {
							if strings.Contains(txt, n) {
								t.Errorf("%s: answer %s still shown in %q", where, id, txt)
							}
						}
					}
				}
				r.checkAnswersForgotten(t, where, shown)
			})
			r.stage(kiosk.StageAttract)
			r.checkForgotten(t, shown)
		})
	}
}

// TestPassportStaysOutOfTheTextCache: a traveller's passport number,
// nationality (the letters typed, the countries they listed, the one
// chosen) and e-mail are drawn only by private texts, and none of them
// stays in the text cache once the session is cancelled on the review.
func TestPassportStaysOutOfTheTextCache(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t)
			germany := kiosk.CountryName(l, "DE")
			needles := map[string][]string{
				"passport_number": {"C01X00T47"},
				"nationality":     {germany},
				"email":           {"anna@example.de"},
			}
			shown, seen := map[probe]bool{}, map[string]bool{}
			r.startIn(l)
			r.open("police")
			r.tap(r.choice("id_document", "passport"))
			test.Tap(r.field("passport_number"))
			r.pressKeys("C01X00T47")
			test.Tap(r.field("nationality"))
			r.pressKeys(map[kiosk.Lang]string{kiosk.Persian: "الم", kiosk.English: "ger"}[l])
			r.checkPrivate(t, "countries listed", needles, shown, seen)
			r.tap(germany)
			test.Tap(r.field("email"))
			r.typeFocused("anna@example.de")
			r.checkPrivate(t, "applicant", needles, shown, seen)
			r.tapMsg("nav.next")
			r.tap(r.choice("kind", "clearance"))
			r.tapMsg("nav.next")
			test.Tap(r.field("father_name"))
			r.typeFocused("Hans")
			r.tap(r.choice("clearance_purpose", "emigration"))
			r.tapMsg("form.agree")
			r.tapMsg("nav.next")
			r.stage(kiosk.StageReview)
			r.checkPrivate(t, "review", needles, shown, seen)
			for id := range needles {
				if !seen[id] {
					t.Fatalf("%s was never found on screen: the test does not look where it is", id)
				}
			}
			r.tapMsg("nav.cancel")
			r.tapMsg("cancel.ask.stop")
			r.stage(kiosk.StageCancelSurvey)
			r.tapMsg("survey.skip")
			r.tapMsg("thanks.done")
			r.stage(kiosk.StageAttract)
			r.checkForgotten(t, shown)
		})
	}
}

// TestTrackedCodeStaysOutOfTheTextCache tracks a request, leaves, and
// checks that neither the code typed nor the agency's reference shown
// stays in the text cache.
func TestTrackedCodeStaysOutOfTheTextCache(t *testing.T) {
	r := newRig(t)
	l := kiosk.Persian
	known := knownRequest()
	code := string(known.TrackingCode)
	needles := map[string][]string{
		"code":   {code, kiosk.LocalizeDigits(l, code), kiosk.LocalizeDigits(l, known.TrackingCode.String())},
		"agency": {known.AgencyRequestID},
	}
	shown, seen := map[probe]bool{}, map[string]bool{}
	r.startIn(l)
	r.tapMsg("services.track")
	r.pressKeys(kiosk.LocalizeDigits(l, code))
	r.tapMsg("track.search")
	r.checkPrivate(t, "track", needles, shown, seen)
	for id := range needles {
		if !seen[id] {
			t.Fatalf("%s was never found on screen", id)
		}
	}
	r.tapMsg("nav.cancel")
	r.stage(kiosk.StageAttract)
	r.checkForgotten(t, shown)
}

// checkForgotten checks, back on the attract loop, that no layout of the
// texts in shown is in the cache, and that the cache holds no more than
// the attract loop itself needs.
func (r *rig) checkForgotten(t *testing.T, shown map[probe]bool) {
	t.Helper()
	fonts := testFonts()
	if fonts == nil {
		t.Fatal("no fonts")
	}
	held := fonts.CacheLen()
	r.checkAnswersForgotten(t, "back on the attract loop", shown)
	// What the attract loop needs, laid out afresh: the cache held no
	// more than that.
	fonts.ForgetLayouts()
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*widgets.Text); ok {
			x.Refresh()
		}
		return true
	})
	if need := fonts.CacheLen(); held > need {
		t.Errorf("after the session the cache held %d layouts; the attract loop needs %d", held, need)
	}
}

// checkAnswersForgotten checks that no layout of the texts in shown is in
// the cache. Probing leaves each layout in the cache: call it once per
// session before the attract loop forgets them.
func (r *rig) checkAnswersForgotten(t *testing.T, where string, shown map[probe]bool) {
	t.Helper()
	fonts := testFonts()
	for _, p := range layouts(shown) {
		if p.cached(fonts) {
			t.Errorf("%s: the layout of %q (%s) is still in the cache", where, p.text, p.key())
		}
	}
}

// answerNeedles returns, for each answer, the forms it is shown in, in
// language l: as typed, in the language's digits, and as the review
// writes it. Choices are left out: their labels are the catalogue's.
func answerNeedles(t *testing.T, l kiosk.Lang, answers map[string]string) map[string][]string {
	t.Helper()
	svc, _ := kiosk.DefaultCatalogue().Service("vehicle-plate")
	out := map[string][]string{}
	for id, v := range answers {
		f, ok := svc.Field(id)
		if !ok {
			t.Fatalf("no field %s", id)
		}
		switch f.Type {
		case kiosk.FieldChoice, kiosk.FieldConsent:
			continue
		case kiosk.FieldDate:
			d, err := kiosk.CalendarOf(l).FromISO(v)
			if err != nil {
				t.Fatal(err)
			}
			out[id] = append(out[id], d.Format(l)) // the picker's summary
		}
		out[id] = append(out[id], v, kiosk.LocalizeDigits(l, v), f.Display(l, v))
	}
	return out
}

// probe is a layout of a text that showed an answer, keyed as the cache
// keys it: by text, style, and the width it was laid out at (0 before the
// text had a size, and always for a text that does not wrap).
type probe struct {
	text  string
	style widgets.Style
	width float32
}

// layouts returns the layouts the texts in shown made: each text's own
// width and, as every text is laid out once before it has a size, width
// 0; each layout once, as the cache keys it.
func layouts(shown map[probe]bool) []probe {
	set := map[probe]bool{}
	for p := range shown {
		set[p.layout()] = true
		p.width = 0
		set[p.layout()] = true
	}
	out := make([]probe, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	return out
}

// layout returns the probe as the cache keys its layout: colour and
// alignment are drawn, not laid out, and a wrapped text without a width
// yet is laid out on one line like an unwrapped one. Two probes of one
// layout would otherwise find it cached by each other (the English date
// picker writes the day chosen as the review shows it).
func (p probe) layout() probe {
	p.style.Color, p.style.Align = "", 0
	if p.width == 0 {
		p.style.Wrap = false
	}
	return p
}

func (p probe) key() string {
	return fmt.Sprintf("size %s, bold %t, dir %d, wrap %t, width %.0f", p.style.Size, p.style.Bold, p.style.Dir, p.style.Wrap, p.width)
}

// cached reports whether the probe's layout is in the cache. It lays the
// same text out in an ordinary (cached) Text of the same style and width
// and sees whether the cache grew: a layout found there adds nothing. The
// probe leaves its layout in the cache: probe each layout once.
func (p probe) cached(f interface{ CacheLen() int }) bool {
	st := p.style
	st.Private = false
	twin := widgets.NewText(testFonts(), "", st)
	test.WidgetRenderer(twin)
	if p.width > 0 {
		twin.Resize(fyne.NewSize(p.width, 100))
	}
	before := f.CacheLen()
	twin.SetText(p.text)
	return f.CacheLen() == before
}

// checkPrivate fails for every text on the window that shows an answer
// (one of needles, or anything inside a field) without being private. It
// adds each such text to shown, and the answers found to seen.
func (r *rig) checkPrivate(t *testing.T, where string, needles map[string][]string, shown map[probe]bool, seen map[string]bool) {
	t.Helper()
	var visit func(o fyne.CanvasObject, inField bool)
	visit = func(o fyne.CanvasObject, inField bool) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widgets.Text:
			v := x.Text()
			if v == "" {
				return
			}
			answer := inField
			for id, forms := range needles {
				for _, n := range forms {
					if n != "" && strings.Contains(v, n) {
						answer, seen[id] = true, true
					}
				}
			}
			if !answer {
				return
			}
			if !x.Style().Private {
				t.Errorf("%s: %q shows an answer and is not private", where, v)
			}
			p := probe{text: v, style: x.Style()}
			if p.style.Wrap {
				p.width = x.Size().Width
			}
			shown[p] = true
		case *widgets.Field:
			inField = true
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				visit(c, inField)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				visit(c, inField)
			}
		}
	}
	visit(r.w.Canvas().Content(), false)
}
