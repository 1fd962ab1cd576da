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
use xmpp_sansio::xml::{Attribute, ByteStr, Element, Node, ns};

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

const MAX_DEPTH: usize = 48;

/// Decodes `data` into an element tree (the first element opened).
pub fn decode(data: &[u8]) -> Option<Element> {
    let mut r = Reader { data, pos: 0 };
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    while let Some(op) = r.byte() {
        match op % 6 {
            0 => {
                let (Some(name), Some(nsv)) = (r.string(NAMES), r.string(NSS)) else {
                    break;
                };
                if root.is_some() && stack.is_empty() {
                    break;
                }
                if stack.len() >= MAX_DEPTH {
                    continue;
                }
                stack.push(Element::new(name, nsv));
            }
            1 => close(&mut stack, &mut root),
            2 => {
                let (Some(n), Some(v)) = (r.string(ATTRS), r.string(VALUES)) else {
                    break;
                };
                if let Some(e) = stack.last_mut() {
                    e.push_attribute(Attribute {
                        name: n,
                        ns: None,
                        value: v,
                    });
                }
            }
            3 => {
                let Some(v) = r.string(VALUES) else { break };
                if let Some(e) = stack.last_mut() {
                    e.append_node(Node::Text(v));
                }
            }
            4 => {
                let Some(v) = r.string(VALUES) else { break };
                if let Some(e) = stack.last_mut() {
                    e.push_attribute(Attribute {
                        name: ByteStr::from_static("lang"),
                        ns: Some(ByteStr::from_static(ns::XML)),
                        value: v,
                    });
                }
            }
            _ => {
                let (Some(n), Some(s), Some(v)) =
                    (r.string(ATTRS), r.string(NSS), r.string(VALUES))
                else {
                    break;
                };
                if let Some(e) = stack.last_mut() {
                    e.push_attribute(Attribute {
                        name: n,
                        ns: Some(s),
                        value: v,
                    });
                }
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}

fn close(stack: &mut Vec<Element>, root: &mut Option<Element>) {
    if let Some(e) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => {
                parent.append_child(e);
            }
            None => {
                if root.is_none() {
                    *root = Some(e);
                }
            }
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn string(&mut self, vocab: &[&'static str]) -> Option<ByteStr> {
        let v = self.byte()? as usize;
        if let Some(s) = vocab.get(v) {
            return Some(ByteStr::from_static(s));
        }
        let len = v - vocab.len();
        let end = self.pos.checked_add(len)?.min(self.data.len());
        let bytes = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(ByteStr::from(String::from_utf8_lossy(bytes).into_owned()))
    }
}

/// Encodes an element tree in the input format (for seeding the corpus).
/// Strings longer than the format allows are cut.
pub fn encode(el: &Element) -> Vec<u8> {
    let mut out = Vec::new();
    enc_el(el, &mut out);
    out
}

fn enc_str(s: &str, vocab: &[&str], out: &mut Vec<u8>) {
    if let Some(i) = vocab.iter().position(|v| *v == s) {
        out.push(i as u8);
        return;
    }
    let max = 255 - vocab.len();
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.push((vocab.len() + end) as u8);
    out.extend_from_slice(&s.as_bytes()[..end]);
}

fn enc_el(el: &Element, out: &mut Vec<u8>) {
    out.push(0);
    enc_str(el.name(), NAMES, out);
    enc_str(el.ns(), NSS, out);
    for a in el.attrs() {
        match a.ns.as_deref() {
            None => {
                out.push(2);
                enc_str(&a.name, ATTRS, out);
                enc_str(&a.value, VALUES, out);
            }
            Some(ns::XML) if *a.name == *"lang" => {
                out.push(4);
                enc_str(&a.value, VALUES, out);
            }
            Some(n) => {
                out.push(5);
                enc_str(&a.name, ATTRS, out);
                enc_str(n, NSS, out);
                enc_str(&a.value, VALUES, out);
            }
        }
    }
    for n in el.nodes() {
        match n {
            Node::Element(c) => enc_el(c, out),
            Node::Text(t) => {
                out.push(3);
                enc_str(t, VALUES, out);
            }
        }
    }
    out.push(1);
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
