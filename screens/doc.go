// Package screens is the kiosk's Fyne user interface: one screen per stage
// of a citizen's path (attract, language, services, intro, form steps,
// review, consent, receipt, survey, thanks, and "track my request" from
// the services) plus the idle warning, drawn from a kiosk.Session and
// mirrored for Persian.
//
// What a citizen typed or answered is drawn as private text (never in
// the text layout cache), and every cached layout is dropped when a
// session returns to the attract loop, so nothing of it outlives the
// session in memory.
//
// Screens hold no business rules. They render kiosk.State and turn taps
// and typed text into Session actions; validation, stage changes and the
// idle wipe belong to the session. Every string shown comes from the
// message catalogue (kiosk.Msg) or the service catalogue, drawn with the
// bidi-aware widgets.Text.
//
// Every screen works by touch alone and by keys alone: the navigator
// (navigator.go) is the canvas's key handler and moves the focus with a
// TV remote's or a keyboard's arrows by the controls' places on screen,
// presses with OK, goes back with Back, types digits and answers the
// colour keys (docs/tv.md). In TV mode (Options.Mode) the screens use the
// 10-foot theme inside a safe area.
//
// cmd/kiosk builds a UI with New, applies the theme with UI.ApplyTheme,
// shows it with UI.ShowIn (which also takes the window's keys) and calls
// UI.Tick once a second.
package screens
