package open311

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrBodyTooLarge is wrapped by errors for answers longer than the
// client's MaxBody. The request's fate is unknown, so it is retryable.
var ErrBodyTooLarge = errors.New("answer too large")

// ErrInvalidRequest is wrapped by errors for a request the client refuses
// to send (no service code, a description over 4,000 characters, half a
// coordinate). Retrying cannot fix it.
var ErrInvalidRequest = errors.New("invalid request")

// ErrInsecureURL is wrapped by New for a back-office URL that is plain
// HTTP to a host other than loopback without allow_insecure.
var ErrInsecureURL = errors.New("insecure back-office URL")

// APIError is one entry of a GeoReport error answer.
type APIError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Error is what every Client call returns on failure. It never holds the
// api_key, and server-supplied text in it is cleaned (bidi and control
// characters removed, long digit runs such as national codes masked).
type Error struct {
	// Op is what was attempted, e.g. "post request".
	Op string
	// StatusCode is the HTTP status, 0 when no answer was read.
	StatusCode int
	// Errors is the server's GeoReport error document, if it sent one:
	// only this says the request itself was refused.
	Errors []APIError
	// Answer describes a failed call's answer that was no GeoReport error
	// document (a proxy's page, unrelated JSON, nothing), with the start
	// of its text; "" when Errors is set.
	Answer string
	// RetryAfter is the server's Retry-After, 0 when absent.
	RetryAfter time.Duration
	// Cause is the transport or decoding failure, nil for a clean HTTP
	// error.
	Cause error
}

// Error describes the failure without the api_key.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("open311 ")
	b.WriteString(e.Op)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	}
	for i, ae := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, " (and %d more)", len(e.Errors)-i)
			break
		}
		b.WriteString(": ")
		if ae.Code != "" {
			fmt.Fprintf(&b, "[%s] ", ae.Code)
		}
		b.WriteString(ae.Description)
	}
	if e.Answer != "" {
		b.WriteString(": ")
		b.WriteString(e.Answer)
	}
	if e.Cause != nil {
		b.WriteString(": ")
		b.WriteString(e.Cause.Error())
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %v)", e.RetryAfter)
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// downRE matches the descriptions servers give a 400 when their CRM is
// down rather than the request wrong (the spec: "General Service Error
// ... eg CRM is down").
var downRE = regexp.MustCompile(`(?i)\b(down|unavailable|not (running|reachable|available|responding)|unreachable|time[d -]?out|try again|temporar(y|ily)|maintenance|overload(ed)?|busy|connection (refused|reset|failed))\b`)

// IsRetryable reports whether the failure says nothing against the
// submission itself, so sending it again later may succeed: network
// errors, timeouts, resets, 5xx, 408, 425, 429, redirects (a moved
// endpoint is a configuration problem), malformed, truncated or oversize
// answers, and a 400 whose description says the CRM is down. A 400, 404 or
// 422 about the request is not retryable; neither is 401/403 (see IsAuth),
// which is not the submission's fault either but will not heal by itself.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidRequest) || errors.Is(err, ErrInsecureURL) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Cause != nil {
			return true
		}
		switch s := e.StatusCode; {
		case s >= 500, s == 408, s == 425, s == 429:
			return true
		case s >= 300 && s < 400:
			return true
		case s >= 200 && s < 300:
			// An error array on a 2xx: judge it like a 400.
			return describesOutage(e.Errors)
		case s == 400:
			return describesOutage(e.Errors)
		}
		return false
	}
	return isTransportError(err)
}

func describesOutage(errs []APIError) bool {
	for _, ae := range errs {
		if downRE.MatchString(ae.Description) {
			return true
		}
	}
	return false
}

func isTransportError(err error) bool {
	var ne net.Error
	var ue *url.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, ErrMalformed), errors.Is(err, ErrBodyTooLarge),
		errors.As(err, &ne), errors.As(err, &ue):
		return true
	}
	return false
}

// IsAuth reports a 401 or 403: the api_key is missing, wrong or revoked.
// It is not the submission's fault; keep it queued and tell a technician.
func IsAuth(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == 401 || e.StatusCode == 403)
}

// IsNotFound reports a 404: an unknown service code, request ID or token.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == 404
}

// maxRetryAfter caps a server's Retry-After.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := httpTime(v); err == nil {
		d = t.Sub(now)
		if d <= 0 {
			return 0
		}
		// An HTTP-date has whole seconds: round up so the caller does not
		// come back a fraction of a second early.
		d = d.Truncate(time.Second)
		if t.Sub(now) > d {
			d += time.Second
		}
	}
	return min(d, maxRetryAfter)
}

func httpTime(v string) (time.Time, error) {
	for _, l := range []string{time.RFC1123, time.RFC850, time.ANSIC} {
		if t, err := time.Parse(l, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not an HTTP-date")
}

// redactor removes the api_key and personal data from what goes into
// errors.
type redactor struct{ key string }

// longDigits matches runs of 7 or more digits in any of the scripts a
// citizen types (national codes, phone and postal codes).
var longDigits = regexp.MustCompile(`[0-9۰-۹٠-٩]{7,}`)

// text cleans a server-supplied string for an error.
func (r redactor) text(s string) string {
	s = r.secret(s)
	s = longDigits.ReplaceAllString(s, "#######")
	return cleanText(s, maxErrorRunes)
}

// secret replaces the api_key and its URL-encoded form.
func (r redactor) secret(s string) string {
	if len(r.key) < 3 {
		return s
	}
	s = strings.ReplaceAll(s, r.key, "[api_key]")
	if q := url.QueryEscape(r.key); q != r.key {
		s = strings.ReplaceAll(s, q, "[api_key]")
	}
	return s
}

// cause makes a transport error safe to report: the URL in a *url.Error is
// replaced by one without credentials or query, and any remaining text is
// scrubbed of the key.
func (r redactor) cause(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		u := *ue
		u.URL = r.secret(stripURL(ue.URL))
		err = &u
	}
	if msg := err.Error(); r.secret(msg) != msg {
		return &scrubbedError{msg: r.secret(msg), err: err}
	}
	return err
}

// stripURL drops userinfo, query and fragment from a URL.
func stripURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(url)"
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment = nil, "", "", ""
	return u.String()
}

// scrubbedError carries a cleaned message for an error whose own text
// held the key; errors.Is still sees the original for classification.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }

// Is lets errors.Is classify by the original error without exposing it
// to errors.As (whose target could print the key).
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.err, target) }
