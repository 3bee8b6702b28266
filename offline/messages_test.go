package offline_test

import (
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

func TestEveryStateAndLinkHasAMessage(t *testing.T) {
	keys := []string{"sync.no_back_office"}
	for _, s := range offline.States {
		keys = append(keys, s.MessageKey())
	}
	for _, h := range []offline.Health{{Online: true}, {Online: false}, {AuthFailed: true}} {
		keys = append(keys, h.MessageKey())
	}
	for _, k := range keys {
		if !kiosk.HasMessage(k) {
			t.Errorf("message %q is missing", k)
			continue
		}
		for _, l := range kiosk.Languages {
			if kiosk.Msg(l, k) == "" {
				t.Errorf("message %q has no %s text", k, l)
			}
		}
	}
}
