//! Static copies of the names, namespaces and values that most stanzas
//! use, so that the parser can hand out `ByteStr::from_static` instead of a
//! reference-counted slice of the receive buffer.

/// The static copy of `b`, if it is one of the common XMPP names,
/// namespaces or attribute values.
pub(crate) fn intern(b: &[u8]) -> Option<&'static str> {
    use super::ns;
    Some(match b {
        // Stanzas and their common children (RFC 6120, RFC 6121).
        b"message" => "message",
        b"presence" => "presence",
        b"iq" => "iq",
        b"body" => "body",
        b"subject" => "subject",
        b"thread" => "thread",
        b"show" => "show",
        b"status" => "status",
        b"priority" => "priority",
        b"error" => "error",
        b"query" => "query",
        b"item" => "item",
        b"group" => "group",
        b"x" => "x",
        b"c" => "c",
        b"delay" => "delay",
        b"active" => "active",
        b"composing" => "composing",
        b"paused" => "paused",
        b"request" => "request",
        b"received" => "received",
        b"ping" => "ping",
        b"bind" => "bind",
        b"jid" => "jid",
        b"resource" => "resource",
        b"features" => "features",
        b"text" => "text",
        // Attribute names.
        b"to" => "to",
        b"from" => "from",
        b"id" => "id",
        b"type" => "type",
        b"lang" => "lang",
        b"name" => "name",
        b"subscription" => "subscription",
        b"ask" => "ask",
        b"node" => "node",
        b"ver" => "ver",
        b"hash" => "hash",
        b"stamp" => "stamp",
        b"version" => "version",
        // Attribute values.
        b"chat" => "chat",
        b"groupchat" => "groupchat",
        b"normal" => "normal",
        b"headline" => "headline",
        b"get" => "get",
        b"set" => "set",
        b"result" => "result",
        b"both" => "both",
        b"none" => "none",
        b"away" => "away",
        b"xa" => "xa",
        b"dnd" => "dnd",
        b"unavailable" => "unavailable",
        b"subscribe" => "subscribe",
        b"subscribed" => "subscribed",
        b"sha-1" => "sha-1",
        b"1.0" => "1.0",
        b"en" => "en",
        b"de" => "de",
        b"fr" => "fr",
        // Namespaces.
        b"jabber:client" => ns::JABBER_CLIENT,
        b"jabber:server" => ns::JABBER_SERVER,
        b"jabber:component:accept" => ns::COMPONENT_ACCEPT,
        b"http://etherx.jabber.org/streams" => ns::STREAM,
        b"urn:ietf:params:xml:ns:xmpp-streams" => ns::STREAM_ERRORS,
        b"urn:ietf:params:xml:ns:xmpp-tls" => ns::TLS,
        b"urn:ietf:params:xml:ns:xmpp-sasl" => ns::SASL,
        b"urn:ietf:params:xml:ns:xmpp-bind" => ns::BIND,
        b"urn:ietf:params:xml:ns:xmpp-stanzas" => ns::STANZAS,
        b"urn:ietf:params:xml:ns:xmpp-session" => ns::SESSION,
        b"urn:ietf:params:xml:ns:xmpp-framing" => ns::FRAMING,
        b"jabber:iq:roster" => ns::ROSTER,
        b"urn:xmpp:ping" => "urn:xmpp:ping",
        b"urn:xmpp:delay" => "urn:xmpp:delay",
        b"urn:xmpp:receipts" => "urn:xmpp:receipts",
        b"urn:xmpp:sm:3" => "urn:xmpp:sm:3",
        b"http://jabber.org/protocol/chatstates" => "http://jabber.org/protocol/chatstates",
        b"http://jabber.org/protocol/caps" => "http://jabber.org/protocol/caps",
        b"http://jabber.org/protocol/disco#info" => "http://jabber.org/protocol/disco#info",
        b"http://jabber.org/protocol/disco#items" => "http://jabber.org/protocol/disco#items",
        b"vcard-temp:x:update" => "vcard-temp:x:update",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn interned_copies_are_equal() {
        for s in [
            "message",
            "jabber:client",
            "http://jabber.org/protocol/caps",
            "en",
        ] {
            assert_eq!(super::intern(s.as_bytes()), Some(s));
        }
        assert_eq!(super::intern(b"messagex"), None);
    }
}
