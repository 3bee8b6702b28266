package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
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

// baseURL is the origin of the control API; the host name only fills the
// URL, since every request goes to the socket.
const baseURL = "http://pishkhan"

// Client asks a running kiosk over HTTP on its control socket. Each call
// is one connection.
type Client struct {
	path string
	http *http.Client
}

var _ Queue = (*Client)(nil)

// Dial returns a client for the kiosk running on data directory dir,
// having checked that it answers.
func Dial(ctx context.Context, dir string) (*Client, error) {
	path := filepath.Join(dir, SocketFile)
	c := &Client{path: path, http: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			return d.DialContext(ctx, "unix", path)
		},
		// Each call is one connection, checked by the kiosk on its own.
		DisableKeepAlives: true,
	}}}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := c.Counts(ctx); err != nil {
		return nil, fmt.Errorf("%w (%s): %v", ErrNotRunning, c.path, err)
	}
	return c, nil
}

// do sends a request to the kiosk and returns its answer when the status
// is 2xx, else the error the kiosk answered.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	u := baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// Nothing was sent when the socket did not even connect.
		if op := (*net.OpError)(nil); errors.As(err, &op) && op.Op == "dial" {
			return nil, err
		}
		return nil, noAnswer(ctx, err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		return nil, answeredError(ctx, resp)
	}
	return resp, nil
}

// call sends a request and decodes its JSON answer into out, when not nil.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) error {
	resp, err := c.do(ctx, method, path, query, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return noAnswer(ctx, err)
	}
	return nil
}

// answeredError turns an error answer back into the error the kiosk's
// Queue returned.
func answeredError(ctx context.Context, resp *http.Response) error {
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return noAnswer(ctx, err)
	}
	var body errorBody
	if json.Unmarshal(b, &body) != nil || body.Error == "" {
		return fmt.Errorf("the kiosk answered %s: %s", resp.Status, bytes.TrimSpace(b))
	}
	return &remoteError{msg: body.Error, kind: sentinelOf(body.Code)}
}

// noAnswer is the error of a request sent without an answer read back.
func noAnswer(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", ErrNoAnswer, ctx.Err())
	}
	return fmt.Errorf("%w: read answer: %v", ErrNoAnswer, err)
}

// Counts returns how many submissions are in each state.
func (c *Client) Counts(ctx context.Context) (offline.Counts, error) {
	var st statusBody
	err := c.call(ctx, http.MethodGet, "/v1/status", nil, nil, &st)
	if st.Counts == nil {
		st.Counts = offline.Counts{}
	}
	return st.Counts, err
}

// List calls fn for each submission opts selects, as the kiosk streams
// them.
func (c *Client) List(ctx context.Context, opts offline.ListOptions, personal bool, fn func(Entry) error) error {
	q := url.Values{}
	if opts.State != "" {
		q.Set("state", string(opts.State))
	}
	if opts.Limit > 0 {
		q.Set("limit", strconv.Itoa(opts.Limit))
	}
	if opts.Newest {
		q.Set("newest", "true")
	}
	if personal {
		q.Set("personal", "true")
	}
	resp, err := c.do(ctx, http.MethodGet, "/v1/queue", q, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return noAnswer(ctx, fmt.Errorf("listing starts with %v: %v", t, err))
	}
	for dec.More() {
		var e Entry
		if err := dec.Decode(&e); err != nil {
			return brokenList(ctx, resp, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return brokenList(ctx, resp, err)
	}
	return nil
}

// brokenList is the error of a listing cut short: the kiosk's, from the
// trailers, when it said why.
func brokenList(ctx context.Context, resp *http.Response, err error) error {
	if msg := resp.Trailer.Get(trailerError); msg != "" {
		return &remoteError{msg: msg, kind: sentinelOf(resp.Trailer.Get(trailerCode))}
	}
	return noAnswer(ctx, err)
}

// Show returns one submission.
func (c *Client) Show(ctx context.Context, code kiosk.TrackingCode, personal bool) (Entry, error) {
	var q url.Values
	if personal {
		q = url.Values{"personal": {"true"}}
	}
	var e Entry
	if err := c.call(ctx, http.MethodGet, "/v1/queue/"+url.PathEscape(string(code)), q, nil, &e); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// Retry queues a submission for an immediate attempt.
func (c *Client) Retry(ctx context.Context, code kiosk.TrackingCode) error {
	return c.call(ctx, http.MethodPost, "/v1/queue/"+url.PathEscape(string(code))+"/retry", nil, nil, nil)
}

// RetryDead queues every dead letter again.
func (c *Client) RetryDead(ctx context.Context) (int, error) {
	var r retriedBody
	err := c.call(ctx, http.MethodPost, "/v1/queue/retry-dead", nil, nil, &r)
	return r.Retried, err
}

// Sync runs one sync pass in the kiosk now.
func (c *Client) Sync(ctx context.Context) (offline.SyncReport, error) {
	var rep offline.SyncReport
	if err := c.call(ctx, http.MethodPost, "/v1/sync", nil, nil, &rep); err != nil {
		return offline.SyncReport{}, err
	}
	return rep, nil
}

// Submit makes a test submission in the kiosk.
func (c *Client) Submit(ctx context.Context, req SubmitRequest) (SubmitResult, error) {
	var res SubmitResult
	if err := c.call(ctx, http.MethodPost, "/v1/submissions", nil, req, &res); err != nil {
		return SubmitResult{}, err
	}
	return res, nil
}
