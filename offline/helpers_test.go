package offline_test

import (
	"context"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/kiosktest"
	"github.com/pishkhan/pishkhan/offline"
)

// nationalCode is a valid Iranian national code: the personal datum the
// tests look for in the data directory's bytes.
const nationalCode = "0499370899"

// fakeClock is a kiosk.Clock the test moves by hand.
type fakeClock = kiosktest.Clock

func newClock() *fakeClock {
	return kiosktest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
}

// testCatalogue has one service with every kind of mapping: a plain
// attribute, a multiple choice, a field without attribute, a different
// Open311 service code and an ID attribute.
func testCatalogue() *kiosk.Catalogue {
	t := func(s string) kiosk.Text { return kiosk.Text{kiosk.Persian: s, kiosk.English: s} }
	return &kiosk.Catalogue{
		Version: "test-1",
		Services: []kiosk.Service{{
			Code: "permit",
			Name: t("Permit"),
			Steps: []kiosk.Step{{
				ID:    "who",
				Title: t("Who"),
				Fields: []kiosk.Field{
					{ID: "national_code", Type: kiosk.FieldNationalCode, Label: t("National code"), Required: true, Attribute: "national_code"},
					{ID: "mobile", Type: kiosk.FieldMobile, Label: t("Mobile"), Attribute: "mobile"},
					{ID: "extras", Type: kiosk.FieldMultiChoice, Label: t("Extras"), Attribute: "extras",
						Choices: []kiosk.Choice{{Value: "garage", Label: t("Garage")}, {Value: "lift", Label: t("Lift")}}},
					{ID: "note", Type: kiosk.FieldText, Label: t("Note")},
				},
			}},
			Open311: kiosk.Open311Mapping{ServiceCode: "PERMIT-1", IDAttribute: "kiosk_submission_id"},
		}},
	}
}

// testKey is a fixed device key, so tests need no key file unless they
// are about it.
var testKey = []byte("0123456789abcdef0123456789abcdef")

func openOutbox(t testing.TB, dir string, clock kiosk.Clock, opts offline.Options) *offline.Outbox {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = clock
	}
	o, err := offline.Open(dir, opts)
	if err != nil {
		t.Fatalf("open outbox: %v", err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

// submitter makes submissions with real tracking codes.
type submitter struct {
	t      testing.TB
	clock  kiosk.Clock
	issuer *kiosk.Issuer
}

func newSubmitter(t testing.TB, clock kiosk.Clock, lastSerial uint64) *submitter {
	is, err := kiosk.NewIssuer(7, clock, lastSerial)
	if err != nil {
		t.Fatal(err)
	}
	return &submitter{t: t, clock: clock, issuer: is}
}

func (s *submitter) next(answers map[string]string) kiosk.Submission {
	id, err := kiosk.NewSubmissionID()
	if err != nil {
		s.t.Fatal(err)
	}
	if answers == nil {
		answers = map[string]string{"national_code": nationalCode, "mobile": "09123456789", "extras": "garage,lift", "note": "second floor"}
	}
	return kiosk.Submission{
		ID:               id,
		TrackingCode:     s.issuer.Next(),
		ServiceCode:      "permit",
		CatalogueVersion: "test-1",
		KioskID:          "IKA-T1-07",
		Lang:             kiosk.Persian,
		CreatedAt:        s.clock.Now(),
		Answers:          answers,
	}
}

func enqueue(t testing.TB, o *offline.Outbox, subs ...kiosk.Submission) {
	t.Helper()
	for _, s := range subs {
		if err := o.Enqueue(context.Background(), s); err != nil {
			t.Fatalf("enqueue %s: %v", s.TrackingCode, err)
		}
	}
}

func entries(t testing.TB, o *offline.Outbox, opts offline.ListOptions) []offline.Entry {
	t.Helper()
	var out []offline.Entry
	if err := o.List(opts, func(e offline.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatalf("list: %v", err)
	}
	return out
}

func mustGet(t testing.TB, o *offline.Outbox, code kiosk.TrackingCode) offline.Entry {
	t.Helper()
	e, err := o.Get(code)
	if err != nil {
		t.Fatalf("get %s: %v", code, err)
	}
	return e
}

func checkOutbox(t testing.TB, o *offline.Outbox) {
	t.Helper()
	if err := o.Check(); err != nil {
		t.Fatalf("outbox check: %v", err)
	}
}
