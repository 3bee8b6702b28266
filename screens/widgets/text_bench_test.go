package widgets_test

import (
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
	"github.com/pishkhan/pishkhan/screens/widgets"
)

// screenLabels is a screen's worth of Persian text: the service grid with
// its headings, buttons, a form step and a receipt summary.
var screenLabels = []string{
	"پیشخوان خدمات شهروندی", "لطفاً خدمت مورد نظر خود را انتخاب کنید",
	"دریافت مالیات", "صدور پروانه ساخت", "استخدام", "خدمات بهداشت و درمان",
	"ثبت‌نام در مقاطع تحصیلی", "صدور یا تعویض پلاک خودرو", "گواهی تولد و ازدواج",
	"خدمات کتابخانه‌های عمومی", "خدمات پلیس", "پیگیری درخواست",
	"دسترس‌پذیری", "بازگشت", "ادامه", "مرحله ۲ از ۵",
	"کد ملی خود را وارد کنید", "شماره همراه (مثلاً ۰۹۱۲۳۴۵۶۷۸۹)", "تاریخ مراجعه: ۱۴۰۳/۰۵/۱۲",
	"کد رهگیری: ۱۲۳۴-۵۶۷۸-۹۰۱۲-۳۴۵۶", "رسید شما چاپ شد", "از شکیبایی شما سپاسگزاریم",
	"زمان باقی‌مانده: ۲۰ ثانیه", "می‌خواهم ادامه دهم", "پایان جلسه",
	"English", "فارسی", "راهنما", "تماس با پشتیبانی: ۰۲۱-۱۲۳۴۵۶۷۸", "نسخه ۱٫۰",
}

func screen(fonts *typeset.Fonts) (fyne.CanvasObject, []*widgets.Text) {
	var texts []*widgets.Text
	left, right := container.NewVBox(), container.NewVBox()
	for i, s := range screenLabels {
		st := widgets.Style{Dir: widgets.DirRTL}
		if i == 0 {
			st.Size, st.Bold = theme.SizeNameHeadingText, true
		}
		txt := widgets.NewText(fonts, s, st)
		texts = append(texts, txt)
		if i%2 == 0 {
			right.Add(txt)
		} else {
			left.Add(txt)
		}
	}
	return container.NewGridWithColumns(2, left, right), texts
}

// percentiles reports the frames' wall-clock p50 and p99 and the process
// CPU time per frame.
func percentiles(b *testing.B, frames []time.Duration, cpu time.Duration) {
	sort.Slice(frames, func(i, j int) bool { return frames[i] < frames[j] })
	at := func(q float64) float64 {
		return float64(frames[int(q*float64(len(frames)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms/frame")
	b.ReportMetric(at(0.99), "p99-ms/frame")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(frames)), "cpu-ms/frame")
}

// rasterOf returns the raster a Text draws into.
func rasterOf(b *testing.B, t *widgets.Text) *canvas.Raster {
	objs := test.WidgetRenderer(t).Objects()
	r, ok := objs[0].(*canvas.Raster)
	if !ok {
		b.Fatalf("Text renders a %T, want a *canvas.Raster", objs[0])
	}
	return r
}

// BenchmarkTextScreen30 measures what a frame of 30 Persian labels costs
// the widgets at canvas scale 1.5: each label is sized to its minimum and
// its raster generated at pixel size, which is what Fyne's painter asks of
// a refreshed raster (the painter's own compositing is not included):
//
//   - cold: new widgets, empty layout and glyph caches;
//   - refresh: every label refreshed and redrawn, nothing changed (a
//     repaint: layouts come from the cache, images are reused);
//   - restyle: every label's colour changes (layouts cached, images drawn
//     again from cached glyphs), as a theme switch does.
func BenchmarkTextScreen30(b *testing.B) {
	f := dejavu(b)
	a := test.NewTempApp(b)
	const scale = 1.5
	draw := func(b *testing.B, texts []*widgets.Text) {
		for _, t := range texts {
			t.Refresh()
			size := t.MinSize()
			t.Resize(size)
			rasterOf(b, t).Generator(int(size.Width*scale), int(size.Height*scale))
		}
	}
	run := func(b *testing.B, setup func() []*widgets.Text) {
		texts := setup()
		draw(b, texts)
		frames := make([]time.Duration, 0, b.N)
		var cpu time.Duration
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			texts = setup()
			b.StartTimer()
			start, startCPU := time.Now(), processCPU()
			draw(b, texts)
			frames = append(frames, time.Since(start))
			cpu += processCPU() - startCPU
		}
		b.StopTimer()
		percentiles(b, frames, cpu)
	}
	b.Run("cold", func(b *testing.B) {
		run(b, func() []*widgets.Text {
			f.ClearCache()
			_, texts := screen(f)
			return texts
		})
	})
	b.Run("refresh", func(b *testing.B) {
		_, texts := screen(f)
		run(b, func() []*widgets.Text { return texts })
	})
	b.Run("restyle", func(b *testing.B) {
		_, texts := screen(f)
		themes := []fyne.Theme{test.Theme(), test.NewTheme()}
		i := 0
		run(b, func() []*widgets.Text {
			i++
			a.Settings().SetTheme(themes[i%2])
			return texts
		})
	})
}
