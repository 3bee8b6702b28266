package control

import (
	"errors"
	"net/http"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// Errors of the control API itself, beside the Queue's.
var (
	errBadRequest  = errors.New("bad request")
	errTooLarge    = errors.New("request too large")
	errPeerRefused = errors.New("control socket peer refused")
)

// apiErrors gives each sentinel error a Queue may return its HTTP status
// and the code that carries it across the socket, so errors.Is works the
// same on a Client as on a Local. The first match wins.
var apiErrors = []struct {
	code   string
	err    error
	status int
}{
	{"bad_request", errBadRequest, http.StatusBadRequest},
	{"invalid", ErrInvalid, http.StatusBadRequest},
	{"tracking_code", kiosk.ErrTrackingCode, http.StatusBadRequest},
	{"peer_refused", errPeerRefused, http.StatusForbidden},
	{"not_found", offline.ErrNotFound, http.StatusNotFound},
	{"acknowledged", offline.ErrAcknowledged, http.StatusConflict},
	{"busy", offline.ErrBusy, http.StatusConflict},
	{"purged", offline.ErrPurged, http.StatusGone},
	{"too_large", errTooLarge, http.StatusRequestEntityTooLarge},
	{"no_back_office", ErrNoBackOffice, http.StatusServiceUnavailable},
	{"no_submit", ErrNoSubmit, http.StatusServiceUnavailable},
	{"storage_full", kiosk.ErrStorageFull, http.StatusInsufficientStorage},
	{"no_key", offline.ErrNoKey, http.StatusInternalServerError},
	{"wrong_key", offline.ErrWrongKey, http.StatusInternalServerError},
}

// errorBody is the JSON body of every error answer.
type errorBody struct {
	Error string `json:"error"`
	Code  string `json:"code,omitempty"`
}

// statusOf returns the HTTP status and the code of err; an error of no
// known kind is the kiosk's own fault.
func statusOf(err error) (int, string) {
	for _, e := range apiErrors {
		if errors.Is(err, e.err) {
			return e.status, e.code
		}
	}
	return http.StatusInternalServerError, ""
}

// remoteError is an error the kiosk answered; it unwraps to the sentinel
// of its code.
type remoteError struct {
	msg  string
	kind error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.kind }

// sentinelOf returns the sentinel error of an answer's code, or nil.
func sentinelOf(code string) error {
	for _, e := range apiErrors {
		if e.code == code {
			return e.err
		}
	}
	return nil
}
