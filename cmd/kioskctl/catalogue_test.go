package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const brokenCatalogue = `version: "t1"
services:
  - code: demo
    name: {fa: "نمونه", en: "Demo"}
    steps:
      - id: one
        title: {fa: "یک", en: "One"}
        fields:
          - id: code
            type: nationalcod
            label: {fa: "کد ملی", en: "National code"}
          - id: born
            type: date
            max_date: yesterday
            label: {fa: "تولد"}
`

// unknownParams sends two fields as standard parameters that do not exist.
const unknownParams = `version: "t1"
services:
  - code: demo
    name: {fa: "نمونه", en: "Demo"}
    steps:
      - id: one
        title: {fa: "یک", en: "One"}
        fields:
          - id: key
            type: text
            label: {fa: "کلید", en: "Key"}
            attribute: "@api_key"
          - id: mobile
            type: mobile
            label: {fa: "همراه", en: "Mobile"}
            attribute: "@phnoe"
`

func TestCatalogueCheck(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte(brokenCatalogue), 0o600); err != nil {
		t.Fatal(err)
	}
	params := filepath.Join(dir, "params.yaml")
	if err := os.WriteFile(params, []byte(unknownParams), 0o600); err != nil {
		t.Fatal(err)
	}
	embedded := filepath.Join("..", "..", "kiosk", "data", "catalogue.yaml")

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{
			name: "the embedded catalogue is valid", args: []string{"catalogue", "check", embedded}, wantCode: 0,
			wantStdout: []string{embedded + ": catalogue ", "is valid: 9 services", "vehicle-plate", "Vehicle plate", "صدور یا تعویض پلاک خودرو"},
		},
		{
			name: "a broken file names file, service, step and field", args: []string{"catalogue", "check", broken}, wantCode: 1,
			wantStderr: []string{
				broken + `: service demo, step one, field code: unknown type "nationalcod"`,
				broken + `: service demo, step one, field born: max_date "yesterday"`,
				broken + ": service demo, step one, field born: label has no en text",
				"kioskctl catalogue: " + broken + ": 3 problems",
			},
		},
		{
			name: "unknown standard parameters are refused by field", args: []string{"catalogue", "check", params}, wantCode: 1,
			wantStderr: []string{
				params + `: service demo, step one, field key: attribute "@api_key" is not a standard parameter a field may fill; those are @description, @first_name, @last_name, @phone, @email, @account_id`,
				params + `: service demo, step one, field mobile: attribute "@phnoe" is not a standard parameter`,
				"kioskctl catalogue: " + params + ": 2 problems",
			},
		},
		{
			name: "a missing file", args: []string{"catalogue", "check", filepath.Join(dir, "none.yaml")}, wantCode: 1,
			wantStderr: []string{"none.yaml", "no such file"},
		},
		{name: "no file", args: []string{"catalogue", "check"}, wantCode: 2, wantStderr: []string{"usage: kioskctl catalogue check FILE"}},
		{name: "two files", args: []string{"catalogue", "check", broken, broken}, wantCode: 2},
		{name: "no subcommand", args: []string{"catalogue"}, wantCode: 2, wantStderr: []string{"catalogue check FILE"}},
		{name: "unknown subcommand", args: []string{"catalogue", "lint"}, wantCode: 2, wantStderr: []string{`unknown catalogue command "lint"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.wantCode, stdout.String(), stderr.String())
			}
			for _, want := range tc.wantStdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range tc.wantStderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
		})
	}
}
