// Package widgets holds the kiosk's own Fyne widgets: bidi-aware text that
// lays out Persian right to left (Fyne itself cannot), and the focusable,
// touch-sized controls the screens are built from.
package widgets
