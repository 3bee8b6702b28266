package typeset

// SetDefaultSearchDirs replaces the installed-font search with families in
// dirs (scanned), for tests of the "nothing installed" path, and returns a
// function restoring the real search.
func SetDefaultSearchDirs(dirs ...string) (restore func()) {
	old := defaultSearch
	defaultSearch = nil
	for _, d := range dirs {
		defaultSearch = append(defaultSearch, candidate{family: "", dir: d, pkg: "test"})
	}
	return func() { defaultSearch = old }
}
