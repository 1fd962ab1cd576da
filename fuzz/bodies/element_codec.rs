//! The element codec shared by the `stanza` and `stanza_xep` fuzz bodies:
//! fuzz bytes ↔ `Element` trees, over a vocabulary of likely strings.
//!
//! Format: a sequence of operations, each one opcode byte followed by
//! strings. A string is one byte `v`: below the vocabulary's length it is
//! `vocab[v]`, else the next `v - len` bytes (lossy UTF-8). `0` open element
//! (name, ns) · `1` close · `2` attribute (name, value) · `3` text (value) ·
//! `4` `xml:lang` (value) · `5` namespaced attribute (name, ns, value).

#![allow(dead_code)]

use xmpp_sansio::xml::{Attribute, ByteStr, Element, Node, ns};

/// The likely strings of each kind, indexed by one byte.
pub struct Vocab {
    /// Element names.
    pub names: &'static [&'static str],
    /// Namespaces.
    pub nss: &'static [&'static str],
    /// Attribute names.
    pub attrs: &'static [&'static str],
    /// Attribute values and text.
    pub values: &'static [&'static str],
}

const MAX_DEPTH: usize = 48;

/// Decodes `data` into an element tree (the first element opened).
pub fn decode(data: &[u8], vocab: &Vocab) -> Option<Element> {
    let mut r = Reader { data, pos: 0 };
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    while let Some(op) = r.byte() {
        match op % 6 {
            0 => {
                let (Some(name), Some(nsv)) = (r.string(vocab.names), r.string(vocab.nss)) else {
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
                let (Some(n), Some(v)) = (r.string(vocab.attrs), r.string(vocab.values)) else {
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
                let Some(v) = r.string(vocab.values) else {
                    break;
                };
                if let Some(e) = stack.last_mut() {
                    e.append_node(Node::Text(v));
                }
            }
            4 => {
                let Some(v) = r.string(vocab.values) else {
                    break;
                };
                if let Some(e) = stack.last_mut() {
                    e.push_attribute(Attribute {
                        name: ByteStr::from_static("lang"),
                        ns: Some(ByteStr::from_static(ns::XML)),
                        value: v,
                    });
                }
            }
            _ => {
                let (Some(n), Some(s), Some(v)) = (
                    r.string(vocab.attrs),
                    r.string(vocab.nss),
                    r.string(vocab.values),
                ) else {
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
pub fn encode(el: &Element, vocab: &Vocab) -> Vec<u8> {
    let mut out = Vec::new();
    enc_el(el, vocab, &mut out);
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

fn enc_el(el: &Element, vocab: &Vocab, out: &mut Vec<u8>) {
    out.push(0);
    enc_str(el.name(), vocab.names, out);
    enc_str(el.ns(), vocab.nss, out);
    for a in el.attrs() {
        match a.ns.as_deref() {
            None => {
                out.push(2);
                enc_str(&a.name, vocab.attrs, out);
                enc_str(&a.value, vocab.values, out);
            }
            Some(ns::XML) if *a.name == *"lang" => {
                out.push(4);
                enc_str(&a.value, vocab.values, out);
            }
            Some(n) => {
                out.push(5);
                enc_str(&a.name, vocab.attrs, out);
                enc_str(n, vocab.nss, out);
                enc_str(&a.value, vocab.values, out);
            }
        }
    }
    for n in el.nodes() {
        match n {
            Node::Element(c) => enc_el(c, vocab, out),
            Node::Text(t) => {
                out.push(3);
                enc_str(t, vocab.values, out);
            }
        }
    }
    out.push(1);
}
