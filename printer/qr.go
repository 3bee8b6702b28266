package printer

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// qrModulePixels is the size of one QR module in the image. Whole pixels
// per module (go-qrcode's negative size) keep the modules' edges crisp
// however the printer scales the image.
const qrModulePixels = 4

// qrPNG encodes s as a QR code image (PNG, two colours, with its four
// modules of quiet zone) at error correction level M, which survives a
// scuffed or creased receipt while keeping the code small.
func qrPNG(s string) ([]byte, error) {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	png, err := q.PNG(-qrModulePixels)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	return png, nil
}
