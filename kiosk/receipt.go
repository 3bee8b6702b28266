package kiosk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A receipt's QR code holds a signed string so the back office can tell a
// genuine receipt from a forged one. It comes in two forms:
//
//   - the status link, when the device is provisioned with a StatusURL:
//     STATUSURL/CODE?k=KIOSK&s=SERVICE&t=UNIX&v=2&sig=SIG, which a phone
//     opens on the request's status page, and the page can check;
//   - the compact text form otherwise: PK1|CODE|KIOSK|SERVICE|UNIX|SIG.
//
// Both carry the tracking code, the kiosk ID, the service code and the time
// of issue (Unix seconds). SIG is an HMAC-SHA256 truncated to 128 bits and
// written in unpadded base64url (22 characters), keyed with the receipt key,
// derived from the device key by ReceiptKey, so the key that signs receipts
// (and may be handed to the back office) is never the key that encrypts
// personal data on the device.
//
// The text form's SIG covers a canonical, length-prefixed encoding of the
// four fields (domain "pishkhan-receipt-v1"). The status link's SIG covers
// every byte of the link before "&sig=" (domain "pishkhan-receipt-v2"):
// scheme, host and port, path and query of the status page as well as the
// fields, so a link edited to send the citizen elsewhere does not verify.
// A verifier that knows the device's status URL also refuses, with
// VerifyReceiptAt, a link signed for another address by a stolen key.
//
// Links printed before v2 (no "v=2") were signed like the text form: their
// address was never covered. They still verify, so the receipts citizens
// already hold stay genuine, but the verifier reports their address apart,
// as UnsignedStatusURL, never as StatusURL: the claims are genuine, the
// link must not be trusted. Refusing them would turn every receipt already
// printed into a forgery at the counter, while accepting them as before
// would vouch for whatever address a forger wrote around a real signature.

// ReceiptClaims is what a verified receipt QR string says.
type ReceiptClaims struct {
	TrackingCode TrackingCode
	KioskID      string
	ServiceCode  string
	// IssuedAt is the time of issue to the second, in UTC.
	IssuedAt time.Time
	// StatusURL is the status page a link points to (tracking code and
	// parameters removed), as covered by its signature; empty for the text
	// form and for a link signed before v2.
	StatusURL string
	// UnsignedStatusURL is the status page of a link signed before v2,
	// whose signature does not cover it: do not send a citizen there.
	UnsignedStatusURL string
}

// Receipt QR errors.
var (
	// ErrReceiptFormat is returned for a string that is not a receipt QR
	// string at all, or one that was cut short or mangled.
	ErrReceiptFormat = errors.New("not a pishkhan receipt string")
	// ErrReceiptSignature is returned for a well-formed receipt string
	// whose signature does not match its contents: forged or altered.
	ErrReceiptSignature = errors.New("receipt signature does not match")
	// ErrReceiptStatusURL is returned for a receipt whose link points to
	// another status page than the one the verifier expects.
	ErrReceiptStatusURL = errors.New("receipt links to another status page")
)

const (
	receiptKeyLabel    = "pishkhan receipt v1"
	receiptMACDomain   = "pishkhan-receipt-v1"
	receiptLinkDomain  = "pishkhan-receipt-v2"
	receiptTextTag     = "PK1"
	receiptLinkVersion = "2"
	receiptSigBytes    = 16
)

// Strict decoding refuses stray bits in the last character, so one
// signature has exactly one spelling.
var receiptSigEncoding = base64.RawURLEncoding.Strict()

// LinksStatusPage reports whether the receipt's QR code holds a link to
// the request's status page (the device has a status_url), which a phone
// opens; otherwise it holds a signed string only the agency can read, and
// nothing may tell the citizen to scan it.
func (r Receipt) LinksStatusPage() bool {
	return strings.HasPrefix(r.QR, "https://") || strings.HasPrefix(r.QR, "http://")
}

// ReceiptKey derives the receipt-signing key from the device key:
// HMAC-SHA256(deviceKey, "pishkhan receipt v1"). The back office verifies
// receipts with this key and never needs the device key itself.
func ReceiptKey(deviceKey []byte) []byte {
	m := hmac.New(sha256.New, deviceKey)
	m.Write([]byte(receiptKeyLabel))
	return m.Sum(nil)
}

// SignReceipt returns the string for the QR code of r, signed with the
// receipt key derived from deviceKey: the status link when statusURL is
// set, the compact text form otherwise. A statusURL ending in "/" or "="
// takes the tracking code as is; otherwise a "/" is put between them.
func SignReceipt(deviceKey []byte, r Receipt, statusURL string) string {
	c := ReceiptClaims{
		TrackingCode: r.TrackingCode,
		KioskID:      r.KioskID,
		ServiceCode:  r.ServiceCode,
		IssuedAt:     r.IssuedAt.UTC().Truncate(time.Second),
	}
	key := ReceiptKey(deviceKey)
	unix := strconv.FormatInt(c.IssuedAt.Unix(), 10)
	if statusURL == "" {
		sig := receiptSigEncoding.EncodeToString(receiptMAC(key, c))
		return strings.Join([]string{receiptTextTag, string(c.TrackingCode),
			url.QueryEscape(c.KioskID), url.QueryEscape(c.ServiceCode), unix, sig}, "|")
	}
	var b strings.Builder
	b.WriteString(statusLinkPrefix(statusURL))
	b.WriteString(string(c.TrackingCode))
	if strings.Contains(statusURL, "?") {
		b.WriteByte('&')
	} else {
		b.WriteByte('?')
	}
	b.WriteString("k=" + url.QueryEscape(c.KioskID))
	b.WriteString("&s=" + url.QueryEscape(c.ServiceCode))
	b.WriteString("&t=" + unix)
	b.WriteString("&v=" + receiptLinkVersion)
	link := b.String()
	return link + "&sig=" + receiptSigEncoding.EncodeToString(receiptLinkMAC(key, link))
}

// statusLinkPrefix is what a status link holds before the tracking code.
func statusLinkPrefix(statusURL string) string {
	if strings.HasSuffix(statusURL, "/") || strings.HasSuffix(statusURL, "=") {
		return statusURL
	}
	return statusURL + "/"
}

// VerifyReceipt checks a decoded QR string with the receipt key derived
// from deviceKey and returns what it claims. The error wraps
// ErrReceiptFormat for a string that cannot be read and
// ErrReceiptSignature for one that was forged or altered.
func VerifyReceipt(deviceKey []byte, s string) (ReceiptClaims, error) {
	return VerifyReceiptWithKey(ReceiptKey(deviceKey), s)
}

// VerifyReceiptWithKey is VerifyReceipt for a verifier that holds only the
// receipt key (see ReceiptKey), such as the back office.
func VerifyReceiptWithKey(receiptKey []byte, s string) (ReceiptClaims, error) {
	p, err := verifyReceipt(receiptKey, s)
	if err != nil {
		return ReceiptClaims{}, err
	}
	return p.claims, nil
}

// VerifyReceiptAt is VerifyReceiptWithKey for a verifier that knows the
// status URL the device was provisioned with: a link to any other address
// is refused with ErrReceiptStatusURL, whichever key signed it. The text
// form, which holds no link, passes; an empty statusURL checks nothing more.
func VerifyReceiptAt(receiptKey []byte, statusURL, s string) (ReceiptClaims, error) {
	p, err := verifyReceipt(receiptKey, s)
	if err != nil {
		return ReceiptClaims{}, err
	}
	// Byte for byte: an address spelt another way is another address.
	if want := statusLinkPrefix(statusURL); statusURL != "" && p.prefix != "" && p.prefix != want {
		return ReceiptClaims{}, fmt.Errorf("verify receipt %s: %w: %s, not %s",
			p.claims.TrackingCode, ErrReceiptStatusURL, p.prefix, want)
	}
	return p.claims, nil
}

func verifyReceipt(receiptKey []byte, s string) (parsedReceipt, error) {
	p, err := parseReceiptString(s)
	if err != nil {
		return parsedReceipt{}, fmt.Errorf("verify receipt: %w", err)
	}
	want := receiptMAC(receiptKey, p.claims)
	if p.signedLink != "" {
		want = receiptLinkMAC(receiptKey, p.signedLink)
	}
	if !hmac.Equal(p.sig, want) {
		return parsedReceipt{}, fmt.Errorf("verify receipt %s: %w", p.claims.TrackingCode, ErrReceiptSignature)
	}
	return p, nil
}

// receiptMAC signs the claims alone, as the text form and links before v2
// are signed.
func receiptMAC(key []byte, c ReceiptClaims) []byte {
	return receiptHMAC(key, receiptMACDomain, string(c.TrackingCode), c.KioskID, c.ServiceCode, strconv.FormatInt(c.IssuedAt.Unix(), 10))
}

// receiptLinkMAC signs a v2 link up to its signature, under a domain of its
// own so that neither form's signature stands for the other's.
func receiptLinkMAC(key []byte, link string) []byte {
	return receiptHMAC(key, receiptLinkDomain, link)
}

// receiptHMAC is the truncated HMAC of its fields, each written as a
// uvarint length and its bytes, so no two different lists encode alike.
func receiptHMAC(key []byte, fields ...string) []byte {
	m := hmac.New(sha256.New, key)
	var n [binary.MaxVarintLen64]byte
	for _, f := range fields {
		m.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		m.Write([]byte(f))
	}
	return m.Sum(nil)[:receiptSigBytes]
}

// parsedReceipt is a receipt string read but not yet verified.
type parsedReceipt struct {
	claims ReceiptClaims
	sig    []byte
	// prefix is a link's status address as written, up to the tracking
	// code; empty for the text form.
	prefix string
	// signedLink is what a v2 link's signature covers; empty for the text
	// form and for a link signed before v2.
	signedLink string
}

// parseReceiptString reads either form.
func parseReceiptString(s string) (parsedReceipt, error) {
	if strings.HasPrefix(s, receiptTextTag+"|") {
		return parseReceiptText(s)
	}
	return parseReceiptURL(s)
}

func parseReceiptText(s string) (parsedReceipt, error) {
	parts := strings.Split(s, "|")
	if len(parts) != 6 {
		return parsedReceipt{}, fmt.Errorf("%w: want 6 fields, got %d", ErrReceiptFormat, len(parts))
	}
	kiosk, err1 := url.QueryUnescape(parts[2])
	service, err2 := url.QueryUnescape(parts[3])
	if err1 != nil || err2 != nil || url.QueryEscape(kiosk) != parts[2] || url.QueryEscape(service) != parts[3] {
		return parsedReceipt{}, fmt.Errorf("%w: bad escaping", ErrReceiptFormat)
	}
	c, sig, err := receiptFields(parts[1], kiosk, service, parts[4], parts[5])
	if err != nil {
		return parsedReceipt{}, err
	}
	return parsedReceipt{claims: c, sig: sig}, nil
}

func parseReceiptURL(s string) (parsedReceipt, error) {
	// The parameters are the last ones of the string; their values are
	// query-escaped, so the last "?k=" or "&k=" is where they start.
	i := max(strings.LastIndex(s, "?k="), strings.LastIndex(s, "&k="))
	if i < 0 {
		return parsedReceipt{}, fmt.Errorf("%w: no receipt parameters", ErrReceiptFormat)
	}
	if i < trackingDigits {
		return parsedReceipt{}, fmt.Errorf("%w: no tracking code", ErrReceiptFormat)
	}
	prefix, code := s[:i-trackingDigits], s[i-trackingDigits:i]
	if (s[i] == '&') != strings.Contains(prefix, "?") {
		return parsedReceipt{}, fmt.Errorf("%w: parameters not where SignReceipt puts them", ErrReceiptFormat)
	}
	if err := checkStatusAddress(prefix); err != nil {
		return parsedReceipt{}, err
	}
	q, err := url.ParseQuery(s[i+1:])
	if err != nil {
		return parsedReceipt{}, fmt.Errorf("%w: bad parameters", ErrReceiptFormat)
	}
	names := []string{"k", "s", "t", "sig"}
	_, v2 := q["v"]
	if v2 {
		names = append(names, "v")
	}
	for _, k := range names {
		if len(q[k]) != 1 {
			return parsedReceipt{}, fmt.Errorf("%w: parameter %s missing or repeated", ErrReceiptFormat, k)
		}
	}
	if len(q) != len(names) {
		return parsedReceipt{}, fmt.Errorf("%w: unexpected parameters", ErrReceiptFormat)
	}
	c, sig, err := receiptFields(code, q.Get("k"), q.Get("s"), q.Get("t"), q.Get("sig"))
	if err != nil {
		return parsedReceipt{}, err
	}
	p := parsedReceipt{claims: c, sig: sig, prefix: prefix}
	page := strings.TrimRight(prefix, "/")
	if !v2 {
		p.claims.UnsignedStatusURL = page
		return p, nil
	}
	if q.Get("v") != receiptLinkVersion {
		return parsedReceipt{}, fmt.Errorf("%w: unknown version %q", ErrReceiptFormat, q.Get("v"))
	}
	// SignReceipt puts the signature last, after everything it covers.
	j := strings.LastIndex(s, "&sig=")
	if j < i || s[j+len("&sig="):] != q.Get("sig") {
		return parsedReceipt{}, fmt.Errorf("%w: signature not last", ErrReceiptFormat)
	}
	p.signedLink = s[:j]
	p.claims.StatusURL = page
	return p, nil
}

// checkStatusAddress refuses a status address that a browser may read
// otherwise than a person does: with user info
// ("https://status.example.ir@evil.example"), a fragment, a backslash, or a
// host spelt with anything but ASCII letters, digits, dots, hyphens, a port
// and IPv6 brackets (a percent-escaped ideographic full stop, say).
func checkStatusAddress(prefix string) error {
	u, err := url.Parse(prefix)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%w: not a status URL", ErrReceiptFormat)
	}
	if u.User != nil || strings.ContainsAny(prefix, `#\`) {
		return fmt.Errorf("%w: status URL with user info, fragment or backslash", ErrReceiptFormat)
	}
	for _, r := range u.Host {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(".-:[]", r)) {
			return fmt.Errorf("%w: status URL host %q", ErrReceiptFormat, u.Host)
		}
	}
	return nil
}

func receiptFields(code, kiosk, service, unix, sig string) (ReceiptClaims, []byte, error) {
	tc, err := ParseTrackingCode(code)
	if err != nil || string(tc) != code {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad tracking code", ErrReceiptFormat)
	}
	if kiosk == "" || service == "" {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: empty kiosk or service", ErrReceiptFormat)
	}
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil || sec <= 0 || strconv.FormatInt(sec, 10) != unix {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad time", ErrReceiptFormat)
	}
	raw, err := receiptSigEncoding.DecodeString(sig)
	if err != nil || len(raw) != receiptSigBytes {
		return ReceiptClaims{}, nil, fmt.Errorf("%w: bad signature encoding", ErrReceiptFormat)
	}
	return ReceiptClaims{
		TrackingCode: tc,
		KioskID:      kiosk,
		ServiceCode:  service,
		IssuedAt:     time.Unix(sec, 0).UTC(),
	}, raw, nil
}

// TestReceipt is the receipt of a technician's test print. Its tracking
// code has serial 0, which no issuer ever hands out, so it can never be
// mistaken for a citizen's. kioskID and site are the device's, as on
// every receipt.
func TestReceipt(kioskNumber int, kioskID string, site Text, now time.Time, l Lang) Receipt {
	body := fmt.Sprintf("%0*d%0*d", kioskNumberDigits, kioskNumber, serialDigits, 0)
	return Receipt{
		TrackingCode: TrackingCode(body + string(rune('0'+VerhoeffDigit(body)))),
		ServiceCode:  "test-print",
		ServiceName:  Text{Persian: Msg(Persian, "technician.test_receipt"), English: Msg(English, "technician.test_receipt")},
		IssuedAt:     now,
		KioskID:      kioskID,
		Site:         site,
		Lang:         l,
	}
}
