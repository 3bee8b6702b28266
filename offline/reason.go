package offline

import "regexp"

// maxReasonRunes caps a failure reason kept in plain text (Entry.LastError,
// Entry.DeadReason, Health.LastError): enough for the back office's reason,
// too little to hold a form's worth of echoed answers.
const maxReasonRunes = 300

var (
	// longNumber matches 8 or more digits of any script (ASCII, Persian,
	// Arabic-Indic...), also when grouped by single spaces or hyphens
	// (0912 345 6789, 049-937089-9) or split by invisible characters:
	// national codes, phone, postal and card numbers, dates of birth.
	longNumber = regexp.MustCompile(`\p{Nd}(?:(?:[ \-]|[\p{Cf}\p{Cc}]+)?\p{Nd}){7,}`)
	// emailLike matches local@domain in any script.
	emailLike = regexp.MustCompile(`[\p{L}\p{M}\p{N}._%+\-]+@[\p{L}\p{M}\p{N}\-]+(?:\.[\p{L}\p{M}\p{N}\-]+)*`)
)

// scrubReason makes a failure reason fit for the outbox's plain fields, the
// log and the technician's output: a back office may echo what the citizen
// typed, so long numbers and e-mail addresses are masked (the submission's
// exact answers are removed before, by redact), control and bidi characters
// dropped and the length capped. The rest stays readable.
func scrubReason(s string) string {
	if s == "" {
		return s
	}
	s = emailLike.ReplaceAllString(s, "[email]")
	s = longNumber.ReplaceAllString(s, "[number]")
	return clean(s, maxReasonRunes)
}
