package main

import "runtime/debug"

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

// Version returns the build's version: the -ldflags value, else the VCS
// revision recorded by the Go toolchain.
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
	}
	return "dev"
}
