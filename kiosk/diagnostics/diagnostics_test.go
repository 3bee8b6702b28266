package diagnostics_test

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/diagnostics"
)

func TestRemovableMounts(t *testing.T) {
	tests := []struct {
		name, mounts string
		want         []string
	}{
		{name: "USB sticks, escaped names, read-only and system mounts left out", mounts: `/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
/dev/sdb1 /media/pishkhan/USB\040STICK vfat rw,nosuid,nodev,relatime 0 0
/dev/sdc1 /media/pishkhan/CDROM iso9660 ro,nosuid 0 0
/dev/sdd1 /run/media/tech/KINGSTON exfat rw 0 0
/dev/sde1 /mnt/usb vfat rw 0 0
tmpfs /run tmpfs rw 0 0
`, want: []string{"/media/pishkhan/USB STICK", "/run/media/tech/KINGSTON", "/mnt/usb"}},
		{name: "nothing mounted", mounts: "/dev/sda1 / ext4 rw 0 0\n", want: nil},
		{name: "a short line", mounts: "garbage\n/dev/sdb1 /media/x vfat rw 0 0\n", want: []string{"/media/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagnostics.RemovableMounts(strings.NewReader(tt.mounts))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("RemovableMounts = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBundle(t *testing.T) {
	dir := t.TempDir()
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "runtime.json"), []byte(`{"pid":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	b := diagnostics.New(at)
	b.Add("build.txt", []byte("kiosk v1\n"))
	b.AddJSON("status.json", map[string]int{"queued": 3})
	b.AddFile(src, "runtime.json")
	b.AddFile(src, "absent.json") // skipped
	path, err := b.Write(dir, "IKA/T1 07")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "pishkhan-diag-IKA_T1_07-20261207-093000.tar.gz" {
		t.Errorf("bundle named %s", filepath.Base(path))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	got := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		got[h.Name] = string(data)
		if h.Mode != 0o600 || !h.ModTime.Equal(at) {
			t.Errorf("%s: mode %o, time %v", h.Name, h.Mode, h.ModTime)
		}
	}
	want := map[string]string{"build.txt": "kiosk v1\n", "status.json": "{\n  \"queued\": 3\n}\n", "runtime.json": `{"pid":1}`}
	if len(got) != len(want) {
		t.Fatalf("bundle holds %q", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("bundle file mode %v, %v", fi.Mode(), err)
	}
}
