// Package offline keeps what must survive a power cut on a Pishkhan kiosk:
// the outbox of citizens' submissions in a bbolt database, the sync worker
// that forwards them to the agency's Open311 GeoReport v2 back office, the
// statuses of recent requests for the "track my request" screen, and the
// retention and purge of personal data.
//
// A submission moves through these states, each change committed (and
// fsynced) before anything depends on it:
//
//	queued ──▶ sending ──▶ sent ──▶ closed
//	   ▲          │
//	   └──────────┤ (retryable failure, or a restart while sending)
//	              ▼
//	            dead (rejected by the back office; a technician may retry)
//
// The answers of a submission, the only personal data it holds, are sealed
// with AES-256-GCM under a key derived from the device key, with the
// submission ID as associated data, and are deleted once the back office has
// acknowledged the submission and the retention window has passed. What
// remains is the tracking code, service, times, state and upstream IDs.
package offline
