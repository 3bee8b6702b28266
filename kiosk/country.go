package kiosk

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// Country is a country a passport is issued by, by its ISO 3166-1 alpha-2
// code, with its name in each language the kiosk speaks.
type Country struct {
	Code string
	Name Text
}

// countryNameFixes replaces the names golang.org/x/text (CLDR 32) gives
// countries that have since been renamed: a traveller looks for the name
// their passport carries.
var countryNameFixes = map[string]Text{
	"MK": {Persian: "مقدونیه شمالی", English: "North Macedonia"},
	"SZ": {Persian: "اسواتینی", English: "Eswatini"},
	"TR": {Persian: "ترکیه", English: "Türkiye"},
}

// countriesOnce builds the list of countries once: every region
// golang.org/x/text knows as a country by its current ISO 3166-1 alpha-2
// code (a UN M.49 area, so neither a withdrawn code such as YU nor an
// exceptionally reserved one such as AC or EU), plus Kosovo (XK), whose
// passports are recognised by most states though ISO has not assigned it
// a code.
var countriesOnce = sync.OnceValue(func() []Country {
	fa := display.Regions(language.Persian)
	en := display.Regions(language.English)
	var out []Country
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.Canonicalize().String() != code {
				continue
			}
			if r.M49() == 0 && code != "XK" {
				continue
			}
			name := Text{Persian: fa.Name(r), English: en.Name(r)}
			if fix, ok := countryNameFixes[code]; ok {
				name = fix
			}
			if name[Persian] == "" || name[English] == "" {
				continue
			}
			out = append(out, Country{Code: code, Name: name})
		}
	}
	return out
})

// sortedCountries holds, per language, the countries in that language's
// alphabetical order (Persian collation for Persian), with each name
// folded for matching (see foldName).
var sortedCountries = sync.OnceValue(func() map[Lang][]foldedCountry {
	out := map[Lang][]foldedCountry{}
	for _, l := range Languages {
		list := make([]foldedCountry, 0, len(countriesOnce()))
		for _, c := range countriesOnce() {
			list = append(list, foldedCountry{Country: c, fa: foldName(c.Name[Persian]), en: foldName(c.Name[English])})
		}
		col := collate.New(language.Make(string(l)))
		slices.SortStableFunc(list, func(x, y foldedCountry) int {
			return col.CompareString(x.Name.In(l), y.Name.In(l))
		})
		out[l] = list
	}
	return out
})

type foldedCountry struct {
	Country
	fa, en string
}

// Countries returns every country a nationality may name, sorted by
// code.
func Countries() []Country { return slices.Clone(countriesOnce()) }

// LookupCountry returns the country with the ISO 3166-1 alpha-2 code
// (either case).
func LookupCountry(code string) (Country, bool) {
	code = strings.ToUpper(code)
	list := countriesOnce()
	i, ok := slices.BinarySearchFunc(list, code, func(c Country, code string) int { return strings.Compare(c.Code, code) })
	if !ok {
		return Country{}, false
	}
	return list[i], true
}

// CountryName returns the name in l of the country with the code, or the
// code itself for a code no country has.
func CountryName(l Lang, code string) string {
	if c, ok := LookupCountry(code); ok {
		return c.Name.In(l)
	}
	return code
}

// MatchCountries returns the countries whose name, in either language, has
// a word starting with what the citizen typed (accents, case, ZWNJ and
// Arabic letter forms aside), or whose code it is, leaving out the codes
// in exclude. They come in l's alphabetical order, those whose whole name
// starts with the query (or whose code it is) first; at most limit of
// them (all when limit is 0). An empty query matches nothing.
func MatchCountries(l Lang, query string, exclude []string, limit int) []Country {
	q := foldName(query)
	if q == "" {
		return nil
	}
	code := strings.ToUpper(strings.TrimSpace(query))
	var first, rest []Country
	for _, c := range sortedCountries()[l] {
		if slices.Contains(exclude, c.Code) {
			continue
		}
		switch {
		case c.Code == code || strings.HasPrefix(c.fa, q) || strings.HasPrefix(c.en, q):
			first = append(first, c.Country)
		case wordPrefix(c.fa, q) || wordPrefix(c.en, q):
			rest = append(rest, c.Country)
		}
	}
	out := append(first, rest...)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// wordPrefix reports whether q starts one of the words of the folded
// name.
func wordPrefix(name, q string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] == ' ' && strings.HasPrefix(name[i+1:], q) {
			return true
		}
	}
	return false
}

// foldName writes a country name, or what a citizen typed to find one, in
// the form they are compared in: lower case, without accents or Arabic
// marks (so ا finds آلمان and "cote" Côte d’Ivoire), Persian ی and ک for
// their Arabic forms, no ZWNJ, and one space between words (punctuation
// such as "&", "-" and brackets separating words).
func foldName(s string) string {
	s = norm.NFD.String(NormalizeInput(s))
	var b strings.Builder
	space := true // no leading space
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '\u200c' || r == '\u200d' || r == '’' || r == '\'' || r == '.':
			continue
		case r == 'ي' || r == 'ى': // left by decomposing ئ
			b.WriteRune('ی')
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}
