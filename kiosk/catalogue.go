package kiosk

import (
	_ "embed"
	"fmt"
	"strings"

	"sigs.k8s.io/yaml"
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
	FieldConsent      FieldType = "consent"
	FieldInfo         FieldType = "info" // display only, no answer
)

// Catalogue is the set of services a kiosk offers. Version identifies the
// definition each submission was filled against.
type Catalogue struct {
	Version  string    `json:"version"`
	Services []Service `json:"services"`
}

// Service is one public service with its form.
type Service struct {
	Code        string         `json:"code"`
	Name        Text           `json:"name"`
	Description Text           `json:"description"`
	Icon        string         `json:"icon,omitempty"`
	Intro       Intro          `json:"intro"`
	Steps       []Step         `json:"steps"`
	Open311     Open311Mapping `json:"open311"`
}

// Intro tells a citizen what a service needs before they start.
type Intro struct {
	Bring    []Text `json:"bring,omitempty"`
	Duration Text   `json:"duration,omitempty"`
	Fee      Text   `json:"fee,omitempty"`
}

// Step is one screen of a form: one field or a small group.
type Step struct {
	ID     string     `json:"id"`
	Title  Text       `json:"title"`
	When   *Condition `json:"when,omitempty"`
	Fields []Field    `json:"fields"`
}

// Field is one question of a form.
type Field struct {
	ID        string     `json:"id"`
	Type      FieldType  `json:"type"`
	Label     Text       `json:"label"`
	Hint      Text       `json:"hint,omitempty"`
	Required  bool       `json:"required,omitempty"`
	MinLength int        `json:"min_length,omitempty"`
	MaxLength int        `json:"max_length,omitempty"`
	Min       *float64   `json:"min,omitempty"`
	Max       *float64   `json:"max,omitempty"`
	Choices   []Choice   `json:"choices,omitempty"`
	When      *Condition `json:"when,omitempty"`
	// Attribute is the Open311 attribute code the answer is sent as.
	Attribute string `json:"attribute,omitempty"`
}

// Choice is one option of a choice, multichoice or yesno field.
type Choice struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Condition makes a step or field apply only for some earlier answer.
type Condition struct {
	Field  string   `json:"field"`
	Equals string   `json:"equals,omitempty"`
	In     []string `json:"in,omitempty"`
}

// Open311Mapping says how a service's submissions reach the back office.
type Open311Mapping struct {
	ServiceCode string `json:"service_code"`
	// IDAttribute, when set, is an attribute the kiosk fills with the
	// submission ID so the back office can drop duplicates.
	IDAttribute string `json:"id_attribute,omitempty"`
}

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

// ParseCatalogue decodes a catalogue from YAML or JSON and checks it.
func ParseCatalogue(data []byte) (*Catalogue, error) {
	var c Catalogue
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, fmt.Errorf("decode catalogue: %w", err)
	}
	if err := c.Check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Check reports the first structural problem of the catalogue, naming the
// service and field.
func (c *Catalogue) Check() error {
	if c.Version == "" {
		return fmt.Errorf("catalogue: version is missing")
	}
	if len(c.Services) == 0 {
		return fmt.Errorf("catalogue: no services")
	}
	codes := map[string]bool{}
	for _, s := range c.Services {
		if s.Code == "" {
			return fmt.Errorf("catalogue: a service has no code")
		}
		if codes[s.Code] {
			return fmt.Errorf("service %s: code used twice", s.Code)
		}
		codes[s.Code] = true
		if err := s.check(); err != nil {
			return fmt.Errorf("service %s: %w", s.Code, err)
		}
	}
	return nil
}

func (s *Service) check() error {
	if !s.Name.Complete() {
		return fmt.Errorf("name must be given in fa and en")
	}
	if len(s.Steps) == 0 {
		return fmt.Errorf("no steps")
	}
	ids := map[string]bool{}
	for _, st := range s.Steps {
		for _, f := range st.Fields {
			if f.ID == "" {
				return fmt.Errorf("step %s: a field has no id", st.ID)
			}
			if ids[f.ID] {
				return fmt.Errorf("field %s: id used twice", f.ID)
			}
			ids[f.ID] = true
			if err := f.check(); err != nil {
				return fmt.Errorf("field %s: %w", f.ID, err)
			}
		}
	}
	return nil
}

func (f *Field) check() error {
	switch f.Type {
	case FieldText, FieldLongText, FieldNumber, FieldAmount, FieldDate,
		FieldNationalCode, FieldMobile, FieldPostalCode, FieldPlate, FieldEmail,
		FieldConsent, FieldInfo:
	case FieldChoice, FieldMultiChoice:
		if len(f.Choices) == 0 {
			return fmt.Errorf("type %s needs choices", f.Type)
		}
		for _, ch := range f.Choices {
			if ch.Value == "" || strings.ContainsAny(ch.Value, ",\n") {
				return fmt.Errorf("choice value %q must be non-empty without commas", ch.Value)
			}
		}
	case FieldYesNo:
	default:
		return fmt.Errorf("unknown type %q", f.Type)
	}
	if !f.Label.Complete() {
		return fmt.Errorf("label must be given in fa and en")
	}
	return nil
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
// condition always holds.
func (c *Condition) Holds(answers map[string]string) bool {
	if c == nil {
		return true
	}
	v := answers[c.Field]
	if c.Equals != "" {
		return v == c.Equals
	}
	for _, want := range c.In {
		if v == want {
			return true
		}
	}
	return len(c.In) == 0 && v != ""
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
