package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/durable"
	"github.com/pishkhan/pishkhan/kiosk/gate"
)

// auditAction appends what a technician did through kioskctl to the
// device's audit log, the one the technician screen writes
// (gate.AuditFileName in the data directory), in the same format: one
// JSON line, fsynced, with the action ("kioskctl sync --once"), its
// outcome and a detail. The detail never holds personal data or a
// secret: callers give counts, codes and versions, and any secret an
// error might quote is blanked. A log that cannot be written is a
// warning; the action is done by then.
func auditAction(dir string, stderr io.Writer, action string, err error, detail string, secrets ...string) {
	if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
		return // no device here to keep a log for
	}
	e := gate.AuditEntry{Time: time.Now(), Event: gate.AuditAction, Action: "kioskctl " + action, Outcome: "ok", Detail: detail}
	if err != nil {
		e.Outcome = "failed"
		e.Detail = strings.TrimSpace(detail + " " + err.Error())
	}
	for _, s := range secrets {
		// Short values would blank innocent digits; no secret is short.
		if len(s) >= 6 {
			e.Detail = strings.ReplaceAll(e.Detail, s, "[secret]")
		}
	}
	path := filepath.Join(dir, gate.AuditFileName)
	log, oerr := gate.OpenAuditFile(path)
	if oerr == nil {
		oerr = log.Record(e)
	}
	if oerr == nil {
		// Under sudo: the kiosk's user must still be able to append.
		if uid, gid := durable.FileOwner(dir); uid >= 0 {
			oerr = os.Chown(path, uid, gid)
		}
	}
	if oerr != nil {
		fmt.Fprintf(stderr, "warning: not written to the audit log %s: %v\n", path, oerr)
	}
}

// audit records an action on the target's device, blanking the
// configured api_key should an error quote it.
func (t *target) audit(stderr io.Writer, action string, err error, detail string) {
	if errors.As(err, new(errNoDevice)) {
		return // nothing was done, and there is no device to keep a log for
	}
	var secrets []string
	if cfg, cerr := config.Load(t.configPath()); cerr == nil {
		secrets = append(secrets, cfg.BackOffice.APIKey)
	}
	auditAction(t.dir, stderr, action, err, detail, secrets...)
}
