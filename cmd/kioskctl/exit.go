package main

import "errors"

// exitCoder is an error that asks for a particular exit code (doctor exits
// 1 on any failed check, for instance, and 2 is for usage errors).
type exitCoder interface {
	error
	ExitCode() int
}

func asExitCoder(err error, target *exitCoder) bool { return errors.As(err, target) }

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) ExitCode() int { return 2 }
