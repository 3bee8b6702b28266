//go:build !linux || !cgo

package main

import "errors"

// disableXBlanking is not available here.
func disableXBlanking() error {
	return errors.New("screen blanking is only controlled on Linux with X11")
}

func xScreenSaverTimeout() (int, error) { return 0, errors.New("no X11 here") }
