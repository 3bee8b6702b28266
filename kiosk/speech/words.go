package speech

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Numbers, dates and codes written for the eye are turned into the words
// a speaker of the language says, before the text reaches the synthesizer:
// espeak-ng reads "/" in a date as the English "slash", and a code read
// as one number ("four trillion...") is useless to someone writing it
// down.

var (
	faOnes     = []string{"صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"}
	faTeens    = []string{"ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"}
	faTens     = []string{"", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"}
	faHundreds = []string{"", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"}
	faScales   = []string{"", "هزار", "میلیون", "میلیارد", "تریلیون"}

	enOnes   = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	enTeens  = []string{"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	enTens   = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	enScales = []string{"", "thousand", "million", "billion", "trillion"}
)

// NumberWords writes n as words in l: 1403 is «هزار و چهارصد و سه» in
// Persian, "one thousand four hundred three" in English.
func NumberWords(l kiosk.Lang, n int64) string {
	if n < 0 {
		return kiosk.Msg(l, "speech.minus") + " " + NumberWords(l, -n)
	}
	if n == 0 {
		return digitWord(l, 0)
	}
	var groups []int64
	for m := n; m > 0; m /= 1000 {
		groups = append(groups, m%1000)
	}
	if len(groups) > len(faScales) {
		return DigitWords(l, strconv.FormatInt(n, 10))
	}
	var parts []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		var w string
		switch {
		case l == kiosk.Persian && i == 1 && g == 1:
			w = faScales[1] // «هزار», not «یک هزار»
		case l == kiosk.Persian:
			w = strings.TrimSpace(hundredsFa(int(g)) + " " + faScales[i])
		default:
			w = strings.TrimSpace(hundredsEn(int(g)) + " " + enScales[i])
		}
		parts = append(parts, w)
	}
	if l == kiosk.Persian {
		return strings.Join(parts, " و ")
	}
	return strings.Join(parts, " ")
}

// hundredsFa writes 1–999 in Persian, its parts joined with «و».
func hundredsFa(n int) string {
	var parts []string
	if h := n / 100; h > 0 {
		parts = append(parts, faHundreds[h])
	}
	switch r := n % 100; {
	case r >= 20:
		parts = append(parts, faTens[r/10])
		if r%10 > 0 {
			parts = append(parts, faOnes[r%10])
		}
	case r >= 10:
		parts = append(parts, faTeens[r-10])
	case r > 0:
		parts = append(parts, faOnes[r])
	}
	return strings.Join(parts, " و ")
}

// hundredsEn writes 1–999 in English.
func hundredsEn(n int) string {
	var parts []string
	if h := n / 100; h > 0 {
		parts = append(parts, enOnes[h]+" hundred")
	}
	switch r := n % 100; {
	case r >= 20:
		w := enTens[r/10]
		if r%10 > 0 {
			w += "-" + enOnes[r%10]
		}
		parts = append(parts, w)
	case r >= 10:
		parts = append(parts, enTeens[r-10])
	case r > 0:
		parts = append(parts, enOnes[r])
	}
	return strings.Join(parts, " ")
}

func digitWord(l kiosk.Lang, d int) string {
	if l == kiosk.Persian {
		return faOnes[d]
	}
	return enOnes[d]
}

// DigitWords reads a string of digits (in any script) one digit at a
// time: "0912" is «صفر نه یک دو». Anything but a digit is left out.
func DigitWords(l kiosk.Lang, s string) string {
	var words []string
	for _, r := range kiosk.NormalizeDigits(s) {
		if r >= '0' && r <= '9' {
			words = append(words, digitWord(l, int(r-'0')))
		}
	}
	return strings.Join(words, " ")
}

// CodeWords reads a code digit by digit in groups of four, with a pause
// between groups, as a citizen writes it down from the receipt.
func CodeWords(l kiosk.Lang, code string) string {
	digits := kiosk.NormalizeDigits(code)
	var clean []rune
	for _, r := range digits {
		if r >= '0' && r <= '9' {
			clean = append(clean, r)
		}
	}
	var groups []string
	for i := 0; i < len(clean); i += 4 {
		groups = append(groups, DigitWords(l, string(clean[i:min(i+4, len(clean))])))
	}
	return strings.Join(groups, kiosk.Msg(l, "speech.pause"))
}

// OrdinalWords writes the ordinal of n (1 to 31 and beyond) in l: «دوازدهم»,
// "twelfth".
func OrdinalWords(l kiosk.Lang, n int) string {
	w := NumberWords(l, int64(n))
	if l == kiosk.Persian {
		switch {
		case n == 1:
			return "یکم"
		case strings.HasSuffix(w, "سه"):
			return strings.TrimSuffix(w, "سه") + "سوم"
		case strings.HasSuffix(w, "سی"):
			return w + "\u200cام"
		}
		return w + "م"
	}
	irregular := map[string]string{"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
	i := strings.LastIndexAny(w, " -")
	head, last := w[:i+1], w[i+1:]
	if o, ok := irregular[last]; ok {
		return head + o
	}
	if strings.HasSuffix(last, "y") {
		return head + strings.TrimSuffix(last, "y") + "ieth"
	}
	return head + last + "th"
}

// DateWords writes a day of a calendar the way it is said: «دوازدهم مرداد
// هزار و چهارصد و سه», "August third, two thousand seven".
func DateWords(l kiosk.Lang, d kiosk.CalendarDate) string {
	return kiosk.Msgf(l, "speech.date", map[string]string{
		"day":   OrdinalWords(l, d.Day),
		"month": d.Calendar.MonthName(l, d.Month),
		"year":  NumberWords(l, int64(d.Year)),
	})
}

// digits of any script the kiosk shows: ASCII, Persian, Arabic-Indic.
const digitClass = `[0-9۰-۹٠-٩]`

var (
	// A Solar Hijri date as FormatDate writes it: ۱۴۰۳/۰۵/۱۲.
	slashDate = regexp.MustCompile(`(` + digitClass + `{4})/(` + digitClass + `{1,2})/(` + digitClass + `{1,2})`)
	// A time of day: ۱۴:۰۵.
	clock = regexp.MustCompile(`(` + digitClass + `{1,2}):(` + digitClass + `{2})`)
	// A code in hyphenated groups (a tracking code, a postal code).
	groupedCode = regexp.MustCompile(digitClass + `+(?:-` + digitClass + `+)+`)
	// A number, maybe grouped by thousands and with a decimal part.
	number = regexp.MustCompile(digitClass + `+(?:[,٬]` + digitClass + `{3})*(?:[.٫]` + digitClass + `+)?`)
	// A slash left between words ("year/month/day", "شروع / Start"):
	// said as a pause.
	slash = regexp.MustCompile(`\s*/\s*`)
)

// Words returns text as it should be spoken in l: dates, times, codes and
// numbers written out in words, so the synthesizer reads them as a
// speaker of l does. Text of the catalogues passes through it unchanged
// otherwise.
func Words(l kiosk.Lang, text string) string {
	text = slashDate.ReplaceAllStringFunc(text, func(m string) string {
		p := slashDate.FindStringSubmatch(m)
		y, _ := strconv.Atoi(kiosk.NormalizeDigits(p[1]))
		mo, _ := strconv.Atoi(kiosk.NormalizeDigits(p[2]))
		d, _ := strconv.Atoi(kiosk.NormalizeDigits(p[3]))
		cal := kiosk.SolarHijri
		if y > 1700 {
			cal = kiosk.Gregorian
		}
		if mo < 1 || mo > 12 {
			return DigitWords(l, m)
		}
		return DateWords(l, kiosk.CalendarDate{Calendar: cal, Year: y, Month: mo, Day: d})
	})
	text = writtenDates(l, text)
	text = clock.ReplaceAllStringFunc(text, func(m string) string {
		p := clock.FindStringSubmatch(m)
		h, _ := strconv.Atoi(kiosk.NormalizeDigits(p[1]))
		mi, _ := strconv.Atoi(kiosk.NormalizeDigits(p[2]))
		key := "speech.time"
		if mi == 0 {
			key = "speech.time_hour"
		}
		return kiosk.Msgf(l, key, map[string]string{"hour": NumberWords(l, int64(h)), "minute": NumberWords(l, int64(mi))})
	})
	text = groupedCode.ReplaceAllStringFunc(text, func(m string) string {
		var groups []string
		for _, g := range strings.Split(m, "-") {
			groups = append(groups, DigitWords(l, g))
		}
		return strings.Join(groups, kiosk.Msg(l, "speech.pause"))
	})
	text = number.ReplaceAllStringFunc(text, func(m string) string { return numberWords(l, m) })
	return slash.ReplaceAllString(text, kiosk.Msg(l, "speech.pause"))
}

// numberWords reads a number as written on screen: a leading zero or
// more than twelve digits make it a code, read digit by digit (a mobile
// number, a national code); otherwise it is a quantity.
func numberWords(l kiosk.Lang, m string) string {
	ascii := kiosk.NormalizeDigits(m)
	whole, frac, hasFrac := strings.Cut(strings.NewReplacer("٫", ".").Replace(ascii), ".")
	whole = strings.NewReplacer(",", "", "٬", "").Replace(whole)
	if (len(whole) > 1 && whole[0] == '0' && !hasFrac) || len(whole) > 12 {
		return DigitWords(l, whole)
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return DigitWords(l, m)
	}
	out := NumberWords(l, n)
	if hasFrac {
		out = kiosk.Msgf(l, "speech.decimal", map[string]string{"whole": out, "fraction": DigitWords(l, frac)})
	}
	return out
}

// writtenDate finds a date as the screens write it in each language
// ("3 August 2007", «۱۲ مرداد ۱۳۸۶»), by the month names of both
// calendars in that language. It is made on first use: the month names
// come from the message catalogue, which the kiosk's start parses beside
// its first frame, not in a package's init.
var writtenDate = sync.OnceValues(func() (map[kiosk.Lang]map[string]kiosk.CalendarDate, map[kiosk.Lang]*regexp.Regexp) {
	months := map[kiosk.Lang]map[string]kiosk.CalendarDate{}
	res := map[kiosk.Lang]*regexp.Regexp{}
	for _, l := range kiosk.Languages {
		months[l] = map[string]kiosk.CalendarDate{}
		var names []string
		for _, cal := range []kiosk.Calendar{kiosk.Gregorian, kiosk.SolarHijri} {
			for m := 1; m <= 12; m++ {
				name := cal.MonthName(l, m)
				months[l][name] = kiosk.CalendarDate{Calendar: cal, Month: m}
				names = append(names, regexp.QuoteMeta(name))
			}
		}
		res[l] = regexp.MustCompile(`(?:^|[^0-9۰-۹])([0-9۰-۹]{1,2}) (` + strings.Join(names, "|") + `) ([0-9۰-۹]{4})(?:$|[^0-9۰-۹])`)
	}
	return months, res
})

// writtenDates rewrites "3 August 2007" into "August third, two thousand
// seven", and «۱۲ مرداد ۱۳۸۶» into «دوازدهم مرداد هزار و ...».
func writtenDates(l kiosk.Lang, text string) string {
	writtenMonths, dates := writtenDate()
	re, ok := dates[l]
	if !ok {
		return text
	}
	var b strings.Builder
	last := 0
	for _, p := range re.FindAllStringSubmatchIndex(text, -1) {
		d := writtenMonths[l][text[p[4]:p[5]]]
		d.Day, _ = strconv.Atoi(kiosk.NormalizeDigits(text[p[2]:p[3]]))
		d.Year, _ = strconv.Atoi(kiosk.NormalizeDigits(text[p[6]:p[7]]))
		b.WriteString(text[last:p[2]])
		b.WriteString(DateWords(l, d))
		last = p[7]
	}
	b.WriteString(text[last:])
	return b.String()
}
