package printer

import "github.com/pishkhan/pishkhan/kiosk"

// ParseLpstatStatus exposes the lpstat parser to the black-box tests.
func ParseLpstatStatus(queue, out string) kiosk.PrinterStatus {
	return parseLpstat(queue, out).status()
}

// ParseIPPResponse exposes the IPP response reader to the black-box tests.
var ParseIPPResponse = parseIPPResponse

// IPPRequest exposes the IPP request writer to the black-box tests.
func IPPRequest(op uint16, name, value string) []byte {
	return ippRequest(op, []ippAttr{{0x45, name, []string{value}}})
}

// WaitPrepared waits for the documents being made ahead for the next
// receipts, so a benchmark times each receipt as a kiosk meets it: long
// after the one before.
func WaitPrepared() {
	preparedMu.Lock()
	ps := make([]*preparedDocs, 0, len(prepared))
	for _, p := range prepared {
		ps = append(ps, p)
	}
	preparedMu.Unlock()
	for _, p := range ps {
		p.fills.Wait()
	}
}
