package open311

// White-box: the decoders are fed hostile bytes directly, without a
// server in between, so that the fuzzer runs fast.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`[{"service_request_id":{"id":1}}]`, `{"a":{"b":{"c":{"d":[{"token":1}]}}}}`,
		`[01,-02,"003"]`, `[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`, `{"attributes":{"x":{"code":5}}}`,
		`[{"order":1e308,"code":"x"}]`, `[{"lat":"NaN","long":"Infinity"}]`, "\xef\xbb\xbf[]", `"\u202e"`,
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte(`<errors><error><code>403</code><description>` + "\u202e" + `</description></error></errors>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		red := redactor{key: "secret-key"}
		for _, e := range decodeXMLErrors(body) {
			checkClean(t, red.text(e.Code), red.text(e.Description))
		}
		checkClean(t, describeAnswer("text/html", body, red))
		doc, err := parseDocument(body)
		if err != nil {
			return
		}
		svcs, _ := decodeServices(doc)
		for _, s := range svcs {
			checkClean(t, s.Code, s.Name, s.Description, s.Keywords, s.Group)
		}
		def, _ := decodeDefinition(doc)
		for _, a := range def.Attributes {
			checkClean(t, a.Code, a.Description, a.DatatypeDescription)
			for _, v := range a.Values {
				checkClean(t, v.Key, v.Name)
			}
		}
		res, _, _ := decodePostResult(doc)
		checkClean(t, res.ServiceRequestID, res.Token, res.ServiceNotice, res.AccountID)
		if res.ServiceRequestID != "" && res.Token != "" {
			t.Errorf("both an ID and a token: %+v", res)
		}
		reqs, _ := decodeRequests(doc)
		for _, r := range reqs {
			checkClean(t, r.ID, r.Status, r.StatusNotes, r.ServiceCode, r.Address)
		}
		for _, e := range decodeErrors(doc) {
			checkClean(t, red.text(e.Code), red.text(e.Description))
		}
	})
}

// checkClean fails on text a screen must never receive from a server.
func checkClean(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8 kept: %q", s)
		}
		if strings.ContainsAny(s, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x00\x1b") {
			t.Errorf("control character kept: %q", s)
		}
		if utf8.RuneCountInString(s) > maxTextRunes {
			t.Errorf("%d runes kept", utf8.RuneCountInString(s))
		}
	}
}
