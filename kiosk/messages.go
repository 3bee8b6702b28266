package kiosk

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The message catalogue: every string the kiosk itself shows a citizen or a
// technician, by key, in Persian and English. Service names and form labels
// live in the service Catalogue instead. Files are split by area
// (data/messages/*.yaml) so that each part of the appliance owns its own;
// a key may be defined in one file only.
//
//go:embed data/messages/*.yaml
var messageFiles embed.FS

// messages is parsed on first use rather than in the package's init, so
// the kiosk's first frame need not wait for it: cmd/kiosk parses it
// beside the toolkit's start with PreloadMessages (issue 17).
var messages = sync.OnceValue(func() map[string]Text { return mustLoadMessages(messageFiles) })

// PreloadMessages parses the message catalogue now, if nothing has yet,
// so that the first Msg does not wait for it.
func PreloadMessages() { messages() }

func mustLoadMessages(fsys fs.FS) map[string]Text {
	m, err := loadMessages(fsys)
	if err != nil {
		panic(err)
	}
	return m
}

func loadMessages(fsys fs.FS) (map[string]Text, error) {
	out := map[string]Text{}
	files, err := fs.Glob(fsys, "data/messages/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("load messages: %w", err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load messages: %w", err)
		}
		// yaml.v3 decodes straight into the map (sigs.k8s.io/yaml goes
		// through JSON, a third slower here) and refuses a key given twice.
		var part map[string]Text
		if err := yaml.Unmarshal(data, &part); err != nil {
			return nil, fmt.Errorf("load messages %s: %w", name, err)
		}
		for k, v := range part {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("load messages %s: key %q defined twice", name, k)
			}
			out[k] = v
		}
	}
	return out, nil
}

// Msg returns the message for key in l. A missing key comes back as
// "⟦key⟧" so it stands out on screen; tests make sure none is missing.
func Msg(l Lang, key string) string {
	t, ok := messages()[key]
	if !ok {
		return "⟦" + key + "⟧"
	}
	return t.In(l)
}

// Msgf returns the message for key in l with each {name} placeholder
// replaced by args[name]. Numbers in args should already be written in the
// language's digits (see FormatNumber).
func Msgf(l Lang, key string, args map[string]string) string {
	s := Msg(l, key)
	if len(args) == 0 {
		return s
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// HasMessage reports whether key is in the message catalogue.
func HasMessage(key string) bool {
	_, ok := messages()[key]
	return ok
}

// MessageKeys returns every key of the message catalogue, sorted.
func MessageKeys() []string {
	all := messages()
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
