package kiosk

import "os"

// WriteFileAtomic writes data to path so that a power cut leaves either the
// old file or the whole new one: a temporary file in the same folder,
// fsynced, renamed over path, and the folder fsynced.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return writeFileAtomic(path, data, perm, -1, -1)
}
