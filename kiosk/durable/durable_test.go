package durable_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

func TestWriteFile(t *testing.T) {
	tests := []struct {
		name string
		old  []byte // nil: no file before
		perm os.FileMode
	}{
		{name: "new file", perm: 0o600},
		{name: "replaces a file", old: []byte("old content, longer than the new"), perm: 0o644},
		{name: "takes the new mode", old: []byte("old"), perm: 0o640},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "state.json")
			if tt.old != nil {
				if err := os.WriteFile(path, tt.old, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			if err := durable.WriteFile(path, []byte("new"), tt.perm); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != "new" {
				t.Fatalf("read back %q, %v; want \"new\"", got, err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != tt.perm {
				t.Errorf("mode %v, want %v", fi.Mode().Perm(), tt.perm)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("folder holds %d files, want 1: a temporary file was left behind", len(entries))
			}
		})
	}
}

func TestWriteFileMissingFolderLeavesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "state.json")
	if err := durable.WriteFile(path, []byte("x"), 0o600); err == nil {
		t.Fatal("wrote into a folder that does not exist")
	}
}

// TestFileOwner: files stay as they are unless root writes into a folder
// another user owns (TestCommitAsRootGivesFilesTheFoldersOwner in
// kiosk/config covers that case).
func TestFileOwner(t *testing.T) {
	tests := []struct {
		name string
		dir  string
	}{
		{name: "own folder", dir: t.TempDir()},
		{name: "missing folder", dir: filepath.Join(t.TempDir(), "missing")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if uid, gid := durable.FileOwner(tt.dir); uid != -1 || gid != -1 {
				t.Errorf("FileOwner = %d, %d; want -1, -1", uid, gid)
			}
		})
	}
}
