package kiosk

import "fmt"

// Lang is a language the kiosk speaks to a citizen, as a BCP 47 tag.
type Lang string

// The languages of the embedded catalogue. Persian comes first: it is the
// kiosk's default and the language every string must exist in.
const (
	Persian Lang = "fa"
	English Lang = "en"
)

// Languages lists the supported languages, default first.
var Languages = []Lang{Persian, English}

// ParseLang returns the Lang for a tag such as "fa" or "en".
func ParseLang(s string) (Lang, error) {
	for _, l := range Languages {
		if string(l) == s {
			return l, nil
		}
	}
	return "", fmt.Errorf("parse language %q: want one of fa, en", s)
}

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool { return l == Persian }

// Text is a user-visible string in every language the kiosk speaks.
// In YAML and JSON it is written as {fa: "...", en: "..."}.
type Text map[Lang]string

// In returns the text in l, falling back to Persian and then English so that
// a screen never shows an empty label for a partly translated entry.
func (t Text) In(l Lang) string {
	if s := t[l]; s != "" {
		return s
	}
	if s := t[Persian]; s != "" {
		return s
	}
	return t[English]
}

// Complete reports whether the text exists in every supported language.
func (t Text) Complete() bool {
	for _, l := range Languages {
		if t[l] == "" {
			return false
		}
	}
	return true
}
