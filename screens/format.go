package screens

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// choicesOf returns a field's choices; a yes/no field without its own has
// the catalogue's yes and no.
func choicesOf(f *kiosk.Field) []kiosk.Choice {
	if f.Type == kiosk.FieldYesNo && len(f.Choices) == 0 {
		yes, no := kiosk.Text{}, kiosk.Text{}
		for _, l := range kiosk.Languages {
			yes[l] = kiosk.Msg(l, "form.yes")
			no[l] = kiosk.Msg(l, "form.no")
		}
		return []kiosk.Choice{{Value: "yes", Label: yes}, {Value: "no", Label: no}}
	}
	return f.Choices
}

// formatAmount writes digits as a grouped number (۲٬۵۰۰٬۰۰۰).
func formatAmount(l kiosk.Lang, v string) string {
	n, err := strconv.ParseInt(kiosk.NormalizeDigits(v), 10, 64)
	if err != nil {
		return kiosk.LocalizeDigits(l, v)
	}
	return kiosk.FormatNumber(l, n)
}

// formatNumber writes a number in the language's digits, with the Persian
// decimal separator in Persian.
func formatNumber(l kiosk.Lang, v string) string {
	v = kiosk.LocalizeDigits(l, v)
	if l == kiosk.Persian {
		v = strings.ReplaceAll(v, ".", "٫")
	}
	return v
}

// answerLines returns how an accepted answer reads on the review screen,
// one line per value of a multiple choice: as the domain displays it
// (kiosk.Field.Display: choices by label, dates in the language's
// calendar, numbers in its digits), or a dash when there is none.
func answerLines(l kiosk.Lang, f *kiosk.Field, v string) []string {
	if v == "" {
		return []string{kiosk.Msg(l, "review.empty")}
	}
	if f.Type == kiosk.FieldMultiChoice {
		var out []string
		for _, part := range strings.Split(v, ",") {
			out = append(out, f.Display(l, part))
		}
		return out
	}
	return []string{f.Display(l, v)}
}

// valueLayout returns the paragraph direction an answer is shown in: digits and
// e-mail addresses read left to right even in a Persian screen, where they
// still hug the right edge.
func valueLayout(l kiosk.Lang, t kiosk.FieldType) (widgets.Direction, widgets.Align) {
	switch t {
	case kiosk.FieldNationalCode, kiosk.FieldMobile, kiosk.FieldPostalCode,
		kiosk.FieldNumber, kiosk.FieldAmount, kiosk.FieldEmail, kiosk.FieldPassport:
		if l.RTL() {
			return widgets.DirLTR, widgets.AlignEnd
		}
		return widgets.DirLTR, widgets.AlignStart
	}
	return dirOf(l), widgets.AlignStart
}

// acceptVIN is a Field.Accept for a vehicle identification number typed
// on a physical keyboard: letters become capitals, digits ASCII, and the
// letters a VIN cannot hold (I, O, Q) are refused, as on the on-screen keys.
func acceptVIN(r rune) (rune, bool) {
	if d, ok := acceptDigit(r); ok {
		return d, true
	}
	r = unicode.ToUpper(r)
	return r, r >= 'A' && r <= 'Z' && r != 'I' && r != 'O' && r != 'Q'
}

// acceptPassport is a Field.Accept for a passport number typed on a
// physical keyboard: letters become capitals, digits ASCII; only the
// letters A–Z and digits a passport number holds are taken.
func acceptPassport(r rune) (rune, bool) {
	if d, ok := acceptDigit(r); ok {
		return d, true
	}
	r = unicode.ToUpper(r)
	return r, r >= 'A' && r <= 'Z'
}

// acceptDigit is a Field.Accept for digits typed in any script (Persian,
// Arabic-Indic, ASCII), stored as ASCII.
func acceptDigit(r rune) (rune, bool) {
	r = []rune(kiosk.NormalizeDigits(string(r)))[0]
	return r, r >= '0' && r <= '9'
}
