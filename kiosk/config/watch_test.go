package config_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/config"
)

func TestWatcher(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	good := func() []byte {
		c := config.Default()
		c.DeviceID, c.KioskNumber = "IKA-T1-07", 7
		data, err := config.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}()
	write := func(data []byte) {
		t.Helper()
		tmp := path + ".new"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// A new file renamed over the old one, as provision writes it; a
		// later time, so even a coarse clock tells the versions apart.
		at := time.Now().Add(time.Duration(len(data)) * time.Second)
		os.Chtimes(tmp, at, at)
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	write(good)
	w := config.NewWatcher(path)
	steps := []struct {
		name        string
		change      func()
		changed     bool
		wantRefusal bool
	}{
		{name: "nothing new", change: func() {}},
		{name: "a new version that does not load", change: func() { write([]byte("kiosk_number: 0\ndevice_id: x|y\n")) }, wantRefusal: true},
		{name: "the same bad version is reported once", change: func() {}},
		{name: "a good version after it", change: func() { write(append(good, []byte("\n# edited\n")...)) }, changed: true},
		{name: "then nothing new", change: func() {}},
		{name: "removed", change: func() { os.Remove(path) }},
	}
	for _, st := range steps {
		st.change()
		changed, err := w.Check()
		if changed != st.changed || (err != nil) != st.wantRefusal {
			t.Errorf("%s: Check = %v, %v; want changed %v, refusal %v", st.name, changed, err, st.changed, st.wantRefusal)
		}
	}
}
