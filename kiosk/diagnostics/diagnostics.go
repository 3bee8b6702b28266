// Package diagnostics makes the bundle a technician carries away from a
// device: a tar.gz of named files (status, configuration without secrets,
// queue without answers, metrics, logs), written whole to a removable
// drive or the data directory. What goes in it is the caller's choice;
// nothing in it may be personal data.
package diagnostics

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// Dir is the folder of the data directory that bundles go to when no
// removable drive is mounted.
const Dir = "diagnostics"

// Bundle collects the files of one diagnostics bundle in memory.
type Bundle struct {
	at    time.Time
	buf   bytes.Buffer
	gz    *gzip.Writer
	tw    *tar.Writer
	err   error
	names []string
}

// New starts a bundle whose files are dated at.
func New(at time.Time) *Bundle {
	b := &Bundle{at: at}
	b.gz = gzip.NewWriter(&b.buf)
	b.tw = tar.NewWriter(b.gz)
	return b
}

// Add puts a file in the bundle. Errors are kept for Write.
func (b *Bundle) Add(name string, data []byte) {
	if b.err != nil {
		return
	}
	if err := b.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: b.at}); err != nil {
		b.err = fmt.Errorf("add %s: %w", name, err)
		return
	}
	if _, err := b.tw.Write(data); err != nil {
		b.err = fmt.Errorf("add %s: %w", name, err)
		return
	}
	b.names = append(b.names, name)
}

// AddJSON puts v, indented, in the bundle as name.
func (b *Bundle) AddJSON(name string, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		if b.err == nil {
			b.err = fmt.Errorf("add %s: %w", name, err)
		}
		return
	}
	b.Add(name, append(data, '\n'))
}

// AddFile puts dir/name in the bundle under name, if it exists.
func (b *Bundle) AddFile(dir, name string) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		if b.err == nil {
			b.err = fmt.Errorf("add %s: %w", name, err)
		}
	default:
		b.Add(name, data)
	}
}

// Names lists the files added so far.
func (b *Bundle) Names() []string { return append([]string(nil), b.names...) }

// Write closes the bundle and writes it atomically to dir as
// pishkhan-diag-DEVICE-TIME.tar.gz, returning its path. A bundle that
// failed to build writes nothing.
func (b *Bundle) Write(dir, deviceID string) (string, error) {
	if b.err == nil {
		if err := b.tw.Close(); err != nil {
			b.err = err
		} else if err := b.gz.Close(); err != nil {
			b.err = err
		}
	}
	if b.err != nil {
		return "", fmt.Errorf("write diagnostics: %w", b.err)
	}
	name := fmt.Sprintf("pishkhan-diag-%s-%s.tar.gz", SafeName(deviceID), b.at.UTC().Format("20060102-150405"))
	path := filepath.Join(dir, name)
	if err := durable.WriteFile(path, b.buf.Bytes(), 0o600); err != nil {
		return "", fmt.Errorf("write diagnostics: %w", err)
	}
	return path, nil
}

// SafeName keeps a device ID usable in a file name on any drive.
func SafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r == '_' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')) {
			return r
		}
		return '_'
	}, s)
}

// Targets lists where a bundle may go: the writable removable drives
// mounted under /media, /run/media and /mnt, then the data directory's
// diagnostics folder.
func Targets(dataDir string) []string {
	var out []string
	if f, err := os.Open("/proc/self/mounts"); err == nil {
		out = RemovableMounts(f)
		f.Close()
	}
	return append(out, filepath.Join(dataDir, Dir))
}

// RemovableMounts reads a mounts table (/proc/self/mounts) and returns
// the writable mount points of removable drives.
func RemovableMounts(r io.Reader) []string {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 {
			continue
		}
		// Spaces and the like are written as octal escapes.
		dir := strings.NewReplacer(`\040`, " ", `\011`, "\t", `\012`, "\n", `\134`, `\`).Replace(f[1])
		if !(strings.HasPrefix(dir, "/media/") || strings.HasPrefix(dir, "/run/media/") || strings.HasPrefix(dir, "/mnt/")) {
			continue
		}
		if strings.Contains(","+f[3]+",", ",ro,") {
			continue
		}
		out = append(out, dir)
	}
	return out
}
