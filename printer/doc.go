// Package printer makes and prints the receipt a citizen takes away.
//
// Render lays a kiosk.Receipt out as a PDF for an 80 mm receipt roll (or an
// A4 page for an office printer), in the receipt's language, with Persian
// shaped and ordered right to left, and the signed QR string of the receipt
// as a QR code. The receipt carries no personal data.
//
// Two backends implement kiosk.Printer: Spool writes each receipt PDF to a
// folder in the data directory (the default when no printer is
// configured), and CUPS hands it to a CUPS queue through lp, reads the
// printer's state through lpstat before and while printing, and reports
// paper-out and other faults as errors wrapping kiosk.ErrPaperOut or
// kiosk.ErrPrinterUnavailable. New picks the backend from the device's
// configuration.
package printer
