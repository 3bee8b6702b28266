//go:build linux && cgo

package main

/*
#cgo LDFLAGS: -lX11 -lXext
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>

// pishkhan_disable_blanking turns off the X server's screen saver and its
// display power management (DPMS), as "xset s off s noblank -dpms" does.
// It returns 0, or -1 when the display cannot be opened.
static int pishkhan_disable_blanking(void) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) {
		return -1;
	}
	XSetScreenSaver(d, 0, 0, DontPreferBlanking, DefaultExposures);
	int event, error;
	if (DPMSQueryExtension(d, &event, &error) && DPMSCapable(d)) {
		DPMSDisable(d);
	}
	XSync(d, False);
	XCloseDisplay(d);
	return 0;
}

// pishkhan_screensaver_timeout returns the X server's screen saver
// timeout in seconds, or -1 when the display cannot be opened.
static int pishkhan_screensaver_timeout(void) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) {
		return -1;
	}
	int timeout, interval, blanking, exposures;
	XGetScreenSaver(d, &timeout, &interval, &blanking, &exposures);
	XCloseDisplay(d);
	return timeout;
}
*/
import "C"

import (
	"errors"
	"os"
)

// disableXBlanking turns off the screen saver and DPMS of the X server on
// $DISPLAY. The settings belong to the server, so they hold after this
// connection closes, until the server restarts.
func disableXBlanking() error {
	if C.pishkhan_disable_blanking() != 0 {
		return errors.New("cannot open X display " + os.Getenv("DISPLAY"))
	}
	return nil
}

// xScreenSaverTimeout returns the screen saver timeout of the X server on
// $DISPLAY, in seconds (0: never).
func xScreenSaverTimeout() (int, error) {
	n := int(C.pishkhan_screensaver_timeout())
	if n < 0 {
		return 0, errors.New("cannot open X display " + os.Getenv("DISPLAY"))
	}
	return n, nil
}
