//! `<stream:features/>`
//! ([RFC 6120 §4.3.2](https://www.rfc-editor.org/rfc/rfc6120#section-4.3.2)):
//! STARTTLS, SASL mechanisms, resource binding, the optional legacy session,
//! roster versioning ([RFC 6121 §2.6.1](https://www.rfc-editor.org/rfc/rfc6121#section-2.6.1))
//! and subscription pre-approval ([§3.4](https://www.rfc-editor.org/rfc/rfc6121#section-3.4)).
//! Features this module does not know are kept in [`StreamFeatures::others`].
//!
//! ```
//! use xmpp_sansio::stanza::{StartTls, StreamFeatures};
//! use xmpp_sansio::xml::Element;
//!
//! let f = StreamFeatures {
//!     starttls: Some(StartTls::new(true)),
//!     ..StreamFeatures::default()
//! };
//! let el = Element::from(f.clone());
//! assert_eq!(el.prefix(), Some("stream"));
//! assert_eq!(StreamFeatures::try_from(el)?, f);
//! # Ok::<(), xmpp_sansio::stanza::StanzaParseError>(())
//! ```

use super::common::truncate;
use super::reader::Reader;
use super::{SaslMechanisms, StanzaParseError, StartTls, Unknown};
use crate::xml::{Element, Node, ns};

/// The roster versioning feature namespace (RFC 6121 §2.6.1).
pub const NS_ROSTER_VER: &str = "urn:xmpp:features:rosterver";
/// The subscription pre-approval feature namespace (RFC 6121 §3.4.1).
pub const NS_PRE_APPROVAL: &str = "urn:xmpp:features:pre-approval";

/// The features a receiving entity offers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamFeatures {
    /// STARTTLS is offered (RFC 6120 §5.3.1).
    pub starttls: Option<StartTls>,
    /// SASL mechanisms offered (RFC 6120 §6.4.1).
    pub mechanisms: Option<SaslMechanisms>,
    /// Resource binding is offered (RFC 6120 §7.4).
    pub bind: bool,
    /// The legacy session is offered.
    pub session: Option<SessionFeature>,
    /// Roster versioning is supported (`<ver xmlns='urn:xmpp:features:rosterver'/>`).
    pub roster_ver: bool,
    /// Subscription pre-approval is supported (`<sub xmlns='urn:xmpp:features:pre-approval'/>`).
    pub pre_approval: bool,
    /// Other features (stream management, CSI, compression, …), kept in order.
    pub others: Vec<Element>,
    /// Attributes of `<stream:features/>`, and what the features read as
    /// flags (`bind`, `session`, `ver`, `sub`) hold, kept and written back.
    pub unknown: Unknown,
}

/// The `<session/>` stream feature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionFeature {
    /// `<optional/>`: clients may skip the session request
    /// (draft-cridland-xmpp-session).
    pub optional: bool,
}

impl StreamFeatures {
    /// True when no feature at all is offered (the stream is negotiated,
    /// RFC 6120 §4.3.2).
    pub fn is_empty(&self) -> bool {
        self.starttls.is_none()
            && self.mechanisms.is_none()
            && !self.bind
            && self.session.is_none()
            && !self.roster_ver
            && !self.pre_approval
            && self.others.is_empty()
    }

    /// The first other feature named `name` in namespace `ns`.
    pub fn other(&self, name: &str, ns: &str) -> Option<&Element> {
        self.others.iter().find(|e| e.is(name, ns))
    }
}

impl TryFrom<Element> for StreamFeatures {
    type Error = StanzaParseError;

    /// Parses `<stream:features/>`. Lenient: a feature offered twice is
    /// kept once (typed) and the repeat goes to `others`. What the `bind`,
    /// `session`, rosterver and pre-approval elements hold is kept in
    /// [`StreamFeatures::unknown`].
    fn try_from(el: Element) -> Result<StreamFeatures, StanzaParseError> {
        if !el.is("features", ns::STREAM) {
            return Err(StanzaParseError::WrongElement {
                expected: "stream:features",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut f = StreamFeatures::default();
        let mut r = Reader::unchecked(el, "features");
        for flag in [
            (ns::BIND, "bind", &mut f.bind),
            (NS_ROSTER_VER, "ver", &mut f.roster_ver),
            (NS_PRE_APPROVAL, "sub", &mut f.pre_approval),
        ] {
            *flag.2 = r.flag(flag.1, flag.0);
        }
        if let Some(mut s) = r.child_reader_first("session", ns::SESSION) {
            f.session = Some(SessionFeature {
                optional: s.flag("optional", ns::SESSION),
            });
            r.keep(s);
        }
        for n in r.take_nodes() {
            let c = match n {
                Node::Element(c) => c,
                text => {
                    r.put_back(text);
                    continue;
                }
            };
            match (c.ns(), c.name()) {
                (ns::TLS, "starttls") if f.starttls.is_none() => {
                    f.starttls = Some(StartTls::try_from(c)?)
                }
                (ns::SASL, "mechanisms") if f.mechanisms.is_none() => {
                    f.mechanisms = Some(SaslMechanisms::try_from(c)?)
                }
                _ => f.others.push(c),
            }
        }
        f.unknown = r.finish();
        Ok(f)
    }
}

impl From<StreamFeatures> for Element {
    fn from(f: StreamFeatures) -> Element {
        let mut el = Element::builder("features", ns::STREAM)
            .prefix("stream")
            .build();
        if let Some(s) = f.starttls {
            el.append_child(s.into());
        }
        if let Some(m) = f.mechanisms {
            el.append_child(m.into());
        }
        if f.bind {
            el.append_child(Element::new("bind", ns::BIND));
        }
        if let Some(s) = f.session {
            let mut se = Element::new("session", ns::SESSION);
            if s.optional {
                se.append_child(Element::new("optional", ns::SESSION));
            }
            el.append_child(se);
        }
        if f.roster_ver {
            el.append_child(Element::new("ver", NS_ROSTER_VER));
        }
        if f.pre_approval {
            el.append_child(Element::new("sub", NS_PRE_APPROVAL));
        }
        for o in f.others {
            el.append_child(o);
        }
        f.unknown.write_to(&mut el);
        el
    }
}
