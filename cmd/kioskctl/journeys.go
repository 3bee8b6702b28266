package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/offline/journeys"
)

const journeysUsage = `usage: kioskctl journeys COMMAND [flags]

commands:
  export [-data DIR] [--since 30d|12h|2026-11-01] [--format jsonl|csv]
                      write the device's journeys (one per citizen session,
                      no personal data) to standard output

journeys.db is held by the running kiosk: stop it to export
(sudo systemctl stop pishkhan-kiosk), then start it again`

func runJourneys(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, journeysUsage)
		if len(args) == 0 {
			return usageError{"journeys: a command is needed"}
		}
		return nil
	}
	if args[0] == "export" {
		return journeysExport(args[1:], stdout, stderr, time.Now)
	}
	fmt.Fprintln(stderr, journeysUsage)
	return usageError{fmt.Sprintf("journeys: unknown command %q", args[0])}
}

func journeysExport(args []string, stdout, stderr io.Writer, now func() time.Time) error {
	fs := newFlags("journeys export", stderr)
	dir := fs.String("data", "./var", "the kiosk's data directory")
	format := fs.String("format", journeys.FormatJSONL, "jsonl or csv")
	var since time.Time
	fs.Func("since", "only journeys since this long ago (30d, 12h) or this date (2026-11-01); default all", func(v string) error {
		t, err := parseSince(v, now())
		since = t
		return err
	})
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"usage: kioskctl journeys export [-data DIR] [--since 30d] [--format jsonl|csv]"}
	}
	if *format != journeys.FormatJSONL && *format != journeys.FormatCSV {
		return usageError{fmt.Sprintf("--format %q: jsonl or csv", *format)}
	}
	s, err := journeys.Open(*dir, journeys.Options{ReadOnly: true, LockTimeout: lockWait})
	switch {
	case errors.Is(err, journeys.ErrLocked):
		return fmt.Errorf("the kiosk is running and holds %s: stop it (sudo systemctl stop pishkhan-kiosk), export, then start it again",
			filepath.Join(*dir, journeys.DBFile))
	case errors.Is(err, journeys.ErrNoStore):
		return errNoDevice{fmt.Sprintf("no journeys in %s: no kiosk has recorded a session with this data directory (see -data)", *dir)}
	case err != nil:
		return err
	}
	defer s.Close()
	return s.Export(stdout, since, *format)
}

// parseSince reads --since: a span back from now ("30d", "12h", "90m")
// or a date ("2026-11-01", in UTC).
func parseSince(v string, now time.Time) (time.Time, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return time.Time{}, fmt.Errorf("%q: a number of days such as 30d", v)
		}
		return now.AddDate(0, 0, -n), nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q: a span such as 30d or 12h, or a date such as 2026-11-01", v)
}
