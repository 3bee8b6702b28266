package kiosk

// StopReason is why a citizen who cancelled says they stopped, chosen from
// a short list after the cancel (one tap, or skipped).
type StopReason string

// Stop reasons, in the order the question lists them.
const (
	StopMissingDocument StopReason = "missing-document"
	StopTooLong         StopReason = "too-long"
	StopHardToUse       StopReason = "hard-to-use"
	StopWrongService    StopReason = "wrong-service"
	StopLater           StopReason = "later"
)

// StopReasons lists the reasons a citizen can give, in order.
var StopReasons = []StopReason{StopMissingDocument, StopTooLong, StopHardToUse, StopWrongService, StopLater}

// Valid reports whether r is one of StopReasons.
func (r StopReason) Valid() bool {
	for _, k := range StopReasons {
		if r == k {
			return true
		}
	}
	return false
}

// Segment is the group of citizens a journey belongs to: the dimensions
// reports and fleet metrics break figures down by. Every value is from a
// short fixed list, so a label made of them stays bounded.
type Segment struct {
	Channel Channel
	Lang    Lang
	// Accessibility is one of AccessibilitySegments.
	Accessibility string
	// Assisted is "assisted" or "self".
	Assisted string
}

// The values of Segment.Accessibility, from the strongest need: a journey
// that used audio-only mode is "audio-only" whatever else it used.
const (
	A11yAudioOnly     = "audio-only"
	A11ySpeech        = "speech"
	A11yLargeContrast = "large-text+high-contrast"
	A11yLargeText     = "large-text"
	A11yHighContrast  = "high-contrast"
	// A11yColourSafe: the colour-blind-safe theme, and neither large
	// text nor high contrast.
	A11yColourSafe = "colour-safe"
	A11yNone       = "none"
)

// AccessibilitySegments lists the values of Segment.Accessibility.
var AccessibilitySegments = []string{A11yNone, A11yLargeText, A11yHighContrast, A11yLargeContrast, A11yColourSafe, A11ySpeech, A11yAudioOnly}

// The values of Segment.Assisted.
const (
	SegmentAssisted = "assisted"
	SegmentSelf     = "self"
)

// Segment returns the group of citizens j belongs to.
func (j Journey) Segment() Segment {
	seg := Segment{Channel: j.Channel, Lang: j.Lang, Accessibility: A11yNone, Assisted: SegmentSelf}
	if j.Assisted {
		seg.Assisted = SegmentAssisted
	}
	switch {
	case j.AudioOnly:
		seg.Accessibility = A11yAudioOnly
	case j.Speech:
		seg.Accessibility = A11ySpeech
	case j.LargeText && j.HighContrast:
		seg.Accessibility = A11yLargeContrast
	case j.LargeText:
		seg.Accessibility = A11yLargeText
	case j.HighContrast:
		seg.Accessibility = A11yHighContrast
	case j.Theme == ThemeColourSafe:
		seg.Accessibility = A11yColourSafe
	}
	return seg
}
