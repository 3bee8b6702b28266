package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestSyncOnce(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		n := len(keys)
		mu.Unlock()
		fmt.Fprintf(w, `[{"service_request_id":"REQ-%d"}]`, n)
	}))
	defer srv.Close()
	dir := kioskDir(t, srv.URL)
	code := submit(t, dir)

	out := mustRun(t, "sync", "--once", "-data", dir)
	if !strings.Contains(out, "sent 1") || !strings.Contains(out, "back office: online") || !strings.Contains(out, "1 sent") {
		t.Errorf("sync --once:\n%s", out)
	}
	if strings.Contains(out, "key-that-must-not-show") {
		t.Error("sync printed the api_key")
	}
	ls := mustRun(t, "queue", "ls", "-data", dir)
	if !strings.Contains(ls, code.String()) || !strings.Contains(ls, "request REQ-1") {
		t.Errorf("after sync:\n%s", ls)
	}
	// Acknowledged: a second pass sends nothing.
	var rep struct{ Sent int }
	if err := json.Unmarshal([]byte(mustRun(t, "sync", "--once", "--json", "-data", dir)), &rep); err != nil || rep.Sent != 0 {
		t.Errorf("second pass: %+v, %v", rep, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 1 || keys[0] == "" {
		t.Errorf("back office saw POSTs with keys %q, want one", keys)
	}
}
