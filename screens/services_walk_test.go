package screens_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// answer is what a citizen enters for one field, through the widget the
// screen gives that field's type: text typed key by key on the on-screen
// keyboard or keypad, a choice's value (several, comma-separated, for
// toggles), "yes" for a consent, a date picked on the date picker in the
// session's calendar (written Solar Hijri "1398/04/21" for a Persian
// walk, ISO "2019-07-12" for an English one, which picks it in the
// Gregorian calendar), a plate "12-ب-345-67" entered part by part. An
// empty value leaves the field unanswered.
type answer struct {
	field, value string
	// active: the field is already the one typed into (the step opened
	// on it, or the done key of the field before moved to it), so it is
	// typed into without a tap.
	active bool
	// done taps the pad's done key after typing.
	done bool
}

// walkStep is one step of a form, by its ID, and what is entered on it.
type walkStep struct {
	id      string
	answers []answer
}

// walkCase is one valid way through a service, from the grid to the
// receipt, and the answers stored for it.
type walkCase struct {
	name    string
	service string
	lang    kiosk.Lang
	steps   []walkStep
	stored  map[string]string
}

// in answers a field; typed follows the field the step opens on or that
// the done key moves to; thenDone taps done after it.
func in(field, value string) answer        { return answer{field: field, value: value} }
func typed(field, value string) answer     { return answer{field: field, value: value, active: true} }
func thenDone(a answer) answer             { a.done = true; return a }
func step(id string, a ...answer) walkStep { return walkStep{id: id, answers: a} }

// The rig's clock reads 2025-08-03 09:30 UTC: 1404/05/12 in Tehran. Dates
// are picked relative to it: Persian walks in the Solar Hijri calendar,
// English walks in the Gregorian one.
var walkCases = []walkCase{
	{
		// The tax form has no free-text field: everything is chosen or
		// typed on the keypad.
		name: "tax/individual pays VAT", service: "tax", lang: kiosk.Persian,
		steps: []walkStep{
			step("taxpayer", in("national_code", "0499370899"), in("mobile", "09121234567")),
			step("payment", in("tax_kind", "vat"), in("vat_quarter", "2"), in("tax_year", "1403"), in("amount", "2500000")),
		},
		stored: map[string]string{
			"taxpayer_type": "individual", "national_code": "0499370899", "mobile": "09121234567",
			"tax_kind": "vat", "tax_year": "1403", "vat_quarter": "2", "amount": "2500000",
		},
	},
	{
		name: "tax/company pays corporate income tax", service: "tax", lang: kiosk.English,
		steps: []walkStep{
			step("taxpayer", in("taxpayer_type", "legal"), thenDone(in("national_code", "0013542419")),
				thenDone(typed("company_id", "10380284790")), thenDone(typed("economic_code", "411111111111")), typed("mobile", "09351112233")),
			step("payment", in("tax_kind", "corporate-income"), in("tax_year", "1402"), in("amount", "150000000")),
		},
		stored: map[string]string{
			"taxpayer_type": "legal", "national_code": "0013542419", "company_id": "10380284790",
			"economic_code": "411111111111", "mobile": "09351112233",
			"tax_kind": "corporate-income", "tax_year": "1402", "amount": "150000000",
		},
	},
	{
		// The building permit has no free-text field either.
		name: "building-permit/owner builds new", service: "building-permit", lang: kiosk.Persian,
		steps: []walkStep{
			step("owner", thenDone(in("national_code", "0499370899")), typed("mobile", "09121234567")),
			step("property", typed("postal_code", "1193653471"), in("deed_main_plate", "123"), in("deed_sub_plate", "45"), in("registry_section", "11")),
			step("permit", in("permit_type", "new-build"), in("land_use", "residential"), in("floors", "4"), in("floor_area", "320.5")),
			step("declaration", in("declaration", "yes")),
		},
		stored: map[string]string{
			"applicant_role": "owner", "national_code": "0499370899", "mobile": "09121234567",
			"postal_code": "1193653471", "deed_main_plate": "123", "deed_sub_plate": "45", "registry_section": "11",
			"permit_type": "new-build", "land_use": "residential", "floors": "4", "floor_area": "320.5",
			"declaration": "yes",
		},
	},
	{
		name: "building-permit/attorney renovates", service: "building-permit", lang: kiosk.English,
		steps: []walkStep{
			step("owner", in("applicant_role", "attorney"), in("national_code", "0084575948"), in("mobile", "09191234567")),
			step("attorney", thenDone(typed("attorney_national_code", "0013542419")), typed("power_of_attorney_no", "58213")),
			step("property", typed("postal_code", "1591634311"), in("deed_main_plate", "7")),
			step("permit", in("permit_type", "renovation"), in("land_use", "commercial"), in("floor_area", "85")),
			step("declaration", in("declaration", "yes")),
		},
		stored: map[string]string{
			"applicant_role": "attorney", "national_code": "0084575948", "mobile": "09191234567",
			"attorney_national_code": "0013542419", "power_of_attorney_no": "58213",
			"postal_code": "1591634311", "deed_main_plate": "7", "deed_sub_plate": "", "registry_section": "",
			"permit_type": "renovation", "land_use": "commercial", "floor_area": "85", "declaration": "yes",
		},
	},
	{
		name: "employment/man with a bachelor's degree", service: "employment", lang: kiosk.Persian,
		steps: []walkStep{
			step("identity", thenDone(typed("first_name", "علی"+widgets.ZWNJ+"رضا")), thenDone(typed("last_name", "رضایی")),
				typed("national_code", "0499370899"), in("birth_date", "1370/06/15")),
			step("status", in("gender", "male"), in("military_status", "completed")),
			step("education", in("education_level", "bachelor"), in("field_of_study", "مهندسی عمران")),
			step("job", typed("job_title", "کارشناس فنی"), in("experience_years", "5")),
			step("contact", typed("mobile", "09121234567"), in("email", "ali@example.ir"), in("declaration", "yes")),
		},
		stored: map[string]string{
			"first_name": "علی\u200cرضا", "last_name": "رضایی", "national_code": "0499370899", "birth_date": "1991-09-06",
			"gender": "male", "military_status": "completed", "education_level": "bachelor", "field_of_study": "مهندسی عمران",
			"job_title": "کارشناس فنی", "experience_years": "5", "mobile": "09121234567", "email": "ali@example.ir",
			"declaration": "yes",
		},
	},
	{
		name: "employment/woman with a master's degree", service: "employment", lang: kiosk.English,
		steps: []walkStep{
			step("identity", thenDone(typed("first_name", "Sara")), thenDone(typed("last_name", "Ahmadi")),
				typed("national_code", "0084575948"), in("birth_date", "1995-02-10")),
			step("status", in("gender", "female")),
			step("education", in("education_level", "master"), in("field_of_study", "Accounting")),
			step("job", typed("job_title", "Accountant"), in("experience_years", "3")),
			step("contact", typed("mobile", "09351112233"), in("declaration", "yes")),
		},
		stored: map[string]string{
			"first_name": "Sara", "last_name": "Ahmadi", "national_code": "0084575948", "birth_date": "1995-02-10",
			"gender": "female", "education_level": "master", "field_of_study": "Accounting",
			"job_title": "Accountant", "experience_years": "3", "mobile": "09351112233", "email": "", "declaration": "yes",
		},
	},
	{
		name: "health/appointment with a paediatrician", service: "health", lang: kiosk.Persian,
		steps: []walkStep{
			step("patient", in("national_code", "0013542419"), in("insurance", "salamat")),
			step("request", in("service_kind", "appointment")),
			step("appointment", in("specialty", "pediatrics"), in("clinic", "درمانگاه امام رضا"), in("preferred_date", "1404/06/01")),
			step("contact", typed("mobile", "09121234567"), in("record_consent", "yes")),
		},
		stored: map[string]string{
			"id_document": "national-code", "national_code": "0013542419", "insurance": "salamat", "service_kind": "appointment",
			"specialty": "pediatrics", "clinic": "درمانگاه امام رضا", "preferred_date": "2025-08-23",
			"mobile": "09121234567", "record_consent": "yes",
		},
	},
	{
		name: "health/flu vaccination", service: "health", lang: kiosk.English,
		steps: []walkStep{
			step("patient", in("national_code", "0013542419"), in("insurance", "social-security")),
			step("request", in("service_kind", "vaccination")),
			step("vaccination", in("vaccine", "influenza"), in("dose", "first")),
			// Without its leading 0, stored with it.
			step("contact", typed("mobile", "9121234567"), in("record_consent", "yes")),
		},
		stored: map[string]string{
			"id_document": "national-code", "national_code": "0013542419", "insurance": "social-security", "service_kind": "vaccination",
			"vaccine": "influenza", "dose": "first", "mobile": "09121234567", "record_consent": "yes",
		},
	},
	{
		// Insurance needs no step of its own, and no free text.
		name: "health/insurance renewal", service: "health", lang: kiosk.Persian,
		steps: []walkStep{
			step("patient", in("national_code", "0013542419"), in("insurance", "none")),
			step("request", in("service_kind", "insurance")),
			step("contact", typed("mobile", "09121234567"), in("record_consent", "yes")),
		},
		stored: map[string]string{
			"id_document": "national-code", "national_code": "0013542419", "insurance": "none", "service_kind": "insurance",
			"mobile": "09121234567", "record_consent": "yes",
		},
	},
	{
		name: "school-enrollment/third grade of primary", service: "school-enrollment", lang: kiosk.Persian,
		steps: []walkStep{
			step("student", typed("national_code", "0499370899"), in("birth_date", "1396/03/10"), in("student_gender", "girl")),
			step("level", in("level", "primary"), in("grade_primary", "3")),
			step("school", typed("school_district", "منطقه ۵ تهران"), in("preferred_school", "دبستان شهید بهشتی")),
			step("parent", typed("parent_national_code", "0084575948"), in("parent_relation", "mother"), in("mobile", "09121234567")),
		},
		stored: map[string]string{
			"national_code": "0499370899", "birth_date": "2017-05-31", "student_gender": "girl",
			"level": "primary", "grade_primary": "3",
			"school_district": "منطقه 5 تهران", "school_type": "state", "preferred_school": "دبستان شهید بهشتی",
			"parent_national_code": "0084575948", "parent_relation": "mother", "mobile": "09121234567",
		},
	},
	{
		name: "school-enrollment/eleventh grade, sciences", service: "school-enrollment", lang: kiosk.English,
		steps: []walkStep{
			step("student", typed("national_code", "0499370899"), in("birth_date", "2008-04-03"), in("student_gender", "boy")),
			step("level", in("level", "upper-secondary"), in("grade_upper_secondary", "11"), in("stream", "science")),
			step("school", typed("school_district", "District 2, Shiraz"), in("school_type", "non-governmental"), in("preferred_school", "Alborz High School")),
			// Done on the national code stops at the relation, a choice,
			// with no keypad over it; the mobile number is tapped after.
			step("parent", thenDone(typed("parent_national_code", "0013542419")), in("parent_relation", "father"), in("mobile", "09351112233")),
		},
		stored: map[string]string{
			"national_code": "0499370899", "birth_date": "2008-04-03", "student_gender": "boy",
			"level": "upper-secondary", "grade_upper_secondary": "11", "stream": "science",
			"school_district": "District 2, Shiraz", "school_type": "non-governmental", "preferred_school": "Alborz High School",
			"parent_national_code": "0013542419", "parent_relation": "father", "mobile": "09351112233",
		},
	},
	{
		name: "vehicle-plate/lost plate", service: "vehicle-plate", lang: kiosk.Persian,
		steps: []walkStep{
			step("owner", thenDone(typed("national_code", "0499370899")), typed("mobile", "09121234567")),
			step("reason", in("reason", "lost")),
			step("current-plate", in("current_plate", "12-ب-345-67"), in("lost_date", "1404/04/15"), in("lost_declaration", "yes")),
			// The VIN is typed on the Latin capitals keyboard.
			step("vehicle", typed("vin", "NAAP03ED7FJ123456"), in("vehicle_model", "پژو ۲۰۶ مدل ۱۴۰۲")),
		},
		stored: map[string]string{
			"national_code": "0499370899", "mobile": "09121234567", "reason": "lost",
			"plate_type": "private", "current_plate": "12-ب-345-67", "lost_date": "2025-07-06", "lost_declaration": "yes",
			"vin": "NAAP03ED7FJ123456", "vehicle_model": "پژو 206 مدل 1402",
		},
	},
	{
		name: "vehicle-plate/damaged taxi plate", service: "vehicle-plate", lang: kiosk.English,
		steps: []walkStep{
			step("owner", typed("national_code", "0084575948"), in("mobile", "09351112233")),
			step("reason", in("reason", "damaged")),
			step("current-plate", in("plate_type", "taxi"), in("current_plate", "55-ت-123-11")),
			step("vehicle", typed("vin", "NAS411100H1234567"), in("vehicle_model", "Peugeot 405")),
		},
		stored: map[string]string{
			"national_code": "0084575948", "mobile": "09351112233", "reason": "damaged",
			"plate_type": "taxi", "current_plate": "55-ت-123-11",
			"vin": "NAS411100H1234567", "vehicle_model": "Peugeot 405",
		},
	},
	{
		name: "vehicle-plate/new vehicle is not asked for a plate", service: "vehicle-plate", lang: kiosk.Persian,
		steps: []walkStep{
			step("owner", typed("national_code", "0084575948"), in("mobile", "09351112233")),
			step("reason", in("reason", "new-vehicle")),
			step("vehicle", typed("vin", "NAS411100H1234567"), in("vehicle_model", "تیبا هاچ"+widgets.ZWNJ+"بک")),
		},
		stored: map[string]string{
			"national_code": "0084575948", "mobile": "09351112233", "reason": "new-vehicle",
			"vin": "NAS411100H1234567", "vehicle_model": "تیبا هاچ\u200cبک",
		},
	},
	{
		name: "birth-marriage-certificate/birth of a girl", service: "birth-marriage-certificate", lang: kiosk.Persian,
		steps: []walkStep{
			step("kind", in("kind", "birth")),
			step("applicant", typed("national_code", "0013542419"), in("mobile", "09121234567")),
			step("child", thenDone(typed("child_first_name", "ستاره")), typed("child_last_name", "محمدی"+widgets.ZWNJ+"نژاد"),
				in("child_gender", "girl"), in("birth_date", "1404/04/20"), in("hospital", "بیمارستان میلاد")),
			step("parents", thenDone(typed("father_national_code", "0013542419")), typed("mother_national_code", "0084575948")),
		},
		stored: map[string]string{
			"kind": "birth", "national_code": "0013542419", "mobile": "09121234567",
			"child_first_name": "ستاره", "child_last_name": "محمدی\u200cنژاد", "child_gender": "girl",
			"birth_date": "2025-07-11", "hospital": "بیمارستان میلاد",
			"father_national_code": "0013542419", "mother_national_code": "0084575948",
		},
	},
	{
		name: "birth-marriage-certificate/marriage certificate", service: "birth-marriage-certificate", lang: kiosk.English,
		steps: []walkStep{
			step("kind", in("kind", "marriage")),
			step("applicant", typed("national_code", "0499370899"), in("mobile", "09121234567")),
			step("marriage", typed("husband_national_code", "0499370899"), in("wife_national_code", "0084575948"),
				in("marriage_date", "2019-07-12"), in("notary_office_no", "124"), in("notary_city", "Isfahan")),
		},
		stored: map[string]string{
			"kind": "marriage", "national_code": "0499370899", "mobile": "09121234567",
			"husband_national_code": "0499370899", "wife_national_code": "0084575948",
			"marriage_date": "2019-07-12", "notary_office_no": "124", "notary_city": "Isfahan",
		},
	},
	{
		name: "library/teenager joins", service: "library", lang: kiosk.Persian,
		steps: []walkStep{
			step("member", thenDone(typed("national_code", "0499370899")), typed("mobile", "09121234567")),
			step("request", in("kind", "membership"), in("library_name", "کتابخانه عمومی پروین اعتصامی")),
			step("membership", in("member_category", "teen"), in("email", "reader@example.ir")),
		},
		stored: map[string]string{
			"national_code": "0499370899", "mobile": "09121234567", "kind": "membership",
			"library_name": "کتابخانه عمومی پروین اعتصامی", "member_category": "teen", "email": "reader@example.ir",
		},
	},
	{
		name: "library/reserve a book", service: "library", lang: kiosk.English,
		steps: []walkStep{
			step("member", thenDone(typed("national_code", "0499370899")), typed("mobile", "09121234567")),
			step("request", in("kind", "reserve"), in("library_name", "Parvin Etesami Public Library")),
			step("book", typed("book_title", "The Blind Owl"), in("author", "Sadegh Hedayat"), in("book_number", "12345")),
		},
		stored: map[string]string{
			"national_code": "0499370899", "mobile": "09121234567", "kind": "reserve",
			"library_name": "Parvin Etesami Public Library", "book_title": "The Blind Owl", "author": "Sadegh Hedayat",
			"book_number": "12345",
		},
	},
	{
		name: "library/return a book", service: "library", lang: kiosk.Persian,
		steps: []walkStep{
			step("member", thenDone(typed("national_code", "0499370899")), typed("mobile", "09121234567")),
			step("request", in("kind", "return"), in("library_name", "کتابخانه مرکزی")),
			step("book", typed("book_title", "بوف کور")),
		},
		stored: map[string]string{
			"national_code": "0499370899", "mobile": "09121234567", "kind": "return",
			"library_name": "کتابخانه مرکزی", "book_title": "بوف کور", "book_number": "",
		},
	},
	{
		name: "police/lost national card and bank card", service: "police", lang: kiosk.Persian,
		steps: []walkStep{
			step("applicant", thenDone(in("national_code", "0084575948")), typed("mobile", "09121234567")),
			step("request", in("kind", "lost-document")),
			step("documents", in("lost_documents", "bank-card,national-card")),
			step("incident", in("incident_date", "1404/05/09"), in("incident_place", "تهران، خیابان انقلاب"),
				in("description", "کیف پولم را در مترو گم کردم و کارت"+widgets.ZWNJ+"هایم در آن بود."), in("declaration", "yes")),
		},
		stored: map[string]string{
			"id_document": "national-code", "national_code": "0084575948", "mobile": "09121234567", "kind": "lost-document",
			"lost_documents": "national-card,bank-card", "incident_date": "2025-07-31",
			"incident_place": "تهران، خیابان انقلاب",
			"description":    "کیف پولم را در مترو گم کردم و کارت\u200cهایم در آن بود.", "declaration": "yes",
		},
	},
	{
		name: "police/fraud complaint against a known person", service: "police", lang: kiosk.English,
		steps: []walkStep{
			step("applicant", thenDone(in("national_code", "0084575948")), typed("mobile", "09121234567")),
			step("request", in("kind", "complaint")),
			step("complaint", in("complaint_subject", "fraud"), in("accused_known", "yes"), in("accused_name", "Reza Karimi")),
			step("incident", in("incident_date", "2025-07-01"), in("incident_place", "Mashhad, Imam Reza Street"),
				in("description", "I paid for a car online and it was never delivered."), in("declaration", "yes")),
		},
		stored: map[string]string{
			"id_document": "national-code", "national_code": "0084575948", "mobile": "09121234567", "kind": "complaint",
			"complaint_subject": "fraud", "accused_known": "yes", "accused_name": "Reza Karimi",
			"incident_date": "2025-07-01", "incident_place": "Mashhad, Imam Reza Street",
			"description": "I paid for a car online and it was never delivered.", "declaration": "yes",
		},
	},
	{
		// A traveller at the airport: a passport and a nationality picked
		// by typing its first letters, an e-mail and no Iranian mobile.
		name: "police/traveller reports a lost passport", service: "police", lang: kiosk.English,
		steps: []walkStep{
			step("applicant", in("id_document", "passport"), in("passport_number", "C01X00T47"), in("nationality", "DE"),
				in("email", "anna@example.de")),
			step("request", in("kind", "lost-document")),
			step("documents", in("lost_documents", "passport")),
			step("incident", in("incident_date", "2025-08-02"), in("incident_place", "Imam Khomeini Airport"),
				in("description", "My passport was lost between the gate and passport control."), in("declaration", "yes")),
		},
		stored: map[string]string{
			"id_document": "passport", "passport_number": "C01X00T47", "nationality": "DE", "traveller_mobile": "",
			"email": "anna@example.de", "kind": "lost-document", "lost_documents": "passport",
			"incident_date": "2025-08-02", "incident_place": "Imam Khomeini Airport",
			"description": "My passport was lost between the gate and passport control.", "declaration": "yes",
		},
	},
	{
		name: "health/traveller with a passport is vaccinated", service: "health", lang: kiosk.Persian,
		steps: []walkStep{
			step("patient", in("id_document", "passport"), in("passport_number", "P0123456"), in("nationality", "AF"),
				in("insurance", "none")),
			step("request", in("service_kind", "vaccination")),
			step("vaccination", in("vaccine", "influenza")),
			step("contact", in("traveller_mobile", "09121234567"), in("email", "patient@example.af"), in("record_consent", "yes")),
		},
		stored: map[string]string{
			"id_document": "passport", "passport_number": "P0123456", "nationality": "AF", "insurance": "none",
			"service_kind": "vaccination", "vaccine": "influenza", "dose": "", "traveller_mobile": "09121234567",
			"email": "patient@example.af", "record_consent": "yes",
		},
	},
	{
		name: "police/clearance certificate", service: "police", lang: kiosk.Persian,
		steps: []walkStep{
			step("applicant", thenDone(in("national_code", "0084575948")), typed("mobile", "09121234567")),
			step("request", in("kind", "clearance")),
			step("clearance", typed("father_name", "محمد"), in("clearance_purpose", "employment"), in("clearance_consent", "yes")),
		},
		stored: map[string]string{
			"id_document": "national-code", "national_code": "0084575948", "mobile": "09121234567", "kind": "clearance",
			"father_name": "محمد", "clearance_purpose": "employment", "clearance_consent": "yes",
		},
	},
}

// walkStats says how the answers were entered.
type walkStats struct {
	keyboardFields int    // fields typed on the on-screen keyboard
	persianTyped   bool   // Persian letters typed on its Persian layout
	refusedOn      string // the step a bad answer was entered on
}

// TestEveryServiceThroughTheScreens walks each of the nine services, and
// the branches of their forms, from the service grid to the receipt with
// valid answers entered only through the screens' widgets: keys of the
// on-screen keyboard (Persian, with its half-space key, and English) and
// keypad, choice buttons and toggles, the date picker's year arrows,
// months and days, the plate entry's parts and letters. It checks the one
// submission stored, with its answers normalized (ASCII digits, mobile as
// 09…, ISO dates, plates as 12-ب-345-67), and the tracking code on the
// receipt.
func TestEveryServiceThroughTheScreens(t *testing.T) {
	covered := map[string]bool{}
	zwnj := false
	for _, tc := range walkCases {
		covered[tc.service] = true
		for _, s := range tc.steps {
			for _, a := range s.answers {
				zwnj = zwnj || strings.Contains(a.value, widgets.ZWNJ)
			}
		}
	}
	for _, svc := range kiosk.DefaultCatalogue().Services {
		if !covered[svc.Code] {
			t.Errorf("service %s is not walked", svc.Code)
		}
	}
	if !zwnj {
		t.Error("no case types a word with a half-space")
	}

	for _, tc := range walkCases {
		t.Run(tc.name+"/"+string(tc.lang), func(t *testing.T) {
			r := newRig(t)
			r.startIn(tc.lang)
			r.open(tc.service)
			stats := r.fillSteps(tc.steps, nil)
			if tc.lang == kiosk.Persian && stats.keyboardFields > 0 && !stats.persianTyped {
				t.Error("no Persian text typed on the on-screen Persian keyboard")
			}
			if len(r.outbox.submissions()) != 0 {
				t.Fatal("submitted before the review was confirmed")
			}
			r.tapMsg("review.confirm")
			r.stage(kiosk.StageConsent)
			r.tapMsg("consent.submit")
			st := r.stage(kiosk.StageReceipt)

			subs := r.outbox.submissions()
			if len(subs) != 1 {
				t.Fatalf("%d submissions in the outbox, want 1", len(subs))
			}
			sub := subs[0]
			if sub.ServiceCode != tc.service || sub.Lang != tc.lang {
				t.Errorf("submission for %s in %s, want %s in %s", sub.ServiceCode, sub.Lang, tc.service, tc.lang)
			}
			if !maps.Equal(sub.Answers, tc.stored) {
				for _, k := range slices.Sorted(maps.Keys(joinKeys(sub.Answers, tc.stored))) {
					got, ok := sub.Answers[k]
					want, wok := tc.stored[k]
					if got != want || ok != wok {
						t.Errorf("stored %s = %q (present %t), want %q (present %t)", k, got, ok, want, wok)
					}
				}
			}
			if st.Receipt == nil || st.Receipt.TrackingCode != sub.TrackingCode {
				t.Fatalf("receipt %+v does not carry the submission's code %s", st.Receipt, sub.TrackingCode)
			}
			if code := kiosk.LocalizeDigits(tc.lang, sub.TrackingCode.String()); !r.shows(code) {
				t.Errorf("receipt does not show the tracking code %q; shown: %q", code, r.texts())
			}
		})
	}
}

// refusal is one invalid answer, entered in place of a valid case's
// answer to the same field, and the message key of its refusal.
type refusal struct {
	walk  string // the name of a walkCase
	field string
	value string
	key   string
}

var refusals = []refusal{
	{"tax/individual pays VAT", "tax_year", "1389", "error.min"},
	{"tax/company pays corporate income tax", "company_id", "10380284792", "error.company_id"},
	{"building-permit/owner builds new", "postal_code", "119365347", "error.postal_code_length"},
	{"building-permit/owner builds new", "postal_code", "1023456789", "error.postal_code"},
	{"building-permit/owner builds new", "floors", "60", "error.max"},
	{"employment/man with a bachelor's degree", "first_name", "علی۲", "error.name"},
	{"health/appointment with a paediatrician", "national_code", "0013542418", "error.national_code"},
	{"school-enrollment/third grade of primary", "mobile", "0912123456", "error.mobile"},
	// The VIN keyboard has no I, O or Q: a VIN too short is refused.
	{"vehicle-plate/lost plate", "vin", "NAAP03ED7FJ1234", "error.vin"},
	{"vehicle-plate/lost plate", "current_plate", "12-ب-345-05", "error.plate_province"},
	{"birth-marriage-certificate/marriage certificate", "husband_national_code", "0499370898", "error.national_code"},
	{"library/teenager joins", "email", "reader@example", "error.email"},
	{"library/reserve a book", "national_code", "1111111111", "error.national_code"},
	{"police/lost national card and bank card", "description", "کیف گم شد", "error.too_short"},
	{"police/clearance certificate", "clearance_consent", "", "error.consent"},
	// The passport keyboard has capitals and digits: a number too short.
	{"police/traveller reports a lost passport", "passport_number", "C01X", "error.passport_number"},
}

// TestEveryServiceRefusesAnInvalidAnswer enters one invalid answer in each
// service through the widgets, in each language, and checks that Next
// keeps the citizen on the step, that the session holds the field's
// refusal, and that the screen shows it in the session's language only.
func TestEveryServiceRefusesAnInvalidAnswer(t *testing.T) {
	covered := map[string]bool{}
	for _, rf := range refusals {
		covered[findWalk(t, rf.walk).service] = true
	}
	for _, svc := range kiosk.DefaultCatalogue().Services {
		if !covered[svc.Code] {
			t.Errorf("service %s has no refused answer", svc.Code)
		}
	}
	for _, rf := range refusals {
		for _, l := range kiosk.Languages {
			t.Run(rf.walk+"/"+rf.field+"/"+string(l), func(t *testing.T) {
				tc := findWalk(t, rf.walk)
				r := newRig(t)
				r.startIn(l)
				r.open(tc.service)
				stats := r.fillSteps(tc.steps, &rf)

				st := r.stage(kiosk.StageForm)
				if id := st.Service.Steps[st.Step].ID; id != stats.refusedOn {
					t.Fatalf("moved from step %s to %s", stats.refusedOn, id)
				}
				e := st.Errors[rf.field]
				if e == nil || e.Key != rf.key {
					t.Fatalf("refusal of %s = %v, want %s (all: %v)", rf.field, e, rf.key, st.Errors)
				}
				// What was typed stays, to be corrected.
				if kept := st.Answers[rf.field]; kept != rf.value {
					t.Errorf("%s holds %q after the refusal, want %q as entered", rf.field, kept, rf.value)
				}
				want := e.Message(l)
				if want == "" || strings.ContainsAny(want, "{}⟦") {
					t.Fatalf("refusal message %q", want)
				}
				// It names the field (a consent's says what to press).
				if f, _ := st.Service.Field(rf.field); f.Type != kiosk.FieldConsent && !strings.Contains(want, "«"+f.Label.In(l)+"»") && !strings.Contains(want, "“"+f.Label.In(l)+"”") {
					t.Errorf("refusal message %q does not name the field %q", want, f.Label.In(l))
				}
				if !r.shows(want) {
					t.Errorf("refusal %q not shown; shown: %q", want, r.texts())
				}
				other := kiosk.English
				if l == kiosk.English {
					other = kiosk.Persian
				}
				if m := e.Message(other); r.showsContaining(m) {
					t.Errorf("refusal also shown in %s: %q", other, m)
				}
				persian := strings.ContainsFunc(want, func(c rune) bool { return unicode.Is(unicode.Arabic, c) })
				if persian != (l == kiosk.Persian) {
					t.Errorf("refusal in %s reads %q", l, want)
				}
				if len(r.outbox.submissions()) != 0 {
					t.Error("a refused form was submitted")
				}
			})
		}
	}
}

func findWalk(t *testing.T, name string) walkCase {
	t.Helper()
	for _, tc := range walkCases {
		if tc.name == name {
			return tc
		}
	}
	t.Fatalf("no walk case %q", name)
	return walkCase{}
}

func joinKeys(a, b map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// fillSteps enters the answers of each step and taps Next, checking that
// each step is the one expected and is accepted, until the review. With
// bad set, its value is entered instead of the answer to its field, and
// the walk stops after Next on that step.
func (r *rig) fillSteps(steps []walkStep, bad *refusal) walkStats {
	r.t.Helper()
	var stats walkStats
	for _, s := range steps {
		if r.fillStep(s, bad, &stats) {
			return stats
		}
	}
	if bad != nil {
		r.t.Fatalf("no answer to %s to replace", bad.field)
	}
	r.stage(kiosk.StageReview)
	return stats
}

// fillStep enters the answers of one step, checking it is the one
// expected, and taps Next. It reports whether it entered bad's value
// (and so stayed on the step); otherwise it checks the step was
// accepted.
func (r *rig) fillStep(s walkStep, bad *refusal, stats *walkStats) (refused bool) {
	r.t.Helper()
	st := r.stage(kiosk.StageForm)
	if id := st.Service.Steps[st.Step].ID; id != s.id {
		r.t.Fatalf("on step %s, want %s", id, s.id)
	}
	at := st.Step
	replaced := false
	for _, a := range s.answers {
		if bad != nil && a.field == bad.field {
			a.value, replaced = bad.value, true
		}
		r.enter(a, stats)
	}
	// The done key of a step's last field moves on by itself.
	if now := r.sess.State(); now.Stage == kiosk.StageForm && now.Step == at {
		r.tapMsg("nav.next")
	}
	if replaced {
		stats.refusedOn = s.id
		return true
	}
	if now := r.sess.State(); now.Stage == kiosk.StageForm && now.Step == at {
		r.t.Fatalf("step %s refused valid answers: %v; shown: %q", s.id, now.Errors, r.texts())
	}
	return false
}

// enter answers one field of the current step with its widget.
func (r *rig) enter(a answer, stats *walkStats) {
	r.t.Helper()
	st := r.sess.State()
	l := st.Lang
	f, ok := st.Service.Field(a.field)
	if !ok {
		r.t.Fatalf("no field %s", a.field)
	}
	switch f.Type {
	case kiosk.FieldChoice, kiosk.FieldYesNo, kiosk.FieldMultiChoice:
		for _, v := range strings.Split(a.value, ",") {
			r.tap(choiceLabel(l, f, v))
		}
	case kiosk.FieldConsent:
		if a.value == "yes" {
			r.tapMsg("form.agree")
		}
		return
	case kiosk.FieldDate:
		r.pickDate(a.field, a.value)
		return
	case kiosk.FieldPlate:
		r.enterPlate(a.field, a.value)
		return
	case kiosk.FieldCountry:
		r.enterCountry(a.field, a.value, stats)
		return
	default:
		field := r.field(a.field)
		if a.active {
			if !field.Active() {
				r.t.Fatalf("%s is not the field typed into", a.field)
			}
		} else {
			test.Tap(field)
		}
		pad := r.pad()
		if _, ok := pad.(*widgets.Keyboard); ok {
			stats.keyboardFields++
		}
		r.typeOnPad(a.value, stats)
		if got := r.sess.State().Answers[a.field]; got != a.value {
			r.t.Fatalf("%s holds %q after typing %q", a.field, got, a.value)
		}
		if a.done {
			r.tapIn(pad, kiosk.Msg(l, "keyboard.done"))
		}
		return
	}
	// Toggles keep their choices in the field's order, whatever the
	// order they were tapped in.
	got, want := strings.Split(r.sess.State().Answers[a.field], ","), strings.Split(a.value, ",")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		r.t.Fatalf("%s holds %q after choosing %q", a.field, r.sess.State().Answers[a.field], a.value)
	}
}

// enterCountry picks the country with the code as a citizen does: taps
// the field, types the first three letters of the country's name in the
// session's language on the on-screen keyboard, and taps the name.
func (r *rig) enterCountry(field, code string, stats *walkStats) {
	r.t.Helper()
	l := r.sess.State().Lang
	test.Tap(r.field(field))
	name := kiosk.CountryName(l, code)
	r.typeOnPad(string([]rune(name)[:3]), stats)
	r.tap(name)
	if got := r.sess.State().Answers[field]; got != code {
		r.t.Fatalf("%s holds %q after choosing %s", field, got, name)
	}
}

// choiceLabel returns the label of the button that chooses v.
func choiceLabel(l kiosk.Lang, f *kiosk.Field, v string) string {
	if f.Type == kiosk.FieldYesNo && len(f.Choices) == 0 {
		return kiosk.Msg(l, "form."+v)
	}
	for _, c := range f.Choices {
		if c.Value == v {
			return c.Label.In(l)
		}
	}
	return fmt.Sprintf("no choice %s of %s", v, f.ID)
}

// typeOnPad taps the keys of the keyboard or keypad shown that type s. On
// the keypad, digits are tapped in the session's script (and its extra
// key, 000 or the decimal point, where s has one); on the keyboard, shift
// and the layout key are tapped when a character needs them.
func (r *rig) typeOnPad(s string, stats *walkStats) {
	r.t.Helper()
	l := r.sess.State().Lang
	switch pad := r.pad().(type) {
	case *widgets.Keypad:
		for rest := s; rest != ""; {
			if pad.Extra != "" && strings.HasPrefix(rest, pad.Extra) {
				r.tapIn(pad, kiosk.LocalizeDigits(l, pad.Extra))
				rest = rest[len(pad.Extra):]
				continue
			}
			c, n := []rune(rest)[0], len(string([]rune(rest)[0]))
			r.tapIn(pad, kiosk.LocalizeDigits(l, kiosk.NormalizeDigits(string(c))))
			rest = rest[n:]
		}
	case *widgets.Keyboard:
		for _, c := range s {
			r.typeKey(pad, c, stats)
		}
	}
}

// typeKey taps the keyboard's key for c, after shift or the layout key
// when c is not on the keys shown.
func (r *rig) typeKey(kb *widgets.Keyboard, c rune, stats *walkStats) {
	r.t.Helper()
	l := r.sess.State().Lang
	for range 3 {
		label := string(c)
		switch label {
		case widgets.ZWNJ:
			if kb.Layout() == widgets.LayoutPersian {
				r.tapIn(kb, kiosk.Msg(l, "keyboard.zwnj"))
				return
			}
		case " ":
			r.tapIn(kb, kiosk.Msg(l, "keyboard.space"))
			return
		default:
			if onKeys(widgets.KeyLabels(kb.Layout(), kb.Shifted()), label) {
				r.tapIn(kb, label)
				if kb.Layout() == widgets.LayoutPersian && unicode.Is(unicode.Arabic, c) && unicode.IsLetter(c) {
					stats.persianTyped = true
				}
				return
			}
			if onKeys(widgets.KeyLabels(kb.Layout(), !kb.Shifted()), label) {
				r.tapIn(kb, kiosk.Msg(l, "keyboard.shift"))
				continue
			}
		}
		other := "language.en"
		if kb.Layout() == widgets.LayoutEnglish {
			other = "language.fa"
		}
		r.tapIn(kb, kiosk.Msg(l, other))
	}
	r.t.Fatalf("no key types %q", c)
}

func onKeys(rows [][]string, label string) bool {
	for _, row := range rows {
		if slices.Contains(row, label) {
			return true
		}
	}
	return false
}

// pickDate picks a date on the step's date picker, in the calendar it
// shows (Solar Hijri in Persian, Gregorian in English), whichever way the
// date is written: Solar Hijri "1398/04/21" (a year before 1700) or ISO
// "2019-07-12". It moves the year with the picker's arrows (earlier
// years towards the start edge, so the arrows mirror in Persian), taps
// the month and the day, and checks that field holds the ISO date.
func (r *rig) pickDate(field, date string) {
	r.t.Helper()
	d := r.picker()
	l := r.sess.State().Lang
	iso, err := kiosk.ParseDate(date)
	if err != nil {
		r.t.Fatalf("date %q: %v", date, err)
	}
	if d.Calendar() != kiosk.CalendarOf(l) {
		r.t.Fatalf("a %s session picks dates in the %s calendar", l, d.Calendar())
	}
	want, err := d.Calendar().FromISO(iso)
	if err != nil {
		r.t.Fatal(err)
	}
	if !r.moveYear(d, want.Year) {
		r.t.Fatalf("the picker does not reach the year %d", want.Year)
	}
	r.tapIn(d, d.MonthName(want.Month))
	r.tapIn(d, kiosk.LocalizeDigits(l, strconv.Itoa(want.Day)))
	if got := d.Date(); got != want {
		r.t.Fatalf("picked %+v, want %+v (%s)", got, want, date)
	}
	if got := r.sess.State().Answers[field]; got != iso {
		r.t.Fatalf("%s holds %q after picking %s, want %s", field, got, date, iso)
	}
}

// picker returns the one date picker on the step.
func (r *rig) picker() *screens.DatePicker {
	r.t.Helper()
	var pickers []*screens.DatePicker
	walk(r.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if d, ok := o.(*screens.DatePicker); ok {
			pickers = append(pickers, d)
			return false
		}
		return true
	})
	if len(pickers) != 1 {
		r.t.Fatalf("%d date pickers on the step", len(pickers))
	}
	return pickers[0]
}

// moveYear taps the picker's year arrows until it shows year, and reports
// whether it got there: the arrows stop at the years the field accepts.
func (r *rig) moveYear(d *screens.DatePicker, year int) bool {
	r.t.Helper()
	for range 40 {
		diff := year - d.Date().Year
		if diff == 0 {
			return true
		}
		before := d.Date().Year
		label, by := yearStepper(r.sess.State().Lang, before, diff)
		test.Tap(r.buttonIn(d, label))
		switch got := d.Date().Year; {
		case got == before:
			return false // at the first or last year offered
		case got != before+by && (got-before)*by <= 0:
			r.t.Fatalf("the year arrow for %+d moved %d to %d", by, before, got)
		}
	}
	return d.Date().Year == year
}

// yearStepper returns the label of the date picker's year stepper that
// moves from year towards a year diff years away (the year it goes to),
// and by how many years.
func yearStepper(l kiosk.Lang, year, diff int) (label string, by int) {
	by = 1
	switch {
	case diff >= 10:
		by = 10
	case diff <= -10:
		by = -10
	case diff < 0:
		by = -1
	}
	return kiosk.LocalizeDigits(l, strconv.Itoa(year+by)), by
}

// enterPlate taps the plate's first part, then types each part on the
// pad that serves it: digits on the keypad shown, the letter from the
// plate letters shown in its place (no other button on a step reads as a
// single letter), checking that entry moves on to the next part by
// itself.
func (r *rig) enterPlate(id, plate string) {
	r.t.Helper()
	l := r.sess.State().Lang
	test.Tap(r.field(id))
	p := find[*screens.PlateEntry](r)
	parts := strings.Split(plate, "-")
	if len(parts) != 4 {
		r.t.Fatalf("plate %q", plate)
	}
	for i, part := range parts {
		if p.ActivePart() != i {
			r.t.Fatalf("part %d is being entered, want %d", p.ActivePart(), i)
		}
		if i == screens.PlateLetter {
			r.tap(part)
			continue
		}
		for _, c := range part {
			r.tapIn(r.pad(), kiosk.LocalizeDigits(l, string(c)))
		}
	}
	if got := r.sess.State().Answers[id]; got != plate {
		r.t.Fatalf("%s holds %q after entering %q", id, got, plate)
	}
}
