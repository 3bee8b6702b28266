package main

import (
	"bufio"
	"fmt"
	"image"
	"io"
	"log"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/damage"
	"github.com/jezek/xgb/xfixes"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// How the harness learns that the screen may have changed.
const (
	// probeDamage waits for the X server's DAMAGE events on the root
	// window, then reads the screen once: the harness sleeps while
	// nothing is drawn, and leaves both cores to what it measures.
	probeDamage = "damage"
	// probePoll reads the whole screen again and again (the first
	// harness): each read is a 4 MB copy in Xvfb and here, so the probe
	// keeps a core busy. On a quiet machine its latencies came within
	// the noise of the damage probe's (docs/performance.md); it is kept
	// to compare with the numbers measured before.
	probePoll = "poll"
)

// display is a fresh Xvfb screen, reached as an X client: the harness
// reads the screen and sends input through it, as a citizen's finger or
// remote would, from outside the process under test.
type display struct {
	name   string // ":N"
	w, h   int
	xvfb   *exec.Cmd
	conn   *xgb.Conn
	root   xproto.Window
	keymap map[string]byte // keysym name → keycode, for the keys the walk presses

	probe string // probeDamage or probePoll
	// damaged receives a value when the root window was drawn on since
	// the damage was last cleared (probeDamage only).
	damaged chan struct{}
	dmg     damage.Damage
	// captures counts reads of the screen (tests).
	captures int
}

// startDisplay starts Xvfb on a free display number (Xvfb picks it and
// writes it to -displayfd) with a black root, so "something is drawn"
// is easy to tell.
func startDisplay(w, h int, probe string) (*display, error) {
	if probe != probeDamage && probe != probePoll {
		return nil, fmt.Errorf("probe %q: want %s or %s", probe, probeDamage, probePoll)
	}
	r, wr, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start Xvfb: %w", err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h),
		"-br", "-nolisten", "tcp", "-noreset", "+extension", "GLX")
	cmd.ExtraFiles = []*os.File{wr}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start Xvfb: %w", err)
	}
	wr.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
		r.Close()
	}()
	var num string
	select {
	case num = <-line:
	case <-time.After(10 * time.Second):
	}
	if _, err := strconv.Atoi(num); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("start Xvfb: no display number (%q)", num)
	}
	d := &display{name: ":" + num, w: w, h: h, xvfb: cmd, probe: probe}
	xgb.Logger = log.New(io.Discard, "", 0) // it logs a missing .Xauthority, which Xvfb needs not
	if d.conn, err = xgb.NewConnDisplay(d.name); err != nil {
		d.close()
		return nil, fmt.Errorf("connect to Xvfb %s: %w", d.name, err)
	}
	if err := xtest.Init(d.conn); err != nil {
		d.close()
		return nil, fmt.Errorf("XTEST on %s: %w", d.name, err)
	}
	d.root = xproto.Setup(d.conn).DefaultScreen(d.conn).Root
	if err := d.loadKeymap(); err != nil {
		d.close()
		return nil, err
	}
	if probe == probeDamage {
		if err := d.watchDamage(); err != nil {
			d.close()
			return nil, err
		}
	}
	return d, nil
}

// watchDamage asks the X server to report drawing anywhere on the screen
// (DAMAGE on the root window covers the windows inside it) and passes
// each report on to d.damaged.
func (d *display) watchDamage() error {
	if err := xfixes.Init(d.conn); err != nil {
		return fmt.Errorf("XFIXES on %s: %w", d.name, err)
	}
	if _, err := xfixes.QueryVersion(d.conn, 5, 0).Reply(); err != nil {
		return fmt.Errorf("XFIXES on %s: %w", d.name, err)
	}
	if err := damage.Init(d.conn); err != nil {
		return fmt.Errorf("DAMAGE on %s: %w", d.name, err)
	}
	if _, err := damage.QueryVersion(d.conn, 1, 1).Reply(); err != nil {
		return fmt.Errorf("DAMAGE on %s: %w", d.name, err)
	}
	id, err := damage.NewDamageId(d.conn)
	if err != nil {
		return fmt.Errorf("DAMAGE on %s: %w", d.name, err)
	}
	d.dmg = id
	// NonEmpty: one event when the damaged region stops being empty;
	// clearing it (Subtract) arms the next one.
	if err := damage.CreateChecked(d.conn, id, xproto.Drawable(d.root), damage.ReportLevelNonEmpty).Check(); err != nil {
		return fmt.Errorf("DAMAGE on %s: %w", d.name, err)
	}
	d.damaged = make(chan struct{}, 1)
	go func() {
		for {
			ev, err := d.conn.WaitForEvent()
			if ev == nil && err == nil {
				return // the connection closed
			}
			if _, ok := ev.(damage.NotifyEvent); ok {
				select {
				case d.damaged <- struct{}{}:
				default:
				}
			}
		}
	}()
	return nil
}

// waitFrame reads the screen until ok holds of it, and returns that
// frame. With probeDamage it reads the screen only when the X server
// says something was drawn: the damage is cleared before each read, so a
// frame drawn after a read always brings another.
func (d *display) waitFrame(timeout time.Duration, ok func(frame) bool) (frame, error) {
	deadline := time.Now().Add(timeout)
	for {
		if d.probe == probeDamage {
			damage.Subtract(d.conn, d.dmg, xfixes.Region(0), xfixes.Region(0))
			select {
			case <-d.damaged:
			default:
			}
		}
		f, err := d.capture()
		if err != nil {
			return nil, err
		}
		if ok(f) {
			return f, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return f, fmt.Errorf("nothing after %s", timeout)
		}
		if d.probe == probeDamage {
			select {
			case <-d.damaged:
			case <-time.After(left):
			}
		}
	}
}

func (d *display) env() []string {
	env := []string{"DISPLAY=" + d.name}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return env
}

func (d *display) close() {
	if d.conn != nil {
		d.conn.Close()
	}
	if d.xvfb != nil && d.xvfb.Process != nil {
		_ = d.xvfb.Process.Kill()
		_ = d.xvfb.Wait()
	}
}

// frame is a capture of the whole screen: 4 bytes a pixel (BGRX, as a
// 24-bit Xvfb sends it).
type frame []byte

// capture reads the whole screen. On Xvfb a 1280×800 read takes a few
// milliseconds, which bounds the resolution of every time measured.
func (d *display) capture() (frame, error) {
	d.captures++
	rep, err := xproto.GetImage(d.conn, xproto.ImageFormatZPixmap, xproto.Drawable(d.root),
		0, 0, uint16(d.w), uint16(d.h), 0xffffffff).Reply()
	if err != nil {
		return nil, fmt.Errorf("capture screen: %w", err)
	}
	if len(rep.Data) < d.w*d.h*4 {
		return nil, fmt.Errorf("capture screen: %d bytes for %d×%d", len(rep.Data), d.w, d.h)
	}
	return frame(rep.Data[:d.w*d.h*4]), nil
}

// image returns f as an image, for saving a screen that puzzles.
func (f frame) image(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i+3 < len(f) && i+3 < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = f[i+2], f[i+1], f[i], 0xff
	}
	return img
}

// The keysyms the walks press, by the names xdotool uses.
var keysyms = map[string]uint32{
	"Return": 0xff0d, "Escape": 0xff1b, "BackSpace": 0xff08, "Tab": 0xff09,
	"Left": 0xff51, "Up": 0xff52, "Right": 0xff53, "Down": 0xff54,
	"F1": 0xffbe, "F2": 0xffbf, "F3": 0xffc0, "F4": 0xffc1,
	"0": 0x30, "1": 0x31, "2": 0x32, "3": 0x33, "4": 0x34,
	"5": 0x35, "6": 0x36, "7": 0x37, "8": 0x38, "9": 0x39,
}

func (d *display) loadKeymap() error {
	setup := xproto.Setup(d.conn)
	first, last := setup.MinKeycode, setup.MaxKeycode
	rep, err := xproto.GetKeyboardMapping(d.conn, first, byte(last-first+1)).Reply()
	if err != nil {
		return fmt.Errorf("read keyboard mapping: %w", err)
	}
	per := int(rep.KeysymsPerKeycode)
	d.keymap = map[string]byte{}
	for name, sym := range keysyms {
		for i := 0; i*per < len(rep.Keysyms); i++ {
			if uint32(rep.Keysyms[i*per]) == sym {
				d.keymap[name] = byte(int(first) + i)
				break
			}
		}
		if _, ok := d.keymap[name]; !ok {
			return fmt.Errorf("read keyboard mapping: no key for %s", name)
		}
	}
	return nil
}

// key presses and releases the named key through XTEST.
func (d *display) key(name string) error {
	code, ok := d.keymap[name]
	if !ok {
		return fmt.Errorf("press %s: unknown key", name)
	}
	if err := xtest.FakeInputChecked(d.conn, xproto.KeyPress, code, 0, d.root, 0, 0, 0).Check(); err != nil {
		return fmt.Errorf("press %s: %w", name, err)
	}
	return xtest.FakeInputChecked(d.conn, xproto.KeyRelease, code, 0, d.root, 0, 0, 0).Check()
}

// tap moves the pointer to (x, y) and clicks the first button, as a
// touch screen's finger arrives on an X server.
func (d *display) tap(x, y int) error {
	if err := xtest.FakeInputChecked(d.conn, xproto.MotionNotify, 0, 0, d.root, int16(x), int16(y), 0).Check(); err != nil {
		return fmt.Errorf("tap: %w", err)
	}
	if err := xtest.FakeInputChecked(d.conn, xproto.ButtonPress, 1, 0, d.root, 0, 0, 0).Check(); err != nil {
		return fmt.Errorf("tap: %w", err)
	}
	return xtest.FakeInputChecked(d.conn, xproto.ButtonRelease, 1, 0, d.root, 0, 0, 0).Check()
}

// hasContent reports whether f shows more than a background: text and
// images bring many colours (anti-aliasing), an empty or cleared window
// one or two.
func hasContent(f frame) bool {
	seen := map[[3]byte]bool{}
	for i := 0; i+3 < len(f); i += 4 * 7 { // every 7th pixel is plenty
		seen[[3]byte{f[i], f[i+1], f[i+2]}] = true
		if len(seen) >= contentColours {
			return true
		}
	}
	return false
}

// contentColours is how many distinct colours make a screen "drawn".
const contentColours = 8

// changedPixels counts the pixels that differ between a and b by more
// than a faint shade in any channel.
func changedPixels(a, b frame) int {
	if len(a) != len(b) {
		return max(len(a), len(b)) / 4
	}
	n := 0
	for i := 0; i+3 < len(a); i += 4 {
		if absDiff(a[i], b[i]) > 24 || absDiff(a[i+1], b[i+1]) > 24 || absDiff(a[i+2], b[i+2]) > 24 {
			n++
		}
	}
	return n
}

func absDiff(x, y uint8) uint8 {
	if x > y {
		return x - y
	}
	return y - x
}
