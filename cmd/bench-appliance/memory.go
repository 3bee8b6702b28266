package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// treePSS returns the proportional set size, in bytes, of pid and every
// process descended from it (Chromium runs a browser, a GPU process, a
// zygote and renderers; the kiosk one process): what the subject costs
// the machine's memory, shared pages split fairly.
func treePSS(pid int) (int64, error) {
	var total int64
	for _, p := range descendants(pid) {
		f, err := os.Open(filepath.Join("/proc", strconv.Itoa(p), "smaps_rollup"))
		if err != nil {
			continue // gone meanwhile
		}
		kb, err := pssKB(f)
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("PSS of %d: %w", p, err)
		}
		total += kb * 1024
	}
	if total == 0 {
		return 0, fmt.Errorf("PSS of %d: no process", pid)
	}
	return total, nil
}

// pssKB reads the Pss line of a smaps_rollup file.
func pssKB(r io.Reader) (int64, error) { return rollupKB(r, "Pss") }

// rollupKB reads one line (Pss, Pss_Anon...) of a smaps_rollup file.
func rollupKB(r io.Reader, field string) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == field+":" {
			return strconv.ParseInt(f[1], 10, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no %s line", field)
}

// anonPSS returns the proportional set size of pid's anonymous memory
// (its heaps: Go's, the C library's, the software renderer's), in bytes:
// unlike PSS, it does not move when other processes map or unmap the
// same libraries.
func anonPSS(pid int) (int64, error) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "smaps_rollup"))
	if err != nil {
		return 0, fmt.Errorf("anonymous memory of %d: %w", pid, err)
	}
	defer f.Close()
	kb, err := rollupKB(f, "Pss_Anon")
	if err != nil {
		return 0, fmt.Errorf("anonymous memory of %d: %w", pid, err)
	}
	return kb * 1024, nil
}

// descendants returns pid and all its descendants, from /proc.
func descendants(pid int) []int {
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		if pp, ok := parentOf(string(b)); ok {
			children[pp] = append(children[pp], p)
		}
	}
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// parentOf reads the parent pid from a /proc/PID/stat line, whose second
// field (the command name in parentheses) may hold spaces.
func parentOf(stat string) (int, bool) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(stat[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	pp, err := strconv.Atoi(f[1])
	return pp, err == nil
}
