package control

import (
	"errors"
	"fmt"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// SocketFile is the name of the control socket in the data directory.
const SocketFile = "control.sock"

// Operations of the protocol.
const (
	opPing      = "ping"
	opCounts    = "counts"
	opList      = "list"
	opShow      = "show"
	opRetry     = "retry"
	opRetryDead = "retry-dead"
	opSync      = "sync"
	opSubmit    = "submit"
)

// request is the one JSON line a client writes.
type request struct {
	Op       string              `json:"op"`
	Code     kiosk.TrackingCode  `json:"code,omitempty"`
	Personal bool                `json:"personal,omitempty"`
	List     offline.ListOptions `json:"list,omitzero"`
	Submit   *SubmitRequest      `json:"submit,omitempty"`
}

// reply is one JSON line the server writes: an entry of a listing, or the
// final line with a result or an error.
type reply struct {
	Entry *Entry `json:"entry,omitempty"`
	Done  bool   `json:"done,omitempty"`
	// Final results.
	Counts  offline.Counts      `json:"counts,omitempty"`
	N       int                 `json:"n,omitempty"`
	Report  *offline.SyncReport `json:"report,omitempty"`
	Submit  *SubmitResult       `json:"submit,omitempty"`
	Error   string              `json:"error,omitempty"`
	ErrKind string              `json:"error_kind,omitempty"`
}

// errorKinds carry the sentinel errors across the socket, so errors.Is
// works the same on a Client as on a Local.
var errorKinds = map[string]error{
	"not_found":       offline.ErrNotFound,
	"acknowledged":    offline.ErrAcknowledged,
	"busy":            offline.ErrBusy,
	"purged":          offline.ErrPurged,
	"storage_full":    kiosk.ErrStorageFull,
	"no_back_office":  ErrNoBackOffice,
	"no_submit":       ErrNoSubmit,
	"invalid":         ErrInvalid,
	"tracking_code":   kiosk.ErrTrackingCode,
	"no_key":          offline.ErrNoKey,
	"wrong_key":       offline.ErrWrongKey,
	"unknown_command": errUnknownOp,
}

var errUnknownOp = errors.New("unknown control operation")

func errorKind(err error) string {
	for k, sentinel := range errorKinds {
		if errors.Is(err, sentinel) {
			return k
		}
	}
	return ""
}

// remoteError is an error the kiosk reported; it unwraps to the sentinel
// of its kind.
type remoteError struct {
	msg  string
	kind error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.kind }

func replyError(r reply) error {
	if r.Error == "" {
		return nil
	}
	return &remoteError{msg: r.Error, kind: errorKinds[r.ErrKind]}
}

var errProtocol = errors.New("control protocol")

func protocolError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errProtocol, fmt.Sprintf(format, args...))
}
