package typeset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
)

// ErrNoFont is returned by LoadFonts when no installed font covers Persian
// and Latin. Its message names what to install.
var ErrNoFont = errors.New("no UI font covering Persian and Latin: install the Debian package fonts-dejavu-core (or fonts-vazirmatn) or set font_path")

// ErrCoverage is returned for a font that lacks glyphs the kiosk needs
// (Persian letters, Latin letters, Persian and ASCII digits).
var ErrCoverage = errors.New("font does not cover Persian, Latin and digits")

// coverageRunes are characters every UI font must have: Persian letters
// (including the four letters Arabic lacks), Latin, both digit sets the UI
// shows, and the punctuation of forms and receipts.
const coverageRunes = "ابپچژگکیa Zz09۰۱۹،؟:-/()"

// A candidate is one family the default search tries, in order.
type candidate struct {
	family  string // family name as the font declares it
	dir     string // where the Debian package installs it
	regular string // file names, when known; else the directory is scanned
	bold    string
	pkg     string // Debian package, for messages
}

// defaultSearch is where LoadFonts looks when no path is configured:
// Vazirmatn first (the usual Persian UI face), then DejaVu Sans, which the
// Makefile installs.
var defaultSearch = []candidate{
	{family: "Vazirmatn", dir: "/usr/share/fonts/truetype/vazirmatn", pkg: "fonts-vazirmatn"},
	{family: "Vazirmatn", dir: "/usr/share/fonts/opentype/vazirmatn", pkg: "fonts-vazirmatn"},
	{family: "DejaVu Sans", dir: "/usr/share/fonts/truetype/dejavu", regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf", pkg: "fonts-dejavu-core"},
}

// A typeface is one loaded font file.
type typeface struct {
	face *font.Face
	data []byte
	path string
	// glyphRune maps a glyph back to a character that the cmap maps to it,
	// preferring Arabic presentation forms; built lazily for PDF output.
	glyphRune map[font.GID]rune
}

// Fonts is one font family, regular and bold, covering Persian, Latin,
// digits and punctuation, with the layout engine and its cache. Use
// LoadFonts or NewFonts; methods are safe for concurrent use.
type Fonts struct {
	family        string
	regular, bold *typeface

	// mu guards the engine, the faces' internal caches, the layout cache
	// and the glyph cache.
	mu     sync.Mutex
	engine engine
	cache  *layoutCache
	glyphs glyphCache
}

// LoadFonts finds the UI font family. A non-empty path (config font_path)
// wins: either a font file (its bold sibling in the same directory is used
// when there is one) or a directory holding the family. Otherwise the
// installed fonts are searched: Vazirmatn, then DejaVu Sans. The error
// wraps ErrNoFont when nothing usable is installed, and ErrCoverage when
// the configured font lacks Persian, Latin or digits.
func LoadFonts(path string) (*Fonts, error) {
	if path != "" {
		f, err := loadPath(path)
		if err != nil {
			return nil, fmt.Errorf("load fonts from %s: %w", path, err)
		}
		return f, nil
	}
	var tried []string
	for _, c := range defaultSearch {
		var f *Fonts
		var err error
		if c.regular != "" {
			f, err = loadFiles(filepath.Join(c.dir, c.regular), filepath.Join(c.dir, c.bold))
		} else {
			f, err = loadDir(c.dir, c.family)
		}
		if err == nil {
			return f, nil
		}
		tried = append(tried, fmt.Sprintf("%s (%s): %v", c.family, c.pkg, err))
	}
	return nil, fmt.Errorf("load fonts: %w; tried %s", ErrNoFont, strings.Join(tried, "; "))
}

// NewFonts builds Fonts from the bytes of a regular and a bold font file
// (bold may be nil: the regular face is then used for bold too).
func NewFonts(regular, bold []byte) (*Fonts, error) {
	r, err := parseFace(regular, "")
	if err != nil {
		return nil, fmt.Errorf("new fonts: regular: %w", err)
	}
	b := r
	if bold != nil {
		if b, err = parseFace(bold, ""); err != nil {
			return nil, fmt.Errorf("new fonts: bold: %w", err)
		}
	}
	return newFonts(r, b)
}

func newFonts(regular, bold *typeface) (*Fonts, error) {
	for _, tf := range []*typeface{regular, bold} {
		if missing := missingRunes(tf.face, coverageRunes); missing != "" {
			return nil, fmt.Errorf("%s: %w (no glyph for %q)", displayPath(tf), ErrCoverage, missing)
		}
	}
	f := &Fonts{
		family:  regular.face.Describe().Family,
		regular: regular,
		bold:    bold,
		cache:   newLayoutCache(defaultCacheSize),
	}
	// A HarfbuzzShaper's font cache holds nothing until given a size: it
	// built the shaping font of a face anew (its tables parsed, its
	// lookups prepared) for every run of every text. Room for both faces.
	f.engine.shaper.SetFontCacheSize(2)
	return f, nil
}

func displayPath(tf *typeface) string {
	if tf.path == "" {
		return "font"
	}
	return tf.path
}

func missingRunes(f *font.Face, want string) string {
	var missing []rune
	for _, r := range want {
		if _, ok := f.NominalGlyph(r); !ok {
			missing = append(missing, r)
		}
	}
	return string(missing)
}

func parseFace(data []byte, path string) (*typeface, error) {
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse font: %w", err)
	}
	return &typeface{face: face, data: data, path: path}, nil
}

func readFace(path string) (*typeface, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	tf, err := parseFace(data, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tf, nil
}

func loadFiles(regularPath, boldPath string) (*Fonts, error) {
	r, err := readFace(regularPath)
	if err != nil {
		return nil, err
	}
	b := r
	if boldPath != "" {
		if b, err = readFace(boldPath); err != nil {
			return nil, err
		}
	}
	return newFonts(r, b)
}

func loadPath(path string) (*Fonts, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return loadDir(path, "")
	}
	r, err := readFace(path)
	if err != nil {
		return nil, err
	}
	// Look for the bold face of the same family beside the file.
	family := r.face.Describe().Family
	faces, _ := scanDir(filepath.Dir(path))
	b := r
	for _, f := range faces {
		if f.family == family && f.bold {
			if b, err = readFace(f.path); err != nil {
				return nil, err
			}
			break
		}
	}
	return newFonts(r, b)
}

// A fontFile is what scanDir learns about a font file without loading it
// fully.
type fontFile struct {
	path    string
	family  string
	regular bool // upright, normal width, weight 400
	bold    bool // upright, normal width, weight 700
}

func scanDir(dir string) ([]fontFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []fontFile
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".ttf" && ext != ".otf") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		tf, err := readFace(p)
		if err != nil {
			continue // not a font we can read; other files may be
		}
		d := tf.face.Describe()
		upright := d.Aspect.Style == font.StyleNormal && d.Aspect.Stretch == font.StretchNormal
		out = append(out, fontFile{
			path:    p,
			family:  d.Family,
			regular: upright && d.Aspect.Weight == font.WeightNormal,
			bold:    upright && d.Aspect.Weight == font.WeightBold,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// loadDir loads the first family in dir (or the named one) that has a
// regular face covering Persian and Latin; its bold face is used when
// present.
func loadDir(dir, family string) (*Fonts, error) {
	files, err := scanDir(dir)
	if err != nil {
		return nil, err
	}
	var families []string
	seen := map[string]bool{}
	for _, f := range files {
		if !seen[f.family] && (family == "" || f.family == family) {
			seen[f.family] = true
			families = append(families, f.family)
		}
	}
	sort.Strings(families)
	var lastErr error = fmt.Errorf("no font files")
	for _, fam := range families {
		var regular, bold string
		for _, f := range files {
			if f.family != fam {
				continue
			}
			if f.regular && regular == "" {
				regular = f.path
			}
			if f.bold && bold == "" {
				bold = f.path
			}
		}
		if regular == "" {
			lastErr = fmt.Errorf("family %s has no regular face", fam)
			continue
		}
		fonts, err := loadFiles(regular, bold)
		if err != nil {
			lastErr = err
			continue
		}
		return fonts, nil
	}
	return nil, lastErr
}

// Family returns the font family's name, e.g. "DejaVu Sans".
func (f *Fonts) Family() string { return f.family }

// RegularBytes returns the regular font file, for embedding in a PDF
// (fpdf's AddUTF8FontFromBytes). The caller must not modify it.
func (f *Fonts) RegularBytes() []byte { return f.regular.data }

// BoldBytes returns the bold font file (the regular one when the family
// has no bold face). The caller must not modify it.
func (f *Fonts) BoldBytes() []byte { return f.bold.data }

// Paths returns the files the faces were loaded from (empty for NewFonts).
func (f *Fonts) Paths() (regular, bold string) { return f.regular.path, f.bold.path }

// HasBold reports whether the family has its own bold face.
func (f *Fonts) HasBold() bool { return f.bold != f.regular }

func (f *Fonts) typeface(bold bool) *typeface {
	if bold {
		return f.bold
	}
	return f.regular
}

// fontmap resolves every rune to one face: the family covers the scripts
// the kiosk shows, and a single face keeps right-to-left runs whole.
type fontmap struct{ face *font.Face }

func (m fontmap) ResolveFace(rune) *font.Face { return m.face }

var _ shaping.Fontmap = fontmap{}
