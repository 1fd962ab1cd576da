//! [`Limits`]: bounds on what a peer can make the stream parser hold.

/// Bounds on what a peer can make the parser hold, checked as the bytes
/// arrive (never after buffering a whole stanza). Exceeding one gives
/// [`StreamError::LimitExceeded`](super::StreamError::LimitExceeded), whose
/// condition is `policy-violation`.
///
/// The parser enforces the two size limits up to 4 GiB − 17 bytes; larger
/// values are lowered to that ([`StreamParser::limits`](super::StreamParser::limits)
/// shows the limits in force).
///
/// `Default` gives the client-to-server values of the crate's design
/// (Prosody and ejabberd use limits of this order); [`Limits::server`] the
/// server-to-server / component ones.
///
/// ```
/// use xmpp_sansio::stream::Limits;
/// assert_eq!(Limits::default().max_stanza_bytes, 256 * 1024);
/// assert_eq!(Limits::server().max_stanza_bytes, 512 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Limits {
    /// The largest top-level element (stanza or nonza), in bytes, from its
    /// `<` to its last `>`; counted on the bytes buffered so far.
    pub max_stanza_bytes: usize,
    /// The deepest element nesting inside a stanza (the stanza itself is
    /// depth 1).
    pub max_depth: usize,
    /// The most attributes (namespace declarations included) on one element.
    pub max_attributes: usize,
    /// The longest element or attribute name (prefix included), in bytes.
    pub max_name_bytes: usize,
    /// The most bytes buffered before the stream header is complete (XML
    /// declaration and header included).
    pub max_header_bytes: usize,
}

impl Default for Limits {
    /// Client-to-server limits: 256 KiB stanzas, depth 64, 128 attributes,
    /// 1 KiB names, 4 KiB headers.
    fn default() -> Self {
        Limits {
            max_stanza_bytes: 256 * 1024,
            max_depth: 64,
            max_attributes: 128,
            max_name_bytes: 1024,
            max_header_bytes: 4096,
        }
    }
}

impl Limits {
    /// Server-to-server and component limits: as [`Limits::default`] but
    /// 512 KiB stanzas.
    pub fn server() -> Self {
        Limits {
            max_stanza_bytes: 512 * 1024,
            ..Limits::default()
        }
    }
}
