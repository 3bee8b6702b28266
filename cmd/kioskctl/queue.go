package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline"
	"github.com/pishkhan/pishkhan/offline/control"
	"github.com/pishkhan/pishkhan/offline/open311"
)

const queueUsage = `usage: kioskctl queue COMMAND [flags]

commands:
  ls [--json] [--state S] [--limit N] [--newest]
                      list submissions: tracking code, service, state, time
  show CODE [--personal] [--json]
                      one submission in full; answers only with --personal
  retry CODE|--failed queue a submission (or every dead letter) for sending now
  export FILE [--personal] [--state S]
                      write submissions as JSON lines to a new file (mode 0600)

every command takes -data DIR (default ./var) and works whether the kiosk
runs (through its control socket) or not (opening the data directory)`

func runQueue(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, queueUsage)
		if len(args) == 0 {
			return usageError{"queue: a command is needed"}
		}
		return nil
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "ls", "list":
		return queueList(args, stdout, stderr)
	case "show":
		return queueShow(args, stdout, stderr)
	case "retry":
		return queueRetry(args, stdout, stderr)
	case "export":
		return queueExport(args, stdout, stderr)
	}
	fmt.Fprintln(stderr, queueUsage)
	return usageError{fmt.Sprintf("queue: unknown command %q", sub)}
}

// target is the kiosk a command works on: its data directory and, for
// when the kiosk is not running, its configuration file.
type target struct {
	dir    string
	config string
	// init lets submit work on a data directory no device was provisioned
	// with, creating its device key and outbox (submit --init).
	init bool
}

func (t *target) flags(fs *flag.FlagSet) {
	fs.StringVar(&t.dir, "data", "./var", "the kiosk's data directory")
	fs.StringVar(&t.config, "config", "", "configuration file, read when the kiosk is not running (default DATA/config.yaml)")
}

func (t *target) configPath() string {
	if t.config != "" {
		return t.config
	}
	return filepath.Join(t.dir, "config.yaml")
}

// access is what a command needs of the outbox when it opens it itself.
type access int

const (
	readOnly   access = iota // ls, show, export
	readWrite                // retry
	syncing                  // sync: also the back office
	submitting               // submit: also catalogue, issuer, printer
)

// lockWait is how long kioskctl waits for the database lock before saying
// who holds it.
const lockWait = 500 * time.Millisecond

// errKioskHolds is the answer when the kiosk holds the database but its
// control socket does not answer.
type errKioskHolds struct{ dir string }

func (e errKioskHolds) Error() string {
	return fmt.Sprintf("the kiosk is running and holds the database (%s), but does not answer on its control socket (%s); "+
		"try again in a moment, or restart the kiosk service",
		filepath.Join(e.dir, offline.DBFile), filepath.Join(e.dir, control.SocketFile))
}

// open returns the kiosk's queue: the running kiosk through its control
// socket, or else the data directory opened by kioskctl itself. The
// returned function releases it.
func (t *target) open(ctx context.Context, a access) (control.Queue, func(), error) {
	if c, err := control.Dial(ctx, t.dir); err == nil {
		return c, func() {}, nil
	}
	opts := offline.Options{ReadOnly: a == readOnly, LockTimeout: lockWait}
	var cfg config.Config
	if a >= syncing {
		var err error
		if cfg, err = config.Load(t.configPath()); err != nil {
			return nil, nil, err
		}
		// Defaults would make a new device: a new key, an outbox, and a
		// kiosk number from the host name that another such directory
		// shares, and so its tracking codes.
		if !cfg.Provisioned && !(a == submitting && t.init) {
			return nil, nil, notProvisioned(t.dir, t.configPath(), a == submitting)
		}
		opts.Retention = time.Duration(cfg.Retention)
	}
	if a == readWrite || a == syncing {
		// Never create an outbox (or a device key) just to look at one.
		if _, err := os.Stat(filepath.Join(t.dir, offline.DBFile)); err != nil {
			return nil, nil, noOutbox(t.dir)
		}
	}
	o, err := offline.Open(t.dir, opts)
	switch {
	case errors.Is(err, offline.ErrLocked):
		return nil, nil, errKioskHolds{t.dir}
	case errors.Is(err, offline.ErrNoOutbox):
		return nil, nil, noOutbox(t.dir)
	case err != nil:
		return nil, nil, err
	}
	local := &control.Local{Outbox: o}
	closeAll := func() { o.Close() }
	if a >= syncing {
		if err := t.wire(local, o, cfg, a); err != nil {
			o.Close()
			return nil, nil, err
		}
	}
	return local, closeAll, nil
}

// errNoDevice refuses a command on a data directory that is not a
// kiosk's, most often a mistyped -data: nothing was done there, and
// nothing is written there, not even the audit log.
type errNoDevice struct{ msg string }

func (e errNoDevice) Error() string { return e.msg }

// notProvisioned refuses to sync or submit on a data directory that no
// device was provisioned with; submit is offered --init.
func notProvisioned(dir, config string, submit bool) error {
	msg := fmt.Sprintf("%s is not a provisioned kiosk's data directory: there is no %s and no kiosk answers on its control socket. "+
		"Check -data (and -config), or provision the device first: kioskctl provision -data %s --file SITE.yaml (or -i)",
		dir, config, dir)
	if submit {
		msg += "; to make a test submission on an unprovisioned device anyway (it creates a device key and an outbox there), add --init"
	}
	return errNoDevice{msg}
}

func noOutbox(dir string) error {
	return errNoDevice{fmt.Sprintf("no outbox in %s: no kiosk has stored anything with this data directory (see -data)", dir)}
}

// wire adds what sync and submit need when kioskctl does the work itself.
func (t *target) wire(local *control.Local, o *offline.Outbox, cfg config.Config, a access) error {
	cat, err := loadCatalogue(cfg, t.dir)
	if err != nil {
		return err
	}
	if a == syncing && cfg.BackOffice.URL != "" {
		client, err := open311.New(cfg.BackOffice)
		if err != nil {
			return err
		}
		local.Syncer = offline.NewSyncer(o, client, offline.SyncConfig{Catalogue: cat, Location: cfg.Location})
	}
	if a == submitting {
		sub, err := newSubmitter(t.dir, cfg, cat, o)
		if err != nil {
			return err
		}
		local.Submitter = sub
	}
	return nil
}

// loadCatalogue returns the catalogue the kiosk offers, chosen as the
// kiosk chooses it (open311.OfferedCatalogue); a damaged cache, which the
// kiosk steps over, is an error here for the technician to see.
func loadCatalogue(cfg config.Config, dir string) (*kiosk.Catalogue, error) {
	c, choice, err := open311.OfferedCatalogue(cfg.CataloguePath, dir)
	if err == nil && choice.CacheErr != nil {
		err = choice.CacheErr
	}
	return c, err
}

// parseArgs parses flags wherever they stand among the positional
// arguments (kioskctl queue show CODE --personal) and returns the latter.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func stateFlag(fs *flag.FlagSet, s *offline.State) {
	names := make([]string, len(offline.States))
	for i, st := range offline.States {
		names[i] = string(st)
	}
	fs.Func("state", "only submissions in this state ("+strings.Join(names, ", ")+")", func(v string) error {
		st, ok := offline.ParseState(v)
		if !ok {
			return fmt.Errorf("unknown state %q", v)
		}
		*s = st
		return nil
	})
}

func parseCode(arg string) (kiosk.TrackingCode, error) {
	code, err := kiosk.ParseTrackingCode(arg)
	if err != nil {
		return "", usageError{fmt.Sprintf("%q is not a tracking code (16 digits with a valid check digit)", arg)}
	}
	return code, nil
}

func queueList(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("queue ls", stderr)
	var t target
	t.flags(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	var opts offline.ListOptions
	stateFlag(fs, &opts.State)
	fs.IntVar(&opts.Limit, "limit", 0, "list at most N submissions (0: all)")
	fs.BoolVar(&opts.Newest, "newest", false, "newest first")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"queue ls takes no arguments"}
	}
	ctx := context.Background()
	q, done, err := t.open(ctx, readOnly)
	if err != nil {
		return err
	}
	defer done()
	if *asJSON {
		return listJSON(ctx, q, opts, stdout)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TRACKING CODE\tSERVICE\tSTATE\tCREATED\tDETAIL")
	err = q.List(ctx, opts, false, func(e control.Entry) error {
		_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.TrackingCode, e.ServiceCode, e.State,
			e.CreatedAt.Local().Format(time.DateTime), detail(e.Entry))
		return err
	})
	if err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	counts, err := q.Counts(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, summary(counts))
	return err
}

// listJSON streams the listing as one JSON array.
func listJSON(ctx context.Context, q control.Queue, opts offline.ListOptions, w io.Writer) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	sep := "\n"
	err := q.List(ctx, opts, false, func(e control.Entry) error {
		b, err := json.Marshal(e.Entry)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s%s", sep, b)
		sep = ",\n"
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]\n")
	return err
}

// detail says the one thing a technician wants to know of a submission in
// its state. It never holds personal data.
func detail(e offline.Entry) string {
	switch e.State {
	case offline.StateQueued:
		s := fmt.Sprintf("attempts %d, next %s", e.Attempts, e.NextAttemptAt.Local().Format(time.TimeOnly))
		if e.LastError != "" {
			s += ": " + oneLine(e.LastError, 80)
		}
		return s
	case offline.StateSending:
		return fmt.Sprintf("attempt %d in flight", e.Attempts)
	case offline.StateSent, offline.StateClosed:
		switch {
		case e.ServiceRequestID != "":
			return "request " + e.ServiceRequestID
		case e.Token != "":
			return "token " + e.Token + " (waiting for a request ID)"
		}
		return "acknowledged (no request ID)"
	case offline.StateDead:
		return "rejected: " + oneLine(e.DeadReason, 100)
	}
	return ""
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func summary(c offline.Counts) string {
	var parts []string
	for _, s := range offline.States {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	if len(parts) == 0 {
		return "the outbox is empty"
	}
	noun := "submissions"
	if c.Total() == 1 {
		noun = "submission"
	}
	return fmt.Sprintf("%d %s: %s", c.Total(), noun, strings.Join(parts, ", "))
}

func queueShow(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("queue show", stderr)
	var t target
	t.flags(fs)
	personal := fs.Bool("personal", false, "also show the citizen's answers (personal data)")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: kioskctl queue show CODE [--personal] [--json]"}
	}
	code, err := parseCode(pos[0])
	if err != nil {
		return err
	}
	ctx := context.Background()
	q, done, err := t.open(ctx, readOnly)
	if err != nil {
		return err
	}
	defer done()
	e, err := q.Show(ctx, code, *personal)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(e)
	}
	return writeEntry(stdout, e, *personal)
}

func writeEntry(w io.Writer, e control.Entry, personal bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format(time.DateTime)
	}
	row("tracking code", e.TrackingCode.String())
	row("submission id", e.ID)
	row("service", e.ServiceCode)
	row("catalogue", e.CatalogueVersion)
	row("kiosk", e.KioskID)
	row("language", string(e.Lang))
	row("state", string(e.State))
	row("created", when(e.CreatedAt))
	if e.Attempts > 0 {
		row("attempts", fmt.Sprintf("%d (last %s)", e.Attempts, when(e.LastAttemptAt)))
	}
	row("next attempt", when(e.NextAttemptAt))
	row("last error", e.LastError)
	row("dead reason", e.DeadReason)
	row("request id", e.ServiceRequestID)
	row("token", e.Token)
	row("service notice", e.ServiceNotice)
	row("acknowledged", when(e.AckedAt))
	row("closed", when(e.ClosedAt))
	if u := e.Upstream; u != nil {
		row("upstream status", fmt.Sprintf("%s (checked %s)", u.Status, when(u.CheckedAt)))
		row("agency", u.AgencyResponsible)
	}
	row("next check", when(e.NextCheckAt))
	switch {
	case !e.PersonalData && !e.PurgedAt.IsZero():
		row("answers", "purged "+when(e.PurgedAt))
	case !e.PersonalData:
		row("answers", "none held")
	case !personal:
		row("answers", "sealed; add --personal to show them")
	default:
		row("purge due", when(e.PurgeAt))
		ids := make([]string, 0, len(e.Answers))
		for id := range e.Answers {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			row("  "+id, e.Answers[id])
		}
	}
	return tw.Flush()
}

func queueRetry(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("queue retry", stderr)
	var t target
	t.flags(fs)
	failed := fs.Bool("failed", false, "queue every dead letter again")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *failed == (len(pos) == 1) || len(pos) > 1 {
		return usageError{"usage: kioskctl queue retry CODE|--failed"}
	}
	ctx := context.Background()
	var code kiosk.TrackingCode
	if !*failed {
		if code, err = parseCode(pos[0]); err != nil {
			return err
		}
	}
	msg, err := retry(ctx, &t, code, *failed)
	if err != nil {
		// What was asked for, then why it failed.
		msg = code.String() + ":"
		if *failed {
			msg = "--failed:"
		}
	}
	t.audit(stderr, "queue retry", err, msg)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, msg)
	return err
}

// retry queues one submission, or every dead letter, for sending now,
// and says what it did.
func retry(ctx context.Context, t *target, code kiosk.TrackingCode, failed bool) (string, error) {
	q, done, err := t.open(ctx, readWrite)
	if err != nil {
		return "", err
	}
	defer done()
	if failed {
		n, err := q.RetryDead(ctx)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("queued %d dead letters for sending now", n), nil
	}
	if err := q.Retry(ctx, code); err != nil {
		return "", err
	}
	return fmt.Sprintf("queued %s for sending now", code), nil
}

func queueExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("queue export", stderr)
	var t target
	t.flags(fs)
	personal := fs.Bool("personal", false, "include the citizens' answers (personal data)")
	var opts offline.ListOptions
	stateFlag(fs, &opts.State)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"usage: kioskctl queue export FILE [--personal] [--state S]"}
	}
	path := pos[0]
	n, err := export(context.Background(), &t, path, opts, *personal)
	// Where personal data went is worth knowing later.
	what := "without personal data"
	if *personal {
		what = "WITH personal data"
	}
	detail := fmt.Sprintf("to %s, %s", path, what)
	if err == nil {
		detail = fmt.Sprintf("%d submissions %s", n, detail)
	}
	t.audit(stderr, "queue export", err, detail)
	if err != nil {
		return err
	}
	if *personal {
		what += ": keep it safe and delete it when done"
	}
	_, err = fmt.Fprintf(stdout, "exported %d submissions to %s (%s)\n", n, path, what)
	return err
}

// export writes the submissions opts selects to a new file at path and
// says how many.
func export(ctx context.Context, t *target, path string, opts offline.ListOptions, personal bool) (int, error) {
	q, done, err := t.open(ctx, readOnly)
	if err != nil {
		return 0, err
	}
	defer done()
	// A new private file: an export may hold personal data, and must
	// never overwrite anything.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	enc := json.NewEncoder(f)
	err = q.List(ctx, opts, personal, func(e control.Entry) error {
		n++
		return enc.Encode(e)
	})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
