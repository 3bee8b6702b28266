package widgets

import (
	"container/list"
	"image"
	"testing"
)

// TestRasterCacheKeepsTheMostRecentlyUsed checks the bound of the icon
// rasters: a hit is not drawn again, and the raster used least recently
// goes first.
func TestRasterCacheKeepsTheMostRecentlyUsed(t *testing.T) {
	t.Parallel()
	c := &rasterCache{max: 2, order: list.New(), items: map[rasterKey]rasterItem{}}
	draws := map[string]int{}
	get := func(name string) {
		t.Helper()
		img, err := c.get(rasterKey{name: name, w: 1, h: 1}, func() (image.Image, error) {
			draws[name]++
			return image.NewNRGBA(image.Rect(0, 0, 1, 1)), nil
		})
		if err != nil || img == nil {
			t.Fatalf("get %s: %v, %v", name, img, err)
		}
	}
	get("a")
	get("b")
	get("a") // a hit: a is now the most recent
	get("c") // evicts b
	get("a")
	get("b") // drawn again
	want := map[string]int{"a": 1, "b": 2, "c": 1}
	for name, n := range want {
		if draws[name] != n {
			t.Errorf("%s drawn %d times, want %d (all: %v)", name, draws[name], n, draws)
		}
	}
	if len(c.items) != 2 || c.order.Len() != 2 {
		t.Errorf("%d rasters kept (%d in order), want the bound 2", len(c.items), c.order.Len())
	}
}
