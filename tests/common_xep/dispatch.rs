//! Test helper: the XEP example files, which XEP model reads which payload
//! element, and a walk over a tree that knows the enclosing `iq`'s type.
//! Shared by the example table test and the round-trip property test.

use std::path::{Path, PathBuf};
use xmpp_sansio::stanza::xep::*;
use xmpp_sansio::xml::Element;

/// Every example file, sorted.
pub fn example_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).expect("tests/data exists") {
        let dir = dir.expect("readable").path();
        if !dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("xep-"))
        {
            continue;
        }
        for f in std::fs::read_dir(&dir).expect("readable") {
            let f = f.expect("readable").path();
            if f.extension().is_some_and(|e| e == "xml") {
                files.push(f);
            }
        }
    }
    files.sort();
    files
}

/// Parses `el` as `T` and serializes it back.
pub fn rt<T: Payload>(el: &Element) -> Result<Element, PayloadError> {
    assert!(
        T::matches(el),
        "{}: matches() disagrees with the dispatcher",
        el.name()
    );
    T::try_from(el.clone()).map(Into::into)
}

/// A typed round trip: element → model → element.
pub type RoundTrip = fn(&Element) -> Result<Element, PayloadError>;

/// The typed round trip for a payload element, or `None` if `el` is not a
/// payload root this crate models.
pub fn round_trip(el: &Element, iq_type: Option<&str>) -> Option<Result<Element, PayloadError>> {
    converter(el, iq_type).map(|f| f(el))
}

/// The model to read payload element `el` with (as [`RoundTrip`]), or
/// `None` if `el` is not a payload root this crate models. `iq_type` is the
/// `type` of the enclosing `iq`, which tells a query from its result where
/// both share a name.
pub fn converter(el: &Element, iq_type: Option<&str>) -> Option<RoundTrip> {
    let result = iq_type == Some("result") || el.children().next().is_some();
    Some(match (el.ns(), el.name()) {
        (data_forms::NS, "x") => rt::<data_forms::DataForm>,
        (disco::NS_INFO, "query") if result => rt::<disco::DiscoInfoResult>,
        (disco::NS_INFO, "query") => rt::<disco::DiscoInfoQuery>,
        (disco::NS_ITEMS, "query") if result => rt::<disco::DiscoItemsResult>,
        (disco::NS_ITEMS, "query") => rt::<disco::DiscoItemsQuery>,
        (muc::NS, "x") => rt::<muc::Muc>,
        (muc::NS_USER, "x") => rt::<muc::MucUser>,
        (muc::NS_ADMIN, "query") => rt::<muc::AdminQuery>,
        (muc::NS_OWNER, "query") => rt::<muc::OwnerQuery>,
        (vcard::NS, "vCard") => rt::<vcard::VCard>,
        (rsm::NS, "set") => rt::<rsm::ResultSet>,
        (chatstates::NS, _) => rt::<chatstates::ChatState>,
        (version::NS, "query") if result => rt::<version::SoftwareVersion>,
        (version::NS, "query") => rt::<version::VersionQuery>,
        (caps::NS, "c") => rt::<caps::Caps>,
        (nick::NS, "nick") => rt::<nick::Nick>,
        (receipts::NS, "request") => rt::<receipts::Request>,
        (receipts::NS, "received") => rt::<receipts::Received>,
        (blocking::NS, "blocklist") => rt::<blocking::BlockList>,
        (blocking::NS, "block") => rt::<blocking::Block>,
        (blocking::NS, "unblock") => rt::<blocking::Unblock>,
        (blocking::NS_ERRORS, "blocked") => rt::<blocking::Blocked>,
        (sm::NS, "sm") => rt::<sm::Feature>,
        (sm::NS, "enable") => rt::<sm::Enable>,
        (sm::NS, "enabled") => rt::<sm::Enabled>,
        (sm::NS, "resume") => rt::<sm::Resume>,
        (sm::NS, "resumed") => rt::<sm::Resumed>,
        (sm::NS, "failed") => rt::<sm::Failed>,
        (sm::NS, "r") => rt::<sm::AckRequest>,
        (sm::NS, "a") => rt::<sm::Ack>,
        (sm::NS, "handled-count-too-high") => rt::<sm::HandledCountTooHigh>,
        (ping::NS, "ping") => rt::<ping::Ping>,
        (time::NS, "time") if result => rt::<time::EntityTime>,
        (time::NS, "time") => rt::<time::TimeQuery>,
        (delay::NS, "delay") => rt::<delay::Delay>,
        (carbons::NS, "enable") => rt::<carbons::Enable>,
        (carbons::NS, "disable") => rt::<carbons::Disable>,
        (carbons::NS, "private") => rt::<carbons::Private>,
        (carbons::NS, "received") => rt::<carbons::Received>,
        (carbons::NS, "sent") => rt::<carbons::Sent>,
        (forwarding::NS, "forwarded") => rt::<forwarding::Forwarded>,
        (correction::NS, "replace") => rt::<correction::Replace>,
        (mam::NS, "query") => rt::<mam::Query>,
        (mam::NS, "result") => rt::<mam::ArchivedResult>,
        (mam::NS, "fin") => rt::<mam::Fin>,
        (markers::NS, _) => rt::<markers::ChatMarker>,
        (hints::NS, _) => rt::<hints::Hint>,
        (csi::NS, "csi") => rt::<csi::Feature>,
        (csi::NS, _) => rt::<csi::ClientState>,
        (stanza_id::NS, "stanza-id") => rt::<stanza_id::StanzaId>,
        (stanza_id::NS, "origin-id") => rt::<stanza_id::OriginId>,
        (http_upload::NS, "request") => rt::<http_upload::SlotRequest>,
        (http_upload::NS, "slot") => rt::<http_upload::Slot>,
        (http_upload::NS, "file-too-large") => rt::<http_upload::FileTooLarge>,
        (http_upload::NS, "retry") => rt::<http_upload::Retry>,
        (retraction::NS, "retract") if el.attr("id").is_some() => rt::<retraction::Retract>,
        (retraction::NS, "retracted") => rt::<retraction::Retracted>,
        (moderation::NS, "moderate") => rt::<moderation::Moderate>,
        (moderation::NS, "moderated") => rt::<moderation::Moderated>,
        _ => return None,
    })
}

/// Calls `f` on every element of `el` with the `type` of the closest
/// enclosing `iq`.
pub fn walk<'a>(
    el: &'a Element,
    iq_type: Option<&'a str>,
    f: &mut dyn FnMut(&'a Element, Option<&'a str>),
) {
    let iq_type = if el.name() == "iq" {
        el.attr("type")
    } else {
        iq_type
    };
    f(el, iq_type);
    for c in el.children() {
        walk(c, iq_type, f);
    }
}
