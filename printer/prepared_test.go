package printer_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/printer"
)

// A receipt comes out the same whether its document was made ahead, made
// on the spot (two receipts in quick succession) or while others are
// made beside it: documents made ahead carry nothing from one receipt to
// the next.
func TestRenderSameFromDocumentsMadeAhead(t *testing.T) {
	fonts := testFonts(t)
	tests := []struct {
		name  string
		lang  kiosk.Lang
		paper config.Paper
	}{
		{"fa 80 mm", kiosk.Persian, config.Paper80mm},
		{"en 80 mm", kiosk.English, config.Paper80mm},
		{"fa A4", kiosk.Persian, config.PaperA4},
		{"en A4", kiosk.English, config.PaperA4},
	}
	render := func(t *testing.T, lang kiosk.Lang, paper config.Paper, serial uint64) []byte {
		t.Helper()
		pdf, err := printer.Render(testReceipt(lang, trackingCode(serial), "https://status.example.ir/r"), printer.Options{Paper: paper, Fonts: fonts})
		if err != nil {
			t.Fatal(err)
		}
		return pdf
	}
	want := map[string][]byte{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := render(t, tt.lang, tt.paper, 7)
			// Another receipt between, so the next document made ahead
			// follows a different one.
			other := render(t, tt.lang, tt.paper, 8)
			printer.WaitPrepared()
			ahead := render(t, tt.lang, tt.paper, 7)
			onTheSpot := render(t, tt.lang, tt.paper, 7)
			if !bytes.Equal(first, ahead) || !bytes.Equal(first, onTheSpot) {
				t.Errorf("the same receipt came out as %d, %d and %d bytes, not identical", len(first), len(ahead), len(onTheSpot))
			}
			if bytes.Equal(first, other) {
				t.Error("receipts with different tracking codes came out identical")
			}
			want[tt.name] = first
		})
	}
	t.Run("side by side", func(t *testing.T) {
		var wg sync.WaitGroup
		got := make([][]byte, 3*len(tests))
		for i := range got {
			tt := tests[i%len(tests)]
			wg.Go(func() {
				pdf, err := printer.Render(testReceipt(tt.lang, trackingCode(7), "https://status.example.ir/r"), printer.Options{Paper: tt.paper, Fonts: fonts})
				if err != nil {
					t.Error(err)
				}
				got[i] = pdf
			})
		}
		wg.Wait()
		for i, pdf := range got {
			if tt := tests[i%len(tests)]; !bytes.Equal(pdf, want[tt.name]) {
				t.Errorf("%s, rendered beside others: %d bytes, not the %d of the same receipt alone", tt.name, len(pdf), len(want[tt.name]))
			}
		}
	})
}
