//! What the SCRAM client and server share ([RFC 5802], [RFC 7677]): the hash
//! functions, the key derivation of §3, and the attribute grammar of §5/§7.
//!
//! ```text
//! SaltedPassword  := Hi(Normalize(password), salt, i)      (PBKDF2-HMAC-H)
//! ClientKey       := HMAC(SaltedPassword, "Client Key")
//! StoredKey       := H(ClientKey)
//! AuthMessage     := client-first-message-bare + "," +
//!                    server-first-message + "," +
//!                    client-final-message-without-proof
//! ClientSignature := HMAC(StoredKey, AuthMessage)
//! ClientProof     := ClientKey XOR ClientSignature
//! ServerKey       := HMAC(SaltedPassword, "Server Key")
//! ServerSignature := HMAC(ServerKey, AuthMessage)
//! ```
//!
//! [RFC 5802]: https://www.rfc-editor.org/rfc/rfc5802
//! [RFC 7677]: https://www.rfc-editor.org/rfc/rfc7677

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha512};

use super::SaslError;

/// The default minimum PBKDF2 iteration count a client accepts (RFC 5802 §5.1
/// and RFC 7677 §4 both name 4096).
pub const DEFAULT_MIN_ITERATIONS: u32 = 4096;

/// The default maximum PBKDF2 iteration count a client accepts, so that a
/// hostile server cannot make it burn seconds of CPU (OWASP's 2023 figure for
/// PBKDF2-HMAC-SHA1, 1 300 000, fits under it).
pub const DEFAULT_MAX_ITERATIONS: u32 = 2_000_000;

/// Longest SCRAM message accepted (a generous bound; real ones are < 300 bytes
/// plus channel-binding data).
pub(crate) const MAX_MESSAGE_LEN: usize = 8 * 1024;

/// The hash function of a SCRAM mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScramHash {
    /// SHA-1 (`SCRAM-SHA-1`, RFC 5802).
    Sha1,
    /// SHA-256 (`SCRAM-SHA-256`, RFC 7677).
    Sha256,
    /// SHA-512 (`SCRAM-SHA-512`, draft-melnikov-scram-sha-512).
    Sha512,
}

impl ScramHash {
    /// Strongest first.
    pub const ALL: [ScramHash; 3] = [ScramHash::Sha512, ScramHash::Sha256, ScramHash::Sha1];

    /// The length of the hash output in bytes (20, 32 or 64).
    pub const fn output_len(self) -> usize {
        match self {
            ScramHash::Sha1 => 20,
            ScramHash::Sha256 => 32,
            ScramHash::Sha512 => 64,
        }
    }

    /// The hash's name as it appears in the mechanism name (`"SHA-256"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ScramHash::Sha1 => "SHA-1",
            ScramHash::Sha256 => "SHA-256",
            ScramHash::Sha512 => "SHA-512",
        }
    }

    /// `Hi(password, salt, iterations)`: PBKDF2-HMAC with this hash (RFC 5802 §2.2).
    ///
    /// `password` must already be SASLprep'd (see [`super::saslprep()`]).
    pub fn salted_password(self, password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
        let mut out = vec![0u8; self.output_len()];
        match self {
            ScramHash::Sha1 => pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, iterations, &mut out),
            ScramHash::Sha256 => {
                pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out)
            }
            ScramHash::Sha512 => {
                pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, iterations, &mut out)
            }
        }
        out
    }

    /// `HMAC(key, parts[0] || parts[1] || …)`.
    pub(crate) fn hmac(self, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
            // HMAC accepts keys of any length, so this never takes the `Err`
            // branch; an empty output would fail every comparison anyway.
            match <M as hmac::digest::KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    for p in parts {
                        mac.update(p);
                    }
                    mac.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        }
        match self {
            ScramHash::Sha1 => run::<Hmac<Sha1>>(key, parts),
            ScramHash::Sha256 => run::<Hmac<Sha256>>(key, parts),
            ScramHash::Sha512 => run::<Hmac<Sha512>>(key, parts),
        }
    }

    /// `H(data)`.
    pub(crate) fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            ScramHash::Sha1 => Sha1::digest(data).to_vec(),
            ScramHash::Sha256 => Sha256::digest(data).to_vec(),
            ScramHash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// `(ClientKey, ServerKey)` from a salted password.
    pub(crate) fn keys(self, salted_password: &[u8]) -> (Vec<u8>, Vec<u8>) {
        (
            self.hmac(salted_password, &[b"Client Key"]),
            self.hmac(salted_password, &[b"Server Key"]),
        )
    }
}

/// Escapes a SCRAM `saslname` (RFC 5802 §5.1): `=` becomes `=3D`, `,` becomes `=2C`.
pub(crate) fn escape_saslname(name: &str) -> Cow<'_, str> {
    if !name.contains([',', '=']) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '=' => out.push_str("=3D"),
            ',' => out.push_str("=2C"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Reverses [`escape_saslname`]; any other `=` is an error.
pub(crate) fn unescape_saslname<'a>(
    value: &'a str,
    field: &'static str,
) -> Result<Cow<'a, str>, SaslError> {
    if !value.contains('=') {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(pos) = rest.find('=') {
        out.push_str(rest.get(..pos).unwrap_or_default());
        let tail = rest.get(pos..).unwrap_or_default();
        if let Some(after) = tail.strip_prefix("=3D") {
            out.push('=');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("=2C") {
            out.push(',');
            rest = after;
        } else {
            return Err(SaslError::UnescapedName { field });
        }
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Checks a nonce: non-empty printable ASCII except `,` (RFC 5802 §7 `printable`).
pub(crate) fn validate_nonce(nonce: &str) -> Result<(), SaslError> {
    if !nonce.is_empty()
        && nonce
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b',')
    {
        Ok(())
    } else {
        Err(SaslError::InvalidNonce)
    }
}

/// Splits one `attr=value` part, checking that `attr` is a single ASCII
/// letter and that the value holds no NUL: no value in the RFC 5802 §7
/// grammar may (`value-safe-char` and `printable` start at %x01 and %x21,
/// base64 and numbers are ASCII). Every SCRAM attribute goes through here,
/// `n=` and `a=` included.
pub(crate) fn split_attr<'a>(
    part: &'a str,
    message: &'static str,
) -> Result<(u8, &'a str), SaslError> {
    let bytes = part.as_bytes();
    let (name, value) = match (bytes.first(), bytes.get(1)) {
        (Some(&name), Some(b'=')) if name.is_ascii_alphabetic() => {
            (name, part.get(2..).unwrap_or_default())
        }
        _ => {
            return Err(SaslError::Malformed {
                message,
                reason: "expected an attribute of the form x=value",
            });
        }
    };
    if value.contains('\0') {
        return Err(SaslError::Malformed {
            message,
            reason: "NUL in an attribute value (RFC 5802 §7)",
        });
    }
    Ok((name, value))
}

/// Checks the optional extensions at the end of a message (RFC 5802 §7
/// `extensions = attr-val *("," attr-val)`, `attr-val = ALPHA "=" value`,
/// `value = 1*value-char`): each one a letter, `=`, and a value that is
/// not empty and holds no NUL. Their meaning is ignored (§5.1).
pub(crate) fn check_extensions(
    parts: std::str::Split<'_, char>,
    message: &'static str,
) -> Result<(), SaslError> {
    for part in parts {
        let (_, value) = split_attr(part, message)?;
        if value.is_empty() {
            return Err(SaslError::Malformed {
                message,
                reason: "empty extension value (RFC 5802 §7: value = 1*value-char)",
            });
        }
    }
    Ok(())
}

/// Takes the next part of `parts`, which must be attribute `name`.
pub(crate) fn expect_attr<'a>(
    parts: &mut std::str::Split<'a, char>,
    name: u8,
    message: &'static str,
    reason: &'static str,
) -> Result<&'a str, SaslError> {
    let part = parts
        .next()
        .ok_or(SaslError::Malformed { message, reason })?;
    let (got, value) = split_attr(part, message)?;
    if got == name {
        Ok(value)
    } else {
        Err(SaslError::Malformed { message, reason })
    }
}

/// Checks a whole message's length and UTF-8.
pub(crate) fn message_str<'a>(
    bytes: &'a [u8],
    message: &'static str,
) -> Result<&'a str, SaslError> {
    if bytes.len() > MAX_MESSAGE_LEN {
        return Err(SaslError::TooLong {
            message,
            len: bytes.len(),
            limit: MAX_MESSAGE_LEN,
        });
    }
    std::str::from_utf8(bytes).map_err(|_| SaslError::InvalidUtf8 { field: message })
}

/// Standard base64 with padding, as SCRAM uses.
pub(crate) fn b64_encode(data: &[u8]) -> String {
    BASE64.encode(data)
}

/// Decodes standard base64; `field` names it in the error.
pub(crate) fn b64_decode(value: &str, field: &'static str) -> Result<Vec<u8>, SaslError> {
    BASE64
        .decode(value)
        .map_err(|_| SaslError::InvalidBase64 { field })
}

/// `a XOR b` (same lengths; extra bytes of the longer are dropped).
pub(crate) fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

/// Parses a positive decimal iteration count.
pub(crate) fn parse_iterations(value: &str) -> Result<u32, SaslError> {
    const M: &str = "server-first-message";
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) || value.starts_with('0') {
        return Err(SaslError::Malformed {
            message: M,
            reason: "iteration count is not a positive number",
        });
    }
    // Too many digits for a u32: treat as "above any maximum".
    Ok(value.parse::<u32>().unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc5802_keys() {
        // RFC 5802 §5 example: user "user", password "pencil", salt QSXCR+Q6sek8bf92, 4096.
        let salt = b64_decode("QSXCR+Q6sek8bf92", "salt").unwrap();
        let sp = ScramHash::Sha1.salted_password(b"pencil", &salt, 4096);
        assert_eq!(sp.len(), 20);
        let (ck, sk) = ScramHash::Sha1.keys(&sp);
        assert_eq!(ck.len(), 20);
        assert_eq!(sk.len(), 20);
        assert_ne!(ck, sk);
    }

    #[test]
    fn saslname_table() {
        let table: &[(&str, Result<&str, ()>)] = &[
            ("user", Ok("user")),
            ("a=3Db", Ok("a=b")),
            ("a=2Cb", Ok("a,b")),
            ("=3D=2C", Ok("=,")),
            ("a=b", Err(())),
            ("a=", Err(())),
            ("a=3", Err(())),
            ("a=3d", Err(())),
            ("=", Err(())),
        ];
        for (input, want) in table {
            let got = unescape_saslname(input, "username")
                .map(|c| c.into_owned())
                .map_err(|_| ());
            assert_eq!(got.as_deref().map_err(|_| ()), *want, "{input}");
        }
    }

    #[test]
    fn iterations_table() {
        assert_eq!(parse_iterations("4096"), Ok(4096));
        assert_eq!(parse_iterations("99999999999"), Ok(u32::MAX));
        for bad in ["", "0", "-1", "+5", "01", "4096 ", "x"] {
            assert!(parse_iterations(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn nonce_table() {
        assert!(validate_nonce("fyko+d2lbbFgONRv9qkxdawL").is_ok());
        for bad in ["", "a,b", "a b", "é", "\u{7f}"] {
            assert!(validate_nonce(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn saslname_round_trip(s in "\\PC{0,20}") {
            let esc = escape_saslname(&s);
            prop_assert!(!esc.contains(','));
            let back = unescape_saslname(&esc, "username").unwrap();
            prop_assert_eq!(back.as_ref(), s.as_str());
        }
    }
}
