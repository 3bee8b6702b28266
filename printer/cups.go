package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Default bounds of CUPS.Print.
const (
	// DefaultJobTimeout is how long Print waits for the printer to finish
	// a job before cancelling it. A receipt takes a few seconds.
	DefaultJobTimeout = 20 * time.Second
	// DefaultPollInterval is how often Print asks cupsd about the job.
	DefaultPollInterval = 200 * time.Millisecond
)

// CUPS is a kiosk.Printer that prints through a CUPS queue: lp to send the
// receipt, lpstat for the printer's state (before printing and while the
// job runs), and cupsd's IPP Get-Job-Attributes for the job's outcome.
// Every receipt is kept in the spool folder as well, so a failed print
// loses nothing.
type CUPS struct {
	// Queue is the CUPS queue name.
	Queue string
	// Spool renders receipts and keeps a copy of each. Required.
	Spool *Spool
	// JobTimeout bounds how long Print waits for the job (default
	// DefaultJobTimeout); the context's deadline bounds it too.
	JobTimeout time.Duration
	// PollInterval is how often the job is looked at (default
	// DefaultPollInterval).
	PollInterval time.Duration

	ippOnce sync.Once
	ipp     *ippClient
}

var _ kiosk.Printer = (*CUPS)(nil)

// cupsEnv runs the CUPS commands in the C locale, whose messages Status
// parses.
func cupsCommand(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(cmd.Environ(), "LC_ALL=C", "LANG=C")
	return cmd
}

// Status reads the queue's state with `lpstat -l -p QUEUE -a QUEUE`: its
// printer-state, printer-state-reasons (media-empty, media-low, media-jam,
// cover-open, offline, paused... with their -report, -warning and -error
// suffixes) and state message, and whether it accepts jobs. A queue CUPS
// does not know, or a cupsd that does not answer, is offline; Detail says
// why in the words of lpstat, for the technician.
func (c *CUPS) Status(ctx context.Context) kiosk.PrinterStatus {
	var stdout, stderr bytes.Buffer
	cmd := cupsCommand(ctx, "lpstat", "-l", "-p", c.Queue, "-a", c.Queue)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	rep := parseLpstat(c.Queue, stdout.String())
	if err != nil && !rep.found {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return kiosk.PrinterStatus{State: kiosk.PrinterOffline, Detail: "lpstat: " + msg}
	}
	return rep.status()
}

// Print renders the receipt, keeps it in the spool folder, sends it to the
// queue and follows the job until it completes. When the printer reports
// a fault while the job waits (paper out, jam, cover open, offline), when
// the job is cancelled or aborted, or when it does not finish within
// JobTimeout, the job is cancelled (so the receipt does not come out
// later, for someone else) and the error wraps kiosk.ErrPaperOut or
// kiosk.ErrPrinterUnavailable.
func (c *CUPS) Print(ctx context.Context, r kiosk.Receipt) error {
	if c.Spool == nil {
		return fmt.Errorf("print receipt: %w: no spool folder", kiosk.ErrPrinterUnavailable)
	}
	path, p, err := c.Spool.write(r)
	if err != nil {
		return fmt.Errorf("print receipt: %w", err)
	}
	job, err := c.submit(ctx, path, "pishkhan-"+string(r.TrackingCode), p.media())
	if err != nil {
		return fmt.Errorf("print receipt %s: %w", r.TrackingCode, err)
	}
	if err := c.follow(ctx, job); err != nil {
		return fmt.Errorf("print receipt %s: %w", r.TrackingCode, err)
	}
	return nil
}

// Keep implements kiosk.ReceiptKeeper: the receipt's PDF is written to the
// spool folder without being sent to CUPS, for a receipt the printer
// cannot print now (the session asks the status first).
func (c *CUPS) Keep(_ context.Context, r kiosk.Receipt) error {
	if c.Spool == nil {
		return fmt.Errorf("keep receipt: %w: no spool folder", kiosk.ErrPrinterUnavailable)
	}
	if _, _, err := c.Spool.write(r); err != nil {
		return fmt.Errorf("keep receipt: %w", err)
	}
	return nil
}

var lpRequestID = regexp.MustCompile(`request id is (\S+)-(\d+) `)

// cupsJob names a job by its queue-qualified ID (QUEUE-12) and number.
type cupsJob struct {
	id     string
	number int
}

func (c *CUPS) submit(ctx context.Context, path, title, media string) (cupsJob, error) {
	var stdout, stderr bytes.Buffer
	cmd := cupsCommand(ctx, "lp", "-d", c.Queue, "-t", title, "-n", "1", "-o", "media="+media, "--", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return cupsJob{}, fmt.Errorf("lp -d %s: %w: %s", c.Queue, kiosk.ErrPrinterUnavailable, firstLine(stderr.String(), err))
	}
	m := lpRequestID.FindStringSubmatch(stdout.String())
	if m == nil {
		return cupsJob{}, fmt.Errorf("lp -d %s: %w: no request id in %q", c.Queue, kiosk.ErrPrinterUnavailable, strings.TrimSpace(stdout.String()))
	}
	n, _ := strconv.Atoi(m[2])
	return cupsJob{id: m[1] + "-" + m[2], number: n}, nil
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return err.Error()
	}
	return s
}

// follow waits until the job has finished, the printer reports a fault,
// or the time is up.
func (c *CUPS) follow(ctx context.Context, job cupsJob) error {
	timeout := c.JobTimeout
	if timeout <= 0 {
		timeout = DefaultJobTimeout
	}
	poll := c.PollInterval
	if poll <= 0 {
		poll = DefaultPollInterval
	}
	ctx, cancelWait := context.WithTimeout(ctx, timeout)
	defer cancelWait()
	c.ippOnce.Do(func() { c.ipp = newIPPClient() })
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		js, err := c.ipp.jobState(ctx, job.number)
		switch {
		case errors.Is(err, errJobNotFound):
			// The job finished and cupsd kept no record of how: trust
			// the printer's state instead.
			if st := c.Status(ctx); !st.CanPrint() {
				return fmt.Errorf("job %s gone, printer %s (%s): %w", job.id, st.State, st.Detail, sentinelFor(st))
			}
			return nil
		case err != nil && ctx.Err() == nil:
			c.cancel(job)
			return fmt.Errorf("follow job %s: %w: %w", job.id, kiosk.ErrPrinterUnavailable, err)
		case err == nil && js.state == jobCompleted:
			return nil
		case err == nil && js.finished():
			return fmt.Errorf("job %s %s: %w", job.id, js, kiosk.ErrPrinterUnavailable)
		}
		if st := c.Status(ctx); !st.CanPrint() && ctx.Err() == nil {
			c.cancel(job)
			return fmt.Errorf("job %s cancelled, printer %s (%s): %w", job.id, st.State, st.Detail, sentinelFor(st))
		}
		select {
		case <-ctx.Done():
			c.cancel(job)
			return fmt.Errorf("job %s not printed within %v (%s): %w", job.id, timeout, js, kiosk.ErrPrinterUnavailable)
		case <-tick.C:
		}
	}
}

// sentinelFor is the printer error a state that cannot print stands for.
func sentinelFor(st kiosk.PrinterStatus) error {
	if st.State == kiosk.PrinterPaperOut {
		return kiosk.ErrPaperOut
	}
	return kiosk.ErrPrinterUnavailable
}

// cancel cancels a job that will not be waited for. It runs on its own
// short deadline: the print's context may already be done.
func (c *CUPS) cancel(job cupsJob) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// An error means the job has finished meanwhile; nothing to undo.
	_ = cupsCommand(ctx, "cancel", job.id).Run()
}
