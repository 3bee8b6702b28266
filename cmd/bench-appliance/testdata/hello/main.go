// Command hello is Fyne's hello-world window, the toolkit's own floor:
// what the appliance adds over it is what bench-appliance shows.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("Hello")
	w.SetContent(container.NewVBox(widget.NewLabel("Hello Fyne!"), widget.NewButton("Quit", a.Quit)))
	w.SetFullScreen(true)
	w.ShowAndRun()
}
