package open311_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

const testKey = "k3y-SECRET-9f8e7d"

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// answer is a canned HTTP answer.
type answer struct {
	status  int
	body    []byte
	ctype   string
	headers map[string]string
}

// cannedServer answers every call with a, recording the calls it saw.
type cannedServer struct {
	*httptest.Server
	mu    sync.Mutex
	calls []*http.Request
	forms []url.Values
}

func newCanned(t testing.TB, a answer) *cannedServer {
	t.Helper()
	cs := &cannedServer{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		cs.mu.Lock()
		cs.calls = append(cs.calls, r)
		cs.forms = append(cs.forms, form)
		cs.mu.Unlock()
		ct := a.ctype
		if ct == "" {
			ct = "application/json; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		for k, v := range a.headers {
			w.Header().Set(k, v)
		}
		st := a.status
		if st == 0 {
			st = http.StatusOK
		}
		w.WriteHeader(st)
		w.Write(a.body)
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *cannedServer) last(t testing.TB) (*http.Request, url.Values) {
	t.Helper()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if len(cs.calls) == 0 {
		t.Fatal("server saw no call")
	}
	return cs.calls[len(cs.calls)-1], cs.forms[len(cs.forms)-1]
}

func newClient(t testing.TB, base string, opts ...open311.Option) *open311.Client {
	t.Helper()
	c, err := open311.New(config.BackOffice{URL: base, APIKey: testKey, JurisdictionID: "tehran.ir"}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func f64(v float64) *float64 { return &v }

func TestNewChecksURL(t *testing.T) {
	tests := []struct {
		name    string
		cfg     config.BackOffice
		wantErr bool
	}{
		{"https", config.BackOffice{URL: "https://crm.example.ir/open311/v2"}, false},
		{"loopback http", config.BackOffice{URL: "http://127.0.0.1:8311/"}, false},
		{"localhost http", config.BackOffice{URL: "http://localhost:8311"}, false},
		{"ipv6 loopback http", config.BackOffice{URL: "http://[::1]:8311"}, false},
		{"remote http", config.BackOffice{URL: "http://crm.example.ir/open311"}, true},
		{"name that looks like loopback", config.BackOffice{URL: "http://127.attacker.example/open311"}, true},
		{"other loopback address", config.BackOffice{URL: "http://127.0.0.2:8311/"}, false},
		{"remote http allowed", config.BackOffice{URL: "http://crm.example.ir/open311", AllowInsecure: true}, false},
		{"empty", config.BackOffice{}, true},
		{"ftp", config.BackOffice{URL: "ftp://crm.example.ir/"}, true},
		{"relative", config.BackOffice{URL: "/open311"}, true},
		{"key in URL", config.BackOffice{URL: "http://user:" + testKey + "@crm.example.ir/?api_key=" + testKey, APIKey: testKey}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := open311.New(tt.cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("New(%q) error = %v, want error %v", tt.cfg.URL, err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, open311.ErrInsecureURL) {
					t.Errorf("error %v does not wrap ErrInsecureURL", err)
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("error leaks the api_key: %v", err)
				}
			}
		})
	}
}

func TestPostRequestForm(t *testing.T) {
	cs := newCanned(t, answer{body: fixture(t, "spec_post_id.json")})
	c := newClient(t, cs.URL+"/open311/v2/")
	res, err := c.PostRequest(context.Background(), open311.Request{
		ServiceCode:   "001",
		Lat:           f64(35.6997),
		Long:          f64(51.3380),
		AddressString: "فرودگاه امام، ترمینال ۱",
		DeviceID:      "IKA-T1-07",
		Description:   "چراغ خاموش است\nsecond line",
		Email:         "a@example.ir",
		Attributes: map[string][]string{
			"WHISPAWN": {"123456"},
			"DOCS":     {"card", "deed"},
			"ONE":      {"only"},
			"EMPTY":    nil,
		},
		MultiValued:    map[string]bool{"ONE": true},
		IdempotencyKey: "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := open311.PostResult{ServiceRequestID: "293944", ServiceNotice: "The municipality will inspect within 48 hours."}
	if res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	r, form := cs.last(t)
	if r.Method != http.MethodPost || r.URL.Path != "/open311/v2/requests.json" {
		t.Errorf("call = %s %s, want POST /open311/v2/requests.json", r.Method, r.URL.Path)
	}
	if got := r.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := r.Header.Get("Idempotency-Key"); got != "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d" {
		t.Errorf("Idempotency-Key = %q", got)
	}
	if r.URL.RawQuery != "" {
		t.Errorf("POST carries a query %q; everything goes in the form", r.URL.RawQuery)
	}
	wantForm := url.Values{
		"api_key":             {testKey},
		"jurisdiction_id":     {"tehran.ir"},
		"service_code":        {"001"},
		"lat":                 {"35.6997"},
		"long":                {"51.338"},
		"address_string":      {"فرودگاه امام، ترمینال ۱"},
		"device_id":           {"IKA-T1-07"},
		"description":         {"چراغ خاموش است\nsecond line"},
		"email":               {"a@example.ir"},
		"attribute[WHISPAWN]": {"123456"},
		"attribute[DOCS][]":   {"card", "deed"},
		"attribute[ONE][]":    {"only"},
	}
	if !reflect.DeepEqual(form, wantForm) {
		t.Errorf("form =\n%v\nwant\n%v", form, wantForm)
	}
}

func TestPostRequestRefusesInvalid(t *testing.T) {
	cs := newCanned(t, answer{body: fixture(t, "spec_post_id.json")})
	c := newClient(t, cs.URL)
	tests := []struct {
		name string
		req  open311.Request
	}{
		{"no service code", open311.Request{AddressString: "x"}},
		{"half a coordinate", open311.Request{ServiceCode: "001", Lat: f64(35)}},
		{"long description", open311.Request{ServiceCode: "001", Description: strings.Repeat("ب", open311.MaxDescription+1)}},
		{"bracket in attribute code", open311.Request{ServiceCode: "001", Attributes: map[string][]string{"a]b": {"1"}}}},
		{"standard-parameter code as attribute", open311.Request{ServiceCode: "001", Attributes: map[string][]string{"@api_key": {"1"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.PostRequest(context.Background(), tt.req)
			if !errors.Is(err, open311.ErrInvalidRequest) {
				t.Fatalf("err = %v, want ErrInvalidRequest", err)
			}
			if open311.IsRetryable(err) || open311.IsAuth(err) {
				t.Errorf("an invalid request is neither retryable nor an auth failure")
			}
		})
	}
	if n := len(cs.calls); n != 0 {
		t.Errorf("server saw %d calls for invalid requests", n)
	}
}

func TestPostAnswers(t *testing.T) {
	tests := []struct {
		name string
		a    answer
		want open311.PostResult
	}{
		{"spec: service_request_id", answer{body: fixture(t, "spec_post_id.json")},
			open311.PostResult{ServiceRequestID: "293944", ServiceNotice: "The municipality will inspect within 48 hours."}},
		{"spec: token", answer{body: fixture(t, "spec_post_token.json")}, open311.PostResult{Token: "12345"}},
		{"spec: neither (blackbox)", answer{body: []byte(`[{"service_notice":"Thanks","account_id":null}]`)},
			open311.PostResult{ServiceNotice: "Thanks"}},
		{"blackbox: empty array", answer{body: []byte(`[]`)}, open311.PostResult{}},
		{"blackbox: [{}] with 201", answer{status: 201, body: []byte(`[{}]`)}, open311.PostResult{}},
		{"Mark-a-Spot: 201 with an object", answer{status: 201, body: fixture(t, "variant_markaspot_201.json")},
			open311.PostResult{ServiceRequestID: "7b2c41d0-6a8e-4f51-9e0b-3c1d2e4f5a6b", ServiceNotice: "Thank you for your report."}},
		{"wrapped in service_requests", answer{body: []byte(`{"service_requests":[{"service_request_id":"A-1"}]}`)},
			open311.PostResult{ServiceRequestID: "A-1"}},
		{"Spark XML-to-JSON wrapping", answer{body: []byte(`{"service_requests":{"request":{"token":"t-9"}}}`)},
			open311.PostResult{Token: "t-9"}},
		{"numeric ID beyond float64", answer{body: []byte(`[{"service_request_id":12345678901234567890}]`)},
			open311.PostResult{ServiceRequestID: "12345678901234567890"}},
		{"both ID and token: the ID wins", answer{body: []byte(`[{"service_request_id":7,"token":"x"}]`)},
			open311.PostResult{ServiceRequestID: "7"}},
		{"leading zeros as in the spec", answer{body: []byte(`[{"service_request_id":007}]`)},
			open311.PostResult{ServiceRequestID: "007"}},
		{"BOM and upper-case keys", answer{body: []byte("\xef\xbb\xbf[{\"Service_Request_ID\":\"B2\"}]")},
			open311.PostResult{ServiceRequestID: "B2"}},
		{"202 accepted", answer{status: 202, body: fixture(t, "spec_post_token.json")}, open311.PostResult{Token: "12345"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newCanned(t, tt.a)
			c := newClient(t, cs.URL)
			got, err := c.PostRequest(context.Background(), open311.Request{ServiceCode: "001", AddressString: "x"})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestServices(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want []open311.Service
	}{
		{"spec example with leading zeros", fixture(t, "spec_services.json"), []open311.Service{
			{Code: "001", Name: "Street light out", Description: "A street light that stays dark at night or flickers.",
				Metadata: true, Type: "realtime", Keywords: "lamp, light, dark", Group: "streets"},
			{Code: "002", Name: "Noise complaint", Description: "Loud noise from a building site or a venue outside permitted hours.",
				Type: "batch", Keywords: "noise, night", Group: "environment"},
			{Code: "PLATE1", Name: "Replace a vehicle plate", Description: "Request a new plate for a lost or damaged one.",
				Metadata: true, Type: "realtime", Keywords: "plate, vehicle", Group: "traffic"},
		}},
		{"wrapped, numeric codes, string booleans, keyword arrays", fixture(t, "variant_wrapped_services.json"), []open311.Service{
			{Code: "17", Name: "Pothole", Metadata: true, Type: "realtime", Keywords: "road, hole"},
			{Code: "18", Name: "Graffiti", Type: "blackbox"},
		}},
		{"bidi controls stripped from names", []byte(`[{"service_code":"x","service_name":"a\u202eb\u2066c"}]`), []open311.Service{
			{Code: "x", Name: "abc"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newCanned(t, answer{body: tt.body})
			c := newClient(t, cs.URL+"/v2")
			got, err := c.Services(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			r, _ := cs.last(t)
			if r.URL.Path != "/v2/services.json" || r.URL.Query().Get("jurisdiction_id") != "tehran.ir" {
				t.Errorf("call = %s", r.URL)
			}
			if r.URL.Query().Get("api_key") != "" {
				t.Errorf("GET services carries the api_key")
			}
		})
	}
}

func TestServiceDefinitionSixDatatypes(t *testing.T) {
	cs := newCanned(t, answer{body: fixture(t, "spec_definition_PLATE1.json")})
	c := newClient(t, cs.URL)
	def, err := c.ServiceDefinition(context.Background(), "PLATE1")
	if err != nil {
		t.Fatal(err)
	}
	if def.ServiceCode != "PLATE1" {
		t.Errorf("service code %q", def.ServiceCode)
	}
	var got []string
	for _, a := range def.Attributes {
		got = append(got, a.Code+":"+a.Datatype)
	}
	want := []string{"NOTICE:string", "REASON:singlevaluelist", "OWNER_ID:string", "DETAILS:text",
		"FEE:number", "LOSTON:datetime", "DOCS:multivaluelist"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attributes in order = %v, want %v", got, want)
	}
	notice, reason := def.Attributes[0], def.Attributes[1]
	if notice.Variable || !reason.Variable || !reason.Required || reason.DatatypeDescription != "" {
		t.Errorf("flags wrong: notice %+v reason %+v", notice, reason)
	}
	wantValues := []open311.AttributeValue{{Key: "101", Name: "Lost"}, {Key: "102", Name: "Damaged"}}
	if !reflect.DeepEqual(reason.Values, wantValues) {
		t.Errorf("values = %+v, want %+v", reason.Values, wantValues)
	}
	r, _ := cs.last(t)
	if r.URL.Path != "/services/PLATE1.json" {
		t.Errorf("path %s", r.URL.Path)
	}
}

func TestServiceDefinitionVariants(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		codes []string
	}{
		{"wrapped in an array", `[{"service_code":"A","attributes":[{"code":"X","datatype":"string","order":"1"}]}]`, []string{"X"}},
		{"under service_definition", `{"service_definition":{"service_code":"A","attributes":{"attribute":[{"code":"Y","datatype":"number"}]}}}`, []string{"Y"}},
		{"no attributes", `{"service_code":"A"}`, nil},
		{"missing variable means true, orders missing last", `{"attributes":[{"code":"B"},{"code":"A","order":1}]}`, []string{"A", "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newCanned(t, answer{body: []byte(tt.body)})
			def, err := newClient(t, cs.URL).ServiceDefinition(context.Background(), "A")
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, a := range def.Attributes {
				codes = append(codes, a.Code)
				if !a.Variable {
					t.Errorf("attribute %s: variable false", a.Code)
				}
			}
			if !reflect.DeepEqual(codes, tt.codes) || def.ServiceCode != "A" {
				t.Errorf("got %q %v, want A %v", def.ServiceCode, codes, tt.codes)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"spec: resolved", string(fixture(t, "spec_token.json")), "638344"},
		{"pending: token only", `[{"token":"12345"}]`, ""},
		{"pending: empty array", `[]`, ""},
		{"pending: null ID", `[{"service_request_id":null,"token":"12345"}]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newCanned(t, answer{body: []byte(tt.body)})
			got, err := newClient(t, cs.URL).RequestIDForToken(context.Background(), "12345")
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			r, _ := cs.last(t)
			if r.URL.Path != "/tokens/12345.json" {
				t.Errorf("path %s", r.URL.Path)
			}
		})
	}
}

func TestRequestStatus(t *testing.T) {
	t.Run("spec example", func(t *testing.T) {
		cs := newCanned(t, answer{body: fixture(t, "spec_request.json")})
		got, err := newClient(t, cs.URL).Request(context.Background(), "638344")
		if err != nil {
			t.Fatal(err)
		}
		pst := time.FixedZone("", -8*3600)
		want := open311.ServiceRequest{
			ID: "638344", Status: "closed", StatusNotes: "Duplicate request.", ServiceName: "Street light out",
			ServiceCode: "006", Address: "Valiasr St and Enghelab St", AddressID: "545483", Zipcode: "1415913111",
			Requested: time.Date(2010, 4, 14, 6, 37, 38, 0, pst), Updated: time.Date(2010, 4, 14, 6, 37, 38, 0, pst),
			Expected: time.Date(2010, 4, 15, 6, 37, 38, 0, pst), Lat: f64(35.700972), Long: f64(51.405201),
			MediaURL: "https://city.example/media/638344.jpg",
		}
		if !got.Requested.Equal(want.Requested) || !got.Expected.Equal(want.Expected) {
			t.Errorf("times: %v %v", got.Requested, got.Expected)
		}
		got.Requested, got.Updated, got.Expected = want.Requested, want.Updated, want.Expected
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
		r, _ := cs.last(t)
		if r.URL.Path != "/requests/638344.json" {
			t.Errorf("path %s", r.URL.Path)
		}
	})
	t.Run("Spark wrapping, string coordinates, odd datetimes", func(t *testing.T) {
		cs := newCanned(t, answer{body: fixture(t, "variant_spark_requests.json")})
		got, err := newClient(t, cs.URL).Request(context.Background(), "638349")
		if err != nil {
			t.Fatal(err)
		}
		wantReq := time.Date(2010, 4, 19, 3, 7, 38, 512e6, time.UTC)
		if got.Status != "open" || got.ServiceCode != "006" || *got.Lat != 35.7 || !got.Requested.Equal(wantReq) ||
			!got.Updated.Equal(time.Date(2010, 4, 19, 6, 37, 38, 0, time.UTC)) {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("empty answer is not found", func(t *testing.T) {
		cs := newCanned(t, answer{body: []byte(`[]`)})
		_, err := newClient(t, cs.URL).Request(context.Background(), "1")
		if !open311.IsNotFound(err) {
			t.Errorf("err = %v, want a 404", err)
		}
	})
}

func TestRequestsBulk(t *testing.T) {
	cs := newCanned(t, answer{body: []byte(`[{"service_request_id":1,"status":"open"},{"service_request_id":2,"status":"closed"}]`)})
	got, err := newClient(t, cs.URL).Requests(context.Background(), []string{"1", "2", "3"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "1" || got[1].Status != "closed" {
		t.Errorf("got %+v", got)
	}
	r, _ := cs.last(t)
	if r.URL.Query().Get("service_request_id") != "1,2,3" {
		t.Errorf("query %s", r.URL.RawQuery)
	}
}
