// Package control lets a field technician drive a kiosk's outbox: list,
// show, retry and export submissions, run a sync pass, and make a test
// submission.
//
// The running kiosk serves these operations on a Unix socket in its data
// directory (control.sock, mode 0600, peers checked to be the same user or
// root) with a small protocol of JSON lines: the client writes one Request
// and reads zero or more Reply lines carrying an Entry, then one final Reply
// with a result or an error. When no kiosk runs, kioskctl opens the data
// directory itself and uses Local, which implements the same Queue
// interface, so every command behaves alike either way.
package control
