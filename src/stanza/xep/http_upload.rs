//! HTTP File Upload, [XEP-0363](https://xmpp.org/extensions/xep-0363.html):
//! the slot request (§4), the slot with its PUT and GET URLs and headers
//! (§4), and the `file-too-large` and `retry` error details (§4.1).
//!
//! Leniency: headers other than the three of §4 (`Authorization`, `Cookie`,
//! `Expires`) are kept; §4 tells the *client* to ignore them, which is left
//! to the caller ([`Header::is_allowed`]).

use super::datetime::DateTime;
use super::macros::impl_payload;
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0363.
pub const NS: &str = "urn:xmpp:http:upload:0";

/// `<request filename='…' size='…' content-type='…'/>` (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotRequest {
    /// The file's name.
    pub filename: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its MIME type.
    pub content_type: Option<String>,
    /// Attributes and children not modelled (e.g. a purpose), kept.
    pub unknown: Unknown,
}

/// `<slot><put url='…'>headers</put><get url='…'/></slot>` (§4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Where to upload, with the headers to send.
    pub put_url: String,
    /// The headers to send with the PUT.
    pub headers: Vec<Header>,
    /// Where the file can be downloaded.
    pub get_url: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// A `<header name='…'>value</header>` of the PUT request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The header's name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// `<file-too-large><max-file-size>…</max-file-size></file-too-large>`:
/// the application error detail of §4.1.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileTooLarge {
    /// The largest size allowed, in bytes.
    pub max_file_size: Option<u64>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<retry stamp='…'/>`: the quota error detail of §4.1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retry {
    /// When to try again.
    pub stamp: DateTime,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl SlotRequest {
    /// A request for a slot for `filename` of `size` bytes.
    pub fn new(filename: impl Into<String>, size: u64) -> Self {
        SlotRequest {
            filename: filename.into(),
            size,
            content_type: None,
            unknown: Unknown::default(),
        }
    }
}

impl Header {
    /// True for the headers §4 allows (`Authorization`, `Cookie`,
    /// `Expires`, compared without regard to ASCII case).
    pub fn is_allowed(&self) -> bool {
        ["Authorization", "Cookie", "Expires"]
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&self.name))
    }
}

impl TryFrom<Element> for SlotRequest {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "request", NS)?;
        let filename = r.req_attr("filename")?.to_string();
        let size = r.req_attr_parse("size", "not a size in bytes")?;
        let content_type = r.attr("content-type").map(|s| s.to_string());
        Ok(SlotRequest {
            filename,
            size,
            content_type,
            unknown: r.finish(),
        })
    }
}

impl From<SlotRequest> for Element {
    fn from(p: SlotRequest) -> Element {
        with_unknown(
            Element::builder("request", NS)
                .attr("filename", p.filename)
                .attr("size", p.size.to_string())
                .attr_opt("content-type", p.content_type)
                .build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for Slot {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "slot", NS)?;
        let mut put = r.req_child_reader("put", NS)?;
        let put_url = put.req_attr("url")?.to_string();
        let mut headers = Vec::new();
        for mut hr in put.children_readers("header", NS) {
            let name = hr.req_attr("name")?.to_string();
            headers.push(Header {
                name,
                value: hr.text(),
            });
            put.keep(hr);
        }
        r.keep(put);
        let mut get = r.req_child_reader("get", NS)?;
        let get_url = get.req_attr("url")?.to_string();
        r.keep(get);
        Ok(Slot {
            put_url,
            headers,
            get_url,
            unknown: r.finish(),
        })
    }
}

impl From<Slot> for Element {
    fn from(p: Slot) -> Element {
        let put = Element::builder("put", NS)
            .attr("url", p.put_url)
            .append_all(p.headers.into_iter().map(|h| {
                Element::builder("header", NS)
                    .attr("name", h.name)
                    .text(h.value)
                    .build()
            }));
        with_unknown(
            Element::builder("slot", NS)
                .append(put)
                .append(Element::builder("get", NS).attr("url", p.get_url))
                .build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for FileTooLarge {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "file-too-large", NS)?;
        let max_file_size = r.child_parse("max-file-size", NS, "not a size in bytes")?;
        Ok(FileTooLarge {
            max_file_size,
            unknown: r.finish(),
        })
    }
}

impl From<FileTooLarge> for Element {
    fn from(p: FileTooLarge) -> Element {
        let mut b = Element::builder("file-too-large", NS);
        if let Some(m) = p.max_file_size {
            b = b.append(text_element("max-file-size", NS, m.to_string()));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for Retry {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "retry", NS)?;
        let stamp = r.req_attr_parse("stamp", "not a XEP-0082 DateTime")?;
        Ok(Retry {
            stamp,
            unknown: r.finish(),
        })
    }
}

impl From<Retry> for Element {
    fn from(p: Retry) -> Element {
        with_unknown(
            Element::builder("retry", NS)
                .attr("stamp", p.stamp.to_string())
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(SlotRequest, "request", NS);
impl_payload!(Slot, "slot", NS);
impl_payload!(FileTooLarge, "file-too-large", NS);
impl_payload!(Retry, "retry", NS);
