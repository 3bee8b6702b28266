package printer

import (
	"bytes"
	"fmt"
	"image/png"

	qrcode "github.com/skip2/go-qrcode"
)

// qrModulePixels is the size of one QR module in the image. Whole pixels
// per module (go-qrcode's negative size) keep the modules' edges crisp;
// four of them survive a printer driver or viewer that smooths a scaled
// image, where a single pixel per module came out blurred.
const qrModulePixels = 4

var qrPNGEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

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
	if err := qrPNGEncoder.Encode(&buf, q.Image(-qrModulePixels)); err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	return buf.Bytes(), nil
}
