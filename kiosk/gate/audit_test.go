package gate_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/gate"
)

func TestAuditFileAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), gate.AuditFileName)
	writeFile(t, path, `{"time":"2025-01-01T00:00:00Z","event":"action","action":"earlier"}`+"\n", 0o600)
	a, err := gate.OpenAuditFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)
	if err := a.Record(gate.AuditEntry{Time: at, Event: gate.AuditAction, Action: "sync-now", Outcome: "ok",
		Detail: "sent 3\nretrying 0 " + strings.Repeat("x", 1000)}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	var lines []gate.AuditEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e gate.AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, e)
	}
	if len(lines) != 2 || lines[0].Action != "earlier" || lines[1].Action != "sync-now" || !lines[1].Time.Equal(at) {
		t.Fatalf("audit file holds %+v", lines)
	}
	if len([]rune(lines[1].Detail)) > 300 || strings.Contains(lines[1].Detail, "\n") {
		t.Errorf("detail not bounded to one short line: %d runes", len([]rune(lines[1].Detail)))
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("audit log mode %v", fi.Mode().Perm())
	}
}
