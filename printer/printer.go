package printer

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// New returns the printer a device is configured with: the CUPS queue
// cfg.Queue, keeping a copy of every receipt in spoolDir, or, with no
// queue, the spool folder alone. cfg.Paper (one of config.Papers) overrides
// opts.Paper; opts.Fonts is required. The spool folder is created.
func New(cfg config.Printer, spoolDir string, opts Options) (kiosk.Printer, error) {
	if opts.Fonts == nil {
		return nil, errors.New("new printer: no fonts")
	}
	if spoolDir == "" {
		return nil, errors.New("new printer: no spool folder")
	}
	if cfg.Paper != "" {
		opts.Paper = cfg.Paper
	}
	if _, err := geometryFor(opts.Paper); err != nil {
		return nil, fmt.Errorf("new printer: %w", err)
	}
	if cfg.Queue != "" {
		if err := checkQueueName(cfg.Queue); err != nil {
			return nil, fmt.Errorf("new printer: %w", err)
		}
	}
	if err := os.MkdirAll(spoolDir, 0o750); err != nil {
		return nil, fmt.Errorf("new printer: %w", err)
	}
	// Cut the font now, at start-up, rather than on the first citizen's
	// receipt, and make the first receipt's document in the background.
	if cut := cutFor(opts.Fonts); cut != nil {
		g, _ := geometryFor(opts.Paper)
		preparedFor(g, cut).fill()
	}
	spool := &Spool{Dir: spoolDir, Options: opts}
	if cfg.Queue == "" {
		return spool, nil
	}
	return &CUPS{Queue: cfg.Queue, Spool: spool}, nil
}

// checkQueueName accepts what CUPS accepts as a queue name (printable
// characters but space, tab, "/", "\\", "#", quotes), and refuses a
// leading "-", which lp would read as an option.
func checkQueueName(q string) error {
	if len(q) > 127 || strings.HasPrefix(q, "-") {
		return fmt.Errorf("printer queue %q: not a CUPS queue name", q)
	}
	for _, r := range q {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`/\#'"`, r) {
			return fmt.Errorf("printer queue %q: not a CUPS queue name", q)
		}
	}
	return nil
}
