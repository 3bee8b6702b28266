// Package kiosk is the domain of the Pishkhan citizen-service appliance.
//
// It holds the service catalogue and form definitions, field validation for
// Iranian identifiers, the citizen's session (a state machine with an idle
// timer driven by an injected Clock) and the journey each session leaves
// for measuring (no personal data), tracking codes, receipts, the
// Persian/English message catalogue, and the interfaces the rest of the
// appliance implements (Outbox, Printer, Filer, Tracker, Clock).
//
// What serves the device rather than the citizen, and the use cases that
// tie the domain to those interfaces, live in packages of their own under
// kiosk/, which import this one and never the other way round: filing
// (file a submission: store it, sign its receipt, print or keep it, off
// the UI thread), config (the device's configuration, provisioning and its
// one validator), gate (the technician PIN, lockout and audit log),
// diagnostics (the bundle a technician exports) and durable (files that
// survive a power cut). docs/architecture.md draws the whole and names the
// words used throughout: submission, tracking code, receipt, outbox,
// unconfirmed, adopted, answers, answer keys, rotation.
//
// The package knows nothing of Fyne, bbolt or PDF: screens/ draws it,
// offline/ keeps it, printer/ prints it and cmd/ wires it together, so every
// rule here is tested without a display, a database or a printer.
package kiosk
