package open311

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Remote is what a back office publishes about its services: the list
// and the definition of each service that has one (metadata true), by
// service code.
type Remote struct {
	Services    []Service
	Definitions map[string]ServiceDefinition
}

// maxImportedServices bounds how many definitions an import fetches.
const maxImportedServices = 200

// Fetch reads services.json and the definition of every service whose
// metadata is true.
func Fetch(ctx context.Context, c *Client) (Remote, error) {
	svcs, err := c.Services(ctx)
	if err != nil {
		return Remote{}, fmt.Errorf("fetch services: %w", err)
	}
	if len(svcs) == 0 {
		return Remote{}, errors.New("fetch services: the back office lists no services")
	}
	if len(svcs) > maxImportedServices {
		return Remote{}, fmt.Errorf("fetch services: the back office lists %d services; at most %d can be imported", len(svcs), maxImportedServices)
	}
	r := Remote{Services: svcs, Definitions: map[string]ServiceDefinition{}}
	for _, s := range svcs {
		if !s.Metadata {
			continue
		}
		def, err := c.ServiceDefinition(ctx, s.Code)
		if err != nil {
			return Remote{}, fmt.Errorf("fetch definition of service %s: %w", s.Code, err)
		}
		r.Definitions[s.Code] = def
	}
	return r, nil
}

// ParseLayout reads a local form layout: YAML or JSON in the shape of a
// kiosk catalogue (kiosk/data/catalogue.yaml), of which any part may be
// left out. Unknown keys are errors. The layout is not checked on its own:
// the merged catalogue is.
func ParseLayout(data []byte) (*kiosk.Catalogue, error) {
	if len(data) > kiosk.MaxCatalogueBytes {
		return nil, fmt.Errorf("parse layout: larger than %d bytes", kiosk.MaxCatalogueBytes)
	}
	var c kiosk.Catalogue
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	return &c, nil
}

// LoadLayout reads the layout file at path.
func LoadLayout(path string) (*kiosk.Catalogue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load layout: %w", err)
	}
	l, err := ParseLayout(data)
	if err != nil {
		return nil, fmt.Errorf("load layout %s: %w", path, err)
	}
	return l, nil
}

// Import fetches the back office's services and definitions and merges
// them with layout (which may be nil). See Merge.
func Import(ctx context.Context, c *Client, layout *kiosk.Catalogue) (*kiosk.Catalogue, []string, error) {
	r, err := Fetch(ctx, c)
	if err != nil {
		return nil, nil, fmt.Errorf("import catalogue: %w", err)
	}
	return Merge(r, layout)
}

// Merge builds a kiosk catalogue from a back office's services and
// definitions, merged with a local layout (nil for none):
//
//   - Every service the back office lists becomes a service, in its order;
//     a layout service matches it by open311.service_code, or by code. A
//     layout service the back office does not list is left out (with a
//     warning).
//   - Each attribute becomes a field, in attribute order: string → text,
//     text → longtext, number → number, datetime → date, singlevaluelist →
//     choice, multivaluelist → multichoice; variable:false → info. Values
//     become choices. A layout field matches an attribute by its attribute
//     code, or by its ID when it names none.
//   - The layout adds steps, Persian (or any) labels and hints, and
//     stricter types (a string declared nationalcode, a number declared
//     amount, a singlevaluelist of two values declared yesno); a type that
//     is not stricter is an error. It may make a field required, never
//     optional, and narrow a list's choices, never add to them. A layout
//     field whose attribute the back office does not define is left out
//     (with a warning); one without an attribute (a consent, say) is kept.
//     One whose attribute starts with "@" but is no standard parameter is
//     an error.
//   - A name given in one language only is used for both, unless the
//     layout gives the other.
//   - Attributes the layout does not place get steps of their own after
//     the layout's. A service with no field to answer gets a free-text
//     description field sent as the standard description parameter.
//
// The version is the layout's version (if any) plus a digest of the
// inputs, so the same back office and layout give the same version. The
// result passes kiosk's Catalogue.Check, or Merge fails with its problems.
func Merge(r Remote, layout *kiosk.Catalogue) (*kiosk.Catalogue, []string, error) {
	if len(r.Services) == 0 {
		return nil, nil, errors.New("merge catalogue: the back office lists no services")
	}
	if layout == nil {
		layout = &kiosk.Catalogue{}
	}
	m := merger{}
	out := &kiosk.Catalogue{Version: importVersion(r, layout)}
	used := map[int]bool{}
	codes := map[string]bool{}
	for _, rs := range r.Services {
		if !sendableServiceCode(rs.Code) {
			m.warnf("service %q cannot be offered: its code is not 1 to 100 printable ASCII characters; left out", truncate(rs.Code, 40))
			continue
		}
		li := matchService(layout, rs.Code)
		var ls *kiosk.Service
		if li >= 0 {
			ls = &layout.Services[li]
			used[li] = true
		}
		svc, err := m.service(rs, r.Definitions[rs.Code], ls, codes)
		if err != nil {
			return nil, m.warnings, fmt.Errorf("merge catalogue: service %s: %w", rs.Code, err)
		}
		out.Services = append(out.Services, svc)
	}
	if len(out.Services) == 0 {
		return nil, m.warnings, errors.New("merge catalogue: none of the back office's services can be offered")
	}
	for i, ls := range layout.Services {
		if !used[i] {
			m.warnf("service %s is in the layout but the back office does not offer it; left out", ls.Code)
		}
	}
	if err := out.Check(); err != nil {
		return nil, m.warnings, fmt.Errorf("merge catalogue: %w", err)
	}
	return out, m.warnings, nil
}

func matchService(layout *kiosk.Catalogue, code string) int {
	for i, ls := range layout.Services {
		if ls.Open311.ServiceCode == code {
			return i
		}
	}
	for i, ls := range layout.Services {
		if ls.Open311.ServiceCode == "" && ls.Code == code {
			return i
		}
	}
	return -1
}

// importVersion names the merged catalogue by a digest of its inputs.
func importVersion(r Remote, layout *kiosk.Catalogue) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.Encode(r.Services)
	codes := make([]string, 0, len(r.Definitions))
	for c := range r.Definitions {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		enc.Encode(c)
		enc.Encode(r.Definitions[c])
	}
	enc.Encode(layout)
	digest := hex.EncodeToString(h.Sum(nil))[:12]
	base := sanitizeID(layout.Version, 40)
	if base == "" {
		return "o311-" + digest
	}
	return base + "+o311-" + digest
}

// merger carries warnings through one merge.
type merger struct{ warnings []string }

func (m *merger) warnf(format string, args ...any) {
	m.warnings = append(m.warnings, fmt.Sprintf(format, args...))
}

// maxMergedText is kiosk's limit on any label, hint or intro text.
const maxMergedText = 2000

// mergeText takes each language from the layout, else the back office's
// text, else the layout's other language.
func mergeText(local kiosk.Text, remote string) kiosk.Text {
	remote = truncate(remote, maxMergedText)
	var any string
	for _, l := range kiosk.Languages {
		if s := strings.TrimSpace(local[l]); s != "" && any == "" {
			any = s
		}
	}
	out := kiosk.Text{}
	for _, l := range kiosk.Languages {
		switch {
		case strings.TrimSpace(local[l]) != "":
			out[l] = local[l]
		case remote != "":
			out[l] = remote
		case any != "":
			out[l] = any
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// msgText is a message catalogue entry in every language.
func msgText(key string) kiosk.Text {
	t := kiosk.Text{}
	for _, l := range kiosk.Languages {
		t[l] = kiosk.Msg(l, key)
	}
	return t
}

// sanitizeID turns a server's code into a kiosk ID: letters, digits,
// '-', '_' and '.', at most max bytes.
func sanitizeID(s string, max int) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= max {
			break
		}
	}
	return strings.Trim(b.String(), "_")
}

// unique returns id, or id-2, id-3... whichever is not yet in used, and
// marks it used.
func unique(id string, used map[string]bool) string {
	out := id
	for n := 2; used[out]; n++ {
		suffix := "-" + strconv.Itoa(n)
		out = id[:min(len(id), 64-len(suffix))] + suffix
	}
	used[out] = true
	return out
}

func (m *merger) service(rs Service, def ServiceDefinition, ls *kiosk.Service, codes map[string]bool) (kiosk.Service, error) {
	var local kiosk.Service
	if ls != nil {
		local = *ls
	}
	code := local.Code
	if code == "" {
		if code = sanitizeID(rs.Code, 64); code == "" {
			code = "service"
		}
	}
	svc := kiosk.Service{
		Code:        unique(code, codes),
		Name:        mergeText(local.Name, firstNonEmpty(rs.Name, rs.Code)),
		Description: mergeText(local.Description, rs.Description),
		Icon:        local.Icon,
		Intro:       local.Intro,
		After:       local.After,
		Agency:      local.Agency,
		Open311:     kiosk.Open311Mapping{ServiceCode: rs.Code, IDAttribute: local.Open311.IDAttribute},
	}

	// The back office's attributes, in order, by code.
	remote := map[string]Attribute{}
	var order []string
	for _, a := range def.Attributes {
		switch {
		case a.Code == "":
			m.warnf("service %s: an attribute has no code; left out", rs.Code)
			continue
		case a.Code == svc.Open311.IDAttribute:
			continue // the kiosk fills it with the submission ID
		case !sendableCode(a.Code):
			if a.Required && a.Variable {
				return kiosk.Service{}, fmt.Errorf("required attribute %q cannot be sent: its code is not printable ASCII without brackets, '&', '=' or spaces", a.Code)
			}
			m.warnf("service %s: attribute %q cannot be sent (its code is not printable ASCII without brackets, '&', '=' or spaces); left out", rs.Code, a.Code)
			continue
		}
		if _, dup := remote[a.Code]; dup {
			m.warnf("service %s: attribute %s is defined twice; the first is used", rs.Code, a.Code)
			continue
		}
		remote[a.Code] = a
		order = append(order, a.Code)
	}
	fieldIDs := map[string]bool{}
	for _, st := range local.Steps {
		for _, f := range st.Fields {
			if f.ID != "" {
				fieldIDs[f.ID] = true
			}
		}
	}

	// The layout's steps, each field merged with the attribute it stands
	// for: its attribute code, or its ID when it names none. Several
	// fields may stand for one attribute (their conditions exclude each
	// other).
	placed := map[string]bool{}
	stepIDs := map[string]bool{}
	for _, st := range local.Steps {
		ns := st
		ns.Fields = nil
		for fi := range st.Fields {
			lf := &st.Fields[fi]
			if err := kiosk.CheckStandardParam(lf.Attribute); err != nil {
				// A typo here would be left out as an unknown attribute.
				return kiosk.Service{}, fmt.Errorf("layout step %s, field %s: %w", st.ID, lf.ID, err)
			}
			key := lf.Attribute
			if key == "" {
				key = lf.ID
			}
			switch a, ok := remote[key]; {
			case ok:
				f, err := m.field(rs.Code, a, lf, fieldIDs)
				if err != nil {
					return kiosk.Service{}, err
				}
				ns.Fields = append(ns.Fields, f)
				placed[key] = true
			case lf.Type == kiosk.FieldInfo || kiosk.IsStandardParam(lf.Attribute):
				ns.Fields = append(ns.Fields, *lf)
			case lf.Attribute == "" && lf.Type == kiosk.FieldConsent:
				// A consent is the kiosk's own question.
				ns.Fields = append(ns.Fields, *lf)
			default:
				m.warnf("service %s: field %s: the back office defines no attribute %s; left out", rs.Code, lf.ID, key)
			}
		}
		if len(ns.Fields) > 0 {
			stepIDs[ns.ID] = true
			svc.Steps = append(svc.Steps, ns)
		}
	}

	// Attributes the layout does not place, in their order. Display text
	// goes with the question after it; questions are packed so that no
	// service needs more than about 30 steps.
	var rest []kiosk.Field
	questions := 0
	for _, code := range order {
		if placed[code] {
			continue
		}
		f, err := m.field(rs.Code, remote[code], nil, fieldIDs)
		if err != nil {
			return kiosk.Service{}, err
		}
		rest = append(rest, f)
		if f.Type != kiosk.FieldInfo {
			questions++
		}
	}
	perStep := max(1, (questions+29)/30)
	var cur *kiosk.Step
	asked := 0
	for _, f := range rest {
		if cur == nil || (asked >= perStep && f.Type != kiosk.FieldInfo) || len(cur.Fields) >= 12 {
			svc.Steps = append(svc.Steps, kiosk.Step{ID: unique("step-"+strconv.Itoa(len(svc.Steps)+1), stepIDs)})
			cur = &svc.Steps[len(svc.Steps)-1]
			asked = 0
		}
		cur.Fields = append(cur.Fields, f)
		if f.Type != kiosk.FieldInfo {
			asked++
		}
	}
	for i := range svc.Steps {
		st := &svc.Steps[i]
		if len(st.Title) == 0 {
			st.Title = stepTitle(st.Fields)
		}
		for j := range st.Fields {
			// As kiosk.ParseCatalogue does, so that the cached catalogue
			// reads back as merged: a field without an attribute is sent
			// under its ID.
			if f := &st.Fields[j]; f.Attribute == "" && f.Type != kiosk.FieldInfo {
				f.Attribute = f.ID
			}
		}
	}

	if !hasAnswerable(svc.Steps) {
		id := unique("description", fieldIDs)
		f := kiosk.Field{
			ID: id, Type: kiosk.FieldLongText, Attribute: "@description",
			Label: msgText("open311.description.label"), Hint: msgText("open311.description.hint"),
			MaxLength: 1000,
		}
		svc.Steps = append(svc.Steps, kiosk.Step{ID: unique("step-description", stepIDs), Title: msgText("open311.details.title"), Fields: []kiosk.Field{f}})
	}
	return svc, nil
}

// sendableCode reports whether an attribute code can be sent as
// attribute[CODE] and kept in a kiosk catalogue.
func sendableCode(code string) bool {
	if len(code) > 100 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; c <= ' ' || c > '~' || strings.IndexByte("[]&=", c) >= 0 {
			return false
		}
	}
	return code != ""
}

// sendableServiceCode reports whether kiosk can keep a service code.
func sendableServiceCode(code string) bool {
	if code == "" || len(code) > 100 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// stepTitle names a generated step after its one question, or "Request
// details" for several.
func stepTitle(fields []kiosk.Field) kiosk.Text {
	var q []kiosk.Field
	for _, f := range fields {
		if f.Type != kiosk.FieldInfo {
			q = append(q, f)
		}
	}
	if len(q) == 1 {
		return q[0].Label
	}
	return msgText("open311.details.title")
}

func hasAnswerable(steps []kiosk.Step) bool {
	for _, st := range steps {
		for _, f := range st.Fields {
			if f.Type != kiosk.FieldInfo {
				return true
			}
		}
	}
	return false
}

// baseType is the field type each datatype imports as.
var baseType = map[string]kiosk.FieldType{
	DatatypeString:          kiosk.FieldText,
	DatatypeText:            kiosk.FieldLongText,
	DatatypeNumber:          kiosk.FieldNumber,
	DatatypeDatetime:        kiosk.FieldDate,
	DatatypeSingleValueList: kiosk.FieldChoice,
	DatatypeMultiValueList:  kiosk.FieldMultiChoice,
}

// stricter lists, per datatype, the field types a layout may declare
// instead of the base type: each accepts only answers the datatype does.
var stricter = map[string][]kiosk.FieldType{
	DatatypeString: {kiosk.FieldText, kiosk.FieldNumber, kiosk.FieldAmount, kiosk.FieldDate,
		kiosk.FieldNationalCode, kiosk.FieldMobile, kiosk.FieldPostalCode, kiosk.FieldPlate,
		kiosk.FieldEmail, kiosk.FieldPassport, kiosk.FieldCountry, kiosk.FieldChoice, kiosk.FieldYesNo, kiosk.FieldConsent},
	DatatypeText: {kiosk.FieldLongText, kiosk.FieldText, kiosk.FieldNumber, kiosk.FieldAmount, kiosk.FieldDate,
		kiosk.FieldNationalCode, kiosk.FieldMobile, kiosk.FieldPostalCode, kiosk.FieldPlate,
		kiosk.FieldEmail, kiosk.FieldPassport, kiosk.FieldCountry, kiosk.FieldChoice, kiosk.FieldYesNo, kiosk.FieldConsent},
	DatatypeNumber:          {kiosk.FieldNumber, kiosk.FieldAmount},
	DatatypeDatetime:        {kiosk.FieldDate},
	DatatypeSingleValueList: {kiosk.FieldChoice, kiosk.FieldYesNo},
	DatatypeMultiValueList:  {kiosk.FieldMultiChoice},
}

// field merges one attribute with its layout field (nil for none).
func (m *merger) field(service string, a Attribute, lf *kiosk.Field, ids map[string]bool) (kiosk.Field, error) {
	var f kiosk.Field
	if lf != nil {
		f = *lf // keeps the layout's limits, formats, conditions, defaults
	} else {
		f.ID = unique(firstNonEmpty(sanitizeID(a.Code, 64), "field"), ids)
	}
	where := "attribute " + a.Code
	if lf != nil {
		where = "field " + lf.ID + " (attribute " + a.Code + ")"
	}

	if !a.Variable {
		if lf != nil && lf.Type != "" && lf.Type != kiosk.FieldInfo {
			return kiosk.Field{}, fmt.Errorf("%s: the back office shows it as display text (variable false); the layout cannot make it a %s field", where, lf.Type)
		}
		f.Type = kiosk.FieldInfo
		f.Label = mergeText(f.Label, firstNonEmpty(a.Description, a.DatatypeDescription, a.Code))
		f.Attribute, f.Required, f.Choices = "", false, nil
		return f, nil
	}

	dt := a.Datatype
	base, known := baseType[dt]
	if !known {
		m.warnf("service %s: %s: unknown datatype %q, imported as text", service, where, dt)
		dt, base = DatatypeString, kiosk.FieldText
	}
	typ := base
	if lf != nil && lf.Type != "" && lf.Type != base {
		if !slices.Contains(stricter[dt], lf.Type) {
			return kiosk.Field{}, fmt.Errorf("%s: the layout declares %s, which is not a stricter kind of the back office's %s", where, lf.Type, dt)
		}
		if lf.Type == kiosk.FieldYesNo && dt == DatatypeSingleValueList && len(a.Values) != 2 {
			return kiosk.Field{}, fmt.Errorf("%s: yesno needs a list of exactly two values; the back office has %d", where, len(a.Values))
		}
		typ = lf.Type
	}
	f.Type = typ
	f.Attribute = a.Code
	f.Required = a.Required || f.Required
	f.Label = mergeText(f.Label, firstNonEmpty(a.Description, a.Code))
	if a.DatatypeDescription != "" || len(f.Hint) > 0 {
		f.Hint = mergeText(f.Hint, a.DatatypeDescription)
	}

	if dt == DatatypeSingleValueList || dt == DatatypeMultiValueList {
		choices, err := mergeChoices(a.Values, f.Choices)
		if err != nil {
			return kiosk.Field{}, fmt.Errorf("%s: %w", where, err)
		}
		f.Choices = choices
		if len(f.Choices) == 0 {
			return kiosk.Field{}, fmt.Errorf("%s: a %s with no values cannot be answered", where, dt)
		}
	}
	return f, nil
}

// mergeChoices turns the back office's values into choices, in the
// layout's order and subset when it lists any, with its labels.
func mergeChoices(values []AttributeValue, local []kiosk.Choice) ([]kiosk.Choice, error) {
	remote := map[string]string{}
	for _, v := range values {
		if _, dup := remote[v.Key]; !dup {
			remote[v.Key] = v.Name
		}
	}
	if len(local) == 0 {
		var out []kiosk.Choice
		seen := map[string]bool{}
		for _, v := range values {
			if seen[v.Key] {
				continue
			}
			seen[v.Key] = true
			out = append(out, kiosk.Choice{Value: v.Key, Label: mergeText(nil, firstNonEmpty(v.Name, v.Key))})
		}
		return out, nil
	}
	out := make([]kiosk.Choice, 0, len(local))
	for _, c := range local {
		name, ok := remote[c.Value]
		if !ok {
			return nil, fmt.Errorf("the layout offers choice %q, which the back office does not accept", c.Value)
		}
		out = append(out, kiosk.Choice{Value: c.Value, Label: mergeText(c.Label, firstNonEmpty(name, c.Value))})
	}
	return out, nil
}
