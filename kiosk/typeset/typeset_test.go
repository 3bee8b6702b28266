package typeset_test

import (
	"os"
	"sync"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

const (
	dejavuDir     = "/usr/share/fonts/truetype/dejavu"
	dejavuRegular = dejavuDir + "/DejaVuSans.ttf"
	dejavuBold    = dejavuDir + "/DejaVuSans-Bold.ttf"
)

var (
	fontsOnce sync.Once
	testFonts *typeset.Fonts
	fontsErr  error
)

// dejavu returns DejaVu Sans, the family the Makefile installs
// (fonts-dejavu-core); tests pin it so results do not depend on which
// other fonts the machine has.
func dejavu(t testing.TB) *typeset.Fonts {
	t.Helper()
	if _, err := os.Stat(dejavuRegular); err != nil {
		t.Skipf("DejaVu Sans is not installed (Debian package fonts-dejavu-core): %v", err)
	}
	fontsOnce.Do(func() { testFonts, fontsErr = typeset.LoadFonts(dejavuDir) })
	if fontsErr != nil {
		t.Fatalf("load DejaVu Sans: %v", fontsErr)
	}
	return testFonts
}
