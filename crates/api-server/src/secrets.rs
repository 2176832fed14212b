//! Secrets: generated from the operating system's secure random source,
//! stored only as hashes, compared in constant time.
//!
//! API token secrets and access tokens are 256 random bits, so a SHA-256
//! hash is enough to store them. Kafka passwords are chosen by people, so
//! they get a slow, salted hash (Argon2id).

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The OS random source failed, or hashing failed: never the caller's fault.
#[derive(Debug, thiserror::Error)]
#[error("secret generation failed: {0}")]
pub struct SecretError(String);

/// `n` random bytes from the OS.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], SecretError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| SecretError(e.to_string()))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new secret with a readable prefix: `prefix` + 64 hex digits.
pub fn new_secret(prefix: &str) -> Result<String, SecretError> {
    Ok(format!("{prefix}{}", hex(&random_bytes::<32>()?)))
}

/// A new client id: a random UUID (version 4).
pub fn new_client_id() -> Result<String, SecretError> {
    let mut b = random_bytes::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// A new project id: a random UUID.
pub fn new_project_id() -> Result<api_types::ProjectId, SecretError> {
    api_types::ProjectId::parse(&new_client_id()?)
        .map_err(|e| SecretError(format!("a generated id was refused: {e}")))
}

/// The stored form of a high-entropy secret.
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Whether `secret` hashes to `stored`, in time that does not depend on
/// where they differ.
pub fn matches(secret: &str, stored: &[u8]) -> bool {
    digest(secret).ct_eq(stored).into()
}

/// The stored form of a password: an Argon2id PHC string with its own salt.
pub fn hash_password(password: &str) -> Result<String, SecretError> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| SecretError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| SecretError(e.to_string()))
}

/// Whether `password` is the one `stored` (an Argon2id PHC string) was
/// made from. A stored value that cannot be read matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    use argon2::password_hash::PasswordHash;
    use argon2::PasswordVerifier;
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_stored_as_hashes() {
        let a = new_secret("cs_").unwrap();
        let b = new_secret("cs_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 3 + 64);
        let stored = digest(&a);
        assert!(matches(&a, &stored));
        assert!(!matches(&b, &stored));
        assert!(!matches(&a, &stored[..31]));
    }

    #[test]
    fn client_ids_are_version_4_uuids() {
        let id = new_client_id().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
    }

    #[test]
    fn passwords_get_a_salted_slow_hash() {
        let one = hash_password("correct horse battery").unwrap();
        let two = hash_password("correct horse battery").unwrap();
        assert!(one.starts_with("$argon2id$"), "{one}");
        assert_ne!(one, two, "each hash has its own salt");
        assert!(!one.contains("correct horse"));
        assert!(verify_password("correct horse battery", &one));
        assert!(!verify_password("correct horse battery!", &one));
        assert!(!verify_password("correct horse battery", "not a hash"));
    }
}

/// Encrypts connector secrets at rest (XChaCha20-Poly1305, an AEAD: each
/// value sealed with a random nonce and bound to the row it belongs to).
/// `Debug` never prints the key.
pub struct SecretBox {
    cipher: chacha20poly1305::XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(<key>)")
    }
}

/// Bytes of an encryption key.
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;

impl SecretBox {
    /// A box with this key.
    pub fn new(key: &[u8; KEY_BYTES]) -> Self {
        use chacha20poly1305::KeyInit;
        Self {
            cipher: chacha20poly1305::XChaCha20Poly1305::new(key.into()),
        }
    }

    /// A new random key, as hex.
    pub fn new_key_hex() -> Result<String, SecretError> {
        Ok(hex(&random_bytes::<KEY_BYTES>()?))
    }

    /// A key from its 64 hex digits.
    pub fn key_from_hex(text: &str) -> Result<[u8; KEY_BYTES], SecretError> {
        let text = text.trim();
        if text.len() != KEY_BYTES * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SecretError(format!(
                "an encryption key is {} hex digits",
                KEY_BYTES * 2
            )));
        }
        let mut key = [0u8; KEY_BYTES];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16)
                .map_err(|e| SecretError(e.to_string()))?;
        }
        Ok(key)
    }

    /// `plain` sealed for the row `bound_to` names: nonce, then ciphertext.
    pub fn seal(&self, bound_to: &str, plain: &[u8]) -> Result<Vec<u8>, SecretError> {
        use chacha20poly1305::aead::{Aead, Payload};
        let nonce = random_bytes::<NONCE_BYTES>()?;
        let sealed = self
            .cipher
            .encrypt(
                (&nonce).into(),
                Payload {
                    msg: plain,
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| SecretError("encryption failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(out)
    }

    /// What [`Self::seal`] sealed for `bound_to`; an error when the bytes
    /// were sealed with another key, for another row, or altered.
    pub fn open(&self, bound_to: &str, sealed: &[u8]) -> Result<Vec<u8>, SecretError> {
        use chacha20poly1305::aead::{Aead, Payload};
        if sealed.len() < NONCE_BYTES {
            return Err(SecretError("a sealed value is too short".into()));
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        self.cipher
            .decrypt(
                nonce.into(),
                Payload {
                    msg: body,
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| {
                SecretError(
                    "a sealed value does not open with this key (another key, or altered)".into(),
                )
            })
    }
}

#[cfg(test)]
mod box_tests {
    use super::SecretBox;

    #[test]
    fn sealed_values_open_only_with_their_key_and_row() {
        let key = SecretBox::key_from_hex(&SecretBox::new_key_hex().unwrap()).unwrap();
        let b = SecretBox::new(&key);
        let sealed = b.seal("row-1", b"s3cret").unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"s3cret"));
        assert_eq!(b.open("row-1", &sealed).unwrap(), b"s3cret");
        assert!(b.open("row-2", &sealed).is_err(), "bound to its row");
        let other = SecretBox::new(&[7u8; 32]);
        assert!(other.open("row-1", &sealed).is_err(), "another key");
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(b.open("row-1", &altered).is_err(), "altered");
        assert_ne!(
            b.seal("row-1", b"s3cret").unwrap(),
            sealed,
            "a new nonce each time"
        );
        assert!(SecretBox::key_from_hex("abc").is_err());
    }
}
