//go:build linux && cgo

package main

/*
#include <malloc.h>
*/
import "C"

import "os"

// init caps glibc's malloc arenas before the display, the GL driver and
// its threads start allocating, unless MALLOC_ARENA_MAX says otherwise:
// each arena keeps its own free pages, and the software renderer's
// threads would otherwise have one each.
func init() {
	if _, set := os.LookupEnv("MALLOC_ARENA_MAX"); !set {
		C.mallopt(C.M_ARENA_MAX, 2)
	}
}

// trimCHeap hands the C heap's free pages back to the system
// (malloc_trim releases whole free pages inside every arena, not only at
// its top).
func trimCHeap() { C.malloc_trim(0) }
