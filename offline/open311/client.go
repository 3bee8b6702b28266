package open311

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// Defaults of a Client.
const (
	// DefaultMaxBody bounds every answer read.
	DefaultMaxBody int64 = 1 << 20
	// DefaultTimeout bounds every call whose context has no earlier
	// deadline, from dialling to the last byte of the answer.
	DefaultTimeout = 30 * time.Second
	// MaxDescription is the spec's limit on a request's description.
	MaxDescription = 4000
)

// Client talks to one Open311 GeoReport v2 endpoint. Its zero value is not
// usable: build it with New, which checks the URL. A Client is safe for
// concurrent use.
type Client struct {
	// BaseURL is the endpoint, e.g. "https://crm.example.ir/open311/v2";
	// "services.json" and the like are resolved under it.
	BaseURL string
	// APIKey is sent with POST requests only, and never appears in an
	// error.
	APIKey string
	// JurisdictionID is sent with every call when set.
	JurisdictionID string
	// AllowInsecure permits plain HTTP to a host other than loopback.
	AllowInsecure bool
	// HTTP is the HTTP client; nil means a shared one with pooled
	// connections. Redirects are never followed whatever it says: a
	// redirected POST would turn into a GET of the request list.
	HTTP *http.Client
	// MaxBody bounds every answer; 0 means DefaultMaxBody.
	MaxBody int64
	// Timeout bounds every call; 0 means DefaultTimeout.
	Timeout time.Duration
	// Now reads the clock for Retry-After dates; nil means time.Now.
	Now func() time.Time
	// UserAgent is sent with every call; "" means "pishkhan-kiosk".
	UserAgent string
}

// Option adjusts a Client built by New.
type Option func(*Client)

// WithHTTPClient makes the Client use hc (its CheckRedirect is replaced).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.HTTP = hc } }

// WithMaxBody bounds the size of every answer.
func WithMaxBody(n int64) Option { return func(c *Client) { c.MaxBody = n } }

// WithTimeout bounds every call.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.Timeout = d } }

// WithClock sets the clock used to read Retry-After dates.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.Now = now } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.UserAgent = ua } }

// New returns a Client for the provisioned back office. It refuses an
// empty URL and plain HTTP to a host other than loopback unless
// cfg.AllowInsecure is set.
func New(cfg config.BackOffice, opts ...Option) (*Client, error) {
	c := &Client{
		BaseURL:        strings.TrimSpace(cfg.URL),
		APIKey:         cfg.APIKey,
		JurisdictionID: cfg.JurisdictionID,
		AllowInsecure:  cfg.AllowInsecure,
	}
	for _, o := range opts {
		o(c)
	}
	if err := c.checkURL(); err != nil {
		return nil, fmt.Errorf("new open311 client: %w", err)
	}
	return c, nil
}

func (c *Client) checkURL() error {
	red := redactor{c.APIKey}
	if c.BaseURL == "" {
		return fmt.Errorf("%w: back_office.url is empty", ErrInsecureURL)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: %s is not an absolute URL", ErrInsecureURL, red.secret(stripURL(c.BaseURL)))
	}
	if err := config.CheckBackOfficeURL(c.BaseURL, c.AllowInsecure); err != nil {
		return fmt.Errorf("%w: %s", ErrInsecureURL, red.secret(strings.ReplaceAll(err.Error(), c.BaseURL, stripURL(c.BaseURL))))
	}
	return nil
}

// sharedTransport pools connections for every Client without its own
// HTTP client. A kiosk drains its backlog with a few concurrent POSTs, so
// it keeps more idle connections per host than net/http's default two.
var sharedTransport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	t.TLSHandshakeTimeout = 15 * time.Second
	return t
}()

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (c *Client) httpClient() *http.Client {
	hc := http.Client{Transport: sharedTransport}
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	hc.CheckRedirect = noRedirect
	return &hc
}

// Request is one submission to send with PostRequest.
type Request struct {
	ServiceCode string
	// Location: lat and long together, or an address.
	Lat, Long     *float64
	AddressString string
	AddressID     string
	DeviceID      string
	AccountID     string
	// Description is at most MaxDescription characters.
	Description string
	FirstName   string
	LastName    string
	Phone       string
	Email       string
	MediaURL    string
	// Attributes are sent as attribute[CODE]=v, or attribute[CODE][]=v
	// for each value when there are several or the code is in
	// MultiValued (a multivaluelist, even with one value chosen).
	Attributes  map[string][]string
	MultiValued map[string]bool
	// IdempotencyKey is sent as the Idempotency-Key header so the back
	// office can drop a repeat; use the submission's ID.
	IdempotencyKey string
}

func (r *Request) form(apiKey, jurisdiction string) (url.Values, error) {
	if strings.TrimSpace(r.ServiceCode) == "" {
		return nil, fmt.Errorf("%w: no service code", ErrInvalidRequest)
	}
	if (r.Lat == nil) != (r.Long == nil) {
		return nil, fmt.Errorf("%w: lat and long go together", ErrInvalidRequest)
	}
	if utf8.RuneCountInString(r.Description) > MaxDescription {
		return nil, fmt.Errorf("%w: description longer than %d characters", ErrInvalidRequest, MaxDescription)
	}
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("api_key", apiKey)
	set("jurisdiction_id", jurisdiction)
	set("service_code", r.ServiceCode)
	if r.Lat != nil {
		v.Set("lat", strconv.FormatFloat(*r.Lat, 'f', -1, 64))
		v.Set("long", strconv.FormatFloat(*r.Long, 'f', -1, 64))
	}
	set("address_string", r.AddressString)
	set("address_id", r.AddressID)
	set("device_id", r.DeviceID)
	set("account_id", r.AccountID)
	set("description", r.Description)
	set("first_name", r.FirstName)
	set("last_name", r.LastName)
	set("phone", r.Phone)
	set("email", r.Email)
	set("media_url", r.MediaURL)
	codes := make([]string, 0, len(r.Attributes))
	for code := range r.Attributes {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		vals := r.Attributes[code]
		if code == "" || strings.ContainsAny(code, "[]") || strings.HasPrefix(code, kiosk.StandardParamPrefix) {
			return nil, fmt.Errorf("%w: attribute code %q cannot be sent", ErrInvalidRequest, code)
		}
		if len(vals) == 0 {
			continue
		}
		if len(vals) > 1 || r.MultiValued[code] {
			v["attribute["+code+"][]"] = append([]string(nil), vals...)
		} else {
			v.Set("attribute["+code+"]", vals[0])
		}
	}
	return v, nil
}

// PostRequest sends one service request (POST requests.json, form-encoded
// UTF-8, with api_key and jurisdiction_id). On success the result holds a
// service_request_id, a token, or neither for a blackbox service (which
// answers [] or [{}]). Every answer that is not a clear acknowledgement,
// an empty body included, is an *Error: see IsRetryable and IsAuth.
func (c *Client) PostRequest(ctx context.Context, r Request) (PostResult, error) {
	const op = "post request"
	form, err := r.form(c.APIKey, c.JurisdictionID)
	if err != nil {
		return PostResult{}, &Error{Op: op, Cause: err}
	}
	body, status, err := c.do(ctx, op, http.MethodPost, "requests.json", nil, form.Encode(), r.IdempotencyKey)
	if err != nil {
		return PostResult{}, err
	}
	// An empty or blank 2xx is not an acknowledgement: a proxy or a
	// half-up server can answer "200, nothing" for a request that never
	// reached the CRM. parseDocument reports it malformed (retryable);
	// the Idempotency-Key makes sending it again safe. A blackbox
	// server acknowledges with [] or [{}].
	doc, err := parseDocument(body)
	if err != nil {
		return PostResult{}, &Error{Op: op, StatusCode: status, Cause: err}
	}
	res, ok, err := decodePostResult(doc)
	if err != nil {
		return PostResult{}, &Error{Op: op, StatusCode: status, Cause: err}
	}
	if !ok {
		if errs := decodeErrors(doc); len(errs) > 0 {
			// Some servers answer 200 with an error array.
			return PostResult{}, &Error{Op: op, StatusCode: status, Errors: c.cleanErrors(errs)}
		}
		if !isEmptyDoc(doc) {
			return PostResult{}, &Error{Op: op, StatusCode: status,
				Cause: fmt.Errorf("%w: no service_request_id or token", ErrMalformed)}
		}
		// [] or [{}]: acknowledged, blackbox.
	}
	res.ServiceNotice = redactor{c.APIKey}.secret(res.ServiceNotice)
	return res, nil
}

// isEmptyDoc reports [], {}, [{}] and the like: an acknowledgement with
// nothing in it.
func isEmptyDoc(doc []byte) bool {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t', '[', ']', '{', '}', ',':
			return -1
		}
		return r
	}, string(doc))
	return s == ""
}

// RequestIDForToken turns a token into a service_request_id (GET
// tokens/{token}.json). It returns "" and no error while the server has not
// assigned one yet.
func (c *Client) RequestIDForToken(ctx context.Context, token string) (string, error) {
	const op = "get token"
	if strings.TrimSpace(token) == "" {
		return "", &Error{Op: op, Cause: fmt.Errorf("%w: empty token", ErrInvalidRequest)}
	}
	doc, status, err := c.getJSON(ctx, op, "tokens/"+url.PathEscape(token)+".json", nil)
	if err != nil {
		return "", err
	}
	res, _, err := decodePostResult(doc)
	if err != nil {
		return "", &Error{Op: op, StatusCode: status, Cause: err}
	}
	return res.ServiceRequestID, nil
}

// Request reads one service request's status (GET requests/{id}.json).
// An empty answer is reported as a 404 *Error.
func (c *Client) Request(ctx context.Context, id string) (ServiceRequest, error) {
	const op = "get request"
	if strings.TrimSpace(id) == "" {
		return ServiceRequest{}, &Error{Op: op, Cause: fmt.Errorf("%w: empty service_request_id", ErrInvalidRequest)}
	}
	doc, status, err := c.getJSON(ctx, op, "requests/"+url.PathEscape(id)+".json", nil)
	if err != nil {
		return ServiceRequest{}, err
	}
	reqs, err := decodeRequests(doc)
	if err != nil {
		return ServiceRequest{}, &Error{Op: op, StatusCode: status, Cause: err}
	}
	for _, r := range reqs {
		if r.ID == id || len(reqs) == 1 {
			return r, nil
		}
	}
	return ServiceRequest{}, &Error{Op: op, StatusCode: http.StatusNotFound,
		Errors: []APIError{{Code: "404", Description: "no such service request in the answer"}}}
}

// Requests reads the status of several requests at once (GET
// requests.json?service_request_id=a,b,c). Requests the server does not
// know are simply absent from the result.
func (c *Client) Requests(ctx context.Context, ids []string) ([]ServiceRequest, error) {
	const op = "get requests"
	if len(ids) == 0 {
		return nil, nil
	}
	for _, id := range ids {
		if id == "" || strings.Contains(id, ",") {
			return nil, &Error{Op: op, Cause: fmt.Errorf("%w: service_request_id %q", ErrInvalidRequest, id)}
		}
	}
	return c.listRequests(ctx, op, url.Values{"service_request_id": {strings.Join(ids, ",")}})
}

// listRequests is GET requests.json with the query q.
func (c *Client) listRequests(ctx context.Context, op string, q url.Values) ([]ServiceRequest, error) {
	doc, status, err := c.getJSON(ctx, op, "requests.json", q)
	if err != nil {
		return nil, err
	}
	reqs, err := decodeRequests(doc)
	if err != nil {
		return nil, &Error{Op: op, StatusCode: status, Cause: err}
	}
	return reqs, nil
}

// Services lists the back office's services (GET services.json).
func (c *Client) Services(ctx context.Context) ([]Service, error) {
	const op = "get services"
	doc, status, err := c.getJSON(ctx, op, "services.json", nil)
	if err != nil {
		return nil, err
	}
	svcs, err := decodeServices(doc)
	if err != nil {
		return nil, &Error{Op: op, StatusCode: status, Cause: err}
	}
	return svcs, nil
}

// ServiceDefinition reads one service's attributes (GET
// services/{code}.json), sorted by their order.
func (c *Client) ServiceDefinition(ctx context.Context, code string) (ServiceDefinition, error) {
	const op = "get service definition"
	if strings.TrimSpace(code) == "" {
		return ServiceDefinition{}, &Error{Op: op, Cause: fmt.Errorf("%w: empty service code", ErrInvalidRequest)}
	}
	doc, status, err := c.getJSON(ctx, op, "services/"+url.PathEscape(code)+".json", nil)
	if err != nil {
		return ServiceDefinition{}, err
	}
	def, err := decodeDefinition(doc)
	if err != nil {
		return ServiceDefinition{}, &Error{Op: op, StatusCode: status, Cause: err}
	}
	if def.ServiceCode == "" {
		def.ServiceCode = code
	}
	return def, nil
}

func (c *Client) getJSON(ctx context.Context, op, path string, q url.Values) ([]byte, int, error) {
	body, status, err := c.do(ctx, op, http.MethodGet, path, q, "", "")
	if err != nil {
		return nil, status, err
	}
	doc, err := parseDocument(body)
	if err != nil {
		return nil, status, &Error{Op: op, StatusCode: status, Cause: err}
	}
	return doc, status, nil
}

// do sends one call and returns the body of a 2xx answer; anything else
// becomes an *Error.
func (c *Client) do(ctx context.Context, op, method, path string, q url.Values, form, idemKey string) ([]byte, int, error) {
	red := redactor{c.APIKey}
	if err := c.checkURL(); err != nil {
		return nil, 0, &Error{Op: op, Cause: err}
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	endpoint := strings.TrimRight(c.BaseURL, "/") + "/" + path
	if c.JurisdictionID != "" && method == http.MethodGet {
		if q == nil {
			q = url.Values{}
		}
		q.Set("jurisdiction_id", c.JurisdictionID)
	}
	if len(q) > 0 {
		sep := "?"
		if strings.Contains(endpoint, "?") {
			sep = "&"
		}
		endpoint += sep + q.Encode()
	}
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(form)
	}
	req, err := http.NewRequestWithContext(ctx, method, endpoint, body)
	if err != nil {
		// The base URL passed checkURL, so this is configuration, not the
		// request's fault: never ErrInvalidRequest.
		return nil, 0, &Error{Op: op, Cause: red.cause(err)}
	}
	req.Header.Set("Accept", "application/json")
	ua := c.UserAgent
	if ua == "" {
		ua = "pishkhan-kiosk"
	}
	req.Header.Set("User-Agent", ua)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}

	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, 0, &Error{Op: op, Cause: red.cause(err)}
	}
	defer resp.Body.Close()
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), now())

	data, readErr := c.readBody(resp)
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if readErr != nil {
		// A truncated, reset or oversize answer is retryable, except where
		// the status alone says everything (a cut-off 403 is still a 403).
		e := &Error{Op: op, StatusCode: resp.StatusCode, RetryAfter: retryAfter, Cause: red.cause(readErr)}
		switch resp.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
			e.Cause = nil
		}
		return nil, resp.StatusCode, e
	}
	if !ok {
		e := &Error{Op: op, StatusCode: resp.StatusCode, RetryAfter: retryAfter}
		mediaType := mediaTypeOf(resp.Header.Get("Content-Type"))
		if errs := errorDocument(mediaType, data); len(errs) > 0 {
			e.Errors = c.cleanErrors(errs)
		} else {
			e.Answer = describeAnswer(mediaType, data, red)
		}
		return nil, resp.StatusCode, e
	}
	return data, resp.StatusCode, nil
}

// readBody reads at most MaxBody bytes; a longer answer is refused
// whole, a short one (reset, early close) reported as truncated.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes declared, limit %d", ErrBodyTooLarge, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: truncated answer: %v", ErrMalformed, err)
		}
		return nil, fmt.Errorf("read answer: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrBodyTooLarge, limit)
	}
	return data, nil
}

// mediaTypeOf is the media type of a Content-Type header, lower case and
// without parameters; "" when there is none or it cannot be read.
func mediaTypeOf(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return mt
}

func isJSONType(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

func isXMLType(mt string) bool {
	return mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml")
}

// errorDocument reads the errors of a failed call's answer. Only a
// GeoReport error document served as JSON or XML (or untyped) counts: a
// proxy's or firewall's page says nothing about the request, even when
// its text happens to parse.
func errorDocument(mediaType string, body []byte) []APIError {
	body = bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	switch {
	case isJSONType(mediaType), mediaType == "" && len(body) > 0 && body[0] != '<':
		if doc, err := parseDocument(body); err == nil {
			return decodeErrors(doc)
		}
	case isXMLType(mediaType), mediaType == "" && len(body) > 0:
		return decodeXMLErrors(body)
	}
	return nil
}

// maxAnswerRunes bounds the excerpt of a non-GeoReport answer kept in an
// Error.
const maxAnswerRunes = 200

// htmlTag matches an HTML tag, dropped from an excerpt of a page.
var htmlTag = regexp.MustCompile(`<[^>]*>`)

// describeAnswer says what answered a failed call instead of a GeoReport
// error document, with the start of its text: "a text/plain page, not a
// GeoReport error: Request blocked".
func describeAnswer(mediaType string, body []byte, red redactor) string {
	text := strings.TrimSpace(string(body))
	if text == "" {
		return "an empty answer, not a GeoReport error"
	}
	var kind string
	switch {
	case isJSONType(mediaType):
		kind = "a JSON document"
	case isXMLType(mediaType):
		kind = "an XML document"
	case mediaType == "":
		kind = "an answer without a Content-Type"
	default:
		kind = "a " + truncate(mediaType, 60) + " page"
	}
	if mediaType == "text/html" || mediaType == "application/xhtml+xml" {
		text = htmlTag.ReplaceAllString(text, " ")
	}
	text = strings.Join(strings.Fields(red.secret(text)), " ")
	return red.text(kind + ", not a GeoReport error: " + truncate(text, maxAnswerRunes))
}

func (c *Client) cleanErrors(errs []APIError) []APIError {
	red := redactor{c.APIKey}
	out := make([]APIError, 0, len(errs))
	for i, e := range errs {
		if i == 20 {
			break
		}
		out = append(out, APIError{Code: red.text(truncate(e.Code, 40)), Description: red.text(e.Description)})
	}
	return out
}
