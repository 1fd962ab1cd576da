//! Property tests: typed stanzas built from arbitrary field values survive
//! `Element` and back unchanged; reply helpers keep ids and swap addresses.

use proptest::prelude::*;
use xmpp_sansio::jid::Jid;
use xmpp_sansio::stanza::*;
use xmpp_sansio::xml::{ByteStr, Element};

fn jid() -> impl Strategy<Value = Jid> {
    (
        proptest::option::of("[a-z]{1,8}"),
        "[a-z]{1,8}\\.(com|net|org)",
        proptest::option::of("[A-Za-z0-9 ]{1,8}"),
    )
        .prop_map(|(n, d, r)| {
            let mut s = String::new();
            if let Some(n) = n {
                s.push_str(&n);
                s.push('@');
            }
            s.push_str(&d);
            if let Some(r) = r {
                s.push('/');
                s.push_str(&r);
            }
            s.parse().unwrap()
        })
}

fn text() -> impl Strategy<Value = ByteStr> {
    "[^\u{0}]{0,24}".prop_map(ByteStr::from)
}

fn texts() -> impl Strategy<Value = Texts> {
    proptest::collection::vec((proptest::option::of("[a-z]{2}"), text()), 0..3).prop_map(|v| {
        let mut t = Texts::default();
        for (l, x) in v {
            t.insert(l.map(ByteStr::from), x);
        }
        t
    })
}

fn payload() -> impl Strategy<Value = Element> {
    (
        "[a-z]{1,6}",
        "urn:[a-z]{1,6}",
        proptest::option::of("[a-z]{0,6}"),
    )
        .prop_map(|(n, ns, a)| {
            let mut e = Element::new(n, ns);
            if let Some(a) = a {
                e.set_attr("k", a);
            }
            e
        })
}

fn content_ns() -> impl Strategy<Value = ContentNs> {
    prop_oneof![
        Just(ContentNs::Client),
        Just(ContentNs::Server),
        Just(ContentNs::Component)
    ]
}

fn error() -> impl Strategy<Value = StanzaError> {
    (
        0usize..22,
        proptest::option::of(jid()),
        texts(),
        proptest::option::of(payload()),
    )
        .prop_map(|(i, by, texts, app)| {
            let mut e = StanzaError::new(DefinedCondition::ALL[i].clone());
            e.by = by;
            e.texts = texts;
            e.app_specific = app.into_iter().collect();
            e
        })
}

fn message() -> impl Strategy<Value = Message> {
    (
        (
            proptest::option::of(jid()),
            proptest::option::of(jid()),
            proptest::option::of("[a-z0-9]{1,8}"),
            content_ns(),
        ),
        prop_oneof![
            Just(MessageType::Chat),
            Just(MessageType::Groupchat),
            Just(MessageType::Headline),
            Just(MessageType::Normal),
            Just(MessageType::Error)
        ],
        texts(),
        texts(),
        proptest::option::of(("[a-f0-9]{1,12}", proptest::option::of("[a-f0-9]{1,12}"))),
        proptest::collection::vec(payload(), 0..3),
        error(),
    )
        .prop_map(
            |((from, to, id, ns), t, bodies, subjects, thread, payloads, err)| Message {
                from,
                to,
                id: id.map(ByteStr::from),
                ns,
                message_type: t,
                bodies,
                subjects,
                thread: thread.map(|(id, p)| Thread {
                    id: id.into(),
                    parent: p.map(ByteStr::from),
                }),
                payloads,
                error: (t == MessageType::Error).then_some(err),
                ..Message::default()
            },
        )
}

fn presence() -> impl Strategy<Value = Presence> {
    (
        proptest::option::of(jid()),
        0usize..8,
        proptest::option::of(0usize..4),
        texts(),
        proptest::option::of(any::<i8>()),
        proptest::collection::vec(payload(), 0..3),
        error(),
    )
        .prop_map(|(to, t, show, statuses, priority, payloads, err)| {
            let types = [
                PresenceType::Available,
                PresenceType::Error,
                PresenceType::Probe,
                PresenceType::Subscribe,
                PresenceType::Subscribed,
                PresenceType::Unavailable,
                PresenceType::Unsubscribe,
                PresenceType::Unsubscribed,
            ];
            let shows = [Show::Away, Show::Chat, Show::Dnd, Show::Xa];
            let pt = types[t];
            Presence {
                to,
                presence_type: pt,
                show: show.map(|s| shows[s]),
                statuses,
                priority,
                payloads,
                error: (pt == PresenceType::Error).then_some(err),
                ..Presence::default()
            }
        })
}

fn iq() -> impl Strategy<Value = Iq> {
    (
        proptest::option::of(jid()),
        "[a-z0-9]{1,8}",
        0usize..5,
        payload(),
        error(),
    )
        .prop_map(|(to, id, k, p, err)| {
            let payload = match k {
                0 => IqPayload::Get(p),
                1 => IqPayload::Set(p),
                2 => IqPayload::Result(Some(p)),
                3 => IqPayload::Result(None),
                _ => IqPayload::Error {
                    error: err,
                    payloads: vec![p],
                },
            };
            let mut iq = Iq::account_get(Element::new("x", "urn:x")).with_id(id);
            iq.to = to;
            iq.payload = payload;
            iq
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn message_round_trips(m in message()) {
        let back = Message::try_from(Element::from(m.clone())).unwrap();
        // The error's namespace is that of the stanza it is written in.
        let mut want = m;
        if let Some(e) = &mut want.error { e.ns = want.ns; }
        prop_assert_eq!(back, want);
    }

    #[test]
    fn presence_round_trips(p in presence()) {
        let back = Presence::try_from(Element::from(p.clone())).unwrap();
        prop_assert_eq!(back, p);
    }

    #[test]
    fn iq_round_trips(i in iq()) {
        let back = Iq::try_from(Element::from(i.clone())).unwrap();
        prop_assert_eq!(back, i);
    }

    #[test]
    fn replies_swap_addresses_and_keep_id(m in message(), from in jid(), to in jid()) {
        let m = Message { from: Some(from.clone()), to: Some(to.clone()), id: Some("x".into()), ..m };
        let r = Stanza::Message(m).error_reply(DefinedCondition::NotAcceptable);
        prop_assert_eq!(r.from(), Some(&to));
        prop_assert_eq!(r.to(), Some(&from));
        prop_assert_eq!(r.id(), Some("x"));
        prop_assert!(r.is_error());
        let back = Stanza::try_from(Element::from(r.clone())).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn sasl_data_round_trips(d in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64))) {
        for s in [SaslNegotiation::Challenge(d.clone().into()), SaslNegotiation::Response(d.clone().into()), SaslNegotiation::Success(d.clone().into())] {
            let back = SaslNegotiation::try_from(Element::from(s.clone())).unwrap();
            prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn roster_round_trips(items in proptest::collection::vec((jid(), proptest::option::of("[A-Za-z ]{0,8}"), proptest::option::of(0usize..5), any::<bool>(), any::<bool>(), proptest::collection::vec("[A-Za-z]{1,6}", 0..3)), 0..4), ver in proptest::option::of("[a-z0-9]{0,6}")) {
        let subs = [Subscription::None, Subscription::To, Subscription::From, Subscription::Both, Subscription::Remove];
        let r = Roster {
            ver: ver.map(ByteStr::from),
            items: items.into_iter().map(|(j, n, s, ask, approved, groups)| RosterItem {
                name: n.map(ByteStr::from),
                subscription: s.map(|i| subs[i]),
                ask,
                approved,
                groups: groups.into_iter().map(ByteStr::from).collect(),
                ..RosterItem::new(j)
            }).collect(),
            ..Roster::default()
        };
        let back = Roster::try_from(Element::from(r.clone())).unwrap();
        prop_assert_eq!(back, r);
    }
}
