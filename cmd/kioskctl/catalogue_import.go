package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

const catalogueImportUsage = `usage: kioskctl catalogue import URL [--layout FILE] [-data DIR] [flags]

Fetches services.json and every service definition from the Open311
GeoReport v2 endpoint URL, merges them with the local form layout (steps,
Persian labels, stricter field types; by default the embedded catalogue,
"none" for no layout), checks the result as the kiosk would, and caches it
atomically as DIR/catalogue.json, which the kiosk loads at start. The
layout is kept beside it (DIR/catalogue-layout.yaml, a copy of FILE or an
empty layout for "none"; nothing for the embedded one), so that reloading
the catalogue on the technician screen merges with the same layout.`

// runCatalogueImport is "kioskctl catalogue import".
func runCatalogueImport(args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("catalogue import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, catalogueImportUsage); fs.PrintDefaults() }
	layoutPath := fs.String("layout", "", `local layout file (default: the embedded catalogue; "none": no layout)`)
	data := fs.String("data", "./var", "the kiosk's data directory")
	jurisdiction := fs.String("jurisdiction", "", "jurisdiction_id to send")
	allowInsecure := fs.Bool("allow-insecure", false, "allow plain HTTP to a host other than loopback")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of each call to the back office")
	dryRun := fs.Bool("dry-run", false, "check and summarize, but do not cache")
	// The URL may come before or after the flags.
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return usageError{catalogueImportUsage}
	}
	endpoint := rest[0]
	if err := fs.Parse(rest[1:]); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 0 {
		return usageError{"catalogue import takes one URL\n" + catalogueImportUsage}
	}
	// A mistyped -data must not become a new folder holding a catalogue
	// no kiosk reads.
	if !*dryRun {
		if fi, err := os.Stat(*data); err != nil || !fi.IsDir() {
			return fmt.Errorf("import catalogue: no data directory %s (check -data): import into the kiosk's data directory, which installing or provisioning the device creates", *data)
		}
	}
	// A dry run changes nothing; anything else is a technician's action.
	detail := "from " + safeURL(endpoint)
	if !*dryRun {
		defer func() {
			t := target{dir: *data}
			t.audit(stderr, "catalogue import", err, detail)
		}()
	}

	// kept is the layout file's content, read once so that what is kept
	// is what was merged; nil for "none".
	var layout *kiosk.Catalogue
	var kept []byte
	switch *layoutPath {
	case "":
		layout = kiosk.DefaultCatalogue()
	case "none":
	default:
		data, err := os.ReadFile(*layoutPath)
		if err != nil {
			return fmt.Errorf("import catalogue: load layout: %w", err)
		}
		l, err := open311.ParseLayout(data)
		if err != nil {
			return fmt.Errorf("import catalogue: load layout %s: %w", *layoutPath, err)
		}
		layout, kept = l, data
	}
	client, err := open311.New(config.BackOffice{URL: endpoint, JurisdictionID: *jurisdiction, AllowInsecure: *allowInsecure},
		open311.WithTimeout(*timeout))
	if err != nil {
		return fmt.Errorf("import catalogue: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cat, warnings, err := open311.Import(ctx, client, layout)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if err != nil {
		return err
	}
	fields := 0
	for _, s := range cat.Services {
		for _, st := range s.Steps {
			fields += len(st.Fields)
		}
	}
	if *dryRun {
		fmt.Fprintf(stdout, "catalogue %s is valid: %d services, %d fields (not cached: --dry-run)\n", cat.Version, len(cat.Services), fields)
		return nil
	}
	// The layout is kept first: should the catalogue then fail to be
	// written, a reload merges with the layout the technician chose, never
	// with the one it replaced.
	if *layoutPath == "" {
		err = open311.RemoveCachedLayout(*data)
	} else {
		err = open311.SaveCachedLayout(*data, kept)
	}
	if err != nil {
		return fmt.Errorf("import catalogue: %w", err)
	}
	if err := open311.SaveCachedCatalogue(*data, cat); err != nil {
		return fmt.Errorf("import catalogue: %w", err)
	}
	detail = fmt.Sprintf("catalogue %s from %s: %d services, %d fields; layout %s", cat.Version, safeURL(endpoint), len(cat.Services), fields, layoutName(*layoutPath))
	fmt.Fprintf(stdout, "catalogue %s imported: %d services, %d fields; cached in %s with %s (the kiosk loads it at its next start)\n",
		cat.Version, len(cat.Services), fields, filepath.Join(*data, open311.CachedCatalogueFile), keptLayoutText(*data, *layoutPath))
	return nil
}

// safeURL writes a URL for the audit log without a password or a query,
// where a key could hide.
func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(not a URL)"
	}
	u.RawQuery, u.Fragment = "", ""
	return u.Redacted()
}

// layoutName names the layout given to --layout.
func layoutName(layoutPath string) string {
	if layoutPath == "" {
		return "embedded"
	}
	return layoutPath
}

// keptLayoutText says which layout a reload will merge with.
func keptLayoutText(dir, layoutPath string) string {
	switch layoutPath {
	case "":
		return "the embedded form layout"
	case "none":
		return "no form layout (kept as " + filepath.Join(dir, open311.CachedLayoutFile) + ")"
	}
	return "its form layout, kept as " + filepath.Join(dir, open311.CachedLayoutFile)
}
