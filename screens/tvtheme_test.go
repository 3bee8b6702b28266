package screens_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/screens"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// TestTVScreensKeepToSafeAreaAndTextSize walks every screen on a
// 1920×1080 television in both languages, with normal and with large
// text (the remote's yellow key), every field of every step in turn
// with its keyboard or pad, and checks the 10-foot rules: the screen fits
// 1080p, every control lies inside the 5 % safe area, and no text is
// smaller than 24 px.
func TestTVScreensKeepToSafeAreaAndTextSize(t *testing.T) {
	cases := []struct {
		name  string
		lang  kiosk.Lang
		large bool
	}{
		{"fa", kiosk.Persian, false},
		{"en", kiosk.English, false},
		{"fa large text", kiosk.Persian, true},
		{"en large text", kiosk.English, true},
	}
	for _, tc := range cases {
		l := tc.lang
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tvMode(), func(_ *kiosk.SessionConfig, o *screens.Options) { o.LargeText = tc.large })
			root := r.ui.Content()
			check := func(name string) {
				if m := root.MinSize(); m.Width > tvSize.Width || m.Height > tvSize.Height {
					t.Errorf("%s needs %v, more than 1080p", name, m)
				}
				size := root.Size()
				safe := widgets.Rect{
					Min: fyne.NewPos(size.Width*0.05-0.5, size.Height*0.05-0.5),
					Max: fyne.NewPos(size.Width*0.95+0.5, size.Height*0.95+0.5),
				}
				for _, tg := range widgets.FocusTargets(root) {
					v := tg.Visible
					if v.Empty() {
						continue
					}
					if v.Min.X < safe.Min.X || v.Min.Y < safe.Min.Y || v.Max.X > safe.Max.X || v.Max.Y > safe.Max.Y {
						t.Errorf("%s: %s at %v is outside the safe area %v", name, describe(tg.Object), v, safe)
					}
				}
				for _, o := range r.objects() {
					txt, ok := o.(*widgets.Text)
					if !ok || txt.Text() == "" {
						continue
					}
					n := txt.Style().Size
					if n == "" {
						n = theme.SizeNameText
					}
					if s := theme.Size(n); s < 24 {
						t.Errorf("%s: %q is drawn at %.0f px", name, txt.Text(), s)
					}
				}
			}
			swept := map[string]bool{}
			visitEveryScreen(r, l, func(name string) {
				check(name)
				// Each field of a step in turn, with its keyboard or pad.
				r.tapEachField(name, swept, func(where string, _ *widgets.Field) { check(where) })
			})
		})
	}
}
