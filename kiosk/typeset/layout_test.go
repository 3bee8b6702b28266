package typeset_test

import (
	"strings"
	"testing"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// visual returns every line of text laid out in visual order, left to right.
func visual(p *typeset.Paragraph) []string {
	var out []string
	for i := range p.Lines {
		out = append(out, p.VisualText(i))
	}
	return out
}

func TestLayoutVisualOrder(t *testing.T) {
	f := dejavu(t)
	// want is the characters as they stand on screen from left to right
	// (Persian letters therefore reversed).
	tests := []struct {
		name string
		text string
		dir  typeset.Direction
		want string
	}{
		{"pure Persian", "پیشخوان خدمات", typeset.DirAuto, "تامدخ ناوخشیپ"},
		{"Persian digits", "شماره ۱۲۳۴ تهران", typeset.DirAuto, "نارهت ۱۲۳۴ هرامش"},
		{"ASCII digits", "شماره 1234 تهران", typeset.DirAuto, "نارهت 1234 هرامش"},
		{"Arabic-Indic digits", "شماره ١٢٣٤ تهران", typeset.DirAuto, "نارهت ١٢٣٤ هرامش"},
		{"Latin word", "سرویس Open311 فعال است", typeset.DirAuto, "تسا لاعف Open311 سیورس"},
		{"Latin code after colon", "کد رهگیری: ABC-123", typeset.DirAuto, "ABC-123 :یریگهر دک"},
		{"digits then Latin code", "کد 123-ABC", typeset.DirAuto, "123-ABC دک"},
		{"slash date", "تاریخ 1403/05/12 است", typeset.DirAuto, "تسا 1403/05/12 خیرات"},
		{"hyphen date Persian digits", "تاریخ ۱۴۰۳-۰۵-۱۲ است", typeset.DirAuto, "تسا ۱۴۰۳-۰۵-۱۲ خیرات"},
		{"hyphen date ASCII", "تاریخ 1403-05-12", typeset.DirAuto, "1403-05-12 خیرات"},
		{"hyphen date Arabic-Indic", "تاریخ ١٤٠٣-٠٥-١٢", typeset.DirAuto, "١٤٠٣-٠٥-١٢ خیرات"},
		{"tracking code", "کد رهگیری 1234-5678-9012-3456 را نگه دارید", typeset.DirAuto, "دیراد هگن ار 1234-5678-9012-3456 یریگهر دک"},
		{"phone with hyphens", "تلفن ۰۹۱۲-۳۴۵-۶۷۸۹", typeset.DirAuto, "۰۹۱۲-۳۴۵-۶۷۸۹ نفلت"},
		{"phone with spaces and plus", "تلفن +98 912 345 6789", typeset.DirAuto, "+98 912 345 6789 نفلت"},
		{"time", "ساعت 12:30 است", typeset.DirAuto, "تسا 12:30 تعاس"},
		{"parentheses around Persian", "پیشخوان (کیوسک) خدمات", typeset.DirAuto, "تامدخ )کسویک( ناوخشیپ"},
		{"parentheses around Latin", "نام (Name) را", typeset.DirAuto, "ار )Name( مان"},
		{"parentheses after Latin", "سلام ABC (DEF) است", typeset.DirAuto, "تسا ABC (DEF) مالس"},
		{"parenthesis at end after Latin", "م a (a)", typeset.DirAuto, "a (a) م"},
		{"parentheses around digits", "مرحله ۲ (از ۵) است", typeset.DirAuto, "تسا )۵ زا( ۲ هلحرم"},
		{"ZWNJ kept out of sight", "می‌خواهم", typeset.DirAuto, "مهاوخیم"},
		{"English", "Track my request", typeset.DirAuto, "Track my request"},
		{"English with Persian word", "Service: ثبت‌نام (school)", typeset.DirAuto, "Service: مانتبث (school)"},
		{"English, Persian then number", "abc سلام 123 دنیا", typeset.DirAuto, "abc ایند 123 مالس"},
		{"parentheses around Persian in English", "abc (سلام) def", typeset.DirAuto, "abc (مالس) def"},
		{"explicit LTR starting Persian", "سلام!", typeset.DirLTR, "مالس!"},
		{"explicit RTL English", "Hello!", typeset.DirRTL, "!Hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := f.Layout(tt.text, typeset.Options{Size: 20, Dir: tt.dir})
			got := strings.Join(visual(p), "\n")
			if got != tt.want {
				t.Errorf("Layout(%q) visual order\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
