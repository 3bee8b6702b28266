package typeset

import "container/list"

// defaultCacheSize bounds the layout cache: a kiosk screen shows a few
// dozen texts, and a session passes through a few dozen screens.
const defaultCacheSize = 2048

// cacheKey identifies a layout.
type cacheKey struct {
	text  string
	size  float32
	bold  bool
	dir   Direction
	width float32
	// spacing is the line spacing.
	spacing float32
}

type cacheEntry struct {
	key cacheKey
	p   *Paragraph
}

// layoutCache is a least-recently-used cache of layouts. It is guarded by
// Fonts.mu.
type layoutCache struct {
	max   int
	order *list.List // front: most recently used
	items map[cacheKey]*list.Element
}

func newLayoutCache(max int) *layoutCache {
	return &layoutCache{max: max, order: list.New(), items: make(map[cacheKey]*list.Element)}
}

func (c *layoutCache) get(k cacheKey) *Paragraph {
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).p
	}
	return nil
}

func (c *layoutCache) put(k cacheKey, p *Paragraph) {
	if e, ok := c.items[k]; ok {
		e.Value.(*cacheEntry).p = p
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&cacheEntry{key: k, p: p})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}

func (c *layoutCache) len() int { return c.order.Len() }

// CacheLen returns the number of layouts cached.
func (f *Fonts) CacheLen() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cache.len()
}

// ForgetLayouts drops every cached layout, and with them the texts they
// hold. Call it when a citizen's session ends: the review screen shows
// their answers.
func (f *Fonts) ForgetLayouts() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cache = newLayoutCache(f.cache.max)
}

// ClearCache drops every cached layout and rasterized glyph (benchmarks
// use it to measure a cold start).
func (f *Fonts) ClearCache() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cache = newLayoutCache(f.cache.max)
	f.glyphs = nil
}
