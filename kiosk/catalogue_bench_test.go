package kiosk_test

import (
	"os"
	"sort"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// BenchmarkParseCatalogue measures reading the embedded catalogue of nine
// services: what a kiosk pays at start and on every catalogue reload.
func BenchmarkParseCatalogue(b *testing.B) {
	data, err := os.ReadFile("data/catalogue.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kiosk.ParseCatalogue(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate measures one answer per field type, as typed on a
// Persian keypad: the work done when a citizen presses Next, reported
// with its p50 and p99 over every type.
func BenchmarkValidate(b *testing.B) {
	answers := []struct {
		field kiosk.Field
		raw   string
	}{
		{kiosk.Field{ID: "t", Type: kiosk.FieldText, MaxLength: 80}, "کارشناس فنی\u202e ساختمان"},
		{kiosk.Field{ID: "l", Type: kiosk.FieldLongText, MaxLength: 2000}, "کیف پولم را در مترو گم کردم.\nکارت ملی و کارت بانکی در آن بود."},
		{kiosk.Field{ID: "n", Type: kiosk.FieldNumber, Decimals: 2}, "۳۲۰٫۵"},
		{kiosk.Field{ID: "a", Type: kiosk.FieldAmount}, "۲٬۵۰۰٬۰۰۰"},
		{kiosk.Field{ID: "d", Type: kiosk.FieldDate, MaxDate: "today"}, "۱۴۰۳/۰۵/۱۲"},
		{kiosk.Field{ID: "c", Type: kiosk.FieldChoice, Choices: []kiosk.Choice{{Value: "a"}, {Value: "b"}}}, "b"},
		{kiosk.Field{ID: "m", Type: kiosk.FieldMultiChoice, Choices: []kiosk.Choice{{Value: "a"}, {Value: "b"}}}, "b,a"},
		{kiosk.Field{ID: "y", Type: kiosk.FieldYesNo}, "yes"},
		{kiosk.Field{ID: "nc", Type: kiosk.FieldNationalCode}, "۰۴۹۹۳۷۰۸۹۹"},
		{kiosk.Field{ID: "mo", Type: kiosk.FieldMobile}, "۰۹۱۲ ۱۲۳ ۴۵۶۷"},
		{kiosk.Field{ID: "p", Type: kiosk.FieldPostalCode}, "۱۱۹۳۶-۵۳۴۷۱"},
		{kiosk.Field{ID: "pl", Type: kiosk.FieldPlate}, "۱۲ ب ۳۴۵ ایران ۶۷"},
		{kiosk.Field{ID: "e", Type: kiosk.FieldEmail}, "ali@example.ir"},
		{kiosk.Field{ID: "v", Type: kiosk.FieldText, Format: kiosk.FormatVIN}, "naap03ed7fj123456"},
		{kiosk.Field{ID: "pp", Type: kiosk.FieldPassport}, "c01x ۰۰t47"},
		{kiosk.Field{ID: "na", Type: kiosk.FieldCountry}, "de"},
		{kiosk.Field{ID: "co", Type: kiosk.FieldConsent}, "yes"},
	}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	var samples []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := &answers[i%len(answers)]
		i++
		start := time.Now()
		if _, ferr := a.field.ValidateAt(a.raw, now); ferr != nil {
			b.Fatalf("%s refused: %s", a.field.Type, ferr.Key)
		}
		if len(samples) < 1<<20 {
			samples = append(samples, time.Since(start))
		}
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	if n := len(samples); n > 0 {
		b.ReportMetric(float64(samples[n/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(samples[n*99/100].Nanoseconds()), "p99-ns")
	}
}
