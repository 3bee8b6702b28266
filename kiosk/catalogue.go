package kiosk

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// FieldType is the kind of answer a form field takes. It decides the input
// a screen offers (keyboard, keypad, choice buttons, date picker) and the
// validation the answer meets.
type FieldType string

// The field types a service definition may use.
const (
	FieldText         FieldType = "text"
	FieldLongText     FieldType = "longtext"
	FieldNumber       FieldType = "number"
	FieldAmount       FieldType = "amount" // rials, digits only
	FieldDate         FieldType = "date"   // entered in the Solar Hijri calendar, stored as ISO 8601
	FieldChoice       FieldType = "choice"
	FieldMultiChoice  FieldType = "multichoice"
	FieldYesNo        FieldType = "yesno"
	FieldNationalCode FieldType = "nationalcode"
	FieldMobile       FieldType = "mobile"
	FieldPostalCode   FieldType = "postalcode"
	FieldPlate        FieldType = "plate"
	FieldEmail        FieldType = "email"
	FieldPassport     FieldType = "passport" // as printed: 5–20 Latin capitals and digits
	FieldCountry      FieldType = "country"  // a nationality, stored as its ISO 3166-1 alpha-2 code
	FieldConsent      FieldType = "consent"
	FieldInfo         FieldType = "info" // display only, no answer
)

// FieldTypes lists every field type, in the order docs/catalogue.md
// describes them.
var FieldTypes = []FieldType{
	FieldText, FieldLongText, FieldNumber, FieldAmount, FieldDate, FieldChoice,
	FieldMultiChoice, FieldYesNo, FieldNationalCode, FieldMobile, FieldPostalCode,
	FieldPlate, FieldEmail, FieldPassport, FieldCountry, FieldConsent, FieldInfo,
}

// Catalogue is the set of services a kiosk offers. Version identifies the
// definition each submission was filled against.
type Catalogue struct {
	Version  string    `json:"version"`
	Services []Service `json:"services"`
}

// Service is one public service with its form.
type Service struct {
	Code        string `json:"code"`
	Name        Text   `json:"name"`
	Description Text   `json:"description,omitempty"`
	// Agency is the public body that handles the service's requests,
	// named in the header of its receipts; nil when the definition
	// names none (receipts then carry a generic line).
	Agency Text `json:"agency,omitempty"`
	// Icon names the picture on the service grid (see docs/catalogue.md);
	// screens fall back to a generic one for a name they do not know.
	Icon    string         `json:"icon,omitempty"`
	Intro   Intro          `json:"intro,omitempty"`
	After   After          `json:"after,omitempty"`
	Steps   []Step         `json:"steps"`
	Open311 Open311Mapping `json:"open311,omitempty"`
}

// Intro tells a citizen what a service needs before they start.
type Intro struct {
	Bring    []Text `json:"bring,omitempty"`
	Duration Text   `json:"duration,omitempty"`
	Fee      Text   `json:"fee,omitempty"`
}

// After tells a citizen, once their request is received, what happens
// next and what to bring when they are called: the confirmation page
// shows it beside the tracking code.
type After struct {
	// Next says who handles the request and how the citizen hears back.
	Next Text `json:"next,omitempty"`
	// Bring lists what to take along when the agency calls them in.
	Bring []Text `json:"bring,omitempty"`
}

// Step is one screen of a form: one field or a small group.
type Step struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	// Hint is a line under the title explaining the step.
	Hint   Text       `json:"hint,omitempty"`
	When   *Condition `json:"when,omitempty"`
	Fields []Field    `json:"fields"`
}

// Field is one question of a form.
type Field struct {
	ID    string    `json:"id"`
	Type  FieldType `json:"type"`
	Label Text      `json:"label"`
	// Hint is a line under the label: an example, where to find the value.
	Hint     Text `json:"hint,omitempty"`
	Required bool `json:"required,omitempty"`
	// Default is the answer taken when the citizen gives none; screens show
	// it pre-selected or pre-filled.
	Default string `json:"default,omitempty"`
	// MinLength and MaxLength bound text answers, in characters.
	MinLength int `json:"min_length,omitempty"`
	MaxLength int `json:"max_length,omitempty"`
	// Min and Max bound number and amount answers.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// Decimals is how many digits a number answer may have after the
	// point; 0 means whole numbers only.
	Decimals int `json:"decimals,omitempty"`
	// MinDate and MaxDate bound date answers: "today", "today-18y",
	// "today+60d", "today-6m" or an ISO date "2000-01-01".
	MinDate string `json:"min_date,omitempty"`
	MaxDate string `json:"max_date,omitempty"`
	// Format narrows a text field: name, digits, vin, company_id,
	// economic_code (see TextFormats).
	Format  string     `json:"format,omitempty"`
	Choices []Choice   `json:"choices,omitempty"`
	When    *Condition `json:"when,omitempty"`
	// Attribute is the Open311 attribute code the answer is sent as
	// (attribute[CODE]=value), or a standard POST parameter such as
	// "@description" (see StandardParams); ParseCatalogue sets it to the
	// field ID when the definition leaves it out.
	Attribute string `json:"attribute,omitempty"`
	// DistinctFrom names a national-code field asked before this one that
	// belongs to another person (father and mother, owner and attorney):
	// the same code in both is refused (Service.CheckDistinct).
	DistinctFrom string `json:"distinct_from,omitempty"`
	// ExcludeCountries lists the ISO 3166-1 alpha-2 codes a country field
	// does not offer: IR for a passport's nationality where Iranians give
	// their national code instead.
	ExcludeCountries []string `json:"exclude_countries,omitempty"`
}

// StandardParamPrefix starts a field's attribute that names a standard
// GeoReport POST parameter instead of a service attribute.
const StandardParamPrefix = "@"

// The standard POST parameters a field may fill, as its attribute names
// them.
const (
	ParamDescription = "@description"
	ParamFirstName   = "@first_name"
	ParamLastName    = "@last_name"
	ParamPhone       = "@phone"
	ParamEmail       = "@email"
	ParamAccountID   = "@account_id"
)

var standardParams = []string{ParamDescription, ParamFirstName, ParamLastName, ParamPhone, ParamEmail, ParamAccountID}

// StandardParams lists the standard POST parameters a field may fill.
func StandardParams() []string { return slices.Clone(standardParams) }

// IsStandardParam reports whether attr names a standard POST parameter
// rather than a service attribute.
func IsStandardParam(attr string) bool { return slices.Contains(standardParams, attr) }

// CheckStandardParam refuses an attribute that starts with
// StandardParamPrefix but names no standard POST parameter (a typo such
// as "@phnoe", or "@api_key", which the kiosk sets itself); any other
// attribute passes.
func CheckStandardParam(attr string) error {
	if !strings.HasPrefix(attr, StandardParamPrefix) || IsStandardParam(attr) {
		return nil
	}
	return fmt.Errorf("attribute %q is not a standard parameter a field may fill; those are %s", attr, strings.Join(standardParams, ", "))
}

// Choice is one option of a choice, multichoice or yesno field.
type Choice struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Condition makes a step or field apply only for some earlier answer. A
// leaf names a Field and at most one test; without a test it holds when the
// field is answered. A group holds when All of its conditions hold, or Any
// of them does.
type Condition struct {
	Field     string   `json:"field,omitempty"`
	Equals    string   `json:"equals,omitempty"`
	NotEquals string   `json:"not_equals,omitempty"`
	In        []string `json:"in,omitempty"`
	NotIn     []string `json:"not_in,omitempty"`
	// Contains tests a multichoice answer for one of its choices.
	Contains string `json:"contains,omitempty"`
	// Answered tests whether the field has an answer at all.
	Answered *bool       `json:"answered,omitempty"`
	All      []Condition `json:"all,omitempty"`
	Any      []Condition `json:"any,omitempty"`
}

// Open311Mapping says how a service's submissions reach the back office.
type Open311Mapping struct {
	// ServiceCode is the Open311 service_code; ParseCatalogue sets it to
	// the service's code when the definition leaves it out.
	ServiceCode string `json:"service_code,omitempty"`
	// IDAttribute, when set, is an attribute the kiosk fills with the
	// submission ID so the back office can drop duplicates.
	IDAttribute string `json:"id_attribute,omitempty"`
}

// Open311Code is the service_code the service's submissions are sent
// under: its mapping's, else its own code.
func (s *Service) Open311Code() string {
	if s.Open311.ServiceCode != "" {
		return s.Open311.ServiceCode
	}
	return s.Code
}

// Size limits of a definition, so that a broken or hostile catalogue
// cannot exhaust the kiosk.
const (
	MaxCatalogueBytes = 4 << 20
	maxServices       = 100
	maxSteps          = 40
	maxFieldsPerStep  = 12
	maxChoices        = 100
	maxConditionDepth = 4
	maxTextLen        = 2000 // characters of any label, hint or intro text
	// MaxAgencyLen is the most characters an agency name may have in
	// each language: it heads a receipt 72 mm wide, in two or three lines.
	MaxAgencyLen = 100
)

//go:embed data/catalogue.yaml
var defaultCatalogue []byte

// DefaultCatalogue returns a fresh copy of the embedded catalogue of the
// nine public services.
func DefaultCatalogue() *Catalogue {
	c, err := ParseCatalogue(defaultCatalogue)
	if err != nil {
		panic(fmt.Sprintf("embedded catalogue: %v", err))
	}
	return c
}

// LoadCatalogue reads the catalogue file at path (YAML or JSON), or returns
// the embedded default when path is empty. A broken file is an error naming
// the file and, for each problem, the service, step and field.
func LoadCatalogue(path string) (*Catalogue, error) {
	if path == "" {
		return DefaultCatalogue(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load catalogue: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxCatalogueBytes+1))
	if err != nil {
		return nil, fmt.Errorf("load catalogue %s: %w", path, err)
	}
	c, err := ParseCatalogue(data)
	var cerr *CheckError
	if errors.As(err, &cerr) {
		cerr.File = path
		return nil, cerr
	}
	if err != nil {
		return nil, fmt.Errorf("load catalogue %s: %w", path, err)
	}
	return c, nil
}

// ParseCatalogue decodes a catalogue from YAML or JSON and checks it. Keys
// must be known and values of the right kind; every problem found is
// reported in a *CheckError. Missing Open311 codes take their defaults: the
// service code and the field ID.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	if len(data) > MaxCatalogueBytes {
		return nil, &CheckError{Problems: []Problem{{Message: fmt.Sprintf("file is larger than %d bytes", MaxCatalogueBytes)}}}
	}
	c, problems := decodeCatalogue(data)
	if len(problems) > 0 {
		return nil, &CheckError{Problems: problems}
	}
	c.applyDefaults()
	if err := c.Check(); err != nil {
		return nil, err
	}
	return c, nil
}

// applyDefaults fills the Open311 codes a definition may leave out.
func (c *Catalogue) applyDefaults() {
	for i := range c.Services {
		s := &c.Services[i]
		if s.Open311.ServiceCode == "" {
			s.Open311.ServiceCode = s.Code
		}
		for j := range s.Steps {
			for k := range s.Steps[j].Fields {
				f := &s.Steps[j].Fields[k]
				if f.Attribute == "" && f.Type != FieldInfo {
					f.Attribute = f.ID
				}
			}
		}
	}
}

// Problem is one thing wrong with a catalogue, located as precisely as the
// definition allows: service code, step ID, field ID (each "" when the
// problem lies above it).
type Problem struct {
	Service string
	Step    string
	Field   string
	Message string
}

// String writes the problem as "service tax, step payment, field amount:
// min is larger than max".
func (p Problem) String() string {
	var where []string
	if p.Service != "" {
		where = append(where, "service "+p.Service)
	}
	if p.Step != "" {
		where = append(where, "step "+p.Step)
	}
	if p.Field != "" {
		where = append(where, "field "+p.Field)
	}
	if len(where) == 0 {
		return p.Message
	}
	return strings.Join(where, ", ") + ": " + p.Message
}

// CheckError lists every problem found in a catalogue. File is set when
// the catalogue was read from a file.
type CheckError struct {
	File     string
	Problems []Problem
}

// Error writes one problem per line, each prefixed with the file.
func (e *CheckError) Error() string {
	prefix := "catalogue: "
	if e.File != "" {
		prefix = e.File + ": "
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = prefix + p.String()
	}
	return strings.Join(lines, "\n")
}

// checker collects problems with their location.
type checker struct {
	problems             []Problem
	service, step, field string
}

func (c *checker) addf(format string, args ...any) {
	if len(c.problems) >= 200 {
		return // a wholly wrong file need not list every line of it
	}
	c.problems = append(c.problems, Problem{Service: c.service, Step: c.step, Field: c.field, Message: fmt.Sprintf(format, args...)})
}

// Check reports every structural problem of the catalogue as a
// *CheckError, each naming the service, step and field; nil if there is
// none. It checks what the schema cannot: unique codes and IDs, texts in
// every language, options that suit the field type, limits that make
// sense, and conditions that refer to fields asked earlier with values
// those fields can take.
func (c *Catalogue) Check() error {
	ck := &checker{}
	if strings.TrimSpace(c.Version) == "" {
		ck.addf("version is missing")
	} else if len(c.Version) > 64 || !printableASCII(c.Version) {
		ck.addf("version %q must be at most 64 printable ASCII characters", c.Version)
	}
	if len(c.Services) == 0 {
		ck.addf("no services")
	}
	if len(c.Services) > maxServices {
		ck.addf("%d services; at most %d", len(c.Services), maxServices)
	}
	codes := map[string]bool{}
	for i := range c.Services {
		s := &c.Services[i]
		ck.service, ck.step, ck.field = locate(s.Code, i), "", ""
		if s.Code == "" {
			ck.addf("code is missing")
		} else if !validID(s.Code) {
			ck.addf("code %q: use 1 to 64 letters, digits, '-', '_' or '.'", s.Code)
		} else if codes[s.Code] {
			ck.addf("code used by another service")
		}
		codes[s.Code] = true
		s.check(ck)
	}
	if len(ck.problems) > 0 {
		return &CheckError{Problems: ck.problems}
	}
	return nil
}

// locate names the i-th service, step or field in a problem: by its code
// or ID, quoted when it is not a valid one (so that a hostile file cannot
// write its own lines into a report), or by its position when it has none.
func locate(id string, i int) string {
	switch {
	case id == "":
		return fmt.Sprintf("#%d", i+1)
	case validID(id):
		return id
	case len(id) > 64:
		id = strings.ToValidUTF8(id[:64], "") + "…"
	}
	return strconv.Quote(id)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// validID accepts the codes and IDs a definition uses for services, steps
// and fields: they appear in logs, metrics and Open311 requests.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// checkText reports a text missing a language, or too long.
func (ck *checker) checkText(what string, t Text, required bool) {
	if len(t) == 0 {
		if required {
			ck.addf("%s is missing; give it in fa and en", what)
		}
		return
	}
	for _, l := range Languages {
		if strings.TrimSpace(t[l]) == "" {
			ck.addf("%s has no %s text", what, l)
		}
	}
	for l, s := range t {
		if len([]rune(s)) > maxTextLen {
			ck.addf("%s (%s) is longer than %d characters", what, l, maxTextLen)
		}
		for _, r := range s {
			if isBidiControl(r) {
				ck.addf("%s (%s) contains the bidi control %U", what, l, r)
				break
			}
		}
	}
}

// checkAgency reports an agency name that is not in both languages, is
// longer than MaxAgencyLen or is not one line.
func (ck *checker) checkAgency(t Text) {
	ck.checkText("agency", t, false)
	for _, l := range Languages {
		v := t[l]
		if n := len([]rune(v)); n > MaxAgencyLen && n <= maxTextLen {
			ck.addf("agency (%s) is longer than %d characters", l, MaxAgencyLen)
		}
		if v != strings.Join(strings.Fields(v), " ") || strings.ContainsFunc(v, unicode.IsControl) {
			ck.addf("agency (%s) must be one line, single-spaced, without surrounding spaces", l)
		}
	}
}

func (s *Service) check(ck *checker) {
	ck.checkText("name", s.Name, true)
	ck.checkText("description", s.Description, false)
	ck.checkAgency(s.Agency)
	if s.Icon != "" && !validID(s.Icon) {
		ck.addf("icon %q: use letters, digits and '-'", s.Icon)
	}
	for i, b := range s.Intro.Bring {
		ck.checkText(fmt.Sprintf("intro.bring[%d]", i+1), b, true)
	}
	ck.checkText("intro.duration", s.Intro.Duration, false)
	ck.checkText("intro.fee", s.Intro.Fee, false)
	ck.checkText("after.next", s.After.Next, false)
	for i, b := range s.After.Bring {
		ck.checkText(fmt.Sprintf("after.bring[%d]", i+1), b, true)
	}
	if s.Open311.ServiceCode != "" && (len(s.Open311.ServiceCode) > 100 || !printableASCII(s.Open311.ServiceCode)) {
		ck.addf("open311.service_code %q must be at most 100 printable ASCII characters", s.Open311.ServiceCode)
	}
	if s.Open311.IDAttribute != "" && !validAttribute(s.Open311.IDAttribute) {
		ck.addf("open311.id_attribute %q: no brackets, '&', '=' or spaces", s.Open311.IDAttribute)
	} else if strings.HasPrefix(s.Open311.IDAttribute, StandardParamPrefix) {
		ck.addf("open311.id_attribute %q: the submission ID goes in a service attribute, not a standard parameter", s.Open311.IDAttribute)
	}
	if len(s.Steps) == 0 {
		ck.addf("no steps")
	}
	if len(s.Steps) > maxSteps {
		ck.addf("%d steps; at most %d", len(s.Steps), maxSteps)
	}

	pos := map[string]*Field{} // fields asked so far, by ID
	stepIDs := map[string]bool{}
	attrs := map[string]*Field{}
	answerable := 0
	for i := range s.Steps {
		st := &s.Steps[i]
		ck.step, ck.field = locate(st.ID, i), ""
		if st.ID == "" {
			ck.addf("id is missing")
		} else if !validID(st.ID) {
			ck.addf("id %q: use letters, digits, '-', '_' or '.'", st.ID)
		} else if stepIDs[st.ID] {
			ck.addf("id used by another step")
		}
		stepIDs[st.ID] = true
		ck.checkText("title", st.Title, true)
		ck.checkText("hint", st.Hint, false)
		if st.When != nil {
			// A step is shown or skipped before its own fields are asked.
			ck.checkCondition(st.When, pos, 0)
		}
		if len(st.Fields) == 0 {
			ck.addf("no fields")
		}
		if len(st.Fields) > maxFieldsPerStep {
			ck.addf("%d fields; at most %d on one screen", len(st.Fields), maxFieldsPerStep)
		}
		for j := range st.Fields {
			f := &st.Fields[j]
			ck.field = locate(f.ID, j)
			if f.ID == "" {
				ck.addf("id is missing")
			} else if !validID(f.ID) {
				ck.addf("id %q: use letters, digits, '-', '_' or '.'", f.ID)
			} else if _, dup := pos[f.ID]; dup {
				ck.addf("id used by another field of the service")
			}
			if f.When != nil {
				ck.checkCondition(f.When, pos, 0)
			}
			f.check(ck)
			ck.checkDistinctFrom(f, pos)
			if f.ID != "" {
				if _, dup := pos[f.ID]; !dup {
					pos[f.ID] = f
				}
			}
			if f.Type != FieldInfo {
				answerable++
				if f.Attribute != "" {
					if other, dup := attrs[f.Attribute]; dup && !exclusive(other, f) {
						ck.addf("attribute %q is also sent by field %s; fields may share an attribute only when their conditions exclude each other", f.Attribute, other.ID)
					}
					attrs[f.Attribute] = f
				}
			}
		}
		ck.field = ""
	}
	ck.step = ""
	if len(s.Steps) > 0 && answerable == 0 {
		ck.addf("no field takes an answer")
	}
	if a := s.Open311.IDAttribute; a != "" {
		if f, dup := attrs[a]; dup {
			ck.addf("open311.id_attribute %q is also the attribute of field %s", a, f.ID)
		}
	}
}

func validAttribute(a string) bool {
	return a != "" && len(a) <= 100 && printableASCII(a) && !strings.ContainsAny(a, "[]&= ")
}

// exclusive reports whether two fields can never both apply: each has a
// condition on the same field, testing disjoint sets of values (equals,
// in), or one testing values the other's not_equals or not_in rules out.
func exclusive(a, b *Field) bool {
	va, fa, na := conditionValues(a.When)
	vb, fb, nb := conditionValues(b.When)
	if va == nil || vb == nil || fa != fb || na && nb {
		return false
	}
	if na || nb {
		// One holds only for its values, the other for all but its own.
		if na {
			va, vb = vb, va
		}
		for _, v := range va {
			if !slices.Contains(vb, v) {
				return false
			}
		}
		return true
	}
	for _, v := range va {
		if slices.Contains(vb, v) {
			return false
		}
	}
	return true
}

// conditionValues returns the values a leaf condition tests, the field it
// tests and whether it holds for all values but those (not_equals,
// not_in).
func conditionValues(c *Condition) ([]string, string, bool) {
	switch {
	case c == nil:
		return nil, "", false
	case c.Equals != "":
		return []string{c.Equals}, c.Field, false
	case len(c.In) > 0:
		return c.In, c.Field, false
	case c.NotEquals != "":
		return []string{c.NotEquals}, c.Field, true
	case len(c.NotIn) > 0:
		return c.NotIn, c.Field, true
	}
	return nil, "", false
}

// checkCondition reports a condition that could never work: a missing or
// later field, a value the field cannot take, a test that does not suit
// the field's type. pos holds only the fields asked before the condition
// is evaluated: for a step, those of earlier steps; for a field, also
// those above it on its own step.
func (ck *checker) checkCondition(c *Condition, pos map[string]*Field, depth int) {
	if depth > maxConditionDepth {
		ck.addf("when: conditions nested deeper than %d", maxConditionDepth)
		return
	}
	if len(c.All) > 0 || len(c.Any) > 0 {
		if c.Field != "" || len(c.All) > 0 && len(c.Any) > 0 || c.hasTest() {
			ck.addf("when: a group has either all or any, and no field or test of its own")
		}
		for i := range c.All {
			ck.checkCondition(&c.All[i], pos, depth+1)
		}
		for i := range c.Any {
			ck.checkCondition(&c.Any[i], pos, depth+1)
		}
		return
	}
	if c.Field == "" {
		ck.addf("when: field is missing")
		return
	}
	tests := 0
	for _, set := range []bool{c.Equals != "", c.NotEquals != "", len(c.In) > 0, len(c.NotIn) > 0, c.Contains != "", c.Answered != nil} {
		if set {
			tests++
		}
	}
	if tests > 1 {
		ck.addf("when: use one of equals, not_equals, in, not_in, contains, answered")
	}
	ref, ok := pos[c.Field]
	if !ok {
		ck.addf("when: field %q is not asked before this point of the form", c.Field)
		return
	}
	if ref.Type == FieldInfo {
		ck.addf("when: field %q is display only and never answered", c.Field)
		return
	}
	if c.Contains != "" && ref.Type != FieldMultiChoice {
		ck.addf("when: contains tests a multichoice field; %q is %s", c.Field, ref.Type)
	}
	if ref.Type == FieldMultiChoice && (c.Equals != "" || c.NotEquals != "" || len(c.In) > 0 || len(c.NotIn) > 0) {
		ck.addf("when: field %q is multichoice; test it with contains", c.Field)
	}
	var allowed []string
	switch ref.Type {
	case FieldChoice, FieldMultiChoice, FieldYesNo:
		for _, ch := range ref.Choices {
			allowed = append(allowed, ch.Value)
		}
		if ref.Type == FieldYesNo && len(ref.Choices) == 0 {
			allowed = []string{"yes", "no"}
		}
	case FieldConsent:
		allowed = []string{"yes"}
	default:
		return
	}
	values := append(append([]string{c.Equals, c.NotEquals, c.Contains}, c.In...), c.NotIn...)
	for _, v := range values {
		if v != "" && !slices.Contains(allowed, v) {
			ck.addf("when: field %q has no choice %q (choices: %s)", c.Field, v, strings.Join(allowed, ", "))
		}
	}
}

// checkDistinctFrom reports a distinct_from that names no national-code
// field asked before f, or that sits on a field other than a national code.
func (ck *checker) checkDistinctFrom(f *Field, pos map[string]*Field) {
	if f.DistinctFrom == "" {
		return
	}
	if f.Type != FieldNationalCode {
		ck.addf("distinct_from applies to a nationalcode field, not a %s field", f.Type)
		return
	}
	ref, ok := pos[f.DistinctFrom]
	switch {
	case !ok:
		ck.addf("distinct_from: field %q is not asked before this one", f.DistinctFrom)
	case ref.Type != FieldNationalCode:
		ck.addf("distinct_from: field %q is %s, not nationalcode", f.DistinctFrom, ref.Type)
	}
}

func (c *Condition) hasTest() bool {
	return c.Equals != "" || c.NotEquals != "" || len(c.In) > 0 || len(c.NotIn) > 0 || c.Contains != "" || c.Answered != nil
}

// check reports options that do not suit the field's type or contradict
// each other.
func (f *Field) check(ck *checker) {
	if !slices.Contains(FieldTypes, f.Type) {
		if f.Type == "" {
			ck.addf("type is missing")
		} else {
			ck.addf("unknown type %q (types: %s)", f.Type, joinTypes())
		}
		return
	}
	ck.checkText("label", f.Label, true)
	ck.checkText("hint", f.Hint, false)
	has := func(set bool, option string, types ...FieldType) {
		if set && !slices.Contains(types, f.Type) {
			ck.addf("%s does not apply to a %s field", option, f.Type)
		}
	}
	has(f.MinLength != 0, "min_length", FieldText, FieldLongText)
	has(f.MaxLength != 0, "max_length", FieldText, FieldLongText)
	has(f.Min != nil, "min", FieldNumber, FieldAmount)
	has(f.Max != nil, "max", FieldNumber, FieldAmount)
	has(f.Decimals != 0, "decimals", FieldNumber)
	has(f.MinDate != "", "min_date", FieldDate)
	has(f.MaxDate != "", "max_date", FieldDate)
	has(f.Format != "", "format", FieldText)
	has(len(f.Choices) > 0, "choices", FieldChoice, FieldMultiChoice, FieldYesNo)
	has(len(f.ExcludeCountries) > 0, "exclude_countries", FieldCountry)
	for _, code := range f.ExcludeCountries {
		if c, ok := LookupCountry(code); !ok || c.Code != code {
			ck.addf("exclude_countries: %q is not an ISO 3166-1 alpha-2 country code in capitals (such as IR)", code)
		}
	}
	if f.Type == FieldInfo {
		if f.Required || f.Default != "" || f.Attribute != "" {
			ck.addf("an info field is display only: no required, default or attribute")
		}
		return
	}
	if f.Attribute != "" && !validAttribute(f.Attribute) {
		ck.addf("attribute %q: no brackets, '&', '=' or spaces", f.Attribute)
	} else if err := CheckStandardParam(f.Attribute); err != nil {
		ck.addf("%v", err)
	}
	if f.MinLength < 0 || f.MaxLength < 0 {
		ck.addf("min_length and max_length must not be negative")
	}
	if f.MaxLength > MaxLongText || (f.Type == FieldText && f.MaxLength > DefaultMaxLongText) {
		ck.addf("max_length %d is over the limit for a %s field (%d)", f.MaxLength, f.Type, map[bool]int{true: DefaultMaxLongText, false: MaxLongText}[f.Type == FieldText])
	}
	if f.MaxLength > 0 && f.MinLength > f.MaxLength {
		ck.addf("min_length %d is larger than max_length %d", f.MinLength, f.MaxLength)
	} else if f.MinLength > f.maxLength() {
		ck.addf("min_length %d is larger than the default limit %d", f.MinLength, f.maxLength())
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		ck.addf("min %v is larger than max %v", *f.Min, *f.Max)
	}
	if f.Decimals < 0 || f.Decimals > MaxDecimals {
		ck.addf("decimals must be 0 to %d", MaxDecimals)
	}
	if f.Type == FieldAmount && f.Min != nil && *f.Min < 0 {
		ck.addf("an amount is never negative: min %v", *f.Min)
	}
	for _, b := range []struct{ name, v string }{{"min_date", f.MinDate}, {"max_date", f.MaxDate}} {
		if _, err := ResolveDate(b.v, fixedCheckDay); err != nil {
			ck.addf("%s %q: want today, today-18y, today+60d, today-6m or YYYY-MM-DD", b.name, b.v)
		}
	}
	if lo, hi := f.DateBounds(fixedCheckDay); lo != "" && hi != "" && lo > hi {
		ck.addf("min_date %s is after max_date %s", f.MinDate, f.MaxDate)
	}
	if f.Type == FieldText && !slices.Contains(TextFormats, f.Format) {
		ck.addf("unknown format %q (formats: %s)", f.Format, strings.Join(TextFormats[1:], ", "))
	}
	switch f.Type {
	case FieldChoice, FieldMultiChoice:
		if len(f.Choices) == 0 {
			ck.addf("a %s field needs choices", f.Type)
		}
	case FieldYesNo:
		if len(f.Choices) != 0 && len(f.Choices) != 2 {
			ck.addf("a yesno field has two choices, or none for yes and no")
		}
	case FieldConsent:
		if f.Default != "" {
			ck.addf("consent cannot have a default: the citizen must give it")
		}
	case FieldDate:
		if f.Default != "" {
			ck.addf("a date field cannot have a default: a fixed day goes stale")
		}
	}
	if len(f.Choices) > maxChoices {
		ck.addf("%d choices; at most %d", len(f.Choices), maxChoices)
	}
	values := map[string]bool{}
	for i, ch := range f.Choices {
		switch {
		case ch.Value == "":
			ck.addf("choice #%d has no value", i+1)
		case len(ch.Value) > 100 || strings.ContainsAny(ch.Value, ",،\n\t") || ch.Value != NormalizeInput(ch.Value) || ch.Value != singleLine(ch.Value):
			ck.addf("choice value %q: at most 100 characters, no commas, line breaks or surrounding spaces", ch.Value)
		case values[ch.Value]:
			ck.addf("choice value %q is used twice", ch.Value)
		}
		values[ch.Value] = true
		ck.checkText(fmt.Sprintf("label of choice %q", ch.Value), ch.Label, true)
	}
	if f.Default != "" {
		if _, ferr := f.ValidateAt(f.Default, fixedCheckDay); ferr != nil {
			ck.addf("default %q is not a valid answer (%s)", f.Default, ferr.Key)
		}
	}
}

func joinTypes() string {
	s := make([]string, len(FieldTypes))
	for i, t := range FieldTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// Service returns the service with the given code.
func (c *Catalogue) Service(code string) (*Service, bool) {
	for i := range c.Services {
		if c.Services[i].Code == code {
			return &c.Services[i], true
		}
	}
	return nil, false
}

// Holds reports whether the condition is met by the answers. A nil
// condition always holds. Note that an unanswered field is not equal to
// any value, so not_equals and not_in hold for it.
func (c *Condition) Holds(answers map[string]string) bool {
	if c == nil {
		return true
	}
	for i := range c.All {
		if !c.All[i].Holds(answers) {
			return false
		}
	}
	if len(c.Any) > 0 {
		any := false
		for i := range c.Any {
			if c.Any[i].Holds(answers) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	if c.Field == "" {
		return true
	}
	v := answers[c.Field]
	switch {
	case c.Equals != "":
		return v == c.Equals
	case c.NotEquals != "":
		return v != c.NotEquals
	case len(c.In) > 0:
		return slices.Contains(c.In, v)
	case len(c.NotIn) > 0:
		return !slices.Contains(c.NotIn, v)
	case c.Contains != "":
		return slices.Contains(strings.Split(v, ","), c.Contains)
	case c.Answered != nil:
		return (v != "") == *c.Answered
	}
	return v != ""
}

// fields calls fn with each field the condition looks at.
func (c *Condition) fields(fn func(string)) {
	if c == nil {
		return
	}
	for i := range c.All {
		c.All[i].fields(fn)
	}
	for i := range c.Any {
		c.Any[i].fields(fn)
	}
	if c.Field != "" {
		fn(c.Field)
	}
}

// StepsSettledAt reports whether the steps that apply are settled once the
// citizen reaches step i: every step's condition looks only at fields of
// the steps before i, already answered. Until then an answer still to be
// given may add or remove steps, so a count of them would change under
// the citizen.
func (s *Service) StepsSettledAt(i int) bool {
	where := map[string]int{}
	for j := range s.Steps {
		for _, f := range s.Steps[j].Fields {
			where[f.ID] = j
		}
	}
	settled := true
	for j := range s.Steps {
		s.Steps[j].When.fields(func(id string) {
			if at, ok := where[id]; ok && at >= i {
				settled = false
			}
		})
	}
	return settled
}

// VisibleSteps returns the indexes of the steps that apply to the answers
// given so far.
func (s *Service) VisibleSteps(answers map[string]string) []int {
	var out []int
	for i := range s.Steps {
		if s.Steps[i].When.Holds(answers) {
			out = append(out, i)
		}
	}
	return out
}

// Field returns the field with the given id.
func (s *Service) Field(id string) (*Field, bool) {
	for i := range s.Steps {
		for j := range s.Steps[i].Fields {
			if s.Steps[i].Fields[j].ID == id {
				return &s.Steps[i].Fields[j], true
			}
		}
	}
	return nil, false
}

// MarshalCatalogue writes the catalogue as indented JSON, which
// ParseCatalogue reads back unchanged.
func MarshalCatalogue(c *Catalogue) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("marshal catalogue: %w", err)
	}
	return buf.Bytes(), nil
}
