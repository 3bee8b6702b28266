package gate

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// AuditLog keeps a record of what technicians did on the device. Entries
// never hold personal data or secrets.
type AuditLog interface {
	Record(AuditEntry) error
}

// AuditEvent names what an audit entry records.
type AuditEvent string

// Audit events.
const (
	AuditPINAccepted AuditEvent = "pin-accepted"
	AuditPINRejected AuditEvent = "pin-rejected"
	AuditPINRefused  AuditEvent = "pin-refused" // locked, or no PIN provisioned
	AuditAction      AuditEvent = "action"
	AuditError       AuditEvent = "error"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Time  time.Time  `json:"time"`
	Event AuditEvent `json:"event"`
	// Action is the technician's action, e.g. "sync-now".
	Action  string `json:"action,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// AuditFileName is the audit log's name in the data directory.
const AuditFileName = "technician-audit.log"

// LockoutFileName is the name, in the data directory, of the file the
// PIN lockout is kept in (Config.StatePath).
const LockoutFileName = "technician-lockout.json"

// AuditFile is an AuditLog kept as JSON lines in a file that is only ever
// appended to: each entry opens it for appending, writes one line and
// fsyncs it before Record returns. Technician actions are rare, so no
// file stays open between them.
type AuditFile struct {
	mu   sync.Mutex
	path string
}

// OpenAuditFile returns the audit log at path, creating the file (mode
// 0600) so that a folder it cannot be written to shows at once.
func OpenAuditFile(path string) (*AuditFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	return &AuditFile{path: path}, nil
}

// maxAuditDetail bounds an entry's detail, so an error from a hostile
// server cannot flood the log.
const maxAuditDetail = 300

// Record appends e as one line.
func (a *AuditFile) Record(e AuditEntry) error {
	if r := []rune(e.Detail); len(r) > maxAuditDetail {
		e.Detail = string(r[:maxAuditDetail-1]) + "…"
	}
	e.Detail = strings.Join(strings.Fields(e.Detail), " ")
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	f, err := os.OpenFile(a.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

type discardAudit struct{}

func (discardAudit) Record(AuditEntry) error { return nil }
