package devserver

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// Options configure a Server. The zero value is a realtime server that
// accepts any non-empty api_key.
type Options struct {
	// APIKey is the api_key POST requests must carry; "" accepts any
	// non-empty key.
	APIKey string
	// JurisdictionID, when set, must be sent with every call.
	JurisdictionID string
	// Tokens makes every service "batch": POST answers a token that turns
	// into a service_request_id once TokenDelay has passed.
	Tokens     bool
	TokenDelay time.Duration
	// CloseAfter, when positive, reports requests as closed that long
	// after they were made, so a "track my request" screen has something
	// to show.
	CloseAfter time.Duration
	// NumericIDs writes service_request_id as a JSON number, as the
	// spec's examples do; the default is a string.
	NumericIDs bool
	// Lang is the language of names and labels (default Persian); a call
	// with Accept-Language: en gets English.
	Lang kiosk.Lang
	// StrictAttributes refuses attributes the service does not define;
	// by default they are stored and ignored, as real servers do.
	StrictAttributes bool
	// AllowNoLocation accepts requests without lat/long, address_string
	// or address_id, which the spec requires.
	AllowNoLocation bool
	// IgnoreIdempotencyKey stores every POST as a new request, as most
	// real back offices do: neither the Idempotency-Key header nor the
	// service's id_attribute drops a repeat.
	IgnoreIdempotencyKey bool
	// GarbleAnswers stores each request, then answers its POST with a
	// document cut short, as a half-broken server or proxy does: the
	// kiosk cannot tell whether it was stored.
	GarbleAnswers bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives one line per call (method, path, status, service,
	// request ID; never form values). Nil means no log.
	Log io.Writer
}

// Server is a reference Open311 GeoReport v2 endpoint serving a kiosk
// catalogue, for demos and end-to-end tests. It stores requests in a
// JSON-lines file in its data directory (fsynced before it answers, with
// concurrent POSTs sharing one fsync), so they survive a restart. An
// Idempotency-Key header (or the service's id_attribute) makes a repeated
// POST answer the first request instead of creating a second. It is safe
// for concurrent use.
type Server struct {
	opts    Options
	cat     *kiosk.Catalogue
	byCode  map[string]*service
	store   *store
	mu      sync.Mutex
	nextID  int64
	list    []*request // ascending by id, failed ones included
	stored  int
	byKey   map[string]*request
	byToken map[string]*request
	address map[string]string // interned: a kiosk sends one address
	stats   struct{ posts, replays, rejected atomic.Int64 }
}

// service is one service as the server publishes it.
type service struct {
	svc   *kiosk.Service
	code  string
	attrs []attr
	byAt  map[string]*attr
}

type attr struct {
	field    *kiosk.Field
	code     string
	datatype string
	variable bool
	required bool
	values   []kiosk.Choice
}

// request is a request in memory; its answers live only in the file.
// It is kept small: a drain benchmark stores 100,000 of them. Fields
// below id are guarded by Server.mu.
type request struct {
	id        int64
	requested int64 // Unix seconds
	lat, long float64
	hasLoc    bool
	state     uint8
	posts     int32 // POSTs answered with this request since start
	token     string
	key       string
	service   string        // shared with service.code
	address   string        // interned
	desc      string        // the description, echoed by GET requests
	ready     chan struct{} // while pending; closed when settled
}

// Request states.
const (
	pending uint8 = iota
	stored
	failed
)

func (r *request) requestedAt() time.Time { return time.Unix(r.requested, 0) }

func (r *request) location() (lat, long *float64) {
	if !r.hasLoc {
		return nil, nil
	}
	a, b := r.lat, r.long
	return &a, &b
}

var _ http.Handler = (*Server)(nil)

// New opens (creating if needed) dataDir and returns a server for the
// services of cat: each field with an attribute becomes an attribute of
// its service's definition. Close it to release the file.
func New(cat *kiosk.Catalogue, dataDir string, opts Options) (*Server, error) {
	if cat == nil {
		return nil, errors.New("new dev server: no catalogue")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Lang == "" {
		opts.Lang = kiosk.Persian
	}
	s := &Server{
		opts:    opts,
		cat:     cat,
		byCode:  map[string]*service{},
		nextID:  1001,
		byKey:   map[string]*request{},
		byToken: map[string]*request{},
		address: map[string]string{},
	}
	for i := range cat.Services {
		ds := newService(&cat.Services[i])
		if _, dup := s.byCode[ds.code]; dup {
			return nil, fmt.Errorf("new dev server: service code %q used twice", ds.code)
		}
		s.byCode[ds.code] = ds
	}
	st, recs, err := openStore(dataDir)
	if err != nil {
		return nil, fmt.Errorf("new dev server: %w", err)
	}
	s.store = st
	for _, rec := range recs {
		r := rec.request()
		if ds := s.byCode[r.service]; ds != nil {
			r.service = ds.code
		}
		r.address = s.intern(r.address)
		s.index(r)
		s.stored++
		if r.id >= s.nextID {
			s.nextID = r.id + 1
		}
	}
	// Concurrent POSTs reach the file out of ID order.
	slices.SortFunc(s.list, func(a, b *request) int { return cmp.Compare(a.id, b.id) })
	return s, nil
}

func newService(svc *kiosk.Service) *service {
	ds := &service{svc: svc, code: svc.Open311Code(), byAt: map[string]*attr{}}
	seen := map[string]bool{}
	for si := range svc.Steps {
		st := &svc.Steps[si]
		for fi := range st.Fields {
			f := &st.Fields[fi]
			code := f.Attribute
			if f.Type == kiosk.FieldInfo && code == "" {
				code = f.ID // published as display text (variable false)
			}
			if code == "" || kiosk.IsStandardParam(code) {
				continue
			}
			if seen[code] {
				ds.share(code, f)
				continue
			}
			seen[code] = true
			a := attr{
				field:    f,
				code:     code,
				datatype: datatypeOf(f.Type),
				variable: f.Type != kiosk.FieldInfo,
				// A field shown only for some answers cannot be required
				// of every request.
				required: f.Required && f.When == nil && st.When == nil && f.Type != kiosk.FieldInfo,
				values:   f.Choices,
			}
			if f.Type == kiosk.FieldYesNo && len(a.values) == 0 {
				a.values = []kiosk.Choice{{Value: "yes"}, {Value: "no"}} // named by valueName
			}
			ds.attrs = append(ds.attrs, a)
		}
	}
	if a := svc.Open311.IDAttribute; a != "" && !seen[a] {
		ds.attrs = append(ds.attrs, attr{code: a, datatype: open311.DatatypeString, variable: true})
	}
	for i := range ds.attrs {
		ds.byAt[ds.attrs[i].code] = &ds.attrs[i]
	}
	return ds
}

// share folds a second field sent under the same attribute (fields whose
// conditions exclude each other, e.g. one grade list per school level)
// into the attribute: either field's values are accepted, neither is
// required of every request, and differing datatypes fall back to string.
func (ds *service) share(code string, f *kiosk.Field) {
	for i := range ds.attrs {
		a := &ds.attrs[i]
		if a.code != code {
			continue
		}
		a.required = false
		if dt := datatypeOf(f.Type); dt != a.datatype {
			a.datatype, a.values = open311.DatatypeString, nil
			return
		}
		values := slices.Clone(a.values)
		for _, c := range f.Choices {
			if !hasValue(values, c.Value) {
				values = append(values, c)
			}
		}
		a.values = values
		return
	}
}

// datatypeOf maps a kiosk field type to the GeoReport datatype it is
// published as.
func datatypeOf(t kiosk.FieldType) string {
	switch t {
	case kiosk.FieldLongText:
		return open311.DatatypeText
	case kiosk.FieldNumber, kiosk.FieldAmount:
		return open311.DatatypeNumber
	case kiosk.FieldDate:
		return open311.DatatypeDatetime
	case kiosk.FieldChoice, kiosk.FieldYesNo:
		return open311.DatatypeSingleValueList
	case kiosk.FieldMultiChoice:
		return open311.DatatypeMultiValueList
	}
	return open311.DatatypeString
}

// formatHint describes the kiosk-side format of a string attribute, for
// datatype_description.
func formatHint(t kiosk.FieldType) string {
	switch t {
	case kiosk.FieldNationalCode:
		return "Iranian national code: 10 digits"
	case kiosk.FieldMobile:
		return "Iranian mobile number: 09xxxxxxxxx"
	case kiosk.FieldPostalCode:
		return "postal code: 10 digits"
	case kiosk.FieldPlate:
		return "vehicle plate: NN-L-NNN-PP"
	case kiosk.FieldEmail:
		return "email address"
	case kiosk.FieldPassport:
		return "passport number: 5 to 20 capitals A-Z and digits"
	case kiosk.FieldCountry:
		return "country: ISO 3166-1 alpha-2 code"
	case kiosk.FieldAmount:
		return "amount in rials"
	case kiosk.FieldDate:
		return "ISO 8601 date"
	}
	return ""
}

// Close stops the writer and closes the data file. Calls in flight when
// it is called fail with 503.
func (s *Server) Close() error { return s.store.close() }

// Stats counts what a Server has seen since it started.
type Stats struct {
	// Requests is the number of stored requests, including those loaded
	// from the data directory.
	Requests int
	// Posts counts POST calls that passed validation; Replays those of
	// them that repeated an earlier Idempotency-Key.
	Posts, Replays int
	// Rejected counts POST calls answered with an error.
	Rejected int
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	n := s.stored
	s.mu.Unlock()
	return Stats{
		Requests: n,
		Posts:    int(s.stats.posts.Load()),
		Replays:  int(s.stats.replays.Load()),
		Rejected: int(s.stats.rejected.Load()),
	}
}

// PostsFor reports the service_request_id stored for an idempotency key
// ("" if none) and how many POSTs carrying the key were answered with it
// since the server started: 1 for a submission sent once, more for each
// repeat.
func (s *Server) PostsFor(key string) (posts int, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.byKey[key]; r != nil && r.state == stored {
		return int(r.posts), strconv.FormatInt(r.id, 10)
	}
	return 0, ""
}

// index adds r; the caller holds mu (or owns s), and r.id is above every
// ID in the list except while loading.
func (s *Server) index(r *request) {
	if r.key != "" {
		s.byKey[r.key] = r
	}
	if r.token != "" {
		s.byToken[r.token] = r
	}
	s.list = append(s.list, r)
}

// unindex forgets a request that could not be stored; it stays in the
// list as failed. The caller holds mu.
func (s *Server) unindex(r *request) {
	if r.key != "" && s.byKey[r.key] == r {
		delete(s.byKey, r.key)
	}
	if r.token != "" {
		delete(s.byToken, r.token)
	}
}

// find returns the request with the given ID, or nil. The caller holds mu.
func (s *Server) find(id int64) *request {
	i, ok := slices.BinarySearchFunc(s.list, id, func(r *request, id int64) int { return cmp.Compare(r.id, id) })
	if !ok {
		return nil
	}
	return s.list[i]
}

// settle waits until r is stored or failed and reports whether it was
// stored. The caller holds mu; settle may release it while it waits.
func (s *Server) settle(r *request) bool {
	for r.state == pending {
		ch := r.ready
		s.mu.Unlock()
		<-ch
		s.mu.Lock()
	}
	return r.state == stored
}

// maxInterned bounds the address intern table.
const maxInterned = 1024

func (s *Server) intern(a string) string {
	if v, ok := s.address[a]; ok {
		return v
	}
	if len(s.address) < maxInterned {
		s.address[a] = a
	}
	return a
}

// ServeHTTP routes the GeoReport v2 methods.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.opts.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.route(rec, r)
	if s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, "%s %s %s %d %v %s\n", start.Format(time.RFC3339), r.Method, r.URL.Path,
			rec.status, s.opts.Now().Sub(start).Round(time.Microsecond), rec.note)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	note   string
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) route(w *statusRecorder, r *http.Request) {
	// The escaped path, so that a code holding "/" (sent as %2F) stays one
	// segment.
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/")
	format := "json"
	switch {
	case strings.HasSuffix(path, ".json"):
		path = strings.TrimSuffix(path, ".json")
	case strings.HasSuffix(path, ".xml"):
		path, format = strings.TrimSuffix(path, ".xml"), "xml"
	default:
		s.fail(w, format, http.StatusNotFound, "404", "unknown resource; append .json or .xml")
		return
	}
	dir, name, hasName := strings.Cut(path, "/")
	if hasName {
		var err error
		if strings.Contains(name, "/") {
			s.fail(w, format, http.StatusNotFound, "404", "unknown resource")
			return
		}
		if name, err = url.PathUnescape(name); err != nil || name == "" {
			s.fail(w, format, http.StatusNotFound, "404", "unknown resource")
			return
		}
	}
	method := http.MethodGet
	if dir == "requests" && !hasName {
		method = "" // GET or POST
	}
	if method != "" && r.Method != method && r.Method != http.MethodHead {
		w.Header().Set("Allow", method)
		s.fail(w, format, http.StatusMethodNotAllowed, "405", "method not allowed")
		return
	}
	if !s.checkJurisdiction(w, r, format) {
		return
	}
	switch {
	case dir == "services" && !hasName:
		s.serveServices(w, r, format)
	case dir == "services":
		s.serveDefinition(w, r, format, name)
	case dir == "requests" && !hasName && r.Method == http.MethodPost:
		s.servePost(w, r, format)
	case dir == "requests" && !hasName && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.serveRequests(w, r, format)
	case dir == "requests" && !hasName:
		w.Header().Set("Allow", "GET, POST")
		s.fail(w, format, http.StatusMethodNotAllowed, "405", "method not allowed")
	case dir == "requests":
		s.serveRequest(w, r, format, name)
	case dir == "tokens" && hasName:
		s.serveToken(w, r, format, name)
	default:
		s.fail(w, format, http.StatusNotFound, "404", "unknown resource")
	}
}

func (s *Server) checkJurisdiction(w *statusRecorder, r *http.Request, format string) bool {
	if s.opts.JurisdictionID == "" {
		return true
	}
	j := r.URL.Query().Get("jurisdiction_id")
	if r.Method == http.MethodPost {
		if err := s.parseForm(r); err == nil {
			j = r.PostForm.Get("jurisdiction_id")
		}
	}
	switch j {
	case s.opts.JurisdictionID:
		return true
	case "":
		s.fail(w, format, http.StatusBadRequest, "400", "jurisdiction_id was not provided")
	default:
		s.fail(w, format, http.StatusNotFound, "404", "jurisdiction_id not found")
	}
	return false
}

func (s *Server) lang(r *http.Request) kiosk.Lang {
	al := strings.ToLower(r.Header.Get("Accept-Language"))
	switch {
	case strings.HasPrefix(al, "en"):
		return kiosk.English
	case strings.HasPrefix(al, "fa"):
		return kiosk.Persian
	}
	return s.opts.Lang
}

func (s *Server) serviceType() string {
	if s.opts.Tokens {
		return open311.TypeBatch
	}
	return open311.TypeRealtime
}

func (s *Server) services(l kiosk.Lang) []open311.Service {
	out := make([]open311.Service, 0, len(s.cat.Services))
	for i := range s.cat.Services {
		svc := &s.cat.Services[i]
		ds := s.byCode[svc.Open311Code()]
		out = append(out, open311.Service{
			Code:        ds.code,
			Name:        svc.Name.In(l),
			Description: svc.Description.In(l),
			Metadata:    len(ds.attrs) > 0,
			Type:        s.serviceType(),
			Group:       svc.Icon,
		})
	}
	return out
}

func (s *Server) serveServices(w *statusRecorder, r *http.Request, format string) {
	svcs := s.services(s.lang(r))
	if format == "xml" {
		type xmlService struct {
			Code        string `xml:"service_code"`
			Name        string `xml:"service_name"`
			Description string `xml:"description"`
			Metadata    bool   `xml:"metadata"`
			Type        string `xml:"type"`
			Keywords    string `xml:"keywords"`
			Group       string `xml:"group"`
		}
		doc := struct {
			XMLName  xml.Name     `xml:"services"`
			Services []xmlService `xml:"service"`
		}{}
		for _, sv := range svcs {
			doc.Services = append(doc.Services, xmlService(sv))
		}
		s.writeXML(w, http.StatusOK, doc)
		return
	}
	s.writeJSON(w, http.StatusOK, svcs)
}

func (s *Server) definition(ds *service, l kiosk.Lang) open311.ServiceDefinition {
	def := open311.ServiceDefinition{ServiceCode: ds.code, Attributes: []open311.Attribute{}}
	for i, a := range ds.attrs {
		at := open311.Attribute{
			Variable: a.variable,
			Code:     a.code,
			Datatype: a.datatype,
			Required: a.required,
			Order:    i + 1,
		}
		if a.field != nil {
			at.Description = a.field.Label.In(l)
			at.DatatypeDescription = a.field.Hint.In(l)
			if at.DatatypeDescription == "" {
				at.DatatypeDescription = formatHint(a.field.Type)
			}
		} else {
			at.Description = "Set by the kiosk: the submission ID, for dropping duplicates"
		}
		for _, c := range a.values {
			at.Values = append(at.Values, open311.AttributeValue{Key: c.Value, Name: valueName(c, l)})
		}
		def.Attributes = append(def.Attributes, at)
	}
	return def
}

// valueName is a choice's name in l. The yes and no given to a yes/no
// field without choices of its own carry no label: theirs are in the
// message catalogue.
func valueName(c kiosk.Choice, l kiosk.Lang) string {
	switch {
	case c.Label != nil:
		return c.Label.In(l)
	case c.Value == "yes":
		return kiosk.Msg(l, "open311.yes")
	case c.Value == "no":
		return kiosk.Msg(l, "open311.no")
	}
	return c.Value
}

func (s *Server) serveDefinition(w *statusRecorder, r *http.Request, format, code string) {
	ds := s.byCode[code]
	if ds == nil {
		s.fail(w, format, http.StatusNotFound, "404", "service_code not found")
		return
	}
	def := s.definition(ds, s.lang(r))
	if format == "xml" {
		type xmlValue struct {
			Key  string `xml:"key"`
			Name string `xml:"name"`
		}
		type xmlAttr struct {
			Variable            bool       `xml:"variable"`
			Code                string     `xml:"code"`
			Datatype            string     `xml:"datatype"`
			Required            bool       `xml:"required"`
			DatatypeDescription string     `xml:"datatype_description"`
			Order               int        `xml:"order"`
			Description         string     `xml:"description"`
			Values              []xmlValue `xml:"values>value"`
		}
		doc := struct {
			XMLName     xml.Name  `xml:"service_definition"`
			ServiceCode string    `xml:"service_code"`
			Attributes  []xmlAttr `xml:"attributes>attribute"`
		}{ServiceCode: def.ServiceCode}
		for _, a := range def.Attributes {
			xa := xmlAttr{a.Variable, a.Code, a.Datatype, a.Required, a.DatatypeDescription, a.Order, a.Description, nil}
			for _, v := range a.Values {
				xa.Values = append(xa.Values, xmlValue(v))
			}
			doc.Attributes = append(doc.Attributes, xa)
		}
		s.writeXML(w, http.StatusOK, doc)
		return
	}
	s.writeJSON(w, http.StatusOK, def)
}

// maxPostBody bounds a POST's form.
const maxPostBody = 64 << 10

func (s *Server) parseForm(r *http.Request) error {
	if r.PostForm != nil {
		return nil
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return errors.New("Content-Type must be application/x-www-form-urlencoded")
	}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") {
		return errors.New("charset must be utf-8")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPostBody+1))
	if err != nil {
		return errors.New("could not read the request body")
	}
	if len(body) > maxPostBody {
		return fmt.Errorf("request body over %d bytes", maxPostBody)
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return errors.New("request body is not form-encoded")
	}
	for k, vals := range v {
		for _, x := range vals {
			if !utf8.ValidString(k) || !utf8.ValidString(x) {
				return errors.New("request body is not UTF-8")
			}
		}
	}
	r.PostForm = v
	return nil
}

// postError is one reason a POST is refused.
type postError struct {
	status int
	open311.APIError
}

func (s *Server) servePost(w *statusRecorder, r *http.Request, format string) {
	if err := s.parseForm(r); err != nil {
		s.stats.rejected.Add(1)
		s.fail(w, format, http.StatusBadRequest, "400", err.Error())
		return
	}
	f := r.PostForm
	key := f.Get("api_key")
	if key == "" || (s.opts.APIKey != "" && key != s.opts.APIKey) {
		s.stats.rejected.Add(1)
		s.fail(w, format, http.StatusForbidden, "403", "Invalid api_key received -- can't proceed with create_request.")
		return
	}
	code := f.Get("service_code")
	if code == "" {
		s.stats.rejected.Add(1)
		s.fail(w, format, http.StatusBadRequest, "400", "service_code was not provided")
		return
	}
	ds := s.byCode[code]
	if ds == nil {
		s.stats.rejected.Add(1)
		s.fail(w, format, http.StatusNotFound, "404", "service_code not found")
		return
	}
	w.note = "service=" + code
	lat, long, perr := s.location(f)
	errs := perr
	attrs, aerrs := ds.attributes(f, s.opts.StrictAttributes)
	errs = append(errs, aerrs...)
	if utf8.RuneCountInString(f.Get("description")) > open311.MaxDescription {
		errs = append(errs, postError{400, open311.APIError{Code: "400", Description: "description is longer than 4000 characters"}})
	}
	if len(errs) > 0 {
		s.stats.rejected.Add(1)
		var out []open311.APIError
		for _, e := range errs {
			out = append(out, e.APIError)
		}
		s.writeErrors(w, format, errs[0].status, out)
		return
	}

	idem := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if idem == "" && ds.svc.Open311.IDAttribute != "" {
		if v := attrs[ds.svc.Open311.IDAttribute]; len(v) == 1 {
			idem = v[0]
		}
	}
	if len(idem) > 200 {
		s.stats.rejected.Add(1)
		s.fail(w, format, http.StatusBadRequest, "400", "Idempotency-Key is longer than 200 characters")
		return
	}

	now := s.opts.Now().Truncate(time.Second)
	s.mu.Lock()
	for idem != "" && !s.opts.IgnoreIdempotencyKey {
		prev := s.byKey[idem]
		if prev == nil {
			break
		}
		if s.settle(prev) {
			prev.posts++
			s.mu.Unlock()
			s.stats.posts.Add(1)
			s.stats.replays.Add(1)
			w.note += " replay=" + strconv.FormatInt(prev.id, 10)
			s.writePostAnswer(w, format, http.StatusOK, prev)
			return
		}
		// The first attempt could not be stored and was unindexed; look
		// again, since another repeat may have taken its place.
	}
	req := &request{
		id: s.nextID, key: idem, service: ds.code, requested: now.Unix(),
		address: s.intern(f.Get("address_string")), desc: f.Get("description"), ready: make(chan struct{}),
	}
	if lat != nil {
		req.lat, req.long, req.hasLoc = *lat, *long, true
	}
	if s.opts.Tokens {
		req.token = newToken()
	}
	s.nextID++
	s.index(req)
	s.mu.Unlock()

	rec := record{
		ID: req.id, Key: idem, Token: req.token, ServiceCode: code, Requested: now,
		Lat: lat, Long: long, Address: req.address, AddressID: f.Get("address_id"),
		DeviceID: f.Get("device_id"), Description: f.Get("description"), Attributes: attrs,
		FirstName: f.Get("first_name"), LastName: f.Get("last_name"), Phone: f.Get("phone"),
		Email: f.Get("email"), MediaURL: f.Get("media_url"),
	}
	err := s.store.append(&rec)
	s.mu.Lock()
	if err != nil {
		req.state = failed
		s.unindex(req)
	} else {
		req.state, req.posts = stored, 1
		s.stored++
	}
	close(req.ready)
	req.ready = nil
	s.mu.Unlock()
	if err != nil {
		s.stats.rejected.Add(1)
		s.fail(w, format, http.StatusServiceUnavailable, "503", "the request could not be stored; try again")
		return
	}
	s.stats.posts.Add(1)
	w.note += " id=" + strconv.FormatInt(req.id, 10)
	if s.opts.GarbleAnswers {
		w.note += " garbled"
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `[{"service_request_id":"`)
		return
	}
	s.writePostAnswer(w, format, http.StatusCreated, req)
}

func newToken() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err)) // never fails on Linux
	}
	return hex.EncodeToString(b[:])
}

func (s *Server) location(f url.Values) (lat, long *float64, errs []postError) {
	ls, gs := f.Get("lat"), f.Get("long")
	if ls != "" || gs != "" {
		a, err1 := strconv.ParseFloat(ls, 64)
		b, err2 := strconv.ParseFloat(gs, 64)
		if err1 != nil || err2 != nil || math.Abs(a) > 90 || math.Abs(b) > 180 || math.IsNaN(a) || math.IsNaN(b) {
			return nil, nil, []postError{{400, open311.APIError{Code: "400", Description: "lat and long must both be given as WGS84 degrees"}}}
		}
		return &a, &b, nil
	}
	if f.Get("address_string") != "" || f.Get("address_id") != "" || s.opts.AllowNoLocation {
		return nil, nil, nil
	}
	return nil, nil, []postError{{400, open311.APIError{Code: "400", Description: "a location is required: lat and long, address_string or address_id"}}}
}

// attributes reads attribute[CODE] and attribute[CODE][] and checks them
// against the definition.
func (ds *service) attributes(f url.Values, strict bool) (map[string][]string, []postError) {
	got := map[string][]string{}
	var errs []postError
	bad := func(format string, a ...any) {
		errs = append(errs, postError{400, open311.APIError{Code: "400", Description: fmt.Sprintf(format, a...)}})
	}
	for k, vals := range f {
		if !strings.HasPrefix(k, "attribute[") {
			continue
		}
		code, multi := strings.CutSuffix(strings.TrimPrefix(k, "attribute["), "][]")
		if !multi {
			var ok bool
			if code, ok = strings.CutSuffix(code, "]"); !ok {
				bad("%.60s is not attribute[CODE] or attribute[CODE][]", k)
				continue
			}
		}
		if ds.byAt[code] == nil && strict {
			bad("attribute[%.60s] is not an attribute of service %s", code, ds.code)
			continue
		}
		got[code] = append(got[code], vals...)
	}
	for i := range ds.attrs {
		a := &ds.attrs[i]
		vals := nonEmpty(got[a.code])
		if len(vals) == 0 {
			delete(got, a.code)
			if a.required {
				bad("attribute[%s] is required", a.code)
			}
			continue
		}
		got[a.code] = vals
		if !a.variable {
			bad("attribute[%s] is display text and takes no value", a.code)
			continue
		}
		switch a.datatype {
		case open311.DatatypeSingleValueList, open311.DatatypeMultiValueList:
			if a.datatype == open311.DatatypeSingleValueList && len(vals) > 1 {
				bad("attribute[%s] takes one value", a.code)
			}
			for _, v := range vals {
				if !hasValue(a.values, v) {
					bad("attribute[%s]: %.40q is not one of its values", a.code, v)
				}
			}
		case open311.DatatypeNumber:
			for _, v := range vals {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					bad("attribute[%s] must be a number", a.code)
				}
			}
		case open311.DatatypeDatetime:
			for _, v := range vals {
				if open311.ParseTime(v).IsZero() {
					bad("attribute[%s] must be an ISO 8601 datetime", a.code)
				}
			}
		case open311.DatatypeString:
			for _, v := range vals {
				if strings.ContainsAny(v, "\r\n") {
					bad("attribute[%s] is a string and cannot hold line breaks", a.code)
				}
			}
		}
		if len(vals) > 1 && a.datatype != open311.DatatypeMultiValueList && a.datatype != open311.DatatypeSingleValueList {
			bad("attribute[%s] takes one value", a.code)
		}
	}
	return got, errs
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

func hasValue(values []kiosk.Choice, v string) bool {
	for _, c := range values {
		if c.Value == v {
			return true
		}
	}
	return false
}

// idValue writes a request ID as the options ask: a string or a number.
func (s *Server) idValue(id int64) any {
	if s.opts.NumericIDs {
		return id
	}
	return strconv.FormatInt(id, 10)
}

func (s *Server) writePostAnswer(w *statusRecorder, format string, status int, req *request) {
	type answer struct {
		ID            any    `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
		Token         string `json:"token,omitempty" xml:"token,omitempty"`
		ServiceNotice string `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
	}
	a := answer{ServiceNotice: "Received by the Pishkhan reference server."}
	if req.token != "" {
		a.Token = req.token
	} else {
		a.ID = s.idValue(req.id)
	}
	if format == "xml" {
		s.writeXML(w, status, struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []answer `xml:"request"`
		}{Requests: []answer{a}})
		return
	}
	s.writeJSON(w, status, []answer{a})
}

func (s *Server) serveToken(w *statusRecorder, r *http.Request, format, token string) {
	s.mu.Lock()
	req := s.byToken[token]
	ok := req != nil && s.settle(req)
	s.mu.Unlock()
	if !ok {
		s.fail(w, format, http.StatusNotFound, "404", "token not found")
		return
	}
	type answer struct {
		ID    any    `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
		Token string `json:"token" xml:"token"`
	}
	a := answer{Token: token}
	if !s.opts.Now().Before(req.requestedAt().Add(s.opts.TokenDelay)) {
		a.ID = s.idValue(req.id)
	}
	if format == "xml" {
		s.writeXML(w, http.StatusOK, struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []answer `xml:"request"`
		}{Requests: []answer{a}})
		return
	}
	s.writeJSON(w, http.StatusOK, []answer{a})
}

// requestView is a stored request as GET requests shows it.
type requestView struct {
	ID          any      `json:"service_request_id"`
	Status      string   `json:"status"`
	StatusNotes *string  `json:"status_notes"`
	ServiceName string   `json:"service_name"`
	ServiceCode string   `json:"service_code"`
	Description *string  `json:"description"`
	Requested   string   `json:"requested_datetime"`
	Updated     string   `json:"updated_datetime"`
	Expected    *string  `json:"expected_datetime"`
	Address     string   `json:"address,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Long        *float64 `json:"long,omitempty"`
}

func (s *Server) view(req *request, l kiosk.Lang) requestView {
	v := requestView{
		ID:          s.idValue(req.id),
		Status:      "open",
		ServiceCode: req.service,
		Requested:   req.requestedAt().In(kiosk.Tehran).Format(time.RFC3339),
		Updated:     req.requestedAt().In(kiosk.Tehran).Format(time.RFC3339),
		Address:     req.address,
	}
	if req.desc != "" {
		v.Description = &req.desc
	}
	v.Lat, v.Long = req.location()
	if ds := s.byCode[req.service]; ds != nil {
		v.ServiceName = ds.svc.Name.In(l)
	}
	if s.opts.CloseAfter > 0 {
		done := req.requestedAt().Add(s.opts.CloseAfter)
		exp := done.In(kiosk.Tehran).Format(time.RFC3339)
		v.Expected = &exp
		if !s.opts.Now().Before(done) {
			v.Status = "closed"
			v.Updated = exp
			notes := "Done."
			v.StatusNotes = &notes
		}
	}
	return v
}

func (s *Server) serveRequest(w *statusRecorder, r *http.Request, format, id string) {
	n, err := strconv.ParseInt(id, 10, 64)
	s.mu.Lock()
	req := s.find(n)
	ok := err == nil && req != nil && s.settle(req)
	s.mu.Unlock()
	if !ok {
		s.fail(w, format, http.StatusNotFound, "404", "service_request_id not found")
		return
	}
	s.writeViews(w, format, []requestView{s.view(req, s.lang(r))})
}

// maxListed is the spec's cap on GET requests.
const maxListed = 1000

// serveRequests is GET requests: the listed IDs, or the newest requests
// within the dates, service codes and statuses asked for. Requests still
// being stored are left out.
func (s *Server) serveRequests(w *statusRecorder, r *http.Request, format string) {
	q := r.URL.Query()
	l := s.lang(r)
	var picked []*request
	if ids := q.Get("service_request_id"); ids != "" {
		s.mu.Lock()
		for i, id := range strings.Split(ids, ",") {
			if i == maxListed {
				break
			}
			n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
			if req := s.find(n); err == nil && req != nil && req.state == stored {
				picked = append(picked, req)
			}
		}
		s.mu.Unlock()
	} else {
		end := s.opts.Now()
		if t := open311.ParseTime(q.Get("end_date")); !t.IsZero() {
			end = t
		}
		start := end.AddDate(0, 0, -90)
		if t := open311.ParseTime(q.Get("start_date")); !t.IsZero() {
			start = t
		}
		codes := splitSet(q.Get("service_code"))
		statuses := splitSet(q.Get("status"))
		s.mu.Lock()
		for i := len(s.list) - 1; i >= 0 && len(picked) < maxListed; i-- {
			req := s.list[i]
			at := req.requestedAt()
			switch {
			case req.state != stored, at.Before(start), at.After(end),
				len(codes) > 0 && !codes[req.service],
				len(statuses) > 0 && !statuses[s.view(req, l).Status]:
				continue
			}
			picked = append(picked, req)
		}
		s.mu.Unlock()
	}
	views := make([]requestView, 0, len(picked))
	for _, req := range picked {
		views = append(views, s.view(req, l))
	}
	s.writeViews(w, format, views)
}

func splitSet(s string) map[string]bool {
	if s == "" {
		return nil
	}
	m := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			m[p] = true
		}
	}
	return m
}

func (s *Server) writeViews(w *statusRecorder, format string, views []requestView) {
	if format == "xml" {
		type xmlReq struct {
			ID          string `xml:"service_request_id"`
			Status      string `xml:"status"`
			StatusNotes string `xml:"status_notes"`
			ServiceName string `xml:"service_name"`
			ServiceCode string `xml:"service_code"`
			Requested   string `xml:"requested_datetime"`
			Updated     string `xml:"updated_datetime"`
			Address     string `xml:"address"`
		}
		doc := struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []xmlReq `xml:"request"`
		}{}
		for _, v := range views {
			x := xmlReq{ID: fmt.Sprint(v.ID), Status: v.Status, ServiceName: v.ServiceName,
				ServiceCode: v.ServiceCode, Requested: v.Requested, Updated: v.Updated, Address: v.Address}
			if v.StatusNotes != nil {
				x.StatusNotes = *v.StatusNotes
			}
			doc.Requests = append(doc.Requests, x)
		}
		s.writeXML(w, http.StatusOK, doc)
		return
	}
	s.writeJSON(w, http.StatusOK, views)
}

func (s *Server) fail(w http.ResponseWriter, format string, status int, code, desc string) {
	s.writeErrors(w, format, status, []open311.APIError{{Code: code, Description: desc}})
}

func (s *Server) writeErrors(w http.ResponseWriter, format string, status int, errs []open311.APIError) {
	if format == "xml" {
		s.writeXML(w, status, struct {
			XMLName xml.Name           `xml:"errors"`
			Errors  []open311.APIError `xml:"error"`
		}{Errors: errs})
		return
	}
	s.writeJSON(w, status, errs)
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode answer", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

func (s *Server) writeXML(w http.ResponseWriter, status int, v any) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "encode answer", http.StatusInternalServerError)
		return
	}
	b = append([]byte(`<?xml version="1.0" encoding="utf-8"?>`+"\n"), b...)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
