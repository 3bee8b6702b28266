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

// TestReceiptLinkCoversItsAddress edits what a citizen's phone would open:
// the status page's scheme, host, port, path and query, and the link's own
// parameters. None verifies.
func TestReceiptLinkCoversItsAddress(t *testing.T) {
	r := sampleReceipt()
	link := kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir/r")
	query := kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir/track?code=")
	text := kiosk.SignReceipt(receiptDeviceKey, r, "")
	code := string(r.TrackingCode)
	otherCode := string(receiptCode(42, 91234568))
	linkSig := link[strings.LastIndex(link, "&sig=")+len("&sig="):]
	textSig := text[strings.LastIndex(text, "|")+1:]

	tests := []struct {
		name string
		s    string
		want error
	}{
		{"host: another site", strings.Replace(link, "status.example.ir", "status.example.org", 1), kiosk.ErrReceiptSignature},
		{"host: a subdomain of another site", strings.Replace(link, "status.example.ir", "status.example.ir.evil.example", 1), kiosk.ErrReceiptSignature},
		{"host: percent-escaped ideographic full stop", strings.Replace(link, "status.example.ir", "status.example.ir%E3%80%82evil.example", 1), kiosk.ErrReceiptFormat},
		{"host: behind user info", strings.Replace(link, "https://", "https://status.example.ir@", 1), kiosk.ErrReceiptFormat},
		{"scheme: http for https", strings.Replace(link, "https://", "http://", 1), kiosk.ErrReceiptSignature},
		{"port: added", strings.Replace(link, "status.example.ir", "status.example.ir:8443", 1), kiosk.ErrReceiptSignature},
		{"port: the default written out", strings.Replace(link, "status.example.ir", "status.example.ir:443", 1), kiosk.ErrReceiptSignature},
		{"path: another", strings.Replace(link, "/r/", "/x/", 1), kiosk.ErrReceiptSignature},
		{"path: dot segments", strings.Replace(link, "/r/", "/r/../x/", 1), kiosk.ErrReceiptSignature},
		{"query: parameter added to the status page's", strings.Replace(query, "track?code=", "track?next=https%3A%2F%2Fevil.example&code=", 1), kiosk.ErrReceiptSignature},
		{"query: tracking code repeated, the page reads another", strings.Replace(query, "track?code=", "track?code="+otherCode+"&code=", 1), kiosk.ErrReceiptSignature},
		{"query: parameter appended", link + "&x=1", kiosk.ErrReceiptFormat},
		{"query: parameter repeated", link + "&k=IKA-T1-08", kiosk.ErrReceiptFormat},
		{"tracking code: another", strings.Replace(link, code, otherCode, 1), kiosk.ErrReceiptSignature},
		{"kiosk: spelt with escapes", strings.Replace(link, "k=IKA-T1-07", "k=IKA%2DT1-07", 1), kiosk.ErrReceiptSignature},
		{"version: dropped, as a link before v2", strings.Replace(link, "&v=2", "", 1), kiosk.ErrReceiptSignature},
		{"version: another", strings.Replace(link, "&v=2", "&v=3", 1), kiosk.ErrReceiptFormat},
		{"version: repeated", strings.Replace(link, "&v=2", "&v=2&v=2", 1), kiosk.ErrReceiptFormat},
		{"signature: the text form's", strings.Replace(link, linkSig, textSig, 1), kiosk.ErrReceiptSignature},
		{"signature: not last", strings.Replace(link, "&v=2&sig="+linkSig, "&sig="+linkSig+"&v=2", 1), kiosk.ErrReceiptFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.s == link || tc.s == query {
				t.Fatal("tampering left the string unchanged")
			}
			c, err := kiosk.VerifyReceipt(receiptDeviceKey, tc.s)
			if !errors.Is(err, tc.want) {
				t.Fatalf("verify %q = %+v, %v; want %v", tc.s, c, err, tc.want)
			}
		})
	}
}

// Strings signed by the code of before v2 with receiptDeviceKey for
// sampleReceipt: what devices in the field have printed.
const (
	legacyText      = "PK1|0004200912345674|IKA-T1-07|building-permit|1795687445|nc_jiw0C9Ck_cxDTIkZzZw"
	legacyLink      = "https://status.example.ir/r/0004200912345674?k=IKA-T1-07&s=building-permit&t=1795687445&sig=nc_jiw0C9Ck_cxDTIkZzZw"
	legacyQueryLink = "https://status.example.ir/track?code=0004200912345674&k=IKA-T1-07&s=building-permit&t=1795687445&sig=nc_jiw0C9Ck_cxDTIkZzZw"
)

// TestReceiptVerifyBeforeV2: the text form is signed as it always was, and
// a link printed before v2 still verifies, its address reported as not
// covered by the signature, wherever it points.
func TestReceiptVerifyBeforeV2(t *testing.T) {
	if got := kiosk.SignReceipt(receiptDeviceKey, sampleReceipt(), ""); got != legacyText {
		t.Fatalf("text form is now %q, want %q as before", got, legacyText)
	}
	tests := []struct {
		name         string
		s            string
		wantUnsigned string
	}{
		{"text form", legacyText, ""},
		{"link", legacyLink, "https://status.example.ir/r"},
		{"link with query", legacyQueryLink, "https://status.example.ir/track?code="},
		{"link moved to another site", strings.Replace(legacyLink, "status.example.ir", "evil.example", 1), "https://evil.example/r"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := kiosk.VerifyReceipt(receiptDeviceKey, tc.s)
			if err != nil {
				t.Fatalf("verify %q: %v", tc.s, err)
			}
			want := kiosk.ReceiptClaims{
				TrackingCode:      sampleReceipt().TrackingCode,
				KioskID:           "IKA-T1-07",
				ServiceCode:       "building-permit",
				IssuedAt:          time.Date(2026, 11, 26, 10, 4, 5, 0, time.UTC),
				UnsignedStatusURL: tc.wantUnsigned,
			}
			if c != want {
				t.Fatalf("claims %+v, want %+v", c, want)
			}
		})
	}
}

// TestVerifyReceiptAt: a verifier that knows the device's status URL
// refuses a link elsewhere even when the key it holds signed it, as a
// stolen kiosk's key would.
func TestVerifyReceiptAt(t *testing.T) {
	const statusURL = "https://status.example.ir/r"
	r := sampleReceipt()
	rk := kiosk.ReceiptKey(receiptDeviceKey)
	tests := []struct {
		name         string
		expect       string
		s            string
		want         error
		wantURL      string
		wantUnsigned string
	}{
		{"own link", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, statusURL), nil, statusURL, ""},
		{"own link, expected with a slash", statusURL + "/", kiosk.SignReceipt(receiptDeviceKey, r, statusURL), nil, statusURL, ""},
		{"text form", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, ""), nil, "", ""},
		{"link before v2 to the expected page", statusURL, legacyLink, nil, "", statusURL},
		{"no expectation", "", kiosk.SignReceipt(receiptDeviceKey, r, "https://evil.example/r"), nil, "https://evil.example/r", ""},
		{"signed for another site", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, "https://evil.example/r"), kiosk.ErrReceiptStatusURL, "", ""},
		{"signed for a look-alike host", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir.evil.example/r"), kiosk.ErrReceiptStatusURL, "", ""},
		{"signed for http", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, "http://status.example.ir/r"), kiosk.ErrReceiptStatusURL, "", ""},
		{"signed for another port", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir:8443/r"), kiosk.ErrReceiptStatusURL, "", ""},
		{"signed for another path", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir/r/x"), kiosk.ErrReceiptStatusURL, "", ""},
		{"signed with a query added", statusURL, kiosk.SignReceipt(receiptDeviceKey, r, statusURL+"?next=x&code="), kiosk.ErrReceiptStatusURL, "", ""},
		{"link before v2 moved to another site", statusURL, strings.Replace(legacyLink, "status.example.ir", "evil.example", 1), kiosk.ErrReceiptStatusURL, "", ""},
		{"forged and elsewhere", statusURL, strings.Replace(kiosk.SignReceipt(receiptDeviceKey, r, statusURL), "status.example.ir", "evil.example", 1), kiosk.ErrReceiptSignature, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := kiosk.VerifyReceiptAt(rk, tc.expect, tc.s)
			if !errors.Is(err, tc.want) {
				t.Fatalf("verify %q at %q = %+v, %v; want %v", tc.s, tc.expect, c, err, tc.want)
			}
			if err != nil {
				if c != (kiosk.ReceiptClaims{}) {
					t.Fatalf("refused string still returned claims %+v", c)
				}
				return
			}
			if c.TrackingCode != r.TrackingCode || c.StatusURL != tc.wantURL || c.UnsignedStatusURL != tc.wantUnsigned {
				t.Fatalf("claims %+v, want status URL %q and unsigned %q", c, tc.wantURL, tc.wantUnsigned)
			}
		})
	}
}

// TestReceiptVerifyRefusesEveryEdit changes every character of each form,
// the status address of a link included, and cuts each form at every
// length: none verifies.
func TestReceiptVerifyRefusesEveryEdit(t *testing.T) {
	r := sampleReceipt()
	forms := []struct{ name, s string }{
		{"text", kiosk.SignReceipt(receiptDeviceKey, r, "")},
		{"link", kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir/r")},
		{"link with port and query", kiosk.SignReceipt(receiptDeviceKey, r, "https://status.example.ir:8443/track?code=")},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			for i := range len(f.s) {
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

func TestTestReceipt(t *testing.T) {
	tests := []struct {
		name        string
		kioskNumber int
	}{
		{name: "small kiosk number", kioskNumber: 7},
		{name: "largest kiosk number", kioskNumber: kiosk.MaxKioskNumber},
	}
	site := kiosk.Text{kiosk.Persian: "فرودگاه", kiosk.English: "Airport"}
	at := time.Date(2025, 8, 3, 9, 0, 0, 0, time.UTC)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := kiosk.TestReceipt(tc.kioskNumber, "IKA-T1-07", site, at, kiosk.English)
			code, err := kiosk.ParseTrackingCode(string(r.TrackingCode))
			if err != nil {
				t.Fatalf("test receipt's code %q: %v", r.TrackingCode, err)
			}
			if code.Serial() != 0 || code.KioskNumber() != tc.kioskNumber {
				t.Errorf("code %q: serial %d, kiosk %d; want serial 0 (never issued), kiosk %d",
					code, code.Serial(), code.KioskNumber(), tc.kioskNumber)
			}
			if r.KioskID != "IKA-T1-07" || r.Site.In(kiosk.English) != "Airport" || !r.IssuedAt.Equal(at) ||
				r.ServiceCode != "test-print" || r.ServiceName.In(kiosk.Persian) == "" || r.Lang != kiosk.English {
				t.Errorf("test receipt %+v", r)
			}
		})
	}
}
