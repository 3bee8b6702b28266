package report_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/report"
)

// withNine is a device's journeys where police has only 9 sessions, each
// with figures found nowhere else: 6 submitted in 2:20 rating 2, 3
// cancelled at the complaint step after its subject was refused, rating 1,
// "hard to use". Tax (40) and health (30) are ordinary; library (11) is
// suppressed with police so that no subtraction gives police away.
func withNine() []kiosk.Journey {
	police := journeys("police", 9, func(i int, j *kiosk.Journey) {
		if i < 6 {
			submitted(j, 140000)
			j.Satisfaction = 2
			return
		}
		j.ExitStep = "complaint"
		j.Refusals = []kiosk.Refusal{{Step: "complaint", Field: "complaint_subject", Kind: "error.required"}}
		j.Satisfaction = 1
		j.StopReason = kiosk.StopHardToUse
	})
	tax := journeys("tax", 40, func(i int, j *kiosk.Journey) {
		if i < 30 {
			submitted(j, int64(100+i)*1000)
			j.Satisfaction = 5
		}
		j.Refusals = []kiosk.Refusal{{Step: "taxpayer", Field: "mobile", Kind: "error.mobile"}}
	})
	health := journeys("health", 30, func(i int, j *kiosk.Journey) {
		if i < 20 {
			submitted(j, int64(150+i)*1000)
			j.Satisfaction = 4
		} else {
			j.Outcome = kiosk.OutcomeIdle
		}
	})
	return slices.Concat(tax, health, police, journeys("library", 11, nil))
}

// render writes r in every form and language.
func render(t *testing.T, r report.Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	var b bytes.Buffer
	if err := report.JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	out["json"] = b.String()
	for _, l := range kiosk.Languages {
		b.Reset()
		if err := report.Text(&b, r, l, nil); err != nil {
			t.Fatal(err)
		}
		out["text "+string(l)] = b.String()
		b.Reset()
		if err := report.HTML(&b, r, l, nil); err != nil {
			t.Fatal(err)
		}
		out["html "+string(l)] = b.String()
	}
	return out
}

func TestGroupOfNineNeverShown(t *testing.T) {
	cat := kiosk.DefaultCatalogue()
	police, _ := cat.Service("police")
	complaint, _ := police.Field("complaint_subject")
	var complaintStep string
	for _, s := range police.Steps {
		if s.ID == "complaint" {
			complaintStep = s.Title.In(kiosk.English)
		}
	}
	// What police's figures look like when shown, in each form.
	figures := map[string][]string{
		"json":    {`"complaint"`, `"complaint_subject"`, `140000`, `"service": "police",` + "\n      \"sessions\""},
		"text en": {"2:20", complaintStep, complaint.Label.In(kiosk.English)},
		"text fa": {"۲:۲۰", complaint.Label.In(kiosk.Persian)},
		"html en": {"2:20", complaintStep, complaint.Label.In(kiosk.English), `data-chart="service-police-funnel"`},
		"html fa": {"۲:۲۰", complaint.Label.In(kiosk.Persian), `data-chart="service-police-funnel"`},
	}
	// The threshold at 1, police is shown: the figures looked for can
	// be found, so their absence below means something.
	shown := render(t, report.Compute(withNine(), time.Time{}, 1))
	for form, fs := range figures {
		for _, f := range fs {
			if !strings.Contains(shown[form], f) {
				t.Fatalf("%s: police's %q not found even unsuppressed; the test would prove nothing", form, f)
			}
		}
	}

	r := report.Compute(withNine(), time.Time{}, 0)
	got := render(t, r)
	for form, fs := range figures {
		t.Run(form, func(t *testing.T) {
			for _, f := range fs {
				if strings.Contains(got[form], f) {
					t.Errorf("police's figure %q shown", f)
				}
			}
			if strings.Contains(form, "en") && !strings.Contains(got[form], "fewer than 10") {
				t.Error(`no "fewer than 10" where police's figures were`)
			}
			if strings.Contains(form, "fa") && !strings.Contains(got[form], "کمتر از ۱۰") {
				t.Error(`no "کمتر از ۱۰" where police's figures were`)
			}
		})
	}

	t.Run("json entries of the nine", func(t *testing.T) {
		var doc struct {
			Services []map[string]any `json:"services"`
		}
		if err := json.Unmarshal([]byte(got["json"]), &doc); err != nil {
			t.Fatal(err)
		}
		for _, s := range doc.Services {
			if s["service"] == "police" || s["service"] == "library" {
				if len(s) != 2 || s["suppressed"] != true {
					t.Errorf("%v: want only the service and suppressed", s)
				}
			}
		}
	})
	t.Run("text section of the nine", func(t *testing.T) {
		name := police.Name.In(kiosk.English)
		_, after, ok := strings.Cut(got["text en"], "== "+name+" ==\n")
		section, _, _ := strings.Cut(after, "\n==")
		if !ok || strings.TrimSpace(section) != "fewer than 10 sessions: no figure shown" {
			t.Errorf("police's section: %q", section)
		}
	})
}

func TestHTMLPage(t *testing.T) {
	r := report.Compute(withNine(), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 0)
	pages := render(t, r)
	tests := []struct {
		name, page string
		want       []string
	}{
		{"english left to right", "html en", []string{`<html lang="en" dir="ltr">`, `direction="ltr"`, "Sessions since 1 November 2026",
			"Completion by group", "75% (30 of 40)"}},
		{"persian right to left, persian digits", "html fa", []string{`<html lang="fa" dir="rtl">`, `direction="rtl"`,
			"۷۵٪ (۳۰ از ۴۰)", "تکمیل به تفکیک گروه", "کمتر از ۱۰ جلسه: رقمی نشان داده نمی‌شود"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := pages[tc.page]
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, chart := range []string{"overall-completion", "overall-satisfaction", "service-tax-funnel",
				"service-tax-completion", "service-tax-satisfaction", "service-health-funnel"} {
				if !strings.Contains(page, `data-chart="`+chart+`"`) {
					t.Errorf("no chart %s", chart)
				}
			}
			// Self-contained: nothing to fetch, nothing to run.
			for _, bad := range []string{"<script", "src=", "href=", "http:", "https:", "@import"} {
				if strings.Contains(page, bad) {
					t.Errorf("page holds %q", bad)
				}
			}
			if urls := regexp.MustCompile(`url\([^)]*\)`).FindAllString(page, -1); slices.ContainsFunc(urls, func(u string) bool { return u != "url(#hatch)" }) {
				t.Errorf("page refers to %v", urls)
			}
		})
	}
	t.Run("persian text shows no ascii digits", func(t *testing.T) {
		text := regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]*>`).ReplaceAllString(pages["html fa"], "\n")
		if m := regexp.MustCompile(`[^\n]*[0-9][^\n]*`).FindAllString(text, 5); len(m) > 0 {
			t.Errorf("ascii digits in the Persian page's text: %q", m)
		}
	})
}

func TestTextReport(t *testing.T) {
	r := report.Compute(withNine(), time.Time{}, 0)
	out := render(t, r)
	tests := []struct {
		name, form string
		want       []string
	}{
		{"english", "text en", []string{"== All services ==", "== Paying a tax ==", "Sessions started", "75% (30 of 40)",
			"Median time to complete", "Mobile number, not valid: 40", "5.0 of 5 (30 answers)", "(answers 1 to 5: 0, 0, 0, 0, 30)",
			"Channel: Touch kiosk", "Introduction: 10 (of 10 not completed)"}},
		{"persian", "text fa", []string{"== همه‌ی خدمات ==", "۷۵٪ (۳۰ از ۴۰)", "۵٫۰ از ۵ (۳۰ پاسخ)", "کانال: کیوسک لمسی"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !strings.Contains(out[tc.form], w) {
					t.Errorf("report lacks %q:\n%s", w, out[tc.form])
				}
			}
		})
	}
}
