// Package widgets holds the kiosk's own Fyne widgets: bidi-aware text that
// lays out Persian right to left (Fyne itself cannot), and the focusable,
// touch-sized controls the screens are built from.
//
// Widgets know nothing of the citizen's domain: no catalogue, calendar,
// message or language. They draw what they are given (strings, choices,
// Labels for special keys, functions that write or accept digits) with the
// fonts they are given (a *typeset.Fonts passed to every constructor that
// draws text), and report through callbacks. The package's only state of
// its own is the cache of icon rasters (icons.go), a function of its keys
// alone and guarded by a lock, so its tests run in parallel. What knows Iranian rules
// (the Solar Hijri date picker, the plate entry) lives in package screens.
package widgets
