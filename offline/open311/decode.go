package open311

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrMalformed is wrapped by errors for answers that cannot be read as the
// Open311 document they should be: not JSON, truncated, or of the wrong
// shape. Such an answer says nothing about the request, so it is retryable.
var ErrMalformed = errors.New("malformed answer")

// Real servers write the same field as a string, a number or a bool. The
// flex types below accept any JSON scalar and keep its text; objects and
// arrays are refused, so that an ID hidden in an object is never mistaken
// for "no ID".

// flexString is a JSON scalar read as text. Numbers keep their literal
// digits (a 64-bit ID is not rounded through float64); null is "".
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(strings.TrimSpace(s))
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("%w: scalar expected, got %s", ErrMalformed, kindOf(b))
	default: // number, true, false
		*f = flexString(b)
	}
	return nil
}

// flexBool reads true/false, "true"/"false", 1/0, "1"/"0", "yes"/"no".
// Null and "" are false.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	switch strings.ToLower(string(s)) {
	case "true", "1", "yes", "y", "t":
		*f = true
	case "false", "0", "no", "n", "f", "":
		*f = false
	default:
		return fmt.Errorf("%w: %q is not a boolean", ErrMalformed, truncate(string(s), 20))
	}
	return nil
}

// optBool is a flexBool that remembers whether it was given.
type optBool struct {
	set bool
	val bool
}

func (o *optBool) UnmarshalJSON(b []byte) error {
	var v flexBool
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	o.set, o.val = !bytes.Equal(bytes.TrimSpace(b), []byte("null")), bool(v)
	return nil
}

// flexInt reads an integer written as a number or a string; fractions are
// dropped. Values outside ±1e9 are refused (an order or a count).
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if s == "" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsNaN(v) || math.Abs(v) > 1e9 {
		return fmt.Errorf("%w: %q is not a small integer", ErrMalformed, truncate(string(s), 20))
	}
	*f = flexInt(v)
	return nil
}

// flexFloat reads a coordinate written as a number or a string; null and
// "" leave it unset.
type flexFloat struct{ v *float64 }

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	f.v = nil
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%w: %q is not a number", ErrMalformed, truncate(string(s), 20))
	}
	f.v = &v
	return nil
}

// flexTime reads a GeoReport datetime with ParseTime. One it cannot read
// is the zero time rather than failing the whole answer: a status is worth
// more than its timestamp.
type flexTime time.Time

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

func (f *flexTime) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*f = flexTime(ParseTime(string(s)))
	return nil
}

// ParseTime reads a GeoReport datetime. The spec asks for W3C/ISO 8601
// with a zone; servers also send fractions, "+0330" offsets, a space for
// the T, no zone at all (taken as UTC) or Unix seconds. Anything else is
// the zero time.
func ParseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n < 1e11 {
		return time.Unix(n, 0).UTC()
	}
	return time.Time{}
}

// flexList reads keywords: the spec's comma-separated string, or an array
// of scalars as some servers send.
type flexList []string

func (f *flexList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var items []flexString
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			if it != "" {
				out = append(out, string(it))
			}
		}
		*f = out
		return nil
	}
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	var out []string
	for _, part := range strings.Split(string(s), ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	*f = out
	return nil
}

func kindOf(b []byte) string {
	if len(b) > 0 && b[0] == '{' {
		return "an object"
	}
	return "an array"
}

// parseDocument checks that body is JSON, repairing the one defect the
// spec's own examples have: numbers with leading zeros ("service_code":001,
// which no JSON parser accepts) are turned into strings, keeping the zeros.
func parseDocument(body []byte) ([]byte, error) {
	body = bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(body) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	if json.Valid(body) {
		return body, nil
	}
	if fixed, changed := quoteLeadingZeroNumbers(body); changed && json.Valid(fixed) {
		return fixed, nil
	}
	return nil, fmt.Errorf("%w: not JSON", ErrMalformed)
}

// quoteLeadingZeroNumbers wraps number tokens like 001 or -07 in quotes.
func quoteLeadingZeroNumbers(b []byte) ([]byte, bool) {
	out := make([]byte, 0, len(b)+16)
	changed := false
	inString, escaped := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out = append(out, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			out = append(out, c)
			continue
		}
		if c == '-' || (c >= '0' && c <= '9') {
			j := i
			for j < len(b) && strings.IndexByte("+-0123456789.eE", b[j]) >= 0 {
				j++
			}
			tok := b[i:j]
			digits := bytes.TrimPrefix(tok, []byte("-"))
			if len(digits) > 1 && digits[0] == '0' && isAllDigits(digits) {
				out = append(out, '"')
				out = append(out, tok...)
				out = append(out, '"')
				changed = true
			} else {
				out = append(out, tok...)
			}
			i = j - 1
			continue
		}
		out = append(out, c)
	}
	return out, changed
}

func isAllDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// wrapperKeys are the names servers wrap their arrays in, tried first and
// in this order; other keys are tried after them, sorted.
var wrapperKeys = []string{
	"service_requests", "requests", "request", "services", "service",
	"service_definition", "errors", "error", "data", "results", "items",
}

// maxWrapDepth bounds how deep records looks for a wrapped array.
const maxWrapDepth = 3

// records finds the list of objects a document holds: a JSON array (the
// spec), an object wrapping one under any key ({"service_requests":
// [...]}, {"service_requests": {"request": [...]}}), or a single object
// for which isRecord is true (Mark-a-Spot's 201 answer). Elements that
// are not objects are skipped. Keys are matched case-insensitively.
func records(doc []byte, isRecord func(map[string]json.RawMessage) bool) ([]map[string]json.RawMessage, error) {
	return recordsAt(bytes.TrimSpace(doc), isRecord, 0)
}

func recordsAt(doc []byte, isRecord func(map[string]json.RawMessage) bool, depth int) ([]map[string]json.RawMessage, error) {
	if len(doc) == 0 {
		return nil, nil
	}
	switch doc[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(doc, &items); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		var out []map[string]json.RawMessage
		for _, it := range items {
			it = bytes.TrimSpace(it)
			if len(it) == 0 || it[0] != '{' {
				continue
			}
			m, err := objectOf(it)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		return out, nil
	case '{':
		m, err := objectOf(doc)
		if err != nil {
			return nil, err
		}
		if isRecord(m) {
			return []map[string]json.RawMessage{m}, nil
		}
		if depth >= maxWrapDepth {
			return nil, nil
		}
		for _, k := range orderedKeys(m) {
			v := bytes.TrimSpace(m[k])
			if len(v) == 0 || (v[0] != '[' && v[0] != '{') {
				continue
			}
			got, err := recordsAt(v, isRecord, depth+1)
			if err != nil {
				return nil, err
			}
			if len(got) > 0 {
				return got, nil
			}
		}
		return nil, nil
	}
	return nil, fmt.Errorf("%w: expected an array or object", ErrMalformed)
}

// objectOf decodes one JSON object with lower-cased keys.
func objectOf(b []byte) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	m := make(map[string]json.RawMessage, len(raw))
	for k, v := range raw {
		m[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return m, nil
}

func orderedKeys(m map[string]json.RawMessage) []string {
	var keys []string
	seen := map[string]bool{}
	for _, k := range wrapperKeys {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

func hasAny(m map[string]json.RawMessage, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// decodeRecord decodes one record (lower-cased keys) into v.
func decodeRecord(m map[string]json.RawMessage, v any) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		if errors.Is(err, ErrMalformed) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return nil
}

// cleanText makes server-supplied text safe to show and store: valid
// UTF-8, no bidi embedding/override/isolate controls (they could reorder
// what a citizen or an operator sees), no control characters but newline
// and tab, trimmed, at most max runes.
func cleanText(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069'):
			return -1
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return truncate(strings.TrimSpace(s), max)
}

// truncate cuts s to at most max runes, marking the cut with an ellipsis.
func truncate(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
