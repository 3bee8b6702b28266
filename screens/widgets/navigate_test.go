package widgets_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/pishkhan/pishkhan/screens/widgets"
)

func rect(x0, y0, x1, y1 float32) widgets.Rect {
	return widgets.Rect{Min: fyne.NewPos(x0, y0), Max: fyne.NewPos(x1, y1)}
}

// at is a control at r, fully in view, in no scroll container or group.
func at(r widgets.Rect) widgets.Target { return widgets.Target{Rect: r, Visible: r} }

func TestNearestFollowsTheArrow(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	keys := widgets.NewKeypad(fonts, enLabels, nil, "") // stands for any group of keys
	inGroup := func(r widgets.Rect) widgets.Target { tg := at(r); tg.Group = keys; return tg }
	list := container.NewVScroll(nil)
	other := container.NewVScroll(nil)
	view := rect(0, 0, 400, 300)
	inList := func(r widgets.Rect) widgets.Target {
		return widgets.Target{Rect: r, Visible: intersect(r, view), Scroll: list, ScrollRect: view}
	}
	cases := []struct {
		name    string
		targets []widgets.Target
		from    int
		arrow   widgets.Arrow
		want    int
	}{
		{"right along a row", []widgets.Target{at(rect(0, 0, 100, 80)), at(rect(110, 0, 210, 80)), at(rect(220, 0, 320, 80))}, 1, widgets.ArrowRight, 2},
		{"left along a row", []widgets.Target{at(rect(0, 0, 100, 80)), at(rect(110, 0, 210, 80)), at(rect(220, 0, 320, 80))}, 1, widgets.ArrowLeft, 0},
		{"nothing above a row", []widgets.Target{at(rect(0, 0, 100, 80)), at(rect(110, 0, 210, 80))}, 1, widgets.ArrowUp, -1},
		{"straight below beats nearer but aside", []widgets.Target{
			at(rect(0, 0, 100, 80)), at(rect(150, 100, 250, 180)), at(rect(0, 200, 100, 280)),
		}, 0, widgets.ArrowDown, 2},
		{"nearest of the aligned ones", []widgets.Target{
			at(rect(0, 0, 100, 80)), at(rect(0, 300, 100, 380)), at(rect(0, 90, 100, 170)),
		}, 0, widgets.ArrowDown, 2},
		{"the one ahead of the centre among many below a wide field", []widgets.Target{
			at(rect(0, 0, 900, 80)), at(rect(0, 100, 90, 180)), at(rect(400, 100, 490, 180)), at(rect(800, 100, 890, 180)),
		}, 0, widgets.ArrowDown, 2},
		{"diagonally to another group", []widgets.Target{
			at(rect(0, 400, 600, 480)), inGroup(rect(700, 0, 790, 80)), inGroup(rect(700, 90, 790, 170)),
		}, 0, widgets.ArrowRight, 2},
		{"not diagonally to another row of the same keys", []widgets.Target{
			inGroup(rect(100, 0, 190, 80)), inGroup(rect(200, 0, 290, 80)), inGroup(rect(0, 90, 90, 170)), inGroup(rect(100, 90, 190, 170)),
		}, 0, widgets.ArrowLeft, -1},
		{"down to the key below in the same keys", []widgets.Target{
			inGroup(rect(100, 0, 190, 80)), inGroup(rect(200, 0, 290, 80)), inGroup(rect(0, 90, 90, 170)), inGroup(rect(100, 90, 190, 170)),
		}, 0, widgets.ArrowDown, 3},
		{"a control overlapping a little along the arrow", []widgets.Target{
			at(rect(0, 0, 100, 100)), at(rect(60, 10, 200, 90)),
		}, 0, widgets.ArrowRight, 1},
		{"nothing when only a control below lies further right", []widgets.Target{
			at(rect(0, 0, 900, 80)), at(rect(800, 100, 990, 180)),
		}, 0, widgets.ArrowRight, -1},
		{"within a scroll first, even out of view", []widgets.Target{
			inList(rect(0, 200, 400, 280)), at(rect(0, 320, 400, 400)), inList(rect(0, 500, 400, 580)),
		}, 0, widgets.ArrowDown, 2},
		{"out of a scroll at its end", []widgets.Target{
			inList(rect(0, 200, 400, 280)), at(rect(0, 320, 400, 400)),
		}, 0, widgets.ArrowDown, 1},
		{"into a scroll only where it is in view", []widgets.Target{
			at(rect(0, 320, 400, 400)), inList(rect(0, 600, 400, 680)), inList(rect(0, 100, 400, 180)),
		}, 0, widgets.ArrowUp, 2},
		{"not to another scroll's hidden controls", []widgets.Target{
			inList(rect(0, 200, 400, 280)),
			{Rect: rect(0, 400, 400, 480), Visible: widgets.Rect{}, Scroll: other, ScrollRect: rect(0, 500, 400, 800)},
		}, 0, widgets.ArrowDown, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := widgets.Nearest(tc.targets, tc.from, tc.arrow); got != tc.want {
				t.Errorf("Nearest = %d, want %d", got, tc.want)
			}
		})
	}
}

func intersect(a, b widgets.Rect) widgets.Rect {
	r := widgets.Rect{
		Min: fyne.NewPos(max(a.Min.X, b.Min.X), max(a.Min.Y, b.Min.Y)),
		Max: fyne.NewPos(min(a.Max.X, b.Max.X), min(a.Max.Y, b.Max.Y)),
	}
	if r.Empty() {
		return widgets.Rect{}
	}
	return r
}

// TestFocusTargetsFindsControlsWhereTheyAre lays out buttons in plain
// containers, a scroll container and a keypad, and checks which are found,
// where, and how much of each is in view.
func TestFocusTargetsFindsControlsWhereTheyAre(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	sized := func(o fyne.CanvasObject, x, y, w, h float32) fyne.CanvasObject {
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, h))
		return o
	}
	plain := widgets.NewButton(fonts, "plain", widgets.DirLTR, nil)
	disabled := widgets.NewButton(fonts, "disabled", widgets.DirLTR, nil)
	disabled.Disable()
	hidden := widgets.NewButton(fonts, "hidden", widgets.DirLTR, nil)
	hidden.Hide()
	shown := widgets.NewButton(fonts, "shown", widgets.DirLTR, nil)
	below := widgets.NewButton(fonts, "below", widgets.DirLTR, nil)
	tall := canvas.NewRectangle(nil)
	tall.SetMinSize(fyne.NewSize(100, 400))
	content := container.NewWithoutLayout(tall, sized(shown, 0, 10, 100, 80), sized(below, 0, 250, 100, 80))
	scroll := container.NewVScroll(content)
	pad := widgets.NewKeypad(fonts, enLabels, nil, "")
	root := container.NewWithoutLayout(
		sized(plain, 10, 10, 100, 80), sized(disabled, 120, 10, 100, 80), sized(hidden, 230, 10, 100, 80),
		sized(scroll, 0, 100, 200, 200),
		sized(pad, 300, 100, 300, 500),
	)
	scroll.ScrollToOffset(fyne.NewPos(0, 0))
	w := test.NewTempWindow(t, root)
	w.Resize(fyne.NewSize(700, 700))

	ts := widgets.FocusTargets(root)
	byLabel := map[string]widgets.Target{}
	keys := 0
	for _, tg := range ts {
		if b, ok := tg.Object.(*widgets.Button); ok {
			byLabel[b.Label] = tg
			if tg.Group == pad {
				keys++
			}
		}
	}
	for _, gone := range []string{"disabled", "hidden"} {
		if _, ok := byLabel[gone]; ok {
			t.Errorf("the %s button is a target", gone)
		}
	}
	if got := byLabel["plain"].Rect; got != rect(10, 10, 110, 90) { // relative to root
		t.Errorf("plain button at %v", got)
	}
	if tg := byLabel["shown"]; tg.Scroll != scroll || tg.Visible != tg.Rect || tg.Rect != rect(0, 110, 100, 190) {
		t.Errorf("button in view in the scroll: %+v", tg)
	}
	if tg := byLabel["below"]; tg.Scroll != scroll || !tg.Visible.Empty() {
		t.Errorf("button scrolled out of view: rect %v, visible %v", tg.Rect, tg.Visible)
	}
	// The keypad's twelve keys: nine digits, 0, backspace, clear and done.
	if keys != 13 {
		t.Errorf("%d keys of the keypad found, want 13", keys)
	}
	if !widgets.Contains(root, below) || widgets.Contains(scroll, plain) {
		t.Error("Contains does not follow the tree")
	}

	// Revealing the button below scrolls it into view.
	widgets.Reveal(byLabel["below"])
	ts = widgets.FocusTargets(root)
	for _, tg := range ts {
		if tg.Object == below && tg.Visible != tg.Rect {
			t.Errorf("after Reveal the button is at %v, in view %v (offset %v)", tg.Rect, tg.Visible, scroll.Offset)
		}
	}
}

// TestButtonsAndFieldsPassOnKeysTheyDoNotUse checks that arrows and Back
// reach the canvas's handler from a focused button or field, while the
// keys they use do not.
func TestButtonsAndFieldsPassOnKeysTheyDoNotUse(t *testing.T) {
	fonts := dejavu(t)
	test.NewTempApp(t)
	pressed := 0
	b := widgets.NewButton(fonts, "OK", widgets.DirLTR, func() { pressed++ })
	f := widgets.NewField(fonts, widgets.DirLTR, widgets.AlignStart)
	w := test.NewTempWindow(t, container.NewVBox(b, f, canvas.NewRectangle(nil)))
	var keys []fyne.KeyName
	var runes []rune
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { keys = append(keys, e.Name) })
	w.Canvas().SetOnTypedRune(func(r rune) { runes = append(runes, r) })

	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyReturn, fyne.KeyEscape, fyne.KeyF2} {
		b.TypedKey(&fyne.KeyEvent{Name: k})
	}
	b.TypedRune('7')
	for _, k := range []fyne.KeyName{fyne.KeyUp, fyne.KeyBackspace, fyne.KeyEscape} {
		f.TypedKey(&fyne.KeyEvent{Name: k})
	}
	f.TypedRune('5')
	want := []fyne.KeyName{fyne.KeyDown, fyne.KeyEscape, fyne.KeyF2, fyne.KeyUp, fyne.KeyEscape}
	if len(keys) != len(want) {
		t.Fatalf("keys passed on: %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("keys passed on: %v, want %v", keys, want)
		}
	}
	if pressed != 1 {
		t.Errorf("the button was pressed %d times, want once (by Enter)", pressed)
	}
	if len(runes) != 1 || runes[0] != '7' {
		t.Errorf("characters passed on %q, want the button's 7 only", runes)
	}
	if f.Value() != "5" {
		t.Errorf("the field holds %q, want the 5 typed into it", f.Value())
	}
}
