//! Software Version, [XEP-0092](https://xmpp.org/extensions/xep-0092.html):
//! an empty `jabber:iq:version` query asks for an entity's software, the
//! result names it (§2).

use super::macros::{empty_payload, impl_payload};
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0092.
pub const NS: &str = "jabber:iq:version";

empty_payload!(
    /// The request: `<query xmlns='jabber:iq:version'/>`.
    VersionQuery,
    "query",
    NS
);

/// The answer: `<query><name/><version/><os/></query>` (§2). `name` and
/// `version` are required, `os` optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoftwareVersion {
    /// The software's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The operating system, if disclosed.
    pub os: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl SoftwareVersion {
    /// A version answer for software `name` at `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        SoftwareVersion {
            name: name.into(),
            version: version.into(),
            os: None,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for SoftwareVersion {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS)?;
        let name = r.req_child_text("name", NS)?;
        let version = r.req_child_text("version", NS)?;
        let os = r.child_text("os", NS)?;
        Ok(SoftwareVersion {
            name,
            version,
            os,
            unknown: r.finish(),
        })
    }
}

impl From<SoftwareVersion> for Element {
    fn from(p: SoftwareVersion) -> Element {
        let mut b = Element::builder("query", NS)
            .append(text_element("name", NS, p.name))
            .append(text_element("version", NS, p.version));
        if let Some(os) = p.os {
            b = b.append(text_element("os", NS, os));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl_payload!(SoftwareVersion, "query", NS);
