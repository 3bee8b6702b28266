package kiosk_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pishkhan/pishkhan/kiosk"
)

// fuzzFields covers every field type and text format with the options
// that change validation.
var fuzzFields = func() []kiosk.Field {
	choices := []kiosk.Choice{
		{Value: "a", Label: kiosk.Text{"fa": "الف", "en": "A"}},
		{Value: "b-2", Label: kiosk.Text{"fa": "ب", "en": "B"}},
		{Value: "1", Label: kiosk.Text{"fa": "یک", "en": "One"}},
	}
	fields := []kiosk.Field{
		{Type: kiosk.FieldText, Required: true, MinLength: 2, MaxLength: 40},
		{Type: kiosk.FieldText},
		{Type: kiosk.FieldText, Format: kiosk.FormatName, MaxLength: 60},
		{Type: kiosk.FieldText, Format: kiosk.FormatDigits, MaxLength: 12},
		{Type: kiosk.FieldText, Format: kiosk.FormatVIN},
		{Type: kiosk.FieldText, Format: kiosk.FormatCompanyID},
		{Type: kiosk.FieldText, Format: kiosk.FormatEconomicCode},
		{Type: kiosk.FieldLongText, MinLength: 20, MaxLength: 2000},
		{Type: kiosk.FieldLongText},
		{Type: kiosk.FieldNumber, Min: ptr(1), Max: ptr(40)},
		{Type: kiosk.FieldNumber, Decimals: 2},
		{Type: kiosk.FieldAmount, Min: ptr(10000), Max: ptr(1e14)},
		{Type: kiosk.FieldAmount},
		{Type: kiosk.FieldDate, MaxDate: "today"},
		{Type: kiosk.FieldDate, MinDate: "today-65y", MaxDate: "today-18y"},
		{Type: kiosk.FieldDate},
		{Type: kiosk.FieldChoice, Required: true, Choices: choices},
		{Type: kiosk.FieldChoice, Default: "a", Choices: choices},
		{Type: kiosk.FieldMultiChoice, Choices: choices},
		{Type: kiosk.FieldYesNo},
		{Type: kiosk.FieldNationalCode, Required: true},
		{Type: kiosk.FieldMobile},
		{Type: kiosk.FieldPostalCode},
		{Type: kiosk.FieldPlate},
		{Type: kiosk.FieldEmail},
		{Type: kiosk.FieldPassport, Required: true},
		{Type: kiosk.FieldCountry, ExcludeCountries: []string{"IR"}},
		{Type: kiosk.FieldConsent},
		{Type: kiosk.FieldInfo},
	}
	for i := range fields {
		fields[i].ID = "f" + string(rune('a'+i))
	}
	return fields
}()

// hidden reports characters no stored answer may carry: they could change
// how the review screen or the receipt reads.
func hidden(r rune) bool {
	if r == '\u200c' || r == '\u200d' {
		return false
	}
	return unicode.Is(unicode.Cf, r) || (unicode.IsControl(r) && r != '\n' && r != '\t') || r == utf8.RuneError
}

// FuzzValidate feeds any input to every field type. Validation must never
// panic; an accepted answer must be valid UTF-8 without bidi or other
// invisible controls, within the length limits, stable when validated
// again, and displayable; a refusal must carry a message that exists.
func FuzzValidate(f *testing.F) {
	for _, seed := range []string{
		"", " ", "0499370899", "۰۴۹۹۳۷۰۸۹۹", "٠٠١٣٥٤٢٤١٩", "+989121234567", "۱۱۹۳۶-۵۳۴۷۱",
		"12-ب-345-67", "۱۲ ب ۳۴۵ ایران ۶۷", "12ب34567", "1403/12/30", "۱۴۰۳/۵/۱۲", "2024-02-29",
		"1HGCM82633A004352", "10380284790", "a,b-2,1", "new، a", "yes", "No", "ali@example.ir",
		"۲٬۵۰۰٬۰۰۰", "-0.50", "۱۲۰٫۷۵", "1e308", "\u202e0499370899\u202c", "علـــی\u200f", "a\u0653\u0627",
		"\xff\xfe", strings.Repeat("۹", 40), "today", "0.", ".5", "--1",
	} {
		for i := range fuzzFields {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, raw string) {
		field := fuzzFields[int(which)%len(fuzzFields)]
		got, ferr := field.ValidateAt(raw, validationDay)
		if ferr != nil {
			if got != "" || ferr.Field != field.ID || !kiosk.HasMessage(ferr.Key) {
				t.Fatalf("%s: refusal %+v with value %q", field.Type, ferr, got)
			}
			for _, l := range kiosk.Languages {
				if msg := ferr.Message(l); strings.Contains(msg, "{") {
					t.Fatalf("%s: message with an unfilled placeholder: %q", ferr.Key, msg)
				}
			}
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("%s: stored invalid UTF-8 %q", field.Type, got)
		}
		if i := strings.IndexFunc(got, hidden); i >= 0 {
			t.Fatalf("%s: stored %q keeps a hidden character at %d", field.Type, got, i)
		}
		if n := utf8.RuneCountInString(got); n > kiosk.MaxLongText {
			t.Fatalf("%s: stored %d characters", field.Type, n)
		}
		if field.Type != kiosk.FieldLongText && strings.ContainsAny(got, "\n\t") {
			t.Fatalf("%s: one-line answer %q has a line break", field.Type, got)
		}
		again, ferr := field.ValidateAt(got, validationDay)
		if ferr != nil || again != got {
			t.Fatalf("%s: stored %q validates to %q, %v", field.Type, got, again, ferr)
		}
		for _, l := range kiosk.Languages {
			if d := field.Display(l, got); got != "" && d == "" {
				t.Fatalf("%s: nothing to display for %q", field.Type, got)
			}
		}
	})
}

// FuzzNormalizeInput checks normalization is stable and leaves no bidi
// control behind, whatever the input.
func FuzzNormalizeInput(f *testing.F) {
	for _, seed := range []string{"", "علي\u202e۱۲", "a\r\n\u2028b", "\u0627\u202e\u0653", "\xff", " \u00a0x\u3000"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := kiosk.NormalizeInput(s)
		if again := kiosk.NormalizeInput(n); again != n {
			t.Fatalf("NormalizeInput not stable: %q → %q → %q", s, n, again)
		}
		if i := strings.IndexFunc(n, hidden); i >= 0 {
			t.Fatalf("NormalizeInput(%q) = %q keeps a hidden character", s, n)
		}
		if strings.ContainsFunc(n, func(r rune) bool { return (r >= '۰' && r <= '۹') || (r >= '٠' && r <= '٩') }) {
			t.Fatalf("NormalizeInput(%q) = %q keeps non-ASCII digits", s, n)
		}
	})
}

// The fuzzer minimizes every new interesting input by running the target
// on ever smaller copies of it, O(n²) times for n bytes, and counts none of
// those runs: a large seed (the embedded catalogue is 93 KB, 16 ms a parse)
// or a grown input stalls it for a minute at a time. Inputs are therefore
// kept small; the embedded catalogue has its own tests.
const (
	// maxFuzzCatalogue bounds a document given to FuzzParseCatalogue:
	// room for the documented example (2.2 KB) and more.
	maxFuzzCatalogue = 4 << 10
	// maxFuzzOption bounds each text option in FuzzParseCatalogueField.
	maxFuzzOption = 32
)

// FuzzParseCatalogue feeds any document to the catalogue decoder. It must
// never panic; a refusal is a *CheckError with located problems; an
// accepted catalogue passes Check, survives a JSON round trip unchanged and
// always has a first step to show.
func FuzzParseCatalogue(f *testing.F) {
	f.Add(documentedExample(f))
	f.Add([]byte(demoCatalogue("")))
	f.Add([]byte(demoCatalogue(`          - id: d
            type: date
            max_date: today-18y
            when: {any: [{field: kind, equals: a}, {field: kind, answered: false}]}
            label: {fa: "ت", en: "D"}
`)))
	f.Add([]byte(demoCatalogue(`          - id: yes
            type: choice
            choices: [{value: yes, label: {fa: x}}]
`)))
	f.Add([]byte("version: [1\nservices: x"))
	f.Add([]byte(`{"version":"1","services":[{"code":"x","name":{"fa":"ا","en":"a"},"steps":[{"id":"s","title":{"fa":"ا","en":"a"},"fields":[{"id":"f","type":"text","label":{"fa":"ا","en":"a"}}]}]}]}`))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzCatalogue {
			t.Skip()
		}
		checkParse(t, data)
	})
}

// FuzzParseCatalogueField builds well-formed documents whose field options
// come from the fuzzer, so that the checks behind the decoder (types,
// options, defaults, date bounds, conditions) are explored rather than
// YAML syntax errors.
func FuzzParseCatalogueField(f *testing.F) {
	f.Add("date", "", "", "today-18y", "today", 0.0, 0.0, "kind", "a", false)
	f.Add("choice", "", "a", "", "", 0.0, 0.0, "kind", "b", true)
	f.Add("text", "vin", "NAS411100H1234567", "", "", 0.0, 0.0, "", "", false)
	f.Add("number", "", "5", "", "", 1.0, 40.0, "kind", "c", false)
	f.Add("multichoice", "", "a,b", "", "", 0.0, 0.0, "kind", "a", true)
	f.Add("info", "", "", "", "", 0.0, 0.0, "later", "x", false)
	f.Fuzz(func(t *testing.T, typ, format, def, minDate, maxDate string, lo, hi float64, whenField, whenValue string, required bool) {
		for _, s := range []string{typ, format, def, minDate, maxDate, whenField, whenValue} {
			if len(s) > maxFuzzOption {
				t.Skip()
			}
		}
		field := map[string]any{
			"id": "x", "type": typ, "label": map[string]string{"fa": "ایکس", "en": "X"},
			"required": required,
			"choices": []map[string]any{
				{"value": "a", "label": map[string]string{"fa": "الف", "en": "A"}},
				{"value": "b", "label": map[string]string{"fa": "ب", "en": "B"}},
			},
		}
		set := func(k string, v any, ok bool) {
			if ok {
				field[k] = v
			}
		}
		set("format", format, format != "")
		set("default", def, def != "")
		set("min_date", minDate, minDate != "")
		set("max_date", maxDate, maxDate != "")
		set("min", lo, lo != 0)
		set("max", hi, hi != 0)
		set("when", map[string]string{"field": whenField, "equals": whenValue}, whenField != "")
		if typ != "choice" && typ != "multichoice" && typ != "yesno" {
			delete(field, "choices")
		}
		doc := map[string]any{
			"version": "fuzz",
			"services": []any{map[string]any{
				"code": "demo", "name": map[string]string{"fa": "نمونه", "en": "Demo"},
				"steps": []any{map[string]any{
					"id": "one", "title": map[string]string{"fa": "یک", "en": "One"},
					"fields": []any{map[string]any{
						"id": "kind", "type": "choice", "label": map[string]string{"fa": "نوع", "en": "Kind"},
						"choices": []any{map[string]any{"value": "a", "label": map[string]string{"fa": "الف", "en": "A"}}},
					}, field},
				}},
			}},
		}
		data, err := json.Marshal(doc)
		if err != nil {
			t.Skip() // NaN or ±Inf bounds cannot be written as JSON
		}
		checkParse(t, data)
	})
}

// checkParse asserts what holds for any document given to ParseCatalogue.
func checkParse(t *testing.T, data []byte) {
	t.Helper()
	c, err := kiosk.ParseCatalogue(data)
	if err != nil {
		var cerr *kiosk.CheckError
		if !errors.As(err, &cerr) || len(cerr.Problems) == 0 {
			t.Fatalf("refusal %v is not a *CheckError with problems", err)
		}
		for _, p := range cerr.Problems {
			if p.Message == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
		}
		return
	}
	if err := c.Check(); err != nil {
		t.Fatalf("accepted catalogue fails Check: %v", err)
	}
	out, err := kiosk.MarshalCatalogue(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := kiosk.ParseCatalogue(out)
	if err != nil {
		t.Fatalf("re-reading the marshalled catalogue: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back, c) {
		t.Fatalf("round trip changed the catalogue:\n%s", out)
	}
	for i := range c.Services {
		if v := c.Services[i].VisibleSteps(nil); len(v) == 0 || v[0] != 0 {
			t.Fatalf("service %s: first step not shown to a new citizen: %v", c.Services[i].Code, v)
		}
		// Every default is an answer its field accepts.
		for _, st := range c.Services[i].Steps {
			for _, fd := range st.Fields {
				if fd.Default == "" {
					continue
				}
				if _, ferr := fd.ValidateAt("", validationDay); ferr != nil {
					t.Fatalf("field %s: default %q refused: %s", fd.ID, fd.Default, ferr.Key)
				}
			}
		}
	}
}
