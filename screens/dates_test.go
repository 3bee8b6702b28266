package screens_test

import (
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestDateOfBirthInEachCalendar enters one date of birth, 10 February
// 1995, on a job application: in English on the Gregorian picker (by
// touch, and by remote on a television), in Persian on the Solar Hijri
// one (21 Bahman 1373). Each stores the same ISO date, and the picker
// and the review write it the same way in English.
func TestDateOfBirthInEachCalendar(t *testing.T) {
	const iso = "1995-02-10"
	cases := []struct {
		name   string
		lang   kiosk.Lang
		opts   []rigOption
		remote bool
		date   string // as the walk writes it
		want   kiosk.CalendarDate
		month  string // the month's key
		chosen string // the picker's day chosen
		review string
	}{
		{"English, Gregorian picker", kiosk.English, nil, false, iso,
			kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 1995, Month: 2, Day: 10}, "February", "10 February 1995", "10 February 1995"},
		{"English on a television, by remote", kiosk.English, []rigOption{tvMode()}, true, iso,
			kiosk.CalendarDate{Calendar: kiosk.Gregorian, Year: 1995, Month: 2, Day: 10}, "February", "10 February 1995", "10 February 1995"},
		{"Persian, Solar Hijri picker", kiosk.Persian, nil, false, "1373/11/21",
			kiosk.CalendarDate{Calendar: kiosk.SolarHijri, Year: 1373, Month: 11, Day: 21}, "بهمن", "۲۱ بهمن ۱۳۷۳", "۲۱ بهمن ۱۳۷۳"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			r.startIn(tc.lang)
			r.open("employment")
			steps := findWalk(t, "employment/woman with a master's degree").steps
			var stats walkStats
			for _, a := range steps[0].answers {
				switch {
				case a.field != "birth_date":
					r.enter(a, &stats)
				case tc.remote:
					r.pickDateByRemote("birth_date", tc.date)
				default:
					r.pickDate("birth_date", tc.date)
				}
			}
			d := r.picker()
			if got := d.Date(); got != tc.want {
				t.Errorf("picked %+v, want %+v", got, tc.want)
			}
			if got := d.MonthName(tc.want.Month); got != tc.month {
				t.Errorf("month key %q, want %q", got, tc.month)
			}
			if !r.shows(tc.chosen) {
				t.Errorf("the picker does not show %q; shown: %q", tc.chosen, r.texts())
			}
			if got := r.sess.State().Answers["birth_date"]; got != iso {
				t.Fatalf("birth_date holds %q, want %s", got, iso)
			}
			r.tapMsg("nav.next")
			r.fillSteps(steps[1:], nil)
			if !r.shows(tc.review) {
				t.Errorf("the review does not show %q; shown: %q", tc.review, r.texts())
			}
			if r.showsContaining(iso) {
				t.Errorf("the review shows the bare ISO date %s", iso)
			}
			r.tapMsg("review.confirm")
			r.tapMsg("consent.submit")
			r.stage(kiosk.StageReceipt)
			subs := r.outbox.submissions()
			if len(subs) != 1 || subs[0].Answers["birth_date"] != iso {
				t.Fatalf("submitted %v, want one with birth_date %s", subs, iso)
			}
		})
	}
}

// TestDatePickerOffersOnlyDaysTheFieldAccepts opens the date steps of
// three forms in each language and checks that the picker offers the
// first and last days the field accepts today (min_date and max_date,
// in Tehran) and not the day before or after, in its calendar.
func TestDatePickerOffersOnlyDaysTheFieldAccepts(t *testing.T) {
	cases := []struct {
		walk, field      string
		earliest, latest string
	}{
		{"employment/man with a bachelor's degree", "birth_date", "1960-08-03", "2007-08-03"},     // today-65y..today-18y
		{"health/appointment with a paediatrician", "preferred_date", "2025-08-03", "2025-10-02"}, // today..today+60d
		{"birth-marriage-certificate/birth of a girl", "birth_date", "2007-08-03", "2025-08-03"},  // today-18y..today
	}
	for _, tc := range cases {
		for _, l := range kiosk.Languages {
			t.Run(tc.walk+"/"+tc.field+"/"+string(l), func(t *testing.T) {
				wc := findWalk(t, tc.walk)
				r := newRig(t)
				r.startIn(l)
				r.open(wc.service)
				var stats walkStats
				for _, s := range wc.steps {
					if stepHolds(s, tc.field) {
						break
					}
					r.fillStep(s, nil, &stats)
				}
				st := r.sess.State()
				f, _ := st.Service.Field(tc.field)
				if lo, hi := f.DateBounds(r.clock.Now()); lo != tc.earliest || hi != tc.latest {
					t.Fatalf("%s accepts %s..%s today, the test expects %s..%s", tc.field, lo, hi, tc.earliest, tc.latest)
				}
				d := r.picker()
				for _, c := range []struct {
					iso     string
					offered bool
				}{
					{tc.earliest, true},
					{tc.latest, true},
					{dayAfter(t, tc.earliest, -1), false},
					{dayAfter(t, tc.latest, 1), false},
				} {
					if got := r.offers(d, c.iso); got != c.offered {
						t.Errorf("%s offered: %t, want %t", c.iso, got, c.offered)
					}
				}
				r.pickDate(tc.field, tc.latest)
			})
		}
	}
}

// TestDateRefusalAcrossMidnight picks the earliest incident date a police
// report accepts a minute before midnight in Tehran, and taps Next a
// minute after: the earliest day has moved on, and the refusal gives it
// as the session's language writes dates.
func TestDateRefusalAcrossMidnight(t *testing.T) {
	cases := []struct {
		lang kiosk.Lang
		date string // the earliest day on 3 August 2025
		want string
	}{
		{kiosk.English, "2020-08-03", "Choose 4 August 2020 or a later day for “Date it happened”."},
		{kiosk.Persian, "1399/05/13", "برای «تاریخ رخداد» روز ۱۴ مرداد ۱۳۹۹ یا پس از آن را انتخاب کنید."},
	}
	for _, tc := range cases {
		t.Run(string(tc.lang), func(t *testing.T) {
			r := newRig(t)
			r.clock.Add(10*time.Hour + 59*time.Minute) // 20:29 UTC: 23:59 in Tehran
			r.startIn(tc.lang)
			r.open("police")
			steps := findWalk(t, "police/fraud complaint against a known person").steps
			var stats walkStats
			for _, s := range steps[:len(steps)-1] {
				r.fillStep(s, nil, &stats)
			}
			last := steps[len(steps)-1]
			for _, a := range last.answers {
				if a.field == "incident_date" {
					a.value = tc.date
				}
				r.enter(a, &stats)
			}
			r.clock.Add(2 * time.Minute)
			r.tapMsg("nav.next")
			st := r.stage(kiosk.StageForm)
			e := st.Errors["incident_date"]
			if e == nil || e.Key != "error.date_min" || e.Args["date"] != "2020-08-04" {
				t.Fatalf("refusal %+v, want error.date_min with 2020-08-04", e)
			}
			if got := e.Message(tc.lang); got != tc.want {
				t.Errorf("refusal reads %q, want %q", got, tc.want)
			}
			if !r.shows(tc.want) {
				t.Errorf("refusal %q not shown; shown: %q", tc.want, r.texts())
			}
		})
	}
}

func stepHolds(s walkStep, field string) bool {
	for _, a := range s.answers {
		if a.field == field {
			return true
		}
	}
	return false
}

// dayAfter returns the ISO date n days after iso.
func dayAfter(t *testing.T, iso string, n int) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		t.Fatal(err)
	}
	return d.AddDate(0, 0, n).Format("2006-01-02")
}

// offers reports whether the picker lets the citizen pick the day iso:
// its year within reach of the arrows, its month and day keys enabled.
// It leaves the month tapped.
func (r *rig) offers(d *screens.DatePicker, iso string) bool {
	r.t.Helper()
	cd, err := d.Calendar().FromISO(iso)
	if err != nil {
		r.t.Fatal(err)
	}
	if !r.moveYear(d, cd.Year) {
		return false
	}
	month := r.keyOf(d, d.MonthName(cd.Month))
	if month.Disabled() {
		return false
	}
	r.tapIn(d, month.Label)
	return !r.keyOf(d, kiosk.LocalizeDigits(r.sess.State().Lang, strconv.Itoa(cd.Day))).Disabled()
}

// keyOf returns the one button labelled label in root, enabled or not.
func (r *rig) keyOf(root fyne.CanvasObject, label string) *widgets.Button {
	r.t.Helper()
	var found []*widgets.Button
	walk(root, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			if b.Label == label {
				found = append(found, b)
			}
			return false
		}
		return true
	})
	if len(found) != 1 {
		r.t.Fatalf("%d buttons labelled %q", len(found), label)
	}
	return found[0]
}

// pickDateByRemote picks a date (written as pickDate takes it) with the
// remote alone: the arrows to the picker's year arrows and OK on them
// until the year shows, then to the month and the day, OK on each.
func (r *rig) pickDateByRemote(field, date string) {
	r.t.Helper()
	d := r.picker()
	l := r.sess.State().Lang
	iso, err := kiosk.ParseDate(date)
	if err != nil {
		r.t.Fatal(err)
	}
	want, err := d.Calendar().FromISO(iso)
	if err != nil {
		r.t.Fatal(err)
	}
	for range 40 {
		diff := want.Year - d.Date().Year
		if diff == 0 {
			break
		}
		label, _ := yearStepper(l, d.Date().Year, diff)
		r.arrowTo(r.buttonIn(d, label))
		r.press(fyne.KeyReturn)
	}
	r.arrowTo(r.buttonIn(d, d.MonthName(want.Month)))
	r.press(fyne.KeyReturn)
	r.arrowTo(r.buttonIn(d, kiosk.LocalizeDigits(l, strconv.Itoa(want.Day))))
	r.press(fyne.KeyReturn)
	if got := d.Date(); got != want {
		r.t.Fatalf("picked %+v by remote, want %+v", got, want)
	}
	if got := r.sess.State().Answers[field]; got != iso {
		r.t.Fatalf("%s holds %q after picking %s by remote, want %s", field, got, date, iso)
	}
}

// TestDatePickerTodayByRemote moves the focus to the picker's Today key
// with the arrows alone and presses OK: the answer is today, in Tehran.
func TestDatePickerTodayByRemote(t *testing.T) {
	for _, l := range kiosk.Languages {
		t.Run(string(l), func(t *testing.T) {
			r := newRig(t, tvMode())
			r.startIn(l)
			r.open("health")
			test.Tap(r.field("national_code")) // on a television the step opens on the identity choice
			r.pressKeys(kiosk.LocalizeDigits(l, "0013542419"))
			r.tap(r.choice("insurance", "salamat"))
			r.tapMsg("nav.next")
			r.tap(r.choice("service_kind", "appointment"))
			r.tapMsg("nav.next")
			r.tap(r.choice("specialty", "pediatrics"))
			d := r.picker()
			r.press(fyne.KeyReturn) // the remote's first press shows the focus
			r.arrowTo(r.buttonIn(d, kiosk.Msg(l, "date.today")))
			r.press(fyne.KeyReturn)
			want := r.clock.Now().In(kiosk.Tehran).Format("2006-01-02")
			if got := r.sess.State().Answers["preferred_date"]; got != want {
				t.Errorf("preferred_date holds %q after Today, want %s", got, want)
			}
			if !r.shows(kiosk.FormatDay(l, r.clock.Now())) {
				t.Errorf("the picker does not show today written out, %q; shown: %q", kiosk.FormatDay(l, r.clock.Now()), r.texts())
			}
		})
	}
}
