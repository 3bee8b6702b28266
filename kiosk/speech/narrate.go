package speech

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Kind says what prompted an utterance.
type Kind string

// Kinds of utterance.
const (
	KindScreen   Kind = "screen"   // a screen opened: its title and what it asks
	KindFocus    Kind = "focus"    // the focus moved to a control
	KindRefusal  Kind = "refusal"  // an answer or an action was refused
	KindIdle     Kind = "idle"     // the idle warning and its countdown
	KindPrint    Kind = "print"    // how printing the receipt went
	KindReadBack Kind = "readback" // what the citizen typed, at their request
	KindHelp     Kind = "help"     // the keys, and this screen again
	KindQuestion Kind = "question" // a question asked over the screen (the cancel question)
	KindNotice   Kind = "notice"   // speech or audio-only mode turned on or off
)

// Part is a stretch of speech in one language.
type Part struct {
	Lang kiosk.Lang
	Text string
}

// Utterance is what is spoken in one go; a new one interrupts the one
// under way. It has several parts when it speaks several languages (the
// attract and language screens, before a language is chosen).
type Utterance struct {
	Kind  Kind
	Parts []Part
}

// Text returns the words of every part, for logs and tests.
func (u Utterance) Text() string {
	var s []string
	for _, p := range u.Parts {
		s = append(s, p.Text)
	}
	return strings.Join(s, " ")
}

// Empty reports whether there is nothing to say.
func (u Utterance) Empty() bool { return strings.TrimSpace(u.Text()) == "" }

// Then returns u followed by v, keeping u's kind (or v's when u is empty).
func (u Utterance) Then(v Utterance) Utterance {
	if u.Empty() {
		return v
	}
	if v.Empty() {
		return u
	}
	out := Utterance{Kind: u.Kind, Parts: append(append([]Part{}, u.Parts...), v.Parts...)}
	return out
}

// say builds an utterance of one part: the sentences joined with a pause
// between them, each written out for speaking (Words).
func say(kind Kind, l kiosk.Lang, sentences ...string) Utterance {
	var kept []string
	for _, s := range sentences {
		if s = sentence(s); s != "" {
			kept = append(kept, Words(l, s))
		}
	}
	if len(kept) == 0 {
		return Utterance{Kind: kind}
	}
	return Utterance{Kind: kind, Parts: []Part{{Lang: l, Text: strings.Join(kept, " ")}}}
}

// list joins short phrases (a label, a role, a state, a position) with a
// pause, as a screen reader reads a control.
func list(l kiosk.Lang, phrases ...string) string {
	var kept []string
	for _, p := range phrases {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, kiosk.Msg(l, "speech.pause"))
}

// Role is what kind of control has the focus.
type Role string

// Roles of controls.
const (
	RoleButton Role = "button" // an action
	RoleChoice Role = "choice" // one option of a field: selected or not
	RoleCheck  Role = "check"  // an option that toggles (multiple choice, consent): checked or not
	RoleSwitch Role = "switch" // an accessibility switch: on or off
	RoleField  Role = "field"  // a field typed into: filled or empty, never its value
	RoleKey    Role = "key"    // a key of the on-screen keyboard or keypad
)

// Control describes the control that has the focus, as the screens see
// it. It holds no answer: a field says whether it is Filled, never what
// it holds, so nothing a citizen typed can be spoken by describing it.
type Control struct {
	Role Role
	// Label is what the control shows: a button's words, a key's
	// character, a day's number. For a typed field it is left empty when
	// Field names the form field (the field's label is taken from the
	// catalogue).
	Label string
	// Lang is the language Label is written in when it is not the
	// session's (the language screen's choices); empty for the session's.
	Lang kiosk.Lang
	// Field is the ID of the form field the control answers or edits
	// (a choice of it, its edit button on the review), empty for none.
	Field string
	// Selected is a choice chosen, a check checked, a switch on.
	Selected bool
	// Filled says a typed field holds something.
	Filled bool
	// Position and Count place the control among its neighbours ("3 of
	// 9"); Count 0 or 1 says nothing.
	Position, Count int
	Disabled        bool
}

// Device is what the narrator needs to know of the kiosk beyond the
// session's state.
type Device struct {
	// Languages offered, default first.
	Languages []kiosk.Lang
	// Services is how many services the grid offers.
	Services int
	// HasPrinter: receipts come out on paper.
	HasPrinter bool
	// TV: a television, driven by a remote, with no printer.
	TV bool
}

// fieldOf returns the form field id of the session's service.
func fieldOf(st kiosk.State, id string) *kiosk.Field {
	if st.Service == nil || id == "" {
		return nil
	}
	f, ok := st.Service.Field(id)
	if !ok {
		return nil
	}
	return f
}

func count(l kiosk.Lang, n int) string { return NumberWords(l, int64(n)) }

// languageScreen says the language screen in every language of the
// device; invite adds how to turn audio-only mode and speech on, left out
// once audio-only mode is on.
func languageScreen(d Device, invite bool) Utterance {
	var u Utterance
	for _, lang := range languages(d) {
		parts := []string{kiosk.Msg(lang, "language.title"), kiosk.Msg(lang, "speech.language")}
		if invite {
			parts = append(parts, kiosk.Msg(lang, "audio.language"))
		}
		u = u.Then(say(KindScreen, lang, parts...))
	}
	u.Kind = KindScreen
	return u
}

// Screen says what the screen of st is: its title and what it asks.
func Screen(st kiosk.State, d Device) Utterance {
	l := st.Lang
	switch st.Stage {
	case kiosk.StageAttract:
		var u Utterance
		for _, lang := range languages(d) {
			u = u.Then(say(KindScreen, lang, kiosk.Msg(lang, "attract.title"), kiosk.Msg(lang, "speech.attract"), kiosk.Msg(lang, "audio.attract")))
		}
		u.Kind = KindScreen
		return u
	case kiosk.StageLanguage:
		return languageScreen(d, true)
	case kiosk.StageServices:
		return say(KindScreen, l, kiosk.Msg(l, "services.title"),
			kiosk.Msgf(l, "speech.services", map[string]string{"count": count(l, d.Services)}))
	case kiosk.StageIntro:
		svc := st.Service
		s := []string{svc.Name.In(l), svc.Description.In(l)}
		if len(svc.Intro.Bring) > 0 {
			s = append(s, kiosk.Msg(l, "intro.bring")+":")
			for _, b := range svc.Intro.Bring {
				s = append(s, sentence(b.In(l)))
			}
		}
		if v := svc.Intro.Duration.In(l); v != "" {
			s = append(s, kiosk.Msg(l, "intro.duration")+":", sentence(v))
		}
		if v := svc.Intro.Fee.In(l); v != "" {
			s = append(s, kiosk.Msg(l, "intro.fee")+":", sentence(v))
		}
		s = append(s, kiosk.Msg(l, "speech.intro"))
		return say(KindScreen, l, s...)
	case kiosk.StageForm:
		return formScreen(st)
	case kiosk.StageReview:
		n := 0
		for _, i := range st.Service.VisibleSteps(st.Answers) {
			for _, f := range st.Service.Steps[i].Fields {
				if f.Type != kiosk.FieldInfo && f.When.Holds(st.Answers) {
					n++
				}
			}
		}
		return say(KindScreen, l, kiosk.Msg(l, "review.title"), kiosk.Msgf(l, "speech.review", map[string]string{"count": count(l, n)}))
	case kiosk.StageConsent:
		return say(KindScreen, l, kiosk.Msg(l, "consent.title"), st.Service.Name.In(l), kiosk.Msg(l, "consent.text"), kiosk.Msg(l, "speech.consent"))
	case kiosk.StageSaving:
		return say(KindScreen, l, kiosk.Msg(l, "saving.title"), kiosk.Msg(l, "saving.text"))
	case kiosk.StageReceipt:
		return receipt(st, d)
	case kiosk.StageSurvey:
		return say(KindScreen, l, kiosk.Msg(l, "survey.title"), kiosk.Msg(l, "speech.survey"))
	case kiosk.StageCancelSurvey:
		return say(KindScreen, l, kiosk.Msg(l, "stop.title"), kiosk.Msg(l, "stop.cleared"), kiosk.Msg(l, "speech.stop"))
	case kiosk.StageThanks:
		return say(KindScreen, l, kiosk.Msg(l, "thanks.title"), kiosk.Msg(l, "thanks.body"))
	case kiosk.StageTrack:
		return say(KindScreen, l, kiosk.Msg(l, "track.title"), kiosk.Msg(l, "track.prompt"))
	}
	return Utterance{Kind: KindScreen}
}

// sentence ends a line of the catalogue with a full stop when it has no
// end mark, so the synthesizer pauses after it.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if last, _ := utf8.DecodeLastRuneInString(s); strings.ContainsRune(".!?:؟…،,", last) {
		return s
	}
	return s + "."
}

func languages(d Device) []kiosk.Lang {
	if len(d.Languages) > 0 {
		return d.Languages
	}
	return kiosk.Languages
}

// formScreen says a form step: the service, where the step is among the
// steps, its title and hint, any text it shows, and how many questions it
// asks. The questions themselves are spoken as the focus reaches them.
func formScreen(st kiosk.State) Utterance {
	l := st.Lang
	step := &st.Service.Steps[st.Step]
	// The count of steps is said only once it is settled, as the screen
	// shows it.
	key := "speech.form"
	if !st.StepCountSettled {
		key = "speech.form_unsettled"
	}
	s := []string{kiosk.Msgf(l, key, map[string]string{
		"service": st.Service.Name.In(l),
		"n":       count(l, st.StepNumber),
		"total":   count(l, st.StepCount),
		"title":   sentence(step.Title.In(l)),
	}), sentence(step.Hint.In(l))}
	n := 0
	for _, f := range step.Fields {
		if !f.When.Holds(st.Answers) {
			continue
		}
		if f.Type == kiosk.FieldInfo {
			s = append(s, sentence(f.Label.In(l)), sentence(f.Hint.In(l)))
			continue
		}
		n++
	}
	switch {
	case n == 1:
		s = append(s, kiosk.Msg(l, "speech.form.field"))
	case n > 1:
		s = append(s, kiosk.Msgf(l, "speech.form.fields", map[string]string{"count": count(l, n)}))
	}
	return say(KindScreen, l, s...)
}

// receipt says the receipt: that the request was received, for which
// service, the tracking code digit by digit in groups, and whether the
// paper printed.
func receipt(st kiosk.State, d Device) Utterance {
	l := st.Lang
	r := st.Receipt
	if r == nil {
		return say(KindScreen, l, kiosk.Msg(l, "receipt.title"))
	}
	code := kiosk.Msgf(l, "speech.receipt.code", map[string]string{"code": CodeWords(l, string(r.TrackingCode))})
	u := say(KindScreen, l, kiosk.Msg(l, "receipt.title"), sentence(r.ServiceName.In(l)))
	// The code is already words: it must not pass through Words again.
	u.Parts[0].Text += " " + code + "."
	return u.Then(PrintStatus(st, d))
}

// PrintStatus says how printing the receipt stands, as the receipt
// screen shows it.
func PrintStatus(st kiosk.State, d Device) Utterance {
	l := st.Lang
	key := "receipt.no_printer"
	switch {
	case !d.HasPrinter || d.TV && st.Print == kiosk.PrintNone:
		if st.Receipt != nil && st.Receipt.LinksStatusPage() {
			key = "receipt.scan"
		}
	case st.Print == kiosk.PrintPrinting:
		key = "receipt.printing"
	case st.Print == kiosk.PrintDone:
		key = "receipt.printed"
	case st.Print == kiosk.PrintFailed:
		key = "print.unavailable"
		if st.PrintError != "" && kiosk.HasMessage(st.PrintError) {
			key = st.PrintError
		}
	}
	return say(KindPrint, l, strings.TrimSuffix(kiosk.Msg(l, key), "…"))
}

// Refusals says every refusal st shows: each refused field of the step
// with its label, in the order of the step, and a refused submission or
// tracking code.
func Refusals(st kiosk.State) Utterance {
	l := st.Lang
	var s []string
	if st.Stage == kiosk.StageForm && st.Service != nil {
		for _, f := range st.Service.Steps[st.Step].Fields {
			if e := st.Errors[f.ID]; e != nil {
				s = append(s, kiosk.Msgf(l, "speech.refusal", map[string]string{"field": f.Label.In(l), "error": e.Message(l)}))
			}
		}
	}
	if st.Stage == kiosk.StageConsent && st.SubmitError != "" {
		s = append(s, kiosk.Msg(l, st.SubmitError))
	}
	if st.Stage == kiosk.StageTrack && st.TrackError != "" {
		s = append(s, kiosk.Msg(l, st.TrackError))
	}
	return say(KindRefusal, l, s...)
}

// TrackResult says where a tracked request stands.
func TrackResult(st kiosk.State) Utterance {
	l := st.Lang
	if st.Track == nil {
		return Utterance{Kind: KindScreen}
	}
	key := "track.progress." + string(st.Track.Progress)
	if !kiosk.HasMessage(key) {
		return Utterance{Kind: KindScreen}
	}
	return say(KindScreen, l, kiosk.Msgf(l, "speech.track.result", map[string]string{"progress": kiosk.Msg(l, key)}))
}

// Idle says the idle warning with the seconds left, and how to get more
// time.
func Idle(st kiosk.State, seconds int) Utterance {
	l := st.Lang
	return say(KindIdle, l,
		kiosk.Msgf(l, "idle.warning", map[string]string{"seconds": strconv.Itoa(seconds)}),
		kiosk.Msg(l, "speech.idle"))
}

// Focus says the focused control: its label, what it is, its state and
// where it is. withField first names the form field it answers (when the
// focus has just come to that field).
func Focus(st kiosk.State, c Control, withField bool) Utterance {
	l := st.Lang
	ll := l
	if c.Lang != "" {
		ll = c.Lang
	}
	f := fieldOf(st, c.Field)
	position := ""
	if c.Count > 1 && c.Position >= 1 {
		position = kiosk.Msgf(l, "speech.position", map[string]string{"n": count(l, c.Position), "total": count(l, c.Count)})
	}
	disabled := ""
	if c.Disabled {
		disabled = kiosk.Msg(l, "speech.disabled")
	}
	label := c.Label
	var head string
	if f != nil && (withField || c.Role == RoleField) {
		head = f.Label.In(l)
		if !f.Required && f.Type != kiosk.FieldConsent {
			head = list(l, head, kiosk.Msg(l, "speech.optional"))
		}
		if c.Role == RoleField {
			label = ""
		}
	}
	state := ""
	role := ""
	switch c.Role {
	case RoleButton:
		role = kiosk.Msg(l, "speech.role.button")
	case RoleChoice:
		state = pick(l, c.Selected, "speech.selected", "speech.not_selected")
	case RoleCheck:
		state = pick(l, c.Selected, "speech.checked", "speech.not_checked")
	case RoleSwitch:
		state = pick(l, c.Selected, "speech.on", "speech.off")
	case RoleField:
		role = kiosk.Msg(l, "speech.role.field")
		state = pick(l, c.Filled, "speech.filled", "speech.empty")
	case RoleKey:
		label = keyWords(l, label)
		role = kiosk.Msg(l, "speech.role.key")
	}
	if ll != l {
		// A label in another language is its own part, in its own voice.
		u := say(KindFocus, ll, label)
		return u.Then(say(KindFocus, l, list(l, head, role, state, position, disabled)))
	}
	return say(KindFocus, l, list(l, head, label, role, state, position, disabled))
}

func pick(l kiosk.Lang, b bool, yes, no string) string {
	if b {
		return kiosk.Msg(l, yes)
	}
	return kiosk.Msg(l, no)
}

// keyWords names a key whose label is a symbol.
func keyWords(l kiosk.Lang, label string) string {
	switch label {
	case "⌫":
		return kiosk.Msg(l, "speech.key.backspace")
	case "⇧":
		return kiosk.Msg(l, "speech.key.shift")
	case ".", "٫":
		return kiosk.Msg(l, "speech.key.point")
	case "000", "۰۰۰":
		return kiosk.Msg(l, "speech.key.zeros")
	}
	return label
}

// ReadBack says what the citizen gave for the field c answers, at their
// request: the only utterance that speaks an answer. Codes and numbers
// typed digit by digit are read back digit by digit.
func ReadBack(st kiosk.State, c Control) Utterance {
	l := st.Lang
	if st.Stage == kiosk.StageTrack && c.Role == RoleField && c.Field == "" {
		if st.TrackCode == "" {
			return say(KindReadBack, l, kiosk.Msgf(l, "speech.readback_empty", map[string]string{"field": kiosk.Msg(l, "receipt.code")}))
		}
		u := Utterance{Kind: KindReadBack, Parts: []Part{{Lang: l, Text: kiosk.Msgf(l, "speech.readback", map[string]string{
			"field": kiosk.Msg(l, "receipt.code"), "value": CodeWords(l, st.TrackCode)})}}}
		return u
	}
	f := fieldOf(st, c.Field)
	if f == nil || f.Type == kiosk.FieldInfo {
		return say(KindReadBack, l, kiosk.Msg(l, "speech.readback_none"))
	}
	v := st.Answers[f.ID]
	if v == "" {
		return say(KindReadBack, l, kiosk.Msgf(l, "speech.readback_empty", map[string]string{"field": f.Label.In(l)}))
	}
	var value string
	switch f.Type {
	case kiosk.FieldNationalCode, kiosk.FieldMobile, kiosk.FieldPostalCode:
		value = DigitWords(l, v)
	default:
		if f.Format == kiosk.FormatDigits || f.Format == kiosk.FormatCompanyID || f.Format == kiosk.FormatEconomicCode {
			value = DigitWords(l, v)
		} else {
			value = Words(l, f.Display(l, v))
		}
	}
	return Utterance{Kind: KindReadBack, Parts: []Part{{Lang: l, Text: kiosk.Msgf(l, "speech.readback", map[string]string{
		"field": Words(l, f.Label.In(l)), "value": value})}}}
}

// Help says how the keys work, then the screen again.
func Help(st kiosk.State, d Device) Utterance {
	l := st.Lang
	return say(KindHelp, l, kiosk.Msg(l, "speech.help")).Then(Screen(st, d))
}

// CancelQuestion says the question asked before a cancel throws the
// citizen's answers away: what it asks, and its two answers.
func CancelQuestion(st kiosk.State) Utterance {
	l := st.Lang
	return say(KindQuestion, l, kiosk.Msg(l, "cancel.ask.title"), kiosk.Msg(l, "cancel.ask.body"),
		kiosk.Msgf(l, "audio.cancel.answers", map[string]string{
			"keep": kiosk.Msg(l, "cancel.ask.keep"),
			"stop": kiosk.Msg(l, "cancel.ask.stop"),
		}))
}

// Notice is something the citizen did to the speech itself, said before
// the screen it happened on.
type Notice string

// Notices.
const (
	NoticeSpeechOn     Notice = "speech-on"      // the citizen turned speech on
	NoticeAudioOnlyOn  Notice = "audio-only-on"  // the screen went blank: speech and keys carry the path
	NoticeAudioOnlyOff Notice = "audio-only-off" // the screen is shown again
)

var noticeKeys = map[Notice]string{
	NoticeSpeechOn:     "audio.speech.on",
	NoticeAudioOnlyOn:  "audio.only.on",
	NoticeAudioOnlyOff: "audio.only.off",
}

// NoticeWords says n in l (the language of the session, or the device's
// default before one is chosen).
func NoticeWords(l kiosk.Lang, n Notice) Utterance {
	key, ok := noticeKeys[n]
	if !ok {
		return Utterance{Kind: KindNotice}
	}
	return say(KindNotice, l, kiosk.Msg(l, key))
}
