package open311

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// A GeoReport v2 back office has no idempotency key: a POST whose answer
// was lost (a crash, a reset, an answer that does not parse) may have
// been stored. Before sending such a request again, the kiosk asks the
// back office for the requests of that service in a window around the
// first attempt (GET requests.json) and looks for its reference in what
// the server echoes back: the description. The reference names the
// submission's tracking code, which the agency's staff can match with the
// citizen's receipt, and its ID, which no other request carries.

// Query selects requests for Search (GET requests.json). Zero fields are
// left out; the server's defaults then apply (the last 90 days).
type Query struct {
	ServiceCode string
	Start, End  time.Time
}

// MaxSearchResults is the spec's cap on a GET requests answer: an answer
// this long may have left requests out.
const MaxSearchResults = 1000

// Search lists requests (GET requests.json with service_code, start_date
// and end_date). Dates go as W3C datetimes with their zone and no
// fractional seconds, as real servers require.
func (c *Client) Search(ctx context.Context, q Query) ([]ServiceRequest, error) {
	const op = "search requests"
	v := url.Values{}
	if q.ServiceCode != "" {
		v.Set("service_code", q.ServiceCode)
	}
	if !q.Start.IsZero() {
		v.Set("start_date", q.Start.In(tehran).Truncate(time.Second).Format(time.RFC3339))
	}
	if !q.End.IsZero() {
		v.Set("end_date", q.End.In(tehran).Truncate(time.Second).Format(time.RFC3339))
	}
	return c.listRequests(ctx, op, v)
}

// Reference is the line that ends every request's description: the
// tracking code and the submission ID.
func Reference(trackingCode, submissionID string) string {
	return fmt.Sprintf("Pishkhan kiosk submission, tracking code %s (ref %s)", trackingCode, submissionID)
}

// WithReference ends description with ref on a line of its own, within
// MaxDescription characters: a citizen's text too long for both is cut
// (with an ellipsis), never the reference.
func WithReference(description, ref string) string {
	description = strings.TrimRight(description, " \n\r\t")
	if description == "" {
		return ref
	}
	const sep = "\n\n"
	room := MaxDescription - utf8.RuneCountInString(ref) - len(sep)
	if utf8.RuneCountInString(description) > room {
		runes := []rune(description)
		description = string(runes[:max(room-1, 0)]) + "…"
	}
	return description + sep + ref
}

// Mentions reports whether a request's echoed description carries the
// reference of submissionID.
func Mentions(sr ServiceRequest, submissionID string) bool {
	return submissionID != "" && strings.Contains(sr.Description, "(ref "+submissionID+")")
}

// NeverArrived reports a failed call that certainly did not reach the
// back office's store: the connection was never made, the client refused
// to send it, or the server answered with a refusal it can only have
// made without storing (a GeoReport error array, a bad api_key). Any
// other failure may hide a stored request.
func NeverArrived(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidRequest) || errors.Is(err, ErrInsecureURL) || IsAuth(err) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var e *Error
	if errors.As(err, &e) && e.Cause == nil && len(e.Errors) > 0 &&
		(e.StatusCode >= 400 && e.StatusCode < 500 || e.StatusCode >= 200 && e.StatusCode < 300) {
		return true
	}
	return false
}
