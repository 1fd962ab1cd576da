//! Well-known namespace URIs (RFC 6120, RFC 6121 and the XEPs).

/// The namespace bound to the `xml` prefix (`xml:lang`), per XML Namespaces §3.
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace bound to the `xmlns` prefix.
pub const XMLNS: &str = "http://www.w3.org/2000/xmlns/";
/// The stream namespace (RFC 6120 §4.8.1).
pub const STREAM: &str = "http://etherx.jabber.org/streams";
/// Client-to-server content namespace (RFC 6120 §4.8.3).
pub const JABBER_CLIENT: &str = "jabber:client";
/// Server-to-server content namespace (RFC 6120 §4.8.3).
pub const JABBER_SERVER: &str = "jabber:server";
/// Component content namespace ([XEP-0114](https://xmpp.org/extensions/xep-0114.html)).
pub const COMPONENT_ACCEPT: &str = "jabber:component:accept";
/// Stream error conditions (RFC 6120 §4.9.3).
pub const STREAM_ERRORS: &str = "urn:ietf:params:xml:ns:xmpp-streams";
/// STARTTLS negotiation (RFC 6120 §5).
pub const TLS: &str = "urn:ietf:params:xml:ns:xmpp-tls";
/// SASL negotiation (RFC 6120 §6).
pub const SASL: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
/// Resource binding (RFC 6120 §7).
pub const BIND: &str = "urn:ietf:params:xml:ns:xmpp-bind";
/// Stanza error conditions (RFC 6120 §8.3).
pub const STANZAS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";
/// Legacy session establishment (RFC 3921 §3, draft-cridland-xmpp-session).
pub const SESSION: &str = "urn:ietf:params:xml:ns:xmpp-session";
/// Roster management (RFC 6121 §2).
pub const ROSTER: &str = "jabber:iq:roster";
/// WebSocket framing (RFC 7395 §3.3).
pub const FRAMING: &str = "urn:ietf:params:xml:ns:xmpp-framing";
