package offline

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrWrongKey is returned when the outbox was written under another device
// key: its personal data cannot be read with this one.
var ErrWrongKey = errors.New("outbox was sealed with a different device key")

const (
	sealKeyLabel          = "pishkhan outbox v1"
	fingerprintLabel      = "pishkhan outbox key id v1"
	sealVersion      byte = 1
)

// sealer is the v1 format: AES-256-GCM under a key derived from the
// device key, so the device key itself never encrypts anything and the
// receipt key (kiosk.ReceiptKey) is independent of it. New data is sealed
// under answer keys (keyRing); the sealer only opens what older outboxes
// hold until Open moves it, and its fingerprint tells the device key.
type sealer struct {
	aead        cipher.AEAD
	fingerprint []byte
}

func newSealer(deviceKey []byte) (*sealer, error) {
	if len(deviceKey) != KeySize {
		return nil, fmt.Errorf("device key: want %d bytes, got %d", KeySize, len(deviceKey))
	}
	block, err := aes.NewCipher(derive(deviceKey, sealKeyLabel))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, fingerprint: derive(deviceKey, fingerprintLabel)[:8]}, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// seal encrypts v (as JSON) bound to the associated data ad: a version
// byte, a random 96-bit nonce, then the ciphertext and tag.
func (s *sealer) seal(ad string, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+s.aead.NonceSize(), 1+s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, err
	}
	out = s.aead.Seal(out, out[1:], plain, []byte(ad))
	clear(plain)
	return out, nil
}

// open decrypts what seal wrote for the same ad into v.
func (s *sealer) open(ad string, sealed []byte, v any) error {
	plain, err := s.openRaw(ad, sealed)
	if err != nil {
		return err
	}
	defer clear(plain)
	return json.Unmarshal(plain, v)
}

func (s *sealer) openRaw(ad string, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != sealVersion {
		return nil, errors.New("sealed data: unknown format")
	}
	plain, err := s.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(ad))
	if err != nil {
		return nil, fmt.Errorf("sealed data: %w", ErrWrongKey)
	}
	return plain, nil
}
