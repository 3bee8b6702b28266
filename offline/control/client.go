package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// ErrNotRunning is returned by Dial when no kiosk answers on the data
// directory's control socket.
var ErrNotRunning = errors.New("no kiosk answers on the control socket")

// ErrNoAnswer is returned (wrapped) when a request was sent but no answer
// came back: the connection broke or the time ran out. The kiosk may or
// may not have done what was asked; a Submit with a client-chosen ID can
// be sent again to find out, without being stored twice.
var ErrNoAnswer = errors.New("the kiosk did not answer")

// Client asks a running kiosk over its control socket. Each call is one
// connection.
type Client struct {
	path string
}

var _ Queue = (*Client)(nil)

// Dial returns a client for the kiosk running on data directory dir,
// having checked that it answers.
func Dial(ctx context.Context, dir string) (*Client, error) {
	c := &Client{path: filepath.Join(dir, SocketFile)}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := c.call(ctx, request{Op: opPing}, nil); err != nil {
		return nil, fmt.Errorf("%w (%s): %v", ErrNotRunning, c.path, err)
	}
	return c, nil
}

// call sends req and reads the replies, passing listed entries to
// onEntry, until the final reply.
func (c *Client) call(ctx context.Context, req request, onEntry func(Entry) error) (reply, error) {
	var d net.Dialer
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	conn, err := d.DialContext(dctx, "unix", c.path)
	cancel()
	if err != nil {
		return reply{}, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	// From the first byte written, the kiosk may act on the request.
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		return reply{}, noAnswer(ctx, err)
	}
	dec := json.NewDecoder(conn)
	for {
		var r reply
		if err := dec.Decode(&r); err != nil {
			return reply{}, noAnswer(ctx, err)
		}
		if r.Done {
			return r, replyError(r)
		}
		if r.Entry == nil {
			return reply{}, protocolError("reply with neither entry nor end")
		}
		if onEntry == nil {
			return reply{}, protocolError("unexpected entry")
		}
		if err := onEntry(*r.Entry); err != nil {
			return reply{}, err
		}
	}
}

// noAnswer is the error of a request sent without an answer read back.
func noAnswer(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", ErrNoAnswer, ctx.Err())
	}
	return fmt.Errorf("%w: %w: read reply: %v", ErrNoAnswer, errProtocol, err)
}

// Counts returns how many submissions are in each state.
func (c *Client) Counts(ctx context.Context) (offline.Counts, error) {
	r, err := c.call(ctx, request{Op: opCounts}, nil)
	if r.Counts == nil {
		r.Counts = offline.Counts{}
	}
	return r.Counts, err
}

// List calls fn for each submission opts selects.
func (c *Client) List(ctx context.Context, opts offline.ListOptions, personal bool, fn func(Entry) error) error {
	_, err := c.call(ctx, request{Op: opList, List: opts, Personal: personal}, fn)
	return err
}

// Show returns one submission.
func (c *Client) Show(ctx context.Context, code kiosk.TrackingCode, personal bool) (Entry, error) {
	r, err := c.call(ctx, request{Op: opShow, Code: code, Personal: personal}, nil)
	if err != nil {
		return Entry{}, err
	}
	if r.Entry == nil {
		return Entry{}, protocolError("show without an entry")
	}
	return *r.Entry, nil
}

// Retry queues a submission for an immediate attempt.
func (c *Client) Retry(ctx context.Context, code kiosk.TrackingCode) error {
	_, err := c.call(ctx, request{Op: opRetry, Code: code}, nil)
	return err
}

// RetryDead queues every dead letter again.
func (c *Client) RetryDead(ctx context.Context) (int, error) {
	r, err := c.call(ctx, request{Op: opRetryDead}, nil)
	return r.N, err
}

// Sync runs one sync pass in the kiosk now.
func (c *Client) Sync(ctx context.Context) (offline.SyncReport, error) {
	r, err := c.call(ctx, request{Op: opSync}, nil)
	if err != nil {
		return offline.SyncReport{}, err
	}
	if r.Report == nil {
		return offline.SyncReport{}, protocolError("sync without a report")
	}
	return *r.Report, nil
}

// Submit makes a test submission in the kiosk.
func (c *Client) Submit(ctx context.Context, req SubmitRequest) (SubmitResult, error) {
	r, err := c.call(ctx, request{Op: opSubmit, Submit: &req}, nil)
	if err != nil {
		return SubmitResult{}, err
	}
	if r.Submit == nil {
		return SubmitResult{}, protocolError("submit without a result")
	}
	return *r.Submit, nil
}
