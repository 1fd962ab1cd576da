//! [`ByteStr`]: an immutable UTF-8 string backed by [`bytes::Bytes`].

use bytes::Bytes;
use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// An immutable UTF-8 string backed by [`Bytes`].
///
/// Cloning is cheap (a reference-count increment, or nothing for static
/// text), and the stream parser hands out `ByteStr`s that are slices of the
/// stanza's own receive buffer, so names, attribute values and text need no
/// copy of their own. It compares, hashes and orders exactly like `str`.
///
/// ```
/// use xmpp_sansio::xml::ByteStr;
/// let s = ByteStr::from_static("jabber:client");
/// assert_eq!(&*s, "jabber:client");
/// assert_eq!(s, "jabber:client");
/// ```
#[derive(Clone, Default)]
pub struct ByteStr {
    // Invariant: always valid UTF-8.
    bytes: Bytes,
}

impl ByteStr {
    /// An empty string.
    pub const fn new() -> Self {
        ByteStr {
            bytes: Bytes::new(),
        }
    }

    /// Wraps static text without copying it.
    pub const fn from_static(s: &'static str) -> Self {
        ByteStr {
            bytes: Bytes::from_static(s.as_bytes()),
        }
    }

    /// Wraps `bytes` if they are valid UTF-8; otherwise gives them back
    /// with the UTF-8 error.
    pub fn from_utf8(bytes: Bytes) -> Result<Self, (Bytes, std::str::Utf8Error)> {
        match std::str::from_utf8(&bytes) {
            Ok(_) => Ok(ByteStr { bytes }),
            Err(e) => Err((bytes, e)),
        }
    }

    /// Wraps `bytes` that the caller has already checked to be UTF-8 (the
    /// stream parser validates each token once). If they are not, the
    /// string reads as empty rather than exposing invalid text.
    pub(crate) fn from_utf8_checked_elsewhere(bytes: Bytes) -> Self {
        debug_assert!(std::str::from_utf8(&bytes).is_ok());
        ByteStr { bytes }
    }

    /// The text as `&str`.
    #[inline]
    pub fn as_str(&self) -> &str {
        // The invariant makes this infallible; the fallback is never taken.
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The underlying bytes (cheap to clone).
    pub fn as_bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Consumes the string, returning the underlying bytes.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The sub-string at `range` (byte offsets), sharing the same buffer.
    /// Returns `None` if the range is out of bounds or not on character
    /// boundaries.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Option<ByteStr> {
        let s = self.as_str();
        if range.start > range.end
            || range.end > s.len()
            || !s.is_char_boundary(range.start)
            || !s.is_char_boundary(range.end)
        {
            return None;
        }
        Some(ByteStr {
            bytes: self.bytes.slice(range),
        })
    }
}

impl Deref for ByteStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ByteStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for ByteStr {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl Borrow<str> for ByteStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for ByteStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for ByteStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for ByteStr {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl Eq for ByteStr {}

// Comparisons look at the bytes: for two UTF-8 strings, byte equality and
// byte order are string equality and order, and the bytes need no
// re-validation (see `as_str`).
impl PartialEq<str> for ByteStr {
    fn eq(&self, other: &str) -> bool {
        self.bytes[..] == *other.as_bytes()
    }
}
impl PartialEq<&str> for ByteStr {
    fn eq(&self, other: &&str) -> bool {
        self.bytes[..] == *other.as_bytes()
    }
}
impl PartialEq<ByteStr> for str {
    fn eq(&self, other: &ByteStr) -> bool {
        *self.as_bytes() == other.bytes[..]
    }
}
impl PartialEq<ByteStr> for &str {
    fn eq(&self, other: &ByteStr) -> bool {
        *self.as_bytes() == other.bytes[..]
    }
}

impl PartialOrd for ByteStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ByteStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes[..].cmp(&other.bytes[..])
    }
}

impl Hash for ByteStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, so that a map keyed by `ByteStr` can be looked up
        // with a `&str` (`Borrow<str>`).
        self.as_str().hash(state)
    }
}

impl From<&'static str> for ByteStr {
    /// Static text is wrapped without a copy.
    fn from(s: &'static str) -> Self {
        ByteStr::from_static(s)
    }
}

impl From<String> for ByteStr {
    fn from(s: String) -> Self {
        ByteStr {
            bytes: Bytes::from(s),
        }
    }
}

impl From<&String> for ByteStr {
    fn from(s: &String) -> Self {
        ByteStr::from(s.clone())
    }
}

impl From<Box<str>> for ByteStr {
    fn from(s: Box<str>) -> Self {
        ByteStr::from(String::from(s))
    }
}

impl From<std::borrow::Cow<'static, str>> for ByteStr {
    fn from(s: std::borrow::Cow<'static, str>) -> Self {
        match s {
            std::borrow::Cow::Borrowed(b) => ByteStr::from_static(b),
            std::borrow::Cow::Owned(o) => ByteStr::from(o),
        }
    }
}

impl From<ByteStr> for String {
    fn from(s: ByteStr) -> Self {
        s.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_str() {
        let a = ByteStr::from(String::from("héllo"));
        let b = ByteStr::from_static("héllo");
        assert_eq!(a, b);
        assert_eq!(a.len(), 6);
        assert_eq!(format!("{a}"), "héllo");
        assert_eq!(format!("{a:?}"), "\"héllo\"");
        assert!(ByteStr::from_static("a") < ByteStr::from_static("b"));
        assert_eq!(a.slice(0..1).as_deref(), Some("h"));
        assert!(a.slice(0..2).is_none(), "not a char boundary");
        assert!(a.slice(0..7).is_none(), "out of bounds");
    }

    #[test]
    fn rejects_invalid_utf8() {
        assert!(ByteStr::from_utf8(Bytes::from_static(b"\xff")).is_err());
        assert!(ByteStr::from_utf8(Bytes::from_static(b"ok")).is_ok());
    }
}
