package kiosk

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError says why an answer was refused, as a message key (see
// Messages) so each screen shows it in the citizen's language.
type FieldError struct {
	Field string
	Key   string
	Args  map[string]string
}

func (e *FieldError) Error() string { return "field " + e.Field + ": " + e.Key }

// Default length limits, so that no answer can grow without bound.
const (
	DefaultMaxText     = 100
	DefaultMaxLongText = 1000
)

var mobileRE = regexp.MustCompile(`^(?:\+98|0098|98|0)?(9\d{9})$`)

// Validate normalizes a raw answer and checks it against the field. It
// returns the value to store, or the reason the citizen must correct it.
// An empty answer to an optional field is valid and stored as "".
func (f *Field) Validate(raw string) (string, *FieldError) {
	v := NormalizeInput(raw)
	fail := func(key string, args map[string]string) (string, *FieldError) {
		return "", &FieldError{Field: f.ID, Key: key, Args: args}
	}
	if f.Type == FieldInfo {
		return "", nil
	}
	if v == "" {
		if f.Required || f.Type == FieldConsent {
			if f.Type == FieldConsent {
				return fail("error.consent", nil)
			}
			return fail("error.required", nil)
		}
		return "", nil
	}
	switch f.Type {
	case FieldText, FieldLongText:
		limit := f.MaxLength
		if limit == 0 {
			limit = DefaultMaxText
			if f.Type == FieldLongText {
				limit = DefaultMaxLongText
			}
		}
		n := utf8.RuneCountInString(v)
		if n > limit {
			return fail("error.too_long", map[string]string{"max": strconv.Itoa(limit)})
		}
		if n < f.MinLength {
			return fail("error.too_short", map[string]string{"min": strconv.Itoa(f.MinLength)})
		}
	case FieldNationalCode:
		if !ValidNationalCode(v) {
			return fail("error.national_code", nil)
		}
	case FieldMobile:
		m := mobileRE.FindStringSubmatch(strings.NewReplacer(" ", "", "-", "").Replace(v))
		if m == nil {
			return fail("error.mobile", nil)
		}
		v = "0" + m[1]
	case FieldPostalCode:
		d := strings.ReplaceAll(strings.ReplaceAll(v, "-", ""), " ", "")
		if len(d) != 10 || strings.Trim(d, "0123456789") != "" {
			return fail("error.postal_code", nil)
		}
		v = d
	case FieldNumber, FieldAmount:
		d := strings.NewReplacer(",", "", "٬", "", " ", "").Replace(v)
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || strings.ContainsAny(d, "eE+") || (f.Type == FieldAmount && strings.Trim(d, "0123456789") != "") {
			return fail("error.number", nil)
		}
		if f.Min != nil && n < *f.Min {
			return fail("error.min", map[string]string{"min": strconv.FormatFloat(*f.Min, 'f', -1, 64)})
		}
		if f.Max != nil && n > *f.Max {
			return fail("error.max", map[string]string{"max": strconv.FormatFloat(*f.Max, 'f', -1, 64)})
		}
		v = d
	case FieldEmail:
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v || len(v) > 254 {
			return fail("error.email", nil)
		}
	case FieldChoice, FieldYesNo:
		if !f.hasChoice(v) {
			return fail("error.choice", nil)
		}
	case FieldMultiChoice:
		for _, part := range strings.Split(v, ",") {
			if !f.hasChoice(part) {
				return fail("error.choice", nil)
			}
		}
	case FieldConsent:
		if v != "yes" {
			return fail("error.consent", nil)
		}
	case FieldDate:
		if !isoDateRE.MatchString(v) {
			return fail("error.date", nil)
		}
	case FieldPlate:
		if _, err := ParsePlate(v); err != nil {
			return fail("error.plate", nil)
		}
	}
	return v, nil
}

var isoDateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

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

// ValidNationalCode checks an Iranian national code (کد ملی): ten ASCII
// digits, not all the same, whose last digit is the checksum of the first
// nine.
func ValidNationalCode(s string) bool {
	if len(s) != 10 || strings.Trim(s, "0123456789") != "" {
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

// Plate is an Iranian private vehicle plate: ۱۲ ب ۳۴۵ ایران ۶۷.
type Plate struct {
	First    string // two digits
	Letter   string // one Persian letter
	Second   string // three digits
	Province string // two digits
}

// PlateLetters are the letters a plate may carry. Private cars use the
// first group; the others mark government, police, taxi, public transport
// and disabled drivers' vehicles.
var PlateLetters = []string{"ب", "ج", "د", "س", "ص", "ط", "ق", "ل", "م", "ن", "و", "ه", "ی", "الف", "پ", "ت", "ع", "ژ"}

// String stores a plate as "12-ب-345-67".
func (p Plate) String() string {
	return p.First + "-" + p.Letter + "-" + p.Second + "-" + p.Province
}

// ParsePlate reads a plate stored as "12-ب-345-67".
func ParsePlate(s string) (Plate, error) {
	parts := strings.Split(NormalizeInput(s), "-")
	if len(parts) != 4 {
		return Plate{}, &FieldError{Key: "error.plate"}
	}
	p := Plate{First: parts[0], Letter: parts[1], Second: parts[2], Province: parts[3]}
	digits := func(s string, n int) bool { return len(s) == n && strings.Trim(s, "0123456789") == "" }
	okLetter := false
	for _, l := range PlateLetters {
		okLetter = okLetter || l == p.Letter
	}
	if !digits(p.First, 2) || !digits(p.Second, 3) || !digits(p.Province, 2) || !okLetter ||
		p.First[0] == '0' || p.Province == "00" {
		return Plate{}, &FieldError{Key: "error.plate"}
	}
	return p, nil
}
