//! Fuzz body for the typed stanza models: bytes → `Element` (a small
//! structured decoder, below) → every `TryFrom<Element>` of
//! `xmpp_sansio::stanza` → `Element` → parsed again. Never panics; a value
//! that parses is written back and must parse to the same value.
//!
//! Input format (also produced by [`encode`], used to seed the corpus): a
//! sequence of operations, each one opcode byte followed by strings. A string
//! is one byte `v`: below the vocabulary's length it is `vocab[v]`, else the
//! next `v - len` bytes (lossy UTF-8).
//! `0` open element (name, ns) · `1` close · `2` attribute (name, value) ·
//! `3` text (value) · `4` `xml:lang` (value) · `5` namespaced attribute
//! (name, ns, value).

#![allow(dead_code)]

use xmpp_sansio::stanza::*;
use xmpp_sansio::xml::{Element, ns};

const NAMES: &[&str] = &[
    "message",
    "presence",
    "iq",
    "body",
    "subject",
    "thread",
    "show",
    "status",
    "priority",
    "error",
    "query",
    "item",
    "group",
    "bind",
    "resource",
    "jid",
    "session",
    "features",
    "starttls",
    "required",
    "proceed",
    "failure",
    "mechanisms",
    "mechanism",
    "auth",
    "challenge",
    "response",
    "success",
    "abort",
    "text",
    "bad-request",
    "gone",
    "redirect",
    "see-other-host",
    "not-authorized",
    "item-not-found",
    "host-unknown",
    "ver",
    "sub",
    "optional",
    "x",
    "request",
    "c",
];
const NSS: &[&str] = &[
    ns::JABBER_CLIENT,
    ns::JABBER_SERVER,
    ns::COMPONENT_ACCEPT,
    ns::STANZAS,
    ns::STREAM,
    ns::STREAM_ERRORS,
    ns::TLS,
    ns::SASL,
    ns::BIND,
    ns::SESSION,
    ns::ROSTER,
    "urn:xmpp:features:rosterver",
    "urn:xmpp:features:pre-approval",
    "urn:xmpp:receipts",
    "http://jabber.org/protocol/caps",
    "",
    "urn:x",
];
const ATTRS: &[&str] = &[
    "to",
    "from",
    "id",
    "type",
    "jid",
    "name",
    "subscription",
    "ask",
    "approved",
    "ver",
    "by",
    "mechanism",
    "parent",
    "code",
    "lang",
    "node",
    "hash",
];
const VALUES: &[&str] = &[
    "",
    "chat",
    "groupchat",
    "headline",
    "normal",
    "error",
    "get",
    "set",
    "result",
    "subscribe",
    "subscribed",
    "unsubscribe",
    "unsubscribed",
    "probe",
    "unavailable",
    "away",
    "dnd",
    "xa",
    "cancel",
    "modify",
    "auth",
    "wait",
    "continue",
    "none",
    "both",
    "remove",
    "true",
    "0",
    "127",
    "-128",
    "128",
    "juliet@example.com",
    "romeo@example.net/orchard",
    "example.com",
    "a@b/c",
    "@",
    "/",
    "en",
    "=",
    "AGp1bGlldAByMG0zMG15cjBtMzA=",
    "not base64",
    "PLAIN",
    " ",
    "\n  ",
    "xmpp:room@muc.example.org",
];

#[path = "element_codec.rs"]
mod element_codec;

const VOCAB: element_codec::Vocab = element_codec::Vocab {
    names: NAMES,
    nss: NSS,
    attrs: ATTRS,
    values: VALUES,
};

/// Decodes `data` into an element tree (the first element opened).
pub fn decode(data: &[u8]) -> Option<Element> {
    element_codec::decode(data, &VOCAB)
}

/// Encodes an element tree in the input format (for seeding the corpus).
/// Strings longer than the format allows are cut.
pub fn encode(el: &Element) -> Vec<u8> {
    element_codec::encode(el, &VOCAB)
}

/// Parses `el` with `parse`; if it parses, writes it back and checks that
/// the output parses to the same value.
fn check<T, E>(el: &Element, parse: impl Fn(Element) -> Result<T, E>)
where
    T: Into<Element> + Clone + PartialEq + std::fmt::Debug,
{
    if let Ok(v) = parse(el.clone()) {
        let back: Element = v.clone().into();
        match parse(back) {
            Ok(v2) => assert_eq!(v, v2, "written value does not parse back the same"),
            Err(_) => panic!("written value does not parse back: {v:?}"),
        }
    }
}

/// The fuzz entry point.
pub fn run(data: &[u8]) {
    let Some(el) = decode(data) else { return };
    check(&el, Stanza::try_from);
    check(&el, StanzaError::try_from);
    check(&el, StreamErrorElement::try_from);
    check(&el, StreamFeatures::try_from);
    check(&el, TlsNegotiation::try_from);
    check(&el, SaslNegotiation::try_from);
    check(&el, Roster::try_from);
    check(&el, Bind::try_from);
    check(&el, Session::try_from);
    // Error messages and reply conditions never panic either.
    if let Err(e) = Stanza::try_from(el.clone()) {
        let _ = (e.to_string(), e.condition(), e.sasl_condition());
    }
    if let Ok(s) = Stanza::try_from(el)
        && !s.is_error()
    {
        let reply: Element = s.error_reply(DefinedCondition::BadRequest).into();
        assert!(
            Stanza::try_from(reply).is_ok(),
            "error reply does not parse"
        );
    }
}
