package kiosk_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
)

// demoCatalogue is a small valid catalogue whose first step's fields are
// given by each test.
func demoCatalogue(fields string) string {
	return `version: "t1"
services:
  - code: demo
    name: {fa: "نمونه", en: "Demo"}
    steps:
      - id: one
        title: {fa: "یک", en: "One"}
        fields:
          - id: kind
            type: choice
            label: {fa: "نوع", en: "Kind"}
            choices:
              - {value: a, label: {fa: "الف", en: "A"}}
              - {value: b, label: {fa: "ب", en: "B"}}
` + fields
}

func TestParseCatalogueAcceptsDemo(t *testing.T) {
	c, err := kiosk.ParseCatalogue([]byte(demoCatalogue("")))
	if err != nil {
		t.Fatal(err)
	}
	svc, ok := c.Service("demo")
	if !ok || svc.Open311.ServiceCode != "demo" {
		t.Fatalf("service demo: %+v, open311 code defaults to the service code", svc)
	}
	if f, _ := svc.Field("kind"); f.Attribute != "kind" {
		t.Fatalf("attribute %q, want the field ID", f.Attribute)
	}
}

// TestParseCatalogueAgency: a service may name its agency in both
// languages, read as written; one that names none has none.
func TestParseCatalogueAgency(t *testing.T) {
	doc := strings.Replace(demoCatalogue(""), "    steps:", `    agency: {fa: "پلیس +۱۰", en: "Police +10 Services"}
    steps:`, 1)
	c, err := kiosk.ParseCatalogue([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := c.Service("demo")
	if got := svc.Agency; got.In(kiosk.Persian) != "پلیس +۱۰" || got.In(kiosk.English) != "Police +10 Services" {
		t.Errorf("agency %v", got)
	}
	c, err = kiosk.ParseCatalogue([]byte(demoCatalogue("")))
	if err != nil {
		t.Fatal(err)
	}
	if svc, _ := c.Service("demo"); svc.Agency != nil {
		t.Errorf("agency %v for a service that names none", svc.Agency)
	}
}

func TestParseCatalogueProblems(t *testing.T) {
	tests := []struct {
		name                 string
		doc                  string
		service, step, field string
		want                 string // part of the message
	}{
		{
			name: "unknown key with a suggestion",
			doc: demoCatalogue(`          - id: code
            type: nationalcode
            lable: {fa: "کد ملی", en: "National code"}
`),
			service: "demo", step: "one", field: "code", want: `unknown key "lable" (did you mean "label"?)`,
		},
		{
			name: "bare yes read as a boolean",
			doc: demoCatalogue(`          - id: agree
            type: choice
            label: {fa: "موافق", en: "Agree"}
            choices:
              - {value: yes, label: {fa: "بله", en: "Yes"}}
`),
			service: "demo", step: "one", field: "agree", want: `choices[1].value: write "yes" (or "true") in quotes`,
		},
		{
			name: "label without English",
			doc: demoCatalogue(`          - id: code
            type: nationalcode
            label: {fa: "کد ملی"}
`),
			service: "demo", step: "one", field: "code", want: "label has no en text",
		},
		{
			name: "unknown language",
			doc: demoCatalogue(`          - id: code
            type: nationalcode
            label: {fa: "کد ملی", en: "National code", de: "Nummer"}
`),
			service: "demo", step: "one", field: "code", want: `label: unknown language "de"`,
		},
		{
			name: "field id used twice",
			doc: demoCatalogue(`          - id: kind
            type: text
            label: {fa: "نوع", en: "Kind"}
`),
			service: "demo", step: "one", field: "kind", want: "id used by another field",
		},
		{
			name: "unknown type",
			doc: demoCatalogue(`          - id: phone
            type: phone
            label: {fa: "تلفن", en: "Phone"}
`),
			service: "demo", step: "one", field: "phone", want: `unknown type "phone"`,
		},
		{
			name: "option of another type",
			doc: demoCatalogue(`          - id: floors
            type: number
            min_length: 2
            label: {fa: "طبقات", en: "Floors"}
`),
			service: "demo", step: "one", field: "floors", want: "min_length does not apply to a number field",
		},
		{
			name: "min above max",
			doc: demoCatalogue(`          - id: floors
            type: number
            min: 10
            max: 2
            label: {fa: "طبقات", en: "Floors"}
`),
			service: "demo", step: "one", field: "floors", want: "min 10 is larger than max 2",
		},
		{
			name: "number where text is wanted in a list of the wrong kind",
			doc: demoCatalogue(`          - id: floors
            type: number
            min: "ten"
            label: {fa: "طبقات", en: "Floors"}
`),
			service: "demo", step: "one", field: "floors", want: "min: want a number, not text",
		},
		{
			name: "bad date bound",
			doc: demoCatalogue(`          - id: born
            type: date
            max_date: yesterday
            label: {fa: "تولد", en: "Born"}
`),
			service: "demo", step: "one", field: "born", want: `max_date "yesterday"`,
		},
		{
			name: "unknown text format",
			doc: demoCatalogue(`          - id: vin
            type: text
            format: chassis
            label: {fa: "شاسی", en: "Chassis"}
`),
			service: "demo", step: "one", field: "vin", want: `unknown format "chassis"`,
		},
		{
			name: "condition on a later field",
			doc: demoCatalogue(`          - id: early
            type: text
            when: {field: late, equals: a}
            label: {fa: "زود", en: "Early"}
          - id: late
            type: choice
            label: {fa: "دیر", en: "Late"}
            choices:
              - {value: a, label: {fa: "الف", en: "A"}}
`),
			service: "demo", step: "one", field: "early", want: `when: field "late" is not asked before this point`,
		},
		{
			name: "condition value that is not a choice",
			doc: demoCatalogue(`          - id: detail
            type: text
            when: {field: kind, equals: c}
            label: {fa: "جزئیات", en: "Detail"}
`),
			service: "demo", step: "one", field: "detail", want: `when: field "kind" has no choice "c" (choices: a, b)`,
		},
		{
			name: "condition with two tests",
			doc: demoCatalogue(`          - id: detail
            type: text
            when: {field: kind, equals: a, not_equals: b}
            label: {fa: "جزئیات", en: "Detail"}
`),
			service: "demo", step: "one", field: "detail", want: "when: use one of equals",
		},
		{
			name: "multichoice tested with equals",
			doc: demoCatalogue(`          - id: docs
            type: multichoice
            label: {fa: "مدارک", en: "Documents"}
            choices:
              - {value: card, label: {fa: "کارت", en: "Card"}}
          - id: detail
            type: text
            when: {field: docs, equals: card}
            label: {fa: "جزئیات", en: "Detail"}
`),
			service: "demo", step: "one", field: "detail", want: `field "docs" is multichoice; test it with contains`,
		},
		{
			name: "default that is not a choice",
			doc: demoCatalogue(`          - id: other
            type: choice
            default: c
            label: {fa: "دیگر", en: "Other"}
            choices:
              - {value: a, label: {fa: "الف", en: "A"}}
`),
			service: "demo", step: "one", field: "other", want: `default "c" is not a valid answer (error.choice)`,
		},
		{
			name: "choice value with a comma",
			doc: demoCatalogue(`          - id: other
            type: multichoice
            label: {fa: "دیگر", en: "Other"}
            choices:
              - {value: "a,b", label: {fa: "الف", en: "A"}}
`),
			service: "demo", step: "one", field: "other", want: `choice value "a,b"`,
		},
		{
			name: "shared attribute without exclusive conditions",
			doc: demoCatalogue(`          - id: grade_a
            type: text
            attribute: grade
            when: {field: kind, equals: a}
            label: {fa: "پایه", en: "Grade"}
          - id: grade_b
            type: text
            attribute: grade
            when: {field: kind, in: [a, b]}
            label: {fa: "پایه", en: "Grade"}
`),
			service: "demo", step: "one", field: "grade_b", want: `attribute "grade" is also sent by field grade_a`,
		},
		{
			name: "shared attribute: not_equals a beside equals b",
			doc: demoCatalogue(`          - id: grade_a
            type: text
            attribute: grade
            when: {field: kind, not_equals: a}
            label: {fa: "پایه", en: "Grade"}
          - id: grade_b
            type: text
            attribute: grade
            when: {field: kind, equals: b}
            label: {fa: "پایه", en: "Grade"}
`),
			service: "demo", step: "one", field: "grade_b", want: `attribute "grade" is also sent by field grade_a`,
		},
		{
			name: "info field with required",
			doc: demoCatalogue(`          - id: note
            type: info
            required: true
            label: {fa: "توجه", en: "Note"}
`),
			service: "demo", step: "one", field: "note", want: "an info field is display only",
		},
		{
			name: "max_length beyond the hard limit",
			doc: demoCatalogue(`          - id: story
            type: longtext
            max_length: 5000
            label: {fa: "شرح", en: "Story"}
`),
			service: "demo", step: "one", field: "story", want: "max_length 5000 is over the limit",
		},
		{
			name: "step condition on its own field",
			doc: demoCatalogue(`      - id: two
        title: {fa: "دو", en: "Two"}
        when: {field: more, answered: true}
        fields:
          - id: more
            type: text
            label: {fa: "بیشتر", en: "More"}
`),
			service: "demo", step: "two", want: `when: field "more" is not asked before this point`,
		},
		{
			name: "step without fields",
			doc: demoCatalogue(`      - id: two
        title: {fa: "دو", en: "Two"}
        fields: []
`),
			service: "demo", step: "two", want: "no fields",
		},
		{
			name: "steps of the wrong kind",
			doc: `version: "t1"
services:
  - code: demo
    name: {fa: "نمونه", en: "Demo"}
    steps: "one"
`,
			service: "demo", want: "steps: want a list, not text",
		},
		{
			name: "service code used twice",
			doc: demoCatalogue("") + `  - code: demo
    name: {fa: "نمونه", en: "Demo"}
    steps:
      - id: one
        title: {fa: "یک", en: "One"}
        fields:
          - {id: x, type: text, label: {fa: "ایکس", en: "X"}}
`,
			service: "demo", want: "code used by another service",
		},
		{
			name:    "agency without English",
			doc:     strings.Replace(demoCatalogue(""), "    steps:", "    agency: {fa: \"شهرداری\"}\n    steps:", 1),
			service: "demo", want: "agency has no en text",
		},
		{
			name:    "agency too long",
			doc:     strings.Replace(demoCatalogue(""), "    steps:", "    agency: {fa: \"شهرداری\", en: \""+strings.Repeat("Municipality ", 8)+"x\"}\n    steps:", 1),
			service: "demo", want: "agency (en) is longer than 100 characters",
		},
		{
			name:    "agency on two lines",
			doc:     strings.Replace(demoCatalogue(""), "    steps:", "    agency: {fa: \"شهرداری\\nمنطقه ۱\", en: \"Municipality\"}\n    steps:", 1),
			service: "demo", want: "agency (fa) must be one line",
		},
		{
			name:    "agency with a bidi control",
			doc:     strings.Replace(demoCatalogue(""), "    steps:", "    agency: {fa: \"پلیس \u202b+۱۰\", en: \"Police +10\"}\n    steps:", 1),
			service: "demo", want: "agency (fa) contains the bidi control U+202B",
		},
		{
			name:    "service without code is numbered",
			doc:     strings.Replace(demoCatalogue(""), "code: demo", "icon: demo", 1),
			service: "#1", want: "code is missing",
		},
		{
			name: "attribute @api_key is no standard parameter",
			doc: demoCatalogue(`          - id: key
            type: text
            label: {fa: "کلید", en: "Key"}
            attribute: "@api_key"
`),
			service: "demo", step: "one", field: "key",
			want: `attribute "@api_key" is not a standard parameter a field may fill; those are @description, @first_name, @last_name, @phone, @email, @account_id`,
		},
		{
			name: "attribute @phnoe, a typo",
			doc: demoCatalogue(`          - id: mobile
            type: mobile
            label: {fa: "همراه", en: "Mobile"}
            attribute: "@phnoe"
`),
			service: "demo", step: "one", field: "mobile", want: `attribute "@phnoe" is not a standard parameter`,
		},
		{
			name:    "id_attribute naming a standard parameter",
			doc:     strings.Replace(demoCatalogue(""), "    steps:", "    open311: {id_attribute: \"@account_id\"}\n    steps:", 1),
			service: "demo", want: `open311.id_attribute "@account_id": the submission ID goes in a service attribute, not a standard parameter`,
		},
		{
			name: "version missing",
			doc:  strings.Replace(demoCatalogue(""), `version: "t1"`, "", 1),
			want: "version is missing",
		},
		{
			name: "distinct_from names a later field",
			doc: demoCatalogue(`          - id: mother
            type: nationalcode
            distinct_from: father
            label: {fa: "کد ملی مادر", en: "Mother's national code"}
          - id: father
            type: nationalcode
            label: {fa: "کد ملی پدر", en: "Father's national code"}
`),
			service: "demo", step: "one", field: "mother", want: `distinct_from: field "father" is not asked before this one`,
		},
		{
			name: "distinct_from names a field of another type",
			doc: demoCatalogue(`          - id: code
            type: nationalcode
            distinct_from: kind
            label: {fa: "کد ملی", en: "National code"}
`),
			service: "demo", step: "one", field: "code", want: `distinct_from: field "kind" is choice, not nationalcode`,
		},
		{
			name: "distinct_from on a field that is not a national code",
			doc: demoCatalogue(`          - id: code
            type: nationalcode
            label: {fa: "کد ملی", en: "National code"}
          - id: name
            type: text
            distinct_from: code
            label: {fa: "نام", en: "Name"}
`),
			service: "demo", step: "one", field: "name", want: "distinct_from applies to a nationalcode field, not a text field",
		},
		{
			name: "YAML syntax",
			doc:  "version: [1\nservices: x",
			want: "not valid YAML or JSON",
		},
		{
			name: "empty file",
			doc:  "",
			want: "the file is empty",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := kiosk.ParseCatalogue([]byte(tc.doc))
			var cerr *kiosk.CheckError
			if !errors.As(err, &cerr) {
				t.Fatalf("ParseCatalogue error %v, want a *CheckError", err)
			}
			for _, p := range cerr.Problems {
				if p.Service == tc.service && p.Step == tc.step && p.Field == tc.field && strings.Contains(p.Message, tc.want) {
					return
				}
			}
			t.Fatalf("no problem at service %q step %q field %q saying %q; got:\n%v", tc.service, tc.step, tc.field, tc.want, err)
		})
	}
}

func TestParseCatalogueTakesNumbersAsText(t *testing.T) {
	doc := strings.Replace(demoCatalogue(`          - id: grade
            type: choice
            label: {fa: "پایه", en: "Grade"}
            choices:
              - {value: 1, label: {fa: "اول", en: "First"}}
`), `version: "t1"`, "version: 3", 1)
	c, err := kiosk.ParseCatalogue([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := c.Services[0].Field("grade")
	if c.Version != "3" || f.Choices[0].Value != "1" {
		t.Fatalf("version %q, choice value %q", c.Version, f.Choices[0].Value)
	}
}

func TestParseCatalogueAllowsExclusiveSharedAttribute(t *testing.T) {
	doc := demoCatalogue(`          - id: grade_a
            type: text
            attribute: grade
            when: {field: kind, equals: a}
            label: {fa: "پایه", en: "Grade"}
          - id: grade_b
            type: text
            attribute: grade
            when: {field: kind, equals: b}
            label: {fa: "پایه", en: "Grade"}
`)
	if _, err := kiosk.ParseCatalogue([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	// One for the value the other's not_equals (or not_in) rules out: a
	// citizen's mobile and a traveller's are both @phone.
	doc = demoCatalogue(`          - id: grade_a
            type: text
            attribute: grade
            when: {field: kind, not_in: [a]}
            label: {fa: "پایه", en: "Grade"}
          - id: grade_b
            type: text
            attribute: grade
            when: {field: kind, equals: a}
            label: {fa: "پایه", en: "Grade"}
`)
	if _, err := kiosk.ParseCatalogue([]byte(doc)); err != nil {
		t.Fatal(err)
	}
}

func TestParseCatalogueReportsEveryProblem(t *testing.T) {
	doc := demoCatalogue(`          - id: a1
            type: nope
            label: {fa: "الف", en: "A"}
          - id: a2
            type: number
            min: 5
            max: 1
            label: {fa: "ب"}
`)
	_, err := kiosk.ParseCatalogue([]byte(doc))
	var cerr *kiosk.CheckError
	if !errors.As(err, &cerr) || len(cerr.Problems) != 3 {
		t.Fatalf("want 3 problems (type, range, label), got %v", err)
	}
}

func TestParseCatalogueAcceptsJSON(t *testing.T) {
	want := kiosk.DefaultCatalogue()
	data, err := kiosk.MarshalCatalogue(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := kiosk.ParseCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("catalogue changed in a JSON round trip")
	}
}

func TestLoadCatalogue(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(good, []byte(demoCatalogue("")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte(demoCatalogue(`          - id: code
            type: nationalcod
            label: {fa: "کد ملی", en: "National code"}
`)), 0o600); err != nil {
		t.Fatal(err)
	}

	c, err := kiosk.LoadCatalogue(good)
	if err != nil || c.Version != "t1" {
		t.Fatalf("load good file: %v", err)
	}
	c, err = kiosk.LoadCatalogue("")
	if err != nil || len(c.Services) != 9 {
		t.Fatalf("empty path should give the embedded catalogue: %v", err)
	}

	_, err = kiosk.LoadCatalogue(broken)
	var cerr *kiosk.CheckError
	if !errors.As(err, &cerr) || cerr.File != broken {
		t.Fatalf("broken file: %v, want a *CheckError naming the file", err)
	}
	msg := err.Error()
	for _, want := range []string{broken, "service demo", "step one", "field code", `unknown type "nationalcod"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}

	if _, err := kiosk.LoadCatalogue(filepath.Join(dir, "missing.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestConditionHolds(t *testing.T) {
	yes, no := true, false
	answers := map[string]string{"kind": "lost", "docs": "card,passport", "name": "علی"}
	tests := []struct {
		name string
		c    *kiosk.Condition
		want bool
	}{
		{"nil always holds", nil, true},
		{"equals", &kiosk.Condition{Field: "kind", Equals: "lost"}, true},
		{"equals other", &kiosk.Condition{Field: "kind", Equals: "new"}, false},
		{"not equals", &kiosk.Condition{Field: "kind", NotEquals: "new"}, true},
		{"not equals on unanswered holds", &kiosk.Condition{Field: "missing", NotEquals: "new"}, true},
		{"in", &kiosk.Condition{Field: "kind", In: []string{"lost", "damaged"}}, true},
		{"in other", &kiosk.Condition{Field: "kind", In: []string{"new"}}, false},
		{"not in", &kiosk.Condition{Field: "kind", NotIn: []string{"new"}}, true},
		{"not in, listed", &kiosk.Condition{Field: "kind", NotIn: []string{"lost"}}, false},
		{"contains", &kiosk.Condition{Field: "docs", Contains: "passport"}, true},
		{"contains is not a substring test", &kiosk.Condition{Field: "docs", Contains: "pass"}, false},
		{"answered true", &kiosk.Condition{Field: "name", Answered: &yes}, true},
		{"answered false", &kiosk.Condition{Field: "missing", Answered: &no}, true},
		{"answered true on missing", &kiosk.Condition{Field: "missing", Answered: &yes}, false},
		{"bare field means answered", &kiosk.Condition{Field: "name"}, true},
		{"bare field unanswered", &kiosk.Condition{Field: "missing"}, false},
		{"all", &kiosk.Condition{All: []kiosk.Condition{{Field: "kind", Equals: "lost"}, {Field: "docs", Contains: "card"}}}, true},
		{"all, one fails", &kiosk.Condition{All: []kiosk.Condition{{Field: "kind", Equals: "lost"}, {Field: "docs", Contains: "licence"}}}, false},
		{"any", &kiosk.Condition{Any: []kiosk.Condition{{Field: "kind", Equals: "new"}, {Field: "docs", Contains: "card"}}}, true},
		{"any, none holds", &kiosk.Condition{Any: []kiosk.Condition{{Field: "kind", Equals: "new"}, {Field: "missing"}}}, false},
	}
	for _, tc := range tests {
		if got := tc.c.Holds(answers); got != tc.want {
			t.Errorf("%s: Holds = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The nine services of the design, in the order of the service grid.
var designServices = []struct{ code, fa string }{
	{"tax", "پرداخت مالیات"},
	{"building-permit", "صدور پروانه ساخت"},
	{"employment", "استخدام"},
	{"health", "خدمات بهداشت و درمان"},
	{"school-enrollment", "ثبت‌نام در مقاطع تحصیلی"},
	{"vehicle-plate", "صدور یا تعویض پلاک خودرو"},
	{"birth-marriage-certificate", "گواهی تولد و ازدواج"},
	{"library", "خدمات کتابخانه‌های عمومی"},
	{"police", "خدمات پلیس"},
}

func TestDefaultCatalogueHasTheNineServices(t *testing.T) {
	c := kiosk.DefaultCatalogue()
	if c.Version == "" {
		t.Fatal("no version")
	}
	if len(c.Services) != len(designServices) {
		t.Fatalf("%d services, want %d", len(c.Services), len(designServices))
	}
	for i, want := range designServices {
		s := c.Services[i]
		if s.Code != want.code || s.Name[kiosk.Persian] != want.fa {
			t.Errorf("service %d is %s %q, want %s %q", i+1, s.Code, s.Name[kiosk.Persian], want.code, want.fa)
		}
		if s.Icon == "" || !s.Description.Complete() || len(s.Intro.Bring) == 0 || !s.Intro.Duration.Complete() || !s.Intro.Fee.Complete() {
			t.Errorf("%s: icon, description or intro (bring, duration, fee) missing", s.Code)
		}
		if !s.Agency.Complete() {
			t.Errorf("%s: agency %v not named in Persian and English", s.Code, s.Agency)
		}
		if s.Open311.ServiceCode == "" || s.Open311.IDAttribute == "" {
			t.Errorf("%s: Open311 mapping incomplete: %+v", s.Code, s.Open311)
		}
		// Every service identifies the citizen and can reach them: a
		// national code and a mobile number asked of everyone, or, where
		// the agency takes a passport, of everyone who does not give one.
		for _, doc := range []string{"", "national-code", "passport"} {
			answers := map[string]string{}
			if doc != "" {
				answers["id_document"] = doc
			}
			asked := map[kiosk.FieldType]bool{}
			for _, i := range s.VisibleSteps(answers) {
				for _, f := range s.Steps[i].Fields {
					if f.Required && f.When.Holds(answers) {
						asked[f.Type] = true
					}
				}
			}
			identified := asked[kiosk.FieldNationalCode] && asked[kiosk.FieldMobile]
			if doc == "passport" {
				identified = asked[kiosk.FieldNationalCode] && asked[kiosk.FieldMobile] ||
					asked[kiosk.FieldPassport] && asked[kiosk.FieldCountry] && asked[kiosk.FieldEmail]
			}
			if !identified {
				t.Errorf("%s (identity document %q): no required national code and mobile, nor passport, nationality and e-mail", s.Code, doc)
			}
		}
		for _, st := range s.Steps {
			for _, f := range st.Fields {
				if f.Type != kiosk.FieldInfo && f.Attribute == "" {
					t.Errorf("%s: field %s has no Open311 attribute", s.Code, f.ID)
				}
				if (f.Type == kiosk.FieldText || f.Type == kiosk.FieldLongText) && f.MaxLength == 0 && f.Format == kiosk.FormatFree {
					t.Errorf("%s: free text field %s sets no max_length", s.Code, f.ID)
				}
			}
		}
	}
}

func TestDefaultCatalogueIsAFreshCopy(t *testing.T) {
	a := kiosk.DefaultCatalogue()
	a.Services[0].Name[kiosk.Persian] = "changed"
	if b := kiosk.DefaultCatalogue(); b.Services[0].Name[kiosk.Persian] == "changed" {
		t.Fatal("DefaultCatalogue shares state between calls")
	}
}

func TestEveryFieldTypeIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/catalogue.md")
	if err != nil {
		t.Fatalf("docs/catalogue.md: %v", err)
	}
	for _, typ := range kiosk.FieldTypes {
		if !strings.Contains(string(doc), "`"+string(typ)+"`") {
			t.Errorf("field type %s is not described in docs/catalogue.md", typ)
		}
	}
	for _, f := range kiosk.TextFormats[1:] {
		if !strings.Contains(string(doc), "`"+f+"`") {
			t.Errorf("text format %s is not described in docs/catalogue.md", f)
		}
	}
}

// TestDocumentedExampleParses: the example at the end of
// docs/catalogue.md is a valid catalogue, agency included.
// documentedExample is the example catalogue of docs/catalogue.md.
func documentedExample(t testing.TB) []byte {
	t.Helper()
	doc, err := os.ReadFile("../docs/catalogue.md")
	if err != nil {
		t.Fatalf("docs/catalogue.md: %v", err)
	}
	_, example, ok := strings.Cut(string(doc), "## Example\n\n```yaml\n")
	if !ok {
		t.Fatal("docs/catalogue.md has no Example section with a yaml block")
	}
	example, _, _ = strings.Cut(example, "```")
	return []byte(example)
}

func TestDocumentedExampleParses(t *testing.T) {
	c, err := kiosk.ParseCatalogue(documentedExample(t))
	if err != nil {
		t.Fatalf("the documented example does not parse:\n%v", err)
	}
	if svc := c.Services[0]; svc.Agency.In(kiosk.English) != "Tehran Municipality" {
		t.Errorf("example agency %v", svc.Agency)
	}
}

// TestDefaultCatalogueWording holds the wording a native speaker read:
// the citizen pays tax (the agency receives it), the police offices'
// English name reads as English, and no field's label repeats the title
// of its step.
func TestDefaultCatalogueWording(t *testing.T) {
	c := kiosk.DefaultCatalogue()
	service := func(code string) *kiosk.Service {
		s, ok := c.Service(code)
		if !ok {
			t.Fatalf("no service %s", code)
		}
		return s
	}
	tests := []struct {
		name      string
		got, want string
	}{
		{"tax is paid", service("tax").Name.In(kiosk.Persian), "پرداخت مالیات"},
		{"police agency in English", service("police").Agency.In(kiosk.English), "Police services (+10)"},
		{"survey declined politely", kiosk.Msg(kiosk.Persian, "survey.skip"), "نه، متشکرم"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%q, want %q", tc.got, tc.want)
			}
		})
	}
	t.Run("no label repeats its step title", func(t *testing.T) {
		for _, s := range c.Services {
			for _, st := range s.Steps {
				for _, f := range st.Fields {
					for _, l := range kiosk.Languages {
						if strings.TrimSpace(f.Label.In(l)) == strings.TrimSpace(st.Title.In(l)) {
							t.Errorf("%s/%s: field %s is labelled %q like its step (%s)", s.Code, st.ID, f.ID, f.Label.In(l), l)
						}
					}
				}
			}
		}
	})
}
