//! Test helper: turns XML text into an [`Element`] with the `xml` crate
//! (formerly xml-rs), independently of this crate's own parser.
//!
//! The parse is namespace-aware (element and attribute namespaces are
//! resolved, `xmlns` declarations are not attributes). The XEP examples are
//! pretty-printed, so **whitespace-only text is dropped** wherever it
//! appears; text with any other character is kept exactly (CDATA sections
//! become text). Comments (the file headers naming each example) are
//! skipped. The first root element is returned.

use std::fmt;
use xml::reader::{ParserConfig, XmlEvent};
use xmpp_sansio::xml::{Attribute, Element};

/// Why the XML text could not be turned into an element.
#[derive(Debug)]
pub struct XmlError(pub String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses `text` and returns its root element.
pub fn xml_to_element(text: &str) -> Result<Element, XmlError> {
    let mut config = ParserConfig::new();
    config.trim_whitespace = false;
    config.whitespace_to_characters = false;
    config.cdata_to_characters = true;
    config.ignore_comments = true;
    config.coalesce_characters = true;
    let reader = config.create_reader(text.as_bytes());
    let mut stack: Vec<Element> = Vec::new();
    for event in reader {
        match event.map_err(|e| XmlError(e.to_string()))? {
            XmlEvent::StartElement {
                name, attributes, ..
            } => {
                let mut el = Element::new(name.local_name, name.namespace.unwrap_or_default());
                for a in attributes {
                    el.push_attribute(Attribute {
                        name: a.name.local_name.into(),
                        ns: a.name.namespace.filter(|n| !n.is_empty()).map(Into::into),
                        value: a.value.into(),
                    });
                }
                stack.push(el);
            }
            XmlEvent::EndElement { .. } => {
                let el = stack
                    .pop()
                    .ok_or_else(|| XmlError("unbalanced end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => {
                        parent.append_child(el);
                    }
                    None => return Ok(el),
                }
            }
            XmlEvent::Characters(t) | XmlEvent::CData(t) if !t.trim().is_empty() => {
                if let Some(top) = stack.last_mut() {
                    top.append_text(t);
                }
            }
            _ => {}
        }
    }
    Err(XmlError("no root element".into()))
}
