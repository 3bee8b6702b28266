package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/kiosk/report"
	"github.com/pishkhan/pishkhan/offline/journeys"
)

const reportUsage = `usage: kioskctl report [-data DIR] [--since 30d|12h|2026-11-01] [--json] [--html FILE] [--lang fa|en]

Per service and per group of citizens (channel, language, accessibility,
staff help): sessions started, completion, times, where citizens give up,
the answers most refused, satisfaction after success and after cancel, why
they stopped, and the share completed without help. A figure drawn from
fewer than 10 sessions is shown as "fewer than 10". See docs/measuring.md.

  (default)    tables for the terminal
  --json       the figures as a JSON document on standard output
  --html FILE  a page with charts, written to FILE (no network needed to view it)
  --lang       fa or en; default the device's first language, English when
               the device is not provisioned

journeys.db is held by the running kiosk: stop it to report
(sudo systemctl stop pishkhan-kiosk), then start it again`

func runReport(args []string, stdout, stderr io.Writer) error {
	return makeReport(args, stdout, stderr, time.Now)
}

func makeReport(args []string, stdout, stderr io.Writer, now func() time.Time) error {
	fs := newFlags("report", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, reportUsage+"\n\nflags:")
		fs.PrintDefaults()
	}
	var t target
	t.flags(fs)
	asJSON := fs.Bool("json", false, "write the figures as JSON")
	htmlFile := fs.String("html", "", "write a page with charts to this file")
	langFlag := fs.String("lang", "", "fa or en (default: the device's first language, else en)")
	var since time.Time
	fs.Func("since", "only journeys since this long ago (30d, 12h) or this date (2026-11-01); default all", func(v string) error {
		s, err := parseSince(v, now())
		since = s
		return err
	})
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"usage: kioskctl report [-data DIR] [--since 30d] [--json] [--html FILE] [--lang fa|en]"}
	}
	cfg, cfgErr := config.Load(t.configPath())
	lang := kiosk.English
	if cfgErr == nil && cfg.Provisioned && len(cfg.Languages) > 0 {
		lang = cfg.Languages[0]
	}
	if *langFlag != "" {
		if lang, err = kiosk.ParseLang(*langFlag); err != nil {
			return usageError{err.Error()}
		}
	}
	cat, err := loadCatalogue(cfg, t.dir)
	if err != nil || cfgErr != nil {
		// Names only: the embedded catalogue names the usual services.
		cat = kiosk.DefaultCatalogue()
	}

	s, err := journeys.Open(t.dir, journeys.Options{ReadOnly: true, LockTimeout: lockWait})
	switch {
	case errors.Is(err, journeys.ErrLocked):
		return fmt.Errorf("the kiosk is running and holds %s: stop it (sudo systemctl stop pishkhan-kiosk), report, then start it again",
			filepath.Join(t.dir, journeys.DBFile))
	case errors.Is(err, journeys.ErrNoStore):
		return errNoDevice{fmt.Sprintf("no journeys in %s: no kiosk has recorded a session with this data directory (see -data)", t.dir)}
	case err != nil:
		return err
	}
	var js []kiosk.Journey
	err = s.List(since, func(j kiosk.Journey) error {
		js = append(js, j)
		return nil
	})
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("read journeys: %w", err)
	}
	r := report.Compute(js, since, report.MinCell)

	if *htmlFile != "" {
		if err := writeReportPage(*htmlFile, r, lang, cat); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "report of %d sessions written to %s\n", len(js), *htmlFile)
	}
	switch {
	case *asJSON:
		return report.JSON(stdout, r)
	case *htmlFile == "":
		return report.Text(stdout, r, lang, cat)
	}
	return nil
}

func writeReportPage(path string, r report.Report, l kiosk.Lang, cat *kiosk.Catalogue) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write report page: %w", err)
	}
	if err := report.HTML(f, r, l, cat); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report page: %w", err)
	}
	return nil
}
