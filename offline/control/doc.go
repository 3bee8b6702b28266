// Package control lets a field technician drive a kiosk's outbox: list,
// show, retry and export submissions, run a sync pass, and make a test
// submission.
//
// The running kiosk serves these operations as HTTP on a Unix socket in
// its data directory (control.sock, mode 0600, peers checked with
// SO_PEERCRED to be the same user or root), as Docker, tailscaled and
// litestream serve theirs, so curl works as well as kioskctl:
//
//	curl --unix-socket DATA/control.sock http://pishkhan/v1/status
//
// The resources, under /v1:
//
//	GET  /v1/status                   counts of submissions by state
//	GET  /v1/queue                    submissions, a JSON array (?state=S&limit=N&newest&personal)
//	GET  /v1/queue/{code}             one submission (?personal)
//	POST /v1/queue/{code}/retry       queue one for an immediate attempt (204)
//	POST /v1/queue/retry-dead         queue every dead letter again: {"retried": N}
//	POST /v1/sync                     one sync pass now: the sync report
//	POST /v1/submissions              a test submission (SubmitRequest): 201 with
//	                                  its SubmitResult, or 200 when its ID is already
//	                                  stored (already_stored, nothing stored again)
//
// An error is a status (400 bad input, 403 peer refused, 404 no such
// submission, 409 already sent or being sent, 410 personal data purged,
// 413 request too large, 503 no back office or no submitter, 507 storage
// full, 500 the kiosk's fault) with a body
// {"error": "...", "code": "..."} whose code Client turns back into the
// sentinel error, so errors.Is works the same on a Client as on a Local.
// A listing that breaks off after its first entry leaves its array
// unclosed and says why in the Pishkhan-Error trailer.
//
// When no kiosk runs, kioskctl opens the data directory itself and uses
// Local, which implements the same Queue interface, so every command
// behaves alike either way.
package control
