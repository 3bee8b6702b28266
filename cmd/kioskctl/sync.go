package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/pishkhan/pishkhan/offline"
)

// syncTimeout bounds one pass asked from the command line.
const syncTimeout = 10 * time.Minute

func runSync(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sync", stderr)
	var t target
	t.flags(fs)
	once := fs.Bool("once", false, "run one sync pass now, ignoring backoffs (required)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if !*once || len(pos) > 0 {
		return usageError{"usage: kioskctl sync --once [-data DIR] [--json]\n(the kiosk syncs continuously by itself; --once forces one pass now)"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	defer cancel()
	rep, err := syncOnce(ctx, &t)
	// As the technician screen's "sync now" is.
	t.audit(stderr, "sync --once", err, fmt.Sprintf("sent %d, retrying %d, rejected %d", rep.Sent, rep.Retried, rep.Dead))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeReport(stdout, rep)
}

// syncOnce runs one pass, through the running kiosk or by itself.
func syncOnce(ctx context.Context, t *target) (offline.SyncReport, error) {
	q, done, err := t.open(ctx, syncing)
	if err != nil {
		return offline.SyncReport{}, err
	}
	defer done()
	return q.Sync(ctx)
}

func writeReport(w io.Writer, rep offline.SyncReport) error {
	fmt.Fprintf(w, "sent %d, retrying %d, rejected %d; tokens resolved %d, statuses refreshed %d, closed %d; personal data purged %d\n",
		rep.Sent, rep.Retried, rep.Dead, rep.Resolved, rep.Refreshed, rep.Closed, rep.Purged)
	h := rep.Health
	switch {
	case h.AuthFailed:
		fmt.Fprintf(w, "back office: refuses the api_key (%s); submissions stay queued until it is fixed\n", h.LastError)
	case !h.Online:
		fmt.Fprintf(w, "back office: not reachable (%s); next try after %s\n", h.LastError, h.PausedUntil.Local().Format(time.TimeOnly))
	default:
		fmt.Fprintln(w, "back office: online")
	}
	_, err := fmt.Fprintln(w, "outbox: "+summary(rep.Counts))
	return err
}
