package widgets

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// D-pad navigation: where the controls are, and which one lies nearest in
// the direction of an arrow key. Directions are visual: Left is towards
// the left edge of the screen in every language. A Persian screen is
// mirrored, so there Left moves towards the end of a row (towards Next),
// exactly as the arrow on the remote points.

// Arrow is a direction of the remote's D-pad.
type Arrow int

// The four arrows.
const (
	ArrowUp Arrow = iota
	ArrowDown
	ArrowLeft
	ArrowRight
)

// ArrowOf returns the arrow a key stands for; ok is false for other keys.
func ArrowOf(k fyne.KeyName) (a Arrow, ok bool) {
	switch k {
	case fyne.KeyUp:
		return ArrowUp, true
	case fyne.KeyDown:
		return ArrowDown, true
	case fyne.KeyLeft:
		return ArrowLeft, true
	case fyne.KeyRight:
		return ArrowRight, true
	}
	return 0, false
}

// Composite is a widget made of other objects, some of which take the
// focus (a keyboard's keys, a date picker's days). Parts returns them,
// placed relative to the widget, so that navigation can find them; Fyne
// offers no public way to look inside a widget.
type Composite interface {
	fyne.Widget
	Parts() []fyne.CanvasObject
}

// Rect is an area of the canvas.
type Rect struct{ Min, Max fyne.Position }

// Empty reports whether the area has no extent.
func (r Rect) Empty() bool { return r.Max.X <= r.Min.X || r.Max.Y <= r.Min.Y }

// Center returns the middle of the area.
func (r Rect) Center() fyne.Position {
	return fyne.NewPos((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

// Size returns the area's width and height.
func (r Rect) Size() fyne.Size { return fyne.NewSize(r.Max.X-r.Min.X, r.Max.Y-r.Min.Y) }

func (r Rect) intersect(o Rect) Rect {
	out := Rect{
		Min: fyne.NewPos(max(r.Min.X, o.Min.X), max(r.Min.Y, o.Min.Y)),
		Max: fyne.NewPos(min(r.Max.X, o.Max.X), min(r.Max.Y, o.Max.Y)),
	}
	if out.Empty() {
		return Rect{}
	}
	return out
}

func rectAt(pos fyne.Position, size fyne.Size) Rect {
	return Rect{Min: pos, Max: pos.Add(fyne.NewPos(size.Width, size.Height))}
}

// Target is a control the focus can move to.
type Target struct {
	Object fyne.Focusable
	// Rect is where the control is, relative to the top left corner of
	// the root it was found from; Visible is the part of it not scrolled out of view (empty when
	// none is).
	Rect, Visible Rect
	// Scroll is the innermost scroll container holding the control (the
	// container.Scroll a TouchScroll embeds), nil for none; ScrollRect is
	// where that container is.
	Scroll     *container.Scroll
	ScrollRect Rect
	// Group is the innermost Composite holding the control (a keyboard,
	// a keypad, a date picker), nil for none.
	Group Composite
}

// FocusTargets returns the visible, enabled controls under root that
// take the focus, in tree order. It looks into containers, scroll
// containers and Composite widgets; a focusable widget is a leaf.
func FocusTargets(root fyne.CanvasObject) []Target {
	var out []Target
	if root == nil {
		return nil
	}
	origin := fyne.NewPos(-root.Position().X, -root.Position().Y)
	walkTargets(root, origin, place{}, func(t Target) { out = append(out, t) })
	return out
}

// Contains reports whether obj is root or lies inside it, looking into
// the same objects as FocusTargets (hidden ones included).
func Contains(root fyne.CanvasObject, obj fyne.CanvasObject) bool {
	if root == nil || obj == nil {
		return false
	}
	if root == obj {
		return true
	}
	for _, c := range children(root) {
		if Contains(c, obj) {
			return true
		}
	}
	return false
}

func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case *container.Scroll:
		if x.Content != nil {
			return []fyne.CanvasObject{x.Content}
		}
	case *TouchScroll:
		if x.Content != nil {
			return []fyne.CanvasObject{x.Content}
		}
	case fyne.Focusable:
		return nil
	case Composite:
		return x.Parts()
	}
	return nil
}

// place is what walkTargets knows of where it is in the tree: the
// innermost scroll container and composite above, and the visible area
// the scroll containers leave (when clipped).
type place struct {
	scroll  *container.Scroll
	view    Rect
	clipped bool
	group   Composite
}

// walkTargets reports the focus targets under o, placed at origin.
func walkTargets(o fyne.CanvasObject, origin fyne.Position, at place, fn func(Target)) {
	if o == nil || !o.Visible() {
		return
	}
	pos := origin.Add(o.Position())
	rect := rectAt(pos, o.Size())
	if f, ok := o.(fyne.Focusable); ok {
		if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
			return
		}
		if rect.Empty() {
			return // not laid out yet
		}
		vis := rect
		if at.clipped {
			vis = rect.intersect(at.view)
		}
		fn(Target{Object: f, Rect: rect, Visible: vis, Scroll: at.scroll, ScrollRect: at.view, Group: at.group})
		return
	}
	if t, ok := o.(*TouchScroll); ok {
		o = &t.Scroll // where Reveal scrolls
	}
	switch x := o.(type) {
	case *container.Scroll:
		view := rect
		if at.clipped {
			view = rect.intersect(at.view)
		}
		in := at
		in.scroll, in.view, in.clipped = x, view, true
		if x.Content != nil {
			walkTargets(x.Content, pos, in, fn)
		}
		return
	case Composite:
		at.group = x
	}
	for _, c := range children(o) {
		walkTargets(c, pos, at, fn)
	}
}

// orthogonalWeight is how much a step sideways of the arrow's direction
// costs against a step along it: moving Down picks the control below
// before one that is a little nearer but off to the side.
const orthogonalWeight = 3

// slack absorbs rounding in layouts: controls touching within it count as
// side by side.
const slack = 1

// Nearest returns the index of the target nearest to targets[from] in the
// direction of a, or -1 when there is none. Within a scroll container the
// focus first moves among the controls of that container, including
// those scrolled out of view, so that every one of them can be reached;
// only at its edge does it leave for the controls around it, which it
// sees only as far as they are in view.
func Nearest(targets []Target, from int, a Arrow) int {
	cur := targets[from]
	if cur.Scroll != nil {
		best, bestScore := -1, math.Inf(1)
		for i, t := range targets {
			if i == from || t.Scroll != cur.Scroll {
				continue
			}
			if s, ok := score(cur.Rect, t.Rect, a, sameGroup(cur, t)); ok && s < bestScore {
				best, bestScore = i, s
			}
		}
		if best >= 0 {
			return best
		}
	}
	here := cur.Visible
	if here.Empty() {
		here = cur.Rect
	}
	best, bestScore := -1, math.Inf(1)
	for pass := 0; pass < 2 && best < 0; pass++ {
		for i, t := range targets {
			if i == from || (cur.Scroll != nil && t.Scroll == cur.Scroll) || t.Visible.Empty() {
				continue
			}
			s, ok := score(here, t.Visible, a, sameGroup(cur, t))
			if pass == 1 {
				s, ok = looseScore(here, t.Visible, a)
			}
			if ok && s < bestScore {
				best, bestScore = i, s
			}
		}
	}
	return best
}

// NearestTo returns the index of the target whose centre is nearest to
// the centre of r (where a control stood before it was replaced), or -1
// when there are no targets.
func NearestTo(targets []Target, r Rect) int {
	best, bestD := -1, math.Inf(1)
	c := r.Center()
	for i, t := range targets {
		tc := t.Rect.Center()
		d := math.Hypot(float64(tc.X-c.X), float64(tc.Y-c.Y))
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// along returns r's near and far edges along arrow a's axis, measured in
// the arrow's sense (so that further on is always larger); across returns
// its extent on the other axis.
func along(r Rect, a Arrow) (lo, hi float32) {
	switch a {
	case ArrowUp:
		return -r.Max.Y, -r.Min.Y
	case ArrowDown:
		return r.Min.Y, r.Max.Y
	case ArrowLeft:
		return -r.Max.X, -r.Min.X
	}
	return r.Min.X, r.Max.X
}

func across(r Rect, a Arrow) (lo, hi float32) {
	if a == ArrowUp || a == ArrowDown {
		return r.Min.X, r.Max.X
	}
	return r.Min.Y, r.Max.Y
}

func sameGroup(a, b Target) bool { return a.Group != nil && a.Group == b.Group }

// score rates cand as the next focus from cur: it must lie wholly beyond
// cur's edge in the arrow's direction. The cost is the gap along the
// arrow, plus the sideways gap (zero when the two overlap sideways)
// weighted, plus a fraction of the offset between their centres to part
// ties in favour of the control straight ahead.
//
// Among the keys of one keyboard, keypad or date picker the focus moves
// only within 45° of the arrow: Left at the start of a row of keys stays
// there instead of jumping to another row. Between groups it may move
// diagonally, so that a keypad beside a field is reached from any field.
func score(cur, cand Rect, a Arrow, grouped bool) (float64, bool) {
	_, curFar := along(cur, a)
	candNear, _ := along(cand, a)
	if candNear < curFar-slack {
		return 0, false
	}
	gap := max(candNear-curFar, 0)
	if side := sideGap(cur, cand, a); grouped && side > 0 && side >= gap-slack {
		return 0, false
	}
	return cost(cur, cand, a, gap), true
}

// sideGap is the distance between cur and cand across the arrow, zero
// when they overlap.
func sideGap(cur, cand Rect, a Arrow) float32 {
	curLo, curHi := across(cur, a)
	candLo, candHi := across(cand, a)
	switch {
	case candHi < curLo:
		return curLo - candHi
	case candLo > curHi:
		return candLo - curHi
	}
	return 0
}

// looseScore accepts a candidate side by side with cur (overlapping it
// across the arrow) whose edges both lie beyond cur's, for layouts where
// controls overlap a little along the arrow.
func looseScore(cur, cand Rect, a Arrow) (float64, bool) {
	curLo, curHi := along(cur, a)
	candLo, candHi := along(cand, a)
	if candLo <= curLo+slack || candHi <= curHi+slack {
		return 0, false
	}
	xLo, xHi := across(cur, a)
	cLo, cHi := across(cand, a)
	if cHi <= xLo || cLo >= xHi {
		return 0, false
	}
	return cost(cur, cand, a, candLo+candHi-curLo-curHi), true
}

func cost(cur, cand Rect, a Arrow, gap float32) float64 {
	curLo, curHi := across(cur, a)
	candLo, candHi := across(cand, a)
	side := sideGap(cur, cand, a)
	centre := (candLo + candHi - curLo - curHi) / 2
	if centre < 0 {
		centre = -centre
	}
	return float64(gap) + orthogonalWeight*float64(side) + 0.01*float64(centre)
}

// Reveal scrolls t's scroll container, if any, so that all of t is in
// view (as far as the container is large enough).
func Reveal(t Target) {
	s := t.Scroll
	if s == nil || s.Content == nil {
		return
	}
	view, content := s.Size(), s.Content.Size()
	off := s.Offset
	margin := Size(SizeNameFocusRing)
	fit := func(off, lo, hi, viewLo, viewHi, viewLen, contentLen float32) float32 {
		switch {
		case lo < viewLo:
			off -= viewLo - lo + margin
		case hi > viewHi:
			off += min(hi-viewHi+margin, lo-viewLo) // never push its start out of view
		}
		return max(min(off, contentLen-viewLen), 0)
	}
	off.Y = fit(off.Y, t.Rect.Min.Y, t.Rect.Max.Y, t.ScrollRect.Min.Y, t.ScrollRect.Max.Y, view.Height, content.Height)
	off.X = fit(off.X, t.Rect.Min.X, t.Rect.Max.X, t.ScrollRect.Min.X, t.ScrollRect.Max.X, view.Width, content.Width)
	if off != s.Offset {
		s.ScrollToOffset(off)
	}
}

// CanvasOf returns the canvas showing o. Fyne learns which canvas holds
// an object only when it first draws it; until then (a screen just
// built) the kiosk's one window is meant.
func CanvasOf(o fyne.CanvasObject) fyne.Canvas {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	if c := a.Driver().CanvasForObject(o); c != nil {
		return c
	}
	if ws := a.Driver().AllWindows(); len(ws) == 1 {
		return ws[0].Canvas()
	}
	return nil
}

// passKey hands a key a control does not use to its canvas's key handler,
// where the screens' navigator moves the focus on arrows, goes back on
// Escape and answers the remote's colour keys. Fyne gives keys only to the
// focused control, so every focusable control of the kiosk passes on what
// it does not use.
func passKey(o fyne.CanvasObject, e *fyne.KeyEvent) {
	if c := CanvasOf(o); c != nil {
		if h := c.OnTypedKey(); h != nil {
			h(e)
		}
	}
}

// passRune hands a typed character a control does not use to its
// canvas's rune handler: a digit pressed on the remote while a key of the
// on-screen keypad has the focus still types into the field.
func passRune(o fyne.CanvasObject, r rune) {
	if c := CanvasOf(o); c != nil {
		if h := c.OnTypedRune(); h != nil {
			h(r)
		}
	}
}
