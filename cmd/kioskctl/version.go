package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/pishkhan/pishkhan/kiosk"
)

func runVersion(args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	_, err := fmt.Fprintf(stdout, "kioskctl %s\n", kiosk.Version())
	return err
}
