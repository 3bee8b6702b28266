package kiosk

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldError says why an answer was refused, as a message key (see
// Messages) so each screen shows it in the citizen's language. Args fill the
// key's placeholders: numbers in ASCII digits, dates ("date") as ISO
// YYYY-MM-DD; Message localizes both.
type FieldError struct {
	Field string
	// Label names the field in the message ({field}); a refusal says
	// which answer to fix, in the summary at the top of a step as under
	// the field.
	Label Text
	// Type is the refused field's type; it decides how numbers in Args
	// are written (amounts grouped, four-digit numbers such as years not).
	Type FieldType
	Key  string
	Args map[string]string
}

// Error names the field and the message key, never the answer.
func (e *FieldError) Error() string { return "field " + e.Field + ": " + e.Key }

// Message returns the refusal in l, with numbers in l's digits and dates
// written as FormatISODate writes them in l: ۱۲ مرداد ۱۳۸۶ in Persian, 3
// August 2007 in English, as the review screen shows answers.
//
// The field's label fills {field}; a key worded for the field's type
// (error.required.date) is preferred to the general one.
func (e *FieldError) Message(l Lang) string {
	key := e.Key
	if typed := key + "." + string(e.Type); e.Type != "" && HasMessage(typed) {
		key = typed
	}
	args := make(map[string]string, len(e.Args)+1)
	args["field"] = e.Label.In(l)
	if args["field"] == "" {
		args["field"] = Msg(l, "form.unnamed_field")
	}
	for k, v := range e.Args {
		switch {
		case k == "date":
			args[k] = FormatISODate(l, v)
		default:
			args[k] = formatNumberOf(l, e.Type, v)
		}
	}
	return Msgf(l, key, args)
}

// Length limits, so that no answer can grow without bound even when a
// definition forgets to set one.
const (
	// DefaultMaxText is the limit of a text field without max_length.
	DefaultMaxText = 100
	// DefaultMaxLongText is the limit of a longtext field without max_length.
	DefaultMaxLongText = 1000
	// MaxLongText is the largest max_length a definition may set: the
	// Open311 description limit.
	MaxLongText = 4000
	// MaxRawInput is the most bytes of raw input looked at; longer input is
	// refused before any other work.
	MaxRawInput = 16 << 10
	// MaxNumberDigits bounds number and amount answers (digits before the
	// decimal point), well inside float64's exact integers.
	MaxNumberDigits = 15
	// MaxDecimals is the most digits after the point a number field may allow.
	MaxDecimals = 4
	// VINLength is the length of a vehicle identification number.
	VINLength = 17
	maxEmail  = 254
)

// Text formats: what a text field holds beyond free text.
const (
	FormatFree         = ""              // any letters, digits and punctuation
	FormatName         = "name"          // a person's or place's name: letters, spaces, ZWNJ, - ' .
	FormatDigits       = "digits"        // only digits (a number that is an identifier: office no.)
	FormatVIN          = "vin"           // vehicle identification number, 17 characters
	FormatCompanyID    = "company_id"    // شناسه ملی of a legal entity, 11 digits with checksum
	FormatEconomicCode = "economic_code" // کد اقتصادی, 11 to 14 digits
)

// TextFormats lists the formats a text field may declare.
var TextFormats = []string{FormatFree, FormatName, FormatDigits, FormatVIN, FormatCompanyID, FormatEconomicCode}

// Validate normalizes a raw answer and checks it against the field, taking
// "today" from the wall clock. See ValidateAt.
func (f *Field) Validate(raw string) (string, *FieldError) {
	return f.ValidateAt(raw, time.Now())
}

// ValidateAt normalizes a raw answer and checks it against the field, with
// now deciding what "today" is for date bounds. It returns the value to
// store, or the reason the citizen must correct it. An empty answer takes
// the field's default; an empty answer to an optional field is valid and
// stored as "". A stored value validates to itself, so an answer can be
// checked again after an edit.
func (f *Field) ValidateAt(raw string, now time.Time) (string, *FieldError) {
	if f.Type == FieldInfo {
		return "", nil
	}
	if len(raw) > MaxRawInput {
		return f.fail("error.too_long", "max", strconv.Itoa(f.maxLength()))
	}
	v := NormalizeInput(raw)
	if f.Type != FieldLongText {
		v = singleLine(v)
	}
	if v == "" && f.Default != "" {
		v = singleLine(NormalizeInput(f.Default))
	}
	if f.Type == FieldText && v != "" && !hasLetterOrDigit(v) {
		v = "" // "..." or "-" is no answer
	}
	if v == "" {
		switch {
		case f.Type == FieldConsent:
			return f.fail("error.consent")
		case f.Required && f.Type == FieldPassport:
			return f.fail("error.passport_number") // says what to enter
		case f.Required && f.Type == FieldCountry:
			return f.fail("error.country") // says how to choose one
		case f.Required:
			return f.fail("error.required")
		}
		return "", nil
	}
	switch f.Type {
	case FieldText, FieldLongText:
		return f.validateText(v)
	case FieldNumber:
		return f.validateNumber(v)
	case FieldAmount:
		return f.validateAmount(v)
	case FieldDate:
		return f.validateDate(v, now)
	case FieldChoice:
		if !f.hasChoice(v) {
			return f.fail("error.choice")
		}
		return v, nil
	case FieldYesNo:
		if len(f.Choices) == 0 {
			v = strings.ToLower(v)
		}
		if !f.hasChoice(v) {
			return f.fail("error.choice")
		}
		return v, nil
	case FieldMultiChoice:
		return f.validateMultiChoice(v)
	case FieldConsent:
		if strings.ToLower(v) != "yes" {
			return f.fail("error.consent")
		}
		return "yes", nil
	case FieldNationalCode:
		d := stripSeparators(v)
		if len(d) != 10 && allDigits(d) {
			return f.fail("error.national_code_length")
		}
		if !ValidNationalCode(d) {
			return f.fail("error.national_code")
		}
		return d, nil
	case FieldMobile:
		m, ok := NormalizeMobile(v)
		if !ok {
			return f.fail("error.mobile")
		}
		return m, nil
	case FieldPostalCode:
		d := stripSeparators(v)
		if len(d) != 10 && allDigits(d) {
			return f.fail("error.postal_code_length")
		}
		if !ValidPostalCode(d) {
			return f.fail("error.postal_code")
		}
		return d, nil
	case FieldEmail:
		e, ok := normalizeEmail(v)
		if !ok {
			return f.fail("error.email")
		}
		return e, nil
	case FieldPassport:
		p := NormalizePassportNumber(v)
		if !ValidPassportNumber(p) {
			return f.fail("error.passport_number")
		}
		return p, nil
	case FieldCountry:
		c, ok := LookupCountry(strings.TrimSpace(v))
		switch {
		case !ok:
			return f.fail("error.country")
		case slices.Contains(f.ExcludeCountries, c.Code) && c.Code == "IR":
			return f.fail("error.country_iran")
		case slices.Contains(f.ExcludeCountries, c.Code):
			return f.fail("error.country_excluded")
		}
		return c.Code, nil
	case FieldPlate:
		p, err := ParsePlate(v)
		if err != nil {
			key := "error.plate"
			if fe, ok := err.(*FieldError); ok {
				key = fe.Key
			}
			return f.fail(key)
		}
		return p.String(), nil
	}
	return f.fail("error.invalid")
}

// fail builds the refusal of the field; args come in name, value pairs.
func (f *Field) fail(key string, args ...string) (string, *FieldError) {
	e := &FieldError{Field: f.ID, Label: f.Label, Type: f.Type, Key: key}
	if len(args) > 0 {
		e.Args = map[string]string{}
		for i := 0; i+1 < len(args); i += 2 {
			e.Args[args[i]] = args[i+1]
		}
	}
	return "", e
}

// maxLength is the length limit in characters the field's answers meet.
func (f *Field) maxLength() int {
	if f.MaxLength > 0 {
		return f.MaxLength
	}
	switch f.Type {
	case FieldLongText:
		return DefaultMaxLongText
	case FieldEmail:
		return maxEmail
	}
	return DefaultMaxText
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func (f *Field) checkLength(v string) (string, *FieldError) {
	n := utf8.RuneCountInString(v)
	if limit := f.maxLength(); n > limit {
		return f.fail("error.too_long", "max", strconv.Itoa(limit))
	}
	if n < f.MinLength {
		return f.fail("error.too_short", "min", strconv.Itoa(f.MinLength))
	}
	return v, nil
}

func (f *Field) validateText(v string) (string, *FieldError) {
	switch f.Format {
	case FormatName:
		for _, r := range v {
			if !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune(" \u200c-'.’", r)) {
				return f.fail("error.name")
			}
		}
	case FormatDigits:
		v = stripSeparators(v)
		if !allDigits(v) {
			return f.fail("error.digits")
		}
	case FormatVIN:
		v = strings.ToUpper(stripSeparators(v))
		if !ValidVIN(v) {
			return f.fail("error.vin")
		}
		return v, nil
	case FormatCompanyID:
		v = stripSeparators(v)
		if !ValidCompanyID(v) {
			return f.fail("error.company_id")
		}
		return v, nil
	case FormatEconomicCode:
		v = stripSeparators(v)
		if !ValidEconomicCode(v) {
			return f.fail("error.economic_code")
		}
		return v, nil
	}
	return f.checkLength(v)
}

// readNumber reads a decimal number as citizens write it: ASCII, Persian or
// Arabic-Indic digits (already mapped), thousands separators (, ٬ '),
// the decimal point as ".", "٫" or, in Persian habit, "/". It returns the
// sign, the integer digits without leading zeros and the fraction digits
// without trailing zeros.
func readNumber(v string) (neg bool, whole, frac string, ok bool) {
	v = strings.Map(func(r rune) rune {
		switch r {
		case ',', '٬', '\'', ' ', '’':
			return -1
		case '٫', '/':
			return '.'
		case '−', '–':
			return '-'
		}
		return r
	}, v)
	if strings.HasPrefix(v, "-") {
		neg, v = true, v[1:]
	}
	whole, frac, _ = strings.Cut(v, ".")
	if (whole == "" && frac == "") || (whole != "" && !allDigits(whole)) || (frac != "" && !allDigits(frac)) || strings.Count(v, ".") > 1 {
		return false, "", "", false
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if whole == "0" && frac == "" {
		neg = false // no "-0"
	}
	return neg, whole, frac, true
}

func (f *Field) checkRange(n float64) (string, *FieldError) {
	if f.Min != nil && n < *f.Min {
		return f.fail("error.min", "min", formatFloat(*f.Min))
	}
	if f.Max != nil && n > *f.Max {
		return f.fail("error.max", "max", formatFloat(*f.Max))
	}
	return "", nil
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func (f *Field) validateNumber(v string) (string, *FieldError) {
	neg, whole, frac, ok := readNumber(v)
	if !ok {
		return f.fail("error.number")
	}
	if len(whole) > MaxNumberDigits {
		if f.Max != nil && !neg {
			return f.fail("error.max", "max", formatFloat(*f.Max))
		}
		return f.fail("error.number")
	}
	if len(frac) > f.Decimals {
		if f.Decimals == 0 {
			return f.fail("error.integer")
		}
		return f.fail("error.decimals", "decimals", strconv.Itoa(f.Decimals))
	}
	s := whole
	if frac != "" {
		s += "." + frac
	}
	if neg {
		s = "-" + s
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return f.fail("error.number")
	}
	if _, ferr := f.checkRange(n); ferr != nil {
		return "", ferr
	}
	return s, nil
}

func (f *Field) validateAmount(v string) (string, *FieldError) {
	neg, whole, frac, ok := readNumber(v)
	if !ok || neg || frac != "" || strings.ContainsAny(v, "./٫") {
		return f.fail("error.amount")
	}
	if len(whole) > MaxNumberDigits {
		if f.Max != nil {
			return f.fail("error.max", "max", formatFloat(*f.Max))
		}
		return f.fail("error.amount")
	}
	n, err := strconv.ParseFloat(whole, 64)
	if err != nil {
		return f.fail("error.amount")
	}
	if _, ferr := f.checkRange(n); ferr != nil {
		return "", ferr
	}
	return whole, nil
}

func (f *Field) validateMultiChoice(v string) (string, *FieldError) {
	picked := map[string]bool{}
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '،' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !f.hasChoice(part) {
			return f.fail("error.choice")
		}
		picked[part] = true
	}
	if len(picked) == 0 {
		if f.Required {
			return f.fail("error.required")
		}
		return "", nil
	}
	// Stored in the definition's order, so the same choices store the same.
	var out []string
	for _, c := range f.Choices {
		if picked[c.Value] {
			out = append(out, c.Value)
		}
	}
	return strings.Join(out, ","), nil
}

func (f *Field) hasChoice(v string) bool {
	if f.Type == FieldYesNo && len(f.Choices) == 0 {
		return v == "yes" || v == "no"
	}
	for _, c := range f.Choices {
		if c.Value == v {
			return true
		}
	}
	return false
}

// Dates a date field accepts at all, whatever its bounds (Solar Hijri
// 1278/10/11 to 1479/10/10); a date picker offers no day outside them.
const (
	EarliestDate = "1900-01-01"
	LatestDate   = "2100-12-31"
)

var dateRE = regexp.MustCompile(`^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$`)

// ParseDate reads a date as a citizen or a date picker writes it and
// returns it as ISO YYYY-MM-DD. Years before 1700 are Solar Hijri
// (1403/05/12, ۱۴۰۳-۵-۱۲); later years are Gregorian (2024-08-02). Digits
// may be Persian or Arabic-Indic.
func ParseDate(s string) (string, error) {
	m := dateRE.FindStringSubmatch(NormalizeDigits(strings.TrimSpace(s)))
	if m == nil {
		return "", fmt.Errorf("parse date: want YYYY/MM/DD")
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	var iso string
	if y < 1700 {
		if mo < 1 || mo > 12 || d < 1 || d > SolarMonthLength(y, mo) {
			return "", fmt.Errorf("parse date: no such Solar Hijri day")
		}
		g, err := SolarDate{Year: y, Month: mo, Day: d}.Gregorian()
		if err != nil {
			return "", fmt.Errorf("parse date: %w", err)
		}
		iso = g
	} else {
		t := time.Date(y, time.Month(mo), d, 12, 0, 0, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
			return "", fmt.Errorf("parse date: no such day")
		}
		iso = t.Format("2006-01-02")
	}
	if iso < EarliestDate || iso > LatestDate {
		return "", fmt.Errorf("parse date: outside %s..%s", EarliestDate, LatestDate)
	}
	return iso, nil
}

func (f *Field) validateDate(v string, now time.Time) (string, *FieldError) {
	iso, err := ParseDate(v)
	if err != nil {
		return f.fail("error.date")
	}
	lo, hi := f.DateBounds(now)
	if hi != "" && iso > hi {
		if f.MaxDate == "today" {
			return f.fail("error.date_future")
		}
		return f.fail("error.date_max", "date", hi)
	}
	if lo != "" && iso < lo {
		if f.MinDate == "today" {
			return f.fail("error.date_past")
		}
		return f.fail("error.date_min", "date", lo)
	}
	return iso, nil
}

// DateBounds returns the earliest and latest ISO dates a date field
// accepts on the day of now in Tehran, from its min_date and max_date
// ("" where unbounded). A date picker offers only the years, months and
// days between them, in whichever calendar it shows.
func (f *Field) DateBounds(now time.Time) (earliest, latest string) {
	earliest, _ = ResolveDate(f.MinDate, now)
	latest, _ = ResolveDate(f.MaxDate, now)
	return earliest, latest
}

var relativeDateRE = regexp.MustCompile(`^today(?:([+-])(\d{1,4})([dmy]))?$`)

// ResolveDate turns a date bound of a definition into an ISO date, with
// today taken in Tehran on the day of now: "today", "today-18y",
// "today+60d", "today-6m", or a fixed ISO date "2000-01-01". An empty bound
// resolves to "".
func ResolveDate(bound string, now time.Time) (string, error) {
	if bound == "" {
		return "", nil
	}
	if m := relativeDateRE.FindStringSubmatch(bound); m != nil {
		t := now.In(Tehran)
		day := time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC)
		if m[1] != "" {
			n, _ := strconv.Atoi(m[2])
			if m[1] == "-" {
				n = -n
			}
			switch m[3] {
			case "d":
				day = day.AddDate(0, 0, n)
			case "m":
				day = day.AddDate(0, n, 0)
			case "y":
				day = day.AddDate(n, 0, 0)
			}
		}
		return day.Format("2006-01-02"), nil
	}
	t, err := time.Parse("2006-01-02", bound)
	if err != nil {
		return "", fmt.Errorf("date bound %q: want today, today±N[dmy] or YYYY-MM-DD", bound)
	}
	return t.Format("2006-01-02"), nil
}

// ValidNationalCode checks an Iranian national code (کد ملی): ten ASCII
// digits, not all the same, whose last digit is the checksum of the first
// nine.
func ValidNationalCode(s string) bool {
	if len(s) != 10 || !allDigits(s) {
		return false
	}
	if strings.Count(s, s[:1]) == 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	r := sum % 11
	check := int(s[9] - '0')
	if r < 2 {
		return check == r
	}
	return check == 11-r
}

// ValidCompanyID checks the national ID of an Iranian legal entity (شناسه
// ملی اشخاص حقوقی): eleven ASCII digits, digits 4 to 9 not all zero, and the
// last digit the checksum of the first ten: with t the tenth digit plus 2,
// s = Σ (d_i + t)·w_i over the first ten digits, weights 29 27 23 19 17
// repeated; check = s mod 11, with 10 written as 0. (Rule as implemented by
// the persian-tools library, which cites the registry's published
// algorithm; 10380284790 is valid.)
func ValidCompanyID(s string) bool {
	if len(s) != 11 || !allDigits(s) || s[3:9] == "000000" {
		return false
	}
	weights := [5]int{29, 27, 23, 19, 17}
	t := int(s[9]-'0') + 2
	sum := 0
	for i := 0; i < 10; i++ {
		sum += (int(s[i]-'0') + t) * weights[i%5]
	}
	r := sum % 11
	if r == 10 {
		r = 0
	}
	return int(s[10]-'0') == r
}

// ValidEconomicCode checks the shape of an economic code (کد اقتصادی):
// 11 to 14 ASCII digits, not all zero. Old codes have 12 digits; a legal
// entity's newer code is its 11-digit national ID. No checksum is checked:
// the tax administration publishes none we could verify.
func ValidEconomicCode(s string) bool {
	return len(s) >= 11 && len(s) <= 14 && allDigits(s) && strings.Trim(s, "0") != ""
}

// ValidPostalCode checks an Iranian postal code: ten ASCII digits, not all
// the same, whose first five (the postal area) use neither 0 nor 2 — Iran
// Post leaves them out there because they are easily misread as 5 and 3.
func ValidPostalCode(s string) bool {
	if len(s) != 10 || !allDigits(s) || strings.Count(s, s[:1]) == 10 {
		return false
	}
	return !strings.ContainsAny(s[:5], "02")
}

var mobileRE = regexp.MustCompile(`^(?:\+98|0098|98|0)?(9\d{9})$`)

// NormalizeMobile reads an Iranian mobile number written as 0912…, +98912…,
// 0098912… or 912…, with spaces, hyphens or brackets and any digits, and
// returns it as 09123456789.
func NormalizeMobile(s string) (string, bool) {
	m := mobileRE.FindStringSubmatch(stripSeparators(NormalizeDigits(s)))
	if m == nil {
		return "", false
	}
	return "0" + m[1], true
}

// ValidVIN checks a vehicle identification number (ISO 3779): 17
// characters, upper-case Latin letters and digits, without I, O and Q.
// The check digit of North American VINs is not required: Iranian makers
// do not all use it.
func ValidVIN(s string) bool {
	if len(s) != VINLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q':
		default:
			return false
		}
	}
	return true
}

func normalizeEmail(v string) (string, bool) {
	if len(v) > maxEmail || strings.ContainsAny(v, " <>\"(),;:\\[]") {
		return "", false
	}
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return "", false // a Persian letter typed on the wrong keyboard
		}
	}
	local, domain, ok := strings.Cut(v, "@")
	if !ok || local == "" || len(local) > 64 || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", false
	}
	out := local + "@" + strings.ToLower(domain)
	a, err := mail.ParseAddress(out)
	if err != nil || a.Address != out || a.Name != "" {
		return "", false
	}
	return out, true
}

// Plate is an Iranian vehicle plate: ۱۲ ب ۳۴۵ ایران ۶۷.
type Plate struct {
	First    string // two digits, 10–99
	Letter   string // one of PlateLetters
	Second   string // three digits, 100–999
	Province string // two digits, 10–99: the province code beside "ایران"
}

// PlateLetters are the letters a plate may carry, in Persian alphabetical
// order (الف first), as a citizen looks for them. Private cars use
// privatePlateLetters; the others mark government (الف), police (پ), taxi
// (ت), public transport (ع) and disabled drivers' and veterans' (ژ)
// vehicles. Which letters fit which plate type is PlateTypeLetters.
var PlateLetters = []string{"الف", "ب", "پ", "ت", "ج", "د", "ژ", "س", "ص", "ط", "ع", "ق", "ل", "م", "ن", "و", "ه", "ی"}

// privatePlateLetters are the letters of private cars' plates.
var privatePlateLetters = []string{"ب", "ج", "د", "س", "ص", "ط", "ق", "ل", "م", "ن", "و", "ه", "ی"}

// String stores a plate as "12-ب-345-67".
func (p Plate) String() string {
	return p.First + "-" + p.Letter + "-" + p.Second + "-" + p.Province
}

// Format writes the plate as it reads on the car, in l's digits:
// "۱۲ ب ۳۴۵ ایران ۶۷" in Persian, "12 ب 345 Iran 67" in English.
func (p Plate) Format(l Lang) string {
	return Msgf(l, "form.plate", map[string]string{
		"first": LocalizeDigits(l, p.First), "letter": p.Letter,
		"second": LocalizeDigits(l, p.Second), "province": LocalizeDigits(l, p.Province),
	})
}

// ParsePlate reads a plate stored as "12-ب-345-67", or written as it reads
// on the car ("۱۲ ب ۳۴۵ ایران ۶۷", "12ب345-67"). The letter ا is read as
// الف. The error is a *FieldError whose key says which part is wrong:
// error.plate, error.plate_letter or error.plate_province.
func ParsePlate(s string) (Plate, error) {
	s = NormalizeInput(s)
	s = strings.NewReplacer("ایران", " ", "IRAN", " ", "Iran", " ", "iran", " ", "ھ", "ه").Replace(s)
	var tokens []string
	var cur []rune
	curDigit := false
	flush := func() {
		if len(cur) > 0 {
			tokens = append(tokens, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if !curDigit {
				flush()
			}
			curDigit = true
			cur = append(cur, r)
		case unicode.IsLetter(r):
			if curDigit {
				flush()
			}
			curDigit = false
			cur = append(cur, r)
		default: // separators: space, hyphen, bar
			flush()
		}
		if len(tokens) > 6 {
			break
		}
	}
	flush()
	// "12ب34567": the last two groups were typed without a gap.
	if len(tokens) == 3 && len(tokens[2]) == 5 && allDigits(tokens[2]) {
		tokens = []string{tokens[0], tokens[1], tokens[2][:3], tokens[2][3:]}
	}
	bad := func(key string) (Plate, error) { return Plate{}, &FieldError{Key: key} }
	if len(tokens) != 4 {
		return bad("error.plate")
	}
	p := Plate{First: tokens[0], Letter: tokens[1], Second: tokens[2], Province: tokens[3]}
	if p.Letter == "ا" {
		p.Letter = "الف"
	}
	if !allDigits(p.First) || len(p.First) != 2 || p.First[0] == '0' ||
		!allDigits(p.Second) || len(p.Second) != 3 || p.Second[0] == '0' {
		return bad("error.plate")
	}
	if !slices.Contains(PlateLetters, p.Letter) {
		return bad("error.plate_letter")
	}
	if !allDigits(p.Province) || len(p.Province) != 2 || p.Province[0] == '0' {
		return bad("error.plate_province")
	}
	return p, nil
}

// PlateTypeField is the ID of the choice field that says which kind of
// plate the plate fields beside it are (the vehicle-plate service's
// "Plate type"): its answer is one of the keys of PlateTypeLetters.
const PlateTypeField = "plate_type"

// PlateTypeLetters are the letters each kind of plate carries: private
// cars one of a group of thirteen, the others a letter reserved to them
// (taxi ت, public transport ع, disabled drivers and veterans ژ). A type
// not listed here is not checked.
var PlateTypeLetters = map[string][]string{
	"private":          privatePlateLetters,
	"taxi":             {"ت"},
	"public-transport": {"ع"},
	"disabled":         {"ژ"},
}

// CheckPlateType checks that a plate's letter fits its plate type (a key
// of PlateTypeLetters): a private car with «ت» is refused. The refusal's
// key says what the type carries; an unknown type passes.
func CheckPlateType(plateType string, p Plate) *FieldError {
	letters, known := PlateTypeLetters[plateType]
	if !known || slices.Contains(letters, p.Letter) {
		return nil
	}
	// One whole message per type: error.plate_letter_public_transport.
	return &FieldError{Type: FieldPlate, Key: "error.plate_letter_" + strings.ReplaceAll(plateType, "-", "_")}
}

// CheckPlateTypes checks the plate fields of st that apply and are
// answered against the plate type answered in answers[PlateTypeField]
// (on this step or an earlier one), as the step is accepted: answers are
// the session's, already validated. It returns the refusals by field ID,
// none when no plate type is answered.
func (st *Step) CheckPlateTypes(answers map[string]string) map[string]*FieldError {
	plateType := answers[PlateTypeField]
	if plateType == "" {
		return nil
	}
	var errs map[string]*FieldError
	for i := range st.Fields {
		f := &st.Fields[i]
		v := answers[f.ID]
		if f.Type != FieldPlate || v == "" || !f.When.Holds(answers) {
			continue
		}
		p, err := ParsePlate(v)
		if err != nil {
			continue // refused by the field's own validation
		}
		if ferr := CheckPlateType(plateType, p); ferr != nil {
			ferr.Field, ferr.Label = f.ID, f.Label
			if errs == nil {
				errs = map[string]*FieldError{}
			}
			errs[f.ID] = ferr
		}
	}
	return errs
}

// CheckDistinct refuses, as step i of s is accepted, a national code
// given for two people who must differ (Field.DistinctFrom): the refusal
// goes on whichever of the two fields is on step i, so a citizen editing
// either one from the review is told. Only answers of fields that apply
// are compared; answers are the session's, already validated.
func (s *Service) CheckDistinct(i int, answers map[string]string) map[string]*FieldError {
	if i < 0 || i >= len(s.Steps) {
		return nil
	}
	applies := map[string]bool{}
	for _, n := range s.VisibleSteps(answers) {
		for _, f := range s.Steps[n].Fields {
			if f.When.Holds(answers) {
				applies[f.ID] = true
			}
		}
	}
	onStep := map[string]Text{}
	for _, f := range s.Steps[i].Fields {
		onStep[f.ID] = f.Label
	}
	var errs map[string]*FieldError
	for n := range s.Steps {
		for _, f := range s.Steps[n].Fields {
			other := f.DistinctFrom
			v := answers[f.ID]
			if other == "" || v == "" || v != answers[other] || !applies[f.ID] || !applies[other] {
				continue
			}
			id := f.ID
			if _, ok := onStep[id]; !ok {
				id = other
			}
			label, ok := onStep[id]
			if !ok {
				continue
			}
			if errs == nil {
				errs = map[string]*FieldError{}
			}
			errs[id] = &FieldError{Field: id, Label: label, Type: FieldNationalCode, Key: "error.same_national_code"}
		}
	}
	return errs
}

// Display writes a stored answer the way the review screen and a
// back-office operator read it in l: choice labels instead of values, yes
// and no in words, dates as FormatISODate writes them (Solar Hijri
// ۱۲ مرداد ۱۴۰۳ in Persian, 2 August 2024 in English), amounts with
// separators and the currency, plates as on the car, countries by name,
// and l's digits (passport numbers and e-mail addresses as typed).
func (f *Field) Display(l Lang, v string) string {
	if v == "" {
		return ""
	}
	switch f.Type {
	case FieldChoice:
		return f.choiceLabel(l, v)
	case FieldYesNo:
		if len(f.Choices) > 0 {
			return f.choiceLabel(l, v)
		}
		if v == "yes" {
			return Msg(l, "form.yes")
		}
		return Msg(l, "form.no")
	case FieldMultiChoice:
		parts := strings.Split(v, ",")
		for i, p := range parts {
			parts[i] = f.choiceLabel(l, p)
		}
		return strings.Join(parts, Msg(l, "form.list_separator"))
	case FieldConsent:
		return Msg(l, "form.consent_given")
	case FieldDate:
		return FormatISODate(l, v)
	case FieldAmount:
		return Msgf(l, "form.amount_rials", map[string]string{"amount": formatDecimal(l, v)})
	case FieldNumber:
		return formatNumberOf(l, f.Type, v)
	case FieldPlate:
		p, err := ParsePlate(v)
		if err != nil {
			return v
		}
		return p.Format(l)
	case FieldPostalCode:
		if len(v) == 10 {
			return LocalizeDigits(l, v[:5]+"-"+v[5:])
		}
	case FieldEmail, FieldPassport:
		return v // Latin text, digits included, as printed
	case FieldCountry:
		return CountryName(l, v)
	case FieldText, FieldLongText:
		if f.Format == FormatVIN {
			return v // Latin letters and digits stay as printed on the car
		}
	}
	return LocalizeDigits(l, v)
}

func (f *Field) choiceLabel(l Lang, v string) string {
	for _, c := range f.Choices {
		if c.Value == v {
			return c.Label.In(l)
		}
	}
	return v
}

// formatNumberOf writes a number answer (or limit) of a field of type t
// in l. Four-digit whole numbers of number fields are years, plate and
// section numbers as often as quantities: written without a separator
// (1403, not 1,403). Amounts and larger numbers are grouped.
func formatNumberOf(l Lang, t FieldType, v string) string {
	if t != FieldAmount {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > -10000 && n < 10000 {
			return LocalizeDigits(l, v)
		}
	}
	return formatDecimal(l, v)
}

// formatDecimal writes a stored number in l: thousands separators for
// whole numbers, the Persian decimal separator ٫, l's digits.
func formatDecimal(l Lang, v string) string {
	whole, frac, hasFrac := strings.Cut(v, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return LocalizeDigits(l, v)
	}
	out := FormatNumber(l, n)
	if hasFrac {
		sep := "."
		if l == Persian {
			sep = "٫"
		}
		out += sep + LocalizeDigits(l, frac)
	}
	if neg {
		out = "-" + out
	}
	return out
}
