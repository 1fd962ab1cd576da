//! Multi-User Chat, [XEP-0045](https://xmpp.org/extensions/xep-0045.html):
//! the join presence with password and history limits (`muc`, §7.2,
//! §7.2.15), the occupant information of `muc#user` (items with
//! affiliation, role, real JID, actor and reason; status codes; invites and
//! declines; destroy notices, §7, §9–10), and the `muc#admin` (item lists,
//! §9) and `muc#owner` (configuration form, destroy, §10) queries.
//!
//! Strict: affiliations, roles and status codes must be those of §5.1, §5.2
//! and §15.6 (three digits). Lenient: `<item/>`s in a `muc#user` element need
//! neither affiliation nor role (servers omit them in invitation-related
//! and kick/ban items).
//!
//! ```
//! use xmpp_sansio::stanza::xep::muc::{History, Muc};
//! use xmpp_sansio::xml::Element;
//! let join = Muc { history: Some(History { maxstanzas: Some(20), ..History::default() }), ..Muc::default() };
//! let el = Element::from(join.clone());
//! assert_eq!(Muc::try_from(el)?, join);
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::data_forms::{self, DataForm};
use super::datetime::DateTime;
use super::macros::impl_payload;
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::jid::Jid;
use crate::xml::Element;

/// The namespace of the join element.
pub const NS: &str = "http://jabber.org/protocol/muc";
/// The namespace of occupant information.
pub const NS_USER: &str = "http://jabber.org/protocol/muc#user";
/// The namespace of moderator and admin queries.
pub const NS_ADMIN: &str = "http://jabber.org/protocol/muc#admin";
/// The namespace of owner queries.
pub const NS_OWNER: &str = "http://jabber.org/protocol/muc#owner";

/// `<x xmlns='http://jabber.org/protocol/muc'>` in the presence that joins
/// a room (§7.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Muc {
    /// The room's password (§7.2.6).
    pub password: Option<String>,
    /// How much discussion history to receive (§7.2.15).
    pub history: Option<History>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<history/>` limits (§7.2.15); all unset means the room's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// At most this many characters of XML.
    pub maxchars: Option<u32>,
    /// At most this many messages.
    pub maxstanzas: Option<u32>,
    /// Messages of the last this many seconds.
    pub seconds: Option<u32>,
    /// Messages since this time.
    pub since: Option<DateTime>,
}

/// `<x xmlns='http://jabber.org/protocol/muc#user'>` (§7, §9, §10).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MucUser {
    /// Status codes (§15.6), e.g. 110 for "this is you".
    pub status: Vec<u16>,
    /// Occupant items.
    pub items: Vec<MucItem>,
    /// Mediated invitations (§7.8.2).
    pub invites: Vec<Invite>,
    /// Declined invitations (§7.8.2).
    pub declines: Vec<Invite>,
    /// The room was destroyed (§10.9).
    pub destroy: Option<Destroy>,
    /// The room's password, in an invitation.
    pub password: Option<String>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// An `<item/>` about an occupant or a user (§5, §9, §10).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MucItem {
    /// The long-lived affiliation.
    pub affiliation: Option<Affiliation>,
    /// The role in the current session.
    pub role: Option<Role>,
    /// The real JID.
    pub jid: Option<Jid>,
    /// The room nickname.
    pub nick: Option<String>,
    /// Who made the change (`<actor/>`).
    pub actor: Option<Actor>,
    /// Why (`<reason/>`).
    pub reason: Option<String>,
    /// `<continue/>`, with its optional `thread`, when a one-to-one chat is
    /// turned into a room (§7.9).
    pub continue_thread: Option<Option<String>>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<actor jid='…' nick='…'/>`: who made a change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    /// The actor's real JID.
    pub jid: Option<Jid>,
    /// The actor's nickname.
    pub nick: Option<String>,
}

/// A mediated `<invite/>` or `<decline/>` (§7.8.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invite {
    /// The inviter (set by the room).
    pub from: Option<Jid>,
    /// The invitee (set by the inviter).
    pub to: Option<Jid>,
    /// A message from the inviter.
    pub reason: Option<String>,
    /// Attributes and children not modelled (e.g. `<continue/>`), kept.
    pub unknown: Unknown,
}

/// `<destroy jid='…'><reason/><password/></destroy>` (§10.9), in
/// `muc#owner` (the request) or `muc#user` (the notice).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Destroy {
    /// An alternate room to join.
    pub jid: Option<Jid>,
    /// Why the room was destroyed.
    pub reason: Option<String>,
    /// The alternate room's password.
    pub password: Option<String>,
}

/// `<query xmlns='…muc#admin'>` with items to list or change (§8, §9).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminQuery {
    /// The items.
    pub items: Vec<MucItem>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// `<query xmlns='…muc#owner'>`: a configuration form request or
/// submission, or a destroy request (§10).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnerQuery {
    /// The configuration form.
    pub form: Option<DataForm>,
    /// The room is to be destroyed.
    pub destroy: Option<Destroy>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// An affiliation (§5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Affiliation {
    /// `owner`.
    Owner,
    /// `admin`.
    Admin,
    /// `member`.
    Member,
    /// `outcast` (banned).
    Outcast,
    /// `none`.
    None,
}

/// A role (§5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// `moderator`.
    Moderator,
    /// `participant`.
    Participant,
    /// `visitor`.
    Visitor,
    /// `none` (not in the room).
    None,
}

impl Affiliation {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Affiliation::Owner => "owner",
            Affiliation::Admin => "admin",
            Affiliation::Member => "member",
            Affiliation::Outcast => "outcast",
            Affiliation::None => "none",
        }
    }
}

impl std::fmt::Display for Affiliation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Affiliation {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "owner" => Affiliation::Owner,
            "admin" => Affiliation::Admin,
            "member" => Affiliation::Member,
            "outcast" => Affiliation::Outcast,
            "none" => Affiliation::None,
            _ => return Err(()),
        })
    }
}

impl Role {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Participant => "participant",
            Role::Visitor => "visitor",
            Role::None => "none",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "moderator" => Role::Moderator,
            "participant" => Role::Participant,
            "visitor" => Role::Visitor,
            "none" => Role::None,
            _ => return Err(()),
        })
    }
}

impl MucUser {
    /// True if status code `code` is present (e.g. 110: "this is you").
    pub fn has_status(&self, code: u16) -> bool {
        self.status.contains(&code)
    }
}

impl MucItem {
    /// Reads an `<item/>` in namespace `ns` (`muc#user` or `muc#admin`).
    pub fn from_element(el: Element, ns: &'static str) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "item", ns)?;
        let affiliation = r.attr_parse(
            "affiliation",
            "not one of owner, admin, member, outcast, none",
        )?;
        let role = r.attr_parse("role", "not one of moderator, participant, visitor, none")?;
        let jid = r.attr_jid("jid")?;
        let nick = r.attr("nick").map(|s| s.to_string());
        let actor = match r.child_reader_of("actor", ns)? {
            None => None,
            Some(mut ar) => {
                let a = Actor {
                    jid: ar.attr_jid("jid")?,
                    nick: ar.attr("nick").map(|s| s.to_string()),
                };
                r.keep(ar);
                Some(a)
            }
        };
        let reason = r.child_text("reason", ns)?;
        let continue_thread = match r.child_reader_of("continue", ns)? {
            None => None,
            Some(mut cr) => {
                let thread = cr.attr("thread").map(|t| t.to_string());
                r.keep(cr);
                Some(thread)
            }
        };
        Ok(MucItem {
            affiliation,
            role,
            jid,
            nick,
            actor,
            reason,
            continue_thread,
            unknown: r.finish(),
        })
    }

    /// Writes this item as an `<item/>` in namespace `ns`.
    pub fn into_element(self, ns: &'static str) -> Element {
        let mut b = Element::builder("item", ns)
            .attr_opt("affiliation", self.affiliation.map(Affiliation::as_str))
            .attr_opt("jid", self.jid.map(|j| j.to_string()))
            .attr_opt("nick", self.nick)
            .attr_opt("role", self.role.map(Role::as_str));
        if let Some(a) = self.actor {
            b = b.append(
                Element::builder("actor", ns)
                    .attr_opt("jid", a.jid.map(|j| j.to_string()))
                    .attr_opt("nick", a.nick),
            );
        }
        if let Some(r) = self.reason {
            b = b.append(text_element("reason", ns, r));
        }
        if let Some(thread) = self.continue_thread {
            b = b.append(Element::builder("continue", ns).attr_opt("thread", thread));
        }
        with_unknown(b.build(), self.unknown)
    }
}

impl Invite {
    /// Reads an `<invite/>` or `<decline/>` (`name`) in `muc#user`.
    fn from_element(el: Element, name: &'static str) -> Result<Self, PayloadError> {
        let mut r = Reader::unchecked(el, name);
        let from = r.attr_jid("from")?;
        let to = r.attr_jid("to")?;
        let reason = r.child_text("reason", NS_USER)?;
        Ok(Invite {
            from,
            to,
            reason,
            unknown: r.finish(),
        })
    }

    /// Writes this as `<name/>` in `muc#user`.
    fn into_element(self, name: &'static str) -> Element {
        let mut b = Element::builder(name, NS_USER)
            .attr_opt("from", self.from.map(|j| j.to_string()))
            .attr_opt("to", self.to.map(|j| j.to_string()));
        if let Some(r) = self.reason {
            b = b.append(text_element("reason", NS_USER, r));
        }
        with_unknown(b.build(), self.unknown)
    }
}

impl Destroy {
    /// Reads the `<destroy/>` child in namespace `ns` of `parent`, if any;
    /// what it holds besides is kept in `parent`.
    fn read_child(parent: &mut Reader, ns: &'static str) -> Result<Option<Self>, PayloadError> {
        let Some(mut r) = parent.child_reader_of("destroy", ns)? else {
            return Ok(None);
        };
        let d = Destroy {
            jid: r.attr_jid("jid")?,
            reason: r.child_text("reason", ns)?,
            password: r.child_text("password", ns)?,
        };
        parent.keep(r);
        Ok(Some(d))
    }

    /// Writes this as `<destroy/>` in `ns`.
    fn into_element(self, ns: &'static str) -> Element {
        let mut b =
            Element::builder("destroy", ns).attr_opt("jid", self.jid.map(|j| j.to_string()));
        if let Some(r) = self.reason {
            b = b.append(text_element("reason", ns, r));
        }
        if let Some(p) = self.password {
            b = b.append(text_element("password", ns, p));
        }
        b.build()
    }
}

impl TryFrom<Element> for Muc {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "x", NS)?;
        let password = r.child_text("password", NS)?;
        let history = match r.child_reader_of("history", NS)? {
            None => None,
            Some(mut hr) => {
                const N: &str = "not an unsigned 32-bit integer";
                let h = History {
                    maxchars: hr.attr_parse("maxchars", N)?,
                    maxstanzas: hr.attr_parse("maxstanzas", N)?,
                    seconds: hr.attr_parse("seconds", N)?,
                    since: hr.attr_parse("since", "not a XEP-0082 DateTime")?,
                };
                r.keep(hr);
                Some(h)
            }
        };
        Ok(Muc {
            password,
            history,
            unknown: r.finish(),
        })
    }
}

impl From<Muc> for Element {
    fn from(p: Muc) -> Element {
        let mut b = Element::builder("x", NS);
        if let Some(h) = p.history {
            b = b.append(
                Element::builder("history", NS)
                    .attr_opt("maxchars", h.maxchars.map(|v| v.to_string()))
                    .attr_opt("maxstanzas", h.maxstanzas.map(|v| v.to_string()))
                    .attr_opt("seconds", h.seconds.map(|v| v.to_string()))
                    .attr_opt("since", h.since.map(|v| v.to_string())),
            );
        }
        if let Some(pw) = p.password {
            b = b.append(text_element("password", NS, pw));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for MucUser {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "x", NS_USER)?;
        let mut status = Vec::new();
        for mut sr in r.children_readers("status", NS_USER) {
            let code: u16 = sr.req_attr_parse("code", "not a three-digit status code")?;
            if !(100..=999).contains(&code) {
                return Err(PayloadError::attr(
                    "status",
                    "code",
                    &code.to_string(),
                    "not a three-digit status code",
                ));
            }
            status.push(code);
            r.keep(sr);
        }
        let items = r
            .children("item", NS_USER)
            .into_iter()
            .map(|e| MucItem::from_element(e, NS_USER))
            .collect::<Result<_, _>>()?;
        let invites = r
            .children("invite", NS_USER)
            .into_iter()
            .map(|e| Invite::from_element(e, "invite"))
            .collect::<Result<_, _>>()?;
        let declines = r
            .children("decline", NS_USER)
            .into_iter()
            .map(|e| Invite::from_element(e, "decline"))
            .collect::<Result<_, _>>()?;
        let destroy = Destroy::read_child(&mut r, NS_USER)?;
        let password = r.child_text("password", NS_USER)?;
        Ok(MucUser {
            status,
            items,
            invites,
            declines,
            destroy,
            password,
            unknown: r.finish(),
        })
    }
}

impl From<MucUser> for Element {
    fn from(p: MucUser) -> Element {
        let mut b = Element::builder("x", NS_USER)
            .append_all(p.invites.into_iter().map(|i| i.into_element("invite")))
            .append_all(p.declines.into_iter().map(|i| i.into_element("decline")))
            .append_all(p.items.into_iter().map(|i| i.into_element(NS_USER)))
            .append_all(p.status.into_iter().map(|c| {
                Element::builder("status", NS_USER)
                    .attr("code", c.to_string())
                    .build()
            }));
        if let Some(d) = p.destroy {
            b = b.append(d.into_element(NS_USER));
        }
        if let Some(pw) = p.password {
            b = b.append(text_element("password", NS_USER, pw));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for AdminQuery {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS_ADMIN)?;
        let items = r
            .children("item", NS_ADMIN)
            .into_iter()
            .map(|e| MucItem::from_element(e, NS_ADMIN))
            .collect::<Result<_, _>>()?;
        Ok(AdminQuery {
            items,
            unknown: r.finish(),
        })
    }
}

impl From<AdminQuery> for Element {
    fn from(p: AdminQuery) -> Element {
        with_unknown(
            Element::builder("query", NS_ADMIN)
                .append_all(p.items.into_iter().map(|i| i.into_element(NS_ADMIN)))
                .build(),
            p.unknown,
        )
    }
}

impl TryFrom<Element> for OwnerQuery {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "query", NS_OWNER)?;
        let form = r
            .child("x", data_forms::NS)?
            .map(DataForm::try_from)
            .transpose()?;
        let destroy = Destroy::read_child(&mut r, NS_OWNER)?;
        Ok(OwnerQuery {
            form,
            destroy,
            unknown: r.finish(),
        })
    }
}

impl From<OwnerQuery> for Element {
    fn from(p: OwnerQuery) -> Element {
        let mut b = Element::builder("query", NS_OWNER);
        if let Some(f) = p.form {
            b = b.append(Element::from(f));
        }
        if let Some(d) = p.destroy {
            b = b.append(d.into_element(NS_OWNER));
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl_payload!(Muc, "x", NS);
impl_payload!(MucUser, "x", NS_USER);
impl_payload!(AdminQuery, "query", NS_ADMIN);
impl_payload!(OwnerQuery, "query", NS_OWNER);
