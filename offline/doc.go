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
// Forwarding aims at exactly once, against back offices that ignore the
// Idempotency-Key the kiosk sends (most do). Each POST is marked
// unconfirmed, durably, as it is claimed; its answer clears the mark,
// and so does a failure that certainly never reached the back office's
// store (a refused connection, a GeoReport refusal). A submission still
// marked, after a crash, a reset or an answer that does not parse, is
// looked for before it is sent again: GET requests.json for its service
// around its first unconfirmed POST, and a request whose echoed
// description carries its reference (open311.Reference) is adopted as
// the acknowledgement. These searches run before any new POST in a pass,
// so a kiosk killed each time an answer arrives still makes progress.
//
// The answers of a submission and the back office's status notes, the
// only personal data it holds, are sealed with AES-256-GCM under an answer
// key, with the submission ID as associated data (format v2: version byte
// 2, the key's number, nonce, ciphertext and tag). Answer keys live beside
// the database in keys/, one file each, durable before anything is sealed
// under them; the newest is current. The answers are deleted once the back
// office has acknowledged the submission and the retention window has
// passed; what remains is the tracking code, service, times, state and
// upstream IDs.
//
// bbolt is copy-on-write, so deleted answers stay in free pages. A purge is
// made final by crypto-shredding: a rotation (Outbox.Shred, from Purge at
// most every Options.ShredEvery after a purge) creates a new key, re-seals
// every record still holding sealed data under it, and only then destroys
// every older key file (zeros, fsync, unlink). Until the next rotation a
// purged record's old copies stay readable. Outboxes of format 1, sealed
// under a key derived from the device key (which must stay: it signs
// receipts), are re-sealed and compacted into a new file at the first
// writable Open.
package offline
