// Command kioskctl is the field technician's tool for a Pishkhan kiosk:
// it inspects and drives the outbox, checks catalogues and receipts, and
// provisions and diagnoses the device.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one kioskctl subcommand. Each lives in its own file.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

// commands lists every subcommand by name.
var commands = map[string]command{
	"catalogue":  {"check or import a service catalogue", runCatalogue},
	"dev-server": {"run a reference Open311 back office for demos and tests", runDevServer},
	"receipt":    {"verify receipt QR strings, show the receipt key and the printer status", runReceipt},
	"version":    {"print the version", runVersion},
	"queue":      {"list, show, retry and export the outbox's submissions", runQueue},
	"sync":       {"run one sync pass with the back office now (--once)", runSync},
	"submit":     {"make a test submission and print its tracking code", runSubmit},
	"provision":  {"set up the device: identity, site, back office, printer, PIN (from a file, flags or prompts)", runProvision},
	"doctor":     {"check the device and say what to fix (--json, --test-print); exits 1 on any failure", runDoctor},
	"journeys":   {"export the device's journeys, one per citizen session, no personal data (stopped kiosk)", runJourneys},
	"report":     {"citizens' journeys per service and group: completion, times, give-ups, satisfaction (--json, --html FILE)", runReport},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "kioskctl: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "kioskctl %s: %v\n", args[0], err)
		var ec exitCoder
		if asExitCoder(err, &ec) {
			return ec.ExitCode()
		}
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: kioskctl COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
}
