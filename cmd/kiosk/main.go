// Command kiosk is the Pishkhan appliance: a full-screen Fyne application
// that takes citizens through a public service's form, stores each
// submission durably, prints a receipt, and forwards submissions to the
// back office when the network allows.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	var opts Options
	flag.StringVar(&opts.DataDir, "data", "/var/lib/pishkhan", "data directory (outbox, keys, spool, config)")
	flag.StringVar(&opts.ConfigPath, "config", "", "configuration file (default DATA/config.yaml)")
	flag.BoolVar(&opts.FullScreen, "fullscreen", false, "run full-screen and refuse to be closed by the window manager")
	flag.StringVar(&opts.Mode, "mode", "", "kiosk or tv (overrides the configuration)")
	flag.BoolVar(&opts.RequireProvisioning, "require-provisioning", false, "without a configuration, show the \"not provisioned\" screen instead of serving citizens on defaults (for devices)")
	flag.BoolVar(&opts.Speech, "speech", false, "speak the screens (espeak-ng) from the start of every session, and log each utterance (msg=speak)")
	flag.StringVar(&opts.SpeechDir, "speech-dir", "", "with speech on, write it as WAV files in this folder instead of playing it")
	flag.StringVar(&opts.MetricsListen, "metrics", "", "address of the metrics endpoint, or off (overrides the configuration's metrics.listen; for benches beside another kiosk)")
	flag.BoolVar(&opts.Debug, "debug", false, "log at debug level, with the time each phase of the start took")
	pprofAddr := flag.String("pprof", "", "serve Go's profiles (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6061 (off by default; for benches, never on a device)")
	flag.StringVar(&opts.InspectAddr, "inspect", "", "serve a JSON description of the screen's controls (never answers) on this loopback address, e.g. 127.0.0.1:6062 (off by default; for tests that tap the kiosk, never on a device)")
	flag.Parse()
	if *pprofAddr != "" {
		if err := servePprof(*pprofAddr); err != nil {
			fmt.Fprintf(os.Stderr, "kiosk: %v\n", err)
			os.Exit(2)
		}
	}
	if opts.ConfigPath == "" {
		opts.ConfigPath = filepath.Join(opts.DataDir, "config.yaml")
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	restart, err := Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kiosk: %v\n", err)
		os.Exit(1)
	}
	if restart {
		reexec() // a new configuration or catalogue: start again
	}
}

// reexec starts the kiosk binary again in this process, so systemd keeps
// watching the same process. It returns only if that fails.
func reexec() {
	exe, err := os.Executable()
	if err == nil {
		err = syscall.Exec(exe, os.Args, os.Environ())
	}
	fmt.Fprintf(os.Stderr, "kiosk: restart failed: %v\n", err)
	os.Exit(1) // systemd (Restart=on-failure) starts it again
}
