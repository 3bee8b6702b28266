package offline_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// backOffice is a loopback Open311 server that checks what the kiosk
// sends, answers each POST with a fresh service_request_id, and can
// misbehave for its first POSTs.
type backOffice struct {
	t      testing.TB
	srv    *httptest.Server
	apiKey string

	mu sync.Mutex
	// posts lists every POST in arrival order.
	posts []seenPost
	// fault, when set, answers the first faults POSTs instead (those
	// are not stored); with faultSearches, searches too while it lasts
	// (the link is down).
	fault         func(w http.ResponseWriter, r *http.Request)
	faults        int
	faultSearches bool
	// searches counts GET requests.json calls.
	searches int
	// answer writes a successful answer for the assigned id (default: a
	// JSON array with the ID as a string).
	answer func(w http.ResponseWriter, id string)
	// tokens: token → request ID once the back office assigns it.
	tokens map[string]string
	// statuses: request ID → Open311 status document.
	statuses map[string]string
	problems []string
}

// seenPost is one POST as the back office saw it.
type seenPost struct {
	key     string // Idempotency-Key
	id      string // the service_request_id answered ("" for a fault)
	form    map[string][]string
	faulted bool
}

func newBackOffice(t testing.TB) *backOffice {
	b := &backOffice{t: t, apiKey: "sekret-key-42", tokens: map[string]string{}, statuses: map[string]string{}}
	b.srv = httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *backOffice) client(t testing.TB, timeout time.Duration) *open311.Client {
	t.Helper()
	c, err := open311.New(config.BackOffice{URL: b.srv.URL + "/open311/v2", APIKey: b.apiKey, JurisdictionID: "tehran"},
		open311.WithTimeout(timeout))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (b *backOffice) problem(format string, args ...any) {
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

func (b *backOffice) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/open311/v2/")
	switch {
	case r.Method == http.MethodPost && path == "requests.json":
		b.post(w, r)
	case r.Method == http.MethodGet && path == "requests.json":
		b.search(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(path, "tokens/"):
		tok := strings.TrimSuffix(strings.TrimPrefix(path, "tokens/"), ".json")
		b.mu.Lock()
		id := b.tokens[tok]
		b.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if id == "" {
			fmt.Fprintf(w, `[{"token":%q}]`, tok)
			return
		}
		fmt.Fprintf(w, `[{"service_request_id":%q,"token":%q}]`, id, tok)
	case r.Method == http.MethodGet && strings.HasPrefix(path, "requests/"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "requests/"), ".json")
		b.mu.Lock()
		doc := b.statuses[id]
		b.mu.Unlock()
		if doc == "" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `[{"code":404,"description":"no such request"}]`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, doc)
	default:
		http.NotFound(w, r)
	}
}

func (b *backOffice) post(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	p := seenPost{key: r.Header.Get("Idempotency-Key"), form: r.PostForm}
	b.mu.Lock()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		b.problem("POST with Content-Type %q", ct)
	}
	if got := r.PostForm.Get("api_key"); got != b.apiKey {
		b.problem("POST with api_key %q", got)
	}
	if p.key == "" {
		b.problem("POST without Idempotency-Key")
	}
	fault := b.fault
	if fault != nil && len(b.posts) < b.faults {
		p.faulted = true
		b.posts = append(b.posts, p)
		b.mu.Unlock()
		fault(w, r)
		return
	}
	p.id = fmt.Sprint(1000 + len(b.posts))
	b.posts = append(b.posts, p)
	answer := b.answer
	b.mu.Unlock()
	if answer != nil {
		answer(w, p.id)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `[{"service_request_id":%q,"service_notice":"received"}]`, p.id)
}

// search lists the stored requests of a service (GET requests.json),
// echoing each description as real back offices do.
func (b *backOffice) search(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.searches++
	if b.fault != nil && b.faultSearches && len(b.posts) < b.faults {
		fault := b.fault
		b.mu.Unlock()
		fault(w, r)
		return
	}
	type view struct {
		ID          string `json:"service_request_id"`
		Status      string `json:"status"`
		ServiceCode string `json:"service_code"`
		Description string `json:"description"`
	}
	code := r.URL.Query().Get("service_code")
	out := []view{}
	for _, p := range b.posts {
		if p.id != "" && (code == "" || p.form["service_code"][0] == code) {
			out = append(out, view{p.id, "open", p.form["service_code"][0], p.form["description"][0]})
		}
	}
	b.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// seen returns a copy of every POST so far.
func (b *backOffice) seen() []seenPost {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]seenPost(nil), b.posts...)
}

// lastAnswered returns, per idempotency key, the last request ID the back
// office answered and how many POSTs came after it.
func (b *backOffice) lastAnswered() map[string]string {
	out := map[string]string{}
	for _, p := range b.seen() {
		if p.id != "" {
			out[p.key] = p.id
		}
	}
	return out
}

func (b *backOffice) check() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("back office: %s", p)
	}
}

// Faults.

func status(code int, contentType, body string, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// hang answers nothing until the client gives up (bounded).
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// reset starts a 200 answer and then resets the connection.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n[{\"service_req")
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // RST, not FIN
	}
	conn.Close()
}

// slowBody dribbles a valid answer slower than the client waits.
func slowBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	body := `[{"service_request_id":"never-read"}]`
	for i := 0; i < len(body); i++ {
		if _, err := io.WriteString(w, body[i:i+1]); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(40 * time.Millisecond):
		}
	}
}
