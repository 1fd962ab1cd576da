//! Invalid XEP payloads give the specific error that names the problem,
//! and documented leniencies accept what sloppy peers send. Table-driven:
//! (what is wrong, XML, payload type, expected error).

#[path = "common_xep/xml_to_element.rs"]
mod xml_to_element;

use xml_to_element::xml_to_element;
use xmpp_sansio::stanza::xep::*;
use xmpp_sansio::xml::Element;

/// Parses `xml` as `T` and returns the error (panics if it parses).
fn err<T: Payload + std::fmt::Debug>(xml: &str) -> PayloadError {
    let el = xml_to_element(xml).expect("well-formed test XML");
    T::try_from(el).expect_err("should be rejected")
}

/// Parses `xml` as `T` (panics on error).
fn ok<T: Payload>(xml: &str) -> T {
    let el = xml_to_element(xml).expect("well-formed test XML");
    T::try_from(el).unwrap_or_else(|e| panic!("{xml}: {e}"))
}

type Check = fn(&str) -> PayloadError;

fn attr(
    element: &'static str,
    attribute: &'static str,
    value: &str,
    reason: &'static str,
) -> PayloadError {
    PayloadError::InvalidAttribute {
        element,
        attribute,
        value: value.into(),
        reason,
    }
}

#[test]
fn invalid_payloads_name_the_problem() {
    const U32: &str = "not an unsigned 32-bit integer";
    let table: Vec<(&str, &str, Check, PayloadError)> = vec![
        (
            "wrong namespace",
            "<ping xmlns='urn:xmpp:pong'/>",
            err::<ping::Ping>,
            PayloadError::UnexpectedElement {
                expected: "ping",
                expected_ns: ping::NS,
                found: "ping".into(),
                found_ns: "urn:xmpp:pong".into(),
            },
        ),
        (
            "sm h negative",
            "<a xmlns='urn:xmpp:sm:3' h='-1'/>",
            err::<sm::Ack>,
            attr("a", "h", "-1", U32),
        ),
        (
            "sm h past u32",
            "<a xmlns='urn:xmpp:sm:3' h='4294967296'/>",
            err::<sm::Ack>,
            attr("a", "h", "4294967296", U32),
        ),
        (
            "sm h with spaces",
            "<a xmlns='urn:xmpp:sm:3' h=' 1'/>",
            err::<sm::Ack>,
            attr("a", "h", " 1", U32),
        ),
        (
            "sm a without h",
            "<a xmlns='urn:xmpp:sm:3'/>",
            err::<sm::Ack>,
            PayloadError::MissingAttribute {
                element: "a",
                attribute: "h",
            },
        ),
        (
            "sm resume without previd",
            "<resume xmlns='urn:xmpp:sm:3' h='3'/>",
            err::<sm::Resume>,
            PayloadError::MissingAttribute {
                element: "resume",
                attribute: "previd",
            },
        ),
        (
            "sm enable resume not boolean",
            "<enable xmlns='urn:xmpp:sm:3' resume='yes'/>",
            err::<sm::Enable>,
            attr("enable", "resume", "yes", "not an xs:boolean"),
        ),
        (
            "sm failed with two conditions",
            "<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>",
            err::<sm::Failed>,
            PayloadError::Invalid {
                element: "failed",
                reason: "it holds more than one error condition",
            },
        ),
        (
            "data form without type",
            "<x xmlns='jabber:x:data'/>",
            err::<data_forms::DataForm>,
            PayloadError::MissingAttribute {
                element: "x",
                attribute: "type",
            },
        ),
        (
            "data form of unknown type",
            "<x xmlns='jabber:x:data' type='draft'/>",
            err::<data_forms::DataForm>,
            attr(
                "x",
                "type",
                "draft",
                "not one of form, submit, cancel, result",
            ),
        ),
        (
            "field without var",
            "<x xmlns='jabber:x:data' type='submit'><field type='text-single'><value>a</value></field></x>",
            err::<data_forms::DataForm>,
            PayloadError::MissingAttribute {
                element: "field",
                attribute: "var",
            },
        ),
        (
            "option without value",
            "<x xmlns='jabber:x:data' type='form'><field var='a' type='list-single'><option label='A'/></field></x>",
            err::<data_forms::DataForm>,
            PayloadError::MissingChild {
                element: "option",
                child: "value",
            },
        ),
        (
            "two titles",
            "<x xmlns='jabber:x:data' type='form'><title>a</title><title>b</title></x>",
            err::<data_forms::DataForm>,
            PayloadError::DuplicateChild {
                element: "x",
                child: "title",
            },
        ),
        (
            "disco identity without category",
            "<query xmlns='http://jabber.org/protocol/disco#info'><identity type='pc'/></query>",
            err::<disco::DiscoInfoResult>,
            PayloadError::MissingAttribute {
                element: "identity",
                attribute: "category",
            },
        ),
        (
            "disco feature without var",
            "<query xmlns='http://jabber.org/protocol/disco#info'><feature/></query>",
            err::<disco::DiscoInfoResult>,
            PayloadError::MissingAttribute {
                element: "feature",
                attribute: "var",
            },
        ),
        (
            "disco item without jid",
            "<query xmlns='http://jabber.org/protocol/disco#items'><item name='x'/></query>",
            err::<disco::DiscoItemsResult>,
            PayloadError::MissingAttribute {
                element: "item",
                attribute: "jid",
            },
        ),
        (
            "muc unknown affiliation",
            "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='king'/></x>",
            err::<muc::MucUser>,
            attr(
                "item",
                "affiliation",
                "king",
                "not one of owner, admin, member, outcast, none",
            ),
        ),
        (
            "muc unknown role",
            "<x xmlns='http://jabber.org/protocol/muc#user'><item role='jester'/></x>",
            err::<muc::MucUser>,
            attr(
                "item",
                "role",
                "jester",
                "not one of moderator, participant, visitor, none",
            ),
        ),
        (
            "muc two-digit status",
            "<x xmlns='http://jabber.org/protocol/muc#user'><status code='99'/></x>",
            err::<muc::MucUser>,
            attr("status", "code", "99", "not a three-digit status code"),
        ),
        (
            "muc status not a number",
            "<x xmlns='http://jabber.org/protocol/muc#user'><status code='1x0'/></x>",
            err::<muc::MucUser>,
            attr("status", "code", "1x0", "not a three-digit status code"),
        ),
        (
            "muc history seconds negative",
            "<x xmlns='http://jabber.org/protocol/muc'><history seconds='-5'/></x>",
            err::<muc::Muc>,
            attr("history", "seconds", "-5", U32),
        ),
        (
            "rsm max not a number",
            "<set xmlns='http://jabber.org/protocol/rsm'><max>ten</max></set>",
            err::<rsm::ResultSet>,
            PayloadError::InvalidText {
                element: "max",
                value: "ten".into(),
                reason: U32,
            },
        ),
        (
            "delay without stamp",
            "<delay xmlns='urn:xmpp:delay'/>",
            err::<delay::Delay>,
            PayloadError::MissingAttribute {
                element: "delay",
                attribute: "stamp",
            },
        ),
        (
            "delay stamp without zone",
            "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25'/>",
            err::<delay::Delay>,
            attr(
                "delay",
                "stamp",
                "2002-09-10T23:08:25",
                "not a XEP-0082 DateTime",
            ),
        ),
        (
            "time with bad tzo",
            "<time xmlns='urn:xmpp:time'><tzo>6</tzo><utc>2006-12-19T17:58:35Z</utc></time>",
            err::<time::EntityTime>,
            PayloadError::InvalidText {
                element: "tzo",
                value: "6".into(),
                reason: "not a time zone offset (Z or ±hh:mm)",
            },
        ),
        (
            "version result without name",
            "<query xmlns='jabber:iq:version'><version>1</version></query>",
            err::<version::SoftwareVersion>,
            PayloadError::MissingChild {
                element: "query",
                child: "name",
            },
        ),
        (
            "caps without ver",
            "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n'/>",
            err::<caps::Caps>,
            PayloadError::MissingAttribute {
                element: "c",
                attribute: "ver",
            },
        ),
        (
            "empty block",
            "<block xmlns='urn:xmpp:blocking'/>",
            err::<blocking::Block>,
            PayloadError::MissingChild {
                element: "block",
                child: "item",
            },
        ),
        (
            "forwarded without a stanza",
            "<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/></forwarded>",
            err::<forwarding::Forwarded>,
            PayloadError::MissingChild {
                element: "forwarded",
                child: "message|presence|iq",
            },
        ),
        (
            "forwarded with two stanzas",
            "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/><iq xmlns='jabber:client'/></forwarded>",
            err::<forwarding::Forwarded>,
            PayloadError::Invalid {
                element: "forwarded",
                reason: "it holds more than one stanza",
            },
        ),
        (
            "carbon without forwarded",
            "<sent xmlns='urn:xmpp:carbons:2'/>",
            err::<carbons::Sent>,
            PayloadError::MissingChild {
                element: "sent",
                child: "forwarded",
            },
        ),
        (
            "replace without id",
            "<replace xmlns='urn:xmpp:message-correct:0'/>",
            err::<correction::Replace>,
            PayloadError::MissingAttribute {
                element: "replace",
                attribute: "id",
            },
        ),
        (
            "mam result without id",
            "<result xmlns='urn:xmpp:mam:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/></forwarded></result>",
            err::<mam::ArchivedResult>,
            PayloadError::MissingAttribute {
                element: "result",
                attribute: "id",
            },
        ),
        (
            "mam fin without set",
            "<fin xmlns='urn:xmpp:mam:2' complete='true'/>",
            err::<mam::Fin>,
            PayloadError::MissingChild {
                element: "fin",
                child: "set",
            },
        ),
        (
            "displayed marker without id",
            "<displayed xmlns='urn:xmpp:chat-markers:0'/>",
            err::<markers::ChatMarker>,
            PayloadError::MissingAttribute {
                element: "displayed",
                attribute: "id",
            },
        ),
        (
            "unknown chat state",
            "<typing xmlns='http://jabber.org/protocol/chatstates'/>",
            err::<chatstates::ChatState>,
            PayloadError::UnexpectedElement {
                expected: "active|composing|paused|inactive|gone",
                expected_ns: chatstates::NS,
                found: "typing".into(),
                found_ns: chatstates::NS.into(),
            },
        ),
        (
            "stanza-id without by",
            "<stanza-id xmlns='urn:xmpp:sid:0' id='x'/>",
            err::<stanza_id::StanzaId>,
            PayloadError::MissingAttribute {
                element: "stanza-id",
                attribute: "by",
            },
        ),
        (
            "upload size negative",
            "<request xmlns='urn:xmpp:http:upload:0' filename='a' size='-1'/>",
            err::<http_upload::SlotRequest>,
            attr("request", "size", "-1", "not a size in bytes"),
        ),
        (
            "slot without get",
            "<slot xmlns='urn:xmpp:http:upload:0'><put url='https://a/b'/></slot>",
            err::<http_upload::Slot>,
            PayloadError::MissingChild {
                element: "slot",
                child: "get",
            },
        ),
        (
            "retracted with a bad stamp",
            "<retracted xmlns='urn:xmpp:message-retract:1' id='r' stamp='yesterday'/>",
            err::<retraction::Retracted>,
            attr("retracted", "stamp", "yesterday", "not a XEP-0082 DateTime"),
        ),
    ];
    for (what, xml, check, expected) in table {
        let got = check(xml);
        assert_eq!(got, expected, "{what}: {xml}");
        assert!(!got.to_string().is_empty(), "{what}: empty message");
    }
}

#[test]
fn invalid_jids_are_reported_with_the_attribute() {
    let e =
        err::<stanza_id::StanzaId>("<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='@example.com'/>");
    assert!(
        matches!(
            e,
            PayloadError::InvalidJid {
                element: "stanza-id",
                attribute: "by",
                ..
            }
        ),
        "{e:?}"
    );
    // XEP-0425: `by` is optional, but one that is there must be a JID.
    let e = err::<moderation::Moderated>("<moderated xmlns='urn:xmpp:message-moderate:1' by='@'/>");
    assert!(
        matches!(
            e,
            PayloadError::InvalidJid {
                element: "moderated",
                attribute: "by",
                ..
            }
        ),
        "{e:?}"
    );
    let e = err::<blocking::BlockList>(
        "<blocklist xmlns='urn:xmpp:blocking'><item jid=''/></blocklist>",
    );
    assert!(
        matches!(
            e,
            PayloadError::InvalidJid {
                element: "item",
                attribute: "jid",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn long_values_are_cut_in_errors() {
    let long = "9".repeat(10_000);
    let e = err::<sm::Ack>(&format!("<a xmlns='urn:xmpp:sm:3' h='{long}'/>"));
    assert!(e.to_string().len() < 200, "{e}");
}

/// The documented leniencies: each is something a real peer sends.
#[test]
fn leniencies() {
    // XEP-0184: a receipt without id (early revisions of the XEP).
    assert_eq!(
        ok::<receipts::Received>("<received xmlns='urn:xmpp:receipts'/>").id,
        None
    );
    // XEP-0115: the legacy format without 'hash'.
    let c = ok::<caps::Caps>(
        "<c xmlns='http://jabber.org/protocol/caps' node='n' ver='1.0' ext='a b'/>",
    );
    assert_eq!((c.hash, c.ext.as_deref()), (None, Some("a b")));
    // XEP-0004: an unknown field type is kept, reported after items.
    let f = ok::<data_forms::DataForm>(
        "<x xmlns='jabber:x:data' type='result'><item><field var='a'><value>1</value></field></item>\
         <reported><field var='a' type='rating'/></reported></x>",
    );
    assert_eq!(
        f.reported.as_ref().and_then(|r| r[0].field_type.clone()),
        Some(data_forms::FieldType::Other("rating".into()))
    );
    assert_eq!(f.items.len(), 1);
    // XEP-0004: several values on a single-value field are kept.
    let f = ok::<data_forms::DataForm>(
        "<x xmlns='jabber:x:data' type='submit'><field var='a' type='text-single'><value>1</value><value>2</value></field></x>",
    );
    assert_eq!(f.fields[0].values, ["1", "2"]);
    // XEP-0030: a result without identity.
    let i = ok::<disco::DiscoInfoResult>(
        "<query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:x'/></query>",
    );
    assert!(i.identities.is_empty());
    // XEP-0045: items without affiliation or role.
    let u = ok::<muc::MucUser>(
        "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='a@b/c'/></x>",
    );
    assert_eq!((u.items[0].affiliation, u.items[0].role), (None, None));
    // XEP-0297: the forwarded stanza without its own xmlns.
    let f =
        ok::<forwarding::Forwarded>("<forwarded xmlns='urn:xmpp:forward:0'><message/></forwarded>");
    assert_eq!(f.stanza.ns(), forwarding::NS);
    // XEP-0363: headers outside the three of §4 are kept, and flagged.
    let s = ok::<http_upload::Slot>(
        "<slot xmlns='urn:xmpp:http:upload:0'><put url='https://a/b'><header name='X-Evil'>1</header></put><get url='https://a/c'/></slot>",
    );
    assert!(!s.headers[0].is_allowed());
}

/// Unknown attributes, children and namespaces are kept and written back.
#[test]
fn unknown_content_is_kept() {
    let xml = "<query xmlns='http://jabber.org/protocol/disco#info' node='n' extra='1'>\
               <identity category='client' type='pc'/>\
               <feature var='urn:x'/>\
               <set xmlns='http://jabber.org/protocol/rsm'><max>1</max></set>\
               <vendor xmlns='urn:example:vendor' a='b'>text</vendor>\
               </query>";
    let el = xml_to_element(xml).expect("well-formed");
    let info = disco::DiscoInfoResult::try_from(el.clone()).expect("valid");
    assert_eq!(info.unknown.attrs.len(), 1);
    assert_eq!(info.unknown.elements().count(), 2);
    assert_eq!(Element::from(info), el);
}
