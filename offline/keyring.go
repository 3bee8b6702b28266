package offline

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pishkhan/pishkhan/kiosk/durable"
)

// KeysDir is the folder of the data directory that holds the answer keys,
// one file per key, named by its number.
const KeysDir = "keys"

// ErrKeyGone is returned when sealed data names an answer key that is not
// on the device: a rotation destroyed it, or the file was lost. Data of a
// live record sealed under it can never be read again.
var ErrKeyGone = errors.New("the answer key that sealed this data is not on the device")

// Sealed formats: the version byte that starts sealed data.
const (
	// sealV1 is sealed under the key derived from the device key (sealer).
	sealV1 = sealVersion
	// sealV2 is sealed under a numbered answer key: the version byte, the
	// key number (4 bytes, big endian), the nonce, the ciphertext and tag.
	sealV2 byte = 2

	v2Header  = 1 + 4
	keySuffix = ".key"
)

// keyRing holds the answer keys of a data directory, the newest of which
// seals, and the device-key-derived sealer that still opens v1 data.
type keyRing struct {
	dir      string  // the data directory's keys folder
	owner    string  // the data directory, whose owner new files get
	legacy   *sealer // opens v1 data; nil without a device key
	writable bool

	mu      sync.RWMutex
	keys    map[uint32]cipher.AEAD
	current uint32 // 0: no key (a read-only ring of a folder without keys)
	next    uint32 // the number the next key takes
}

// loadKeyRing reads the answer keys of the data directory dataDir. A
// writable ring creates the folder and a first key, and finishes what a
// crash interrupted: a temporary key file never took its name, so nothing
// was sealed under it, and a zeroed key file was being destroyed. A
// read-only ring only reads.
func loadKeyRing(dataDir string, legacy *sealer, writable bool) (*keyRing, error) {
	k := &keyRing{
		dir:      filepath.Join(dataDir, KeysDir),
		owner:    dataDir,
		legacy:   legacy,
		writable: writable,
		keys:     map[uint32]cipher.AEAD{},
		next:     1,
	}
	if writable {
		if err := k.makeDir(); err != nil {
			return nil, fmt.Errorf("load answer keys: %w", err)
		}
	}
	if err := k.load(); err != nil {
		return nil, fmt.Errorf("load answer keys: %w", err)
	}
	if writable && k.current == 0 {
		if _, err := k.create(); err != nil {
			return nil, fmt.Errorf("load answer keys: %w", err)
		}
	}
	return k, nil
}

func (k *keyRing) makeDir() error {
	if err := os.Mkdir(k.dir, 0o700); err == nil {
		if uid, gid := durable.FileOwner(k.owner); uid >= 0 {
			if err := os.Chown(k.dir, uid, gid); err != nil {
				return err
			}
		}
		return durable.SyncDir(k.owner)
	} else if !errors.Is(err, fs.ErrExist) {
		return err
	}
	if fi, err := os.Stat(k.dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(k.dir, 0o700)
	}
	return nil
}

// load reads every key file not yet in memory. It is also how a
// read-only ring learns of keys a running kiosk created since.
func (k *keyRing) load() error {
	ents, err := os.ReadDir(k.dir)
	if errors.Is(err, fs.ErrNotExist) && !k.writable {
		return nil
	}
	if err != nil {
		return err
	}
	tidied := false
	for _, e := range ents {
		name := e.Name()
		path := filepath.Join(k.dir, name)
		if strings.HasPrefix(name, ".") {
			if k.writable && strings.Contains(name, keySuffix+"-") {
				// A key that never took its name: nothing is sealed under it.
				if err := os.Remove(path); err != nil {
					return err
				}
				tidied = true
			}
			continue
		}
		n, ok := keyNumber(name)
		if !ok {
			continue
		}
		k.mu.Lock()
		k.next = max(k.next, n+1)
		_, have := k.keys[n]
		k.mu.Unlock()
		if have {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(bytes.Trim(data, "\x00")) == 0 {
			// Zeroed by a destruction that a crash cut short.
			if k.writable {
				if err := os.Remove(path); err != nil {
					return err
				}
				tidied = true
			}
			continue
		}
		key, err := ParseKey(data)
		if err != nil {
			// Half zeroed, or damaged: it opens nothing. The next
			// rotation destroys it with the other old keys.
			continue
		}
		aead, err := newAEAD(key)
		clear(key)
		if err != nil {
			return err
		}
		k.mu.Lock()
		k.keys[n] = aead
		k.current = max(k.current, n)
		k.mu.Unlock()
	}
	if tidied {
		return durable.SyncDir(k.dir)
	}
	return nil
}

func keyName(n uint32) string { return fmt.Sprintf("%010d%s", n, keySuffix) }

func keyNumber(name string) (uint32, bool) {
	digits, ok := strings.CutSuffix(name, keySuffix)
	if !ok || len(digits) != 10 {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n == 0 {
		return 0, false
	}
	return uint32(n), true
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// create makes a new answer key and makes it current. The key is durable
// (file fsynced, named, folder fsynced) before anything is sealed under
// it, and a crash before it took its name leaves only a temporary file.
func (k *keyRing) create() (uint32, error) {
	k.mu.RLock()
	n := k.next
	k.mu.RUnlock()
	key := make([]byte, KeySize)
	defer clear(key)
	if _, err := rand.Read(key); err != nil {
		return 0, fmt.Errorf("create answer key: %w", err)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return 0, fmt.Errorf("create answer key: %w", err)
	}
	tmp, err := os.CreateTemp(k.dir, "."+keyName(n)+"-*")
	if err != nil {
		return 0, fmt.Errorf("create answer key: %w", err)
	}
	defer os.Remove(tmp.Name())
	text := []byte(hex.EncodeToString(key) + "\n")
	defer clear(text)
	err = func() error {
		defer tmp.Close()
		if uid, gid := durable.FileOwner(k.owner); uid >= 0 {
			if err := tmp.Chown(uid, gid); err != nil {
				return err
			}
		}
		if _, err := tmp.Write(text); err != nil {
			return err
		}
		return tmp.Sync()
	}()
	if err == nil {
		err = shredFailpoint("key written")
	}
	if err == nil {
		// Link, not rename: it fails rather than replace a key.
		err = os.Link(tmp.Name(), filepath.Join(k.dir, keyName(n)))
	}
	if err == nil {
		err = durable.SyncDir(k.dir)
	}
	if err != nil {
		return 0, fmt.Errorf("create answer key %d: %w", n, err)
	}
	k.mu.Lock()
	k.keys[n] = aead
	k.current, k.next = n, n+1
	k.mu.Unlock()
	return n, nil
}

// destroyBelow destroys every answer key numbered below n, in memory and
// on disk: each file is overwritten in place with zeros and fsynced, then
// unlinked, then the folder is fsynced. It returns how many files it
// destroyed.
func (k *keyRing) destroyBelow(n uint32) (int, error) {
	k.mu.Lock()
	for m := range k.keys {
		if m < n {
			delete(k.keys, m)
		}
	}
	k.mu.Unlock()
	ents, err := os.ReadDir(k.dir)
	if err != nil {
		return 0, fmt.Errorf("destroy answer keys: %w", err)
	}
	destroyed := 0
	for _, e := range ents {
		m, ok := keyNumber(e.Name())
		if !ok || m >= n {
			continue
		}
		if err := destroyFile(filepath.Join(k.dir, e.Name())); err != nil {
			return destroyed, fmt.Errorf("destroy answer key %d: %w", m, err)
		}
		destroyed++
	}
	if err := durable.SyncDir(k.dir); err != nil {
		return destroyed, fmt.Errorf("destroy answer keys: %w", err)
	}
	return destroyed, nil
}

// destroyFile overwrites path with zeros, fsyncs it and unlinks it. The
// zeros reach the file system's blocks; whether a flash device keeps an
// old copy of them is beyond the kiosk's reach.
func destroyFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err == nil {
		_, err = f.WriteAt(make([]byte, fi.Size()), 0)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = shredFailpoint("key zeroed")
	}
	if err != nil {
		return err
	}
	return os.Remove(path)
}

// numbers returns the numbers of the keys in memory, oldest first.
func (k *keyRing) numbers() []uint32 {
	k.mu.RLock()
	defer k.mu.RUnlock()
	ns := make([]uint32, 0, len(k.keys))
	for n := range k.keys {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

func (k *keyRing) currentKey() uint32 {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current
}

// has reports whether the key sealed names is in memory; v1 data needs
// the device key.
func (k *keyRing) has(sealed []byte) bool {
	if len(sealed) > 0 && sealed[0] == sealV1 {
		return k.legacy != nil
	}
	n, ok := sealedKey(sealed)
	if !ok {
		return false
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.keys[n] != nil
}

// sealedKey returns the number of the answer key that sealed data names:
// 0 for v1 data and for data of no known format.
func sealedKey(sealed []byte) (uint32, bool) {
	if len(sealed) < v2Header || sealed[0] != sealV2 {
		return 0, len(sealed) > 0 && sealed[0] == sealV1
	}
	return binary.BigEndian.Uint32(sealed[1:v2Header]), true
}

// seal encrypts v (as JSON) under the current key, bound to ad.
func (k *keyRing) seal(ad string, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return k.sealRaw(ad, plain)
}

func (k *keyRing) sealRaw(ad string, plain []byte) ([]byte, error) {
	k.mu.RLock()
	n, aead := k.current, k.keys[k.current]
	k.mu.RUnlock()
	if aead == nil {
		return nil, fmt.Errorf("seal: %w", ErrNoKey)
	}
	ns := aead.NonceSize()
	out := make([]byte, v2Header+ns, v2Header+ns+len(plain)+aead.Overhead())
	out[0] = sealV2
	binary.BigEndian.PutUint32(out[1:v2Header], n)
	if _, err := rand.Read(out[v2Header:]); err != nil {
		return nil, err
	}
	return aead.Seal(out, out[v2Header:], plain, []byte(ad)), nil
}

// open decrypts what seal (or the v1 sealer) wrote for the same ad into v.
func (k *keyRing) open(ad string, sealed []byte, v any) error {
	plain, err := k.openRaw(ad, sealed)
	if err != nil {
		return err
	}
	defer clear(plain)
	return json.Unmarshal(plain, v)
}

func (k *keyRing) openRaw(ad string, sealed []byte) ([]byte, error) {
	if len(sealed) > 0 && sealed[0] == sealV1 {
		if k.legacy == nil {
			return nil, fmt.Errorf("sealed data (v1): %w", ErrNoKey)
		}
		return k.legacy.openRaw(ad, sealed)
	}
	n, ok := sealedKey(sealed)
	if !ok {
		return nil, errors.New("sealed data: unknown format")
	}
	k.mu.RLock()
	aead := k.keys[n]
	k.mu.RUnlock()
	if aead == nil {
		return nil, fmt.Errorf("sealed data: key %d: %w", n, ErrKeyGone)
	}
	ns := aead.NonceSize()
	if len(sealed) < v2Header+ns {
		return nil, errors.New("sealed data: truncated")
	}
	plain, err := aead.Open(nil, sealed[v2Header:v2Header+ns], sealed[v2Header+ns:], []byte(ad))
	if err != nil {
		return nil, fmt.Errorf("sealed data: key %d: %w", n, ErrWrongKey)
	}
	return plain, nil
}
