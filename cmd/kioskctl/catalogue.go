package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/pishkhan/pishkhan/kiosk"
)

const catalogueUsage = `usage: kioskctl catalogue check FILE
       kioskctl catalogue import [flags] URL

  check   validate a service catalogue (YAML or JSON) and summarize it;
          every problem is named by file, service, step and field
  import  fetch a back office's Open311 services, validate and cache them`

// runCatalogue dispatches the catalogue subcommands.
func runCatalogue(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{catalogueUsage}
	}
	switch args[0] {
	case "check":
		return runCatalogueCheck(args[1:], stdout, stderr)
	case "import":
		return runCatalogueImport(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, catalogueUsage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown catalogue command %q\n%s", args[0], catalogueUsage)}
}

// runCatalogueCheck loads a catalogue file as the kiosk would. A broken
// file prints one line per problem on stderr and exits 1; a good one
// prints a summary of its services.
func runCatalogueCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("catalogue check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"usage: kioskctl catalogue check FILE"}
	}
	path := fs.Arg(0)
	c, err := kiosk.LoadCatalogue(path)
	var cerr *kiosk.CheckError
	if errors.As(err, &cerr) {
		fmt.Fprintln(stderr, cerr.Error())
		n := len(cerr.Problems)
		if n == 1 {
			return fmt.Errorf("%s: 1 problem", path)
		}
		return fmt.Errorf("%s: %d problems", path, n)
	}
	if err != nil {
		return fmt.Errorf("check catalogue: %w", err)
	}
	return printCatalogueSummary(stdout, path, c)
}

func printCatalogueSummary(w io.Writer, path string, c *kiosk.Catalogue) error {
	steps, fields := 0, 0
	for _, s := range c.Services {
		steps += len(s.Steps)
		for _, st := range s.Steps {
			fields += len(st.Fields)
		}
	}
	fmt.Fprintf(w, "%s: catalogue %s is valid: %d services, %d steps, %d fields\n", path, c.Version, len(c.Services), steps, fields)
	for _, s := range c.Services {
		n, conditional := 0, 0
		for _, st := range s.Steps {
			n += len(st.Fields)
			if st.When != nil {
				conditional++
			}
		}
		_, err := fmt.Fprintf(w, "  %-28s open311 %-28s %2d steps (%d conditional) %3d fields  %s / %s\n",
			s.Code, s.Open311.ServiceCode, len(s.Steps), conditional, n, s.Name.In(kiosk.English), s.Name.In(kiosk.Persian))
		if err != nil {
			return err
		}
	}
	return nil
}
