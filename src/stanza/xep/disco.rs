//! Service Discovery, [XEP-0030](https://xmpp.org/extensions/xep-0030.html):
//! `disco#info` queries and results (identities, features and XEP-0128
//! extension forms, §3) and `disco#items` queries and results (§4), with an
//! optional `node`.
//!
//! Leniency: a `disco#info` result is accepted without identities or
//! without the `disco#info` feature (§3.1 requires both, but several
//! components omit them); unknown children (e.g. XEP-0059 sets on
//! `disco#info`) are kept.
//!
//! ```
//! use xmpp_sansio::stanza::xep::disco::{DiscoInfoResult, Identity};
//! let info = DiscoInfoResult::new()
//!     .with_identity(Identity::new("client", "pc").with_name("Exodus 0.9.1"))
//!     .with_feature("http://jabber.org/protocol/disco#info");
//! assert!(info.has_feature("http://jabber.org/protocol/disco#info"));
//! ```

use super::data_forms::{self, DataForm};
use super::macros::impl_payload;
use super::reader::{Reader, with_unknown};
use super::rsm::{self, ResultSet};
use super::{PayloadError, Unknown};
use crate::jid::Jid;
use crate::xml::{Element, ns};

/// The `disco#info` namespace.
pub const NS_INFO: &str = "http://jabber.org/protocol/disco#info";
/// The `disco#items` namespace.
pub const NS_ITEMS: &str = "http://jabber.org/protocol/disco#items";

/// A `disco#info` request: `<query xmlns='…disco#info' node='…'/>` (§3.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiscoInfoQuery {
    /// The node asked about.
    pub node: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// A `disco#info` result (§3.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiscoInfoResult {
    /// The node described.
    pub node: Option<String>,
    /// What the entity is.
    pub identities: Vec<Identity>,
    /// The features it supports (`var`s), in document order.
    pub features: Vec<String>,
    /// Extended information (XEP-0128 data forms of type `result`).
    pub extensions: Vec<DataForm>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// An `<identity category='…' type='…' name='…' xml:lang='…'/>` (§3.1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identity {
    /// The category, e.g. `client`, `server`, `conference`.
    pub category: String,
    /// The type within the category, e.g. `pc`, `im`, `text`.
    pub type_: String,
    /// A human-readable name.
    pub name: Option<String>,
    /// The language of `name`.
    pub lang: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// A `disco#items` request (§4.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiscoItemsQuery {
    /// The node asked about.
    pub node: Option<String>,
    /// A XEP-0059 page request.
    pub rsm: Option<ResultSet>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// A `disco#items` result (§4.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiscoItemsResult {
    /// The node listed.
    pub node: Option<String>,
    /// The items.
    pub items: Vec<DiscoItem>,
    /// A XEP-0059 page description.
    pub rsm: Option<ResultSet>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// An `<item jid='…' node='…' name='…'/>` (§4.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscoItem {
    /// The item's address.
    pub jid: Jid,
    /// The node at that address.
    pub node: Option<String>,
    /// A human-readable name.
    pub name: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl DiscoInfoQuery {
    /// A query about node `node` (or the entity itself for `None`).
    pub fn new(node: Option<String>) -> Self {
        DiscoInfoQuery {
            node,
            unknown: Unknown::default(),
        }
    }
}

impl DiscoInfoResult {
    /// An empty result.
    pub fn new() -> Self {
        DiscoInfoResult::default()
    }

    /// This result with `identity` added.
    pub fn with_identity(mut self, identity: Identity) -> Self {
        self.identities.push(identity);
        self
    }

    /// This result with feature `var` added.
    pub fn with_feature(mut self, var: impl Into<String>) -> Self {
        self.features.push(var.into());
        self
    }

    /// True if feature `var` is listed.
    pub fn has_feature(&self, var: &str) -> bool {
        self.features.iter().any(|f| f == var)
    }

    /// The extension form whose `FORM_TYPE` is `form_type`.
    pub fn extension(&self, form_type: &str) -> Option<&DataForm> {
        self.extensions
            .iter()
            .find(|f| f.form_type() == Some(form_type))
    }
}

impl Identity {
    /// An identity of `category`/`type_` with no name.
    pub fn new(category: impl Into<String>, type_: impl Into<String>) -> Self {
        Identity {
            category: category.into(),
            type_: type_.into(),
            name: None,
            lang: None,
            unknown: Unknown::default(),
        }
    }

    /// This identity with a name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl DiscoItem {
    /// An item at `jid`.
    pub fn new(jid: Jid) -> Self {
        DiscoItem {
            jid,
            node: None,
            name: None,
            unknown: Unknown::default(),
        }
    }
}

impl TryFrom<Element> for DiscoInfoQuery {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS_INFO)?;
        let node = r.attr("node").map(|s| s.to_string());
        Ok(DiscoInfoQuery {
            node,
            unknown: r.finish(),
        })
    }
}

impl From<DiscoInfoQuery> for Element {
    fn from(p: DiscoInfoQuery) -> Element {
        with_unknown(
            Element::builder("query", NS_INFO)
                .attr_opt("node", p.node)
                .build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for DiscoInfoResult {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS_INFO)?;
        let node = r.attr("node").map(|s| s.to_string());
        let identities = r
            .children("identity", NS_INFO)
            .into_iter()
            .map(Identity::try_from)
            .collect::<Result<_, _>>()?;
        let mut features = Vec::new();
        for mut f in r.children_readers("feature", NS_INFO) {
            features.push(f.req_attr("var")?.to_string());
            r.keep(f);
        }
        let extensions = r
            .children("x", data_forms::NS)
            .into_iter()
            .map(DataForm::try_from)
            .collect::<Result<_, _>>()?;
        Ok(DiscoInfoResult {
            node,
            identities,
            features,
            extensions,
            unknown: r.finish(),
        })
    }
}

impl From<DiscoInfoResult> for Element {
    fn from(p: DiscoInfoResult) -> Element {
        let b = Element::builder("query", NS_INFO)
            .attr_opt("node", p.node)
            .append_all(p.identities.into_iter().map(Element::from))
            .append_all(
                p.features
                    .into_iter()
                    .map(|f| Element::builder("feature", NS_INFO).attr("var", f).build()),
            )
            .append_all(p.extensions.into_iter().map(Element::from));
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for Identity {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "identity", NS_INFO)?;
        let lang = r.lang().map(|l| l.to_string());
        let category = r.req_attr("category")?.to_string();
        let type_ = r.req_attr("type")?.to_string();
        let name = r.attr("name").map(|s| s.to_string());
        Ok(Identity {
            category,
            type_,
            name,
            lang,
            unknown: r.finish(),
        })
    }
}

impl From<Identity> for Element {
    fn from(p: Identity) -> Element {
        let mut b = Element::builder("identity", NS_INFO)
            .attr("category", p.category)
            .attr("type", p.type_)
            .attr_opt("name", p.name);
        if let Some(l) = p.lang {
            b = b.attr_ns("lang", ns::XML, l);
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for DiscoItemsQuery {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS_ITEMS)?;
        let node = r.attr("node").map(|s| s.to_string());
        let rsm = r
            .child("set", rsm::NS)?
            .map(ResultSet::try_from)
            .transpose()?;
        Ok(DiscoItemsQuery {
            node,
            rsm,
            unknown: r.finish(),
        })
    }
}

impl From<DiscoItemsQuery> for Element {
    fn from(p: DiscoItemsQuery) -> Element {
        let mut b = Element::builder("query", NS_ITEMS).attr_opt("node", p.node);
        if let Some(s) = p.rsm {
            b = b.append(Element::from(s));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for DiscoItemsResult {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS_ITEMS)?;
        let node = r.attr("node").map(|s| s.to_string());
        let items = r
            .children("item", NS_ITEMS)
            .into_iter()
            .map(DiscoItem::try_from)
            .collect::<Result<_, _>>()?;
        let rsm = r
            .child("set", rsm::NS)?
            .map(ResultSet::try_from)
            .transpose()?;
        Ok(DiscoItemsResult {
            node,
            items,
            rsm,
            unknown: r.finish(),
        })
    }
}

impl From<DiscoItemsResult> for Element {
    fn from(p: DiscoItemsResult) -> Element {
        let mut b = Element::builder("query", NS_ITEMS)
            .attr_opt("node", p.node)
            .append_all(p.items.into_iter().map(Element::from));
        if let Some(s) = p.rsm {
            b = b.append(Element::from(s));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for DiscoItem {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "item", NS_ITEMS)?;
        let jid = r.req_attr_jid("jid")?;
        let node = r.attr("node").map(|s| s.to_string());
        let name = r.attr("name").map(|s| s.to_string());
        Ok(DiscoItem {
            jid,
            node,
            name,
            unknown: r.finish(),
        })
    }
}

impl From<DiscoItem> for Element {
    fn from(p: DiscoItem) -> Element {
        with_unknown(
            Element::builder("item", NS_ITEMS)
                .attr("jid", p.jid.to_string())
                .attr_opt("node", p.node)
                .attr_opt("name", p.name)
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(DiscoInfoQuery, "query", NS_INFO);
impl_payload!(DiscoInfoResult, "query", NS_INFO);
impl_payload!(DiscoItemsQuery, "query", NS_ITEMS);
impl_payload!(DiscoItemsResult, "query", NS_ITEMS);
