package devserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

// testKey is the api_key the tests' server asks for.
const testKey = "k3y-SECRET-9f8e7d"

// testCatalogue has one field of every kind the server publishes, and a
// step shown only for some answers.
const testCatalogue = `
version: "test-1"
services:
  - code: permit
    name: {fa: پروانه ساخت, en: Building permit}
    description: {fa: درخواست پروانه, en: Apply for a permit}
    icon: building
    open311: {service_code: PERMIT, id_attribute: kiosk_id}
    steps:
      - id: main
        title: {fa: درخواست, en: Request}
        fields:
          - {id: note, type: info, label: {fa: مدارک را همراه داشته باشید, en: Bring your documents}}
          - {id: owner, type: nationalcode, required: true, attribute: OWNER, label: {fa: کد ملی مالک, en: Owner's national code}}
          - {id: details, type: longtext, attribute: DETAILS, label: {fa: شرح, en: Details}}
          - {id: area, type: number, attribute: AREA, label: {fa: مساحت, en: Area}}
          - {id: start, type: date, attribute: START, label: {fa: تاریخ شروع, en: Start date}}
          - id: kind
            type: choice
            required: true
            attribute: KIND
            label: {fa: نوع, en: Kind}
            choices:
              - {value: new, label: {fa: ساخت نو, en: New building}}
              - {value: repair, label: {fa: تعمیر, en: Repair}}
          - id: docs
            type: multichoice
            attribute: DOCS
            label: {fa: مدارک, en: Documents}
            choices:
              - {value: deed, label: {fa: سند, en: Deed}}
              - {value: map, label: {fa: نقشه, en: Map}}
      - id: repair
        title: {fa: تعمیر, en: Repair}
        when: {field: kind, equals: repair}
        fields:
          - {id: reason, type: text, required: true, attribute: REASON, label: {fa: علت, en: Reason}}
`

func loadTestCatalogue(t testing.TB) *kiosk.Catalogue {
	t.Helper()
	cat, err := kiosk.ParseCatalogue([]byte(testCatalogue))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// clock is a settable test clock.
type clock struct{ t atomic.Int64 }

func newClock(t time.Time) *clock    { c := &clock{}; c.t.Store(t.UnixNano()); return c }
func (c *clock) Now() time.Time      { return time.Unix(0, c.t.Load()) }
func (c *clock) Add(d time.Duration) { c.t.Add(int64(d)) }

type devEnv struct {
	dev    *devserver.Server
	srv    *httptest.Server
	client *open311.Client
	dir    string
}

func startDev(t testing.TB, cat *kiosk.Catalogue, dir string, opts devserver.Options) *devEnv {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	dev, err := devserver.New(cat, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/open311/v2", dev))
	env := &devEnv{dev: dev, srv: srv, dir: dir}
	env.client, err = open311.New(config.BackOffice{URL: srv.URL + "/open311/v2", APIKey: opts.APIKey, JurisdictionID: opts.JurisdictionID})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Close()
		dev.Close()
	})
	return env
}

func (e *devEnv) stop() {
	e.srv.Close()
	e.dev.Close()
}

// validPermit is a request the test catalogue accepts.
func validPermit(key string) open311.Request {
	return open311.Request{
		ServiceCode:    "PERMIT",
		Lat:            new(35.6997),
		Long:           new(51.338),
		IdempotencyKey: key,
		Attributes: map[string][]string{
			"OWNER": {"0499370899"},
			"KIND":  {"new"},
			"DOCS":  {"deed", "map"},
			"AREA":  {"120.5"},
			"START": {"2026-03-21T00:00:00+03:30"},
		},
	}
}

func TestServices(t *testing.T) {
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{})
	svcs, err := env.client.Services(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []open311.Service{{Code: "PERMIT", Name: "پروانه ساخت", Description: "درخواست پروانه", Metadata: true, Type: "realtime", Group: "building"}}
	if !reflect.DeepEqual(svcs, want) {
		t.Errorf("services = %+v, want %+v", svcs, want)
	}

	req, _ := http.NewRequest(http.MethodGet, env.srv.URL+"/open311/v2/services.json", nil)
	req.Header.Set("Accept-Language", "en-US,en;q=0.8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var en []map[string]any
	json.NewDecoder(resp.Body).Decode(&en)
	resp.Body.Close()
	if len(en) != 1 || en[0]["service_name"] != "Building permit" {
		t.Errorf("English services = %v", en)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}

	resp, err = http.Get(env.srv.URL + "/open311/v2/services.xml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services []struct {
			Code     string `xml:"service_code"`
			Metadata bool   `xml:"metadata"`
		} `xml:"service"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(doc.Services) != 1 || doc.Services[0].Code != "PERMIT" || !doc.Services[0].Metadata {
		t.Errorf("services.xml = %+v", doc)
	}
}

func TestDefinition(t *testing.T) {
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{Lang: kiosk.English})
	def, err := env.client.ServiceDefinition(context.Background(), "PERMIT")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		code, datatype string
		variable, req  bool
		values         int
	}
	var got []row
	for i, a := range def.Attributes {
		if a.Order != i+1 {
			t.Errorf("attribute %s has order %d, want %d", a.Code, a.Order, i+1)
		}
		got = append(got, row{a.Code, a.Datatype, a.Variable, a.Required, len(a.Values)})
	}
	want := []row{
		{"note", "string", false, false, 0},
		{"OWNER", "string", true, true, 0},
		{"DETAILS", "text", true, false, 0},
		{"AREA", "number", true, false, 0},
		{"START", "datetime", true, false, 0},
		{"KIND", "singlevaluelist", true, true, 2},
		{"DOCS", "multivaluelist", true, false, 2},
		{"REASON", "string", true, false, 0}, // its step is conditional
		{"kiosk_id", "string", true, false, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("attributes =\n%v\nwant\n%v", got, want)
	}
	if d := def.Attributes[1]; d.Description != "Owner's national code" || !strings.Contains(d.DatatypeDescription, "10 digits") {
		t.Errorf("OWNER = %+v", d)
	}
	if v := def.Attributes[5].Values; v[1] != (open311.AttributeValue{Key: "repair", Name: "Repair"}) {
		t.Errorf("KIND values = %+v", v)
	}
	if _, err := env.client.ServiceDefinition(context.Background(), "NOPE"); !open311.IsNotFound(err) {
		t.Errorf("unknown service: err = %v, want 404", err)
	}
}

func TestRejects(t *testing.T) {
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{})
	mod := func(f func(*open311.Request)) open311.Request {
		r := validPermit("")
		f(&r)
		return r
	}
	tests := []struct {
		name   string
		key    string
		req    open311.Request
		status int
		want   []string // substrings of the error descriptions, in order
	}{
		{"no api_key", "-", validPermit(""), 403, []string{"api_key"}},
		{"wrong api_key", "wrong", validPermit(""), 403, []string{"api_key"}},
		{"unknown service", "", mod(func(r *open311.Request) { r.ServiceCode = "NOPE" }), 404, []string{"service_code not found"}},
		{"no location", "", mod(func(r *open311.Request) { r.Lat, r.Long = nil, nil }), 400, []string{"location is required"}},
		{"latitude out of range", "", mod(func(r *open311.Request) { r.Lat = new(95.0) }), 400, []string{"lat and long"}},
		{"required attributes missing", "", mod(func(r *open311.Request) {
			delete(r.Attributes, "OWNER")
			delete(r.Attributes, "KIND")
		}), 400, []string{"attribute[OWNER] is required", "attribute[KIND] is required"}},
		{"value not in the list", "", mod(func(r *open311.Request) { r.Attributes["KIND"] = []string{"demolish"} }), 400, []string{`"demolish" is not one of its values`}},
		{"two values for a singlevaluelist", "", mod(func(r *open311.Request) { r.Attributes["KIND"] = []string{"new", "repair"} }), 400, []string{"takes one value"}},
		{"not a number", "", mod(func(r *open311.Request) { r.Attributes["AREA"] = []string{"large"} }), 400, []string{"must be a number"}},
		{"not a datetime", "", mod(func(r *open311.Request) { r.Attributes["START"] = []string{"next week"} }), 400, []string{"ISO 8601"}},
		{"value for display text", "", mod(func(r *open311.Request) { r.Attributes["note"] = []string{"x"} }), 400, []string{"display text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := *env.client
			switch tt.key {
			case "-":
				c.APIKey = ""
			case "":
			default:
				c.APIKey = tt.key
			}
			_, err := c.PostRequest(context.Background(), tt.req)
			var e *open311.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *open311.Error", err)
			}
			if e.StatusCode != tt.status || len(e.Errors) != len(tt.want) {
				t.Fatalf("got HTTP %d %+v, want %d with %d errors", e.StatusCode, e.Errors, tt.status, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(e.Errors[i].Description, w) || e.Errors[i].Code != fmt.Sprint(tt.status) {
					t.Errorf("error %d = %+v, want code %d and %q", i, e.Errors[i], tt.status, w)
				}
			}
		})
	}
	if st := env.dev.Stats(); st.Requests != 0 || st.Rejected != len(tests) {
		t.Errorf("stats = %+v, want nothing stored and %d rejected", st, len(tests))
	}

	t.Run("not form-encoded", func(t *testing.T) {
		resp, err := http.Post(env.srv.URL+"/open311/v2/requests.json", "application/json", strings.NewReader(`{"service_code":"PERMIT"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})
	t.Run("unknown attributes are ignored unless strict", func(t *testing.T) {
		r := validPermit("")
		r.Attributes["EXTRA"] = []string{"x"}
		if _, err := env.client.PostRequest(context.Background(), r); err != nil {
			t.Errorf("lenient server refused an unknown attribute: %v", err)
		}
		strict := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{StrictAttributes: true})
		if _, err := strict.client.PostRequest(context.Background(), r); err == nil || !strings.Contains(err.Error(), "attribute[EXTRA]") {
			t.Errorf("strict server: err = %v", err)
		}
	})
}

func TestIdempotency(t *testing.T) {
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{})
	ctx := context.Background()
	first, err := env.client.PostRequest(ctx, validPermit("sub-1"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := env.client.PostRequest(ctx, validPermit("sub-1"))
	if err != nil {
		t.Fatal(err)
	}
	if first.ServiceRequestID == "" || again != first {
		t.Fatalf("repeat answered %+v, first %+v", again, first)
	}
	other, err := env.client.PostRequest(ctx, validPermit("sub-2"))
	if err != nil || other.ServiceRequestID == first.ServiceRequestID {
		t.Fatalf("another key answered %+v, %v", other, err)
	}

	// Twenty concurrent repeats of a new key make one request.
	const n = 20
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := env.client.PostRequest(ctx, validPermit("sub-3"))
			if err != nil {
				t.Error(err)
			}
			ids[i] = res.ServiceRequestID
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("concurrent repeats got IDs %v", ids)
		}
	}

	// Without the header, the service's id_attribute is the key.
	r := validPermit("")
	r.Attributes["kiosk_id"] = []string{"sub-4"}
	a, _ := env.client.PostRequest(ctx, r)
	b, _ := env.client.PostRequest(ctx, r)
	if a.ServiceRequestID == "" || a != b {
		t.Errorf("id_attribute repeats: %+v then %+v", a, b)
	}

	st := env.dev.Stats()
	want := devserver.Stats{Requests: 4, Posts: 3 + n + 2, Replays: 1 + (n - 1) + 1}
	if st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	if posts, id := env.dev.PostsFor("sub-3"); posts != n || id != ids[0] {
		t.Errorf("PostsFor(sub-3) = %d, %q; want %d, %q", posts, id, n, ids[0])
	}
}

func TestTokens(t *testing.T) {
	clk := newClock(time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC))
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{
		Tokens: true, TokenDelay: time.Minute, Now: clk.Now, NumericIDs: true,
	})
	ctx := context.Background()
	svcs, _ := env.client.Services(ctx)
	if len(svcs) != 1 || svcs[0].Type != open311.TypeBatch {
		t.Errorf("services = %+v, want type batch", svcs)
	}
	res, err := env.client.PostRequest(ctx, validPermit("tok-1"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Token == "" || res.ServiceRequestID != "" {
		t.Fatalf("POST answered %+v, want a token only", res)
	}
	id, err := env.client.RequestIDForToken(ctx, res.Token)
	if err != nil || id != "" {
		t.Fatalf("pending token: %q, %v", id, err)
	}
	clk.Add(time.Minute)
	id, err = env.client.RequestIDForToken(ctx, res.Token)
	if err != nil || id == "" {
		t.Fatalf("resolved token: %q, %v", id, err)
	}
	sr, err := env.client.Request(ctx, id)
	if err != nil || sr.ID != id || sr.Status != "open" || sr.ServiceCode != "PERMIT" {
		t.Errorf("request %+v, %v", sr, err)
	}
	if _, err := env.client.RequestIDForToken(ctx, "nope"); !open311.IsNotFound(err) {
		t.Errorf("unknown token: %v, want 404", err)
	}
}

func TestStatus(t *testing.T) {
	start := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	clk := newClock(start)
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{CloseAfter: time.Hour, Now: clk.Now})
	ctx := context.Background()
	res, err := env.client.PostRequest(ctx, validPermit("st-1"))
	if err != nil {
		t.Fatal(err)
	}
	sr, err := env.client.Request(ctx, res.ServiceRequestID)
	if err != nil {
		t.Fatal(err)
	}
	if sr.Status != "open" || !sr.Requested.Equal(start) || !sr.Expected.Equal(start.Add(time.Hour)) || sr.ServiceName != "پروانه ساخت" {
		t.Errorf("new request = %+v", sr)
	}
	if _, off := sr.Requested.Zone(); off != 3*3600+1800 {
		t.Errorf("requested_datetime zone offset %d, want Tehran's +03:30", off)
	}
	clk.Add(time.Hour)
	list, err := env.client.Requests(ctx, []string{res.ServiceRequestID, "999999"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Status != "closed" || list[0].StatusNotes == "" {
		t.Errorf("after an hour: %+v", list)
	}
	if _, err := env.client.Request(ctx, "999999"); !open311.IsNotFound(err) {
		t.Errorf("unknown request: %v, want 404", err)
	}
}

func TestPersists(t *testing.T) {
	dir := t.TempDir()
	cat := loadTestCatalogue(t)
	env := startDev(t, cat, dir, devserver.Options{})
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		res, err := env.client.PostRequest(ctx, validPermit(fmt.Sprintf("p-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ServiceRequestID)
	}
	env.stop()

	// A torn last line, as a crash mid-write leaves it.
	f, err := os.OpenFile(filepath.Join(dir, devserver.RequestsFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"id":9999,"service_co`)
	f.Close()

	env = startDev(t, cat, dir, devserver.Options{})
	if st := env.dev.Stats(); st.Requests != 3 {
		t.Fatalf("after restart %d requests, want 3", st.Requests)
	}
	for _, id := range ids {
		if sr, err := env.client.Request(ctx, id); err != nil || sr.ID != id {
			t.Errorf("request %s after restart: %+v, %v", id, sr, err)
		}
	}
	again, err := env.client.PostRequest(ctx, validPermit("p-1"))
	if err != nil || again.ServiceRequestID != ids[1] {
		t.Errorf("repeat after restart answered %+v, %v; want %s", again, err, ids[1])
	}
	next, err := env.client.PostRequest(ctx, validPermit("p-new"))
	if err != nil || next.ServiceRequestID <= ids[2] {
		t.Errorf("new request after restart got %+v, %v; want an ID after %s", next, err, ids[2])
	}
	// Every line on disk is whole.
	env.stop()
	data, _ := os.ReadFile(filepath.Join(dir, devserver.RequestsFile))
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("file has %d lines, want 4", len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("bad line %q", l)
		}
	}
}

func TestRefusesCorruptOrSharedDir(t *testing.T) {
	cat := loadTestCatalogue(t)
	t.Run("second server on one directory", func(t *testing.T) {
		dir := t.TempDir()
		startDev(t, cat, dir, devserver.Options{})
		if _, err := devserver.New(cat, dir, devserver.Options{}); err == nil || !strings.Contains(err.Error(), "in use") {
			t.Errorf("err = %v, want the directory in use", err)
		}
	})
	t.Run("corrupt line before the end", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, devserver.RequestsFile), []byte("garbage\n{\"id\":1,\"service_code\":\"PERMIT\"}\n"), 0o600)
		if _, err := devserver.New(cat, dir, devserver.Options{}); err == nil {
			t.Error("a corrupt data file was accepted")
		}
	})
}

func TestJurisdiction(t *testing.T) {
	env := startDev(t, loadTestCatalogue(t), t.TempDir(), devserver.Options{JurisdictionID: "tehran.ir"})
	ctx := context.Background()
	if _, err := env.client.PostRequest(ctx, validPermit("j-1")); err != nil {
		t.Fatalf("matching jurisdiction: %v", err)
	}
	c := *env.client
	c.JurisdictionID = "shiraz.ir"
	if _, err := c.Services(ctx); !open311.IsNotFound(err) {
		t.Errorf("wrong jurisdiction: %v, want 404", err)
	}
	c.JurisdictionID = ""
	var e *open311.Error
	if _, err := c.PostRequest(ctx, validPermit("j-2")); !errors.As(err, &e) || e.StatusCode != 400 {
		t.Errorf("no jurisdiction: %v, want 400", err)
	}
}

func TestServesDefaultCatalogue(t *testing.T) {
	cat := kiosk.DefaultCatalogue()
	env := startDev(t, cat, t.TempDir(), devserver.Options{})
	ctx := context.Background()
	svcs, err := env.client.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != len(cat.Services) {
		t.Fatalf("%d services published, catalogue has %d", len(svcs), len(cat.Services))
	}
	for i, s := range svcs {
		def, err := env.client.ServiceDefinition(ctx, s.Code)
		if err != nil {
			t.Fatalf("service %s: %v", s.Code, err)
		}
		want := map[string]bool{}
		for _, st := range cat.Services[i].Steps {
			for _, f := range st.Fields {
				switch {
				case f.Type == kiosk.FieldInfo:
					want[f.ID] = true
				case f.Attribute != "" && !kiosk.IsStandardParam(f.Attribute):
					want[f.Attribute] = true
				}
			}
		}
		if id := cat.Services[i].Open311.IDAttribute; id != "" {
			want[id] = true
		}
		got := map[string]bool{}
		for _, a := range def.Attributes {
			got[a.Code] = true
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("service %s: attributes %v, want %v", s.Code, got, want)
		}
	}
}

// TestBuildRequestEndToEnd sends a kiosk submission through BuildRequest
// and the client to the reference server, and reads what it stored.
func TestBuildRequestEndToEnd(t *testing.T) {
	cat := loadTestCatalogue(t)
	env := startDev(t, cat, t.TempDir(), devserver.Options{StrictAttributes: true})
	svc, _ := cat.Service("permit")
	sub := kiosk.Submission{
		ID: "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d", ServiceCode: "permit", KioskID: "IKA-T1-07",
		Answers: map[string]string{"owner": "0499370899", "kind": "repair", "reason": "ترک دیوار", "docs": "deed,map", "start": "2026-03-21", "area": "80"},
	}
	req, err := open311.BuildRequest(svc, sub, config.Location{Address: "فرودگاه امام"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.client.PostRequest(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	env.stop()
	f, _ := os.Open(filepath.Join(env.dir, devserver.RequestsFile))
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	var rec struct {
		ID         int64               `json:"id"`
		Key        string              `json:"idempotency_key"`
		Device     string              `json:"device_id"`
		Address    string              `json:"address_string"`
		Attributes map[string][]string `json:"attributes"`
	}
	if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rec.ID) != res.ServiceRequestID || rec.Key != sub.ID || rec.Device != "IKA-T1-07" || rec.Address != "فرودگاه امام" {
		t.Errorf("stored %+v", rec)
	}
	want := map[string][]string{
		"OWNER": {"0499370899"}, "KIND": {"repair"}, "REASON": {"ترک دیوار"}, "DOCS": {"deed", "map"},
		"START": {"2026-03-21T00:00:00+03:30"}, "AREA": {"80"}, "kiosk_id": {sub.ID},
	}
	if !reflect.DeepEqual(rec.Attributes, want) {
		t.Errorf("attributes = %v\nwant %v", rec.Attributes, want)
	}
}

// BenchmarkPost measures what a kiosk draining its backlog sees:
// POSTs over loopback through the client, 8 at a time, each fsynced by
// the server before it answers.
func BenchmarkPost(b *testing.B) {
	env := startDev(b, loadTestCatalogue(b), b.TempDir(), devserver.Options{})
	const workers = 8
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				if _, err := env.client.PostRequest(context.Background(), validPermit(fmt.Sprintf("bench-%d", i))); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "posts/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	if fi, err := os.Stat(filepath.Join(env.dir, devserver.RequestsFile)); err == nil {
		b.ReportMetric(float64(fi.Size())/float64(b.N), "disk-B/req")
	}
}

func TestEscapedCodes(t *testing.T) {
	cat := loadTestCatalogue(t)
	cat.Services[0].Open311.ServiceCode = "permit/2026 ٪"
	env := startDev(t, cat, t.TempDir(), devserver.Options{})
	def, err := env.client.ServiceDefinition(context.Background(), "permit/2026 ٪")
	if err != nil || def.ServiceCode != "permit/2026 ٪" {
		t.Fatalf("definition %+v, %v", def, err)
	}
	resp, err := http.Get(env.srv.URL + "/open311/v2/services/permit/2026.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unescaped slash reached a service: %d", resp.StatusCode)
	}
}
