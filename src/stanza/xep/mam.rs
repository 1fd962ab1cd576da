//! Message Archive Management, [XEP-0313](https://xmpp.org/extensions/xep-0313.html)
//! (`urn:xmpp:mam:2`): the query (§4, with a data form filter, an XEP-0059
//! page and `<flip-page/>`), each archived message sent back in a
//! `<result/>` (§4.2), and the `<fin/>` that ends the query (§4.3).
//!
//! ```
//! use xmpp_sansio::stanza::xep::mam::Query;
//! use xmpp_sansio::xml::Element;
//! let el = Element::builder("query", "urn:xmpp:mam:2").attr("queryid", "f27").build();
//! assert_eq!(Query::try_from(el)?.queryid.as_deref(), Some("f27"));
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::data_forms::{self, DataForm};
use super::forwarding::{self, Forwarded};
use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::rsm::{self, ResultSet};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0313 version 2.
pub const NS: &str = "urn:xmpp:mam:2";

/// `<query xmlns='urn:xmpp:mam:2'/>`: asks for archived messages (§4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// An id the archive puts in each `<result/>`.
    pub queryid: Option<String>,
    /// The PubSub node to query, for a pubsub archive.
    pub node: Option<String>,
    /// Filters, as a data form with `FORM_TYPE` `urn:xmpp:mam:2` (§4.1).
    pub form: Option<DataForm>,
    /// The page wanted (§4.2).
    pub rsm: Option<ResultSet>,
    /// `<flip-page/>`: return the page in reverse order (§4.2.1).
    pub flip_page: bool,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<result queryid='…' id='…'><forwarded/></result>`: one archived
/// message (§4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchivedResult {
    /// The `queryid` of the query this answers.
    pub queryid: Option<String>,
    /// The archive's id for the message (its XEP-0359 stanza id).
    pub id: String,
    /// The message, with its delay.
    pub forwarded: Forwarded,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<fin complete='…' stable='…'><set/></fin>`: the end of a query
/// (§4.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fin {
    /// True if this was the last page.
    pub complete: bool,
    /// `Some(false)` if the ids in this page may not be stable (§4.3).
    pub stable: Option<bool>,
    /// The page returned.
    pub rsm: ResultSet,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl TryFrom<Element> for Query {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS)?;
        let queryid = r.attr("queryid").map(|s| s.to_string());
        let node = r.attr("node").map(|s| s.to_string());
        let form = r
            .child("x", data_forms::NS)?
            .map(DataForm::try_from)
            .transpose()?;
        let rsm = r
            .child("set", rsm::NS)?
            .map(ResultSet::try_from)
            .transpose()?;
        let flip_page = r.child_flag("flip-page", NS)?;
        Ok(Query {
            queryid,
            node,
            form,
            rsm,
            flip_page,
            unknown: r.finish(),
        })
    }
}

impl From<Query> for Element {
    fn from(p: Query) -> Element {
        let mut b = Element::builder("query", NS)
            .attr_opt("queryid", p.queryid)
            .attr_opt("node", p.node);
        if let Some(f) = p.form {
            b = b.append(Element::from(f));
        }
        if let Some(s) = p.rsm {
            b = b.append(Element::from(s));
        }
        if p.flip_page {
            b = b.append(Element::new("flip-page", NS));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for ArchivedResult {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "result", NS)?;
        let queryid = r.attr("queryid").map(|s| s.to_string());
        let id = r.req_attr("id")?.to_string();
        let forwarded = Forwarded::try_from(r.req_child("forwarded", forwarding::NS)?)?;
        Ok(ArchivedResult {
            queryid,
            id,
            forwarded,
            unknown: r.finish(),
        })
    }
}

impl From<ArchivedResult> for Element {
    fn from(p: ArchivedResult) -> Element {
        with_unknown(
            Element::builder("result", NS)
                .attr_opt("queryid", p.queryid)
                .attr("id", p.id)
                .append(Element::from(p.forwarded))
                .build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for Fin {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "fin", NS)?;
        let complete = r.attr_flag("complete")?;
        let stable = r.attr_bool("stable")?;
        let rsm = ResultSet::try_from(r.req_child("set", rsm::NS)?)?;
        Ok(Fin {
            complete,
            stable,
            rsm,
            unknown: r.finish(),
        })
    }
}

impl From<Fin> for Element {
    fn from(p: Fin) -> Element {
        with_unknown(
            Element::builder("fin", NS)
                .attr_opt("complete", p.complete.then_some("true"))
                .attr_opt("stable", p.stable.map(|s| if s { "true" } else { "false" }))
                .append(Element::from(p.rsm))
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(Query, "query", NS);
impl_payload!(ArchivedResult, "result", NS);
impl_payload!(Fin, "fin", NS);
