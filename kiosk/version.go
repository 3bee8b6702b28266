package kiosk

import "runtime/debug"

// version is set at build time with
// -ldflags "-X github.com/pishkhan/pishkhan/kiosk.version=v1.2.3".
var version = ""

// Version returns the build's version, the same for the kiosk and
// kioskctl: the -ldflags value, else the VCS revision the Go toolchain
// recorded, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return "dev"
}
