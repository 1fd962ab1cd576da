//! RFC 6120 §4.9, §6, §8–9 and RFC 6121 §2–5 examples: every data file under
//! `tests/data/rfc6120/stanza/` and `tests/data/rfc6121/` parses into the
//! expected typed values and serializes back to an equivalent tree.

mod common_stanza;

use common_stanza::parsed::{Parsed, parse_any, to_element};
use common_stanza::xml_to_element::{parse_fragment, parse_one};
use common_stanza::{assert_equivalent, canonical};
use std::path::Path;
use xmpp_sansio::jid::{FullJid, Jid};
use xmpp_sansio::sasl::FailureCondition;
use xmpp_sansio::stanza::*;
use xmpp_sansio::stream::Condition;
use xmpp_sansio::xml::{ByteStr, Element, ns};

/// Replaces every kept element by its canonical form, so that typed values
/// from pretty-printed files compare equal to values built in code.
fn normalize(p: Parsed) -> Parsed {
    fn c(v: &mut [Element]) {
        for e in v.iter_mut() {
            *e = canonical(e);
        }
    }
    fn err(e: &mut StanzaError) {
        c(&mut e.app_specific);
    }
    match p {
        Parsed::Stanza(Stanza::Message(mut m)) => {
            c(&mut m.payloads);
            if let Some(e) = &mut m.error {
                err(e);
            }
            Parsed::Stanza(Stanza::Message(m))
        }
        Parsed::Stanza(Stanza::Presence(mut m)) => {
            c(&mut m.payloads);
            if let Some(e) = &mut m.error {
                err(e);
            }
            Parsed::Stanza(Stanza::Presence(m))
        }
        Parsed::Stanza(Stanza::Iq(mut iq)) => {
            iq.payload = match iq.payload {
                IqPayload::Get(p) => IqPayload::Get(canonical(&p)),
                IqPayload::Set(p) => IqPayload::Set(canonical(&p)),
                IqPayload::Result(p) => IqPayload::Result(p.as_ref().map(canonical)),
                IqPayload::Error {
                    mut error,
                    mut payloads,
                } => {
                    err(&mut error);
                    c(&mut payloads);
                    IqPayload::Error { error, payloads }
                }
            };
            Parsed::Stanza(Stanza::Iq(iq))
        }
        Parsed::StreamError(mut e) => {
            c(&mut e.app_specific);
            Parsed::StreamError(e)
        }
        Parsed::Features(mut f) => {
            c(&mut f.others);
            Parsed::Features(f)
        }
        other => other,
    }
}

fn load(path: &Path) -> Vec<Element> {
    let text = std::fs::read_to_string(path).unwrap();
    parse_fragment(&text, ns::JABBER_CLIENT).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn j(s: &str) -> Jid {
    s.parse().unwrap()
}

fn stanzas_err(cond: DefinedCondition, t: ErrorType) -> StanzaError {
    StanzaError::with_type(t, cond)
}

fn data_files() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/data/rfc6120/stanza", "tests/data/rfc6121"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "xml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_data_file_round_trips_to_an_equivalent_tree() {
    let files = data_files();
    assert!(files.len() >= 40, "data files missing: {}", files.len());
    for path in files {
        for (i, el) in load(&path).into_iter().enumerate() {
            let what = format!("{}#{}", path.display(), i);
            let parsed = parse_any(el.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
            let back = to_element(parsed.clone());
            assert_equivalent(&back, &el, &what);
            // Writing is a fixed point: parsing the output gives the same value.
            assert_eq!(parse_any(back).unwrap(), parsed, "{what}: not idempotent");
        }
    }
}

#[test]
fn roster_and_bind_payloads_round_trip_typed() {
    let mut seen = 0;
    for path in data_files() {
        for el in load(&path) {
            let Ok(Stanza::Iq(iq)) = Stanza::try_from(el) else {
                continue;
            };
            let Some(p) = iq.payload_element().cloned() else {
                continue;
            };
            if p.is("query", ns::ROSTER) {
                let r = Roster::try_from(p.clone()).unwrap();
                assert_equivalent(&Element::from(r), &p, &path.display().to_string());
                seen += 1;
            } else if p.is("bind", ns::BIND) {
                let b = Bind::try_from(p.clone()).unwrap();
                assert_equivalent(&Element::from(b), &p, &path.display().to_string());
                seen += 1;
            }
        }
    }
    assert!(seen >= 12, "only {seen} roster/bind payloads");
}

/// (file, expected typed values of its elements, in order).
fn expectations() -> Vec<(&'static str, Vec<Parsed>)> {
    use Parsed::*;
    let stanza_err = |c: DefinedCondition, t: ErrorType| stanzas_err(c, t);
    let roster_item = |jid: &str, name: Option<&'static str>, sub: Option<Subscription>| {
        let mut i = RosterItem::new(j(jid));
        i.name = name.map(ByteStr::from);
        i.subscription = sub;
        i
    };
    let iq_roster_set = |id: &'static str, to: Option<&str>, from: Option<&str>, r: Roster| {
        let mut iq = Iq::account_set(r).with_id(id);
        iq.to = to.map(j);
        iq.from = from.map(j);
        Stanza(xmpp_sansio::stanza::Stanza::Iq(iq))
    };
    let presence = |t: PresenceType, id: &'static str, to: &str| {
        Stanza(Presence::new(t).with_id(id).with_to(j(to)).into())
    };
    let sasl_mechs = |names: &[&'static str]| SaslMechanisms {
        mechanisms: names.iter().map(|n| ByteStr::from(*n)).collect(),
        ..SaslMechanisms::default()
    };
    vec![
        (
            "rfc6120/stanza/8.1.1-to.xml",
            vec![Stanza(
                Message::normal(j("romeo@example.net"))
                    .with_body("Art thou not Romeo, and a Montague?")
                    .into(),
            )],
        ),
        (
            "rfc6120/stanza/8.2.3-iq-get-result.xml",
            vec![
                Stanza(
                    Iq::get(j("romeo@example.net"), Element::new("vCard", "vcard-temp"))
                        .with_id("b4vs9km4")
                        .with_from(j("juliet@im.example.com/balcony"))
                        .into(),
                ),
                Stanza(
                    Iq::empty_result(Some(j("juliet@im.example.com/balcony")), "b4vs9km4")
                        .with_from(j("romeo@example.net"))
                        .into(),
                ),
            ],
        ),
        (
            "rfc6120/stanza/8.3.2-error-syntax-app-specific.xml",
            vec![Stanza(
                Iq::get(j("x@example.com"), Element::new("x", "urn:x"))
                    .with_id("rg1")
                    .with_to(j("juliet@im.example.com/balcony"))
                    .with_from(j("im.example.com"))
                    .error_reply_of_self(
                        stanza_err(DefinedCondition::BadRequest, ErrorType::Modify)
                            .with_app_specific(Element::new(
                                "too-many-parameters",
                                "http://example.org/ns",
                            )),
                    )
                    .into(),
            )],
        ),
        (
            "rfc6120/stanza/8.3.2-error-syntax-text.xml",
            vec![Stanza({
                let mut m = Message::new(MessageType::Error)
                    .with_id("nr6bq2c9")
                    .with_from(j("romeo@example.net/orchard"))
                    .with_to(j("juliet@im.example.com/balcony"));
                m.error = Some(
                    stanza_err(DefinedCondition::UndefinedCondition, ErrorType::Cancel)
                        .with_by(j("example.net"))
                        .with_text(Some("en"), "[ ... application-specific information ... ]")
                        .with_app_specific(Element::new(
                            "too-many-parameters",
                            "http://example.org/ns",
                        )),
                );
                m.into()
            })],
        ),
        (
            "rfc6120/stanza/8.3.3.2-conflict.xml",
            {
                let req = Iq::account_set(Bind::request(Some("balcony".into()))).with_id("wy2xa82b4");
                let reply = req.error_reply(DefinedCondition::Conflict);
                vec![Stanza(req.into()), Stanza(reply.into())]
            },
        ),
        (
            "rfc6120/stanza/8.3.3.3-feature-not-implemented.xml",
            {
                let req = Iq::get(
                    j("pubsub.example.com"),
                    Element::builder("pubsub", "http://jabber.org/protocol/pubsub")
                        .append(Element::new("subscriptions", "http://jabber.org/protocol/pubsub")),
                )
                .with_id("9u2bax16")
                .with_from(j("juliet@im.example.com/balcony"));
                let reply = req.error_reply(
                    StanzaError::new(DefinedCondition::FeatureNotImplemented).with_app_specific(
                        Element::builder("unsupported", "http://jabber.org/protocol/pubsub#errors")
                            .attr("feature", "retrieve-subscriptions"),
                    ),
                );
                vec![Stanza(req.into()), Stanza(reply.into())]
            },
        ),
        (
            "rfc6120/stanza/8.3.3.4-forbidden.xml",
            {
                let req = Presence::available()
                    .with_id("y2bs71v4")
                    .with_from(j("juliet@im.example.com/balcony"))
                    .with_to(j("characters@muc.example.com/JulieC"))
                    .with_payload(Element::new("x", "http://jabber.org/protocol/muc"));
                let err = req.error_reply(DefinedCondition::Forbidden);
                vec![Stanza(req.into()), Stanza(err.into())]
            },
        ),
        (
            "rfc6120/stanza/8.3.3.5-gone.xml",
            {
                let m = Message::chat(j("romeo@example.net"))
                    .with_id("sj2b371v")
                    .with_from(j("juliet@im.example.com/churchyard"))
                    .with_body("Thy lips are warm.");
                let e = m.error_reply(
                    StanzaError::new(DefinedCondition::Gone(Some(
                        "xmpp:romeo@afterlife.example.net".into(),
                    )))
                    .with_by(j("example.net")),
                );
                vec![Stanza(m.into()), Stanza(e.into())]
            },
        ),
        (
            "rfc6120/stanza/4.9.3.19-see-other-host.xml",
            vec![StreamError(StreamErrorElement::see_other_host("[2001:41D0:1:A49b::1]:9222"))],
        ),
        (
            "rfc6121/2.1.3-roster-get.xml",
            vec![Stanza(
                Iq::account_get(Roster::request(None))
                    .with_id("bv1bs71f")
                    .with_from(j("juliet@example.com/balcony"))
                    .into(),
            )],
        ),
        (
            "rfc6121/3.1.1-subscribe-request.xml",
            vec![Stanza(Presence::subscribe(j("juliet@example.com")).with_id("xk3h1v69").into())],
        ),
        (
            "rfc6121/3.2.1-cancel.xml",
            vec![presence(PresenceType::Unsubscribed, "ij5b1v7g", "romeo@example.net")],
        ),
        (
            "rfc6121/3.3.1-unsubscribe.xml",
            vec![presence(PresenceType::Unsubscribe, "ul4bs71n", "juliet@example.com")],
        ),
        (
            "rfc6120/stanza/8.1.2-from.xml",
            vec![Stanza(
                Message::normal(j("romeo@example.net"))
                    .with_from(j("juliet@im.example.com/balcony"))
                    .with_body("Art thou not Romeo, and a Montague?")
                    .into(),
            )],
        ),
        (
            "rfc6120/stanza/8.3.3.1-bad-request.xml",
            vec![Stanza(
                Iq {
                    payload: IqPayload::Error {
                        error: stanza_err(DefinedCondition::BadRequest, ErrorType::Modify),
                        payloads: vec![],
                    },
                    ..Iq::empty_result(Some(j("juliet@im.example.com/balcony")), "zj3v142b")
                        .with_from(j("im.example.com"))
                }
                .into(),
            )],
        ),
        (
            "rfc6120/stanza/8.3.3.14-redirect.xml",
            {
                let req = Presence::available()
                    .with_id("y2bs71v4")
                    .with_from(j("juliet@im.example.com/balcony"))
                    .with_to(j("characters@muc.example.com/JulieC"))
                    .with_payload(Element::new("x", "http://jabber.org/protocol/muc"));
                let err = req.error_reply(DefinedCondition::Redirect(Some(
                    "xmpp:characters@conference.example.org".into(),
                )));
                vec![Stanza(req.into()), Stanza(err.into())]
            },
        ),
        (
            "rfc6120/stanza/8.3.3.13-recipient-unavailable.xml",
            {
                let req = Presence::available()
                    .with_id("y2bs71v4")
                    .with_from(j("juliet@im.example.com/balcony"))
                    .with_to(j("characters@muc.example.com/JulieC"))
                    .with_payload(Element::new("x", "http://jabber.org/protocol/muc"));
                // The RFC's reply has no type='error': the <error/> is then an
                // ordinary payload of an available presence.
                let err = StanzaError::new(DefinedCondition::RecipientUnavailable)
                    .into_element(ContentNs::Client);
                let reply = Presence::available()
                    .with_id("y2bs71v4")
                    .with_from(j("characters@muc.example.com/JulieC"))
                    .with_to(j("juliet@im.example.com/balcony"))
                    .with_payload(canonical(&err));
                vec![Stanza(req.into()), Stanza(reply.into())]
            },
        ),
        (
            "rfc6120/stanza/8.3.3.19-service-unavailable.xml",
            {
                // As in the RFC: the reply has no type='error', so the
                // <error/> is an ordinary payload of a normal message.
                let err = StanzaError::new(DefinedCondition::ServiceUnavailable)
                    .into_element(ContentNs::Client);
                vec![
                    Stanza(
                        Message::normal(j("juliet@im.example.com"))
                            .with_from(j("romeo@example.net/foo"))
                            .with_body("Hello?")
                            .into(),
                    ),
                    Stanza(
                        Message::normal(j("romeo@example.net"))
                            .with_from(j("juliet@im.example.com/foo"))
                            .with_payload(canonical(&err))
                            .into(),
                    ),
                ]
            },
        ),
        (
            "rfc6120/stanza/4.9.3.6-host-unknown.xml",
            vec![StreamError(StreamErrorElement::new(Condition::HostUnknown))],
        ),
        (
            "rfc6120/stanza/4.9.4-app-specific.xml",
            vec![StreamError(
                StreamErrorElement::new(Condition::NotWellFormed)
                    .with_text(
                        Some("en"),
                        "\n    Some special application diagnostic information!\n  ",
                    )
                    .with_app_specific(Element::new("escape-your-data", "http://example.org/ns")),
            )],
        ),
        (
            "rfc6120/stanza/5.4.2.2-tls-failure.xml",
            vec![Tls(TlsNegotiation::Failure(Unknown::default()))],
        ),
        (
            "rfc6120/stanza/6.4.2-auth.xml",
            vec![Sasl(SaslNegotiation::Auth(SaslAuth::new(
                "PLAIN",
                Some(b"\0juliet\0r0m30myr0m30".to_vec()),
            )))],
        ),
        (
            "rfc6120/stanza/6.4.4-abort.xml",
            vec![
                Sasl(SaslNegotiation::Abort(Unknown::default())),
                Sasl(SaslNegotiation::Failure(SaslFailure::new(FailureCondition::Aborted))),
            ],
        ),
        (
            "rfc6120/stanza/6.4.5-failure.xml",
            vec![Sasl(SaslNegotiation::Failure(SaslFailure::new(
                FailureCondition::NotAuthorized,
            )))],
        ),
        (
            "rfc6120/stanza/6.5.2-account-disabled.xml",
            vec![
                Sasl(SaslNegotiation::Auth(SaslAuth::new(
                    "PLAIN",
                    Some(b"\0juliet\0r0m30myr0m30".to_vec()),
                ))),
                Sasl(SaslNegotiation::Failure({
                    let mut f = SaslFailure::new(FailureCondition::AccountDisabled);
                    f.texts.insert(Some("en".into()), "Call 212-555-1212 for assistance.");
                    f
                })),
            ],
        ),
        (
            "rfc6120/stanza/9.1.1-tls.xml",
            vec![
                Features(StreamFeatures {
                    starttls: Some(StartTls::new(true)),
                    ..Default::default()
                }),
                Tls(TlsNegotiation::StartTls(StartTls::new(false))),
                Tls(TlsNegotiation::Proceed(Unknown::default())),
                Tls(TlsNegotiation::Failure(Unknown::default())),
            ],
        ),
        (
            "rfc6120/stanza/9.1.2-sasl.xml",
            vec![
                Features(StreamFeatures {
                    mechanisms: Some(sasl_mechs(&["SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "PLAIN"])),
                    ..Default::default()
                }),
                Sasl(SaslNegotiation::Auth(SaslAuth::new(
                    "SCRAM-SHA-1",
                    Some(b"n,,n=juliet,r=oMsTAAwAAAAMAAAANP0TAAAAAABPU0AA".to_vec()),
                ))),
                Sasl(SaslNegotiation::Challenge(Some(
                    b"r=oMsTAAwAAAAMAAAANP0TAAAAAABPU0AAe124695b-69a9-4de6-9c30-b51b3808c59e,s=NjhkYTM0MDgtNGY0Zi00NjdmLTkxMmUtNDlmNTNmNDNkMDMz,i=4096".to_vec(),
                ).into())),
                Sasl(SaslNegotiation::Response(Some(
                    b"c=biws,r=oMsTAAwAAAAMAAAANP0TAAAAAABPU0AAe124695b-69a9-4de6-9c30-b51b3808c59e,p=UA57tM/SvpATBkH2FXs0WDXvJYw=".to_vec(),
                ).into())),
                Sasl(SaslNegotiation::Success(Some(b"v=pNNDFVEQxuXxCoSEiW8GEZ+1RSo=".to_vec()).into())),
                Sasl(SaslNegotiation::Failure(SaslFailure::new(FailureCondition::NotAuthorized))),
            ],
        ),
        (
            "rfc6120/stanza/9.1.3-bind.xml",
            {
                let req = Iq::account_set(Bind::request(Some("balcony".into()))).with_id("yhc13a95");
                let full: FullJid = "juliet@im.example.com/balcony".parse().unwrap();
                let res = Iq::empty_result(None, "yhc13a95");
                let res = Iq {
                    payload: IqPayload::Result(Some(Bind::result(full).into())),
                    ..res
                };
                let err = Iq {
                    payload: IqPayload::Error {
                        error: stanza_err(DefinedCondition::Conflict, ErrorType::Cancel),
                        payloads: vec![],
                    },
                    ..Iq::empty_result(None, "yhc13a95")
                };
                vec![
                    Features(StreamFeatures {
                        bind: true,
                        ..Default::default()
                    }),
                    Stanza(req.into()),
                    Stanza(res.into()),
                    Stanza(err.into()),
                ]
            },
        ),
        (
            "rfc6120/stanza/9.1.4-stanza-exchange.xml",
            vec![
                Stanza(
                    Message::chat(j("romeo@example.net"))
                        .with_from(j("juliet@im.example.com/balcony"))
                        .with_id("ju2ba41c")
                        .with_lang("en")
                        .with_body("Art thou not Romeo, and a Montague?")
                        .into(),
                ),
                Stanza(
                    Message::chat(j("juliet@im.example.com/balcony"))
                        .with_from(j("romeo@example.net/orchard"))
                        .with_id("ju2ba41c")
                        .with_lang("en")
                        .with_body("Neither, fair saint, if either thee dislike.")
                        .into(),
                ),
            ],
        ),
        (
            "rfc6120/stanza/9.2.2-s2s-sasl-external.xml",
            vec![
                Features(StreamFeatures {
                    mechanisms: Some(sasl_mechs(&["EXTERNAL"])),
                    ..Default::default()
                }),
                Sasl(SaslNegotiation::Auth(SaslAuth::new("EXTERNAL", Some(vec![])))),
                Sasl(SaslNegotiation::Success(None.into())),
                Sasl(SaslNegotiation::Failure(SaslFailure::new(FailureCondition::NotAuthorized))),
                Features(StreamFeatures::default()),
            ],
        ),
        (
            "rfc6120/stanza/9.2.3-s2s-stanza.xml",
            vec![Stanza(
                Message::chat(j("romeo@example.net"))
                    .with_from(j("juliet@im.example.com/balcony"))
                    .with_id("ju2ba41c")
                    .with_lang("en")
                    .with_body("Art thou not Romeo, and a Montague?")
                    .into(),
            )],
        ),
        (
            "rfc6121/2.1.4-roster-result.xml",
            {
                let result = |r: Roster| {
                    Stanza(
                        Iq {
                            payload: IqPayload::Result(Some(r.into())),
                            ..Iq::empty_result(Some(j("juliet@example.com/chamber")), "bv1bs71f")
                        }
                        .into(),
                    )
                };
                vec![
                    result(Roster {
                        ver: Some("ver7".into()),
                        items: vec![
                            roster_item("nurse@example.com", None, None),
                            roster_item("romeo@example.net", None, None),
                        ],
                        ..Roster::default()
                    }),
                    result(Roster::request(Some("ver9".into()))),
                    Stanza(
                        Iq {
                            payload: IqPayload::Error {
                                error: stanza_err(DefinedCondition::ItemNotFound, ErrorType::Cancel),
                                payloads: vec![],
                            },
                            ..Iq::empty_result(Some(j("juliet@example.com/chamber")), "bv1bs71f")
                        }
                        .into(),
                    ),
                ]
            },
        ),
        (
            "rfc6121/2.1.5-roster-set.xml",
            vec![iq_roster_set(
                "rs1",
                None,
                Some("juliet@example.com/balcony"),
                Roster::push(roster_item("nurse@example.com", None, None)),
            )],
        ),
        (
            "rfc6121/2.1.6-roster-push.xml",
            vec![
                iq_roster_set(
                    "a78b4q6ha463",
                    Some("juliet@example.com/chamber"),
                    None,
                    Roster::push(roster_item("nurse@example.com", None, None)),
                ),
                Stanza(
                    Iq::empty_result(None, "a78b4q6ha463")
                        .with_from(j("juliet@example.com/balcony"))
                        .into(),
                ),
                Stanza(
                    Iq::empty_result(None, "a78b4q6ha463")
                        .with_from(j("juliet@example.com/chamber"))
                        .into(),
                ),
            ],
        ),
        (
            "rfc6121/2.3.1-roster-set-add.xml",
            vec![iq_roster_set(
                "ph1xaz53",
                None,
                Some("juliet@example.com/balcony"),
                Roster::push(
                    roster_item("nurse@example.com", Some("Nurse"), None).with_group("Servants"),
                ),
            )],
        ),
        (
            "rfc6121/2.3.2-roster-add-success.xml",
            {
                let nurse = || {
                    Roster::push(
                        roster_item("nurse@example.com", Some("Nurse"), Some(Subscription::None))
                            .with_group("Servants"),
                    )
                    .with_ver("ver13")
                };
                vec![
                    Stanza(Iq::empty_result(Some(j("juliet@example.com/balcony")), "ph1xaz53").into()),
                    iq_roster_set("a78b4q6ha463", Some("juliet@example.com/balcony"), None, nurse()),
                    iq_roster_set("x81g3bdy4n19", Some("juliet@example.com/chamber"), None, nurse()),
                    Stanza(
                        Iq::empty_result(None, "a78b4q6ha463")
                            .with_from(j("juliet@example.com/balcony"))
                            .into(),
                    ),
                    Stanza(
                        Iq::empty_result(None, "x81g3bdy4n19")
                            .with_from(j("juliet@example.com/chamber"))
                            .into(),
                    ),
                ]
            },
        ),
        (
            "rfc6121/2.4.1-roster-update.xml",
            {
                let set = |id: &'static str, item: RosterItem| {
                    iq_roster_set(id, None, Some("juliet@example.com/balcony"), Roster::push(item))
                };
                vec![
                    set(
                        "di43b2x9",
                        roster_item("romeo@example.net", Some("Romeo"), None)
                            .with_group("Friends")
                            .with_group("Lovers"),
                    ),
                    set(
                        "lf72v157",
                        roster_item("romeo@example.net", Some("Romeo"), None).with_group("Lovers"),
                    ),
                    set("ju4b62a5", roster_item("romeo@example.net", None, None)),
                    set("gb3sv487", roster_item("romeo@example.net", Some("MyRomeo"), None)),
                    set("o3bx66s5", roster_item("romeo@example.net", Some(""), None)),
                ]
            },
        ),
        (
            "rfc6121/2.5.1-roster-delete.xml",
            vec![iq_roster_set(
                "hm4hs97y",
                None,
                Some("juliet@example.com/balcony"),
                Roster::push(RosterItem::remove(j("nurse@example.com"))),
            )],
        ),
        (
            "rfc6121/2.6.1-roster-versioning-feature.xml",
            vec![Features(StreamFeatures {
                roster_ver: true,
                ..Default::default()
            })],
        ),
        (
            "rfc6121/2.6.2-roster-versioning.xml",
            vec![Stanza(
                Iq::get(j("romeo@example.net"), Roster::request(Some("ver14".into())))
                    .with_id("r1h3vzp7")
                    .with_from(j("romeo@example.net/home"))
                    .into(),
            )],
        ),
        (
            "rfc6121/2.6.3-roster-versioning-pushes.xml",
            {
                let push = |id: &'static str, ver: &'static str, item: RosterItem| {
                    iq_roster_set(
                        id,
                        Some("romeo@example.net/home"),
                        Some("romeo@example.net"),
                        Roster::push(item).with_ver(ver),
                    )
                };
                vec![
                    Stanza(
                        Iq::empty_result(Some(j("romeo@example.net/home")), "r1h3vzp7")
                            .with_from(j("romeo@example.net"))
                            .into(),
                    ),
                    push("ah382g67", "ver34", RosterItem::remove(j("tybalt@example.org"))),
                    push(
                        "b2gs90j5",
                        "ver42",
                        roster_item("bill@example.org", None, Some(Subscription::Both)),
                    ),
                    push(
                        "c73gs419",
                        "ver72",
                        roster_item("nurse@example.org", Some("Nurse"), Some(Subscription::To))
                            .with_group("Servants"),
                    ),
                    push(
                        "dh361f35",
                        "ver96",
                        roster_item("juliet@example.org", Some("Juliet"), Some(Subscription::Both))
                            .with_group("VIPs"),
                    ),
                ]
            },
        ),
        (
            "rfc6121/3.1.2-subscribe-stamped-and-push.xml",
            {
                let push = |id: &'static str, to: &str| {
                    iq_roster_set(
                        id,
                        Some(to),
                        None,
                        Roster::push({
                            let mut i =
                                roster_item("juliet@example.com", None, Some(Subscription::None));
                            i.ask = true;
                            i
                        }),
                    )
                };
                let sub = Presence::subscribe(j("juliet@example.com"))
                    .with_id("xk3h1v69")
                    .with_from(j("romeo@example.net"));
                let err = Presence {
                    from: Some(j("juliet@example.com")),
                    to: Some(j("romeo@example.net")),
                    ..sub.error_reply(stanza_err(
                        DefinedCondition::RemoteServerNotFound,
                        ErrorType::Modify,
                    ))
                };
                vec![
                    Stanza(sub.into()),
                    Stanza(err.into()),
                    push("b89c5r7ib574", "romeo@example.net/foo"),
                    push("b89c5r7ib575", "romeo@example.net/bar"),
                ]
            },
        ),
        (
            "rfc6121/3.1.4-approve.xml",
            vec![
                presence(PresenceType::Subscribed, "h4v1c4kj", "romeo@example.net"),
                presence(PresenceType::Unsubscribed, "tb2m1b59", "romeo@example.net"),
            ],
        ),
        (
            "rfc6121/3.4-pre-approval-feature.xml",
            vec![Features(StreamFeatures {
                pre_approval: true,
                ..Default::default()
            })],
        ),
        (
            "rfc6121/3.4.1-pre-approval.xml",
            vec![presence(PresenceType::Subscribed, "pg81vx64", "juliet@example.com")],
        ),
        (
            "rfc6121/3.4.2-pre-approval-push.xml",
            vec![iq_roster_set(
                "h3bs81vs763f",
                Some("romeo@example.net/bar"),
                None,
                Roster::push({
                    let mut i = roster_item("juliet@example.com", None, Some(Subscription::None));
                    i.approved = true;
                    i
                }),
            )],
        ),
        (
            "rfc6121/4.2.1-initial-presence.xml",
            vec![Stanza(Presence::available().into())],
        ),
        (
            "rfc6121/4.3.1-probe.xml",
            vec![
                Stanza(
                    Presence::probe(j("romeo@example.net"))
                        .with_id("ign291v5")
                        .with_from(j("juliet@example.com"))
                        .into(),
                ),
                Stanza(
                    Presence::probe(j("mercutio@example.com"))
                        .with_id("xv291f38")
                        .with_from(j("juliet@example.com"))
                        .into(),
                ),
            ],
        ),
        (
            "rfc6121/4.5.1-unavailable.xml",
            vec![
                Stanza(Presence::unavailable().into()),
                Stanza(Presence::unavailable().with_status("going on vacation").into()),
            ],
        ),
        (
            "rfc6121/4.7.2.2-status-languages.xml",
            {
                let romeo = |id: Option<&'static str>, t: PresenceType| {
                    let mut p = Presence::new(t)
                        .with_from(j("romeo@example.net/orchard"))
                        .with_lang("en");
                    p.id = id.map(ByteStr::from);
                    p
                };
                vec![
                    Stanza(
                        romeo(None, PresenceType::Available)
                            .with_show(Show::Dnd)
                            .with_status("Wooing Juliet")
                            .into(),
                    ),
                    Stanza(
                        romeo(Some("jx62vs97"), PresenceType::Available)
                            .with_show(Show::Dnd)
                            .with_status("Wooing Juliet")
                            .with_status_lang("cs", "Dvořím se Julii")
                            .into(),
                    ),
                    Stanza(
                        romeo(Some("oy6sb241"), PresenceType::Unavailable)
                            .with_status("Busy IRL")
                            .into(),
                    ),
                    Stanza(
                        Presence::subscribe(j("nurse@example.com"))
                            .with_id("uc51xs63")
                            .with_from(j("romeo@example.net"))
                            .with_status("Hi, Juliet told me to add you to my buddy list.")
                            .into(),
                    ),
                ]
            },
        ),
        (
            "rfc6121/5.2.1-chat.xml",
            vec![
                Stanza(
                    Message::chat(j("romeo@example.net"))
                        .with_from(j("juliet@example.com/balcony"))
                        .with_id("ktx72v49")
                        .with_lang("en")
                        .with_body("Art thou not Romeo, and a Montague?")
                        .into(),
                ),
                Stanza(
                    Message::chat(j("juliet@example.com/balcony"))
                        .with_from(j("romeo@example.net/orchard"))
                        .with_id("sl3nx51f")
                        .with_lang("en")
                        .with_body("Neither, fair saint, if either thee dislike.")
                        .into(),
                ),
            ],
        ),
        (
            "rfc6121/5.2.3-body-languages.xml",
            {
                let m = |id: &'static str| {
                    Message::chat(j("romeo@example.net"))
                        .with_from(j("juliet@example.com/balcony"))
                        .with_id(id)
                        .with_lang("en")
                        .with_body("Wherefore art thou, Romeo?")
                };
                vec![
                    Stanza(m("b4vs9km4").into()),
                    Stanza(
                        m("z94nb37h")
                            .with_body_lang("cs", "\n     PročeŽ jsi ty, Romeo?\n   ")
                            .into(),
                    ),
                ]
            },
        ),
        (
            "rfc6121/5.2.4-subject.xml",
            {
                let m = |id: &'static str| {
                    Message::chat(j("romeo@example.net"))
                        .with_from(j("juliet@example.com/balcony"))
                        .with_id(id)
                        .with_lang("en")
                        .with_subject("I implore you!")
                        .with_body("Wherefore art thou, Romeo?")
                };
                let mut cs = m("jk3v47gw").with_body_lang("cs", "\n     Pročež jsi ty, Romeo?\n   ");
                cs.subjects
                    .insert(Some("cs".into()), "\n    Úpěnlivě prosím!\n  ");
                vec![Stanza(m("c8xg3nf8").into()), Stanza(cs.into())]
            },
        ),
        (
            "rfc6121/5.2.5-thread.xml",
            {
                let mut m = Message::chat(j("romeo@example.net"))
                    .with_from(j("juliet@example.com/balcony"))
                    .with_lang("en")
                    .with_subject("I implore you!")
                    .with_body("Wherefore art thou, Romeo?")
                    .with_body_lang("cs", "\n     Pročež jsi ty, Romeo?\n  ")
                    .with_thread(
                        "0e3141cd80894871a68e6fe6b1ec56fa",
                        Some("e0ffe42b28561960c6b12b944a092794b9683a38".into()),
                    );
                m.subjects
                    .insert(Some("cs".into()), "\n    Úpěnlivě prosím!\n  ");
                vec![Stanza(m.into())]
            },
        ),
    ]
}

/// Helpers that read well in the table above.
trait ReplyHelpers: Sized {
    fn error_reply_of_self(self, e: StanzaError) -> Self;
}

impl ReplyHelpers for Iq {
    /// The error reply, addressed as the original (for an example that shows
    /// only the reply).
    fn error_reply_of_self(self, e: StanzaError) -> Iq {
        let mut r = self.error_reply(e);
        r.from = self.from;
        r.to = self.to;
        r
    }
}

impl ReplyHelpers for Message {
    fn error_reply_of_self(self, e: StanzaError) -> Message {
        self.error_reply(e)
    }
}

#[test]
fn data_files_parse_to_the_expected_typed_values() {
    let table = expectations();
    let files = data_files();
    // Every data file has expectations.
    for f in &files {
        let rel = f
            .strip_prefix("tests/data")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            table.iter().any(|(n, _)| *n == rel),
            "no expectations for {rel}"
        );
    }
    for (name, expected) in table {
        let path = Path::new("tests/data").join(name);
        let got: Vec<Parsed> = load(&path)
            .into_iter()
            .map(|e| normalize(parse_any(e).unwrap_or_else(|err| panic!("{name}: {err}"))))
            .collect();
        let expected: Vec<Parsed> = expected.into_iter().map(normalize).collect();
        assert_eq!(got.len(), expected.len(), "{name}: element count");
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(g, e, "{name}#{i}");
        }
    }
}

/// The same data files through the crate's own `StreamParser`: the typed
/// values equal those built from the `xml` crate's trees.
#[test]
fn data_files_through_the_stream_parser_give_the_same_values() {
    use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};
    for path in data_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        // The header comment is not restricted XML (RFC 6120 §11.1).
        let body = text.split_once("-->").map_or(text.as_str(), |(_, b)| b);
        let doc = format!(
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>{body}</stream:stream>"
        );
        let mut p = StreamParser::new(Limits::default());
        p.feed(doc.as_bytes());
        let mut ours = Vec::new();
        while let Some(ev) = p.next_event().unwrap_or_else(|e| panic!("{path:?}: {e}")) {
            match ev {
                StreamEvent::Element(e) => ours.push(e),
                StreamEvent::End => break,
                _ => {}
            }
        }
        let oracle = load(&path);
        assert_eq!(ours.len(), oracle.len(), "{path:?}");
        for (a, b) in ours.into_iter().zip(oracle) {
            let (a, b) = (parse_any(a).unwrap(), parse_any(b).unwrap());
            assert_eq!(normalize(a), normalize(b), "{path:?}");
        }
    }
}

/// What the model does not read on typed children is kept per child, and
/// does not depend on the order of the children in the document: a
/// message read with its body before its subject is written with the
/// subject first (the model's order), and reading that back gives an
/// equal value (found by the `stanza` fuzz target).
#[test]
fn unknown_parts_of_typed_children_do_not_depend_on_their_order() {
    let c = ns::JABBER_CLIENT;
    let el = Element::builder("message", c)
        .attr("to", "romeo@example.net")
        .append(Element::builder("body", c).attr("x-a", "1").text("hi"))
        .append(Element::builder("subject", c).attr("x-b", "2").text("s"))
        .build();
    let Stanza::Message(m) = Stanza::try_from(el).unwrap() else {
        panic!("a message")
    };
    assert_eq!(
        m.unknown
            .child("body", ns::JABBER_CLIENT, 0)
            .map(|u| u.attrs.len()),
        Some(1)
    );
    let written = Element::from(m.clone());
    let names: Vec<&str> = written.children().map(Element::name).collect();
    assert_eq!(names, ["subject", "body"], "the model's order");
    let Stanza::Message(back) = Stanza::try_from(written).unwrap() else {
        panic!("a message")
    };
    assert_eq!(back, m);
    assert_eq!(
        back.unknown.child("subject", ns::JABBER_CLIENT, 0),
        m.unknown.child("subject", ns::JABBER_CLIENT, 0)
    );
}

/// RFC 6120 §4.9.3.13: RFC 3920 called not-well-formed `xml-not-well-formed`;
/// an RFC 3920 peer's error is read as `NotWellFormed`. RFC 3920's
/// `invalid-id` (removed by RFC 6120, Appendix D) and any other condition
/// RFC 6120 does not define are read as `undefined-condition` (§4.9.3.21:
/// "not one of those defined by the other conditions"). The name as read
/// is kept and written back, with the text and app-specific element.
#[test]
fn stream_error_with_a_legacy_or_unknown_condition_parses() {
    let ns_streams = "urn:ietf:params:xml:ns:xmpp-streams";
    for (name, condition) in [
        ("xml-not-well-formed", Condition::NotWellFormed),
        ("invalid-id", Condition::UndefinedCondition),
        ("some-future-condition", Condition::UndefinedCondition),
    ] {
        let xml = format!(
            "<stream:error><{name} xmlns='{ns_streams}'/>\
             <text xmlns='{ns_streams}' xml:lang='en'>bye</text>\
             <x xmlns='urn:example'/></stream:error>"
        );
        let el = parse_one(&xml, ns::JABBER_CLIENT);
        let e = StreamErrorElement::try_from(el.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(e.condition, condition, "{name}");
        assert_eq!(e.original_condition.as_deref(), Some(name));
        assert_eq!(e.texts.get(Some("en")), Some("bye"));
        assert_eq!(e.app_specific.len(), 1);
        let written = Element::from(e.clone());
        assert_eq!(
            written.children().next().map(|c| (c.name(), c.ns())),
            Some((name, ns_streams)),
            "{name} is written back"
        );
        assert_equivalent(&el, &written, name);
        assert_eq!(StreamErrorElement::try_from(written), Ok(e.clone()));
        // A condition set in code replaces the one read.
        let changed = StreamErrorElement {
            condition: Condition::Conflict,
            ..e
        };
        assert_eq!(
            Element::from(changed)
                .children()
                .next()
                .map(|c| c.name().to_owned()),
            Some("conflict".to_owned())
        );
    }
    // The conditions RFC 6120 defines keep no original name.
    let el = Element::from(StreamErrorElement::new(Condition::NotWellFormed));
    let e = StreamErrorElement::try_from(el).unwrap();
    assert_eq!(e.original_condition, None);
}

/// DESIGN.md: nothing is dropped. Text directly inside a stanza `<error/>`
/// (legacy servers put a human text next to `code`, before RFC 6120 §8.3.2's
/// `<text/>`) is kept and written back, as in `<stream:error/>`.
#[test]
fn stray_text_in_a_stanza_error_is_kept() {
    let xml = "<iq type='error' id='1'><error code='503' type='cancel'>Service Unavailable\
               <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
    let el = parse_one(xml, ns::JABBER_CLIENT);
    let Stanza::Iq(iq) = Stanza::try_from(el.clone()).unwrap() else {
        panic!("an iq")
    };
    let IqPayload::Error { error, .. } = &iq.payload else {
        panic!("an error")
    };
    assert_eq!(error.condition, DefinedCondition::ServiceUnavailable);
    let written = Element::from(iq.clone());
    let werr = written.children().next().expect("the error");
    assert_eq!(werr.text(), "Service Unavailable");
    assert_equivalent(&el, &written, "stray text");
    assert_eq!(Stanza::try_from(written), Ok(Stanza::Iq(iq)));
}

/// RFC 6120 §8.3.2 requires a condition element, and §8.3.3.21 names the
/// condition for one "not one of those defined by the other conditions in
/// this list": undefined-condition. A condition element this crate does not
/// know (a later revision's, a misspelt one) is read as that, as for stream
/// errors (§4.9.3.21), so that the error reply to a request is not lost;
/// the name as read is kept and written back, with its text, the `<text/>`
/// and the application-specific element.
#[test]
fn stanza_error_with_an_undefined_condition_parses() {
    let stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    for name in ["some-future-condition", "item-not-fonud"] {
        let xml = format!(
            "<iq from='pubsub.example.com' id='a1' to='juliet@example.com/balcony' type='error'>\
             <error type='cancel' by='pubsub.example.com'><{name} xmlns='{stanzas}'>detail</{name}>\
             <text xmlns='{stanzas}' xml:lang='en'>why</text>\
             <x xmlns='urn:example'/></error></iq>"
        );
        let el = parse_one(&xml, ns::JABBER_CLIENT);
        let Stanza::Iq(iq) = Stanza::try_from(el.clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
        else {
            panic!("an iq")
        };
        let IqPayload::Error { error, .. } = &iq.payload else {
            panic!("an error")
        };
        assert_eq!(error.condition, DefinedCondition::UndefinedCondition);
        assert_eq!(error.original_condition.as_deref(), Some(name));
        assert_eq!(error.error_type, ErrorType::Cancel);
        assert_eq!(error.texts.get(Some("en")), Some("why"));
        assert_eq!(error.app_specific.len(), 1);
        let written = Element::from(iq.clone());
        let werr = written.children().next().expect("the error");
        assert_eq!(
            werr.children().next().map(|c| (c.name(), c.ns(), c.text())),
            Some((name, stanzas, "detail".into())),
            "{name} is written back"
        );
        assert_equivalent(&el, &written, name);
        assert_eq!(Stanza::try_from(written), Ok(Stanza::Iq(iq.clone())));
        // A condition set in code replaces the one read.
        let changed = StanzaError {
            condition: DefinedCondition::Conflict,
            ..error.clone()
        };
        let wc = Element::from(changed);
        assert_eq!(wc.children().next().map(|c| c.name()), Some("conflict"));
    }
    // The conditions RFC 6120 defines keep no original name.
    let el = Element::from(StanzaError::new(DefinedCondition::Conflict));
    assert_eq!(StanzaError::try_from(el).unwrap().original_condition, None);
}

/// Legacy errors: servers and gateways from before RFC 3920 send only a
/// numeric `code` (XEP-0086 maps them), sometimes without `type`. RFC
/// 6120 §8.3.2 requires a condition, and XEP-0086 (which maps codes to
/// conditions) is not among the specifications this crate follows, so such
/// an error is read as undefined-condition (§8.3.3.21), with the type that
/// condition usually has when `type` is missing, and the code kept; it is
/// written back with `<undefined-condition/>` and the code. A `code` next
/// to a condition (the transitional form) is kept too.
#[test]
fn legacy_stanza_error_with_only_a_code_parses() {
    let stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    for (err, ty) in [
        ("<error code='404' type='cancel'/>", ErrorType::Cancel),
        ("<error code='404'/>", ErrorType::Modify),
        ("<error code='404'>Not Found</error>", ErrorType::Modify),
    ] {
        let xml = format!("<iq from='icq.example.com' id='r1' type='error'>{err}</iq>");
        let el = parse_one(&xml, ns::JABBER_CLIENT);
        let Stanza::Iq(iq) = Stanza::try_from(el).unwrap_or_else(|e| panic!("{err}: {e}")) else {
            panic!("an iq")
        };
        let IqPayload::Error { error, .. } = &iq.payload else {
            panic!("an error")
        };
        assert_eq!(
            error.condition,
            DefinedCondition::UndefinedCondition,
            "{err}"
        );
        assert_eq!(error.original_condition, None, "{err}");
        assert_eq!(error.code.as_deref(), Some("404"), "{err}");
        assert_eq!(error.error_type, ty, "{err}");
        let written = Element::from(iq.clone());
        let werr = written.children().next().expect("the error");
        assert_eq!(werr.attr("code"), Some("404"));
        assert!(
            werr.children()
                .any(|c| c.is("undefined-condition", stanzas))
        );
        assert_eq!(Stanza::try_from(written), Ok(Stanza::Iq(iq.clone())));
    }
    // A code with a condition: both typed, both written back.
    let xml = format!(
        "<message type='error' from='aim.example.com'><error code='503' type='cancel'>\
         <service-unavailable xmlns='{stanzas}'/></error></message>"
    );
    let el = parse_one(&xml, ns::JABBER_CLIENT);
    let Stanza::Message(m) = Stanza::try_from(el.clone()).unwrap() else {
        panic!("a message")
    };
    let error = m.error.as_ref().expect("the error");
    assert_eq!(error.condition, DefinedCondition::ServiceUnavailable);
    assert_eq!(error.code.as_deref(), Some("503"));
    assert!(error.unknown.attrs.is_empty(), "code is typed, not unknown");
    let written = Element::from(m);
    assert_equivalent(&el, &written, "code and condition");
}

/// RFC 6121 §4.7.2.1: the `<show/>` value "MUST be one of" away, chat, dnd,
/// xa, a rule for the sender; the section gives the receiver no rule, and
/// says that with no `<show/>` "the entity is assumed to be online and
/// available". A value outside the four (old clients send `online`, some an
/// empty `<show/>`) does not make the rest of the presence (status,
/// priority, the entity being available, extensions) unreadable: `show` is
/// `None` and the value is kept in `original_show` and written back.
#[test]
fn presence_with_an_undefined_show_value_is_read() {
    for show in ["online", "", " busy "] {
        let xml = format!(
            "<presence from='juliet@example.com/balcony'><show>{show}</show>\
             <status>here</status><priority>5</priority><c xmlns='urn:example'/></presence>"
        );
        let el = parse_one(&xml, ns::JABBER_CLIENT);
        let Stanza::Presence(p) =
            Stanza::try_from(el.clone()).unwrap_or_else(|e| panic!("{show:?}: {e}"))
        else {
            panic!("a presence")
        };
        assert_eq!(p.presence_type, PresenceType::Available);
        assert_eq!(p.show, None);
        assert_eq!(p.original_show.as_deref(), Some(show));
        assert_eq!((p.status(), p.priority), (Some("here"), Some(5)));
        assert_eq!(p.payloads.len(), 1);
        let written = Element::from(p.clone());
        assert_equivalent(&el, &written, show);
        assert_eq!(Stanza::try_from(written), Ok(Stanza::Presence(p.clone())));
        // A show set in code replaces the value read: one <show/> only.
        let away = Element::from(p.with_show(Show::Away));
        let shows: Vec<_> = away.children().filter(|c| c.name() == "show").collect();
        assert_eq!(shows.len(), 1);
        assert_eq!(shows[0].text(), "away");
    }
}

/// RFC 3921 (its jabber:iq:roster schema) defined `ask` as
/// `subscribe` or `unsubscribe`; RFC 6121 §2.1.2.2 keeps only `subscribe`
/// ("Pending Out"), but servers still send `ask='unsubscribe'` (jabberd2).
/// Refusing it made the whole roster result unreadable. It is read as no
/// pending subscription (`ask` false), and the attribute is kept and
/// written back.
#[test]
fn roster_item_with_the_rfc3921_ask_unsubscribe_is_read() {
    let xml = "<iq id='r1' type='result'><query xmlns='jabber:iq:roster' ver='v1'>\
               <item jid='romeo@example.net' subscription='to' ask='unsubscribe'/>\
               <item jid='nurse@example.com' subscription='none' ask='subscribe'/>\
               </query></iq>";
    let el = parse_one(xml, ns::JABBER_CLIENT);
    let Stanza::Iq(iq) = Stanza::try_from(el.clone()).unwrap() else {
        panic!("an iq")
    };
    let query = iq.payload_element().cloned().expect("the query");
    let roster = Roster::try_from(query.clone()).unwrap();
    assert_eq!(roster.items.len(), 2);
    let romeo = &roster.items[0];
    assert!(!romeo.ask);
    assert_eq!(romeo.subscription, Some(Subscription::To));
    assert_eq!(
        romeo
            .unknown
            .attrs
            .iter()
            .find(|a| a.name == *"ask")
            .map(|a| &*a.value),
        Some("unsubscribe")
    );
    assert!(roster.items[1].ask);
    let written = Element::from(roster.clone());
    assert_equivalent(&query, &written, "ask='unsubscribe'");
    assert_eq!(Roster::try_from(written), Ok(roster.clone()));
    // `ask` set in code wins over the kept value.
    let item = RosterItem {
        ask: true,
        ..romeo.clone()
    };
    assert_eq!(Element::from(item).attr("ask"), Some("subscribe"));
}

/// RFC 6121 §5.2.3: a body without `xml:lang` is in the language it
/// inherits, here the stream's (RFC 6120 §4.7.4), so an English body next
/// to it is a second English body.
#[test]
fn a_body_inherits_the_stream_language() {
    use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};
    let doc = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' \
               version='1.0' xml:lang='en'>\
               <message><body>x</body><body xml:lang='en'>y</body></message>\
               <message><body>x</body><body xml:lang='de'>y</body></message>";
    let mut p = StreamParser::new(Limits::default());
    p.feed(doc.as_bytes());
    let mut results = Vec::new();
    while let Some(ev) = p.next_event().unwrap() {
        if let StreamEvent::Element(e) = ev {
            results.push(Stanza::try_from(e));
        }
    }
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0],
        Err(StanzaParseError::DuplicateLanguage {
            element: "body",
            lang: Some("en".into())
        })
    );
    assert!(results[1].is_ok(), "{:?}", results[1]);
}
