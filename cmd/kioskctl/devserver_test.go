package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

// lockedBuffer is a bytes.Buffer safe for a writer goroutine and a
// reading test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

const devCatalogue = `version: "dev-1"
services:
  - code: noise
    name: {fa: "شکایت از سر و صدا", en: "Noise complaint"}
    steps:
      - id: where
        title: {fa: "محل", en: "Place"}
        fields:
          - {id: place, type: text, required: true, label: {fa: "محل", en: "Place"}}
`

// startDevServerCommand runs "kioskctl dev-server" in the background and
// returns its base URL and a function that stops it with SIGTERM and
// returns its exit code.
func startDevServerCommand(t *testing.T, args ...string) (string, func() (int, string)) {
	t.Helper()
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		code := run(append([]string{"dev-server", "--listen", "127.0.0.1:0", "--quiet"}, args...), pw, stderr)
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no base URL printed: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	base := strings.TrimSpace(line)
	stop := func() (int, string) {
		// The command has registered for the signal before printing its
		// URL, so the signal reaches it and not the test process's
		// default handler.
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		select {
		case code := <-done:
			return code, stderr.String()
		case <-time.After(10 * time.Second):
			t.Fatal("dev-server did not stop on SIGTERM")
			return 0, ""
		}
	}
	return base, stop
}

func TestDevServerCommand(t *testing.T) {
	dir := t.TempDir()
	catFile := filepath.Join(t.TempDir(), "catalogue.yaml")
	if err := os.WriteFile(catFile, []byte(devCatalogue), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--data", dir, "--api-key", "dev-key", "--catalogue", catFile}
	base, stop := startDevServerCommand(t, args...)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		t.Fatalf("base URL %q", base)
	}
	c, err := open311.New(config.BackOffice{URL: base, APIKey: "dev-key"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.PostRequest(ctx, open311.Request{ServiceCode: "noise", AddressString: "Terminal 1",
		Attributes: map[string][]string{"place": {"Gate 4"}}, IdempotencyKey: "cmd-1"})
	if err != nil || res.ServiceRequestID == "" {
		t.Fatalf("POST: %+v, %v", res, err)
	}
	bad := *c
	bad.APIKey = "other"
	if _, err := bad.PostRequest(ctx, open311.Request{ServiceCode: "noise", AddressString: "x"}); !open311.IsAuth(err) {
		t.Errorf("wrong key: %v, want 403", err)
	}
	code, stderr := stop()
	if code != 0 || !strings.Contains(stderr, "stopped") {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}

	// A restart on the same directory still knows the request.
	base, stop = startDevServerCommand(t, args...)
	c.BaseURL = base
	sr, err := c.Request(ctx, res.ServiceRequestID)
	if err != nil || sr.Status != "open" || sr.ServiceCode != "noise" {
		t.Errorf("after restart: %+v, %v", sr, err)
	}
	again, err := c.PostRequest(ctx, open311.Request{ServiceCode: "noise", AddressString: "Terminal 1",
		Attributes: map[string][]string{"place": {"Gate 4"}}, IdempotencyKey: "cmd-1"})
	if err != nil || again.ServiceRequestID != res.ServiceRequestID {
		t.Errorf("repeat after restart: %+v, %v", again, err)
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
}

func TestDevServerCommandErrors(t *testing.T) {
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(broken, []byte("version: x\nservices: []\n"), 0o600)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"no data dir", []string{"dev-server"}, 2, "--data DIR is required"},
		{"an argument", []string{"dev-server", "--data", t.TempDir(), "extra"}, 2, "takes no arguments"},
		{"broken catalogue", []string{"dev-server", "--data", t.TempDir(), "--catalogue", broken}, 1, "no services"},
		{"bad listen address", []string{"dev-server", "--data", t.TempDir(), "--listen", "256.0.0.1:1"}, 1, "dev-server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.wantCode, tt.want)
			}
		})
	}
}
