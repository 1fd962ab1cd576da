//! The address types: [`Jid`], [`BareJid`] and [`FullJid`].

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::error::{JidError, JidPart};
use super::prep::{self, Path};

/// Any XMPP address, `[localpart@]domainpart[/resourcepart]`
/// ([RFC 7622 §3](https://www.rfc-editor.org/rfc/rfc7622#section-3)),
/// always normalized.
///
/// The text is split at the first `/`, and what comes before it at the first
/// `@`; so a resourcepart may contain `@` and `/`. Each part is normalized
/// when the JID is built (see the [module docs](super) for the rules), so
/// equality, hashing and ordering work on the normalized text: two strings
/// naming the same address give equal `Jid`s.
///
/// A `Jid` is one heap string plus two offsets; `Clone` is one allocation.
///
/// ```
/// use xmpp_sansio::jid::Jid;
///
/// let jid = Jid::new("Juliet@Example.com/Balcony")?;
/// assert_eq!(jid.as_str(), "juliet@example.com/Balcony");
/// assert_eq!(jid.node(), Some("juliet"));
/// assert_eq!(jid.domain(), "example.com");
/// assert_eq!(jid.resource(), Some("Balcony"));
/// assert_eq!(jid, Jid::new("juliet@EXAMPLE.COM./Balcony")?);
/// # Ok::<(), xmpp_sansio::jid::JidError>(())
/// ```
#[derive(Clone)]
pub struct Jid {
    /// The normalized text.
    s: Box<str>,
    /// Byte offset of the `@`, or 0 when there is no localpart.
    at: u16,
    /// Byte offset of the `/`, or 0 when there is no resourcepart.
    slash: u16,
}

/// An address without a resourcepart: an account, a room or a server.
///
/// ```
/// use xmpp_sansio::jid::BareJid;
///
/// let room = BareJid::new("Coven@Chat.Shakespeare.lit")?;
/// assert_eq!(room.as_str(), "coven@chat.shakespeare.lit");
/// let occupant = room.with_resource("thirdwitch")?;
/// assert_eq!(occupant.as_str(), "coven@chat.shakespeare.lit/thirdwitch");
/// assert!(BareJid::new("coven@chat.shakespeare.lit/thirdwitch").is_err());
/// # Ok::<(), xmpp_sansio::jid::JidError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BareJid(Jid);

/// An address with a resourcepart: one session of an account, or one
/// occupant of a room.
///
/// ```
/// use xmpp_sansio::jid::FullJid;
///
/// let jid = FullJid::new("romeo@montague.lit/orchard")?;
/// assert_eq!(jid.resource(), "orchard");
/// assert_eq!(jid.to_bare().as_str(), "romeo@montague.lit");
/// assert!(FullJid::new("romeo@montague.lit").is_err());
/// # Ok::<(), xmpp_sansio::jid::JidError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FullJid(Jid);

impl Jid {
    /// Parses and normalizes any JID.
    ///
    /// Fails with a [`JidError`] naming the part and the reason when `s` is
    /// not a valid address.
    pub fn new(s: &str) -> Result<Jid, JidError> {
        Jid::parse(s, Path::Auto)
    }

    /// Like [`Jid::new`], but always through the full Unicode preparation,
    /// never the ASCII fast path. Exists so that tests and fuzzers can check
    /// that both paths agree; not part of the stable API.
    #[doc(hidden)]
    pub fn new_without_fast_path(s: &str) -> Result<Jid, JidError> {
        Jid::parse(s, Path::Slow)
    }

    /// Builds a JID from its parts, each prepared on its own (so `node` must
    /// not contain `@`, but `resource` may contain anything Resourceprep
    /// allows, `/` and `@` included).
    ///
    /// ```
    /// use xmpp_sansio::jid::Jid;
    ///
    /// let jid = Jid::from_parts(Some("Alice"), "example.com", Some("a/b"))?;
    /// assert_eq!(jid.as_str(), "alice@example.com/a/b");
    /// assert!(Jid::from_parts(Some("a@b"), "example.com", None).is_err());
    /// # Ok::<(), xmpp_sansio::jid::JidError>(())
    /// ```
    pub fn from_parts(
        node: Option<&str>,
        domain: &str,
        resource: Option<&str>,
    ) -> Result<Jid, JidError> {
        let cap =
            node.map_or(0, |n| n.len() + 1) + domain.len() + resource.map_or(0, |r| r.len() + 1);
        let mut out = String::with_capacity(cap);
        let at = match node {
            Some(n) => {
                prep::push_node(n, &mut out, Path::Auto)?;
                let at = out.len();
                out.push('@');
                Some(at)
            }
            None => None,
        };
        prep::push_domain(domain, &mut out, Path::Auto)?;
        let slash = match resource {
            Some(r) => {
                let slash = out.len();
                out.push('/');
                prep::push_resource(r, &mut out, Path::Auto)?;
                Some(slash)
            }
            None => None,
        };
        Jid::assemble(out, at, slash)
    }

    fn parse(s: &str, path: Path) -> Result<Jid, JidError> {
        // The first '@' or '/' decides: an '@' after the first '/' belongs
        // to the resourcepart.
        let bytes = s.as_bytes();
        let (at, slash) = match find2(b'@', b'/', bytes) {
            Some(i) if bytes.get(i) == Some(&b'@') => {
                let rest = bytes.get(i + 1..).unwrap_or_default();
                (Some(i), find2(b'/', b'/', rest).map(|j| i + 1 + j))
            }
            first_slash => (None, first_slash),
        };
        let bare_end = slash.unwrap_or(bytes.len());
        // '/' and '@' are ASCII, so every cut below is on a char boundary.
        let resource = slash.map(|i| s.get(i + 1..).unwrap_or_default());
        let node = at.map(|i| s.get(..i).unwrap_or_default());
        let domain = s.get(at.map_or(0, |i| i + 1)..bare_end).unwrap_or_default();
        if path == Path::Auto
            && let Some(prepped) = prep::jid_fast(s, node, domain, resource)
        {
            // Only ASCII case changed: the separators are where they were.
            return Jid::assemble_boxed(prepped, at, slash);
        }
        let mut out = String::with_capacity(s.len());
        let at = match node {
            Some("") => return Err(JidError::Empty(JidPart::Localpart)),
            Some(node) => {
                prep::push_node(node, &mut out, path)?;
                let at = out.len();
                out.push('@');
                Some(at)
            }
            None => None,
        };
        if domain.is_empty() {
            return Err(JidError::Empty(JidPart::Domainpart));
        }
        prep::push_domain(domain, &mut out, path)?;
        let slash = match resource {
            Some("") => return Err(JidError::Empty(JidPart::Resourcepart)),
            Some(resource) => {
                let slash = out.len();
                out.push('/');
                prep::push_resource(resource, &mut out, path)?;
                Some(slash)
            }
            None => None,
        };
        Jid::assemble(out, at, slash)
    }

    /// Wraps prepared text whose separators are at `at` and `slash`.
    fn assemble(out: String, at: Option<usize>, slash: Option<usize>) -> Result<Jid, JidError> {
        Jid::assemble_boxed(out.into_boxed_str(), at, slash)
    }

    /// Like [`Jid::assemble`], for text already in its final allocation.
    fn assemble_boxed(
        out: Box<str>,
        at: Option<usize>,
        slash: Option<usize>,
    ) -> Result<Jid, JidError> {
        // Parts are at most 1023 bytes, so offsets are at most 2047: the
        // errors below cannot happen, but are cheaper to state than to prove.
        let offset = |pos: Option<usize>, part| {
            u16::try_from(pos.unwrap_or(0)).map_err(|_| JidError::TooLong {
                part,
                len: pos.unwrap_or(0),
            })
        };
        Ok(Jid {
            at: offset(at, JidPart::Localpart)?,
            slash: offset(slash, JidPart::Domainpart)?,
            s: out,
        })
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// The localpart, if any.
    pub fn node(&self) -> Option<&str> {
        match self.at {
            0 => None,
            at => self.s.get(..usize::from(at)),
        }
    }

    /// The domainpart.
    pub fn domain(&self) -> &str {
        let start = match self.at {
            0 => 0,
            at => usize::from(at) + 1,
        };
        self.s.get(start..self.bare_end()).unwrap_or_default()
    }

    /// The resourcepart, if any.
    pub fn resource(&self) -> Option<&str> {
        match self.slash {
            0 => None,
            slash => self.s.get(usize::from(slash) + 1..),
        }
    }

    /// The address without its resourcepart, as text (no allocation).
    pub fn bare_str(&self) -> &str {
        self.s.get(..self.bare_end()).unwrap_or_default()
    }

    /// True if there is no resourcepart.
    pub fn is_bare(&self) -> bool {
        self.slash == 0
    }

    /// True if there is a resourcepart.
    pub fn is_full(&self) -> bool {
        self.slash != 0
    }

    /// This address without its resourcepart.
    pub fn to_bare(&self) -> BareJid {
        BareJid(Jid {
            s: self.bare_str().into(),
            at: self.at,
            slash: 0,
        })
    }

    /// This address without its resourcepart, reusing its allocation.
    pub fn into_bare(self) -> BareJid {
        if self.is_bare() {
            return BareJid(self);
        }
        let end = self.bare_end();
        let mut s = String::from(self.s);
        s.truncate(end);
        BareJid(Jid {
            s: s.into_boxed_str(),
            at: self.at,
            slash: 0,
        })
    }

    /// This address's bare part with the resourcepart `resource`, which is
    /// prepared with Resourceprep.
    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        let bare = self.bare_str();
        let mut out = String::with_capacity(bare.len() + 1 + resource.len());
        out.push_str(bare);
        out.push('/');
        prep::push_resource(resource, &mut out, Path::Auto)?;
        Ok(FullJid(Jid::assemble(
            out,
            self.node().map(str::len),
            Some(bare.len()),
        )?))
    }

    fn bare_end(&self) -> usize {
        match self.slash {
            0 => self.s.len(),
            slash => usize::from(slash),
        }
    }
}

/// The index of the first `a` or `b` in `hay`, eight bytes at a time
/// (for strings as short as JIDs this beats `memchr`'s dispatch).
fn find2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let (wa, wb) = (LO * u64::from(a), LO * u64::from(b));
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let (x, y) = (w ^ wa, w ^ wb);
        // A zero byte in x or y marks a match; the lowest flagged byte is
        // exact (borrows only create false flags above a true zero).
        let hits = (x.wrapping_sub(LO) & !x | y.wrapping_sub(LO) & !y) & HI;
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == a || c == b)
        .map(|p| base + p)
}

impl BareJid {
    /// Parses and normalizes a JID that has no resourcepart.
    pub fn new(s: &str) -> Result<BareJid, JidError> {
        BareJid::try_from(Jid::new(s)?)
    }

    /// Builds a bare JID from its parts, each prepared on its own.
    pub fn from_parts(node: Option<&str>, domain: &str) -> Result<BareJid, JidError> {
        Ok(BareJid(Jid::from_parts(node, domain, None)?))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The localpart, if any.
    pub fn node(&self) -> Option<&str> {
        self.0.node()
    }

    /// The domainpart.
    pub fn domain(&self) -> &str {
        self.0.domain()
    }

    /// This address with the resourcepart `resource`, which is prepared
    /// with Resourceprep.
    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        self.0.with_resource(resource)
    }

    /// This address as a [`Jid`] (no allocation).
    pub fn as_jid(&self) -> &Jid {
        &self.0
    }
}

impl FullJid {
    /// Parses and normalizes a JID that has a resourcepart.
    pub fn new(s: &str) -> Result<FullJid, JidError> {
        FullJid::try_from(Jid::new(s)?)
    }

    /// Builds a full JID from its parts, each prepared on its own.
    pub fn from_parts(
        node: Option<&str>,
        domain: &str,
        resource: &str,
    ) -> Result<FullJid, JidError> {
        Ok(FullJid(Jid::from_parts(node, domain, Some(resource))?))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The localpart, if any.
    pub fn node(&self) -> Option<&str> {
        self.0.node()
    }

    /// The domainpart.
    pub fn domain(&self) -> &str {
        self.0.domain()
    }

    /// The resourcepart.
    pub fn resource(&self) -> &str {
        self.0.resource().unwrap_or_default()
    }

    /// This address without its resourcepart.
    pub fn to_bare(&self) -> BareJid {
        self.0.to_bare()
    }

    /// This address without its resourcepart, reusing its allocation.
    pub fn into_bare(self) -> BareJid {
        self.0.into_bare()
    }

    /// The same bare address with another resourcepart.
    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        self.0.with_resource(resource)
    }

    /// This address as a [`Jid`] (no allocation).
    pub fn as_jid(&self) -> &Jid {
        &self.0
    }
}

impl PartialEq for Jid {
    fn eq(&self, other: &Jid) -> bool {
        self.s == other.s
    }
}

impl Eq for Jid {}

impl Hash for Jid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.s.hash(state);
    }
}

/// Orders by the normalized text (byte-wise), consistent with `Eq`.
impl Ord for Jid {
    fn cmp(&self, other: &Jid) -> Ordering {
        self.s.cmp(&other.s)
    }
}

impl PartialOrd for Jid {
    fn partial_cmp(&self, other: &Jid) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl TryFrom<Jid> for FullJid {
    type Error = JidError;
    /// Fails with [`JidError::ResourceMissing`] on a bare JID.
    fn try_from(jid: Jid) -> Result<FullJid, JidError> {
        if jid.is_full() {
            Ok(FullJid(jid))
        } else {
            Err(JidError::ResourceMissing)
        }
    }
}

impl TryFrom<Jid> for BareJid {
    type Error = JidError;
    /// Fails with [`JidError::ResourceNotAllowed`] on a full JID.
    fn try_from(jid: Jid) -> Result<BareJid, JidError> {
        if jid.is_bare() {
            Ok(BareJid(jid))
        } else {
            Err(JidError::ResourceNotAllowed)
        }
    }
}

impl From<FullJid> for Jid {
    fn from(jid: FullJid) -> Jid {
        jid.0
    }
}

impl From<BareJid> for Jid {
    fn from(jid: BareJid) -> Jid {
        jid.0
    }
}

macro_rules! common_impls {
    ($($t:ident),*) => {$(
        impl FromStr for $t {
            type Err = JidError;
            fn from_str(s: &str) -> Result<$t, JidError> {
                $t::new(s)
            }
        }

        impl TryFrom<&str> for $t {
            type Error = JidError;
            fn try_from(s: &str) -> Result<$t, JidError> {
                $t::new(s)
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        /// Writes the normalized address.
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Writes the type and the normalized address, as `Jid("a@b/c")`.
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($t), self.as_str())
            }
        }
    )*};
}

common_impls!(Jid, BareJid, FullJid);

macro_rules! cross_eq {
    ($($t:ident),*) => {$(
        impl PartialEq<$t> for Jid {
            fn eq(&self, other: &$t) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<Jid> for $t {
            fn eq(&self, other: &Jid) -> bool {
                self.0 == *other
            }
        }
    )*};
}

cross_eq!(BareJid, FullJid);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn accessors_agree_with_the_text() {
        let j = Jid::new("a@b/c@d/e").unwrap();
        assert_eq!(
            (j.node(), j.domain(), j.resource()),
            (Some("a"), "b", Some("c@d/e"))
        );
        assert_eq!(j.bare_str(), "a@b");
        let j = Jid::new("b").unwrap();
        assert_eq!((j.node(), j.domain(), j.resource()), (None, "b", None));
        let j = Jid::new("b/r").unwrap();
        assert_eq!((j.node(), j.domain(), j.resource()), (None, "b", Some("r")));
    }

    #[test]
    fn conversions_keep_parts() {
        let full = FullJid::new("A@B/R").unwrap();
        assert_eq!(full.to_bare(), BareJid::new("a@b").unwrap());
        assert_eq!(full.clone().into_bare(), full.to_bare());
        let jid: Jid = full.clone().into();
        assert_eq!(jid, full);
        assert_eq!(full, jid);
        assert_eq!(FullJid::try_from(jid.clone()), Ok(full.clone()));
        assert_eq!(
            BareJid::try_from(jid.clone()),
            Err(JidError::ResourceNotAllowed)
        );
        let other = full.with_resource("S").unwrap();
        assert_eq!(other.as_str(), "a@b/S");
        assert_eq!(other.node(), Some("a"));
        let bare = BareJid::new("b").unwrap();
        assert_eq!(
            FullJid::try_from(Jid::from(bare.clone())),
            Err(JidError::ResourceMissing)
        );
        assert_eq!(bare.with_resource("r").unwrap().as_str(), "b/r");
        assert_eq!(
            bare.with_resource("").unwrap_err(),
            JidError::Empty(JidPart::Resourcepart)
        );
    }

    #[test]
    fn equal_addresses_hash_and_order_equal() {
        let a = Jid::new("ALICE@Example.com.").unwrap();
        let b = Jid::new("alice@example.com").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        let set: HashSet<Jid> = [a, b].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert!(Jid::new("a@b").unwrap() < Jid::new("b@a").unwrap());
        assert_eq!(
            format!("{:?}", BareJid::new("X").unwrap()),
            "BareJid(\"x\")"
        );
    }

    #[test]
    fn find2_finds_the_first_of_two_bytes_anywhere() {
        for len in 0..40 {
            for pos in 0..len {
                for (a, b) in [(b'@', b'/'), (b'/', b'/')] {
                    let mut hay = vec![b'x'; len];
                    hay[pos] = b;
                    if pos + 3 < len {
                        hay[pos + 3] = a;
                    }
                    assert_eq!(find2(a, b, &hay), Some(pos), "{len} {pos}");
                }
            }
            assert_eq!(find2(b'@', b'/', "é\u{80}A?".repeat(len).as_bytes()), None);
        }
    }

    #[test]
    fn a_jid_is_small() {
        assert!(std::mem::size_of::<Jid>() <= 24);
    }
}
