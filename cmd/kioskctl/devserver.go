package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

const devServerUsage = `usage: kioskctl dev-server --data DIR [flags]

Runs a reference Open311 GeoReport v2 back office serving the kiosk's
catalogue, for demos and end-to-end tests. It prints its base URL on the
first line of standard output (put it in the kiosk's back_office.url) and
stops on SIGINT or SIGTERM. Requests are kept in DIR/requests.jsonl and
survive a restart; keep DIR apart from any kiosk's data directory.`

// runDevServer serves devserver.Server until a signal arrives.
func runDevServer(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dev-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, devServerUsage); fs.PrintDefaults() }
	listen := fs.String("listen", "127.0.0.1:8311", "address to listen on")
	data := fs.String("data", "", "directory to keep the requests in (required)")
	apiKey := fs.String("api-key", "", "api_key every POST must carry (default: any non-empty key)")
	cataloguePath := fs.String("catalogue", "", "catalogue file to serve (default: the embedded one)")
	jurisdiction := fs.String("jurisdiction", "", "jurisdiction_id every call must carry (default: none)")
	tokens := fs.Bool("tokens", false, "answer POSTs with tokens, as a batch service does")
	tokenDelay := fs.Duration("token-delay", 5*time.Second, "how long a token stays pending")
	closeAfter := fs.Duration("close-after", 0, "report requests closed this long after they were made (0: never)")
	numericIDs := fs.Bool("numeric-ids", false, "write service_request_id as a JSON number")
	strict := fs.Bool("strict-attributes", false, "refuse attributes the service does not define")
	ignoreKey := fs.Bool("ignore-idempotency-key", false, "store every POST as a new request, as most real back offices do")
	garble := fs.Bool("garble-answers", false, "store each request, then answer its POST with a document cut short")
	quiet := fs.Bool("quiet", false, "no access log on standard error")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if fs.NArg() != 0 {
		return usageError{"dev-server takes no arguments\n" + devServerUsage}
	}
	if *data == "" {
		return usageError{"dev-server: --data DIR is required\n" + devServerUsage}
	}
	cat, err := kiosk.LoadCatalogue(*cataloguePath)
	if err != nil {
		return fmt.Errorf("dev-server: %w", err)
	}
	opts := devserver.Options{
		APIKey: *apiKey, JurisdictionID: *jurisdiction, Tokens: *tokens, TokenDelay: *tokenDelay,
		CloseAfter: *closeAfter, NumericIDs: *numericIDs, StrictAttributes: *strict,
		IgnoreIdempotencyKey: *ignoreKey, GarbleAnswers: *garble,
	}
	if !*quiet {
		opts.Log = stderr
	}
	dev, err := devserver.New(cat, *data, opts)
	if err != nil {
		return fmt.Errorf("dev-server: %w", err)
	}
	defer dev.Close()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("dev-server: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{
		Handler:           dev,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	addr := ln.Addr().(*net.TCPAddr)
	fmt.Fprintf(stdout, "http://%s/\n", addr)
	if !addr.IP.IsLoopback() {
		fmt.Fprintln(stderr, "dev-server: warning: listening beyond loopback over plain HTTP; kiosks need allow_insecure, and api_keys cross the network in clear")
	}
	fmt.Fprintf(stderr, "dev-server: serving %d services of catalogue %s; requests kept in %s\n", len(cat.Services), cat.Version, *data)

	select {
	case err := <-served:
		return fmt.Errorf("dev-server: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("dev-server: stop: %w", err)
	}
	if err := dev.Close(); err != nil {
		return fmt.Errorf("dev-server: stop: %w", err)
	}
	fmt.Fprintln(stderr, "dev-server: stopped")
	return nil
}
