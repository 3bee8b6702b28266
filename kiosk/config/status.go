package config

import (
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// DeviceStatus is what the technician screen and the diagnostics bundle
// show of a device. It holds no personal data.
type DeviceStatus struct {
	DeviceID    string     `json:"device_id"`
	KioskNumber int        `json:"kiosk_number"`
	Site        kiosk.Text `json:"site,omitempty"`
	Mode        Mode       `json:"mode"`
	Version     string     `json:"version"`
	// Provisioned is false for a device running on defaults.
	Provisioned      bool      `json:"provisioned"`
	CatalogueVersion string    `json:"catalogue_version,omitempty"`
	StartedAt        time.Time `json:"started_at,omitzero"`

	BackOffice BackOfficeStatus `json:"back_office"`
	Queue      QueueStatus      `json:"queue"`
	// Printer is nil on a device without one (TV).
	Printer *kiosk.PrinterStatus `json:"printer,omitempty"`
	Disk    DiskStatus           `json:"disk"`
}

// BackOfficeStatus is the link to the back office as the sync worker
// sees it.
type BackOfficeStatus struct {
	// Configured is false when the device has no back office.
	Configured bool `json:"configured"`
	// Host is the back office's host name (no path, query or key).
	Host       string `json:"host,omitempty"`
	Online     bool   `json:"online"`
	AuthFailed bool   `json:"auth_failed,omitempty"`
	// LastContact is the last normal answer: the last successful sync.
	LastContact time.Time `json:"last_contact,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	// Failures counts consecutive failed calls; PausedUntil is when
	// sending resumes after them.
	Failures    int       `json:"failures,omitempty"`
	PausedUntil time.Time `json:"paused_until,omitzero"`
}

// QueueStatus summarizes the outbox.
type QueueStatus struct {
	// Unsent counts submissions not yet acknowledged (queued or being
	// sent); Dead those the back office refused.
	Unsent int `json:"unsent"`
	Dead   int `json:"dead"`
	Total  int `json:"total"`
	// OldestUnsent is when the oldest unsent submission was made; zero
	// when every submission was sent.
	OldestUnsent time.Time `json:"oldest_unsent,omitzero"`
}

// DiskStatus is the space left on the data directory's file system.
type DiskStatus struct {
	Free  uint64 `json:"free_bytes"`
	Total uint64 `json:"total_bytes"`
}

// SyncSummary is what a technician's "sync now" did.
type SyncSummary struct {
	Sent     int `json:"sent"`
	Retrying int `json:"retrying"`
	Rejected int `json:"rejected"`
	// Online is the link after the pass.
	Online bool `json:"online"`
}

// RuntimeFileName is the file in the data directory where a running kiosk
// reports on itself every few seconds, for kioskctl doctor: whether its
// screen still answers and how its database check went.
const RuntimeFileName = "kiosk-runtime.json"

// RuntimeReport is the content of RuntimeFileName.
type RuntimeReport struct {
	PID       int       `json:"pid"`
	Version   string    `json:"version"`
	StartedAt time.Time `json:"started_at"`
	// WrittenAt is when the report was written; a stale report means a
	// kiosk that no longer runs normally.
	WrittenAt time.Time `json:"written_at"`
	// UIAliveAt is when the UI thread last answered the watchdog's ping.
	UIAliveAt time.Time `json:"ui_alive_at,omitzero"`
	// OutboxCheck is the last integrity check of the database, which
	// kioskctl cannot open while the kiosk holds it.
	OutboxCheck *CheckOutcome `json:"outbox_check,omitempty"`
	// LastSerial is the highest tracking serial issued, for the clock
	// check (serials follow the clock in seconds since TrackingEpoch).
	LastSerial uint64 `json:"last_serial,omitempty"`
}

// CheckOutcome is the result of a check at a given time.
type CheckOutcome struct {
	At    time.Time `json:"at"`
	OK    bool      `json:"ok"`
	Error string    `json:"error,omitempty"`
}
