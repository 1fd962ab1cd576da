//! Fuzz body for the XEP payload models: bytes → `Element` (a small
//! structured decoder, below) → every payload type of
//! `xmpp_sansio::stanza::xep` → `Element` → parsed again. Never panics; a
//! value that parses is written back and must parse to the same value. The
//! root and each of its children are tried (a stanza and its payloads).
//!
//! Input format (also produced by [`encode`], used to seed the corpus from
//! the XEP examples): a sequence of operations, each one opcode byte
//! followed by strings. A string is one byte `v`: below the vocabulary's
//! length it is `vocab[v]`, else the next `v - len` bytes (lossy UTF-8).
//! `0` open element (name, ns) · `1` close · `2` attribute (name, value) ·
//! `3` text (value) · `4` `xml:lang` (value) · `5` namespaced attribute
//! (name, ns, value).

#![allow(dead_code)]

use xmpp_sansio::stanza::xep::*;
use xmpp_sansio::xml::{Element, ns};

const NAMES: &[&str] = &[
    "message",
    "presence",
    "iq",
    "x",
    "query",
    "field",
    "value",
    "option",
    "item",
    "reported",
    "title",
    "instructions",
    "required",
    "desc",
    "identity",
    "feature",
    "set",
    "max",
    "after",
    "before",
    "index",
    "count",
    "first",
    "last",
    "history",
    "password",
    "status",
    "invite",
    "decline",
    "destroy",
    "reason",
    "actor",
    "continue",
    "vCard",
    "FN",
    "N",
    "TEL",
    "EMAIL",
    "NUMBER",
    "ORG",
    "ORGNAME",
    "PHOTO",
    "active",
    "composing",
    "paused",
    "inactive",
    "gone",
    "name",
    "version",
    "os",
    "c",
    "nick",
    "request",
    "received",
    "blocklist",
    "block",
    "unblock",
    "blocked",
    "sm",
    "enable",
    "enabled",
    "resume",
    "resumed",
    "failed",
    "r",
    "a",
    "ping",
    "time",
    "tzo",
    "utc",
    "delay",
    "disable",
    "private",
    "sent",
    "forwarded",
    "replace",
    "result",
    "fin",
    "flip-page",
    "markable",
    "displayed",
    "acknowledged",
    "no-store",
    "no-copy",
    "no-permanent-store",
    "store",
    "csi",
    "stanza-id",
    "origin-id",
    "slot",
    "put",
    "get",
    "header",
    "file-too-large",
    "max-file-size",
    "retry",
    "retract",
    "retracted",
    "moderate",
    "moderated",
    "handled-count-too-high",
    "item-not-found",
    "body",
];
const NSS: &[&str] = &[
    data_forms::NS,
    disco::NS_INFO,
    disco::NS_ITEMS,
    muc::NS,
    muc::NS_USER,
    muc::NS_ADMIN,
    muc::NS_OWNER,
    vcard::NS,
    rsm::NS,
    chatstates::NS,
    version::NS,
    caps::NS,
    nick::NS,
    receipts::NS,
    blocking::NS,
    blocking::NS_ERRORS,
    sm::NS,
    ping::NS,
    time::NS,
    delay::NS,
    carbons::NS,
    forwarding::NS,
    correction::NS,
    mam::NS,
    markers::NS,
    hints::NS,
    csi::NS,
    stanza_id::NS,
    http_upload::NS,
    retraction::NS,
    moderation::NS,
    ns::JABBER_CLIENT,
    ns::STANZAS,
    "",
    "urn:x",
];
const ATTRS: &[&str] = &[
    "to",
    "from",
    "id",
    "type",
    "jid",
    "name",
    "var",
    "label",
    "node",
    "category",
    "hash",
    "ver",
    "ext",
    "h",
    "previd",
    "resume",
    "max",
    "location",
    "stamp",
    "by",
    "queryid",
    "complete",
    "stable",
    "affiliation",
    "role",
    "nick",
    "code",
    "maxchars",
    "maxstanzas",
    "seconds",
    "since",
    "filename",
    "size",
    "content-type",
    "url",
    "send-count",
    "thread",
    "index",
    "lang",
];
const VALUES: &[&str] = &[
    "",
    "form",
    "submit",
    "cancel",
    "result",
    "hidden",
    "fixed",
    "boolean",
    "list-multi",
    "text-single",
    "FORM_TYPE",
    "urn:xmpp:mam:2",
    "true",
    "false",
    "1",
    "0",
    "-1",
    "10",
    "4294967295",
    "4294967296",
    "110",
    "99",
    "owner",
    "admin",
    "member",
    "outcast",
    "none",
    "moderator",
    "participant",
    "visitor",
    "sha-1",
    "sha-256",
    "md5",
    "client",
    "pc",
    "2002-09-10T23:08:25Z",
    "2002-09-10T23:08:25.123-06:00",
    "2002-13-10T23:08:25Z",
    "Z",
    "-06:00",
    "+24:00",
    "juliet@capulet.lit",
    "romeo@montague.net/orchard",
    "capulet.lit",
    "@",
    "a@b/",
    "en",
    "some-long-sm-id",
    "QgayPKawpkPSDYmwT/WM94uAlu0=",
    " ",
    "\n  ",
    "https://upload.example/a",
    "Authorization",
    "X-Other",
];

#[path = "element_codec.rs"]
mod element_codec;

const VOCAB: element_codec::Vocab = element_codec::Vocab {
    names: NAMES,
    nss: NSS,
    attrs: ATTRS,
    values: VALUES,
};

/// Decodes `data` into an element tree (the first element opened).
pub fn decode(data: &[u8]) -> Option<Element> {
    element_codec::decode(data, &VOCAB)
}

/// Encodes an element tree in the input format (for seeding the corpus).
/// Strings longer than the format allows are cut.
pub fn encode(el: &Element) -> Vec<u8> {
    element_codec::encode(el, &VOCAB)
}

fn check<T>(el: &Element)
where
    T: Payload + Clone + PartialEq + std::fmt::Debug,
{
    match T::try_from(el.clone()) {
        Ok(v) => {
            let back: Element = v.clone().into();
            match T::try_from(back) {
                Ok(v2) => assert_eq!(v, v2, "written value does not parse back the same"),
                Err(e) => panic!("written value does not parse back: {v:?}: {e}"),
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Every payload type on `el`.
fn check_all(el: &Element) {
    check::<data_forms::DataForm>(el);
    check::<disco::DiscoInfoQuery>(el);
    check::<disco::DiscoInfoResult>(el);
    check::<disco::DiscoItemsQuery>(el);
    check::<disco::DiscoItemsResult>(el);
    check::<muc::Muc>(el);
    check::<muc::MucUser>(el);
    check::<muc::AdminQuery>(el);
    check::<muc::OwnerQuery>(el);
    check::<vcard::VCard>(el);
    check::<rsm::ResultSet>(el);
    check::<chatstates::ChatState>(el);
    check::<version::VersionQuery>(el);
    check::<version::SoftwareVersion>(el);
    check::<caps::Caps>(el);
    check::<nick::Nick>(el);
    check::<receipts::Request>(el);
    check::<receipts::Received>(el);
    check::<blocking::BlockList>(el);
    check::<blocking::Block>(el);
    check::<blocking::Unblock>(el);
    check::<blocking::Blocked>(el);
    check::<sm::Feature>(el);
    check::<sm::Enable>(el);
    check::<sm::Enabled>(el);
    check::<sm::Resume>(el);
    check::<sm::Resumed>(el);
    check::<sm::Failed>(el);
    check::<sm::AckRequest>(el);
    check::<sm::Ack>(el);
    check::<sm::HandledCountTooHigh>(el);
    check::<ping::Ping>(el);
    check::<time::TimeQuery>(el);
    check::<time::EntityTime>(el);
    check::<delay::Delay>(el);
    check::<carbons::Enable>(el);
    check::<carbons::Disable>(el);
    check::<carbons::Private>(el);
    check::<carbons::Received>(el);
    check::<carbons::Sent>(el);
    check::<forwarding::Forwarded>(el);
    check::<correction::Replace>(el);
    check::<mam::Query>(el);
    check::<mam::ArchivedResult>(el);
    check::<mam::Fin>(el);
    check::<markers::ChatMarker>(el);
    check::<hints::Hint>(el);
    check::<csi::Feature>(el);
    check::<csi::ClientState>(el);
    check::<stanza_id::StanzaId>(el);
    check::<stanza_id::OriginId>(el);
    check::<http_upload::SlotRequest>(el);
    check::<http_upload::Slot>(el);
    check::<http_upload::FileTooLarge>(el);
    check::<http_upload::Retry>(el);
    check::<retraction::Retract>(el);
    check::<retraction::Retracted>(el);
    check::<moderation::Moderate>(el);
    check::<moderation::Moderated>(el);
    if let Ok(s) = disco::DiscoInfoResult::try_from(el.clone())
        .and_then(|info| caps::verification_string(&info))
    {
        let _ = caps::hash_verification_string("sha-1", &s);
    }
}

/// The fuzz entry point.
pub fn run(data: &[u8]) {
    let Some(el) = decode(data) else { return };
    check_all(&el);
    for c in el.children() {
        check_all(c);
    }
}
