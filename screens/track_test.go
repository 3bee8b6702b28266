package screens_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// unknownCode is a well-formed tracking code no tracker in these tests
// knows.
func unknownCode(t *testing.T) string {
	t.Helper()
	is, err := kiosk.NewIssuer(99, kiosktest.NewClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)), 0)
	if err != nil {
		t.Fatal(err)
	}
	return string(is.Next())
}

// TestTrackMyRequestByTouch opens "track my request" from the service
// grid in both languages, types a code on the keypad and presses Track:
// a known code shows where the request stands, a mistyped one is refused
// without asking the tracker, an unknown one and a tracker that fails
// say so. The code reads in groups of four, left to right, as it is
// typed; Back returns to the grid.
func TestTrackMyRequestByTouch(t *testing.T) {
	known := knownRequest()
	cases := []struct {
		name  string
		code  string
		fail  bool     // the tracker cannot answer
		asked bool     // the tracker is asked
		shown []string // message keys shown after Track
	}{
		{"known code", string(known.TrackingCode), false, true, []string{"track.progress.forwarded", "track.service", "track.submitted", "track.updated", "track.agency_number"}},
		{"mistyped code", typo(string(known.TrackingCode)), false, false, []string{"error.tracking_code"}},
		{"too short", string(known.TrackingCode)[:15], false, false, []string{"error.tracking_code"}},
		{"unknown code", unknownCode(t), false, true, []string{"track.not_found"}},
		{"tracker fails", string(known.TrackingCode), true, true, []string{"track.failed"}},
	}
	answers := []string{"track.progress.forwarded", "track.service", "error.tracking_code", "track.not_found", "track.failed"}
	for _, l := range kiosk.Languages {
		for _, tc := range cases {
			t.Run(string(l)+"/"+tc.name, func(t *testing.T) {
				r := newRig(t)
				if tc.fail {
					r.tracker.TrackFunc = func(kiosk.TrackingCode) (kiosk.TrackResult, error) {
						return kiosk.TrackResult{}, errors.New("outbox unreadable")
					}
				}
				r.startIn(l)
				r.tapMsg("services.track")
				r.stage(kiosk.StageTrack)
				if !r.shows(kiosk.Msg(l, "track.title")) || !r.shows(kiosk.Msg(l, "track.prompt")) {
					t.Fatalf("track screen shows %q", r.texts())
				}

				field := find[*widgets.Field](r)
				r.pressKeys(kiosk.LocalizeDigits(l, tc.code[:6]))
				if want := kiosk.LocalizeDigits(l, tc.code[:4]+"-"+tc.code[4:6]); field.Shown() != want {
					t.Errorf("after six digits the field shows %q, want %q", field.Shown(), want)
				}
				r.pressKeys(kiosk.LocalizeDigits(l, tc.code[6:]))
				if got := r.sess.State().TrackCode; got != tc.code {
					t.Fatalf("code typed %q, want %q", got, tc.code)
				}
				if want := kiosk.LocalizeDigits(l, kiosk.TrackingCode(tc.code).String()); field.Shown() != want {
					t.Errorf("the field shows %q, want %q", field.Shown(), want)
				}
				if field.Dir != widgets.DirLTR {
					t.Errorf("the code reads in direction %d, want left to right", field.Dir)
				}

				r.tapMsg("track.search")
				r.stage(kiosk.StageTrack)
				for _, key := range answers {
					want := contains(tc.shown, key)
					if got := r.shows(kiosk.Msg(l, key)); got != want {
						t.Errorf("%s shown: %t, want %t; shown: %q", key, got, want, r.texts())
					}
				}
				if asked := len(r.tracker.questions()) > 0; asked != tc.asked {
					t.Errorf("tracker asked %v, want asked: %t", r.tracker.questions(), tc.asked)
				}
				if tc.name == "known code" {
					svc, _ := kiosk.DefaultCatalogue().Service(known.ServiceCode)
					for _, want := range []string{svc.Name.In(l), kiosk.FormatDate(l, known.SubmittedAt), kiosk.FormatDate(l, known.UpdatedAt), known.AgencyRequestID} {
						if !r.shows(want) {
							t.Errorf("the answer does not show %q; shown: %q", want, r.texts())
						}
					}
				}

				// Correcting the code takes the refusal or the answer away.
				r.tapIn(r.pad(), kiosk.Msg(l, "keyboard.backspace"))
				for _, key := range answers {
					if r.shows(kiosk.Msg(l, key)) {
						t.Errorf("%s still shown after the code changed", key)
					}
				}

				r.tapMsg("nav.back")
				st := r.stage(kiosk.StageServices)
				if st.TrackCode != "" || st.Track != nil || st.TrackError != "" {
					t.Errorf("back on the grid the session keeps %q %v %q", st.TrackCode, st.Track, st.TrackError)
				}
			})
		}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// TestTrackAnswerShowsWhatIsKnown checks the sentence of each progress
// and that the last change and the agency's reference appear only when
// the tracker knows them.
func TestTrackAnswerShowsWhatIsKnown(t *testing.T) {
	cases := []struct {
		name     string
		progress kiosk.Progress
		updated  bool
		agency   bool
	}{
		{"received here", kiosk.ProgressReceived, false, false},
		{"with the agency", kiosk.ProgressForwarded, true, true},
		{"closed", kiosk.ProgressClosed, true, true},
		{"rejected without a reference", kiosk.ProgressRejected, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			res := knownRequest()
			res.Progress = tc.progress
			if !tc.updated {
				res.UpdatedAt = time.Time{}
			}
			if !tc.agency {
				res.AgencyRequestID = ""
			}
			r.tracker.known[res.TrackingCode] = res
			r.startIn(kiosk.English)
			r.tapMsg("services.track")
			r.typeFocused(string(res.TrackingCode))
			r.press(fyne.KeyReturn) // Enter in the field tracks
			en := func(key string) string { return kiosk.Msg(kiosk.English, key) }
			if !r.shows(en("track.progress." + string(tc.progress))) {
				t.Errorf("no sentence for %s; shown: %q", tc.progress, r.texts())
			}
			if got := r.shows(en("track.updated")); got != tc.updated {
				t.Errorf("last update shown: %t, want %t", got, tc.updated)
			}
			if got := r.shows(en("track.agency_number")) && r.shows("BP-1404-00731"); got != tc.agency {
				t.Errorf("agency reference shown: %t, want %t", got, tc.agency)
			}
		})
	}
}

// TestTrackMyRequestByRemote finds "track my request" with the arrows on
// a television, types the code with the digit keys wherever the focus
// is, tracks with OK, deletes with Backspace on the keypad, and goes
// back to the grid with Back.
func TestTrackMyRequestByRemote(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t, tvMode())
			r.toServices(l)
			r.chooseMsg("services.track")
			r.stage(kiosk.StageTrack)
			field := find[*widgets.Field](r)
			if r.focused() != field {
				t.Fatalf("the track screen opens with %s, want the code's field", r.describeFocus())
			}
			code := string(knownRequest().TrackingCode)
			r.typeDigits(code[:8])
			// On the Track button, digits still go into the code.
			track := r.button(kiosk.Msg(l, "track.search"))
			r.arrowTo(track)
			r.typeDigits(kiosk.LocalizeDigits(l, code[8:]))
			if got := r.sess.State().TrackCode; got != code {
				t.Fatalf("code typed %q, want %q", got, code)
			}
			r.press(fyne.KeyReturn)
			if !r.shows(kiosk.Msg(l, "track.progress.forwarded")) {
				t.Fatalf("OK on Track shows %q", r.texts())
			}
			if track.Key != widgets.KeyGreen {
				t.Error("Track is not on the green key")
			}

			// Backspace on a key of the keypad deletes a digit; on the
			// Track button it goes back.
			r.arrowTo(r.buttonIn(r.pad(), kiosk.LocalizeDigits(l, "5")))
			r.press(fyne.KeyBackspace)
			if got := r.sess.State().TrackCode; got != code[:15] {
				t.Fatalf("after Backspace on the keypad the code is %q", got)
			}
			r.arrowTo(r.button(kiosk.Msg(l, "track.search")))
			r.press(fyne.KeyEscape)
			r.stage(kiosk.StageServices)
		})
	}
}

// TestTrackHiddenWithoutTracker checks that a device that cannot answer
// does not offer "track my request".
func TestTrackHiddenWithoutTracker(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  []rigOption
		shown bool
	}{
		{"with a tracker", nil, true},
		{"without a tracker", []rigOption{withoutTracker()}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			r.startIn(kiosk.Persian)
			if got := len(r.buttons(kiosk.Msg(kiosk.Persian, "services.track"))) == 1; got != tc.shown {
				t.Errorf("track my request offered: %t, want %t", got, tc.shown)
			}
		})
	}
}

// TestTrackButtonUsesTheReceiptsWords checks the service grid's button
// is called what the printed receipt tells citizens to look for.
func TestTrackButtonUsesTheReceiptsWords(t *testing.T) {
	for _, l := range kiosk.Languages {
		label := kiosk.Msg(l, "services.track")
		for _, key := range []string{"printer.receipt.check_url", "printer.receipt.check_kiosk"} {
			if !strings.Contains(kiosk.Msg(l, key), label) {
				t.Errorf("%s: the receipt's %s does not name the button %q", l, key, label)
			}
		}
	}
}
