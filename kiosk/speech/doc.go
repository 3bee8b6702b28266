// Package speech decides what the kiosk says aloud to a citizen who cannot
// see the screen, and in which language: each screen's title and what it
// asks, the focused control with its state and place, refusals as they
// appear, the idle warning and its countdown, and the receipt's tracking
// code digit by digit. Numbers, dates and codes are written out in the
// words a speaker of the session's language says (Words). What a citizen
// typed is never spoken, except in a read-back they ask for.
//
// The package knows nothing of Fyne or of sound: the screens tell a
// Speaker what they show, and an Engine (kiosk/speech/espeak) says it.
package speech
