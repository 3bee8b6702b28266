package typeset_test

import (
	"image"
	"image/color"
	"sort"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk/typeset"
)

// ScreenLabels is a screen's worth of Persian text: the service grid with
// its headings, buttons, a form step and a receipt summary.
var ScreenLabels = []string{
	"پیشخوان خدمات شهروندی", "لطفاً خدمت مورد نظر خود را انتخاب کنید",
	"پرداخت مالیات", "صدور پروانه ساخت", "استخدام", "خدمات بهداشت و درمان",
	"ثبت‌نام در مقاطع تحصیلی", "صدور یا تعویض پلاک خودرو", "گواهی تولد و ازدواج",
	"خدمات کتابخانه‌های عمومی", "خدمات پلیس", "پیگیری درخواست",
	"دسترس‌پذیری", "بازگشت", "ادامه", "مرحله ۲ از ۵",
	"کد ملی خود را وارد کنید", "شماره همراه (مثلاً ۰۹۱۲۳۴۵۶۷۸۹)", "تاریخ مراجعه: ۱۴۰۳/۰۵/۱۲",
	"کد رهگیری: ۱۲۳۴-۵۶۷۸-۹۰۱۲-۳۴۵۶", "رسید شما چاپ شد", "از شکیبایی شما سپاسگزاریم",
	"زمان باقی‌مانده: ۲۰ ثانیه", "می‌خواهم ادامه دهم", "پایان جلسه",
	"English", "فارسی", "راهنما", "تماس با پشتیبانی: ۰۲۱-۱۲۳۴۵۶۷۸", "نسخه ۱٫۰",
}

// benchFrames lays out and draws every label into its own image (as
// widgets.Text does) once per frame, and reports the frame time's p50 and
// p99. cold drops the layout cache before each frame.
func benchFrames(b *testing.B, f *typeset.Fonts, cold bool, size, scale float32) {
	imgs := make([]*image.RGBA, len(ScreenLabels))
	frames := make([]time.Duration, 0, b.N)
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cold {
			b.StopTimer()
			f.ClearCache()
			b.StartTimer()
		}
		start, startCPU := time.Now(), processCPU()
		for j, s := range ScreenLabels {
			p := f.Layout(s, typeset.Options{Size: size, Dir: typeset.DirRTL})
			imgs[j] = f.Image(p, 0, typeset.AlignStart, color.Black, scale)
		}
		frames = append(frames, time.Since(start))
		cpu += processCPU() - startCPU
	}
	b.StopTimer()
	reportPercentiles(b, frames, cpu)
}

// reportPercentiles reports the frames' wall-clock p50 and p99 and the
// process CPU time per frame.
func reportPercentiles(b *testing.B, frames []time.Duration, cpu time.Duration) {
	sort.Slice(frames, func(i, j int) bool { return frames[i] < frames[j] })
	at := func(q float64) float64 {
		return float64(frames[int(q*float64(len(frames)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms/frame")
	b.ReportMetric(at(0.99), "p99-ms/frame")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(frames)), "cpu-ms/frame")
}

// BenchmarkScreen30 measures a frame of 30 Persian labels at the kiosk's
// text size (20) and a 1.5 canvas scale: cold (layout and draw) and with
// layouts cached (draw only).
func BenchmarkScreen30(b *testing.B) {
	f := dejavu(b)
	b.Run("cold", func(b *testing.B) { benchFrames(b, f, true, 20, 1.5) })
	b.Run("cached-layout", func(b *testing.B) { benchFrames(b, f, false, 20, 1.5) })
}

// BenchmarkLayout measures laying out one label, cold and cached.
func BenchmarkLayout(b *testing.B) {
	f := dejavu(b)
	const s = "کد رهگیری: ۱۲۳۴-۵۶۷۸-۹۰۱۲-۳۴۵۶"
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			f.ClearCache()
			b.StartTimer()
			f.Layout(s, typeset.Options{Size: 20})
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			f.Layout(s, typeset.Options{Size: 20})
		}
	})
}

// BenchmarkPDFLines measures the receipt's text: one wrapped paragraph.
func BenchmarkPDFLines(b *testing.B) {
	f := dejavu(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		f.ClearCache()
		if _, err := f.PDFLines(wrapText, 9, 190, typeset.DirRTL, false); err != nil {
			b.Fatal(err)
		}
	}
}
