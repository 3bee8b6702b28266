package printer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pishkhan/pishkhan/kiosk"
)

// DefaultSpoolKeep is how many receipt PDFs a spool folder keeps when
// Spool.Keep is zero. Receipts hold no personal data; the limit only keeps
// the folder from filling the disk.
const DefaultSpoolKeep = 500

// Spool is a kiosk.Printer that writes each receipt PDF to a folder (the
// "spool" folder of the data directory). It is the printer of a device
// with no CUPS queue configured, and CUPS keeps its copies in one.
type Spool struct {
	// Dir is the folder; it is created when missing.
	Dir string
	// Options lays the receipts out.
	Options Options
	// Keep is how many receipts the folder keeps, the oldest being removed
	// first: 0 means DefaultSpoolKeep, a negative number keeps them all.
	Keep int
}

var _ kiosk.Printer = (*Spool)(nil)

// Status reports ready when the folder exists or can be created, and
// offline otherwise.
func (s *Spool) Status(context.Context) kiosk.PrinterStatus {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return kiosk.PrinterStatus{State: kiosk.PrinterOffline, Detail: fmt.Sprintf("spool folder: %v", err)}
	}
	return kiosk.PrinterStatus{State: kiosk.PrinterReady, Detail: "spool folder " + s.Dir}
}

// Print writes the receipt to the folder. Its error wraps
// kiosk.ErrPrinterUnavailable.
func (s *Spool) Print(_ context.Context, r kiosk.Receipt) error {
	_, err := s.Write(r)
	return err
}

// Write renders r and stores it in the folder as CODE.pdf, atomically (a
// reader never sees half a file; a reprint replaces the file with the same
// receipt), and returns the file's path. Its error wraps
// kiosk.ErrPrinterUnavailable.
func (s *Spool) Write(r kiosk.Receipt) (string, error) {
	path, _, err := s.write(r)
	return path, err
}

func (s *Spool) write(r kiosk.Receipt) (string, page, error) {
	p, err := render(r, s.Options)
	if err != nil {
		return "", page{}, fmt.Errorf("spool receipt: %w: %w", kiosk.ErrPrinterUnavailable, err)
	}
	path, err := s.store(string(r.TrackingCode)+".pdf", p.pdf)
	if err != nil {
		return "", page{}, fmt.Errorf("spool receipt %s: %w: %w", r.TrackingCode, kiosk.ErrPrinterUnavailable, err)
	}
	s.prune()
	return path, p, nil
}

// store writes data to name in the folder through a synced temporary file
// and a rename, then syncs the folder so the name survives a power cut.
func (s *Spool) store(name string, data []byte) (path string, err error) {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(s.Dir, "."+name+".*.tmp")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	path = filepath.Join(s.Dir, name)
	if err = os.Rename(f.Name(), path); err != nil {
		return "", err
	}
	if d, derr := os.Open(s.Dir); derr == nil {
		err = d.Sync()
		d.Close()
	}
	return path, err
}

// prune removes the oldest receipts beyond Keep. A failure leaves a few
// extra files, which is no reason to fail a print.
func (s *Spool) prune() {
	keep := s.Keep
	if keep == 0 {
		keep = DefaultSpoolKeep
	}
	if keep < 0 {
		return
	}
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return
	}
	type receiptFile struct {
		name string
		mod  int64
	}
	var files []receiptFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".pdf") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, receiptFile{e.Name(), info.ModTime().UnixNano()})
	}
	if len(files) <= keep {
		return
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].mod != files[j].mod {
			return files[i].mod < files[j].mod
		}
		return files[i].name < files[j].name
	})
	for _, f := range files[:len(files)-keep] {
		if err := os.Remove(filepath.Join(s.Dir, f.name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return
		}
	}
}
