package widgets

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
)

// Fling tuning: how a scroll coasts after the finger leaves it.
const (
	// flingWindow is how far back the finger's last moves count towards
	// its speed when it lifts: a finger that paused before lifting
	// does not fling.
	flingWindow = 100 * time.Millisecond
	// flingFrame is the shortest time a move is taken to have lasted, so
	// that a single move (a test's drag, a slow driver) has a finite speed.
	flingFrame = 16 * time.Millisecond
	// flingFriction is the rate (per second) at which a fling's speed
	// decays: at 4, a fling loses about 98 % of its speed in a second.
	flingFriction = 4.0
	// flingMinSpeed and flingMaxSpeed bound a fling, in pixels per second:
	// slower lifts just stop, faster ones coast as if at the maximum.
	flingMinSpeed = 60.0
	flingMaxSpeed = 2500.0
	// flingStopSpeed is the speed at which a coasting scroll stops.
	flingStopSpeed = 20.0
)

// TouchScroll is a scroll container that follows a finger. Fyne's desktop
// driver scrolls its container.Scroll only by wheel and scroll bar (it
// ignores drags unless the device is a phone), which leaves a touch screen
// kiosk's citizen a 6-px bar to aim at. A TouchScroll moves its content
// with a drag, one pixel for one pixel, and when the finger lifts while
// moving, coasts on with a decaying speed until it stops or meets an edge;
// a new touch stops it. Its content's buttons still take taps, and a drag
// that starts on one does not press it (the driver taps only when no drag
// started). The scroll bar works as in container.Scroll, which it embeds:
// Offset, Content, ScrollToOffset and OnScrolled are that container's.
type TouchScroll struct {
	container.Scroll

	moves []dragMove
	fling *fyne.Animation
}

// dragMove is one move of a finger: how far, and when it was seen.
type dragMove struct {
	at time.Time
	by fyne.Delta
}

// NewVScroll returns a TouchScroll that scrolls content vertically.
func NewVScroll(content fyne.CanvasObject) *TouchScroll {
	return newTouchScroll(container.ScrollVerticalOnly, content)
}

// NewHScroll returns a TouchScroll that scrolls content horizontally.
func NewHScroll(content fyne.CanvasObject) *TouchScroll {
	return newTouchScroll(container.ScrollHorizontalOnly, content)
}

func newTouchScroll(dir container.ScrollDirection, content fyne.CanvasObject) *TouchScroll {
	s := &TouchScroll{}
	s.Direction = dir
	s.Content = content
	s.ExtendBaseWidget(s)
	return s
}

// Dragged implements fyne.Draggable: the content moves with the finger.
func (s *TouchScroll) Dragged(e *fyne.DragEvent) {
	s.Stop()
	now := time.Now()
	s.moves = append(recentMoves(s.moves, now), dragMove{at: now, by: e.Dragged})
	s.moveBy(e.Dragged)
}

// DragEnd implements fyne.Draggable: a finger that lifts while moving
// sets the content coasting.
func (s *TouchScroll) DragEnd() {
	v := flingVelocity(s.moves, time.Now())
	s.moves = nil
	speed := math.Hypot(float64(v.DX), float64(v.DY))
	if speed < flingMinSpeed {
		return
	}
	if speed > flingMaxSpeed {
		k := float32(flingMaxSpeed / speed)
		v.DX, v.DY, speed = v.DX*k, v.DY*k, flingMaxSpeed
	}
	// The speed decays as e^(-kt): the content has gone v/k·(1-e^(-kt))
	// by time t, and stops when the speed falls to flingStopSpeed.
	k := flingFriction
	last := math.Log(speed/flingStopSpeed) / k
	var gone float64
	var a *fyne.Animation
	a = fyne.NewAnimation(time.Duration(last*float64(time.Second)), func(p float32) {
		if s.fling != a {
			return // stopped
		}
		now := (1 - math.Exp(-k*last*float64(p))) / k
		step := float32(now - gone)
		gone = now
		if !s.moveBy(fyne.Delta{DX: v.DX * step, DY: v.DY * step}) {
			s.Stop()
		}
	})
	a.Curve = fyne.AnimationLinear
	s.fling = a
	a.Start()
}

// Stop stops a coasting scroll where it is.
func (s *TouchScroll) Stop() {
	if a := s.fling; a != nil {
		s.fling = nil
		a.Stop()
	}
}

// Scrolled implements fyne.Scrollable: a wheel stops a coasting scroll and
// scrolls as container.Scroll does.
func (s *TouchScroll) Scrolled(e *fyne.ScrollEvent) {
	s.Stop()
	s.Scroll.Scrolled(e)
}

// MouseDown implements desktop.Mouseable: a finger that touches the
// scroll, between its buttons, stops it coasting.
func (s *TouchScroll) MouseDown(*desktop.MouseEvent) { s.Stop() }

// MouseUp implements desktop.Mouseable.
func (s *TouchScroll) MouseUp(*desktop.MouseEvent) {}

// moveBy moves the content as a finger moving by d would, within the
// content's extent, and reports whether it moved the whole way (false
// at an edge).
func (s *TouchScroll) moveBy(d fyne.Delta) bool {
	if s.Content == nil {
		return false
	}
	view, content := s.Size(), s.Content.MinSize()
	off, whole := s.Offset, true
	clamp := func(v, hi float32) float32 {
		hi = max(hi, 0)
		if v < 0 || v > hi {
			whole = false
		}
		return min(max(v, 0), hi)
	}
	if s.Direction == container.ScrollVerticalOnly || s.Direction == container.ScrollBoth {
		off.Y = clamp(off.Y-d.DY, content.Height-view.Height)
	}
	if s.Direction == container.ScrollHorizontalOnly || s.Direction == container.ScrollBoth {
		off.X = clamp(off.X-d.DX, content.Width-view.Width)
	}
	if off != s.Offset {
		s.ScrollToOffset(off)
		if s.OnScrolled != nil {
			s.OnScrolled(s.Offset)
		}
	}
	return whole
}

// recentMoves drops the moves older than flingWindow before now.
func recentMoves(moves []dragMove, now time.Time) []dragMove {
	for len(moves) > 0 && now.Sub(moves[0].at) > flingWindow {
		moves = moves[1:]
	}
	return moves
}

// flingVelocity is the finger's speed, in pixels per second, over its
// moves of the last flingWindow before now.
func flingVelocity(moves []dragMove, now time.Time) fyne.Delta {
	moves = recentMoves(moves, now)
	if len(moves) == 0 {
		return fyne.Delta{}
	}
	var sum fyne.Delta
	for _, m := range moves {
		sum.DX += m.by.DX
		sum.DY += m.by.DY
	}
	span := float32((now.Sub(moves[0].at) + flingFrame).Seconds())
	return fyne.Delta{DX: sum.DX / span, DY: sum.DY / span}
}
