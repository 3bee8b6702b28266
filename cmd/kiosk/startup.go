package main

import (
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
)

// startupTrace logs, at debug level, how long after the process started
// the kiosk reached each phase of its start (-debug), so the time before
// the first frame can be accounted for (docs/performance.md, issue 17).
type startupTrace struct {
	log   *slog.Logger
	start time.Time
}

func newStartupTrace(log *slog.Logger) *startupTrace {
	return &startupTrace{log: log, start: processStart()}
}

// mark logs that phase has just finished.
func (s *startupTrace) mark(phase string) {
	if s == nil {
		return
	}
	s.log.Debug("startup", "phase", phase, "after", time.Since(s.start).Round(time.Millisecond))
}

// since returns the time since the process started.
func (s *startupTrace) since() time.Duration { return time.Since(s.start) }

// processStart returns when the process started, from /proc (to 10 ms:
// the kernel counts in clock ticks, 100 a second on Linux), so the Go
// runtime's and the packages' initialisation are counted; elsewhere, now.
func processStart() time.Time {
	now := time.Now()
	stat, err1 := os.ReadFile("/proc/self/stat")
	up, err2 := os.ReadFile("/proc/uptime")
	if err1 != nil || err2 != nil {
		return now
	}
	// The command name (field 2) may hold spaces: count from its ")".
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return now
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return now
	}
	ticks, err := strconv.ParseInt(f[19], 10, 64) // field 22: starttime
	uf := strings.Fields(string(up))
	if err != nil || len(uf) == 0 {
		return now
	}
	uptime, err := strconv.ParseFloat(uf[0], 64)
	if err != nil {
		return now
	}
	age := time.Duration((uptime - float64(ticks)/100) * float64(time.Second))
	if age < 0 || age > time.Minute {
		return now
	}
	return now.Add(-age)
}
