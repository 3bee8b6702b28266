//go:build !linux

package main

import "os"

// noEcho cannot turn the echo off here: secrets show as they are typed.
func noEcho(*os.File) (restore func(), ok bool) { return func() {}, false }
