package kiosk_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

var receiptDeviceKey = bytes.Repeat([]byte{0x5a}, 32)

// receiptCode builds a valid tracking code for kiosk number k and serial s.
func receiptCode(k int, s uint64) kiosk.TrackingCode {
	body := strconv.Itoa(100000 + k)[1:] + strconv.FormatUint(10000000000+s, 10)[1:]
	return kiosk.TrackingCode(body + strconv.Itoa(kiosk.VerhoeffDigit(body)))
}

func sampleReceipt() kiosk.Receipt {
	return kiosk.Receipt{
		TrackingCode: receiptCode(42, 91234567),
		ServiceCode:  "building-permit",
		ServiceName:  kiosk.Text{kiosk.Persian: "صدور پروانه ساخت", kiosk.English: "Building permit"},
		IssuedAt:     time.Date(2026, 11, 26, 10, 4, 5, 900_000_000, time.UTC),
		KioskID:      "IKA-T1-07",
		Lang:         kiosk.Persian,
	}
}

func TestReceiptSignVerifyRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		statusURL string
		kioskID   string
		wantURL   string
		prefix    string
	}{
		{"text form", "", "IKA-T1-07", "", "PK1|"},
		{"status URL", "https://status.example.ir/r", "IKA-T1-07", "https://status.example.ir/r", "https://status.example.ir/r/"},
		{"status URL with slash", "https://status.example.ir/r/", "IKA-T1-07", "https://status.example.ir/r", "https://status.example.ir/r/"},
		{"status URL with query", "https://status.example.ir/track?code=", "IKA-T1-07", "https://status.example.ir/track?code=", "https://status.example.ir/track?code="},
		{"kiosk ID needing escapes in text", "", "hall 2|gate&7?k=x", "", "PK1|"},
		{"kiosk ID needing escapes in URL", "https://s.example/r", "hall 2|gate&7?k=x", "https://s.example/r", "https://s.example/r/"},
		{"Persian kiosk ID", "", "کیوسک-۷", "", "PK1|"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := sampleReceipt()
			r.KioskID = tc.kioskID
			s := kiosk.SignReceipt(receiptDeviceKey, r, tc.statusURL)
			if !strings.HasPrefix(s, tc.prefix+string(r.TrackingCode)) {
				t.Fatalf("signed string %q does not start with %q and the tracking code", s, tc.prefix)
			}
			c, err := kiosk.VerifyReceipt(receiptDeviceKey, s)
			if err != nil {
				t.Fatalf("verify %q: %v", s, err)
			}
			want := kiosk.ReceiptClaims{
				TrackingCode: r.TrackingCode,
				KioskID:      tc.kioskID,
				ServiceCode:  r.ServiceCode,
				IssuedAt:     time.Date(2026, 11, 26, 10, 4, 5, 0, time.UTC),
				StatusURL:    tc.wantURL,
			}
			if c != want {
				t.Fatalf("claims %+v, want %+v", c, want)
			}
			// The back office holds only the receipt key.
			if _, err := kiosk.VerifyReceiptWithKey(kiosk.ReceiptKey(receiptDeviceKey), s); err != nil {
				t.Fatalf("verify with receipt key: %v", err)
			}
		})
	}
}

func TestReceiptStringIsCompact(t *testing.T) {
	s := kiosk.SignReceipt(receiptDeviceKey, sampleReceipt(), "")
	if len(s) > 80 {
		t.Fatalf("text form is %d bytes (%q); a receipt QR should stay small", len(s), s)
	}
}

func TestReceiptKeyIsNotDeviceKey(t *testing.T) {
	rk := kiosk.ReceiptKey(receiptDeviceKey)
	if bytes.Equal(rk, receiptDeviceKey) || len(rk) != 32 {
		t.Fatalf("receipt key %x must be a 32-byte key distinct from the device key", rk)
	}
	s := kiosk.SignReceipt(receiptDeviceKey, sampleReceipt(), "")
	// A string signed directly with the device key is not a valid receipt.
	if _, err := kiosk.VerifyReceiptWithKey(receiptDeviceKey, s); !errors.Is(err, kiosk.ErrReceiptSignature) {
		t.Fatalf("verify with the device key as receipt key: %v, want signature error", err)
	}
}

func TestReceiptVerifyRefusesForgeries(t *testing.T) {
	r := sampleReceipt()
	text := kiosk.SignReceipt(receiptDeviceKey, r, "")
	link := kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir/r")
	otherCode := string(receiptCode(42, 91234568))
	unix := strconv.FormatInt(r.IssuedAt.Unix(), 10)
	later := strconv.FormatInt(r.IssuedAt.Unix()+1, 10)
	otherKey := bytes.Repeat([]byte{0x5b}, 32)

	tests := []struct {
		name string
		key  []byte
		s    string
		want error
	}{
		{"text: other key", otherKey, text, kiosk.ErrReceiptSignature},
		{"text: other tracking code", nil, strings.Replace(text, string(r.TrackingCode), otherCode, 1), kiosk.ErrReceiptSignature},
		{"text: tracking code typo", nil, strings.Replace(text, "|00042", "|00043", 1), kiosk.ErrReceiptFormat},
		{"text: other kiosk", nil, strings.Replace(text, "IKA-T1-07", "IKA-T1-08", 1), kiosk.ErrReceiptSignature},
		{"text: other service", nil, strings.Replace(text, "building-permit", "tax", 1), kiosk.ErrReceiptSignature},
		{"text: other time", nil, strings.Replace(text, unix, later, 1), kiosk.ErrReceiptSignature},
		{"text: fields shifted", nil, strings.Replace(text, "IKA-T1-07|building-permit", "IKA-T1-07b|uilding-permit", 1), kiosk.ErrReceiptSignature},
		{"text: signature cut", nil, text[:len(text)-1], kiosk.ErrReceiptFormat},
		{"text: signature extended", nil, text + "A", kiosk.ErrReceiptFormat},
		{"text: extra field", nil, text + "|x", kiosk.ErrReceiptFormat},
		{"text: other version", nil, "PK2" + text[3:], kiosk.ErrReceiptFormat},
		{"text: empty kiosk", nil, strings.Replace(text, "IKA-T1-07", "", 1), kiosk.ErrReceiptFormat},
		{"text: time with leading zero", nil, strings.Replace(text, unix, "0"+unix, 1), kiosk.ErrReceiptFormat},
		{"link: other key", otherKey, link, kiosk.ErrReceiptSignature},
		{"link: other tracking code", nil, strings.Replace(link, string(r.TrackingCode), otherCode, 1), kiosk.ErrReceiptSignature},
		{"link: other kiosk", nil, strings.Replace(link, "k=IKA-T1-07", "k=IKA-T1-08", 1), kiosk.ErrReceiptSignature},
		{"link: other service", nil, strings.Replace(link, "s=building-permit", "s=tax", 1), kiosk.ErrReceiptSignature},
		{"link: other time", nil, strings.Replace(link, "t="+unix, "t="+later, 1), kiosk.ErrReceiptSignature},
		{"link: signature dropped", nil, link[:strings.Index(link, "&sig=")], kiosk.ErrReceiptFormat},
		{"link: parameter repeated", nil, link + "&s=tax", kiosk.ErrReceiptFormat},
		{"link: parameter added", nil, link + "&x=1", kiosk.ErrReceiptFormat},
		{"link: not http", nil, "ftp" + link[5:], kiosk.ErrReceiptFormat},
		{"empty", nil, "", kiosk.ErrReceiptFormat},
		{"bare tracking code", nil, string(r.TrackingCode), kiosk.ErrReceiptFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := tc.key
			if key == nil {
				key = receiptDeviceKey
			}
			if tc.s == text || tc.s == link {
				if tc.key == nil {
					t.Fatal("tampering left the string unchanged")
				}
			}
			c, err := kiosk.VerifyReceipt(key, tc.s)
			if !errors.Is(err, tc.want) {
				t.Fatalf("verify %q = %+v, %v; want %v", tc.s, c, err, tc.want)
			}
			if c != (kiosk.ReceiptClaims{}) {
				t.Fatalf("refused string still returned claims %+v", c)
			}
		})
	}
}

// TestReceiptVerifyRefusesEveryEdit changes every character of the signed
// part of each form, and cuts each form at every length: none verifies.
func TestReceiptVerifyRefusesEveryEdit(t *testing.T) {
	r := sampleReceipt()
	forms := []struct {
		name   string
		s      string
		signed int // index where the signed part starts
	}{
		{"text", kiosk.SignReceipt(receiptDeviceKey, r, ""), 0},
		{"link", kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir/r"), len("https://status.example.ir/r/")},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			for i := f.signed; i < len(f.s); i++ {
				for _, c := range []byte{'0', '7', 'A', 'z', '-', '_', '|', '&'} {
					if f.s[i] == c {
						continue
					}
					edited := f.s[:i] + string(c) + f.s[i+1:]
					if _, err := kiosk.VerifyReceipt(receiptDeviceKey, edited); err == nil {
						t.Errorf("edited at %d to %q: %q verified", i, c, edited)
					}
				}
			}
			for n := 0; n < len(f.s); n++ {
				if _, err := kiosk.VerifyReceipt(receiptDeviceKey, f.s[:n]); err == nil {
					t.Errorf("cut to %d bytes: %q verified", n, f.s[:n])
				}
			}
		})
	}
}

// TestSessionReceiptNamesTheAgency: the receipt a session makes carries
// the agency of its service, in both languages, and so does what is
// printed.
func TestSessionReceiptNamesTheAgency(t *testing.T) {
	r := newRig(t)
	r.fillTax(t)
	r.s.Submit(context.Background())
	st := r.stage(t, kiosk.StageReceipt)
	want := kiosk.Text{kiosk.Persian: "سازمان امور مالیاتی کشور", kiosk.English: "Iranian National Tax Administration"}
	if !reflect.DeepEqual(st.Receipt.Agency, want) {
		t.Fatalf("receipt agency %v, want %v", st.Receipt.Agency, want)
	}
	if len(r.printer.printed) != 1 || !reflect.DeepEqual(r.printer.printed[0].Agency, want) {
		t.Fatalf("printed receipts %+v, want one naming %v", r.printer.printed, want)
	}
}
