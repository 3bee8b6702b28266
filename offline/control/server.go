package control

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// SocketFile is the name of the control socket in the data directory.
const SocketFile = "control.sock"

// ErrServing is returned by Serve when another process already answers
// on the data directory's control socket.
var ErrServing = errors.New("another process serves this data directory's control socket")

// Limits of the server.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	idleTimeout       = 30 * time.Second
	// writeTimeout bounds each write of an answer, so a client that stops
	// reading a long listing does not hold the handler for ever.
	writeTimeout = 30 * time.Second
	// opTimeout bounds each request: a sync pass, a submission, a listing.
	opTimeout = 5 * time.Minute
	// shutdownTimeout is how long Serve waits, once its context is done,
	// for the requests in flight (whose contexts are cancelled) to end.
	shutdownTimeout = 10 * time.Second
	maxHeaderBytes  = 16 << 10
	maxRequestBody  = 1 << 20
)

// Serve answers technicians over HTTP on the Unix socket dir/control.sock
// with q until ctx is done, then removes the socket and returns nil once
// the requests in flight are finished. The socket is created with mode
// 0600 before it appears under its name, and only peers running as the
// kiosk's user or root are answered. A stale socket left by a crash is
// replaced.
func Serve(ctx context.Context, dir string, q Queue) error {
	return serve(ctx, dir, q, ownUserOrRoot)
}

// ownUserOrRoot is the peer rule of Serve: the socket's mode already says
// so, and this holds even if someone loosens it.
func ownUserOrRoot(uid int) bool { return uid == 0 || uid == os.Getuid() }

// peerKey is the context key of a connection's peer check.
type peerKey struct{}

func serve(ctx context.Context, dir string, q Queue, allow func(uid int) bool) error {
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
	srv := &http.Server{
		Handler:           refusePeers(newHandler(q)),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// Requests in flight are cancelled with the kiosk.
		BaseContext: func(net.Listener) context.Context { return ctx },
		// The peer is checked once per connection; its requests are
		// refused with 403 if it may not drive this kiosk.
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, peerKey{}, checkPeer(c, allow))
		},
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve control socket: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	<-served
	return nil
}

// refusePeers answers 403 to every request of a connection whose peer
// failed its check.
func refusePeers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err, _ := r.Context().Value(peerKey{}).(error); err != nil {
			w.Header().Set("Connection", "close")
			writeError(w, fmt.Errorf("%w: %w", errPeerRefused, err))
			return
		}
		next.ServeHTTP(w, r)
	})
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
