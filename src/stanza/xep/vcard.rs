//! vcard-temp, [XEP-0054](https://xmpp.org/extensions/xep-0054.html):
//! the `<vCard xmlns='vcard-temp'/>` of an account, retrieved and set with
//! `iq` (§3). The basic, commonly used fields are typed (`FN`, `N`,
//! `NICKNAME`, `PHOTO`, `BDAY`, `URL`, `ORG`, `TITLE`, `ROLE`, `TEL`,
//! `EMAIL`, `JABBERID`, `DESC`); every other field (`ADR`, `LOGO`, `GEO`,
//! …) is kept in [`VCard::unknown`] and written back.
//!
//! The XEP's DTD lets every field but `FN` and `N` repeat (its content
//! model is a repeated group, `(NICKNAME?, PHOTO?, …, DESC?)*`), and real
//! servers send repeats: Prosody's `mod_vcard_legacy` writes one `PHOTO` per
//! avatar and one `NICKNAME`, `URL`, `TITLE`… per vCard4 value. `PHOTO`,
//! `TEL` and `EMAIL` are lists ([`VCard::photos`], [`VCard::telephones`],
//! [`VCard::emails`]); the other typed fields hold the first occurrence,
//! and further ones are kept in [`VCard::unknown`] and written back, so a
//! vCard with repeated fields parses and round-trips whole.
//!
//! An empty `<vCard/>` is the request (§3.1) and parses as an empty
//! [`VCard`].
//!
//! ```
//! use xmpp_sansio::stanza::xep::vcard::VCard;
//! use xmpp_sansio::xml::Element;
//! let card = VCard { full_name: Some("Peter Saint-Andre".into()), ..VCard::default() };
//! assert_eq!(VCard::try_from(Element::from(card.clone()))?, card);
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::macros::impl_payload;
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::{Element, Node};
use base64::Engine as _;

/// The namespace of XEP-0054.
pub const NS: &str = "vcard-temp";

/// A vCard (the basic fields of XEP-0054 §3 and its DTD).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VCard {
    /// `FN`: the formatted name.
    pub full_name: Option<String>,
    /// `N`: the structured name.
    pub name: Option<Name>,
    /// `NICKNAME` (the first one; the DTD asks for several nicknames as
    /// one comma-separated value, and a further `NICKNAME` is kept in
    /// [`VCard::unknown`]).
    pub nickname: Option<String>,
    /// `PHOTO`s: avatars, in order (Prosody sends one per avatar it
    /// holds).
    pub photos: Vec<Photo>,
    /// `BDAY`: the birthday, as written (ISO 8601 `CCYY-MM-DD` expected).
    /// The first one; a further one is kept in [`VCard::unknown`].
    pub birthday: Option<String>,
    /// `URL` (the first one; further ones are kept in [`VCard::unknown`]).
    pub url: Option<String>,
    /// `ORG`: the organization (the first one; further ones are kept in
    /// [`VCard::unknown`]).
    pub org: Option<Org>,
    /// `TITLE` (the first one; further ones are kept in [`VCard::unknown`]).
    pub title: Option<String>,
    /// `ROLE` (the first one; further ones are kept in [`VCard::unknown`]).
    pub role: Option<String>,
    /// `TEL`s.
    pub telephones: Vec<Telephone>,
    /// `EMAIL`s.
    pub emails: Vec<Email>,
    /// `JABBERID` (the first one; further ones are kept in
    /// [`VCard::unknown`]).
    pub jabber_id: Option<String>,
    /// `DESC`: free text (the first one; further ones are kept in
    /// [`VCard::unknown`]).
    pub desc: Option<String>,
    /// Fields and attributes not modelled, and the repeats of the fields
    /// typed once, kept for round trips.
    pub unknown: Unknown,
}

/// `N`: a structured name. Each part is `Some("")` for an empty element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name {
    /// `FAMILY`.
    pub family: Option<String>,
    /// `GIVEN`.
    pub given: Option<String>,
    /// `MIDDLE`.
    pub middle: Option<String>,
    /// `PREFIX`.
    pub prefix: Option<String>,
    /// `SUFFIX`.
    pub suffix: Option<String>,
}

/// `PHOTO`: inline data (`TYPE` and `BINVAL`) or an external URL
/// (`EXTVAL`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Photo {
    /// `TYPE`: the MIME type.
    pub mime_type: Option<String>,
    /// `BINVAL`: the image, in Base64 as written (see [`Photo::data`]).
    pub binval: Option<String>,
    /// `EXTVAL`: where the image is.
    pub extval: Option<String>,
}

/// `ORG`: an organization and its units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Org {
    /// `ORGNAME`.
    pub name: String,
    /// `ORGUNIT`s, in order.
    pub units: Vec<String>,
}

/// `TEL`: a telephone number with its kinds (`HOME`, `WORK`, `VOICE`,
/// `FAX`, `CELL`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Telephone {
    /// The names of the empty flag elements, in order (e.g. `["WORK",
    /// "VOICE"]`).
    pub kinds: Vec<String>,
    /// `NUMBER` (`Some("")` for an empty element).
    pub number: Option<String>,
}

/// `EMAIL`: an address with its kinds (`HOME`, `WORK`, `INTERNET`, `PREF`,
/// `X400`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Email {
    /// The names of the empty flag elements, in order.
    pub kinds: Vec<String>,
    /// `USERID` (`Some("")` for an empty element).
    pub userid: Option<String>,
}

impl Photo {
    /// The decoded `BINVAL` (whitespace, which vCards often hold, is
    /// skipped); `None` if there is none or it is not valid Base64.
    pub fn data(&self) -> Option<Vec<u8>> {
        let s: String = self
            .binval
            .as_deref()?
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD.decode(s).ok()
    }
}

/// Reads the typed children of a flag-and-value element (`TEL`, `EMAIL`):
/// the first `value` child, and the other children of the vCard namespace
/// as flags; what else they hold is kept in `r`.
fn flags_and_value(r: &mut Reader, value: &'static str) -> (Vec<String>, Option<String>) {
    let v = r.child_reader_first(value, NS).map(|mut vr| {
        let t = vr.text();
        r.keep(vr);
        t
    });
    let mut kinds: Vec<String> = Vec::new();
    for f in r.take_children(|e| e.ns() == NS && !e.is(value, NS)) {
        let index = kinds.iter().filter(|k| **k == *f.name()).count();
        kinds.push(f.name().to_owned());
        let mut fr = Reader::child_reader(f, "flag", index);
        fr.text_as("");
        r.keep(fr);
    }
    (kinds, v)
}

/// Appends `<name>v</name>` to `children` if `v` is set.
fn push_text(children: &mut Vec<Node>, name: &'static str, v: Option<String>) {
    if let Some(v) = v {
        children.push(text_element(name, NS, v).into());
    }
}

/// Writes a flag-and-value element.
fn write_flags(
    name: &'static str,
    kinds: Vec<String>,
    value: &'static str,
    v: Option<String>,
) -> Element {
    let mut b =
        Element::builder(name, NS).append_all(kinds.into_iter().map(|k| Element::new(k, NS)));
    if let Some(v) = v {
        b = b.append(text_element(value, NS, v));
    }
    b.build()
}

impl TryFrom<Element> for VCard {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "vCard", NS)?;
        // FN and N appear once (the DTD's `(VERSION, FN, N)`); every other
        // field may repeat (`(NICKNAME?, PHOTO?, …)*`).
        let full_name = r.child_text("FN", NS)?;
        let name = match r.child_reader_of("N", NS)? {
            None => None,
            Some(mut nr) => {
                let n = Name {
                    family: nr.child_text("FAMILY", NS)?,
                    given: nr.child_text("GIVEN", NS)?,
                    middle: nr.child_text("MIDDLE", NS)?,
                    prefix: nr.child_text("PREFIX", NS)?,
                    suffix: nr.child_text("SUFFIX", NS)?,
                };
                r.keep(nr);
                Some(n)
            }
        };
        let nickname = r.child_text_first("NICKNAME", NS);
        let mut photos = Vec::new();
        for mut pr in r.children_readers("PHOTO", NS) {
            photos.push(Photo {
                mime_type: pr.child_text("TYPE", NS)?,
                binval: pr.child_text("BINVAL", NS)?,
                extval: pr.child_text("EXTVAL", NS)?,
            });
            r.keep(pr);
        }
        let birthday = r.child_text_first("BDAY", NS);
        let url = r.child_text_first("URL", NS);
        let org = match r.child_reader_first("ORG", NS) {
            None => None,
            Some(mut or) => {
                let name = or.req_child_text("ORGNAME", NS)?;
                let units = or.children_texts("ORGUNIT", NS);
                r.keep(or);
                Some(Org { name, units })
            }
        };
        let title = r.child_text_first("TITLE", NS);
        let role = r.child_text_first("ROLE", NS);
        let mut telephones = Vec::new();
        for mut tr in r.children_readers("TEL", NS) {
            let (kinds, number) = flags_and_value(&mut tr, "NUMBER");
            telephones.push(Telephone { kinds, number });
            r.keep(tr);
        }
        let mut emails = Vec::new();
        for mut er in r.children_readers("EMAIL", NS) {
            let (kinds, userid) = flags_and_value(&mut er, "USERID");
            emails.push(Email { kinds, userid });
            r.keep(er);
        }
        let jabber_id = r.child_text_first("JABBERID", NS);
        let desc = r.child_text_first("DESC", NS);
        Ok(VCard {
            full_name,
            name,
            nickname,
            photos,
            birthday,
            url,
            org,
            title,
            role,
            telephones,
            emails,
            jabber_id,
            desc,
            unknown: r.finish(),
        })
    }
}

impl From<VCard> for Element {
    fn from(p: VCard) -> Element {
        let mut children: Vec<Node> = Vec::new();
        push_text(&mut children, "FN", p.full_name);
        if let Some(n) = p.name {
            let mut b = Element::builder("N", NS);
            for (k, v) in [
                ("FAMILY", n.family),
                ("GIVEN", n.given),
                ("MIDDLE", n.middle),
                ("PREFIX", n.prefix),
                ("SUFFIX", n.suffix),
            ] {
                if let Some(v) = v {
                    b = b.append(text_element(k, NS, v));
                }
            }
            children.push(b.build().into());
        }
        push_text(&mut children, "NICKNAME", p.nickname);
        for ph in p.photos {
            let mut b = Element::builder("PHOTO", NS);
            for (k, v) in [
                ("TYPE", ph.mime_type),
                ("BINVAL", ph.binval),
                ("EXTVAL", ph.extval),
            ] {
                if let Some(v) = v {
                    b = b.append(text_element(k, NS, v));
                }
            }
            children.push(b.build().into());
        }
        push_text(&mut children, "BDAY", p.birthday);
        push_text(&mut children, "URL", p.url);
        if let Some(o) = p.org {
            children.push(
                Element::builder("ORG", NS)
                    .append(text_element("ORGNAME", NS, o.name))
                    .append_all(o.units.into_iter().map(|u| text_element("ORGUNIT", NS, u)))
                    .build()
                    .into(),
            );
        }
        push_text(&mut children, "TITLE", p.title);
        push_text(&mut children, "ROLE", p.role);
        for t in p.telephones {
            children.push(write_flags("TEL", t.kinds, "NUMBER", t.number).into());
        }
        for e in p.emails {
            children.push(write_flags("EMAIL", e.kinds, "USERID", e.userid).into());
        }
        push_text(&mut children, "JABBERID", p.jabber_id);
        push_text(&mut children, "DESC", p.desc);
        with_unknown(
            Element::builder("vCard", NS).append_all(children).build(),
            p.unknown,
        )
    }
}

impl_payload!(VCard, "vCard", NS);
