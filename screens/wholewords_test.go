package screens_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/segmenter"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/speech/speechtest"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// textSize is one of the text sizes a citizen can choose, as the rig
// option that selects it.
type textSize struct {
	name string
	opt  rigOption
}

// everyTextSize lists the text sizes the kiosk offers. Every check of
// whole words runs at each of them.
func everyTextSize() []textSize {
	sizes := make([]textSize, 0, len(screens.TextSizes))
	for _, size := range screens.TextSizes {
		sizes = append(sizes, textSize{string(size), display(size, kiosk.ThemeDefault)})
	}
	return sizes
}

// deviceMode is a kind of device with its screen: a touch kiosk at
// 1280×800 (the smallest panel it ships on) and a 1080p television.
type deviceMode struct {
	name string
	opts []rigOption
	size fyne.Size
}

// everyDeviceMode lists the devices every check of whole words runs on.
func everyDeviceMode() []deviceMode {
	return []deviceMode{
		{"kiosk", nil, kioskWindow},
		{"television", []rigOption{tvMode()}, tvSize},
	}
}

// forEachLook runs fn in a subtest for every device mode, text size and
// language; look returns a fresh rig of that look at the service grid,
// with opts added.
func forEachLook(t *testing.T, fn func(t *testing.T, look func(opts ...rigOption) *rig)) {
	for _, m := range everyDeviceMode() {
		for _, size := range everyTextSize() {
			for _, l := range kiosk.Languages {
				t.Run(fmt.Sprintf("%s/%s/%s", m.name, size.name, l), func(t *testing.T) {
					fn(t, func(opts ...rigOption) *rig {
						r := newRig(t, append(append(slices.Clone(m.opts), size.opt), opts...)...)
						r.w.SetPadded(false)
						r.w.Resize(m.size)
						r.startIn(l)
						return r
					})
				})
			}
		}
	}
}

// withCatalogue makes a kiosk offering the services of c.
func withCatalogue(c *kiosk.Catalogue) rigOption {
	return func(cfg *kiosk.SessionConfig, _ *screens.Options) { cfg.Catalogue = c }
}

// withHeldWork makes a kiosk whose slow work (filing, printing) waits
// in *held until the test runs it, so that what the citizen sees
// meanwhile shows.
func withHeldWork(held *[]func()) rigOption {
	return func(cfg *kiosk.SessionConfig, _ *screens.Options) {
		cfg.Go = func(f func()) { *held = append(*held, f) }
	}
}

// everyFieldCatalogue returns a catalogue with one service for each step
// of each default service, the step alone with nothing on it left
// conditional, so that a form shows every field the step may ever ask.
func everyFieldCatalogue() *kiosk.Catalogue {
	out := &kiosk.Catalogue{Version: "every-field"}
	for _, svc := range kiosk.DefaultCatalogue().Services {
		for _, st := range svc.Steps {
			st.When = nil
			st.Fields = slices.Clone(st.Fields)
			for i := range st.Fields {
				st.Fields[i].When = nil
			}
			one := svc
			one.Code = svc.Code + "/" + st.ID
			one.Steps = []kiosk.Step{st}
			out.Services = append(out.Services, one)
		}
	}
	return out
}

// TestEveryScreenKeepsWordsWhole goes through every screen of the
// citizen's path on every device, at every text size and in both
// languages, and checks that every text on it breaks only where a line
// may break and that no one-line text is cut: the service grid, track
// my request and its answers, every step of every service with every
// field it may show and again refused with nothing answered (its error
// summary and errors), every service's introduction, review and
// confirmation page in each state of the printer, the idle warning, the
// satisfaction survey, the cancel question and survey, and the thanks.
// Then it checks every string of the catalogues that no screen showed
// (a refusal that only a wrong answer brings) in the narrowest box where
// strings of its kind were shown.
func TestEveryScreenKeepsWordsWhole(t *testing.T) {
	covered := map[string]bool{} // message keys shown or checked
	looks := 0
	forEachLook(t, func(t *testing.T, look func(...rigOption) *rig) {
		looks++
		r := look()
		l := r.sess.State().Lang
		seen := boxes{}
		check := func(t *testing.T, r *rig, where string) {
			t.Helper()
			seen.add(r.checkWholeWords(t, where))
		}
		check(t, r, "service grid")

		r.tapMsg("display.open")
		check(t, r, "display panel")
		r.tapMsg("display.done")

		r.sess.OpenTrack()
		check(t, r, "track")
		fail := false
		r.tracker.TrackFunc = func(c kiosk.TrackingCode) (kiosk.TrackResult, error) {
			if fail {
				return kiosk.TrackResult{}, errors.New("outbox unreadable")
			}
			if known, ok := r.tracker.known[c]; ok {
				return known, nil
			}
			return kiosk.TrackResult{}, fmt.Errorf("track %s: %w", c, kiosk.ErrUnknownRequest)
		}
		for _, code := range []string{string(knownRequest().TrackingCode), "1234", unknownCode(t), "fail"} {
			if fail = code == "fail"; fail {
				code = string(knownRequest().TrackingCode)
			}
			r.sess.SetTrackCode(code)
			r.sess.Track(context.Background())
			check(t, r, "track "+code)
		}
		r.sess.Back()

		// Every step, on a kiosk whose services are each one step of a
		// service with nothing left conditional, so every field shows.
		steps := look(withCatalogue(everyFieldCatalogue()))
		for _, svc := range steps.sess.Catalogue().Services {
			steps.sess.ChooseService(svc.Code)
			steps.sess.BeginForm()
			check(t, steps, svc.Code)
			steps.sess.Next()
			check(t, steps, svc.Code+" refused")
			for steps.sess.State().Stage != kiosk.StageServices {
				steps.sess.Back()
			}
		}

		// Every service from its introduction to its thanks, printed,
		// out of paper, unprinted, and printing.
		printing := []func(){
			func() { r.printer.PrintFunc = nil },
			func() { r.printer.PrintFunc = func(kiosk.Receipt) error { return kiosk.ErrPaperOut } },
			func() { r.printer.PrintFunc = func(kiosk.Receipt) error { return errors.New("no answer") } },
		}
		done := map[string]bool{}
		for _, wc := range walkCases {
			if done[wc.service] {
				continue
			}
			done[wc.service] = true
			printing[len(done)%len(printing)]()
			r.stage(kiosk.StageServices)
			r.sess.ChooseService(wc.service)
			check(t, r, wc.name+"/intro")
			r.sess.BeginForm()
			for st := r.sess.State(); st.Stage == kiosk.StageForm; st = r.sess.State() {
				for _, f := range st.Service.Steps[st.Step].Fields {
					if v, ok := wc.stored[f.ID]; ok && v != "" {
						r.sess.SetAnswer(f.ID, v)
					}
				}
				r.sess.Next()
				if now := r.sess.State(); now.Stage == kiosk.StageForm && now.Step == st.Step {
					t.Fatalf("%s: refused %v", wc.name, now.Errors)
				}
			}
			r.stage(kiosk.StageReview)
			check(t, r, wc.name+"/review")
			r.sess.ConfirmReview()
			check(t, r, wc.name+"/consent")
			r.sess.Submit(context.Background())
			r.stage(kiosk.StageReceipt)
			check(t, r, wc.name+"/receipt")
			r.sess.FinishReceipt()
			r.sess.Rate(5)
			r.sess.Finish()
			r.sess.Start()
			r.sess.ChooseLanguage(l)
		}
		// Saving, then a receipt still printing, the idle warning over
		// it, and the survey and thanks after it.
		var held []func()
		slow := look(withHeldWork(&held), withReceiptQR("https://status.example.ir/r/1"))
		runHeld := func() {
			for len(held) > 0 {
				f := held[0]
				held = held[1:]
				f()
			}
		}
		slow.open("police")
		walkToConsent(t, slow)
		slow.tapMsg("consent.submit")
		check(t, slow, "saving")
		held[0]()
		held = held[1:]
		slow.stage(kiosk.StageReceipt)
		check(t, slow, "receipt printing")
		runHeld()
		slow.clock.Add(60 * time.Second)
		slow.ui.Tick()
		check(t, slow, "idle warning")
		slow.sess.FinishReceipt()
		check(t, slow, "survey")
		slow.sess.Rate(5)
		check(t, slow, "thanks")
		slow.sess.Finish()
		check(t, slow, "attract")
		slow.sess.Start()
		check(t, slow, "language")

		// A kiosk that can speak writes its audio-only key on the attract
		// screen and shows the speech switches on the language screen.
		spoken := look(speechOffered(&speechtest.Recorder{})...)
		spoken.sess.Back()
		spoken.sess.Back()
		spoken.stage(kiosk.StageAttract)
		check(t, spoken, "attract of a kiosk that speaks")
		spoken.sess.Start()
		check(t, spoken, "language of a kiosk that speaks")

		// A cancel: the question, the survey, the thanks.
		r.sess.ChooseLanguage(l)
		r.open("library")
		r.pressKeys(kiosk.LocalizeDigits(l, "04"))
		r.tapMsg("nav.cancel")
		check(t, r, "cancel question")
		r.tapMsg("cancel.ask.stop")
		check(t, r, "cancel survey")
		r.tapMsg("survey.skip")
		check(t, r, "thanks after a cancel")

		// A traveller's nationality: the hint, countries found, none.
		r.sess.Finish()
		r.sess.Start()
		r.sess.ChooseLanguage(l)
		r.open("police")
		r.tap(r.choice("id_document", "passport"))
		test.Tap(r.field("nationality"))
		check(t, r, "nationality")
		for _, typed := range map[kiosk.Lang][]string{kiosk.Persian: {"ا", "ظظ"}, kiosk.English: {"a", "qqq"}}[l] {
			r.pressKeys(typed)
			check(t, r, "nationality "+typed)
			r.tapMsg("keyboard.clear")
		}

		for k := range seen.checkTheRest(t, r) {
			covered[k] = true
		}
	})
	if looks != len(everyDeviceMode())*len(everyTextSize())*len(kiosk.Languages) {
		return // a look was left out (-run): coverage is unknown
	}
	for _, key := range kiosk.MessageKeys() {
		if !offScreen(key) && !covered[key] {
			t.Errorf("message %s was neither shown on a screen walked nor checked beside its kind", key)
		}
	}
}

// checkWholeWords fails for every text on the window that breaks a line
// where no line may break (inside a word: the typesetter fell back to
// breaking between letters because a word is wider than its box), that
// is cut at its end on one line, or whose lines are cut below. It
// returns the texts it checked.
func (r *rig) checkWholeWords(t *testing.T, where string) []shownText {
	t.Helper()
	r.w.Content().Refresh()
	var shown []shownText
	in := map[*widgets.Text]*widgets.Button{}
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widgets.Button); ok {
			for _, c := range test.WidgetRenderer(b).Objects() {
				if x, ok := c.(*widgets.Text); ok {
					in[x] = b
				}
			}
		}
		x, ok := o.(*widgets.Text)
		if !ok {
			return true
		}
		if x.Text() == "" || x.Size().Width == 0 {
			return false
		}
		shown = append(shown, shownText{x, in[x]})
		for _, p := range wordProblems(x) {
			t.Errorf("%s: %s", where, p)
		}
		return false
	})
	if len(shown) == 0 {
		t.Fatalf("%s: no text shown", where)
	}
	return shown
}

// shownText is a text on screen and the button it labels, if any.
type shownText struct {
	text   *widgets.Text
	button *widgets.Button
}

// wordProblems returns what is wrong with how x's text fits its box.
func wordProblems(x *widgets.Text) []string {
	size, min := x.Size(), x.MinSize()
	p := x.Paragraph()
	if p == nil {
		return nil
	}
	if !x.Style().Wrap {
		// The line may eat into the margin the text keeps from its
		// edges, but its ink must stay inside: centred, it spreads
		// both ways; else it starts after the margin.
		ink, _ := p.InkOverhang()
		need := p.Width + 2*ink
		if x.Style().Align != widgets.AlignCenter {
			need = (min.Width-p.Width)/2 + p.Width + ink
		}
		if need > size.Width+0.5 {
			return []string{fmt.Sprintf("%q is cut: %.0f px wide, its ink needs %.0f", x.Text(), size.Width, need)}
		}
		return nil
	}
	var out []string
	allowed := lineBreaks(x.Text())
	for i, l := range p.Lines {
		if i > 0 && !allowed[l.Start] {
			out = append(out, fmt.Sprintf("%q (%.0f px wide) breaks inside a word: %q / %q",
				x.Text(), size.Width, p.VisualText(i-1), p.VisualText(i)))
		}
	}
	if min.Height > size.Height+0.5 {
		out = append(out, fmt.Sprintf("%q is cut below: %.0f px high, needs %.0f", x.Text(), size.Height, min.Height))
	}
	return out
}

// lineBreaks returns the rune offsets in s where a line may start: the
// start of each line of input, and each line break opportunity of
// Unicode's line breaking algorithm (UAX #14) as the typesetter's
// segmenter finds them: after spaces and hyphens, never at a
// zero-width non-joiner, so «ثبت‌نام» stays whole.
func lineBreaks(s string) map[int]bool {
	allowed := map[int]bool{}
	var seg segmenter.Segmenter
	offset := 0
	for _, para := range strings.Split(s, "\n") {
		runes := []rune(para)
		allowed[offset] = true
		seg.Init(runes)
		it := seg.LineIterator()
		for it.Next() {
			allowed[offset+it.Line().Offset] = true
		}
		offset += len(runes) + 1
	}
	return allowed
}

// TestWholeWordsCheckFindsABrokenWord makes sure the check fails where a
// text breaks inside a word: a survey caption squeezed narrower than its
// longest word, and a Persian word with a half-space, which is one word;
// and passes where the box holds the widest word, so the text wraps
// between words.
func TestWholeWordsCheckFindsABrokenWord(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		slack  float32 // the box's width beyond the widest word's
		broken bool
	}{
		{"English word too wide", "Very dissatisfied", -6, true},
		{"English words fit", "Very dissatisfied", 2, false},
		{"Persian word with a half-space too wide", "ثبت‌نام مدرسه", -6, true},
		{"Persian words fit", "ثبت‌نام مدرسه", 2, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			var widest float32
			for _, word := range strings.Fields(tc.text) {
				one := widgets.NewText(testFonts(), word, widgets.Style{})
				test.WidgetRenderer(one)
				widest = max(widest, one.MinSize().Width)
			}
			x := widgets.NewText(testFonts(), tc.text, widgets.Style{Wrap: true})
			test.WidgetRenderer(x)
			x.Resize(fyne.NewSize(widest+tc.slack, 400))
			if n := len(x.Paragraph().Lines); n < 2 {
				t.Fatalf("%q at %.0f px is not wrapped", tc.text, widest+tc.slack)
			}
			problems := wordProblems(x)
			if broken := len(problems) > 0; broken != tc.broken {
				t.Errorf("at %.0f px: problems %q, want broken %v", widest+tc.slack, problems, tc.broken)
			}
		})
	}
}

// box is where a text is shown: its style and width, or the button it
// labels (a button's label is as wide as itself, up to the button's
// width).
type box struct {
	style  widgets.Style
	width  float32
	button *widgets.Button
	size   fyne.Size // the button's
}

// boxes are the texts shown on screen, each by the narrowest box it was
// shown in.
type boxes map[string]box

func (b boxes) add(shown []shownText) {
	for _, s := range shown {
		bx := box{style: s.text.Style(), width: s.text.Size().Width}
		if s.button != nil {
			bx.button, bx.size = s.button, s.button.Size()
			bx.width = bx.size.Width
		}
		if old, ok := b[s.text.Text()]; !ok || bx.width < old.width {
			b[s.text.Text()] = bx
		}
	}
}

// narrowest returns the narrowest box any of texts was shown in.
func (b boxes) narrowest(texts []string) (box, bool) {
	var out box
	found := false
	for _, s := range texts {
		if bx, ok := b[s]; ok && (!found || bx.width < out.width) {
			out, found = bx, true
		}
	}
	return out, found
}

// checkTheRest checks every string of the default catalogue and of the
// message catalogue that no screen showed (a field that only another
// answer brings, a refusal that only a wrong answer brings, a state the
// walk did not reach) in the narrowest box in which a string of its
// kind was shown: a field label where field labels are, a refusal where
// refusals are, a message where the messages beside it in the catalogue
// are (track.progress.sent where track.progress.forwarded was). It
// returns the message keys it found shown or checked.
func (b boxes) checkTheRest(t *testing.T, r *rig) (covered map[string]bool) {
	t.Helper()
	l := r.sess.State().Lang
	kinds := catalogueStrings(t, l, r.clock.Now())
	// A string of two kinds (ایران, a country and the word on a plate)
	// says nothing of where either kind is shown.
	kindsOf := map[string]int{}
	for _, key := range kiosk.MessageKeys() {
		kindsOf[kiosk.Msg(l, key)]++
	}
	for _, texts := range kinds {
		for _, s := range texts {
			kindsOf[s]++
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(kinds)) {
		texts := kinds[kind]
		var alone []string
		for _, s := range texts {
			if kindsOf[s] == 1 {
				alone = append(alone, s)
			}
		}
		bx, ok := b.narrowest(alone)
		if !ok {
			t.Errorf("no %s of the catalogue shown on any screen: %q", kind, texts)
			continue
		}
		for _, s := range texts {
			if _, shown := b[s]; !shown {
				b.check(t, kind, s, bx)
			}
		}
	}

	// Messages: where each was shown, by key.
	covered = map[string]bool{}
	shownAt := map[string]box{}
	var unseen []string
	for _, key := range kiosk.MessageKeys() {
		if bx, ok := b.shownMessage(l, key); ok {
			shownAt[key], covered[key] = bx, true
		} else if !offScreen(key) {
			unseen = append(unseen, key)
		}
	}
	refusals, _ := b.narrowest(kinds["refusal"])
	for _, key := range unseen {
		// A refusal shows where refusals show; a message of a family
		// (track.progress.*, stop.reason.*) where its family shows.
		bx, found := refusals, strings.HasPrefix(key, "error.")
		if parent := key[:strings.LastIndex(key, ".")+1]; !found && strings.Count(key, ".") >= 2 {
			for k, at := range shownAt {
				if strings.HasPrefix(k, parent) && !strings.Contains(k[len(parent):], ".") && (!found || at.width < bx.width) {
					bx, found = at, true
				}
			}
		}
		if found {
			b.check(t, "message "+key, sampleMessage(l, key), bx)
			covered[key] = true
		}
	}
	return covered
}

// shownMessage reports whether the message key was shown, its
// placeholders filled with anything, and where.
func (b boxes) shownMessage(l kiosk.Lang, key string) (box, bool) {
	msg := kiosk.Msg(l, key)
	if msg == "" {
		return box{}, false
	}
	if !strings.Contains(msg, "{") {
		bx, ok := b[msg]
		return bx, ok
	}
	re := regexp.MustCompile("^" + placeholderQuoted.ReplaceAllString(regexp.QuoteMeta(msg), ".+") + "$")
	var out box
	found := false
	for s, bx := range b {
		if re.MatchString(s) && (!found || bx.width < out.width) {
			out, found = bx, true
		}
	}
	return out, found
}

// placeholderQuoted is a {name} of a message, as regexp.QuoteMeta writes it.
var placeholderQuoted = regexp.MustCompile(`\\\{[a-z_]+\\\}`)

// sampleMessage returns the message key in l with each placeholder
// filled with a five-digit number.
func sampleMessage(l kiosk.Lang, key string) string {
	return regexp.MustCompile(`\{[a-z_]+\}`).ReplaceAllString(kiosk.Msg(l, key), kiosk.LocalizeDigits(l, "12345"))
}

// offScreen reports the messages never drawn on the citizen's screens:
// words spoken, printed on paper, written in reports and logs, sent to
// the back office, or shown only on the technician's screens (which
// this walk does not visit); the
// fragments drawn only inside other messages (checked there); and
// date.year, which no screen uses.
func offScreen(key string) bool {
	switch key {
	case "form.list_separator", "form.unnamed_field", "date.year":
		return true
	case "audio.attract", "audio.language", "audio.speech.button", "audio.only.button",
		"audio.speech.on", "audio.only.on", "audio.only.off", "audio.cancel.answers":
		return true // spoken, never drawn
	}
	for _, p := range []string{"speech.", "report.", "open311.", "outbox.", "sync.", "printer.", "technician.", "unprovisioned."} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// check fails when s breaks inside a word, or is cut, in bx: a text of
// its style and width, or the label (or detail) of a button like bx's.
func (b boxes) check(t *testing.T, what, s string, bx box) {
	t.Helper()
	var x *widgets.Text
	if like := bx.button; like != nil {
		nb := widgets.NewButton(testFonts(), like.Label, like.Dir, nil)
		nb.Detail, nb.Icon, nb.IconAfter, nb.Importance = like.Detail, like.Icon, like.IconAfter, like.Importance
		nb.Tile, nb.TextSize, nb.Key, nb.Private, nb.Wrap = like.Tile, like.TextSize, like.Key, like.Private, like.Wrap
		if like.Detail != "" && bx.style.Size == theme.SizeNameCaptionText {
			nb.Detail = s
		} else {
			nb.Label = s
		}
		for _, c := range test.WidgetRenderer(nb).Objects() {
			if y, ok := c.(*widgets.Text); ok && y.Text() == s {
				x = y
			}
		}
		nb.Resize(bx.size)
		nb.Resize(bx.size.Max(fyne.NewSize(0, nb.MinSize().Height)))
	} else {
		x = widgets.NewText(testFonts(), s, bx.style)
		test.WidgetRenderer(x)
		x.Resize(fyne.NewSize(bx.width, 4000))
	}
	for _, p := range wordProblems(x) {
		t.Errorf("%s, in the narrowest box of its kind: %s", what, p)
	}
}

// catalogueStrings returns every string of the default catalogue in l,
// by the kind of box screens show it in, with every refusal a field
// gives to answers wrong in every way the probes below try.
func catalogueStrings(t *testing.T, l kiosk.Lang, now time.Time) map[string][]string {
	out := map[string][]string{}
	add := func(kind string, s string) {
		if s != "" && !slices.Contains(out[kind], s) {
			out[kind] = append(out[kind], s)
		}
	}
	probes := []string{"", "a", "0", "1", "-1", "1.23456", "12.5", "999999999999999999", "abc", "a@", "AB12",
		"1234567890", "0000000000", "09", "1300-01-01", "1900-01-01", "2100-01-01", "2025-08-04", "2025-08-02",
		strings.Repeat("a", 4001), "12-ب-345-67", "12-ع-345-67", "XX", "IR"}
	for _, svc := range kiosk.DefaultCatalogue().Services {
		add("service name", svc.Name.In(l))
		add("service description", svc.Description.In(l))
		for _, b := range svc.Intro.Bring {
			add("intro item", b.In(l))
		}
		add("intro item", svc.Intro.Duration.In(l))
		add("intro item", svc.Intro.Fee.In(l))
		add("after text", svc.After.Next.In(l))
		for _, b := range svc.After.Bring {
			add("after text", b.In(l))
		}
		for _, st := range svc.Steps {
			add("step title", st.Title.In(l))
			add("step hint", st.Hint.In(l))
			for _, f := range st.Fields {
				add("field label", f.Label.In(l))
				add("field hint", f.Hint.In(l))
				for _, c := range f.Choices {
					add("choice", c.Label.In(l))
				}
				for _, raw := range probes {
					if _, err := f.ValidateAt(raw, now); err != nil {
						add("refusal", err.Message(l))
					}
				}
			}
		}
	}
	for _, c := range kiosk.Countries() {
		add("country", c.Name.In(l))
	}
	if len(out["refusal"]) < 20 {
		t.Fatalf("only %d refusals probed", len(out["refusal"]))
	}
	return out
}
