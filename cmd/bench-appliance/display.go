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
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
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
}

// startDisplay starts Xvfb on a free display number (Xvfb picks it and
// writes it to -displayfd) with a black root, so "something is drawn"
// is easy to tell.
func startDisplay(w, h int) (*display, error) {
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
	d := &display{name: ":" + num, w: w, h: h, xvfb: cmd}
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
	return d, nil
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
