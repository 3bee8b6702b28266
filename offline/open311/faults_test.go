package open311_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/offline/open311"
)

// hijack answers by writing raw bytes on the connection and closing it
// with a TCP reset.
func hijack(raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		buf.WriteString(raw)
		buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // RST instead of FIN
		}
		conn.Close()
	}
}

func respond(status int, ctype, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

var faultNow = time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC)

func TestPostFaults(t *testing.T) {
	const js = "application/json; charset=utf-8"
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		maxBody    int64
		timeout    time.Duration
		retryable  bool
		auth       bool
		notFound   bool
		status     int
		retryAfter time.Duration
		errors     []open311.APIError
		// answer, when set, is in the description of an answer that is no
		// GeoReport error document; Errors must then be empty.
		answer string
		is     error
	}{
		{name: "500", handler: respond(500, "text/html", "<h1>Internal Server Error</h1>"), retryable: true, status: 500},
		{name: "503 with Retry-After seconds", handler: respond(503, js, `[{"code":503,"description":"maintenance"}]`, "Retry-After", "120"),
			retryable: true, status: 503, retryAfter: 120 * time.Second, errors: []open311.APIError{{Code: "503", Description: "maintenance"}}},
		{name: "503 with Retry-After date", handler: respond(503, "", "", "Retry-After", faultNow.Add(90*time.Second).Format(http.TimeFormat)),
			retryable: true, status: 503, retryAfter: 90 * time.Second},
		{name: "429 with absurd Retry-After", handler: respond(429, "", "", "Retry-After", "99999999999"),
			retryable: true, status: 429, retryAfter: 24 * time.Hour},
		{name: "408", handler: respond(408, "", ""), retryable: true, status: 408},
		{name: "400 with error array", handler: respond(400, js, `[{"code":400,"description":"attribute[REASON] is required"},{"code":"400","description":"lat is out of range"}]`),
			status: 400, errors: []open311.APIError{{Code: "400", Description: "attribute[REASON] is required"}, {Code: "400", Description: "lat is out of range"}}},
		{name: "400 CRM down", handler: respond(400, js, `[{"code":400,"description":"General Service Error: CRM is down"}]`),
			retryable: true, status: 400, errors: []open311.APIError{{Code: "400", Description: "General Service Error: CRM is down"}}},
		{name: "400 service unavailable", handler: respond(400, js, `{"code":"x1","description":"Backend temporarily unavailable"}`),
			retryable: true, status: 400, errors: []open311.APIError{{Code: "x1", Description: "Backend temporarily unavailable"}}},
		{name: "403 spec error", handler: respond(403, js, `[{"code":403,"description":"Invalid api_key received -- cannot create the request."}]`),
			auth: true, status: 403, errors: []open311.APIError{{Code: "403", Description: "Invalid api_key received -- cannot create the request."}}},
		{name: "401 without body", handler: respond(401, "", ""), auth: true, status: 401},
		{name: "404 unknown service", handler: respond(404, js, `[{"code":404,"description":"service_code not found"}]`),
			notFound: true, status: 404, errors: []open311.APIError{{Code: "404", Description: "service_code not found"}}},
		{name: "400 XML error document", handler: respond(400, "text/xml; charset=utf-8", `<?xml version="1.0" encoding="utf-8"?>
<errors><error><code>400</code><description>lat is out of range</description></error></errors>`),
			status: 400, errors: []open311.APIError{{Code: "400", Description: "lat is out of range"}}},
		{name: "400 error array wrapped under errors", handler: respond(400, js, `{"errors":[{"code":"E12","description":"phone is not valid"}]}`),
			status: 400, errors: []open311.APIError{{Code: "E12", Description: "phone is not valid"}}},
		// Whatever is not a GeoReport error document served as JSON or
		// XML refuses nothing: it is described instead.
		{name: "400 text/plain from a firewall", handler: respond(400, "text/plain; charset=utf-8", "Request blocked\n"),
			status: 400, answer: "a text/plain page, not a GeoReport error: Request blocked"},
		{name: "422 text/plain", handler: respond(422, "text/plain", "description too long"),
			status: 422, answer: "a text/plain page, not a GeoReport error: description too long"},
		{name: "400 HTML from a proxy", handler: respond(400, "text/html", "<html><head><title>400 Bad Request</title></head>\n<body><center>nginx</center></body></html>"),
			status: 400, answer: "a text/html page, not a GeoReport error: 400 Bad Request nginx"},
		{name: "403 HTML from a firewall", handler: respond(403, "text/html", "<h1>Access denied</h1>"),
			auth: true, status: 403, answer: "a text/html page, not a GeoReport error: Access denied"},
		{name: "400 error array served as text/plain", handler: respond(400, "text/plain", `[{"code":400,"description":"lat is out of range"}]`),
			status: 400, answer: "a text/plain page, not a GeoReport error"},
		{name: "400 empty body", handler: respond(400, js, ""), status: 400, answer: "an empty answer, not a GeoReport error"},
		{name: "400 JSON message", handler: respond(400, js, `{"message":"Forbidden"}`),
			status: 400, answer: `a JSON document, not a GeoReport error: {"message":"Forbidden"}`},
		{name: "400 firewall JSON with an errors list", handler: respond(400, js, `{"success":false,"errors":[{"code":1020,"message":"Access denied"}]}`),
			status: 400, answer: "a JSON document, not a GeoReport error"},
		{name: "400 error array with a stranger in it", handler: respond(400, js, `[{"code":400,"description":"x"},{"status":"blocked"}]`),
			status: 400, answer: "a JSON document, not a GeoReport error"},
		{name: "400 problem+json", handler: respond(400, "application/problem+json", `{"title":"Bad Request","detail":"phone is not valid","status":400}`),
			status: 400, answer: "a JSON document, not a GeoReport error: "},
		{name: "400 XML that is not an error document", handler: respond(400, "application/xml", `<error><message>blocked</message></error>`),
			status: 400, answer: "an XML document, not a GeoReport error: <error><message>blocked</message></error>"},
		{name: "200 with an error array", handler: respond(200, js, `[{"code":400,"description":"service_code is not active"}]`),
			status: 200, errors: []open311.APIError{{Code: "400", Description: "service_code is not active"}}},
		{name: "200 captive portal HTML", handler: respond(200, "text/html", "<html><body>Log in to the Wi-Fi</body></html>"),
			retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "200 with an empty body", handler: respond(200, js, ""), retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "201 with an empty body", handler: respond(201, "", ""), retryable: true, status: 201, is: open311.ErrMalformed},
		{name: "204 no content", handler: respond(204, "", ""), retryable: true, status: 204, is: open311.ErrMalformed},
		{name: "200 with a blank body", handler: respond(200, "text/plain", " \r\n\t "), retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "200 malformed JSON", handler: respond(200, js, `[{"service_request_id":`), retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "200 with a list of requests", handler: respond(200, js, `[{"service_request_id":1,"status":"open"},{"service_request_id":2,"status":"closed"}]`),
			retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "200 unrelated JSON", handler: respond(200, js, `{"ok":true}`), retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "200 ID hidden in an object", handler: respond(200, js, `[{"service_request_id":{"id":5}}]`),
			retryable: true, status: 200, is: open311.ErrMalformed},
		{name: "oversize declared", handler: respond(200, js, `[{"service_request_id":"`+strings.Repeat("9", 3000)+`"}]`),
			maxBody: 1024, retryable: true, status: 200, is: open311.ErrBodyTooLarge},
		{name: "oversize chunked", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", js)
			for i := 0; i < 64; i++ {
				io.WriteString(w, strings.Repeat(" ", 64))
				w.(http.Flusher).Flush()
			}
		}, maxBody: 1024, retryable: true, status: 200, is: open311.ErrBodyTooLarge},
		{name: "redirect is not followed", handler: func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				respond(200, js, `[{"service_request_id":1,"status":"open"}]`)(w, r)
				return
			}
			http.Redirect(w, r, "/other/requests.json", http.StatusFound)
		}, retryable: true, status: 302},
		{name: "timeout waiting for headers", handler: func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body) // lets the server notice the client leave
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, timeout: 100 * time.Millisecond, retryable: true, is: context.DeadlineExceeded},
		{name: "slow body", handler: func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", js)
			w.WriteHeader(200)
			for _, b := range []byte(`[{"service_request_id":"1234567890"}]`) {
				select {
				case <-r.Context().Done():
					return
				case <-time.After(40 * time.Millisecond):
				}
				w.Write([]byte{b})
				w.(http.Flusher).Flush()
			}
		}, timeout: 250 * time.Millisecond, retryable: true, status: 200},
		{name: "reset mid-body", handler: hijack("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"service_re"),
			retryable: true, status: 200},
		{name: "reset mid-headers", handler: hijack("HTTP/1.1 200 OK\r\nContent-Ty"), retryable: true},
		{name: "closed without answer", handler: hijack(""), retryable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			opts := []open311.Option{open311.WithClock(func() time.Time { return faultNow })}
			if tt.maxBody > 0 {
				opts = append(opts, open311.WithMaxBody(tt.maxBody))
			}
			if tt.timeout > 0 {
				opts = append(opts, open311.WithTimeout(tt.timeout))
			}
			c := newClient(t, srv.URL, opts...)
			start := time.Now()
			res, err := c.PostRequest(context.Background(), open311.Request{ServiceCode: "001", AddressString: "x", IdempotencyKey: "k1"})
			if err == nil {
				t.Fatalf("no error; result %+v", res)
			}
			if d := time.Since(start); tt.timeout > 0 && d > tt.timeout+2*time.Second {
				t.Errorf("call took %v with a %v timeout", d, tt.timeout)
			}
			var e *open311.Error
			if !errors.As(err, &e) {
				t.Fatalf("err %T %v is not an *open311.Error", err, err)
			}
			if got := open311.IsRetryable(err); got != tt.retryable {
				t.Errorf("IsRetryable = %v, want %v (%v)", got, tt.retryable, err)
			}
			if got := open311.IsAuth(err); got != tt.auth {
				t.Errorf("IsAuth = %v, want %v", got, tt.auth)
			}
			if got := open311.IsNotFound(err); got != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tt.notFound)
			}
			if e.StatusCode != tt.status {
				t.Errorf("StatusCode = %d, want %d (%v)", e.StatusCode, tt.status, err)
			}
			if e.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, tt.retryAfter)
			}
			if tt.errors != nil && fmt.Sprint(e.Errors) != fmt.Sprint(tt.errors) {
				t.Errorf("Errors = %+v, want %+v", e.Errors, tt.errors)
			}
			if tt.answer != "" {
				if len(e.Errors) > 0 || !strings.Contains(err.Error(), tt.answer) {
					t.Errorf("Errors = %+v (%v); want no errors and an error saying %q", e.Errors, err, tt.answer)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err %v does not wrap %v", err, tt.is)
			}
			if e.Op != "post request" || !strings.HasPrefix(err.Error(), "open311 post request") {
				t.Errorf("error does not name the operation: %v", err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("server saw %d calls, want 1 (no hidden retries, no redirects)", n)
			}
		})
	}
}

func TestConnectionRefusedIsRetryable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	_, err := newClient(t, base).PostRequest(context.Background(), open311.Request{ServiceCode: "1", AddressString: "x"})
	if !open311.IsRetryable(err) || open311.IsAuth(err) {
		t.Fatalf("err = %v: want retryable, not auth", err)
	}
}

func TestCallerCancelStopsCall(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := newClient(t, srv.URL).Services(ctx)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !open311.IsRetryable(err) {
			t.Errorf("err = %v, want a retryable context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled call did not return")
	}
}

// TestAPIKeyNeverInErrors makes a hostile server echo everything it was
// sent, everywhere it can, and formats every error every way.
func TestAPIKeyNeverInErrors(t *testing.T) {
	echo := func(status int, ctype string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			f, _ := url.ParseQuery(string(b))
			key := f.Get("api_key") + r.URL.Query().Get("api_key")
			w.Header().Set("Retry-After", key)
			w.Header().Set("Location", "/?api_key="+url.QueryEscape(key))
			w.Header().Set("Content-Type", ctype)
			w.WriteHeader(status)
			switch ctype {
			case "text/plain":
				fmt.Fprintf(w, "your key %s and body %s are wrong", key, b)
			default:
				fmt.Fprintf(w, `[{"code":%q,"description":"bad api_key %s; you sent %s"}]`, key, key, url.QueryEscape(string(b)))
			}
		}
	}
	cases := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"403 echo", echo(403, "application/json")},
		{"400 echo", echo(400, "application/json")},
		{"200 error echo", echo(200, "application/json")},
		{"422 text echo", echo(422, "text/plain")},
		{"302 echo", echo(302, "application/json")},
		{"malformed echo", func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			w.WriteHeader(200)
			fmt.Fprintf(w, "[%s", b)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			c := newClient(t, srv.URL)
			var errs []error
			_, err := c.PostRequest(context.Background(), open311.Request{ServiceCode: "1", AddressString: "x"})
			errs = append(errs, err)
			_, err = c.Services(context.Background())
			errs = append(errs, err)
			// A base URL carrying the key is refused, and never echoed.
			bad := *c
			bad.BaseURL = strings.Replace(srv.URL, "http://", "http://u:"+testKey+"@", 1) + "/?api_key=" + testKey
			_, err = bad.Services(context.Background())
			errs = append(errs, err)
			bad.BaseURL = "http://crm.example.ir/" + testKey
			_, err = bad.PostRequest(context.Background(), open311.Request{ServiceCode: "1", AddressString: "x"})
			errs = append(errs, err)
			for i, err := range errs {
				if err == nil {
					if i == 2 {
						continue // userinfo on loopback is allowed; the call may succeed
					}
					t.Fatalf("call %d: no error", i)
				}
				for _, verb := range []string{"%v", "%+v", "%s", "%q", "%#v"} {
					s := fmt.Sprintf(verb, err)
					if strings.Contains(s, testKey) || strings.Contains(s, url.QueryEscape(testKey)) {
						t.Errorf("call %d: %s leaks the api_key: %s", i, verb, s)
					}
				}
				var e *open311.Error
				if errors.As(err, &e) {
					for _, ae := range e.Errors {
						if strings.Contains(ae.Code+ae.Description, testKey) {
							t.Errorf("call %d: Errors leak the api_key: %+v", i, ae)
						}
					}
				}
			}
		})
	}
}

func TestPersonalDataMaskedInErrors(t *testing.T) {
	srv := httptest.NewServer(respond(400, "application/json",
		`[{"code":400,"description":"national code 0499370899 or mobile ۰۹۱۲۳۴۵۶۷۸۹ rejected"}]`))
	defer srv.Close()
	_, err := newClient(t, srv.URL).PostRequest(context.Background(), open311.Request{ServiceCode: "1", AddressString: "x"})
	if err == nil {
		t.Fatal("no error")
	}
	for _, secret := range []string{"0499370899", "۰۹۱۲۳۴۵۶۷۸۹"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows %s: %v", secret, err)
		}
	}
	if !strings.Contains(err.Error(), "rejected") {
		t.Errorf("the server's reason is lost: %v", err)
	}
}
