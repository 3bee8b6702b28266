// Package kiosk is the domain of the Pishkhan citizen-service appliance.
//
// It holds the service catalogue and form definitions, field validation for
// Iranian identifiers, the citizen's session (a state machine with an idle
// timer driven by an injected Clock) and the journey each session leaves
// for measuring (no personal data), tracking codes, receipts, the
// Persian/English message catalogue, and the interfaces the rest of the
// appliance implements (Outbox, Printer).
//
// What serves the device rather than the citizen lives in packages of its
// own under kiosk/, which import this one and never the other way round:
// config (the device's configuration, provisioning and its one validator),
// gate (the technician PIN, lockout and audit log) and durable (files that
// survive a power cut).
//
// The package knows nothing of Fyne, bbolt or PDF: screens/ draws it,
// offline/ keeps it, printer/ prints it and cmd/ wires it together, so every
// rule here is tested without a display, a database or a printer.
package kiosk
