//! [`StreamHeader`]: the attributes of `<stream:stream>` (RFC 6120 §4.7).

use crate::xml::{ByteStr, escape_attr, ns};

/// The bytes that close a stream (RFC 6120 §4.4).
pub const STREAM_CLOSE: &[u8] = b"</stream:stream>";

/// The XML declaration [`StreamHeader::to_bytes`] writes first.
pub const XML_DECLARATION: &[u8] = b"<?xml version='1.0'?>";

/// The opening `<stream:stream>` tag's attributes ([RFC 6120 §4.7]) and its
/// content namespace ([RFC 6120 §4.8.2]).
///
/// ```
/// use xmpp_sansio::stream::StreamHeader;
/// use xmpp_sansio::xml::ns;
/// let h = StreamHeader {
///     to: Some("im.example.com".into()),
///     version: Some("1.0".into()),
///     ..StreamHeader::new(ns::JABBER_CLIENT)
/// };
/// assert_eq!(
///     h.to_bytes(),
///     b"<?xml version='1.0'?><stream:stream to='im.example.com' version='1.0' \
///       xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
/// );
/// ```
///
/// [RFC 6120 §4.7]: https://www.rfc-editor.org/rfc/rfc6120#section-4.7
/// [RFC 6120 §4.8.2]: https://www.rfc-editor.org/rfc/rfc6120#section-4.8.2
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct StreamHeader {
    /// `from`: the sender's JID (§4.7.1).
    pub from: Option<ByteStr>,
    /// `to`: the receiver's JID (§4.7.2).
    pub to: Option<ByteStr>,
    /// `id`: the stream id, set by the receiving entity (§4.7.3).
    pub id: Option<ByteStr>,
    /// `version` (§4.7.5), normally `1.0`.
    pub version: Option<ByteStr>,
    /// `xml:lang` (§4.7.4): the default language of the stream's content.
    pub lang: Option<ByteStr>,
    /// The content namespace: the default namespace declared on the header
    /// (`jabber:client`, `jabber:server`, `jabber:component:accept`…);
    /// empty if none was declared.
    pub ns: ByteStr,
}

impl StreamHeader {
    /// A header with content namespace `ns` and no attributes.
    pub fn new(ns: impl Into<ByteStr>) -> StreamHeader {
        StreamHeader {
            ns: ns.into(),
            ..StreamHeader::default()
        }
    }

    /// The XML declaration followed by the opening tag,
    /// `<?xml version='1.0'?><stream:stream …>`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(192);
        self.write_to(&mut out, true);
        out
    }

    /// Appends the opening tag `<stream:stream …>` to `out`, preceded by the
    /// XML declaration if `with_declaration` (RFC 6120 §11.5 recommends it;
    /// a stream restarted after STARTTLS or SASL may send it again). The
    /// attributes come in the order `from`, `to`, `id`, `version`,
    /// `xml:lang`, then the namespace declarations.
    pub fn write_to(&self, out: &mut Vec<u8>, with_declaration: bool) {
        if with_declaration {
            out.extend_from_slice(XML_DECLARATION);
        }
        out.extend_from_slice(b"<stream:stream");
        for (name, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("id", &self.id),
            ("version", &self.version),
            ("xml:lang", &self.lang),
        ] {
            if let Some(v) = value {
                out.push(b' ');
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"='");
                escape_attr(out, v);
                out.push(b'\'');
            }
        }
        out.extend_from_slice(b" xmlns='");
        escape_attr(out, &self.ns);
        out.extend_from_slice(b"' xmlns:stream='");
        out.extend_from_slice(ns::STREAM.as_bytes());
        out.extend_from_slice(b"'>");
    }
}
