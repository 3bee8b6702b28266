package kiosk

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEveryMessageInEveryLanguage(t *testing.T) {
	if len(messages()) == 0 {
		t.Fatal("message catalogue is empty")
	}
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for key, text := range messages() {
		for _, l := range Languages {
			if text[l] == "" {
				t.Errorf("message %q has no %s text", key, l)
			}
		}
		// Both languages must use the same placeholders, or one of them
		// would show a raw {name} to a citizen.
		fa := placeholder.FindAllString(text[Persian], -1)
		en := placeholder.FindAllString(text[English], -1)
		if len(fa) != len(en) {
			t.Errorf("message %q: placeholders differ: fa %v, en %v", key, fa, en)
		}
		for _, l := range Languages {
			for _, r := range text[l] {
				if isBidiControl(r) {
					t.Errorf("message %q (%s) contains bidi control %U", key, l, r)
				}
			}
		}
	}
}

func TestMsgf(t *testing.T) {
	got := Msgf(English, "idle.warning", map[string]string{"seconds": "20"})
	if got == "" || got == Msg(English, "idle.warning") {
		t.Fatalf("Msgf did not substitute: %q", got)
	}
	if Msg(English, "no.such.key") != "⟦no.such.key⟧" {
		t.Fatal("missing key not marked")
	}
}

// BenchmarkLoadMessages is the message catalogue's parse, which the
// kiosk's first frame waits for (docs/performance.md, issue 17).
func BenchmarkLoadMessages(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadMessages(messageFiles); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLoadMessagesRefusesABrokenCatalogue(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"a key twice in one file", fstest.MapFS{
			"data/messages/a.yaml": {Data: []byte("k:\n  fa: یک\n  en: one\nk:\n  fa: دو\n  en: two\n")},
		}, `"k" already defined`},
		{"a key in two files", fstest.MapFS{
			"data/messages/a.yaml": {Data: []byte("k:\n  fa: یک\n  en: one\n")},
			"data/messages/b.yaml": {Data: []byte("k:\n  fa: دو\n  en: two\n")},
		}, `key "k" defined twice`},
		{"not a mapping", fstest.MapFS{
			"data/messages/a.yaml": {Data: []byte("- fa: یک\n")},
		}, "a.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadMessages(tt.files)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("loadMessages: %v, want an error with %q", err, tt.want)
			}
		})
	}
}
