//! The roster: `<query xmlns='jabber:iq:roster'/>`
//! ([RFC 6121 §2](https://www.rfc-editor.org/rfc/rfc6121#section-2)), with
//! roster versioning (§2.6) and pre-approved subscriptions (§3.4).
//!
//! ```
//! use xmpp_sansio::stanza::{Iq, Roster, RosterItem};
//! use xmpp_sansio::xml::Element;
//!
//! // Roster get with versioning (RFC 6121 §2.6.2).
//! let get = Iq::account_get(Roster::request(Some("ver14".into()))).with_id("r1");
//!
//! // Roster set adding an item (RFC 6121 §2.3.1).
//! let item = RosterItem::new("nurse@example.com".parse()?).with_name("Nurse").with_group("Servants");
//! let set = Iq::account_set(Roster::push(item.clone())).with_id("r2");
//! let query = set.payload_element().cloned().unwrap();
//! assert_eq!(Roster::try_from(query)?.items, vec![item]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::common::{is_whitespace, jid_to_bytestr, parse_jid, truncate};
use super::unknown::Leaf;
use super::{StanzaParseError, Unknown};
use crate::jid::Jid;
use crate::xml::{ByteStr, Element, Node, ns};

/// A roster query: the payload of a roster get, result, set or push.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    /// The roster version (`ver`, §2.6), if any.
    pub ver: Option<ByteStr>,
    /// The items.
    pub items: Vec<RosterItem>,
    /// Unknown children, kept.
    pub payloads: Vec<Element>,
    /// Attributes not defined by RFC 6121 (and, on an item, what its
    /// `<group/>` children hold besides their names), kept and written back.
    pub unknown: Unknown,
}

/// One contact of the roster (`<item/>`, RFC 6121 §2.1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterItem {
    /// The contact's address (`jid`). RFC 6121 says bare JID; full JIDs are
    /// accepted (some gateways use them).
    pub jid: Jid,
    /// The handle the user gave the contact (`name`).
    pub name: Option<ByteStr>,
    /// The subscription state (`subscription`); `None` when absent
    /// (which means `none`).
    pub subscription: Option<Subscription>,
    /// True when a subscription request is pending (`ask='subscribe'`,
    /// §2.1.2.2). RFC 3921's `ask='unsubscribe'` (a pending unsubscription,
    /// which RFC 6121 dropped but some servers still send) leaves it
    /// `false` and is kept in [`RosterItem::unknown`]'s attributes, written
    /// back while `ask` is `false`.
    pub ask: bool,
    /// True when the subscription is pre-approved (`approved='true'`, §3.4).
    pub approved: bool,
    /// The groups (`<group/>`), in order.
    pub groups: Vec<ByteStr>,
    /// Unknown children, kept.
    pub payloads: Vec<Element>,
    /// Attributes not defined by RFC 6121 (and, on an item, what its
    /// `<group/>` children hold besides their names), kept and written back.
    pub unknown: Unknown,
}

/// The `subscription` attribute of a roster item (RFC 6121 §2.1.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subscription {
    /// Neither side receives the other's presence.
    None,
    /// The user receives the contact's presence.
    To,
    /// The contact receives the user's presence.
    From,
    /// Both directions.
    Both,
    /// In a roster set: delete the item (§2.5).
    Remove,
}

impl Subscription {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Subscription::None => "none",
            Subscription::To => "to",
            Subscription::From => "from",
            Subscription::Both => "both",
            Subscription::Remove => "remove",
        }
    }

    /// The subscription state named `s`.
    pub fn from_name(s: &str) -> Option<Subscription> {
        Some(match s {
            "none" => Subscription::None,
            "to" => Subscription::To,
            "from" => Subscription::From,
            "both" => Subscription::Both,
            "remove" => Subscription::Remove,
            _ => return None,
        })
    }
}

impl Roster {
    /// A roster get payload, with the cached version if any (§2.1.3, §2.6.2;
    /// use `Some("")` to ask for versioning without a cached roster).
    pub fn request(ver: Option<ByteStr>) -> Roster {
        Roster {
            ver,
            ..Roster::default()
        }
    }

    /// A roster set or push payload with one item (§2.1.5, §2.1.6).
    pub fn push(item: RosterItem) -> Roster {
        Roster {
            items: vec![item],
            ..Roster::default()
        }
    }

    /// Sets `ver`.
    pub fn with_ver(mut self, ver: impl Into<ByteStr>) -> Self {
        self.ver = Some(ver.into());
        self
    }
}

impl RosterItem {
    /// An item for `jid` with no name, groups or subscription.
    pub fn new(jid: Jid) -> RosterItem {
        RosterItem {
            jid,
            name: None,
            subscription: None,
            ask: false,
            approved: false,
            groups: Vec::new(),
            payloads: Vec::new(),
            unknown: Unknown::default(),
        }
    }

    /// An item that deletes `jid` from the roster (`subscription='remove'`).
    pub fn remove(jid: Jid) -> RosterItem {
        RosterItem::new(jid).with_subscription(Subscription::Remove)
    }

    /// Sets `name`.
    pub fn with_name(mut self, name: impl Into<ByteStr>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a group.
    pub fn with_group(mut self, group: impl Into<ByteStr>) -> Self {
        self.groups.push(group.into());
        self
    }

    /// Sets `subscription`.
    pub fn with_subscription(mut self, s: Subscription) -> Self {
        self.subscription = Some(s);
        self
    }

    fn parse(el: Element) -> Result<RosterItem, StanzaParseError> {
        let mut jid = None;
        let mut name = None;
        let mut subscription = None;
        let mut ask = false;
        let mut approved = false;
        let mut unknown = Unknown::default();
        for a in el.attrs() {
            if a.ns.is_some() {
                unknown.attrs.push(a.clone());
                continue;
            }
            match &*a.name {
                "jid" => jid = Some(parse_jid(&a.value, "item", "jid")?),
                "name" => name = Some(a.value.clone()),
                "subscription" => {
                    subscription = Some(Subscription::from_name(&a.value).ok_or_else(|| {
                        StanzaParseError::InvalidAttribute {
                            element: "item",
                            attr: "subscription",
                            value: truncate(&a.value),
                            expected: "one of none, to, from, both, remove",
                        }
                    })?)
                }
                "ask" => match &*a.value {
                    "subscribe" => ask = true,
                    // Leniency: RFC 3921's other value (its roster schema), which RFC 6121
                    // §2.1.2.2 no longer defines; not "Pending Out", so
                    // `ask` stays false and the attribute is kept (the
                    // writer's `ask='subscribe'` wins over it).
                    "unsubscribe" => unknown.attrs.push(a.clone()),
                    v => {
                        return Err(StanzaParseError::InvalidAttribute {
                            element: "item",
                            attr: "ask",
                            value: truncate(v),
                            expected: "'subscribe' (or RFC 3921's 'unsubscribe')",
                        });
                    }
                },
                "approved" => {
                    approved = match &*a.value {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        v => {
                            return Err(StanzaParseError::InvalidAttribute {
                                element: "item",
                                attr: "approved",
                                value: truncate(v),
                                expected: "a boolean (true, false, 1, 0)",
                            });
                        }
                    };
                    // Written as `true` when true, omitted when false.
                    let written = approved.then(|| ByteStr::from_static("true"));
                    unknown.keep_lexical(Some(a.name.clone()), written, a.value.clone());
                }
                _ => unknown.attrs.push(a.clone()),
            }
        }
        let Some(jid) = jid else {
            return Err(StanzaParseError::MissingAttribute {
                element: "item",
                attr: "jid",
            });
        };
        let mut item = RosterItem {
            name,
            subscription,
            ask,
            approved,
            ..RosterItem::new(jid)
        };
        for n in el.into_nodes() {
            match n {
                Node::Element(c) if c.is("group", ns::ROSTER) => {
                    let leaf = Leaf::new(c, &[], false);
                    item.groups.push(leaf.text.clone());
                    leaf.keep_in(&mut unknown, item.groups.len() - 1);
                }
                Node::Element(c) => item.payloads.push(c),
                Node::Text(t) if is_whitespace(&t) => {}
                Node::Text(_) => {
                    return Err(StanzaParseError::UnexpectedChild {
                        element: "item",
                        child: "text",
                    });
                }
            }
        }
        item.unknown = unknown;
        Ok(item)
    }
}

impl TryFrom<Element> for Roster {
    type Error = StanzaParseError;

    /// Parses `<query xmlns='jabber:iq:roster'/>`. Lenient: whitespace between
    /// items is dropped; unknown children are kept.
    fn try_from(el: Element) -> Result<Roster, StanzaParseError> {
        if !el.is("query", ns::ROSTER) {
            return Err(StanzaParseError::WrongElement {
                expected: "query (jabber:iq:roster)",
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut r = Roster::default();
        for a in el.attrs() {
            match (&a.ns, &*a.name) {
                (None, "ver") => r.ver = Some(a.value.clone()),
                _ => r.unknown.attrs.push(a.clone()),
            }
        }
        for n in el.into_nodes() {
            match n {
                Node::Element(c) if c.is("item", ns::ROSTER) => r.items.push(RosterItem::parse(c)?),
                Node::Element(c) => r.payloads.push(c),
                Node::Text(t) if is_whitespace(&t) => {}
                Node::Text(_) => {
                    return Err(StanzaParseError::UnexpectedChild {
                        element: "query",
                        child: "text",
                    });
                }
            }
        }
        Ok(r)
    }
}

impl From<Roster> for Element {
    fn from(r: Roster) -> Element {
        let mut el = Element::new("query", ns::ROSTER);
        if let Some(v) = r.ver {
            el.set_attr("ver", v);
        }
        for i in r.items {
            el.append_child(i.into());
        }
        for p in r.payloads {
            el.append_child(p);
        }
        r.unknown.write_to(&mut el);
        el
    }
}

impl From<RosterItem> for Element {
    fn from(i: RosterItem) -> Element {
        let mut el = Element::new("item", ns::ROSTER);
        el.set_attr("jid", jid_to_bytestr(i.jid));
        if let Some(n) = i.name {
            el.set_attr("name", n);
        }
        if let Some(s) = i.subscription {
            el.set_attr("subscription", s.as_str());
        }
        if i.ask {
            el.set_attr("ask", "subscribe");
        }
        if i.approved {
            el.set_attr("approved", "true");
        }
        for g in i.groups {
            let mut ge = Element::new("group", ns::ROSTER);
            ge.append_text(g);
            el.append_child(ge);
        }
        for p in i.payloads {
            el.append_child(p);
        }
        i.unknown.write_to(&mut el);
        el
    }
}
