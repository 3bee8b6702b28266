// Package screens is the kiosk's Fyne user interface: one screen per stage
// of a citizen's path (attract, language, services, intro, form steps,
// review, consent, receipt, survey, thanks) plus the idle warning, drawn
// from a kiosk.Session and mirrored for Persian.
//
// Screens hold no business rules. They render kiosk.State and turn taps
// and typed text into Session actions; validation, stage changes and the
// idle wipe belong to the session. Every string shown comes from the
// message catalogue (kiosk.Msg) or the service catalogue, drawn with the
// bidi-aware widgets.Text.
//
// cmd/kiosk builds a UI with New, shows UI.Content, applies the theme with
// UI.ApplyTheme and calls UI.Tick once a second.
package screens
