package kiosk

import (
	"regexp"
	"testing"
)

func TestEveryMessageInEveryLanguage(t *testing.T) {
	if len(messages) == 0 {
		t.Fatal("message catalogue is empty")
	}
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for key, text := range messages {
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
