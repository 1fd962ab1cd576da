//! Entity Capabilities, [XEP-0115](https://xmpp.org/extensions/xep-0115.html):
//! the `<c/>` element in presence and stream features (§4, §6.3) and the
//! verification string algorithm (§5.1 generation, §5.4 processing checks).
//!
//! Leniency: `hash` is optional on parsing, for the legacy format of §8
//! (where `ver` is a software version and `ext` lists feature bundles).
//!
//! ```
//! use xmpp_sansio::stanza::xep::caps::Caps;
//! use xmpp_sansio::stanza::xep::disco::{DiscoInfoResult, Identity};
//!
//! // XEP-0115 §5.2, the simple generation example.
//! let info = DiscoInfoResult::new()
//!     .with_identity(Identity::new("client", "pc").with_name("Exodus 0.9.1"))
//!     .with_feature("http://jabber.org/protocol/caps")
//!     .with_feature("http://jabber.org/protocol/disco#info")
//!     .with_feature("http://jabber.org/protocol/disco#items")
//!     .with_feature("http://jabber.org/protocol/muc");
//! let caps = Caps::new("http://code.google.com/p/exodus", &info)?;
//! assert_eq!(caps.ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
//! assert_eq!(caps.verify(&info), Ok(true));
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::data_forms::FieldType;
use super::disco::DiscoInfoResult;
use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;
use base64::Engine as _;
use sha1::Digest as _;

/// The namespace of XEP-0115.
pub const NS: &str = "http://jabber.org/protocol/caps";

/// `<c xmlns='http://jabber.org/protocol/caps' hash='…' node='…' ver='…'/>`
/// (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caps {
    /// The hash function's IANA name (`sha-1`, `sha-256`, …); `None` in the
    /// legacy format.
    pub hash: Option<String>,
    /// The software's URI.
    pub node: String,
    /// The verification string (or, in the legacy format, a version).
    pub ver: String,
    /// Legacy feature bundles (deprecated, §8).
    pub ext: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl Caps {
    /// Capabilities for software `node` whose `disco#info` is `info`, with
    /// a SHA-1 verification string (the mandatory-to-implement hash, §10).
    pub fn new(node: impl Into<String>, info: &DiscoInfoResult) -> Result<Caps, PayloadError> {
        let ver = hash_verification_string("sha-1", &verification_string(info)?).ok_or(
            PayloadError::Invalid {
                element: "c",
                reason: "unsupported hash",
            },
        )?;
        Ok(Caps {
            hash: Some("sha-1".to_owned()),
            node: node.into(),
            ver,
            ext: None,
            unknown: Unknown::default(),
        })
    }

    /// Checks `ver` against `info` as §5.4 says: `Ok(true)` if it matches,
    /// `Ok(false)` if it does not or the hash is not supported (`sha-1`,
    /// `sha-256`, `sha-512` are), an error if `info` is ill-formed.
    pub fn verify(&self, info: &DiscoInfoResult) -> Result<bool, PayloadError> {
        let Some(hash) = self.hash.as_deref() else {
            return Ok(false);
        };
        let s = verification_string(info)?;
        Ok(hash_verification_string(hash, &s).as_deref() == Some(self.ver.as_str()))
    }
}

/// The string S of XEP-0115 §5.1 for `info`, before hashing.
///
/// Fails, as §5.4 requires, if `info` has two equal identities, two equal
/// features, two forms with the same `FORM_TYPE` or a `FORM_TYPE` with
/// differing values. Forms without a hidden `FORM_TYPE` are ignored.
/// Sorting is by octets ("i;octet").
pub fn verification_string(info: &DiscoInfoResult) -> Result<String, PayloadError> {
    let ill = |reason| PayloadError::Invalid {
        element: "query",
        reason,
    };
    let mut s = String::new();
    let mut ids: Vec<[&str; 4]> = info
        .identities
        .iter()
        .map(|i| {
            [
                i.category.as_str(),
                i.type_.as_str(),
                i.lang.as_deref().unwrap_or(""),
                i.name.as_deref().unwrap_or(""),
            ]
        })
        .collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(ill("two identities are the same (XEP-0115 §5.4)"));
    }
    for [c, t, l, n] in ids {
        for part in [c, "/", t, "/", l, "/", n, "<"] {
            s.push_str(part);
        }
    }
    let mut features: Vec<&str> = info.features.iter().map(String::as_str).collect();
    features.sort_unstable();
    if features.windows(2).any(|w| w[0] == w[1]) {
        return Err(ill("a feature is listed twice (XEP-0115 §5.4)"));
    }
    for f in features {
        s.push_str(f);
        s.push('<');
    }
    let mut forms = Vec::new();
    for form in &info.extensions {
        let Some(ft) = form
            .fields
            .iter()
            .find(|f| f.var.as_deref() == Some("FORM_TYPE"))
        else {
            continue;
        };
        if ft.field_type != Some(FieldType::Hidden) {
            continue;
        }
        let Some(first) = ft.values.first() else {
            continue;
        };
        if ft.values.iter().any(|v| v != first) {
            return Err(ill("a FORM_TYPE has differing values (XEP-0115 §5.4)"));
        }
        forms.push((first.as_str(), form));
    }
    forms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    if forms.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(ill("two forms have the same FORM_TYPE (XEP-0115 §5.4)"));
    }
    for (form_type, form) in forms {
        s.push_str(form_type);
        s.push('<');
        let mut fields: Vec<(&str, Vec<&str>)> = form
            .fields
            .iter()
            .filter_map(|f| {
                let var = f.var.as_deref()?;
                (var != "FORM_TYPE").then(|| {
                    let mut values: Vec<&str> = f.values.iter().map(String::as_str).collect();
                    values.sort_unstable();
                    (var, values)
                })
            })
            .collect();
        fields.sort_by(|a, b| a.0.cmp(b.0));
        for (var, values) in fields {
            s.push_str(var);
            s.push('<');
            for v in values {
                s.push_str(v);
                s.push('<');
            }
        }
    }
    Ok(s)
}

/// Hashes S with the hash named `hash` (`sha-1`, `sha-256` or `sha-512`)
/// and encodes it in Base64 (§5.1 step 9); `None` for another hash.
pub fn hash_verification_string(hash: &str, s: &str) -> Option<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    Some(match hash {
        "sha-1" => b64.encode(sha1::Sha1::digest(s.as_bytes())),
        "sha-256" => b64.encode(sha2::Sha256::digest(s.as_bytes())),
        "sha-512" => b64.encode(sha2::Sha512::digest(s.as_bytes())),
        _ => return None,
    })
}

impl TryFrom<Element> for Caps {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "c", NS)?;
        let hash = r.attr("hash").map(|s| s.to_string());
        let node = r.req_attr("node")?.to_string();
        let ver = r.req_attr("ver")?.to_string();
        let ext = r.attr("ext").map(|s| s.to_string());
        Ok(Caps {
            hash,
            node,
            ver,
            ext,
            unknown: r.finish(),
        })
    }
}

impl From<Caps> for Element {
    fn from(p: Caps) -> Element {
        with_unknown(
            Element::builder("c", NS)
                .attr_opt("hash", p.hash)
                .attr("node", p.node)
                .attr("ver", p.ver)
                .attr_opt("ext", p.ext)
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(Caps, "c", NS);
