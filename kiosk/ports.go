package kiosk

import (
	"context"
	"errors"
	"time"
)

// Outbox keeps submissions durably until the back office has them.
type Outbox interface {
	// Enqueue stores the submission. When it returns nil the submission is
	// on disk (fsynced) and the citizen may be given its tracking code.
	Enqueue(ctx context.Context, s Submission) error
}

// ErrStorageFull is returned (wrapped) by an Outbox that has run out of
// space. The citizen is told the kiosk cannot take submissions right now.
var ErrStorageFull = errors.New("storage full")

// Receipt is what a citizen takes away. It never carries personal data.
type Receipt struct {
	TrackingCode TrackingCode
	ServiceCode  string
	ServiceName  Text
	// Agency is the public body the request goes to (Service.Agency),
	// named in the receipt's header; nil prints a generic line.
	Agency   Text
	IssuedAt time.Time
	KioskID  string
	Site     Text
	Lang     Lang
	// QR is the signed string the receipt's QR code holds.
	QR string
}

// Printer prints receipts.
type Printer interface {
	// Status reads the printer's state; it is asked before every print.
	Status(ctx context.Context) PrinterStatus
	// Print prints one copy of the receipt. It returns an error wrapping
	// one of the Err... printer errors when it knows why it failed.
	Print(ctx context.Context, r Receipt) error
}

// ReceiptKeeper is a Printer that can keep a receipt it cannot print now
// (a copy in its spool folder), so that a receipt shown on screen because
// the printer was out of paper or offline is still on the device for a
// technician to print later.
type ReceiptKeeper interface {
	Keep(ctx context.Context, r Receipt) error
}

// PrinterState is what a printer says of itself.
type PrinterState string

// Printer states, from best to worst.
const (
	PrinterReady     PrinterState = "ready"
	PrinterPaperLow  PrinterState = "paper-low" // still prints
	PrinterPaperOut  PrinterState = "paper-out"
	PrinterCoverOpen PrinterState = "cover-open"
	PrinterJammed    PrinterState = "jammed"
	PrinterOffline   PrinterState = "offline"
	PrinterUnknown   PrinterState = "unknown" // no status reported; try to print
)

// PrinterStatus is a printer's state with the raw detail for technicians.
type PrinterStatus struct {
	State  PrinterState
	Detail string
}

// CanPrint reports whether printing is worth trying in this state.
func (s PrinterStatus) CanPrint() bool {
	switch s.State {
	case PrinterReady, PrinterPaperLow, PrinterUnknown:
		return true
	}
	return false
}

// Printer errors.
var (
	ErrPrinterUnavailable = errors.New("printer unavailable")
	ErrPaperOut           = errors.New("printer out of paper")
)

// Event is something that happened in a session, for fleet metrics. It
// never carries personal data.
type Event struct {
	Kind    EventKind
	Service string
	Step    string
	Value   string
}

// EventKind names a session event.
type EventKind string

// Session events.
const (
	EventSessionStarted   EventKind = "session-started"
	EventServiceStarted   EventKind = "service-started"   // a service was chosen
	EventSessionCompleted EventKind = "session-completed" // submission stored
	EventSessionAbandoned EventKind = "session-abandoned" // cancelled or idle
	EventIdleReset        EventKind = "idle-reset"
	EventSatisfaction     EventKind = "satisfaction" // Value: the rating
	EventPrintFailed      EventKind = "print-failed"
)

// Draft is a submission a citizen (or a technician's test) asks to file:
// a service and its validated answers.
type Draft struct {
	// ID is the submission's ID; empty makes a new one (NewSubmissionID).
	ID      string
	Service *Service
	// CatalogueVersion is the version of the catalogue the form came from.
	CatalogueVersion string
	Lang             Lang
	Answers          map[string]string
}

// Filer files submissions: it stores each durably, then makes and signs
// its receipt, and prints receipts (or keeps them on the device when the
// printer cannot take them). kiosk/filing.Filer is the one the appliance
// uses; the session and the technician's socket both call it. Its calls
// do disk and printer I/O: never on the UI thread.
type Filer interface {
	// File stores the draft and returns the receipt of what was stored.
	// When it returns nil the submission is durable and its tracking code
	// may be shown.
	File(ctx context.Context, d Draft) (Receipt, error)
	// Print prints r, or keeps it when the printer cannot take it.
	Print(ctx context.Context, r Receipt) PrintOutcome
	// HasPrinter reports whether there is a printer at all.
	HasPrinter() bool
}

// PrintOutcome is what became of printing a receipt.
type PrintOutcome struct {
	Printed bool
	// Key is the message key telling the citizen why it did not print
	// ("print.paper_out", "print.unavailable"); empty when printed.
	Key string
	// Status is the printer's state when asked, Err the failure of the
	// print itself, for technicians.
	Status PrinterStatus
	Err    error
}
