package printer_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/pishkhan/pishkhan/printer"
)

// ippAttr encodes one attribute value; an empty name adds a value to the
// previous attribute.
func ippAttr(tag byte, name string, value []byte) []byte {
	var b bytes.Buffer
	b.WriteByte(tag)
	binary.Write(&b, binary.BigEndian, uint16(len(name)))
	b.WriteString(name)
	binary.Write(&b, binary.BigEndian, uint16(len(value)))
	b.Write(value)
	return b.Bytes()
}

func ippResponse(status uint16, attrs ...[]byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{2, 0})
	binary.Write(&b, binary.BigEndian, status)
	binary.Write(&b, binary.BigEndian, uint32(1))
	b.WriteByte(0x01)
	b.Write(ippAttr(0x47, "attributes-charset", []byte("utf-8")))
	b.WriteByte(0x02) // job-attributes-tag
	for _, a := range attrs {
		b.Write(a)
	}
	b.WriteByte(0x03)
	return b.Bytes()
}

func TestIPPResponse(t *testing.T) {
	aborted := ippResponse(0,
		ippAttr(0x23, "job-state", []byte{0, 0, 0, 8}),
		ippAttr(0x44, "job-state-reasons", []byte("aborted-by-system")),
		ippAttr(0x44, "", []byte("job-completed-with-errors")),
	)
	status, attrs, err := printer.ParseIPPResponse(aborted)
	if err != nil || status != 0 {
		t.Fatalf("parse: status %x, %v", status, err)
	}
	if st := attrs["job-state"]; len(st) != 1 || binary.BigEndian.Uint32(st[0]) != 8 {
		t.Fatalf("job-state %v", st)
	}
	if r := attrs["job-state-reasons"]; len(r) != 2 || string(r[0]) != "aborted-by-system" || string(r[1]) != "job-completed-with-errors" {
		t.Fatalf("job-state-reasons %q", r)
	}
	if status, _, err := printer.ParseIPPResponse(ippResponse(0x0406)); err != nil || status != 0x0406 {
		t.Fatalf("not-found response: status %x, %v", status, err)
	}
	// No cut of a response is read as a whole one.
	for n := 0; n < len(aborted); n++ {
		if _, _, err := printer.ParseIPPResponse(aborted[:n]); err == nil {
			t.Fatalf("response cut to %d bytes parsed", n)
		}
	}
}

func TestIPPRequest(t *testing.T) {
	req := printer.IPPRequest(0x0009, "job-uri", "ipp://localhost/jobs/12")
	want := []byte{2, 0, 0, 9, 0, 0, 0, 1, 0x01}
	want = append(want, ippAttr(0x45, "job-uri", []byte("ipp://localhost/jobs/12"))...)
	want = append(want, 0x03)
	if !bytes.Equal(req, want) {
		t.Fatalf("request\n% x\nwant\n% x", req, want)
	}
}
