//! XMPP addresses (JIDs), per [RFC 7622].
//!
//! PLACEHOLDER: this first cut fixes the public API only; normalization
//! (stringprep, IDNA) arrives with the full implementation.
//!
//! [RFC 7622]: https://www.rfc-editor.org/rfc/rfc7622

use std::fmt;
use std::str::FromStr;

/// Why a string is not a valid JID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JidError {
    /// A part is empty.
    #[error("the {0} is empty")]
    Empty(&'static str),
    /// A resource was required.
    #[error("a full JID needs a resource")]
    ResourceMissing,
    /// A resource was present where none is allowed.
    #[error("a bare JID cannot have a resource")]
    ResourceNotAllowed,
}

/// Any XMPP address: `[localpart@]domainpart[/resourcepart]`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Jid {
    s: String,
    at: Option<usize>,
    slash: Option<usize>,
}

/// An address with no resource.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BareJid(Jid);

/// An address with a resource.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FullJid(Jid);

impl Jid {
    /// Parses and normalizes `s`.
    pub fn new(s: &str) -> Result<Jid, JidError> {
        let slash = s.find('/');
        let at = s[..slash.unwrap_or(s.len())].find('@');
        if at == Some(0) {
            return Err(JidError::Empty("localpart"));
        }
        let dstart = at.map_or(0, |a| a + 1);
        if dstart == slash.unwrap_or(s.len()) {
            return Err(JidError::Empty("domainpart"));
        }
        if slash == Some(s.len() - 1) {
            return Err(JidError::Empty("resourcepart"));
        }
        let end = slash.unwrap_or(s.len());
        let mut owned = s[..end].to_ascii_lowercase();
        owned.push_str(&s[end..]);
        Ok(Jid {
            s: owned,
            at,
            slash,
        })
    }
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.s
    }
    /// The localpart.
    pub fn node(&self) -> Option<&str> {
        self.at.map(|a| &self.s[..a])
    }
    /// The domainpart.
    pub fn domain(&self) -> &str {
        &self.s[self.at.map_or(0, |a| a + 1)..self.slash.unwrap_or(self.s.len())]
    }
    /// The resourcepart.
    pub fn resource(&self) -> Option<&str> {
        self.slash.map(|p| &self.s[p + 1..])
    }
    /// True if there is no resource.
    pub fn is_bare(&self) -> bool {
        self.slash.is_none()
    }
    /// True if there is a resource.
    pub fn is_full(&self) -> bool {
        self.slash.is_some()
    }
    /// This address without its resource.
    pub fn to_bare(&self) -> BareJid {
        let end = self.slash.unwrap_or(self.s.len());
        BareJid(Jid {
            s: self.s[..end].to_owned(),
            at: self.at,
            slash: None,
        })
    }
    /// This address's bare part with resource `resource`.
    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        self.to_bare().with_resource(resource)
    }
}

impl BareJid {
    /// Parses a bare JID.
    pub fn new(s: &str) -> Result<BareJid, JidError> {
        let j = Jid::new(s)?;
        if j.is_full() {
            return Err(JidError::ResourceNotAllowed);
        }
        Ok(BareJid(j))
    }
    /// Builds a bare JID from its parts.
    pub fn from_parts(node: Option<&str>, domain: &str) -> Result<BareJid, JidError> {
        match node {
            Some(n) => BareJid::new(&format!("{n}@{domain}")),
            None => BareJid::new(domain),
        }
    }
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
    /// The localpart.
    pub fn node(&self) -> Option<&str> {
        self.0.node()
    }
    /// The domainpart.
    pub fn domain(&self) -> &str {
        self.0.domain()
    }
    /// This bare JID with resource `resource`.
    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        FullJid::new(&format!("{}/{resource}", self.0.s))
    }
}

impl FullJid {
    /// Parses a full JID.
    pub fn new(s: &str) -> Result<FullJid, JidError> {
        FullJid::try_from(Jid::new(s)?)
    }
    /// Builds a full JID from its parts.
    pub fn from_parts(
        node: Option<&str>,
        domain: &str,
        resource: &str,
    ) -> Result<FullJid, JidError> {
        BareJid::from_parts(node, domain)?.with_resource(resource)
    }
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
    /// The localpart.
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
    /// This address without its resource.
    pub fn to_bare(&self) -> BareJid {
        self.0.to_bare()
    }
}

impl TryFrom<Jid> for FullJid {
    type Error = JidError;
    fn try_from(j: Jid) -> Result<FullJid, JidError> {
        if j.is_full() {
            Ok(FullJid(j))
        } else {
            Err(JidError::ResourceMissing)
        }
    }
}
impl TryFrom<Jid> for BareJid {
    type Error = JidError;
    fn try_from(j: Jid) -> Result<BareJid, JidError> {
        if j.is_bare() {
            Ok(BareJid(j))
        } else {
            Err(JidError::ResourceNotAllowed)
        }
    }
}
impl From<FullJid> for Jid {
    fn from(j: FullJid) -> Jid {
        j.0
    }
}
impl From<BareJid> for Jid {
    fn from(j: BareJid) -> Jid {
        j.0
    }
}
impl FromStr for Jid {
    type Err = JidError;
    fn from_str(s: &str) -> Result<Self, JidError> {
        Jid::new(s)
    }
}
impl FromStr for BareJid {
    type Err = JidError;
    fn from_str(s: &str) -> Result<Self, JidError> {
        BareJid::new(s)
    }
}
impl FromStr for FullJid {
    type Err = JidError;
    fn from_str(s: &str) -> Result<Self, JidError> {
        FullJid::new(s)
    }
}
macro_rules! fmt_impls {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($t), self.as_str())
            }
        }
    )*};
}
fmt_impls!(Jid, BareJid, FullJid);
