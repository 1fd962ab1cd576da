//! XML text → [`Element`]s, namespace-aware, through the `xml` crate (test
//! only: an independent parser, until the crate's own stream parser is wired).

use xml::reader::{EventReader, ParserConfig, XmlEvent};
use xmpp_sansio::xml::{Attribute, ByteStr, Element, Node};

/// Parses a fragment of top-level elements (comments and whitespace between
/// them ignored). Un-prefixed elements are in `default_ns`; the `stream`
/// prefix is bound to the stream namespace.
pub fn parse_fragment(text: &str, default_ns: &str) -> Result<Vec<Element>, String> {
    let wrapped = format!(
        "<wrapper xmlns='{default_ns}' xmlns:stream='http://etherx.jabber.org/streams'>{text}</wrapper>"
    );
    let config = ParserConfig::new()
        .trim_whitespace(false)
        .whitespace_to_characters(true)
        .cdata_to_characters(true)
        .ignore_comments(true)
        .coalesce_characters(true);
    let reader = EventReader::new_with_config(wrapped.as_bytes(), config);
    let mut stack: Vec<Element> = Vec::new();
    let mut top = Vec::new();
    for ev in reader {
        match ev.map_err(|e| e.to_string())? {
            XmlEvent::StartElement {
                name, attributes, ..
            } => {
                let mut el = Element::new(
                    name.local_name.clone(),
                    name.namespace.clone().unwrap_or_default(),
                );
                if let Some(p) = name.prefix.clone() {
                    el.set_prefix(Some(ByteStr::from(p)));
                }
                for a in attributes {
                    el.push_attribute(Attribute {
                        name: a.name.local_name.into(),
                        ns: a.name.namespace.map(ByteStr::from),
                        value: a.value.into(),
                    });
                }
                stack.push(el);
            }
            XmlEvent::EndElement { .. } => {
                let el = stack.pop().ok_or("unbalanced")?;
                match stack.len() {
                    0 => {} // the wrapper
                    1 => top.push(el),
                    _ => {
                        if let Some(parent) = stack.last_mut() {
                            parent.append_child(el);
                        }
                    }
                }
            }
            XmlEvent::Characters(t) | XmlEvent::Whitespace(t) | XmlEvent::CData(t)
                if stack.len() > 1 =>
            {
                if let Some(parent) = stack.last_mut() {
                    parent.append_node(Node::Text(t.into()));
                }
            }
            _ => {}
        }
    }
    Ok(top)
}

/// Parses one element.
pub fn parse_one(text: &str, default_ns: &str) -> Element {
    let mut v = parse_fragment(text, default_ns).expect("well-formed test XML");
    assert_eq!(v.len(), 1, "expected one element in {text}");
    v.remove(0)
}
