package open311_test

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline/open311"
	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

// specBackOffice serves the spec fixtures: services.json and the
// definitions of the services with metadata.
func specBackOffice(t testing.TB) *open311.Client {
	t.Helper()
	files := map[string]string{
		"/v2/services.json":        "spec_services.json",
		"/v2/services/001.json":    "spec_definition_001.json",
		"/v2/services/PLATE1.json": "spec_definition_PLATE1.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := files[r.URL.Path]
		if !ok {
			w.WriteHeader(404)
			w.Write([]byte(`[{"code":404,"description":"not found"}]`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixture(t, name))
	}))
	t.Cleanup(srv.Close)
	return newClient(t, srv.URL+"/v2")
}

func loadLayout(t testing.TB) *kiosk.Catalogue {
	t.Helper()
	l, err := open311.LoadLayout(filepath.Join("testdata", "layout.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// fieldView is what a test compares of a field.
type fieldView struct {
	ID, Type, Attribute string
	Required            bool
	Label               string // "fa | en"
}

func viewOf(f kiosk.Field) fieldView {
	return fieldView{f.ID, string(f.Type), f.Attribute, f.Required, f.Label[kiosk.Persian] + " | " + f.Label[kiosk.English]}
}

func stepsOf(s kiosk.Service) map[string][]fieldView {
	out := map[string][]fieldView{}
	for _, st := range s.Steps {
		for _, f := range st.Fields {
			out[st.ID] = append(out[st.ID], viewOf(f))
		}
	}
	return out
}

func TestImportSpecWithLayout(t *testing.T) {
	cat, warnings, err := open311.Import(context.Background(), specBackOffice(t), loadLayout(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := cat.Check(); err != nil {
		t.Fatalf("merged catalogue fails Check: %v", err)
	}
	if !strings.HasPrefix(cat.Version, "tehran-2026.1+o311-") {
		t.Errorf("version %q", cat.Version)
	}
	var codes []string
	for _, s := range cat.Services {
		codes = append(codes, s.Code+"="+s.Open311.ServiceCode)
	}
	if want := []string{"001=001", "002=002", "plate=PLATE1"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("services %v, want %v", codes, want)
	}
	wantWarnings := []string{
		"service PLATE1: field vin: the back office defines no attribute VIN; left out",
		"service library is in the layout but the back office does not offer it; left out",
	}
	if !reflect.DeepEqual(warnings, wantWarnings) {
		t.Errorf("warnings =\n%q\nwant\n%q", warnings, wantWarnings)
	}

	light := cat.Services[0]
	if light.Name[kiosk.Persian] != "Street light out" || light.Name[kiosk.English] != "Street light out" {
		t.Errorf("a name in one language must serve both: %v", light.Name)
	}
	if got := stepsOf(light); !reflect.DeepEqual(got, map[string][]fieldView{
		"step-1": {{"POLE", "text", "POLE", true, "Pole number | Pole number"}},
	}) {
		t.Errorf("001 steps = %v", got)
	}
	if h := light.Steps[0].Fields[0].Hint; h[kiosk.Persian] != "The number painted on the pole" {
		t.Errorf("datatype_description must become the hint: %v", h)
	}

	noise := cat.Services[1]
	if f := noise.Steps[0].Fields[0]; f.Type != kiosk.FieldLongText || f.Attribute != "@description" ||
		f.Label[kiosk.Persian] != kiosk.Msg(kiosk.Persian, "open311.description.label") {
		t.Errorf("a service without metadata needs a description field: %+v", f)
	}

	plate := cat.Services[2]
	if plate.Name[kiosk.Persian] != "تعویض پلاک خودرو" || plate.Name[kiosk.English] != "Replace a vehicle plate" ||
		plate.Icon != "vehicle" || plate.Open311.IDAttribute != "KIOSK_ID" {
		t.Errorf("plate service = %+v", plate)
	}
	wantSteps := map[string][]fieldView{
		"owner": {{"owner_national_code", "nationalcode", "OWNER_ID", true, "کد ملی مالک | Owner's national code"}},
		"reason": {
			{"reason", "choice", "REASON", true, "علت | Why is a new plate needed?"},
			{"fee", "amount", "FEE", false, "مبلغ پرداخت‌شده (ریال) | Fee paid"},
		},
		"consent": {{"consent", "consent", "consent", false, "اطلاعات بالا درست است | The information above is correct"}},
		"step-4": {
			{"NOTICE", "info", "", false, "Bring the damaged plate to the office when you collect the new one. | Bring the damaged plate to the office when you collect the new one."},
			{"DETAILS", "longtext", "DETAILS", false, "Anything else we should know | Anything else we should know"},
		},
		"step-5": {{"LOSTON", "date", "LOSTON", false, "When was it lost? | When was it lost?"}},
		"step-6": {{"DOCS", "multichoice", "DOCS", false, "Which documents do you have? | Which documents do you have?"}},
	}
	if got := stepsOf(plate); !reflect.DeepEqual(got, wantSteps) {
		t.Errorf("plate steps =\n%v\nwant\n%v", got, wantSteps)
	}
	reason := plate.Steps[1].Fields[0]
	wantChoices := []kiosk.Choice{
		{Value: "102", Label: kiosk.Text{kiosk.Persian: "فرسودگی یا آسیب", kiosk.English: "Damaged"}},
		{Value: "101", Label: kiosk.Text{kiosk.Persian: "مفقودی", kiosk.English: "Lost"}},
	}
	if !reflect.DeepEqual(reason.Choices, wantChoices) {
		t.Errorf("choices = %v, want the layout's order and labels over the server's: %v", reason.Choices, wantChoices)
	}
	if st := plate.Steps[len(plate.Steps)-1]; st.Title[kiosk.English] != "Which documents do you have?" {
		t.Errorf("a generated step is titled after its question: %v", st.Title)
	}
}

func remoteWith(attrs ...open311.Attribute) open311.Remote {
	return open311.Remote{
		Services:    []open311.Service{{Code: "S1", Name: "Service one", Metadata: true}},
		Definitions: map[string]open311.ServiceDefinition{"S1": {ServiceCode: "S1", Attributes: attrs}},
	}
}

func TestMergeDatatypes(t *testing.T) {
	vals := []open311.AttributeValue{{Key: "a", Name: "A"}, {Key: "b", Name: "B"}}
	tests := []struct {
		attr open311.Attribute
		want kiosk.FieldType
	}{
		{open311.Attribute{Variable: true, Code: "s", Datatype: "string"}, kiosk.FieldText},
		{open311.Attribute{Variable: true, Code: "t", Datatype: "text"}, kiosk.FieldLongText},
		{open311.Attribute{Variable: true, Code: "n", Datatype: "number"}, kiosk.FieldNumber},
		{open311.Attribute{Variable: true, Code: "d", Datatype: "datetime"}, kiosk.FieldDate},
		{open311.Attribute{Variable: true, Code: "one", Datatype: "singlevaluelist", Values: vals}, kiosk.FieldChoice},
		{open311.Attribute{Variable: true, Code: "many", Datatype: "multivaluelist", Values: vals}, kiosk.FieldMultiChoice},
		{open311.Attribute{Variable: false, Code: "info", Datatype: "string", Description: "Read me"}, kiosk.FieldInfo},
		{open311.Attribute{Variable: true, Code: "odd", Datatype: "geometry"}, kiosk.FieldText},
	}
	for _, tt := range tests {
		t.Run(tt.attr.Code, func(t *testing.T) {
			cat, _, err := open311.Merge(remoteWith(tt.attr, open311.Attribute{Variable: true, Code: "q", Datatype: "string"}), nil)
			if err != nil {
				t.Fatal(err)
			}
			f := cat.Services[0].Steps[0].Fields[0]
			if f.Type != tt.want {
				t.Errorf("type %s, want %s", f.Type, tt.want)
			}
			if tt.want == kiosk.FieldInfo && (f.Attribute != "" || f.Label[kiosk.English] != "Read me") {
				t.Errorf("info field = %+v", f)
			}
			if tt.want == kiosk.FieldChoice && !reflect.DeepEqual(f.Choices, []kiosk.Choice{
				{Value: "a", Label: kiosk.Text{kiosk.Persian: "A", kiosk.English: "A"}},
				{Value: "b", Label: kiosk.Text{kiosk.Persian: "B", kiosk.English: "B"}},
			}) {
				t.Errorf("choices = %v", f.Choices)
			}
		})
	}
}

func TestMergeLayoutTypes(t *testing.T) {
	two := []open311.AttributeValue{{Key: "yes", Name: "Yes"}, {Key: "no", Name: "No"}}
	three := append(two, open311.AttributeValue{Key: "maybe", Name: "Maybe"})
	tests := []struct {
		name     string
		attr     open311.Attribute
		local    kiosk.Field
		wantType kiosk.FieldType
		wantErr  string
	}{
		{"string as national code", open311.Attribute{Variable: true, Datatype: "string"}, kiosk.Field{Type: kiosk.FieldNationalCode}, kiosk.FieldNationalCode, ""},
		{"string as mobile", open311.Attribute{Variable: true, Datatype: "string"}, kiosk.Field{Type: kiosk.FieldMobile}, kiosk.FieldMobile, ""},
		{"text as plate", open311.Attribute{Variable: true, Datatype: "text"}, kiosk.Field{Type: kiosk.FieldPlate}, kiosk.FieldPlate, ""},
		{"number as amount", open311.Attribute{Variable: true, Datatype: "number"}, kiosk.Field{Type: kiosk.FieldAmount}, kiosk.FieldAmount, ""},
		{"two values as yesno", open311.Attribute{Variable: true, Datatype: "singlevaluelist", Values: two}, kiosk.Field{Type: kiosk.FieldYesNo}, kiosk.FieldYesNo, ""},
		{"string as longtext", open311.Attribute{Variable: true, Datatype: "string"}, kiosk.Field{Type: kiosk.FieldLongText}, "", "not a stricter kind"},
		{"number as text", open311.Attribute{Variable: true, Datatype: "number"}, kiosk.Field{Type: kiosk.FieldText}, "", "not a stricter kind"},
		{"datetime as number", open311.Attribute{Variable: true, Datatype: "datetime"}, kiosk.Field{Type: kiosk.FieldNumber}, "", "not a stricter kind"},
		{"multivaluelist as choice", open311.Attribute{Variable: true, Datatype: "multivaluelist", Values: two}, kiosk.Field{Type: kiosk.FieldChoice}, "", "not a stricter kind"},
		{"three values as yesno", open311.Attribute{Variable: true, Datatype: "singlevaluelist", Values: three}, kiosk.Field{Type: kiosk.FieldYesNo}, "", "exactly two values"},
		{"display text as a question", open311.Attribute{Variable: false, Datatype: "string"}, kiosk.Field{Type: kiosk.FieldText}, "", "display text"},
		{"a choice the server lacks", open311.Attribute{Variable: true, Datatype: "singlevaluelist", Values: two},
			kiosk.Field{Choices: []kiosk.Choice{{Value: "never"}}}, "", `choice "never"`},
		{"a list without values", open311.Attribute{Variable: true, Datatype: "singlevaluelist"}, kiosk.Field{}, "", "no values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.attr.Code = "X"
			tt.local.ID, tt.local.Attribute = "x", "X"
			tt.local.Label = kiosk.Text{kiosk.Persian: "پرسش"}
			layout := &kiosk.Catalogue{Services: []kiosk.Service{{
				Code: "s1", Open311: kiosk.Open311Mapping{ServiceCode: "S1"},
				Steps: []kiosk.Step{{ID: "a", Title: kiosk.Text{kiosk.Persian: "الف", kiosk.English: "A"}, Fields: []kiosk.Field{tt.local}}},
			}}}
			cat, _, err := open311.Merge(remoteWith(tt.attr, open311.Attribute{Variable: true, Code: "q", Datatype: "string"}), layout)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "service S1") || !strings.Contains(err.Error(), "field x") {
					t.Fatalf("err = %v, want one naming service S1, field x and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f := cat.Services[0].Steps[0].Fields[0]
			if f.Type != tt.wantType || f.Label[kiosk.Persian] != "پرسش" {
				t.Errorf("field = %+v", f)
			}
		})
	}
}

func TestMergeRefusesUnknownStandardParams(t *testing.T) {
	tests := []struct {
		name    string
		attr    string
		wantErr string
	}{
		{name: "@phone", attr: "@phone"},
		{name: "@phnoe", attr: "@phnoe", wantErr: `"@phnoe" is not a standard parameter a field may fill; those are @description,`},
		{name: "@api_key", attr: "@api_key", wantErr: `"@api_key" is not a standard parameter`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layout := &kiosk.Catalogue{Services: []kiosk.Service{{
				Code: "s1", Open311: kiosk.Open311Mapping{ServiceCode: "S1"},
				Steps: []kiosk.Step{{ID: "a", Title: kiosk.Text{kiosk.Persian: "الف", kiosk.English: "A"}, Fields: []kiosk.Field{
					{ID: "mobile", Type: kiosk.FieldMobile, Label: kiosk.Text{kiosk.Persian: "همراه", kiosk.English: "Mobile"}, Attribute: tt.attr},
				}}},
			}}}
			cat, _, err := open311.Merge(remoteWith(open311.Attribute{Variable: true, Code: "q", Datatype: "string"}), layout)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "field mobile") {
					t.Fatalf("err = %v, want one naming field mobile and saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f := cat.Services[0].Steps[0].Fields[0]; f.ID != "mobile" || f.Attribute != tt.attr {
				t.Errorf("first field %+v, want the layout's mobile sent as %s", f, tt.attr)
			}
		})
	}
}

func TestMergeRequired(t *testing.T) {
	tests := []struct {
		name          string
		remote, local bool
		want          bool
	}{
		{"server requires, layout does not", true, false, true},
		{"layout requires, server does not", false, true, true},
		{"neither", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layout := &kiosk.Catalogue{Services: []kiosk.Service{{Code: "S1", Steps: []kiosk.Step{{
				ID: "a", Fields: []kiosk.Field{{ID: "X", Required: tt.local}},
			}}}}}
			cat, _, err := open311.Merge(remoteWith(open311.Attribute{Variable: true, Code: "X", Datatype: "string", Required: tt.remote}), layout)
			if err != nil {
				t.Fatal(err)
			}
			if got := cat.Services[0].Steps[0].Fields[0].Required; got != tt.want {
				t.Errorf("required = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMergeVersionIsDeterministic(t *testing.T) {
	r := remoteWith(open311.Attribute{Variable: true, Code: "X", Datatype: "string"})
	a, _, _ := open311.Merge(r, nil)
	b, _, _ := open311.Merge(r, nil)
	r.Services[0].Name = "Renamed"
	c, _, _ := open311.Merge(r, nil)
	if a.Version != b.Version || a.Version == c.Version || !strings.HasPrefix(a.Version, "o311-") {
		t.Errorf("versions %q %q %q", a.Version, b.Version, c.Version)
	}
}

func TestMergeHostileRemote(t *testing.T) {
	long := strings.Repeat("ن", 5000)
	r := open311.Remote{
		Services: []open311.Service{
			{Code: "خدمت", Name: "Persian code"},
			{Code: "ok/1 x", Name: long, Metadata: true},
			{Code: "ok/1_x", Name: "clash after sanitising"},
		},
		Definitions: map[string]open311.ServiceDefinition{"ok/1 x": {Attributes: []open311.Attribute{
			{Variable: true, Code: "a b", Datatype: "string"},
			{Variable: true, Code: "a]b", Datatype: "string"},
			{Variable: true, Code: "good", Datatype: "multivaluelist", Values: []open311.AttributeValue{{Key: "x", Name: "X"}, {Key: "x", Name: "again"}}},
		}}},
	}
	cat, warnings, err := open311.Merge(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Services) != 2 || cat.Services[0].Code != "ok_1_x" || cat.Services[1].Code != "ok_1_x-2" {
		t.Fatalf("services = %v", cat.Services)
	}
	if n := len([]rune(cat.Services[0].Name[kiosk.Persian])); n > 2000 {
		t.Errorf("name of %d characters kept", n)
	}
	if len(warnings) != 3 {
		t.Errorf("warnings = %q, want the Persian code and the two unsendable attributes", warnings)
	}
	if f := cat.Services[0].Steps[0].Fields[0]; f.Attribute != "good" || len(f.Choices) != 1 {
		t.Errorf("field = %+v", f)
	}
	r.Definitions["ok/1 x"].Attributes[0].Required = true
	if _, _, err := open311.Merge(r, nil); err == nil || !strings.Contains(err.Error(), `"a b"`) {
		t.Errorf("a required attribute that cannot be sent: err = %v", err)
	}
}

// TestImportFromDevServerRoundTrip serves the embedded catalogue with the
// reference server, imports it back with the same catalogue as layout,
// and gets the same forms.
func TestImportFromDevServerRoundTrip(t *testing.T) {
	cat := kiosk.DefaultCatalogue()
	dev, err := devserver.New(cat, t.TempDir(), devserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	srv := httptest.NewServer(dev)
	t.Cleanup(srv.Close)
	got, warnings, err := open311.Import(context.Background(), newClient(t, srv.URL), kiosk.DefaultCatalogue())
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if len(got.Services) != len(cat.Services) {
		t.Fatalf("%d services, want %d", len(got.Services), len(cat.Services))
	}
	for i, want := range cat.Services {
		g := got.Services[i]
		if g.Code != want.Code || g.Open311 != want.Open311 || !reflect.DeepEqual(g.Name, want.Name) {
			t.Errorf("service %d: %s %+v %v, want %s %+v %v", i, g.Code, g.Open311, g.Name, want.Code, want.Open311, want.Name)
		}
		if want.Agency == nil || !reflect.DeepEqual(g.Agency, want.Agency) || g.Icon != want.Icon || !reflect.DeepEqual(g.Intro, want.Intro) {
			t.Errorf("service %s: agency %v, icon %q, intro %+v; want the layout's %v, %q, %+v", want.Code, g.Agency, g.Icon, g.Intro, want.Agency, want.Icon, want.Intro)
		}
		if !reflect.DeepEqual(stepsOf(g), stepsOf(want)) {
			t.Errorf("service %s: steps\n%v\nwant\n%v", want.Code, stepsOf(g), stepsOf(want))
		}
	}
}

func TestCachedCatalogue(t *testing.T) {
	dir := t.TempDir()
	if _, err := open311.LoadCachedCatalogue(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("empty dir: err = %v, want fs.ErrNotExist", err)
	}
	cat, _, err := open311.Import(context.Background(), specBackOffice(t), loadLayout(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := open311.SaveCachedCatalogue(dir, cat); err != nil {
		t.Fatal(err)
	}
	back, err := open311.LoadCachedCatalogue(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, cat) {
		t.Errorf("catalogue changed through the cache:\n%+v\nwant\n%+v", back, cat)
	}

	broken := *cat
	broken.Version = ""
	if err := open311.SaveCachedCatalogue(dir, &broken); err == nil {
		t.Error("an invalid catalogue was cached")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != open311.CachedCatalogueFile {
		t.Errorf("data dir holds %v, want only %s (no temp files)", entries, open311.CachedCatalogueFile)
	}
	if still, err := open311.LoadCachedCatalogue(dir); err != nil || still.Version != cat.Version {
		t.Errorf("a refused save damaged the cache: %v", err)
	}
}

func TestParseLayoutRejectsUnknownKeys(t *testing.T) {
	_, err := open311.ParseLayout([]byte("services:\n  - code: x\n    colour: red\n"))
	if err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("err = %v, want the unknown key named", err)
	}
}
