package kiosk_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

func TestValidatePassportNumber(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldPassport, Required: true}
	runValidateCases(t, []validateCase{
		{name: "as printed", field: f, in: "X1234567", want: "X1234567"},
		{name: "lower case raised", field: f, in: "c01x00t47", want: "C01X00T47"},
		{name: "spaces and hyphens removed", field: f, in: " AB 12-34 56 ", want: "AB123456"},
		{name: "Persian digits", field: f, in: "P۰۱۲۳۴۵۶", want: "P0123456"},
		{name: "Arabic-Indic digits", field: f, in: "A١٢٣٤٥٦٧", want: "A1234567"},
		{name: "digits only", field: f, in: "123456789", want: "123456789"},
		{name: "five, the shortest", field: f, in: "AB123", want: "AB123"},
		{name: "twenty, the longest", field: f, in: "ABCDEFGHIJ1234567890", want: "ABCDEFGHIJ1234567890"},
		{name: "four is cut short", field: f, in: "A123", wantKey: "error.passport_number"},
		{name: "twenty-one is too long", field: f, in: "ABCDEFGHIJ12345678901", wantKey: "error.passport_number"},
		{name: "Persian letters", field: f, in: "ب۱۲۳۴۵۶۷", wantKey: "error.passport_number"},
		{name: "MRZ filler", field: f, in: "X1234<<<", wantKey: "error.passport_number"},
		{name: "accented letter", field: f, in: "É1234567", wantKey: "error.passport_number"},
		{name: "punctuation", field: f, in: "X12/34567", wantKey: "error.passport_number"},
		{name: "empty but required says what to enter", field: f, in: "  ", wantKey: "error.passport_number"},
	})
}

func TestValidateCountry(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldCountry, Required: true}
	noIran := kiosk.Field{Type: kiosk.FieldCountry, Required: true, ExcludeCountries: []string{"IR", "US"}}
	runValidateCases(t, []validateCase{
		{name: "a code", field: f, in: "DE", want: "DE"},
		{name: "lower case", field: f, in: " af ", want: "AF"},
		{name: "Kosovo, not in ISO but issues passports", field: f, in: "XK", want: "XK"},
		{name: "Iran where allowed", field: f, in: "IR", want: "IR"},
		{name: "a name is not a code", field: f, in: "Germany", wantKey: "error.country"},
		{name: "alpha-3", field: f, in: "DEU", wantKey: "error.country"},
		{name: "withdrawn code", field: f, in: "YU", wantKey: "error.country"},
		{name: "reserved code", field: f, in: "EU", wantKey: "error.country"},
		{name: "unassigned", field: f, in: "QQ", wantKey: "error.country"},
		{name: "Iran excluded", field: noIran, in: "ir", wantKey: "error.country_iran"},
		{name: "another excluded", field: noIran, in: "US", wantKey: "error.country_excluded"},
		{name: "empty but required says how to choose", field: f, in: "", wantKey: "error.country"},
	})
}

func TestPassportRefusalsSayHowToFix(t *testing.T) {
	tests := []struct {
		key  string
		want map[kiosk.Lang]string
	}{
		{"error.passport_number", map[kiosk.Lang]string{kiosk.English: "as printed", kiosk.Persian: "چاپ شده"}},
		{"error.country", map[kiosk.Lang]string{kiosk.English: "Type the first letters", kiosk.Persian: "از فهرست انتخاب کنید"}},
		{"error.country_iran", map[kiosk.Lang]string{kiosk.English: "choose \"National code\"", kiosk.Persian: "«کد ملی» را انتخاب کنید"}},
	}
	for _, tc := range tests {
		for l, want := range tc.want {
			if got := kiosk.Msg(l, tc.key); !strings.Contains(got, want) {
				t.Errorf("%s in %s = %q, want it to say %q", tc.key, l, got, want)
			}
		}
	}
}

func TestCountries(t *testing.T) {
	list := kiosk.Countries()
	// ISO 3166-1 assigns 249 alpha-2 codes; Kosovo makes 250.
	if len(list) < 245 || len(list) > 251 {
		t.Errorf("%d countries, want about 250", len(list))
	}
	if !slices.IsSortedFunc(list, func(a, b kiosk.Country) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Countries is not sorted by code")
	}
	for _, c := range list {
		if len(c.Code) != 2 || !c.Name.Complete() {
			t.Errorf("country %q named %v", c.Code, c.Name)
		}
	}
	tests := []struct {
		code   string
		fa, en string
	}{
		{"DE", "آلمان", "Germany"},
		{"AF", "افغانستان", "Afghanistan"},
		{"IQ", "عراق", "Iraq"},
		{"MK", "مقدونیه شمالی", "North Macedonia"},
		{"XK", "کوزوو", "Kosovo"},
		{"de", "آلمان", "Germany"},
	}
	for _, tc := range tests {
		if got := kiosk.CountryName(kiosk.Persian, tc.code); got != tc.fa {
			t.Errorf("CountryName(fa, %s) = %q, want %q", tc.code, got, tc.fa)
		}
		if got := kiosk.CountryName(kiosk.English, tc.code); got != tc.en {
			t.Errorf("CountryName(en, %s) = %q, want %q", tc.code, got, tc.en)
		}
	}
	for _, code := range []string{"YU", "SU", "DD", "AC", "EU", "UN", "ZZ", ""} {
		if _, ok := kiosk.LookupCountry(code); ok {
			t.Errorf("LookupCountry(%q) found a country", code)
		}
	}
}

func TestMatchCountries(t *testing.T) {
	codes := func(cs []kiosk.Country) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Code)
		}
		return out
	}
	tests := []struct {
		name    string
		lang    kiosk.Lang
		query   string
		exclude []string
		limit   int
		want    []string
	}{
		{name: "English prefix", lang: kiosk.English, query: "germ", want: []string{"DE"}},
		{name: "case and spaces", lang: kiosk.English, query: "  GER ", want: []string{"DE"}},
		{name: "a later word", lang: kiosk.English, query: "korea", want: []string{"KP", "KR"}},
		{name: "whole-name matches first", lang: kiosk.English, query: "ir", want: []string{"IR", "IQ", "IE"}},
		{name: "accents ignored", lang: kiosk.English, query: "cote", want: []string{"CI"}},
		{name: "the code", lang: kiosk.English, query: "gb", want: []string{"GB"}},
		{name: "Persian prefix", lang: kiosk.Persian, query: "آلم", want: []string{"DE"}},
		{name: "alef finds alef madda", lang: kiosk.Persian, query: "الم", want: []string{"DE"}},
		{name: "Arabic yeh and kaf", lang: kiosk.Persian, query: "كره", want: []string{"KR", "KP"}},
		{name: "Persian sorted by Persian collation", lang: kiosk.Persian, query: "عر", want: []string{"IQ", "SA"}},
		{name: "Latin typed in a Persian session", lang: kiosk.Persian, query: "iraq", want: []string{"IQ"}},
		{name: "Persian typed in an English session", lang: kiosk.English, query: "عراق", want: []string{"IQ"}},
		{name: "excluded", lang: kiosk.English, query: "ira", exclude: []string{"IR"}, want: []string{"IQ"}},
		{name: "limited", lang: kiosk.English, query: "s", limit: 3, want: []string{"WS", "SM", "ST"}},
		{name: "nothing typed", lang: kiosk.English, query: " ", want: nil},
		{name: "no such country", lang: kiosk.English, query: "xyzzy", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := codes(kiosk.MatchCountries(tc.lang, tc.query, tc.exclude, tc.limit))
			if tc.limit == 0 && tc.want != nil && len(got) > len(tc.want) {
				got = got[:len(tc.want)]
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("MatchCountries(%s, %q) = %v, want %v", tc.lang, tc.query, got, tc.want)
			}
		})
	}
}

func TestDisplayPassportAndCountry(t *testing.T) {
	pp := kiosk.Field{Type: kiosk.FieldPassport}
	c := kiosk.Field{Type: kiosk.FieldCountry}
	tests := []struct {
		name  string
		f     kiosk.Field
		l     kiosk.Lang
		v     string
		shown string
	}{
		{"passport keeps its Latin digits in Persian", pp, kiosk.Persian, "X1234567", "X1234567"},
		{"country by name in Persian", c, kiosk.Persian, "DE", "آلمان"},
		{"country by name in English", c, kiosk.English, "AF", "Afghanistan"},
	}
	for _, tc := range tests {
		if got := tc.f.Display(tc.l, tc.v); got != tc.shown {
			t.Errorf("%s: Display = %q, want %q", tc.name, got, tc.shown)
		}
	}
}

func TestParseCatalogueCountryField(t *testing.T) {
	form := func(extra string) []byte {
		return []byte(`version: "1"
services:
  - code: visa
    name: {fa: "روادید", en: "Visa"}
    steps:
      - id: one
        title: {fa: "مسافر", en: "Traveller"}
        fields:
          - id: passport_number
            type: passport
            required: true
            label: {fa: "شماره گذرنامه", en: "Passport number"}
          - id: nationality
            type: country
            label: {fa: "تابعیت", en: "Nationality"}
` + extra)
	}
	t.Run("valid", func(t *testing.T) {
		c, err := kiosk.ParseCatalogue(form("            exclude_countries: [IR]\n            default: AF\n"))
		if err != nil {
			t.Fatal(err)
		}
		f, _ := c.Services[0].Field("nationality")
		if f.Type != kiosk.FieldCountry || !slices.Equal(f.ExcludeCountries, []string{"IR"}) || f.Attribute != "nationality" {
			t.Errorf("nationality decoded as %+v", f)
		}
		p, _ := c.Services[0].Field("passport_number")
		if p.Type != kiosk.FieldPassport {
			t.Errorf("passport_number decoded as %s", p.Type)
		}
	})
	problems := []struct {
		name  string
		extra string
		want  string
	}{
		{"unknown code", "            exclude_countries: [XX]\n", `exclude_countries: "XX" is not an ISO 3166-1 alpha-2 country code`},
		{"lower case code", "            exclude_countries: [ir]\n", `"ir" is not an ISO 3166-1 alpha-2 country code in capitals`},
		{"not a list", "            exclude_countries: IR\n", "exclude_countries: want a list"},
		{"default excluded", "            exclude_countries: [IR]\n            default: IR\n", `default "IR" is not a valid answer (error.country_iran)`},
		{"default unknown", "            default: Germany\n", `default "Germany" is not a valid answer (error.country)`},
	}
	for _, tc := range problems {
		t.Run(tc.name, func(t *testing.T) {
			_, err := kiosk.ParseCatalogue(form(tc.extra))
			var cerr *kiosk.CheckError
			if !errors.As(err, &cerr) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseCatalogue: %v, want a problem saying %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), "field nationality") {
				t.Errorf("problem not located on the field: %v", err)
			}
		})
	}
	t.Run("exclude_countries on another type", func(t *testing.T) {
		bad := strings.Replace(string(form("")), "type: passport\n", "type: passport\n            exclude_countries: [IR]\n", 1)
		_, err := kiosk.ParseCatalogue([]byte(bad))
		if err == nil || !strings.Contains(err.Error(), "exclude_countries does not apply to a passport field") {
			t.Fatalf("ParseCatalogue: %v", err)
		}
	})
}

// TestPoliceAndHealthAcceptAPassport: both services let a foreign
// national identify with a passport, and send the national code and the
// mobile of a citizen and the passport, nationality and e-mail of a
// traveller under attributes that never meet.
func TestPoliceAndHealthAcceptAPassport(t *testing.T) {
	c := kiosk.DefaultCatalogue()
	for _, code := range []string{"police", "health"} {
		s, _ := c.Service(code)
		doc, ok := s.Field("id_document")
		if !ok || doc.Default != "national-code" {
			t.Fatalf("%s: no identity document choice defaulting to the national code", code)
		}
		for _, id := range []string{"passport_number", "nationality"} {
			f, _ := s.Field(id)
			if f == nil || !f.Required || f.When == nil || f.When.Equals != "passport" {
				t.Errorf("%s: %s not required of passport holders only", code, id)
			}
		}
		if n, _ := s.Field("nationality"); n != nil && !slices.Contains(n.ExcludeCountries, "IR") {
			t.Errorf("%s: an Iranian could identify by passport", code)
		}
	}
}

// TestSessionTravellerReportsLostPassport walks the police service as a
// traveller at the airport would: English, a passport instead of a
// national code, no Iranian mobile; a nationality refused then chosen; to
// a submission that carries the passport and nationality and nothing of
// the national-code branch.
func TestSessionTravellerReportsLostPassport(t *testing.T) {
	var journeys []kiosk.Journey
	s, out, _ := newFormSessionWith(t, func(j kiosk.Journey) { journeys = append(journeys, j) })
	s.Start()
	s.ChooseLanguage(kiosk.English)
	s.ChooseService("police")
	s.BeginForm()

	// The national code is asked until the citizen says otherwise.
	shown := func() []string {
		st := s.State()
		var ids []string
		for _, f := range st.Service.Steps[st.Step].Fields {
			if f.When.Holds(st.Answers) {
				ids = append(ids, f.ID)
			}
		}
		return ids
	}
	if got, want := shown(), []string{"id_document", "national_code", "mobile"}; !slices.Equal(got, want) {
		t.Fatalf("fields shown at first %v, want %v", got, want)
	}
	s.SetAnswer("id_document", "passport")
	if got, want := shown(), []string{"id_document", "passport_number", "nationality", "traveller_mobile", "email"}; !slices.Equal(got, want) {
		t.Fatalf("fields shown for a passport %v, want %v", got, want)
	}
	s.SetAnswer("passport_number", "c01x 00t47")
	s.SetAnswer("nationality", "IR")
	s.SetAnswer("email", "anna.schmidt@example.de")
	s.Next()
	if e := s.State().Errors["nationality"]; e == nil || e.Key != "error.country_iran" {
		t.Fatalf("Iran as a passport's nationality: %v, want error.country_iran", e)
	}
	s.SetAnswer("nationality", "DE")
	s.Next()
	if st := s.State(); len(st.Errors) > 0 || st.Service.Steps[st.Step].ID != "request" {
		t.Fatalf("after the applicant step: step %s, errors %v", st.Service.Steps[st.Step].ID, st.Errors)
	}
	s.SetAnswer("kind", "lost-document")
	s.Next()
	s.SetAnswer("lost_documents", "passport")
	s.Next()
	s.SetAnswer("incident_date", solarDaysFromNow(0))
	s.SetAnswer("incident_place", "Imam Khomeini Airport")
	s.SetAnswer("description", "I lost my passport between the gate and passport control.")
	s.SetAnswer("declaration", "yes")
	s.Next()
	st := s.State()
	if st.Stage != kiosk.StageReview {
		t.Fatalf("stage %s, errors %v; want the review", st.Stage, st.Errors)
	}
	nat, _ := st.Service.Field("nationality")
	if got := nat.Display(st.Lang, st.Answers["nationality"]); got != "Germany" {
		t.Errorf("the review shows the nationality as %q, want Germany", got)
	}
	s.ConfirmReview()
	s.Submit(context.Background())
	if st := s.State(); st.Stage != kiosk.StageReceipt {
		t.Fatalf("stage %s after submit (%s)", st.Stage, st.SubmitError)
	}
	if len(out.stored) != 1 {
		t.Fatalf("%d submissions", len(out.stored))
	}
	got := out.stored[0].Answers
	want := map[string]string{
		"id_document": "passport", "passport_number": "C01X00T47", "nationality": "DE",
		"email": "anna.schmidt@example.de", "kind": "lost-document", "lost_documents": "passport",
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("submitted %s = %q, want %q", id, got[id], v)
		}
	}
	if got["traveller_mobile"] != "" {
		t.Errorf("submitted traveller_mobile = %q, left empty", got["traveller_mobile"])
	}
	for _, id := range []string{"national_code", "mobile"} {
		if v, ok := got[id]; ok {
			t.Errorf("submitted %s = %q, though a traveller is not asked it", id, v)
		}
	}
	// The receipt and the journey carry none of it.
	rc, err := json.Marshal(s.State().Receipt)
	if err != nil {
		t.Fatal(err)
	}
	s.FinishReceipt()
	s.Rate(5)
	s.Finish()
	if len(journeys) != 1 {
		t.Fatalf("%d journeys", len(journeys))
	}
	jd, err := json.Marshal(journeys[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"C01X00T47", "c01x", "00T47", "anna.schmidt"} {
		if strings.Contains(strings.ToUpper(string(rc)), strings.ToUpper(secret)) {
			t.Errorf("the receipt holds %q", secret)
		}
		if strings.Contains(strings.ToUpper(string(jd)), strings.ToUpper(secret)) {
			t.Errorf("the journey holds %q", secret)
		}
	}
}

// BenchmarkMatchCountries is the work of one key typed in the nationality
// picker: the countries matching a two-letter start, four of them.
func BenchmarkMatchCountries(b *testing.B) {
	kiosk.MatchCountries(kiosk.Persian, "ا", nil, 4) // the lists are built once
	queries := []struct {
		l kiosk.Lang
		q string
	}{{kiosk.Persian, "عر"}, {kiosk.English, "ne"}, {kiosk.English, "korea"}}
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		if len(kiosk.MatchCountries(q.l, q.q, []string{"IR"}, 4)) == 0 {
			b.Fatal("no match")
		}
	}
}
