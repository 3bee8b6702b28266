package printer

import (
	"sync"

	"github.com/go-pdf/fpdf"
)

// Every receipt starts from a document that already holds its font. fpdf
// parses an embedded font and names it by hashing its whole width table
// (65,536 entries, as JSON) on every document: about a fifth of a
// receipt's time. So that is done ahead, between receipts: one document
// per paper and font waits, made at start-up and again after each
// receipt, and the citizen waits only for the layout and the output.

// docKey says which prepared documents are alike.
type docKey struct {
	pageW float64
	cut   *fontCut
}

// preparedDocs holds the next document of one paper and font.
type preparedDocs struct {
	next  chan *fpdf.Fpdf // holds at most one
	fills sync.WaitGroup
	mu    sync.Mutex
	busy  bool // a fill is running
	g     geometry
	font  []byte
}

var (
	preparedMu sync.Mutex
	prepared   = map[docKey]*preparedDocs{}
)

// preparedFor returns the prepared documents of paper g with the cut
// font.
func preparedFor(g geometry, cut *fontCut) *preparedDocs {
	preparedMu.Lock()
	defer preparedMu.Unlock()
	k := docKey{pageW: g.pageW, cut: cut}
	p, ok := prepared[k]
	if !ok {
		p = &preparedDocs{next: make(chan *fpdf.Fpdf, 1), g: g, font: cut.regular}
		prepared[k] = p
	}
	return p
}

// take returns the waiting document, or makes one when none waits (the
// first receipt, or two in quick succession).
func (p *preparedDocs) take() *fpdf.Fpdf {
	select {
	case d := <-p.next:
		return d
	default:
		return newDocument(p.g, p.font)
	}
}

// fill makes the next document in the background, unless one waits or
// is being made.
func (p *preparedDocs) fill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.busy || len(p.next) > 0 {
		return
	}
	p.busy = true
	p.fills.Add(1)
	go func() {
		defer p.fills.Done()
		d := newDocument(p.g, p.font)
		p.mu.Lock()
		defer p.mu.Unlock()
		p.busy = false
		select {
		case p.next <- d:
		default:
		}
	}()
}

// newDocument is an empty receipt document on paper g with font
// embedded: everything a receipt's PDF holds before its own content.
func newDocument(g geometry, font []byte) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: g.pageW, Ht: 297}})
	pdf.SetMargins(g.side, g.top, g.side)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	// The same receipt always makes the same bytes (fpdf otherwise writes
	// its resource dictionaries in map order).
	pdf.SetCatalogSort(true)
	// fpdf always compresses the embedded font; compressing the page's
	// few kilobytes of text too would cost a fresh zlib writer (a
	// megabyte of allocation) for about 2 KB.
	pdf.SetCompression(false)
	pdf.SetCreator("Pishkhan", false)
	// One font file is embedded; bold is drawn by also stroking the
	// regular glyphs' outlines. fpdf parses, measures and subsets every
	// font it embeds on every document, and a second font would nearly
	// double the time a receipt takes (see docs/performance.md, Receipts).
	pdf.AddUTF8FontFromBytes(fontFamily, "", font)
	return pdf
}
