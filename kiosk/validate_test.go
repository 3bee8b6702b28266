package kiosk_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// validationDay is "today" for every validation test: 2026-11-26, which is
// 1405/09/05 in Tehran.
var validationDay = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func ptr(f float64) *float64 { return &f }

type validateCase struct {
	name    string
	field   kiosk.Field
	in      string
	want    string // stored value when valid
	wantKey string // message key when refused
}

func runValidateCases(t *testing.T, cases []validateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.field
			if f.ID == "" {
				f.ID = "answer"
			}
			got, ferr := f.ValidateAt(tc.in, validationDay)
			if tc.wantKey != "" {
				if ferr == nil {
					t.Fatalf("ValidateAt(%q) = %q, want refusal %s", tc.in, got, tc.wantKey)
				}
				if ferr.Key != tc.wantKey || ferr.Field != f.ID {
					t.Fatalf("ValidateAt(%q) refused with %s on %s, want %s on %s", tc.in, ferr.Key, ferr.Field, tc.wantKey, f.ID)
				}
				if got != "" {
					t.Fatalf("refusal came with a value %q", got)
				}
				for _, l := range kiosk.Languages {
					if msg := ferr.Message(l); msg == "" || strings.Contains(msg, "⟦") || strings.Contains(msg, "{") {
						t.Errorf("message in %s for %s is %q", l, ferr.Key, msg)
					}
				}
				return
			}
			if ferr != nil {
				t.Fatalf("ValidateAt(%q) refused: %s", tc.in, ferr.Key)
			}
			if got != tc.want {
				t.Fatalf("ValidateAt(%q) = %q, want %q", tc.in, got, tc.want)
			}
			// A stored value is accepted again unchanged (edit from review).
			again, ferr := f.ValidateAt(got, validationDay)
			if ferr != nil || again != got {
				t.Fatalf("stored %q does not validate to itself: %q, %v", got, again, ferr)
			}
		})
	}
}

func TestValidateNationalCode(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldNationalCode, Required: true}
	runValidateCases(t, []validateCase{
		{"FACTS valid 0499370899", f, "0499370899", "0499370899", ""},
		{"FACTS valid 0013542419", f, "0013542419", "0013542419", ""},
		{"FACTS valid 0084575948", f, "0084575948", "0084575948", ""},
		{"Persian digits", f, "۰۴۹۹۳۷۰۸۹۹", "0499370899", ""},
		{"Arabic-Indic digits", f, "٠٠١٣٥٤٢٤١٩", "0013542419", ""},
		{"mixed digits", f, "۰٠84575948", "0084575948", ""},
		{"written with hyphens", f, "049-937089-9", "0499370899", ""},
		{"with spaces around", f, "  0499370899 ", "0499370899", ""},
		{"bidi override inside", f, "\u202e0499370899\u202c", "0499370899", ""},
		{"FACTS invalid checksum 0499370898", f, "0499370898", "", "error.national_code"},
		{"all identical digits", f, "1111111111", "", "error.national_code"},
		{"all zero", f, "0000000000", "", "error.national_code"},
		{"nine digits", f, "499370899", "", "error.national_code_length"},
		{"eleven digits", f, "04993708990", "", "error.national_code_length"},
		{"letters", f, "04993708a9", "", "error.national_code"},
		{"empty but required", f, "", "", "error.required"},
		{"only spaces", f, "   ", "", "error.required"},
	})
}

func TestValidNationalCodeChecksumRemainders(t *testing.T) {
	// Remainders below 2 use the remainder itself as the check digit.
	tests := []struct {
		code string
		want bool
	}{
		{"0013542419", true},  // r ≥ 2: check digit 11 − r
		{"1000000001", true},  // s = 10, r = 10: check digit 1
		{"0100000010", true},  // s = 11, r = 0: check digit 0
		{"0100000101", true},  // s = 12, r = 1: check digit 1
		{"0100000011", false}, // r = 0 but check digit 1
		{"2000000004", false}, // r = 9 wants 2
	}
	for _, tc := range tests {
		if got := kiosk.ValidNationalCode(tc.code); got != tc.want {
			t.Errorf("ValidNationalCode(%s) = %v, want %v", tc.code, got, tc.want)
		}
	}
}

func TestValidateMobile(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldMobile, Required: true}
	runValidateCases(t, []validateCase{
		{"national form", f, "09121234567", "09121234567", ""},
		{"+98", f, "+989121234567", "09121234567", ""},
		{"0098", f, "00989121234567", "09121234567", ""},
		{"98 without plus", f, "989121234567", "09121234567", ""},
		{"without leading zero", f, "9121234567", "09121234567", ""},
		{"Persian digits", f, "۰۹۱۲۱۲۳۴۵۶۷", "09121234567", ""},
		{"Arabic-Indic digits", f, "٠٩١٢١٢٣٤٥٦٧", "09121234567", ""},
		{"grouped with spaces and hyphens", f, "0912 123-4567", "09121234567", ""},
		{"short", f, "0912123", "", "error.mobile"},
		{"landline", f, "02188776655", "", "error.mobile"},
		{"twelve digits", f, "091212345678", "", "error.mobile"},
		{"letters", f, "0912abc4567", "", "error.mobile"},
		{"empty", f, "", "", "error.required"},
	})
}

func TestValidatePostalCode(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldPostalCode, Required: true}
	runValidateCases(t, []validateCase{
		{"ten digits", f, "1193653471", "1193653471", ""},
		{"written 5-5", f, "11936-53471", "1193653471", ""},
		{"Persian digits 5-5", f, "۱۱۹۳۶-۵۳۴۷۱", "1193653471", ""},
		{"Arabic-Indic digits", f, "١١٩٣٦٥٣٤٧١", "1193653471", ""},
		{"0 and 2 allowed in the last five", f, "1193650200", "1193650200", ""},
		{"nine digits", f, "119365347", "", "error.postal_code_length"},
		{"eleven digits", f, "11936534710", "", "error.postal_code_length"},
		{"starts with 0", f, "0423437584", "", "error.postal_code"},
		{"2 in the first five", f, "1293653471", "", "error.postal_code"},
		{"all identical", f, "1111111111", "", "error.postal_code"},
		{"letters", f, "11936-5347a", "", "error.postal_code"},
	})
}

func TestValidateCompanyAndEconomicCode(t *testing.T) {
	id := kiosk.Field{Type: kiosk.FieldText, Format: kiosk.FormatCompanyID, Required: true}
	eco := kiosk.Field{Type: kiosk.FieldText, Format: kiosk.FormatEconomicCode}
	runValidateCases(t, []validateCase{
		// Vectors from the persian-tools test suite.
		{"company id valid", id, "10380284790", "10380284790", ""},
		{"company id in Persian digits", id, "۱۰۳۸۰۲۸۴۷۹۰", "10380284790", ""},
		{"company id wrong check digit", id, "10380284792", "", "error.company_id"},
		{"company id other digits changed", id, "10380285692", "", "error.company_id"},
		{"company id all ones", id, "11111111111", "", "error.company_id"},
		{"company id 09748208301", id, "09748208301", "", "error.company_id"},
		{"company id ten digits", id, "1038028479", "", "error.company_id"},
		{"company id middle zeros", id, "10300000000", "", "error.company_id"},
		{"economic code 12 digits", eco, "411111111111", "411111111111", ""},
		{"economic code 11 digits", eco, "10380284790", "10380284790", ""},
		{"economic code 14 digits", eco, "۱۲۳۴۵۶۷۸۹۰۱۲۳۴", "12345678901234", ""},
		{"economic code 10 digits", eco, "1234567890", "", "error.economic_code"},
		{"economic code 15 digits", eco, "123456789012345", "", "error.economic_code"},
		{"economic code zeros", eco, "000000000000", "", "error.economic_code"},
		{"economic code optional empty", eco, "", "", ""},
	})
}

func TestValidateVIN(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldText, Format: kiosk.FormatVIN, Required: true}
	runValidateCases(t, []validateCase{
		{"valid", f, "1HGCM82633A004352", "1HGCM82633A004352", ""},
		{"lower case and spaces", f, "nas 411100 h1234567", "NAS411100H1234567", ""},
		{"Persian digits", f, "NAAP۰۳ED۷FJ۱۲۳۴۵۶", "NAAP03ED7FJ123456", ""},
		{"with I", f, "1HGCM82633A00435I", "", "error.vin"},
		{"with O", f, "1HGCM82633A0O4352", "", "error.vin"},
		{"with Q", f, "QHGCM82633A004352", "", "error.vin"},
		{"16 characters", f, "1HGCM82633A00435", "", "error.vin"},
		{"18 characters", f, "1HGCM82633A0043521", "", "error.vin"},
		{"Persian letters", f, "۱HGCM82633A00435ب", "", "error.vin"},
	})
}

func TestValidatePlate(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldPlate, Required: true}
	runValidateCases(t, []validateCase{
		{"stored form", f, "12-ب-345-67", "12-ب-345-67", ""},
		{"as on the car, Persian digits", f, "۱۲ ب ۳۴۵ ایران ۶۷", "12-ب-345-67", ""},
		{"Arabic-Indic digits", f, "١٢-ب-٣٤٥-٦٧", "12-ب-345-67", ""},
		{"typed without gaps", f, "12ب34567", "12-ب-345-67", ""},
		{"government letter alef", f, "12 الف 345 10", "12-الف-345-10", ""},
		{"alef typed short", f, "12-ا-345-10", "12-الف-345-10", ""},
		{"Arabic yeh normalized", f, "12-ي-345-67", "12-ی-345-67", ""},
		{"taxi", f, "55-ت-123-11", "55-ت-123-11", ""},
		{"disabled drivers", f, "22-ژ-456-99", "22-ژ-456-99", ""},
		{"unknown letter", f, "12-ک-345-67", "", "error.plate_letter"},
		{"Latin letter", f, "12-B-345-67", "", "error.plate_letter"},
		{"province 00", f, "12-ب-345-00", "", "error.plate_province"},
		{"province one digit", f, "12-ب-345-7", "", "error.plate_province"},
		{"province starting 0", f, "12-ب-345-07", "", "error.plate_province"},
		{"first part starts with 0", f, "02-ب-345-67", "", "error.plate"},
		{"three-digit part starts with 0", f, "12-ب-045-67", "", "error.plate"},
		{"first part three digits", f, "123-ب-345-67", "", "error.plate"},
		{"missing letter", f, "12-345-67", "", "error.plate"},
		{"garbage", f, "plate", "", "error.plate"},
	})
}

func TestCheckPlateType(t *testing.T) {
	tests := []struct {
		name, plateType, plate, wantKey string
	}{
		{"private", "private", "12-ب-345-67", ""},
		{"private with ی", "private", "12-ی-345-67", ""},
		{"private with taxi's ت", "private", "12-ت-345-67", "error.plate_letter_private"},
		{"private with government's الف", "private", "12-الف-345-10", "error.plate_letter_private"},
		{"private with police's پ", "private", "12-پ-345-10", "error.plate_letter_private"},
		{"private with ژ", "private", "22-ژ-456-99", "error.plate_letter_private"},
		{"taxi", "taxi", "55-ت-123-11", ""},
		{"taxi with a private letter", "taxi", "55-ب-123-11", "error.plate_letter_taxi"},
		{"taxi with ع", "taxi", "55-ع-123-11", "error.plate_letter_taxi"},
		{"public transport", "public-transport", "41-ع-512-20", ""},
		{"public transport with ت", "public-transport", "41-ت-512-20", "error.plate_letter_public_transport"},
		{"disabled", "disabled", "22-ژ-456-99", ""},
		{"disabled with a private letter", "disabled", "22-م-456-99", "error.plate_letter_disabled"},
		// Types the rule does not know are not checked.
		{"unknown type", "government", "12-الف-345-10", ""},
		{"no type", "", "12-ت-345-67", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := kiosk.ParsePlate(tt.plate)
			if err != nil {
				t.Fatal(err)
			}
			ferr := kiosk.CheckPlateType(tt.plateType, p)
			switch {
			case tt.wantKey == "" && ferr != nil:
				t.Errorf("refused with %s", ferr.Key)
			case tt.wantKey != "" && (ferr == nil || ferr.Key != tt.wantKey):
				t.Errorf("got %v, want %s", ferr, tt.wantKey)
			}
		})
	}
	// Every private letter fits a private plate, and no other type.
	for _, l := range kiosk.PlateTypeLetters["private"] {
		p := kiosk.Plate{First: "12", Letter: l, Second: "345", Province: "67"}
		if kiosk.CheckPlateType("private", p) != nil || kiosk.CheckPlateType("taxi", p) == nil {
			t.Errorf("private letter %s", l)
		}
	}
}

func TestPlateTypeRefusalsReadInBothLanguages(t *testing.T) {
	for plateType, letters := range kiosk.PlateTypeLetters {
		p := kiosk.Plate{First: "12", Letter: "پ", Second: "345", Province: "67"}
		ferr := kiosk.CheckPlateType(plateType, p)
		if ferr == nil {
			t.Fatalf("%s: پ (police) accepted", plateType)
		}
		fa, en := ferr.Message(kiosk.Persian), ferr.Message(kiosk.English)
		for _, m := range []string{fa, en} {
			if m == "" || strings.Contains(m, "error.") || !strings.Contains(m, letters[0]) {
				t.Errorf("%s: refusal %q does not say the type's letter %s", plateType, m, letters[0])
			}
		}
		if fa == en || !strings.Contains(fa, "نوع پلاک") || !strings.Contains(en, "plate type") {
			t.Errorf("%s: refusals %q / %q", plateType, fa, en)
		}
	}
}

func TestStepCheckPlateTypes(t *testing.T) {
	svc, ok := kiosk.DefaultCatalogue().Service("vehicle-plate")
	if !ok {
		t.Fatal("no vehicle-plate service")
	}
	var step *kiosk.Step
	for i := range svc.Steps {
		if svc.Steps[i].ID == "current-plate" {
			step = &svc.Steps[i]
		}
	}
	if step == nil {
		t.Fatal("no current-plate step")
	}
	// Every plate type the form offers is one the rule knows.
	f, ok := svc.Field(kiosk.PlateTypeField)
	if !ok || len(f.Choices) == 0 {
		t.Fatalf("the vehicle-plate form has no %s choice", kiosk.PlateTypeField)
	}
	for _, c := range f.Choices {
		if _, known := kiosk.PlateTypeLetters[c.Value]; !known {
			t.Errorf("plate type %q of the form has no letters", c.Value)
		}
	}
	tests := []struct {
		name    string
		answers map[string]string
		want    string // the refusal of current_plate, "" for none
	}{
		{"private plate, private letter", map[string]string{"reason": "lost", "plate_type": "private", "current_plate": "12-ب-345-67"}, ""},
		{"private plate with ت", map[string]string{"reason": "lost", "plate_type": "private", "current_plate": "12-ت-345-67"}, "error.plate_letter_private"},
		{"taxi plate with ت", map[string]string{"reason": "damaged", "plate_type": "taxi", "current_plate": "55-ت-123-11"}, ""},
		{"taxi plate with a private letter", map[string]string{"reason": "damaged", "plate_type": "taxi", "current_plate": "55-س-123-11"}, "error.plate_letter_taxi"},
		{"no plate type", map[string]string{"reason": "lost", "current_plate": "12-ت-345-67"}, ""},
		{"no plate", map[string]string{"reason": "lost", "plate_type": "private"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := step.CheckPlateTypes(tt.answers)
			got := ""
			if e := errs["current_plate"]; e != nil {
				got = e.Key
				if e.Field != "current_plate" {
					t.Errorf("refusal of field %q", e.Field)
				}
			}
			if got != tt.want || len(errs) > 1 {
				t.Errorf("refusals %v, want %q for current_plate", errs, tt.want)
			}
		})
	}
}

func TestValidateEmail(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldEmail}
	runValidateCases(t, []validateCase{
		{"plain", f, "ali@example.ir", "ali@example.ir", ""},
		{"domain lower-cased", f, "Ali.Rezaei@Mail.Example.COM", "Ali.Rezaei@mail.example.com", ""},
		{"plus tag", f, "ali+kiosk@example.ir", "ali+kiosk@example.ir", ""},
		{"optional empty", f, "", "", ""},
		{"no at", f, "ali.example.ir", "", "error.email"},
		{"no dot in domain", f, "ali@localhost", "", "error.email"},
		{"display name", f, "Ali <ali@example.ir>", "", "error.email"},
		{"Persian letters", f, "علی@example.ir", "", "error.email"},
		{"two ats", f, "ali@@example.ir", "", "error.email"},
		{"space inside", f, "ali rezaei@example.ir", "", "error.email"},
		{"trailing dot", f, "ali@example.ir.", "", "error.email"},
		{"too long", f, strings.Repeat("a", 250) + "@x.ir", "", "error.email"},
	})
}

func TestValidateNumberAndAmount(t *testing.T) {
	floors := kiosk.Field{Type: kiosk.FieldNumber, Required: true, Min: ptr(1), Max: ptr(40)}
	area := kiosk.Field{Type: kiosk.FieldNumber, Decimals: 2, Min: ptr(10), Max: ptr(100000)}
	signed := kiosk.Field{Type: kiosk.FieldNumber}
	amount := kiosk.Field{Type: kiosk.FieldAmount, Required: true, Min: ptr(10000)}
	unbounded := kiosk.Field{Type: kiosk.FieldAmount}
	runValidateCases(t, []validateCase{
		{"whole number", floors, "12", "12", ""},
		{"Persian digits", floors, "۱۲", "12", ""},
		{"Arabic-Indic digits", floors, "١٢", "12", ""},
		{"leading zeros dropped", floors, "007", "7", ""},
		{"at min", floors, "1", "1", ""},
		{"at max", floors, "40", "40", ""},
		{"below min", floors, "0", "", "error.min"},
		{"above max", floors, "41", "", "error.max"},
		{"decimal where whole wanted", floors, "2.5", "", "error.integer"},
		{"letters", floors, "twelve", "", "error.number"},
		{"exponent", floors, "1e2", "", "error.number"},
		{"two points", area, "1.2.3", "", "error.number"},
		{"decimal point", area, "120.5", "120.5", ""},
		{"Persian decimal separator", area, "۱۲۰٫۷۵", "120.75", ""},
		{"slash as decimal point", area, "۱۲۰/۵", "120.5", ""},
		{"trailing zeros dropped", area, "120.50", "120.5", ""},
		{"too many decimals", area, "120.555", "", "error.decimals"},
		{"thousands separators", area, "12,500", "12500", ""},
		{"negative allowed without min", signed, "-3", "-3", ""},
		{"minus zero", signed, "-0", "0", ""},
		{"huge number", signed, "1234567890123456", "", "error.number"},
		{"amount with Persian separators", amount, "۲٬۵۰۰٬۰۰۰", "2500000", ""},
		{"amount with commas", amount, "2,500,000", "2500000", ""},
		{"amount below min", amount, "9999", "", "error.min"},
		{"amount with decimals", amount, "25000.5", "", "error.amount"},
		{"negative amount", amount, "-25000", "", "error.amount"},
		{"amount with letters", amount, "25000 rials", "", "error.amount"},
		{"amount 15 digits", unbounded, "999999999999999", "999999999999999", ""},
		{"amount 16 digits", unbounded, "9999999999999999", "", "error.amount"},
	})
}

func TestValidateDate(t *testing.T) {
	plain := kiosk.Field{Type: kiosk.FieldDate, Required: true}
	past := kiosk.Field{Type: kiosk.FieldDate, MaxDate: "today"}
	future := kiosk.Field{Type: kiosk.FieldDate, MinDate: "today", MaxDate: "today+60d"}
	adult := kiosk.Field{Type: kiosk.FieldDate, MinDate: "today-65y", MaxDate: "today-18y"}
	fixed := kiosk.Field{Type: kiosk.FieldDate, MinDate: "2000-01-01"}
	runValidateCases(t, []validateCase{
		{"Solar date", plain, "1403/05/12", "2024-08-02", ""},
		{"Solar date Persian digits", plain, "۱۴۰۳/۰۵/۱۲", "2024-08-02", ""},
		{"Solar date Arabic-Indic digits", plain, "١٤٠٣/٠٥/١٢", "2024-08-02", ""},
		{"Solar date one-digit month and day", plain, "۱۴۰۳/۵/۱۲", "2024-08-02", ""},
		{"Solar date with hyphens", plain, "1403-05-12", "2024-08-02", ""},
		{"Nowruz 1404", plain, "1404/01/01", "2025-03-21", ""},
		{"Esfand 30 of leap year 1403", plain, "1403/12/30", "2025-03-20", ""},
		{"Esfand 30 of common year 1404", plain, "1404/12/30", "", "error.date"},
		{"month 13", plain, "1403/13/01", "", "error.date"},
		{"day 32", plain, "1403/01/32", "", "error.date"},
		{"Mehr 31", plain, "1403/07/31", "", "error.date"},
		{"ISO date", plain, "2024-08-02", "2024-08-02", ""},
		{"Gregorian February 30", plain, "2024-02-30", "", "error.date"},
		{"too early", plain, "1200/01/01", "", "error.date"},
		{"words", plain, "yesterday", "", "error.date"},
		{"today allowed", past, "1405/09/05", "2026-11-26", ""},
		{"tomorrow refused", past, "1405/09/06", "", "error.date_future"},
		{"yesterday refused for a future date", future, "1405/09/04", "", "error.date_past"},
		{"within 60 days", future, "1405/10/20", "2027-01-10", ""},
		{"beyond 60 days", future, "1405/11/10", "", "error.date_max"},
		{"18 today", adult, "2008-11-26", "2008-11-26", ""},
		{"one day short of 18", adult, "2008-11-27", "", "error.date_max"},
		{"over 65", adult, "1961-11-25", "", "error.date_min"},
		{"before a fixed bound", fixed, "1999-12-31", "", "error.date_min"},
	})
}

func TestValidateDateBoundMessageIsLocalized(t *testing.T) {
	f := kiosk.Field{ID: "birth_date", Type: kiosk.FieldDate, MaxDate: "today-18y", Label: kiosk.Text{kiosk.Persian: "تاریخ تولد", kiosk.English: "Date of birth"}}
	_, ferr := f.ValidateAt("1400/01/01", validationDay)
	if ferr == nil || ferr.Key != "error.date_max" || ferr.Args["date"] != "2008-11-26" {
		t.Fatalf("refusal %+v, want error.date_max with date 2008-11-26", ferr)
	}
	if fa := ferr.Message(kiosk.Persian); !strings.Contains(fa, "۶ آذر ۱۳۸۷") {
		t.Errorf("Persian message %q does not give the Solar date ۶ آذر ۱۳۸۷", fa)
	}
	if en, want := ferr.Message(kiosk.English), "Choose 26 November 2008 or an earlier day for “Date of birth”."; en != want {
		t.Errorf("English message %q, want %q", en, want)
	}
}

func TestDateBounds(t *testing.T) {
	f := kiosk.Field{Type: kiosk.FieldDate, MinDate: "today-6m", MaxDate: "today+1y"}
	lo, hi := f.DateBounds(validationDay)
	if lo != "2026-05-26" || hi != "2027-11-26" {
		t.Fatalf("DateBounds = %s..%s, want 2026-05-26..2027-11-26", lo, hi)
	}
	// Late evening UTC is already the next day in Tehran.
	f = kiosk.Field{Type: kiosk.FieldDate, MinDate: "today"}
	lo, _ = f.DateBounds(time.Date(2025, 3, 20, 21, 0, 0, 0, time.UTC))
	if lo != "2025-03-21" {
		t.Fatalf("today at 21:00 UTC on 2025-03-20 = %s, want 2025-03-21 (Tehran)", lo)
	}
}

func TestValidateText(t *testing.T) {
	free := kiosk.Field{Type: kiosk.FieldText, Required: true, MinLength: 2, MaxLength: 10}
	deflt := kiosk.Field{Type: kiosk.FieldText}
	long := kiosk.Field{Type: kiosk.FieldLongText}
	name := kiosk.Field{Type: kiosk.FieldText, Format: kiosk.FormatName, Required: true}
	digits := kiosk.Field{Type: kiosk.FieldText, Format: kiosk.FormatDigits, MaxLength: 5}
	runValidateCases(t, []validateCase{
		{"Persian text", free, "کتاب", "کتاب", ""},
		{"ZWNJ kept", free, "می‌خواهم", "می‌خواهم", ""},
		{"Arabic yeh and kaf", free, "كتابي", "کتابی", ""},
		{"spaces collapsed", free, "  دو   کلمه ", "دو کلمه", ""},
		{"line break in one-line text", free, "دو\nخط", "دو خط", ""},
		{"bidi override stripped", free, "ab\u202ecd\u202c", "abcd", ""},
		{"isolates stripped", free, "\u2067علی\u2069", "علی", ""},
		{"RLM stripped", free, "\u200fعلی", "علی", ""},
		{"too long", free, "یازده حرفی‌ها", "", "error.too_long"},
		{"counted in characters, not bytes", free, "کتابخانه", "کتابخانه", ""},
		{"too short", free, "a", "", "error.too_short"},
		{"punctuation only is no answer", free, "...", "", "error.required"},
		{"default limit 100", deflt, strings.Repeat("ب", 101), "", "error.too_long"},
		{"default limit reached", deflt, strings.Repeat("ب", 100), strings.Repeat("ب", 100), ""},
		{"longtext keeps lines", long, "خط اول\r\nخط دوم", "خط اول\nخط دوم", ""},
		{"longtext default limit 1000", long, strings.Repeat("x", 1001), "", "error.too_long"},
		{"raw input over 16 KiB", long, strings.Repeat("x", 17<<10), "", "error.too_long"},
		{"name with ZWNJ", name, "علی‌رضا", "علی‌رضا", ""},
		{"Latin name with apostrophe", name, "O'Neil", "O'Neil", ""},
		{"name with digits", name, "علی ۲", "", "error.name"},
		{"name with symbol", name, "علی@", "", "error.name"},
		{"digits", digits, "۱۲۳", "123", ""},
		{"digits too long", digits, "123456", "", "error.too_long"},
		{"digits with letters", digits, "12a", "", "error.digits"},
	})
}

func TestValidateChoices(t *testing.T) {
	choices := []kiosk.Choice{
		{Value: "lost", Label: kiosk.Text{"fa": "مفقودی", "en": "Lost"}},
		{Value: "damaged", Label: kiosk.Text{"fa": "آسیب", "en": "Damaged"}},
		{Value: "new", Label: kiosk.Text{"fa": "نو", "en": "New"}},
	}
	one := kiosk.Field{Type: kiosk.FieldChoice, Required: true, Choices: choices}
	withDefault := kiosk.Field{Type: kiosk.FieldChoice, Required: true, Default: "new", Choices: choices}
	many := kiosk.Field{Type: kiosk.FieldMultiChoice, Required: true, Choices: choices}
	yn := kiosk.Field{Type: kiosk.FieldYesNo, Required: true}
	consent := kiosk.Field{Type: kiosk.FieldConsent}
	runValidateCases(t, []validateCase{
		{"choice", one, "lost", "lost", ""},
		{"unknown choice", one, "stolen", "", "error.choice"},
		{"label is not a value", one, "Lost", "", "error.choice"},
		{"default taken when empty", withDefault, "", "new", ""},
		{"default not used when answered", withDefault, "lost", "lost", ""},
		{"multichoice in definition order", many, "new,lost", "lost,new", ""},
		{"multichoice Persian comma and duplicates", many, "new، lost,new", "lost,new", ""},
		{"multichoice unknown part", many, "lost,stolen", "", "error.choice"},
		{"multichoice only commas", many, ",,", "", "error.required"},
		{"yes", yn, "yes", "yes", ""},
		{"No in capitals", yn, "No", "no", ""},
		{"yesno other", yn, "maybe", "", "error.choice"},
		{"consent given", consent, "yes", "yes", ""},
		{"consent refused", consent, "no", "", "error.consent"},
		{"consent missing even when optional", consent, "", "", "error.consent"},
	})
}

func TestValidateInfoTakesNoAnswer(t *testing.T) {
	f := kiosk.Field{ID: "note", Type: kiosk.FieldInfo, Required: true}
	if v, ferr := f.ValidateAt("anything", validationDay); v != "" || ferr != nil {
		t.Fatalf("info field stored %q, %v", v, ferr)
	}
}

func TestFieldErrorMessageLocalizesNumbers(t *testing.T) {
	f := kiosk.Field{ID: "amount", Type: kiosk.FieldAmount, Min: ptr(10000)}
	_, ferr := f.ValidateAt("5", validationDay)
	if ferr == nil {
		t.Fatal("5 rials accepted under a minimum of 10000")
	}
	if got := ferr.Message(kiosk.Persian); !strings.Contains(got, "۱۰٬۰۰۰") {
		t.Errorf("Persian message %q lacks ۱۰٬۰۰۰", got)
	}
	if got := ferr.Message(kiosk.English); !strings.Contains(got, "10,000") {
		t.Errorf("English message %q lacks 10,000", got)
	}
	if strings.Contains(ferr.Error(), "5") {
		t.Errorf("error %q carries the answer", ferr.Error())
	}

	// A year's limit reads as a year: no thousands separator.
	year := kiosk.Field{ID: "tax_year", Type: kiosk.FieldNumber, Min: ptr(1390), Max: ptr(1420)}
	_, ferr = year.ValidateAt("1389", validationDay)
	if ferr == nil {
		t.Fatal("1389 accepted under a minimum of 1390")
	}
	if got := ferr.Message(kiosk.Persian); !strings.Contains(got, "۱۳۹۰") || strings.Contains(got, "٬") {
		t.Errorf("Persian message %q: want ۱۳۹۰ ungrouped", got)
	}
	if got := ferr.Message(kiosk.English); !strings.Contains(got, "1390") {
		t.Errorf("English message %q: want 1390 ungrouped", got)
	}
}

func TestDisplay(t *testing.T) {
	choice := kiosk.Field{Type: kiosk.FieldMultiChoice, Choices: []kiosk.Choice{
		{Value: "a", Label: kiosk.Text{"fa": "الف", "en": "A"}},
		{Value: "b", Label: kiosk.Text{"fa": "ب", "en": "B"}},
	}}
	tests := []struct {
		name   string
		field  kiosk.Field
		stored string
		fa, en string
	}{
		{"multichoice labels", choice, "a,b", "الف، ب", "A, B"},
		{"yes", kiosk.Field{Type: kiosk.FieldYesNo}, "yes", "بله", "Yes"},
		{"date", kiosk.Field{Type: kiosk.FieldDate}, "2024-08-02", "۱۲ مرداد ۱۴۰۳", "2 August 2024"},
		{"amount", kiosk.Field{Type: kiosk.FieldAmount}, "2500000", "۲٬۵۰۰٬۰۰۰ ریال", "2,500,000 rials"},
		{"decimal number", kiosk.Field{Type: kiosk.FieldNumber, Decimals: 2}, "1200.5", "۱٬۲۰۰٫۵", "1,200.5"},
		{"a year is not grouped", kiosk.Field{Type: kiosk.FieldNumber}, "1403", "۱۴۰۳", "1403"},
		{"a large number is grouped", kiosk.Field{Type: kiosk.FieldNumber}, "12500", "۱۲٬۵۰۰", "12,500"},
		{"postal code", kiosk.Field{Type: kiosk.FieldPostalCode}, "1193653471", "۱۱۹۳۶-۵۳۴۷۱", "11936-53471"},
		{"plate", kiosk.Field{Type: kiosk.FieldPlate}, "12-ب-345-67", "۱۲ ب ۳۴۵ ایران ۶۷", "12 ب 345 Iran 67"},
		{"national code", kiosk.Field{Type: kiosk.FieldNationalCode}, "0499370899", "۰۴۹۹۳۷۰۸۹۹", "0499370899"},
		{"VIN stays Latin", kiosk.Field{Type: kiosk.FieldText, Format: kiosk.FormatVIN}, "NAS411100H1234567", "NAS411100H1234567", "NAS411100H1234567"},
		{"consent", kiosk.Field{Type: kiosk.FieldConsent}, "yes", "موافقت کردم", "Agreed"},
		{"email keeps its digits", kiosk.Field{Type: kiosk.FieldEmail}, "ali1360@example.ir", "ali1360@example.ir", "ali1360@example.ir"},
		{"empty", kiosk.Field{Type: kiosk.FieldText}, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.field.Display(kiosk.Persian, tc.stored); got != tc.fa {
				t.Errorf("Persian %q, want %q", got, tc.fa)
			}
			if got := tc.field.Display(kiosk.English, tc.stored); got != tc.en {
				t.Errorf("English %q, want %q", got, tc.en)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1403/01/01", "2024-03-20", true},
		{"۱۴۰۴/۰۱/۰۱", "2025-03-21", true},
		{"2025.03.21", "2025-03-21", true},
		{"1403/1/1", "2024-03-20", true},
		{"14030101", "", false},
		{"1403/12/31", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, err := kiosk.ParseDate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestServiceCheckDistinct: the owner and the attorney of the building
// permit form must be two people, whichever of their steps the citizen
// leaves (the attorney's step, or the owner's edited from the review),
// and only while the attorney's step applies.
func TestServiceCheckDistinct(t *testing.T) {
	svc, ok := kiosk.DefaultCatalogue().Service("building-permit")
	if !ok {
		t.Fatal("no building-permit service")
	}
	const owner, attorney = 0, 1
	if svc.Steps[owner].ID != "owner" || svc.Steps[attorney].ID != "attorney" {
		t.Fatalf("steps %s, %s", svc.Steps[owner].ID, svc.Steps[attorney].ID)
	}
	tests := []struct {
		name      string
		step      int
		answers   map[string]string
		wantField string // "" for no refusal
	}{
		{"attorney gives the owner's code", attorney,
			map[string]string{"applicant_role": "attorney", "national_code": "0084575948", "attorney_national_code": "0084575948"}, "attorney_national_code"},
		{"owner's code edited to the attorney's", owner,
			map[string]string{"applicant_role": "attorney", "national_code": "0013542419", "attorney_national_code": "0013542419"}, "national_code"},
		{"two people", attorney,
			map[string]string{"applicant_role": "attorney", "national_code": "0084575948", "attorney_national_code": "0013542419"}, ""},
		{"attorney's step no longer applies", owner,
			map[string]string{"applicant_role": "owner", "national_code": "0013542419", "attorney_national_code": "0013542419"}, ""},
		{"attorney not answered yet", owner,
			map[string]string{"applicant_role": "attorney", "national_code": "0013542419"}, ""},
		{"a step with neither field", 2,
			map[string]string{"applicant_role": "attorney", "national_code": "0013542419", "attorney_national_code": "0013542419"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := svc.CheckDistinct(tt.step, tt.answers)
			if tt.wantField == "" {
				if len(errs) != 0 {
					t.Fatalf("refused %v", errs)
				}
				return
			}
			e := errs[tt.wantField]
			if len(errs) != 1 || e == nil || e.Key != "error.same_national_code" || e.Field != tt.wantField {
				t.Fatalf("refusals %v, want error.same_national_code on %s", errs, tt.wantField)
			}
			for _, l := range kiosk.Languages {
				if m := e.Message(l); m == "" || strings.Contains(m, "⟦") {
					t.Errorf("message in %s: %q", l, m)
				}
			}
		})
	}
}

// TestRefusalsNameTheFieldAndSayHowToFix reads refusals as a citizen does:
// each names the field by its label and says what to enter, worded for
// the field's type, in Persian and English.
func TestRefusalsNameTheFieldAndSayHowToFix(t *testing.T) {
	label := func(fa, en string) kiosk.Text { return kiosk.Text{kiosk.Persian: fa, kiosk.English: en} }
	tests := []struct {
		name   string
		field  kiosk.Field
		answer string
		fa, en string
	}{
		{"empty date", kiosk.Field{ID: "d", Type: kiosk.FieldDate, Required: true, Label: label("تاریخ تولد", "Date of birth")}, "",
			"سال، ماه و روزِ «تاریخ تولد» را در تقویم انتخاب کنید.", "Choose the year, month and day of “Date of birth” on the calendar."},
		{"empty national code", kiosk.Field{ID: "n", Type: kiosk.FieldNationalCode, Required: true, Label: label("کد ملی پدر", "Father's national code")}, "",
			"ده رقم «کد ملی پدر» را وارد کنید.", "Enter the 10 digits of “Father's national code”."},
		{"short national code", kiosk.Field{ID: "n", Type: kiosk.FieldNationalCode, Required: true, Label: label("کد ملی", "National code")}, "049937",
			"هر ده رقم «کد ملی» را وارد کنید.", "Enter all 10 digits of “National code”."},
		{"empty mobile", kiosk.Field{ID: "m", Type: kiosk.FieldMobile, Required: true, Label: label("شماره همراه", "Mobile number")}, "",
			"«شماره همراه» را مانند ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید.", "Enter “Mobile number” like 0912\u00a0345\u00a06789."},
		{"wrong mobile", kiosk.Field{ID: "m", Type: kiosk.FieldMobile, Required: true, Label: label("شماره همراه", "Mobile number")}, "0912123",
			"«شماره همراه» را مانند ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید: یازده رقم که با ۰۹ آغاز می‌شود.", "Enter “Mobile number” like 0912\u00a0345\u00a06789: 11 digits starting with 09."},
		{"empty text", kiosk.Field{ID: "t", Type: kiosk.FieldText, Required: true, Label: label("نام خانوادگی", "Last name")}, "",
			"«نام خانوادگی» را وارد کنید.", "Enter “Last name”."},
		{"no choice", kiosk.Field{ID: "c", Type: kiosk.FieldChoice, Required: true, Label: label("جنسیت", "Sex"), Choices: []kiosk.Choice{{Value: "a"}}}, "",
			"برای «جنسیت» یکی از گزینه‌ها را انتخاب کنید.", "Choose an answer for “Sex”."},
		{"too short", kiosk.Field{ID: "t", Type: kiosk.FieldLongText, MinLength: 10, Label: label("شرح", "Description")}, "abc",
			"در «شرح» دست‌کم ۱۰ نویسه وارد کنید.", "Enter at least 10 characters in “Description”."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ferr := tt.field.ValidateAt(tt.answer, validationDay)
			if ferr == nil {
				t.Fatalf("%q accepted", tt.answer)
			}
			if got := ferr.Message(kiosk.Persian); got != tt.fa {
				t.Errorf("Persian %q, want %q", got, tt.fa)
			}
			if got := ferr.Message(kiosk.English); got != tt.en {
				t.Errorf("English %q, want %q", got, tt.en)
			}
		})
	}
}
