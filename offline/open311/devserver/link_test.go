package devserver_test

import (
	"errors"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/offline/open311/devserver"
)

// TestKioskDoesNotLink asks the go command what the kiosk binary and the
// production client are built from: the reference server must not be
// among them. kioskctl, which serves it, shows that the check can fail.
func TestKioskDoesNotLink(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot list what the kiosk is built from")
	}
	self := reflect.TypeFor[devserver.Server]().PkgPath()
	for _, tt := range []struct {
		name  string
		pkg   string
		links bool
	}{
		{name: "kiosk binary", pkg: "github.com/pishkhan/pishkhan/cmd/kiosk"},
		{name: "production client", pkg: "github.com/pishkhan/pishkhan/offline/open311"},
		{name: "kioskctl", pkg: "github.com/pishkhan/pishkhan/cmd/kioskctl", links: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := exec.Command(goCmd, "list", "-deps", tt.pkg).Output()
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				t.Fatalf("go list -deps %s: %v\n%s", tt.pkg, err, ee.Stderr)
			} else if err != nil {
				t.Fatalf("go list -deps %s: %v", tt.pkg, err)
			}
			deps := strings.Fields(string(out))
			if !slices.Contains(deps, tt.pkg) {
				t.Fatalf("go list -deps %s does not list the package itself:\n%s", tt.pkg, out)
			}
			if got := slices.Contains(deps, self); got != tt.links {
				t.Errorf("%s links %s: %v, want %v; only kioskctl and tests may import it", tt.pkg, self, got, tt.links)
			}
		})
	}
}
