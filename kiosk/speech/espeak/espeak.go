// Package espeak speaks utterances with espeak-ng (Debian's espeak-ng
// package, whose voices include Persian "fa" and English "en"): each part
// is synthesized with `espeak-ng -v LANG -s RATE -a AMP --stdout` and
// piped to a player (aplay or paplay) on the device, or written to a WAV
// file in a folder where there is no sound card (CI, Xvfb). A new
// utterance kills the one under way.
package espeak

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/speech"
)

// Binary is the synthesizer's command.
const Binary = "espeak-ng"

// Rate and amplitude bounds and steps, in espeak-ng's units (words per
// minute; amplitude 0–200, 100 the default).
const (
	DefaultRate      = 165
	MinRate, MaxRate = 80, 400
	RateStep         = 20
	DefaultAmplitude = 100
	MinAmplitude     = 20
	MaxAmplitude     = 200
	AmplitudeStep    = 20
)

// ErrUnavailable says the synthesizer or a voice it needs is missing.
var ErrUnavailable = errors.New("espeak-ng is not available")

// Config says how to speak.
type Config struct {
	// Binary is the synthesizer's command; espeak-ng when empty.
	Binary string
	// Player is the command that plays a WAV stream from its standard
	// input: aplay when empty (with -D Device when Device is set).
	Player []string
	// Device is the ALSA device aplay plays on; the default when empty.
	Device string
	// Dir, when set, makes the engine write each part to a WAV file in
	// Dir instead of playing it (no sound card in CI or under Xvfb).
	Dir string
	// Rate (words per minute) and Amplitude start speech at these
	// settings; the defaults when zero.
	Rate, Amplitude int
	// FirstAudio, when set, is told how long after Speak each utterance's
	// first audio byte came: what a citizen waits after pressing a key.
	FirstAudio func(time.Duration)
	// Log reports synthesizer failures; slog's default when nil.
	Log *slog.Logger
}

// Engine is a speech.Engine built on espeak-ng.
type Engine struct {
	cfg Config

	mu     sync.Mutex
	rate   int
	amp    int
	last   speech.Utterance
	cancel context.CancelFunc
	done   chan struct{}
	seq    int
}

var _ speech.Engine = (*Engine)(nil)

// Check reports whether espeak-ng is installed with the voices of langs,
// wrapping ErrUnavailable when not.
func Check(binary string, langs ...string) error {
	if binary == "" {
		binary = Binary
	}
	path, err := exec.LookPath(binary)
	if err != nil {
		return fmt.Errorf("check speech: %w: %s not found (install the espeak-ng package)", ErrUnavailable, binary)
	}
	for _, l := range langs {
		// -q says nothing; it fails when the voice does not exist.
		if out, err := exec.Command(path, "-q", "-v", l, "x").CombinedOutput(); err != nil {
			return fmt.Errorf("check speech: %w: no %q voice: %s", ErrUnavailable, l, strings.TrimSpace(string(out)))
		}
	}
	return nil
}

// New returns an engine speaking with cfg. It fails with ErrUnavailable
// when espeak-ng (or, without Dir, the player) is missing.
func New(cfg Config) (*Engine, error) {
	if cfg.Binary == "" {
		cfg.Binary = Binary
	}
	if _, err := exec.LookPath(cfg.Binary); err != nil {
		return nil, fmt.Errorf("new speech engine: %w: %s not found (install the espeak-ng package)", ErrUnavailable, cfg.Binary)
	}
	if cfg.Dir == "" {
		if len(cfg.Player) == 0 {
			cfg.Player = []string{"aplay", "-q"}
			if cfg.Device != "" {
				cfg.Player = append(cfg.Player, "-D", cfg.Device)
			}
		}
		if _, err := exec.LookPath(cfg.Player[0]); err != nil {
			return nil, fmt.Errorf("new speech engine: %w: player %s not found (install alsa-utils)", ErrUnavailable, cfg.Player[0])
		}
	} else if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("new speech engine: %w", err)
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	e := &Engine{cfg: cfg}
	e.ResetSettings()
	return e, nil
}

// ResetSettings returns rate and amplitude to the configured ones.
func (e *Engine) ResetSettings() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rate, e.amp = DefaultRate, DefaultAmplitude
	if e.cfg.Rate > 0 {
		e.rate = clamp(e.cfg.Rate, MinRate, MaxRate)
	}
	if e.cfg.Amplitude > 0 {
		e.amp = clamp(e.cfg.Amplitude, MinAmplitude, MaxAmplitude)
	}
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// Speak says u, killing the utterance under way. It returns at once: it
// never waits for a process, so the UI thread may call it.
func (e *Engine) Speak(u speech.Utterance) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.last = u
	e.start(u)
}

// start kills what is being said and starts u once it has stopped.
// Called with the lock held.
func (e *Engine) start(u speech.Utterance) {
	e.stop()
	if u.Empty() {
		return
	}
	prev := e.done
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	e.cancel, e.done = cancel, done
	e.seq++
	seq, rate, amp := e.seq, e.rate, e.amp
	began := time.Now()
	go func() {
		defer close(done)
		if prev != nil {
			<-prev // the processes killed are gone: one voice at a time
		}
		first := true
		for i, p := range u.Parts {
			if ctx.Err() != nil {
				return
			}
			err := e.say(ctx, p, rate, amp, fmt.Sprintf("%06d-%d-%s.wav", seq, i, p.Lang), func() {
				if first && e.cfg.FirstAudio != nil {
					e.cfg.FirstAudio(time.Since(began))
				}
				first = false
			})
			if err != nil && ctx.Err() == nil {
				e.cfg.Log.Error("speak", "lang", string(p.Lang), "err", err)
				return
			}
		}
	}()
}

// stop kills the utterance under way, without waiting for it to end.
// Called with the lock held.
func (e *Engine) stop() {
	if e.cancel != nil {
		e.cancel()
		e.cancel = nil
	}
}

// Stop silences the engine.
func (e *Engine) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stop()
}

// Wait returns once the last utterance has been said (or killed), and
// every one before it has ended.
func (e *Engine) Wait() {
	e.mu.Lock()
	done := e.done
	e.mu.Unlock()
	if done != nil {
		<-done
	}
}

// Repeat says the last utterance again.
func (e *Engine) Repeat() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.start(e.last)
}

// Rate makes speech faster or slower by step steps, from the next
// utterance on.
func (e *Engine) Rate(step int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rate = clamp(e.rate+step*RateStep, MinRate, MaxRate)
}

// Volume makes speech louder or softer by step steps.
func (e *Engine) Volume(step int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.amp = clamp(e.amp+step*AmplitudeStep, MinAmplitude, MaxAmplitude)
}

// Settings returns the rate and amplitude the next utterance is spoken at.
func (e *Engine) Settings() (rate, amplitude int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rate, e.amp
}

// voice is the espeak-ng voice of a language tag.
func voice(lang string) string {
	if lang == "" {
		return "fa"
	}
	return lang
}

// say synthesizes one part and plays it, or writes it to Dir/name. The
// text goes on espeak-ng's standard input, never as an argument.
func (e *Engine) say(ctx context.Context, p speech.Part, rate, amp int, name string, firstByte func()) error {
	synth := exec.CommandContext(ctx, e.cfg.Binary, "-v", voice(string(p.Lang)), "-s", fmt.Sprint(rate), "-a", fmt.Sprint(amp), "--stdout")
	synth.Stdin = strings.NewReader(p.Text)
	audio, err := synth.StdoutPipe()
	if err != nil {
		return fmt.Errorf("speak: %w", err)
	}
	var sink io.WriteCloser
	var player *exec.Cmd
	var file *os.File
	if e.cfg.Dir != "" {
		file, err = os.Create(filepath.Join(e.cfg.Dir, name))
		if err != nil {
			return fmt.Errorf("speak: %w", err)
		}
		sink = file
	} else {
		player = exec.CommandContext(ctx, e.cfg.Player[0], e.cfg.Player[1:]...)
		if sink, err = player.StdinPipe(); err != nil {
			return fmt.Errorf("speak: %w", err)
		}
		if err := player.Start(); err != nil {
			return fmt.Errorf("speak: start %s: %w", e.cfg.Player[0], err)
		}
	}
	if err := synth.Start(); err != nil {
		sink.Close()
		if player != nil {
			_ = player.Wait()
		}
		return fmt.Errorf("speak: start %s: %w", e.cfg.Binary, err)
	}
	_, copyErr := io.Copy(sink, &firstByteReader{r: audio, first: firstByte})
	closeErr := sink.Close()
	synthErr := synth.Wait()
	var playErr error
	if player != nil {
		playErr = player.Wait()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err := errors.Join(copyErr, closeErr, synthErr, playErr); err != nil {
		return fmt.Errorf("speak: %w", err)
	}
	return nil
}

// firstByteReader calls first once, when the first bytes are read.
type firstByteReader struct {
	r     io.Reader
	first func()
	seen  bool
}

func (f *firstByteReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if n > 0 && !f.seen {
		f.seen = true
		f.first()
	}
	return n, err
}
