//! Hostile and invalid stanzas give specific errors, and the error names the
//! stanza error condition to reply with (table-driven).

mod common_stanza;

use common_stanza::xml_to_element::parse_one;
use xmpp_sansio::sasl::FailureCondition;
use xmpp_sansio::stanza::*;
use xmpp_sansio::xml::ns;

/// (name, XML, predicate on the error, condition to reply with).
type Case = (
    &'static str,
    &'static str,
    fn(&StanzaParseError) -> bool,
    DefinedCondition,
);

fn cases() -> Vec<Case> {
    use DefinedCondition::*;
    use StanzaParseError as E;
    vec![
        // RFC 6120 §8.3.3.1, the request of the example (an iq of the
        // undefined type 'subscribe'), as printed in the RFC.
        (
            "RFC 6120 §8.3.3.1: iq of type subscribe",
            "<iq from='juliet@im.example.com/balcony' id='zj3v142b' to='im.example.com' type='subscribe'><ping xmlns='urn:xmpp:ping'/></iq>",
            |e| {
                matches!(
                    e,
                    E::InvalidAttribute {
                        element: "iq",
                        attr: "type",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        // RFC 6120 §8.3.3.8, the request of the example (a localpart with
        // '@'), as printed in the RFC; the reply carries the same address.
        (
            "RFC 6120 §8.3.3.8: malformed JID",
            "<presence from='juliet@im.example.com/balcony' id='y2bs71v4' to='ch@r@cters@muc.example.com/JulieC'><x xmlns='http://jabber.org/protocol/muc'/></presence>",
            |e| matches!(e, E::InvalidJid { attr: "to", .. }),
            JidMalformed,
        ),
        (
            "iq get without payload",
            "<iq id='1' type='get'/>",
            |e| {
                matches!(
                    e,
                    E::IqPayloadCount {
                        iq_type: "get",
                        found: 0,
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "iq set with two payloads",
            "<iq id='1' type='set'><a xmlns='urn:a'/><b xmlns='urn:b'/></iq>",
            |e| {
                matches!(
                    e,
                    E::IqPayloadCount {
                        iq_type: "set",
                        found: 2,
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "iq result with two payloads",
            "<iq id='1' type='result'><a xmlns='urn:a'/><b xmlns='urn:b'/></iq>",
            |e| {
                matches!(
                    e,
                    E::IqPayloadCount {
                        iq_type: "result",
                        found: 2,
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "iq without id",
            "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>",
            |e| {
                matches!(
                    e,
                    E::MissingAttribute {
                        element: "iq",
                        attr: "id"
                    }
                )
            },
            BadRequest,
        ),
        (
            "iq without type",
            "<iq id='1'><ping xmlns='urn:xmpp:ping'/></iq>",
            |e| {
                matches!(
                    e,
                    E::MissingAttribute {
                        element: "iq",
                        attr: "type"
                    }
                )
            },
            BadRequest,
        ),
        (
            "iq error without error child",
            "<iq id='1' type='error'/>",
            |e| {
                matches!(
                    e,
                    E::MissingChild {
                        element: "iq",
                        child: "error"
                    }
                )
            },
            BadRequest,
        ),
        (
            "text directly in an iq",
            "<iq id='1' type='result'>hello</iq>",
            |e| {
                matches!(
                    e,
                    E::UnexpectedChild {
                        element: "iq",
                        child: "text"
                    }
                )
            },
            BadRequest,
        ),
        (
            "invalid to JID",
            "<message to='juliet@'/>",
            |e| {
                matches!(
                    e,
                    E::InvalidJid {
                        element: "message",
                        attr: "to",
                        ..
                    }
                )
            },
            JidMalformed,
        ),
        (
            "invalid from JID",
            "<presence from='@example.com'/>",
            |e| {
                matches!(
                    e,
                    E::InvalidJid {
                        element: "presence",
                        attr: "from",
                        ..
                    }
                )
            },
            JidMalformed,
        ),
        (
            "stanza in the stream namespace",
            "<message xmlns='http://etherx.jabber.org/streams'/>",
            |e| {
                matches!(
                    e,
                    E::WrongNamespace {
                        element: "message",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "not a stanza",
            "<mesage/>",
            |e| matches!(e, E::WrongElement { .. }),
            BadRequest,
        ),
        (
            "unknown presence type",
            "<presence type='away'/>",
            |e| {
                matches!(
                    e,
                    E::InvalidAttribute {
                        element: "presence",
                        attr: "type",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "two shows",
            "<presence><show>away</show><show>xa</show></presence>",
            |e| {
                matches!(
                    e,
                    E::DuplicateChild {
                        element: "presence",
                        child: "show"
                    }
                )
            },
            BadRequest,
        ),
        // An undefined show value is kept (RFC 6121 §4.7.2.1 leniency), but
        // still counts as the one <show/> a presence may have.
        (
            "two shows, the first undefined",
            "<presence><show>online</show><show>xa</show></presence>",
            |e| {
                matches!(
                    e,
                    E::DuplicateChild {
                        element: "presence",
                        child: "show"
                    }
                )
            },
            BadRequest,
        ),
        (
            "priority out of range",
            "<presence><priority>128</priority></presence>",
            |e| {
                matches!(
                    e,
                    E::InvalidValue {
                        element: "priority",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "priority not a number",
            "<presence><priority>high</priority></presence>",
            |e| {
                matches!(
                    e,
                    E::InvalidValue {
                        element: "priority",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "two bodies without xml:lang",
            "<message><body>a</body><body>b</body></message>",
            |e| {
                matches!(
                    e,
                    E::DuplicateLanguage {
                        element: "body",
                        lang: None
                    }
                )
            },
            BadRequest,
        ),
        (
            "two subjects in the same language",
            "<message><subject xml:lang='en'>a</subject><subject xml:lang='en'>b</subject></message>",
            |e| {
                matches!(
                    e,
                    E::DuplicateLanguage {
                        element: "subject",
                        lang: Some(_)
                    }
                )
            },
            BadRequest,
        ),
        // RFC 6121 §5.2.3: a body's language is its own xml:lang "or by
        // inheritance"; one without xml:lang in an English message is in
        // English, as is one that says so.
        (
            "two bodies in the message's language",
            "<message xml:lang='en'><body>x</body><body xml:lang='en'>y</body></message>",
            |e| {
                matches!(
                    e,
                    E::DuplicateLanguage { element: "body", lang: Some(l) } if l == "en"
                )
            },
            BadRequest,
        ),
        // RFC 6121 §5.2.4, the same for subjects, in the other order.
        (
            "two subjects in the message's language",
            "<message xml:lang='de'><subject xml:lang='de'>a</subject><subject>b</subject></message>",
            |e| {
                matches!(
                    e,
                    E::DuplicateLanguage { element: "subject", lang: Some(l) } if l == "de"
                )
            },
            BadRequest,
        ),
        // RFC 6121 §4.7.2.2, for statuses.
        (
            "two statuses in the presence's language",
            "<presence xml:lang='en'><status>a</status><status xml:lang='en'>b</status></presence>",
            |e| {
                matches!(
                    e,
                    E::DuplicateLanguage { element: "status", lang: Some(l) } if l == "en"
                )
            },
            BadRequest,
        ),
        (
            "two threads",
            "<message><thread>a</thread><thread>b</thread></message>",
            |e| {
                matches!(
                    e,
                    E::DuplicateChild {
                        element: "message",
                        child: "thread"
                    }
                )
            },
            BadRequest,
        ),
        (
            "empty thread",
            "<message><thread/></message>",
            |e| {
                matches!(
                    e,
                    E::InvalidValue {
                        element: "thread",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "error without condition",
            "<message type='error'><error type='cancel'/></message>",
            |e| {
                matches!(
                    e,
                    E::MissingChild {
                        element: "error",
                        child: "condition"
                    }
                )
            },
            BadRequest,
        ),
        // An undefined condition is read as undefined-condition (RFC 6120
        // §8.3.3.21) but is still the one condition an error may have.
        (
            "error with two conditions, one undefined",
            "<iq id='1' type='error'><error type='cancel'><oops xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            |e| {
                matches!(
                    e,
                    E::DuplicateChild {
                        element: "error",
                        child: "condition"
                    }
                )
            },
            BadRequest,
        ),
        (
            "error with two conditions",
            "<iq id='1' type='error'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            |e| {
                matches!(
                    e,
                    E::DuplicateChild {
                        element: "error",
                        child: "condition"
                    }
                )
            },
            BadRequest,
        ),
        (
            "error with unknown type",
            "<iq id='1' type='error'><error type='fatal'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            |e| {
                matches!(
                    e,
                    E::InvalidAttribute {
                        element: "error",
                        attr: "type",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "error with bad by",
            "<iq id='1' type='error'><error type='cancel' by='example.com/'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            |e| {
                matches!(
                    e,
                    E::InvalidJid {
                        element: "error",
                        attr: "by",
                        ..
                    }
                )
            },
            JidMalformed,
        ),
        (
            "roster item with an ask value no RFC defines",
            "<iq id='1' type='set'><query xmlns='jabber:iq:roster'><item jid='a@example.com' ask='both'/></query></iq>",
            |e| {
                matches!(
                    e,
                    E::InvalidAttribute {
                        element: "item",
                        attr: "ask",
                        ..
                    }
                )
            },
            BadRequest,
        ),
        (
            "roster item without jid",
            "<iq id='1' type='set'><query xmlns='jabber:iq:roster'><item name='x'/></query></iq>",
            |e| {
                matches!(
                    e,
                    E::MissingAttribute {
                        element: "item",
                        attr: "jid"
                    }
                )
            },
            BadRequest,
        ),
    ]
}

#[test]
fn invalid_stanzas_give_specific_errors() {
    for (name, xml, pred, cond) in cases() {
        let el = parse_one(xml, ns::JABBER_CLIENT);
        let res = match Stanza::try_from(el) {
            // Roster items are checked when the payload is parsed.
            Ok(Stanza::Iq(iq)) => match iq.payload_element() {
                Some(p) if p.is("query", ns::ROSTER) => Roster::try_from(p.clone()).map(|_| ()),
                _ => Ok(()),
            },
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        };
        let err = res.expect_err(name);
        assert!(pred(&err), "{name}: unexpected error {err:?}");
        assert_eq!(err.condition(), cond, "{name}");
        // The message is readable and names something.
        assert!(err.to_string().len() > 10, "{name}: {err}");
    }
}

#[test]
fn invalid_negotiation_elements_give_specific_errors() {
    use StanzaParseError as E;
    let sasl = |x: &str| SaslNegotiation::try_from(parse_one(x, ns::SASL));
    let e = sasl("<auth>AAAA</auth>").unwrap_err();
    assert!(matches!(
        e,
        E::MissingAttribute {
            element: "auth",
            attr: "mechanism"
        }
    ));
    let e = sasl("<response>not base64!</response>").unwrap_err();
    assert!(matches!(
        e,
        E::InvalidBase64 {
            element: "response"
        }
    ));
    assert_eq!(e.sasl_condition(), FailureCondition::IncorrectEncoding);
    let e = sasl("<mechanisms><mechanism/></mechanisms>").unwrap_err();
    assert!(matches!(
        e,
        E::InvalidValue {
            element: "mechanism",
            ..
        }
    ));
    let e = sasl("<bogus/>").unwrap_err();
    assert!(matches!(e, E::WrongElement { .. }));
    let e = Bind::try_from(parse_one(
        "<bind><jid>juliet@example.com</jid></bind>",
        ns::BIND,
    ))
    .unwrap_err();
    assert!(matches!(e, E::InvalidJid { element: "jid", .. }));
    let e = StreamErrorElement::try_from(parse_one(
        "<stream:error><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>x</text></stream:error>",
        ns::JABBER_CLIENT,
    ))
    .unwrap_err();
    assert!(matches!(
        e,
        E::MissingChild {
            element: "stream:error",
            ..
        }
    ));
    let e = StreamErrorElement::try_from(parse_one(
        "<stream:error><invalid-id xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
        ns::JABBER_CLIENT,
    ))
    .unwrap_err();
    assert!(matches!(
        e,
        E::DuplicateChild {
            element: "stream:error",
            child: "condition"
        }
    ));
}

#[test]
fn documented_leniencies_are_accepted() {
    let ok = |x: &str| Stanza::try_from(parse_one(x, ns::JABBER_CLIENT)).unwrap();
    // Unknown message type means normal, and the value is written back.
    let Stanza::Message(m) = ok("<message type='bogus'><body>x</body></message>") else {
        panic!()
    };
    assert_eq!(m.message_type, MessageType::Normal);
    assert_eq!(
        xmpp_sansio::xml::Element::from(m).attr("type"),
        Some("bogus")
    );
    // Error without a type gets the condition's usual type.
    let Stanza::Iq(iq) = ok(
        "<iq id='1' type='error'><error><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
    ) else {
        panic!()
    };
    let IqPayload::Error { error, .. } = iq.payload else {
        panic!()
    };
    assert_eq!(error.error_type, ErrorType::Cancel);
    // Whitespace around show/priority.
    let Stanza::Presence(p) =
        ok("<presence><show> away </show><priority> -5 </priority></presence>")
    else {
        panic!()
    };
    assert_eq!((p.show, p.priority), (Some(Show::Away), Some(-5)));
    // Line-wrapped base64.
    let s =
        SaslNegotiation::try_from(parse_one("<response>aGVs\n bG8=</response>", ns::SASL)).unwrap();
    assert_eq!(s, SaslNegotiation::Response(Some(b"hello".to_vec()).into()));
    // Component namespace is kept.
    let Stanza::Message(m) =
        Stanza::try_from(parse_one("<message/>", ns::COMPONENT_ACCEPT)).unwrap()
    else {
        panic!()
    };
    assert_eq!(m.ns, ContentNs::Component);
    assert_eq!(
        xmpp_sansio::xml::Element::from(m).ns(),
        ns::COMPONENT_ACCEPT
    );
}
