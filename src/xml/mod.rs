//! Zero-copy XML element trees for XMPP, and their serialization.
//!
//! XMPP uses a restricted subset of XML 1.0 ([RFC 6120 §11]): UTF-8 only, no
//! DTDs, comments, processing instructions or entity references beyond the
//! five predefined ones and character references. This module holds the
//! tree a stanza is made of ([`Element`], [`Node`]), the string type its
//! names and text are stored in ([`ByteStr`], slices of the stanza's receive
//! buffer), the writer ([`Element::to_bytes`], [`Element::write_to`],
//! [`escape_text`], [`escape_attr`], [`is_xml_text`]) and the well-known
//! namespaces ([`ns`]).
//! The incremental parser that builds these trees is
//! [`stream::StreamParser`](crate::stream::StreamParser).
//!
//! [RFC 6120 §11]: https://www.rfc-editor.org/rfc/rfc6120#section-11

mod bytestr;
mod element;
mod escape;
mod intern;
pub mod ns;
mod simd;
pub(crate) mod tokenizer;
mod writer;

pub use bytestr::ByteStr;
pub use element::{Attribute, Element, ElementBuilder, Node};
pub use escape::{escape_attr, escape_text, is_xml_text};
pub(crate) use intern::{intern, intern_at};
