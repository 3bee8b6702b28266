package printer

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	qrcode "github.com/skip2/go-qrcode"
)

// qrModulePixels is the size of one QR module in the image. Whole pixels
// per module (go-qrcode's negative size) keep the modules' edges crisp;
// four of them survive a printer driver or viewer that smooths a scaled
// image, where a single pixel per module came out blurred.
const qrModulePixels = 4

// qrPNGEncoder makes a new zlib writer for every QR code: keeping one
// between receipts would hold 1.7 MB of the kiosk's heap for the 0.2 ms
// of a step that runs beside the layout anyway.
var qrPNGEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

// startQR encodes s as a QR code image (qrPNG) in the background, beside
// the layout of the rest of the receipt, and returns a function that
// waits for it.
func startQR(s string) func() ([]byte, error) {
	type result struct {
		png []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		png, err := qrPNG(s)
		done <- result{png, err}
	}()
	return sync.OnceValues(func() ([]byte, error) {
		r := <-done
		return r.png, r.err
	})
}

// qrPNG encodes s as a QR code image (PNG, two colours, with its four
// modules of quiet zone) at error correction level M, which survives a
// scuffed or creased receipt while keeping the code small.
func qrPNG(s string) ([]byte, error) {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	var buf bytes.Buffer
	// fpdf embeds the PNG's compressed data as it is, so the fastest
	// compression costs only a few hundred bytes of PDF.
	if err := qrPNGEncoder.Encode(&buf, qrImage(q.Bitmap(), qrModulePixels)); err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// qrImage draws a QR bitmap (quiet zone included) as a two-colour image,
// px pixels per module. go-qrcode's own Image sets pixel by pixel through
// the image interface, which costs more than the rest of the QR code.
func qrImage(bitmap [][]bool, px int) *image.Paletted {
	n := len(bitmap) * px
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y, row := range bitmap {
		line := img.Pix[y*px*img.Stride : y*px*img.Stride+n]
		for x, dark := range row {
			if dark {
				for i := range px {
					line[x*px+i] = 1
				}
			}
		}
		for i := 1; i < px; i++ {
			copy(img.Pix[(y*px+i)*img.Stride:], line)
		}
	}
	return img
}
