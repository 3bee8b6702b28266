package screens_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// onWindow returns where o is on the window.
func onWindow(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// formScroll returns the scroll holding the step's fields.
func (r *rig) formScroll() *widgets.TouchScroll {
	r.t.Helper()
	var out *widgets.TouchScroll
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if s, ok := o.(*widgets.TouchScroll); ok && out == nil {
			out = s
			return false
		}
		return true
	})
	if out == nil {
		r.t.Fatalf("no scroll on %s", r.sess.State())
	}
	return out
}

// inView reports whether o lies whole within the form's scrolled view.
func (r *rig) inView(o fyne.CanvasObject) bool {
	s := r.formScroll()
	top, y := onWindow(s).Y, onWindow(o).Y
	return y >= top-1 && y+o.Size().Height <= top+s.Size().Height+1
}

// errorLineInView reports whether the error line reading msg under its
// field (not the summary's entry) is shown whole in the form's view.
func (r *rig) errorLineInView(msg string) bool {
	found := false
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if _, link := o.(*widgets.Link); link {
			return false // the summary's entry
		}
		if tx, ok := o.(*widgets.Text); ok && tx.Text() == msg && r.inView(tx) {
			found = true
		}
		return true
	})
	return found
}

// padShown reports whether an on-screen keyboard or keypad is shown.
func (r *rig) padShown() bool {
	shown := false
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case *widgets.Keyboard, *widgets.Keypad:
			shown = true
			return false
		}
		return true
	})
	return shown
}

// toBirthChild answers the birth certificate's first steps and opens the
// step about the child: first and last name, sex, date of birth, place.
func (r *rig) toBirthChild(l kiosk.Lang) {
	r.t.Helper()
	r.startIn(l)
	r.open("birth-marriage-certificate")
	r.sess.SetAnswer("kind", "birth")
	r.sess.Next()
	r.sess.SetAnswer("national_code", "0499370899")
	r.sess.SetAnswer("mobile", "09121234567")
	r.sess.Next()
	if st := r.stage(kiosk.StageForm); st.Service.Steps[st.Step].ID != "child" {
		r.t.Fatalf("on step %s, want child", st.Service.Steps[st.Step].ID)
	}
}

// TestRefusedContinueShowsTheErrorSummary presses Continue on a step with
// every answer missing, twice, and follows the summary to a field: every
// refused press shows the summary at the top of the step, in view, naming
// each problem in the step's order, and each entry leads to its field.
func TestRefusedContinueShowsTheErrorSummary(t *testing.T) {
	cases := []struct {
		name  string
		lang  kiosk.Lang
		opts  []rigOption
		small bool
	}{
		{"english", kiosk.English, nil, false},
		{"persian", kiosk.Persian, nil, false},
		{"english large text", kiosk.English, []rigOption{largeText()}, true},
		{"persian large text", kiosk.Persian, []rigOption{largeText()}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			if tc.small {
				r.w.SetPadded(false)
				r.w.Resize(kioskWindow)
			}
			r.toBirthChild(tc.lang)
			r.tapMsg("nav.next")
			st := r.stage(kiosk.StageForm)
			var want []string
			for _, f := range st.Service.Steps[st.Step].Fields {
				if e := st.Errors[f.ID]; e != nil {
					want = append(want, e.Message(tc.lang))
				}
			}
			if len(want) != 5 {
				t.Fatalf("%d refusals, want the five fields: %v", len(want), st.Errors)
			}
			check := func(when string) {
				t.Helper()
				links := r.problems()
				var got []string
				for _, l := range links {
					got = append(got, l.Text)
				}
				if len(got) != len(want) {
					t.Fatalf("%s: summary lists %q, want %q", when, got, want)
				}
				for i := range want {
					if got[i] != want[i] {
						t.Errorf("%s: entry %d is %q, want %q", when, i, got[i], want[i])
					}
				}
				if !r.shows(kiosk.Msg(tc.lang, "form.error_summary")) {
					t.Errorf("%s: no summary title", when)
				}
				if !r.inView(links[0]) {
					t.Errorf("%s: the first problem is not in view", when)
				}
				if r.padShown() {
					t.Errorf("%s: a keyboard covers the step", when)
				}
			}
			check("first refusal")

			// The citizen scrolls away, or opens a field's keyboard, and
			// presses Continue again with the same problems: the summary
			// is shown again.
			test.Tap(r.field("hospital"))
			if !r.padShown() {
				t.Fatal("no keyboard for the place of birth")
			}
			r.formScroll().ScrollToBottom()
			r.tapMsg("nav.next")
			if st := r.sess.State(); st.Refusals != 2 {
				t.Fatalf("refusals %d, want 2", st.Refusals)
			}
			check("second refusal")

			// An entry leads to its field: a typed field with its keyboard,
			// a choice shown whole without one; its error line in view.
			r.tapProblem(want[1])
			if !r.field("child_last_name").Active() || !r.padShown() {
				t.Errorf("the last name's entry did not open its keyboard")
			}
			// Its error line stands above the keyboard, not under it.
			if !r.errorLineInView(want[1]) {
				t.Errorf("the last name's error line is hidden (under the keyboard or scrolled away)")
			}
			r.tapProblem(want[2])
			if r.padShown() {
				t.Errorf("the sex's entry left a keyboard over the choice")
			}
			boy := r.buttons(r.choice("child_gender", "boy"))[0]
			if !r.inView(boy) {
				t.Errorf("the sex's choices are not in view")
			}
			if n := r.count(want[2]); n != 2 {
				t.Errorf("the sex's refusal is shown %d times, want 2", n)
			}
			if !r.errorLineInView(want[2]) {
				t.Errorf("the sex's error line is not in view")
			}
		})
	}
}

// TestSummaryEntryByRemote checks that on a television a refused Continue
// puts the focus on the summary's first entry, and OK goes to its field.
func TestSummaryEntryByRemote(t *testing.T) {
	r := newRig(t, tvMode())
	r.toServices(kiosk.English)
	lib, _ := kiosk.DefaultCatalogue().Service("library")
	r.choose(lib.Name.In(kiosk.English))
	r.press(fyne.KeyReturn)
	r.stage(kiosk.StageForm)
	r.sess.Next()
	links := r.problems()
	if len(links) != 2 {
		t.Fatalf("%d problems listed, want 2", len(links))
	}
	if f := r.w.Canvas().Focused(); f != fyne.Focusable(links[0]) {
		t.Fatalf("focus on %T, want the first problem", f)
	}
	r.press(fyne.KeyReturn)
	if !r.field("national_code").Active() {
		t.Errorf("OK on the first problem did not open the national code")
	}
}

// TestFieldsStayInPlace checks that what the citizen is about to touch
// does not move: not when an error line clears as they correct an
// answer, nor when a keypad takes the keyboard's place.
func TestFieldsStayInPlace(t *testing.T) {
	places := func(r *rig) map[string]fyne.Position {
		out := map[string]fyne.Position{}
		for i, f := range r.fields() {
			out[string(rune('a'+i))] = onWindow(f)
		}
		return out
	}
	same := func(t *testing.T, when string, a, b map[string]fyne.Position) {
		t.Helper()
		for k, p := range a {
			if b[k] != p {
				t.Errorf("%s: field %s moved from %v to %v", when, k, p, b[k])
			}
		}
	}
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t)
			r.startIn(l)
			r.open("library")
			r.sess.SetAnswer("mobile", "09121234567")
			r.tapMsg("nav.next") // the national code is missing
			r.tapProblem(r.sess.State().Errors["national_code"].Message(l))
			before := places(r)
			r.pressKeys(kiosk.LocalizeDigits(l, "0")) // its error line clears
			if e := r.sess.State().Errors["national_code"]; e != nil {
				t.Fatalf("error still there: %v", e)
			}
			same(t, "an error line cleared", before, places(r))

			// The book step: titles typed on the keyboard below, the
			// accession number on the keypad beside.
			r.sess.SetAnswer("national_code", "0499370899")
			r.sess.Next()
			r.sess.SetAnswer("kind", "reserve")
			r.sess.SetAnswer("library_name", "Parvin")
			r.sess.Next()
			test.Tap(r.field("book_title"))
			before = places(r)
			test.Tap(r.field("book_number"))
			if _, ok := r.pad().(*widgets.Keypad); !ok {
				t.Fatalf("no keypad for the accession number")
			}
			same(t, "the keypad took the keyboard's place", before, places(r))
			test.Tap(r.field("book_title"))
			same(t, "the keyboard came back", before, places(r))
		})
	}
}

// TestStepProgressNeverChanges walks the library service, whose request
// reveals a step: "Step 1", "Step 2" while the count is unknown, then
// "Step 3 of 3"; never a count that a later answer changes.
func TestStepProgressNeverChanges(t *testing.T) {
	r := newRig(t)
	r.startIn(kiosk.English)
	r.open("library")
	bar := func() bool {
		shown := false
		walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
			_, ok := o.(*widgets.StepBar)
			shown = shown || ok
			return !ok
		})
		return shown
	}
	steps := []struct {
		want    string
		bar     bool
		answers map[string]string
	}{
		{"Step 1", false, map[string]string{"national_code": "0499370899", "mobile": "09121234567"}},
		{"Step 2", false, map[string]string{"kind": "reserve", "library_name": "Parvin"}},
		{"Step 3 of 3", true, map[string]string{"book_title": "Kelidar"}},
	}
	for _, s := range steps {
		if !r.shows(s.want) || bar() != s.bar {
			t.Fatalf("progress: want %q (bar %t); shown %q", s.want, s.bar, r.texts())
		}
		for k, v := range s.answers {
			r.sess.SetAnswer(k, v)
		}
		r.tapMsg("nav.next")
	}
	r.stage(kiosk.StageReview)
}

// TestKeyboardDoneGoesFieldByField presses the keyboard's Done through
// the child's step: it stops at every field in order, the sex and the
// date of birth included, with no keyboard over them, and on the last
// field it continues.
func TestKeyboardDoneGoesFieldByField(t *testing.T) {
	r := newRig(t)
	r.toBirthChild(kiosk.English)
	if !r.field("child_first_name").Active() {
		t.Fatal("the first name is not active on opening")
	}
	r.pressKeys("sara")
	r.tapMsg("keyboard.done")
	if !r.field("child_last_name").Active() {
		t.Fatal("done did not move to the last name")
	}
	r.pressKeys("ahmadi")
	r.tapMsg("keyboard.done")
	if r.padShown() {
		t.Fatal("done on the last name left a keyboard over the sex's choices")
	}
	girl := r.buttons(r.choice("child_gender", "girl"))[0]
	boy := r.buttons(r.choice("child_gender", "boy"))[0]
	if f := r.w.Canvas().Focused(); f != fyne.Focusable(girl) && f != fyne.Focusable(boy) {
		t.Fatalf("done on the last name focused %T, want the sex's choice", f)
	}
	test.Tap(girl)
	if r.padShown() {
		t.Error("a keyboard shows over the choices")
	}
	r.pickDate("birth_date", "1404/01/15")
	if r.padShown() {
		t.Error("a keyboard shows over the date")
	}
	test.Tap(r.field("hospital"))
	if _, ok := r.pad().(*widgets.Keyboard); !ok {
		t.Fatal("no keyboard for the place of birth")
	}
	r.pressKeys("tehran")
	r.tapMsg("keyboard.done")
	if st := r.stage(kiosk.StageForm); st.Service.Steps[st.Step].ID != "parents" {
		t.Fatalf("done on the last field: on step %s (errors %v), want parents", st.Service.Steps[st.Step].ID, st.Errors)
	}
}
