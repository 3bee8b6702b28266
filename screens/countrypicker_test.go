package screens_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// countriesListed returns the labels of the country buttons shown under
// the nationality's letters, in order.
func (r *rig) countriesListed() []string {
	r.t.Helper()
	names := map[string]bool{}
	for _, c := range kiosk.Countries() {
		names[c.Name.In(r.sess.State().Lang)] = true
	}
	var out []string
	for _, o := range r.objects() {
		if b, ok := o.(*widgets.Button); ok && names[b.Label] {
			out = append(out, b.Label)
		}
	}
	return out
}

// openAsTraveller opens the police service in l and says the applicant
// identifies with a passport.
func openAsTraveller(r *rig, l kiosk.Lang) {
	r.t.Helper()
	r.startIn(l)
	r.open("police")
	r.tap(r.choice("id_document", "passport"))
	test.Tap(r.field("passport_number"))
}

// TestNationalityPickerByTyping: a traveller types a few letters of their
// country on the on-screen keyboard, in the session's language, and taps
// it in the short list, named and sorted in that language; the session
// holds its code and the review its name.
func TestNationalityPickerByTyping(t *testing.T) {
	tests := []struct {
		name   string
		lang   kiosk.Lang
		typed  string
		listed []string
		choose string
		code   string
	}{
		{"Persian, alef finds alef madda", kiosk.Persian, "الم", []string{"آلمان"}, "آلمان", "DE"},
		{"Persian, sorted in Persian", kiosk.Persian, "عر", []string{"عراق", "عربستان سعودی", "امارات متحدهٔ عربی"}, "عراق", "IQ"},
		{"English", kiosk.English, "new", []string{"New Caledonia", "New Zealand", "Papua New Guinea"}, "New Zealand", "NZ"},
		{"English, a later word", kiosk.English, "korea", []string{"North Korea", "South Korea"}, "South Korea", "KR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			openAsTraveller(r, tc.lang)
			// The passport number comes first, on capitals and digits.
			if got := r.pad().(*widgets.Keyboard).Layout(); got != widgets.LayoutCapitals {
				t.Fatalf("passport number typed on layout %v, want capitals", got)
			}
			r.pressKeys("X1234567")
			test.Tap(r.field("nationality"))
			if got := r.countriesListed(); len(got) != 0 {
				t.Fatalf("countries listed before anything is typed: %q", got)
			}
			if !r.shows(kiosk.Msg(tc.lang, "form.country_hint")) {
				t.Errorf("no hint to type letters: %q", r.texts())
			}
			r.pressKeys(tc.typed)
			if got := r.countriesListed(); !slices.Equal(got, tc.listed) {
				t.Fatalf("typing %q lists %q, want %q", tc.typed, got, tc.listed)
			}
			r.tap(tc.choose)
			st := r.sess.State()
			if st.Answers["nationality"] != tc.code || st.Answers["passport_number"] != "X1234567" {
				t.Fatalf("answers nationality %q passport %q", st.Answers["nationality"], st.Answers["passport_number"])
			}
			if b := r.buttons(tc.choose); len(b) != 1 || !b[0].Selected {
				t.Errorf("%s not shown chosen", tc.choose)
			}
			// Typing again starts a new search: nothing stays chosen
			// that is not shown.
			r.pressKeys(string([]rune(tc.typed)[:1]))
			if got := r.sess.State().Answers["nationality"]; got != "" {
				t.Errorf("after typing again the answer is still %q", got)
			}
		})
	}
}

// TestNationalityReviewedByName: the traveller's whole first step, and
// the review shows the country's name, never its code.
func TestNationalityReviewedByName(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t)
			openAsTraveller(r, l)
			r.pressKeys("C01X00T47")
			test.Tap(r.field("nationality"))
			r.pressKeys(map[kiosk.Lang]string{kiosk.Persian: "فران", kiosk.English: "fran"}[l])
			r.tap(kiosk.CountryName(l, "FR"))
			test.Tap(r.field("email"))
			r.typeFocused("jean@example.fr")
			r.tapMsg("nav.next")
			st := r.stage(kiosk.StageForm)
			if id := st.Service.Steps[st.Step].ID; id != "request" {
				t.Fatalf("on step %s, errors %v", id, st.Errors)
			}
			r.tap(r.choice("kind", "clearance"))
			r.tapMsg("nav.next")
			test.Tap(r.field("father_name"))
			r.typeFocused(map[kiosk.Lang]string{kiosk.Persian: "پیر", kiosk.English: "Pierre"}[l])
			r.tap(r.choice("clearance_purpose", "emigration"))
			r.tapMsg("form.agree")
			r.tapMsg("nav.next")
			r.stage(kiosk.StageReview)
			if !r.shows(kiosk.CountryName(l, "FR")) {
				t.Errorf("the review does not name France: %q", r.texts())
			}
			if r.shows("FR") || !r.shows("C01X00T47") {
				t.Errorf("the review shows the code or hides the passport: %q", r.texts())
			}
		})
	}
}

// TestNationalityPickerByRemote: on a television a traveller reaches the
// letters with the arrows, types them on the on-screen keyboard with OK,
// and the keyboard's done key takes the focus down to the list, where OK
// chooses a country; with one country left, done chooses it.
func TestNationalityPickerByRemote(t *testing.T) {
	tests := []struct {
		name   string
		typed  string
		choose string // "" when done alone chooses
		code   string
	}{
		{"several listed", "new", "New Zealand", "NZ"},
		{"one listed", "ira", "", "IQ"}, // Iran is not a passport's nationality here
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tvMode())
			r.startIn(kiosk.English)
			r.open("police")
			r.choose(r.choice("id_document", "passport"))
			r.arrowTo(r.field("nationality"))
			r.press(fyne.KeyReturn) // OK on the letters opens their keyboard
			r.keyIn(tc.typed)
			r.chooseMsg("keyboard.done")
			if tc.choose != "" {
				r.wantFocus(r.countriesListed()[0])
				r.choose(tc.choose)
			}
			if got := r.sess.State().Answers["nationality"]; got != tc.code {
				t.Fatalf("nationality %q, want %s (%s)", got, tc.code, r.describeFocus())
			}
		})
	}
}
