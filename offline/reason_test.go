package offline_test

import (
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/offline"
)

func TestScrubReason(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"a plain reason is kept", "open311 post request: HTTP 503: [503] maintenance (retry after 2m0s)",
			"open311 post request: HTTP 503: [503] maintenance (retry after 2m0s)"},
		{"short numbers are kept", "attribute[floor] 1234567 is over 40; code 404", "attribute[floor] 1234567 is over 40; code 404"},
		{"an ASCII national code", "attribute[national_code] 0499370899 is not acceptable",
			"attribute[national_code] [number] is not acceptable"},
		{"a Persian mobile number", "شماره ۰۹۱۲۳۴۵۶۷۸۹ نامعتبر است", "شماره [number] نامعتبر است"},
		{"Arabic-Indic digits", "national code ٠٤٩٩٣٧٠٨٩٩ refused", "national code [number] refused"},
		{"mixed scripts", "code 0499۳۷۰۸۹۹ refused", "code [number] refused"},
		{"exactly eight digits", "postal 12345678.", "postal [number]."},
		{"grouped by spaces", "mobile 0912 345 6789 is taken", "mobile [number] is taken"},
		{"grouped by hyphens", "national code 049-937089-9 and birth 1370-05-12", "national code [number] and birth [number]"},
		{"split by a zero-width non-joiner", "code 0499\u200c370899", "code [number]"},
		{"an e-mail address", "email ali.rezaei+kiosk@example.co.ir is already registered",
			"email [email] is already registered"},
		{"an e-mail in quotes and brackets", `duplicate ("ali@x.ir")`, `duplicate ("[email]")`},
		{"a Persian e-mail local part", "نشانی علی@example.ir", "نشانی [email]"},
		{"an at sign alone is kept", "@ is not allowed in field names", "@ is not allowed in field names"},
		{"control and bidi characters", "bad\u202e\x00answer", "bad  answer"},
		{"long text is capped", strings.Repeat("x", 400), strings.Repeat("x", 300) + "…"},
		{"the cap never cuts a number in half", strings.Repeat("x", 295) + "0499370899", strings.Repeat("x", 295) + "[numb…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := offline.ScrubReason(tt.in)
			if got != tt.want {
				t.Errorf("ScrubReason(%q)\n = %q\nwant %q", tt.in, got, tt.want)
			}
			if again := offline.ScrubReason(got); again != got {
				t.Errorf("scrubbing twice changes %q into %q", got, again)
			}
		})
	}
}
