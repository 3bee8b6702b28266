package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ErrServing is returned by Serve when another process already answers
// on the data directory's control socket.
var ErrServing = errors.New("another process serves this data directory's control socket")

// Limits of the server.
const (
	maxRequest   = 1 << 20
	readTimeout  = 10 * time.Second
	writeTimeout = 30 * time.Second
	// opTimeout bounds a sync pass or a submission asked over the socket.
	opTimeout = 5 * time.Minute
)

// Serve answers technicians on the Unix socket dir/control.sock with q
// until ctx is done, then removes the socket and returns nil once every
// connection is finished. The socket is created with mode 0600 before it
// appears under its name, and only peers running as the kiosk's user or
// root are answered. A stale socket left by a crash is replaced.
func Serve(ctx context.Context, dir string, q Queue) error {
	path := filepath.Join(dir, SocketFile)
	if err := clearStale(path); err != nil {
		return fmt.Errorf("serve control socket: %w", err)
	}
	ln, err := listenPrivate(dir, path)
	if err != nil {
		return fmt.Errorf("serve control socket: %w", err)
	}
	ours, _ := os.Stat(path)
	defer func() {
		// Remove the name only if it is still our socket.
		if fi, err := os.Stat(path); err == nil && ours != nil && os.SameFile(fi, ours) {
			os.Remove(path)
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()

	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := ln.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return fmt.Errorf("serve control socket: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			handle(ctx, conn, q)
		}()
	}
}

// listenPrivate binds the socket inside a fresh 0700 directory, makes it
// 0600, and only then renames it into place, so no other user can ever
// connect through a moment of looser permissions.
func listenPrivate(dir, path string) (*net.UnixListener, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".control-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	tmpPath := filepath.Join(tmp, "s")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmpPath, Net: "unix"})
	if err != nil {
		return nil, err
	}
	ln.SetUnlinkOnClose(false)
	if err := os.Chmod(tmpPath, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	if err := os.Rename(tmpPath, path); err != nil {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// clearStale removes a socket nobody answers on (the kiosk crashed) and
// refuses to start when someone does.
func clearStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s exists and is not a socket", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("%s: %w", path, ErrServing)
	}
	return os.Remove(path)
}

// handle answers one connection: one request, its replies.
func handle(ctx context.Context, conn *net.UnixConn, q Queue) {
	enc := json.NewEncoder(conn)
	send := func(r reply) error {
		conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		return enc.Encode(r)
	}
	fail := func(err error) {
		send(reply{Done: true, Error: err.Error(), ErrKind: errorKind(err)})
	}
	if err := checkPeer(conn); err != nil {
		fail(err)
		return
	}
	conn.SetReadDeadline(time.Now().Add(readTimeout))
	line, err := bufio.NewReader(io.LimitReader(conn, maxRequest)).ReadBytes('\n')
	if err != nil {
		fail(protocolError("read request: %v", err))
		return
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		fail(protocolError("decode request: %v", err))
		return
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	// A client that hangs up cancels what it asked for.
	go func() {
		conn.SetReadDeadline(time.Time{})
		var b [1]byte
		conn.Read(b[:])
		cancel()
	}()
	if err := dispatch(ctx, q, req, send); err != nil {
		fail(err)
	}
}

func dispatch(ctx context.Context, q Queue, req request, send func(reply) error) error {
	switch req.Op {
	case opPing:
		return send(reply{Done: true})
	case opCounts:
		c, err := q.Counts(ctx)
		if err != nil {
			return err
		}
		return send(reply{Done: true, Counts: c})
	case opList:
		err := q.List(ctx, req.List, req.Personal, func(e Entry) error {
			return send(reply{Entry: &e})
		})
		if err != nil {
			return err
		}
		return send(reply{Done: true})
	case opShow:
		e, err := q.Show(ctx, req.Code, req.Personal)
		if err != nil {
			return err
		}
		return send(reply{Done: true, Entry: &e})
	case opRetry:
		if err := q.Retry(ctx, req.Code); err != nil {
			return err
		}
		return send(reply{Done: true})
	case opRetryDead:
		n, err := q.RetryDead(ctx)
		if err != nil {
			return err
		}
		return send(reply{Done: true, N: n})
	case opSync:
		rep, err := q.Sync(ctx)
		if err != nil {
			return err
		}
		return send(reply{Done: true, Report: &rep})
	case opSubmit:
		if req.Submit == nil {
			return protocolError("submit without a submission")
		}
		res, err := q.Submit(ctx, *req.Submit)
		if err != nil {
			return err
		}
		return send(reply{Done: true, Submit: &res})
	}
	return fmt.Errorf("%w %q", errUnknownOp, req.Op)
}
