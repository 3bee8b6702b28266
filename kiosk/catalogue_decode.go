package kiosk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// fixedCheckDay is the "today" a catalogue check uses for date bounds and
// defaults, so that whether a catalogue loads never depends on the day.
var fixedCheckDay = time.Date(2025, 3, 21, 12, 0, 0, 0, Tehran)

// decodeCatalogue reads YAML or JSON into a Catalogue. Before decoding it
// walks the document against the Catalogue type, so that an unknown key
// or a value of the wrong kind is reported with its service, step and
// field, not as a bare JSON error. Numbers written where text is expected
// (version: 3, value: 1) are taken as text; a bare yes/no, which YAML reads
// as a boolean, is refused with a hint to quote it.
func decodeCatalogue(data []byte) (*Catalogue, []Problem) {
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, []Problem{{Message: "not valid YAML or JSON: " + err.Error()}}
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, []Problem{{Message: "not valid YAML or JSON: " + err.Error()}}
	}
	if tree == nil {
		return nil, []Problem{{Message: "the file is empty"}}
	}
	w := &walker{}
	tree = w.walk(tree, reflect.TypeFor[Catalogue](), "")
	if len(w.problems) > 0 {
		return nil, w.problems
	}
	js, err = json.Marshal(tree)
	if err != nil {
		return nil, []Problem{{Message: "re-encode: " + err.Error()}}
	}
	var c Catalogue
	dec = json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		// The walk should have caught everything; this is the backstop.
		return nil, []Problem{{Message: err.Error()}}
	}
	return &c, nil
}

// walker checks a decoded document against a Go type, locating each
// problem by service, step and field, and a key path inside them.
type walker struct {
	checker
}

var (
	serviceType = reflect.TypeFor[Service]()
	stepType    = reflect.TypeFor[Step]()
	fieldType   = reflect.TypeFor[Field]()
	textType    = reflect.TypeFor[Text]()
)

// walk checks node against t and returns it with numbers turned into
// strings where t wants text. path is the key path inside the current
// service, step or field ("choices[2].label").
func (w *walker) walk(node any, t reflect.Type, path string) any {
	if node == nil {
		return nil // null is the same as leaving the key out
	}
	switch t.Kind() {
	case reflect.Pointer:
		return w.walk(node, t.Elem(), path)
	case reflect.Struct:
		obj, ok := node.(map[string]any)
		if !ok {
			w.wrongKind(path, "a mapping of keys", node)
			return node
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys) // problems in a stable order
		for _, k := range keys {
			sf, ok := fields[k]
			if !ok {
				w.addf("%sunknown key %q%s", prefix(path), k, suggest(k, fields))
				continue
			}
			obj[k] = w.walk(obj[k], sf.Type, join(path, k))
		}
		return obj
	case reflect.Map:
		obj, ok := node.(map[string]any)
		if !ok {
			w.wrongKind(path, "a text in each language ({fa: ..., en: ...})", node)
			return node
		}
		for k, v := range obj {
			if t == textType {
				if _, err := ParseLang(k); err != nil {
					w.addf("%sunknown language %q: use fa and en", prefix(path), k)
					continue
				}
			}
			obj[k] = w.walk(v, t.Elem(), join(path, k))
		}
		return obj
	case reflect.Slice:
		list, ok := node.([]any)
		if !ok {
			w.wrongKind(path, "a list", node)
			return node
		}
		for i, v := range list {
			list[i] = w.walkElem(v, t.Elem(), path, i)
		}
		return list
	case reflect.String:
		switch v := node.(type) {
		case string:
			return v
		case json.Number:
			return v.String()
		case bool:
			w.addf("%swrite %v in quotes: YAML reads a bare yes, no, on, off, true or false as a boolean", prefix(path), yamlBool(v))
			return node
		}
		w.wrongKind(path, "text", node)
	case reflect.Bool:
		if _, ok := node.(bool); !ok {
			w.wrongKind(path, "true or false", node)
		}
	case reflect.Int:
		n, ok := node.(json.Number)
		if !ok {
			w.wrongKind(path, "a whole number", node)
			return node
		}
		if i, err := n.Int64(); err != nil || i < -1e6 || i > 1e6 {
			w.addf("%s%s is not a whole number between -1000000 and 1000000", prefix(path), n)
		}
	case reflect.Float64:
		n, ok := node.(json.Number)
		if !ok {
			w.wrongKind(path, "a number", node)
			return node
		}
		if _, err := n.Float64(); err != nil {
			w.addf("%s%s is not a number", prefix(path), n)
		}
	}
	return node
}

// walkElem walks one element of a list. Services, steps and fields set
// the location of the problems found inside them.
func (w *walker) walkElem(v any, t reflect.Type, path string, i int) any {
	var level *string
	switch t {
	case serviceType:
		level = &w.service
	case stepType:
		level = &w.step
	case fieldType:
		level = &w.field
	default:
		return w.walk(v, t, fmt.Sprintf("%s[%d]", path, i+1))
	}
	saved := []string{w.service, w.step, w.field}
	defer func() { w.service, w.step, w.field = saved[0], saved[1], saved[2] }()
	key := "id"
	if t == serviceType {
		key = "code"
	}
	id := ""
	if obj, ok := v.(map[string]any); ok {
		switch v := obj[key].(type) {
		case string:
			id = v
		case json.Number:
			id = v.String()
		}
	}
	*level = locate(id, i)
	switch t {
	case serviceType:
		w.step, w.field = "", ""
	case stepType:
		w.field = ""
	}
	return w.walk(v, t, "")
}

func (w *walker) wrongKind(path, want string, got any) {
	w.addf("%swant %s, not %s", prefix(path), want, kindOf(got))
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case json.Number:
		return "a number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

func yamlBool(b bool) string {
	if b {
		return `"yes" (or "true")`
	}
	return `"no" (or "false")`
}

func prefix(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonFields maps the JSON names of a struct's fields to them.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = sf
	}
	return out
}

// suggest names the known key closest to an unknown one, if it is close.
func suggest(k string, fields map[string]reflect.StructField) string {
	best, bestD := "", 3
	for name := range fields {
		d := editDistance(strings.ToLower(k), name)
		if d < bestD || d == bestD && name < best {
			best, bestD = name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
