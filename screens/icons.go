package screens

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Service icons are drawn here as simple filled shapes on a 24×24 grid, so
// the kiosk ships no image files. They are themed: Fyne colours their fill
// with the colour of whatever shows them. Holes are subpaths wound the
// other way.

// ring returns a circle subpath; ccw winds it counter-clockwise (a hole in
// a clockwise shape).
func ring(cx, cy, r float64, ccw bool) string {
	sweep := 1
	if ccw {
		sweep = 0
	}
	return fmt.Sprintf("M%g %g a%g %g 0 1 %d %g 0 a%g %g 0 1 %d %g 0z", cx-r, cy, r, r, sweep, 2*r, r, r, sweep, -2*r)
}

// star returns a five-pointed star subpath centred on (cx, cy).
func star(cx, cy, outer, inner float64, ccw bool) string {
	var b strings.Builder
	for i := 0; i < 10; i++ {
		k := i
		if ccw {
			k = -i
		}
		a := -math.Pi/2 + float64(k)*math.Pi/5
		r := outer
		if i%2 == 1 {
			r = inner
		}
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%.2f %.2f", cmd, cx+r*math.Cos(a), cy+r*math.Sin(a))
	}
	b.WriteString("z")
	return b.String()
}

var iconPaths = map[string]string{
	// A tax form: a sheet with a percent sign cut out of it.
	"tax": "M5 2h14v20H5z" + ring(9.5, 8.5, 1.8, true) + ring(14.5, 15.5, 1.8, true) +
		"M15.2 6.2L7.4 16.4L8.8 17.8L16.6 7.6z",
	// A building with windows and a door.
	"building": "M4 2h16v20h-6v-5h-4v5H4z" +
		"M7 5v2.5h3V5z" + "M14 5v2.5h3V5z" + "M7 10v2.5h3V10z" + "M14 10v2.5h3V10z",
	// A briefcase.
	"employment": "M2 7h20v13H2z" + "M8 7V4h8v3h-2V5.5h-4V7z",
	// A medical cross.
	"health": "M9 2h6v7h7v6h-7v7H9v-7H2V9h7z",
	// A graduation cap with its tassel.
	"school": "M12 3l11 5-11 5L1 8z" + "M6 11.5l6 2.8 6-2.8V16c0 1.8-2.7 3.5-6 3.5S6 17.8 6 16z" + "M20.5 9h1.3v7h-1.3z",
	// A car seen from the side, windows cut out, on two wheels.
	"vehicle": "M5 6h14l2.4 5H23v6h-2.5a2.6 2.6 0 0 0-5 0h-7a2.6 2.6 0 0 0-5 0H1v-6h1.6z" +
		"M6.2 7.5l-1.6 3.5h14.8l-1.6-3.5z" + ring(6, 17.5, 2, false) + ring(18, 17.5, 2, false),
	// A certificate: a framed sheet with two lines and a seal.
	"certificate": "M2 3h20v14H2z" + "M4 5v10h16V5z" + "M6 7h12v1.6H6z" + "M6 10h7v1.6H6z" +
		ring(16.5, 16, 3, false) + "M14.2 18.2L18.8 18.2L20 22.5L16.5 20.9L13 22.5z",
	// Books on a shelf.
	"library": "M3 4h4v15H3z" + "M8 6h4v13H8z" + "M13.3 6.9l3.8-1.1 4 13-3.8 1.1z" + "M2 20h20v2H2z",
	// A shield with a star cut out of it.
	"police": "M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5z" + star(12, 11.5, 4.6, 1.9, true),
	// The kiosk itself: a screen on a stand (the attract loop's emblem).
	"kiosk": "M4 2h16v13H4z" + "M6 4v9h12V4z" + "M10 15h4v5h-4z" + "M6 20h12v2H6z",
}

// serviceIcon returns the icon named in a service definition, or a
// generic document for a name it does not know.
func serviceIcon(name string) fyne.Resource {
	d, ok := iconPaths[name]
	if !ok {
		return theme.DocumentIcon()
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000000" d="` + d + `"/></svg>`
	return theme.NewThemedResource(fyne.NewStaticResource("pishkhan-"+name+".svg", []byte(svg)))
}
