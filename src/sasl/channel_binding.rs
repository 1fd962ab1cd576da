//! Channel binding for SCRAM-*-PLUS ([RFC 5802 §6], [RFC 5056]) and the
//! GS2 header that carries it ([RFC 5801 §4]), plus the choice of a binding
//! type from the server's [XEP-0440] list.
//!
//! The caller's TLS layer hands in the binding data (this crate does no TLS):
//!
//! | type | source | use with |
//! | --- | --- | --- |
//! | `tls-exporter` ([RFC 9266]) | exporter, label `EXPORTER-Channel-Binding`, empty context, 32 bytes | TLS 1.3 (and 1.2 with EMS) |
//! | `tls-server-end-point` ([RFC 5929 §4]) | hash of the server certificate | any TLS version |
//! | `tls-unique` ([RFC 5929 §3]) | first Finished message | TLS ≤ 1.2 only: undefined on TLS 1.3 |
//!
//! ## XEP-0440
//!
//! A server announces the types it supports in a stream feature next to
//! `<mechanisms/>`:
//!
//! ```xml
//! <sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>
//!   <channel-binding type='tls-server-end-point'/>
//!   <channel-binding type='tls-exporter'/>
//! </sasl-channel-binding>
//! ```
//!
//! The session layer collects the `type` attributes (namespace
//! [`SASL_CHANNEL_BINDING_NS`]) and passes them as `&[&str]` to
//! [`choose_channel_binding`] / [`super::select_mechanism`].
//!
//! [RFC 5802 §6]: https://www.rfc-editor.org/rfc/rfc5802#section-6
//! [RFC 5056]: https://www.rfc-editor.org/rfc/rfc5056
//! [RFC 5801 §4]: https://www.rfc-editor.org/rfc/rfc5801#section-4
//! [RFC 9266]: https://www.rfc-editor.org/rfc/rfc9266
//! [RFC 5929 §3]: https://www.rfc-editor.org/rfc/rfc5929#section-3
//! [RFC 5929 §4]: https://www.rfc-editor.org/rfc/rfc5929#section-4
//! [XEP-0440]: https://xmpp.org/extensions/xep-0440.html

use std::fmt;

use super::SaslError;
use super::scram::{escape_saslname, split_attr, unescape_saslname};

/// The namespace of XEP-0440's `<sasl-channel-binding/>` stream feature.
pub const SASL_CHANNEL_BINDING_NS: &str = "urn:xmpp:sasl-cb:0";

/// A channel-binding type from the IANA registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChannelBindingType {
    /// `tls-exporter` (RFC 9266).
    TlsExporter,
    /// `tls-server-end-point` (RFC 5929 §4).
    TlsServerEndPoint,
    /// `tls-unique` (RFC 5929 §3); not defined for TLS 1.3.
    TlsUnique,
}

impl ChannelBindingType {
    /// The registered name, e.g. `"tls-exporter"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ChannelBindingType::TlsExporter => "tls-exporter",
            ChannelBindingType::TlsServerEndPoint => "tls-server-end-point",
            ChannelBindingType::TlsUnique => "tls-unique",
        }
    }

    /// The type with this registered name (exact, case-sensitive), if known.
    pub fn from_name(name: &str) -> Option<ChannelBindingType> {
        [
            ChannelBindingType::TlsExporter,
            ChannelBindingType::TlsServerEndPoint,
            ChannelBindingType::TlsUnique,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

impl fmt::Display for ChannelBindingType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Channel-binding data of one type, as the TLS layer computed it for this connection.
#[derive(Clone, PartialEq, Eq)]
pub struct ChannelBinding {
    /// The binding type.
    pub kind: ChannelBindingType,
    /// The binding data.
    pub data: Vec<u8>,
}

impl ChannelBinding {
    /// Binding data of type `kind`.
    pub fn new(kind: ChannelBindingType, data: impl Into<Vec<u8>>) -> ChannelBinding {
        ChannelBinding {
            kind,
            data: data.into(),
        }
    }
}

impl fmt::Debug for ChannelBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChannelBinding")
            .field("kind", &self.kind)
            .field("data_len", &self.data.len())
            .finish()
    }
}

/// The GS2 channel-binding flag (RFC 5802 §6, RFC 5801 §4 `gs2-cb-flag`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gs2CbFlag {
    /// `n`: the client does not support channel binding.
    NotSupported,
    /// `y`: the client supports channel binding but thinks the server does not.
    ClientOnly,
    /// `p=<type>`: the client uses channel binding of this type.
    Bound(ChannelBindingType),
}

/// Picks the binding to use: the first of `available` (the client's
/// preference order) whose type the server lists, or, when the server sent no
/// XEP-0440 list (`None`), the first of `available`.
///
/// ```
/// use xmpp_sansio::sasl::{choose_channel_binding, ChannelBinding, ChannelBindingType};
/// let ours = [
///     ChannelBinding::new(ChannelBindingType::TlsExporter, vec![1; 32]),
///     ChannelBinding::new(ChannelBindingType::TlsServerEndPoint, vec![2; 32]),
/// ];
/// let chosen = choose_channel_binding(&ours, Some(&["tls-server-end-point"]));
/// assert_eq!(chosen.map(|b| b.kind), Some(ChannelBindingType::TlsServerEndPoint));
/// assert!(choose_channel_binding(&ours, Some(&["tls-unique"])).is_none());
/// ```
pub fn choose_channel_binding<'a>(
    available: &'a [ChannelBinding],
    server_types: Option<&[&str]>,
) -> Option<&'a ChannelBinding> {
    match server_types {
        None => available.first(),
        Some(types) => available.iter().find(|b| types.contains(&b.kind.as_str())),
    }
}

/// A parsed GS2 header: the flag and the optional authorization identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gs2Header {
    pub(crate) flag: Gs2Flag,
    pub(crate) authzid: Option<String>,
}

/// The flag as received: a `p=` name may be one we do not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gs2Flag {
    N,
    Y,
    P(String),
}

impl Gs2Header {
    /// The header bytes, `flag "," [ "a=" saslname ] ","`.
    pub(crate) fn encode(flag: Gs2CbFlag, authzid: Option<&str>) -> String {
        let mut out = String::new();
        match flag {
            Gs2CbFlag::NotSupported => out.push('n'),
            Gs2CbFlag::ClientOnly => out.push('y'),
            Gs2CbFlag::Bound(t) => {
                out.push_str("p=");
                out.push_str(t.as_str());
            }
        }
        out.push(',');
        if let Some(a) = authzid {
            out.push_str("a=");
            out.push_str(&escape_saslname(a));
        }
        out.push(',');
        out
    }

    /// Parses the GS2 header at the start of a client-first-message and
    /// returns it with the length it occupies (including both commas).
    pub(crate) fn parse(msg: &str) -> Result<(Gs2Header, usize), SaslError> {
        const M: &str = "client-first-message";
        let malformed = |reason| SaslError::Malformed { message: M, reason };
        let mut parts = msg.splitn(3, ',');
        let flag_part = parts.next().unwrap_or_default();
        let authz_part = parts.next().ok_or(malformed("missing GS2 header"))?;
        if parts.next().is_none() {
            return Err(malformed("missing GS2 header"));
        }
        let flag = match flag_part {
            "n" => Gs2Flag::N,
            "y" => Gs2Flag::Y,
            p => match p.strip_prefix("p=") {
                Some(name)
                    if !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') =>
                {
                    Gs2Flag::P(name.to_owned())
                }
                _ => return Err(malformed("invalid channel-binding flag")),
            },
        };
        let authzid = if authz_part.is_empty() {
            None
        } else {
            let (name, value) = split_attr(authz_part, M)?;
            if name != b'a' || value.is_empty() {
                return Err(malformed("invalid authzid in GS2 header"));
            }
            Some(unescape_saslname(value, "authzid")?.into_owned())
        };
        let len = flag_part.len() + authz_part.len() + 2;
        Ok((Gs2Header { flag, authzid }, len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gs2_header_table() {
        let ok: &[(&str, Gs2Flag, Option<&str>, usize)] = &[
            ("n,,n=user,r=x", Gs2Flag::N, None, 3),
            ("y,,n=user", Gs2Flag::Y, None, 3),
            (
                "p=tls-exporter,,n=u",
                Gs2Flag::P("tls-exporter".into()),
                None,
                16,
            ),
            ("n,a=adm=2Cin,n=u", Gs2Flag::N, Some("adm,in"), 13),
        ];
        for (msg, flag, authz, len) in ok {
            let (h, l) = Gs2Header::parse(msg).unwrap();
            assert_eq!(&h.flag, flag, "{msg}");
            assert_eq!(h.authzid.as_deref(), *authz, "{msg}");
            assert_eq!(l, *len, "{msg}");
        }
        for bad in [
            "",
            "n",
            "n,",
            "x,,n=u",
            "p=,,n=u",
            "p=tls unique,,",
            "n,b=x,",
            "n,a=,",
            "n,a=x=y,",
            "N,,",
        ] {
            assert!(Gs2Header::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn encode_round_trip() {
        for flag in [
            Gs2CbFlag::NotSupported,
            Gs2CbFlag::ClientOnly,
            Gs2CbFlag::Bound(ChannelBindingType::TlsServerEndPoint),
        ] {
            for authz in [None, Some("a,=b")] {
                let h = Gs2Header::encode(flag, authz);
                let (parsed, len) = Gs2Header::parse(&format!("{h}n=u,r=x")).unwrap();
                assert_eq!(len, h.len());
                assert_eq!(parsed.authzid.as_deref(), authz);
            }
        }
    }

    #[test]
    fn type_names() {
        for t in [
            ChannelBindingType::TlsExporter,
            ChannelBindingType::TlsServerEndPoint,
            ChannelBindingType::TlsUnique,
        ] {
            assert_eq!(ChannelBindingType::from_name(t.as_str()), Some(t));
        }
        assert_eq!(ChannelBindingType::from_name("TLS-UNIQUE"), None);
    }
}
