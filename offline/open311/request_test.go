package open311_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// serviceWith is a service whose one field is sent under attr.
func serviceWith(attr, idAttr string) *kiosk.Service {
	return &kiosk.Service{
		Code:    "svc",
		Open311: kiosk.Open311Mapping{ServiceCode: "S1", IDAttribute: idAttr},
		Steps: []kiosk.Step{{ID: "one", Fields: []kiosk.Field{
			{ID: "answer", Type: kiosk.FieldText, Attribute: attr},
		}}},
	}
}

func TestBuildRequestStandardParams(t *testing.T) {
	type buildCase struct {
		name    string
		attr    string
		idAttr  string
		refused bool
	}
	tests := []buildCase{
		{name: "a service attribute", attr: "NOTE"},
		{name: "@api_key", attr: "@api_key", refused: true},
		{name: "@phnoe, a typo", attr: "@phnoe", refused: true},
		{name: "a bare @", attr: "@", refused: true},
		{name: "id_attribute naming a standard parameter", attr: "NOTE", idAttr: "@account_id", refused: true},
	}
	for _, p := range kiosk.StandardParams() {
		tests = append(tests, buildCase{name: "standard " + p, attr: p})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := kiosk.Submission{ID: "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d", Answers: map[string]string{"answer": "the answer"}}
			r, err := open311.BuildRequest(serviceWith(tt.attr, tt.idAttr), sub, config.Location{Address: "x"})
			if tt.refused {
				if !errors.Is(err, open311.ErrInvalidRequest) {
					t.Fatalf("BuildRequest = %+v, %v; want ErrInvalidRequest", r, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for code := range r.Attributes {
				if strings.HasPrefix(code, kiosk.StandardParamPrefix) {
					t.Errorf("%q would be sent as attribute[%s]", tt.attr, code)
				}
			}
			// The description ends with the submission's reference.
			desc, _, _ := strings.Cut(r.Description, "\n\n")
			standard := []string{desc, r.FirstName, r.LastName, r.Phone, r.Email, r.AccountID}
			if got := slices.Contains(standard, "the answer"); got != kiosk.IsStandardParam(tt.attr) {
				t.Errorf("answer sent as a standard parameter: %v, want %v (%+v)", got, kiosk.IsStandardParam(tt.attr), r)
			}
		})
	}
}

// TestBuildRequestTravellerPassport: a traveller's police report reaches
// the back office with the passport number and the nationality's code as
// attributes, the e-mail as the standard parameter, and no national code.
func TestBuildRequestTravellerPassport(t *testing.T) {
	svc, ok := kiosk.DefaultCatalogue().Service("police")
	if !ok {
		t.Fatal("no police service")
	}
	sub := kiosk.Submission{ID: "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d", Answers: map[string]string{
		"id_document": "passport", "passport_number": "C01X00T47", "nationality": "DE",
		"traveller_mobile": "", "email": "anna@example.de", "kind": "lost-document", "lost_documents": "passport",
	}}
	r, err := open311.BuildRequest(svc, sub, config.Location{Address: "IKA"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"id_document": {"passport"}, "passport_number": {"C01X00T47"}, "nationality": {"DE"},
		"kind": {"lost-document"}, "lost_documents": {"passport"},
	}
	for code, v := range want {
		if !slices.Equal(r.Attributes[code], v) {
			t.Errorf("attribute[%s] = %v, want %v", code, r.Attributes[code], v)
		}
	}
	for _, code := range []string{"national_code", "mobile", "traveller_mobile"} {
		if v, sent := r.Attributes[code]; sent {
			t.Errorf("attribute[%s] = %v sent for a traveller", code, v)
		}
	}
	if r.Email != "anna@example.de" || r.Phone != "" {
		t.Errorf("email %q phone %q", r.Email, r.Phone)
	}
}
