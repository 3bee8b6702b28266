package config

import (
	"os"
	"time"
)

// Watcher notices a new version of a configuration file (rewritten in
// place or renamed over), so a running kiosk can restart on it.
type Watcher struct {
	path    string
	current fileVersion // the version in force
	refused fileVersion // a new version that did not load, reported once
}

// fileVersion identifies a version of a file without reading it.
type fileVersion struct {
	info os.FileInfo // nil: no file
	mod  time.Time
	size int64
}

func versionOf(path string) fileVersion {
	fi, err := os.Stat(path)
	if err != nil {
		return fileVersion{}
	}
	return fileVersion{info: fi, mod: fi.ModTime(), size: fi.Size()}
}

func (v fileVersion) same(o fileVersion) bool {
	if v.info == nil || o.info == nil {
		return v.info == nil && o.info == nil
	}
	return os.SameFile(v.info, o.info) && v.mod.Equal(o.mod) && v.size == o.size
}

// NewWatcher watches path, taking the file as it is now as the version in
// force.
func NewWatcher(path string) *Watcher {
	return &Watcher{path: path, current: versionOf(path)}
}

// Check looks at the file. It reports changed once for each new version
// that loads and validates, which then is the version in force; a new
// version that does not load is reported once by its error, and the
// version in force stays. A removed file changes nothing.
func (w *Watcher) Check() (changed bool, err error) {
	now := versionOf(w.path)
	if now.info == nil || now.same(w.current) || now.same(w.refused) {
		return false, nil
	}
	if _, err := Load(w.path); err != nil {
		w.refused = now
		return false, err
	}
	w.current = now
	return true, nil
}
