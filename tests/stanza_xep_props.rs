//! Property tests for the XEP payload models: typed → element → typed is
//! the identity, the XEP-0115 verification string does not depend on
//! order, and no element shape makes a parser panic.

use proptest::prelude::*;
use xmpp_sansio::stanza::xep::*;
use xmpp_sansio::xml::Element;

fn text() -> impl Strategy<Value = String> {
    // Any characters XML allows, including markup characters and non-ASCII.
    proptest::string::string_regex("[ -~\u{a0}-\u{ff}Ψ♚<>&'\"]{0,12}").expect("valid regex")
}

fn non_empty() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9:/#._-]{1,12}").expect("valid regex")
}

fn field() -> impl Strategy<Value = data_forms::Field> {
    (
        non_empty(),
        proptest::option::of(text()),
        proptest::collection::vec(text(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(var, label, values, required)| data_forms::Field {
            var: Some(var),
            field_type: Some(data_forms::FieldType::TextMulti),
            label,
            required,
            values,
            ..data_forms::Field::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sm_h_round_trips(h in any::<u32>()) {
        let el = Element::from(sm::Ack::new(h));
        let text = h.to_string();
        prop_assert_eq!(el.attr("h"), Some(text.as_str()));
        prop_assert_eq!(sm::Ack::try_from(el).map(|a| a.h), Ok(h));
        let r = sm::Resume { h, previd: "x".into(), unknown: Unknown::default() };
        prop_assert_eq!(sm::Resume::try_from(Element::from(r.clone())), Ok(r));
    }

    #[test]
    fn text_payloads_round_trip(s in text(), id in non_empty()) {
        let n = nick::Nick::new(s.clone());
        prop_assert_eq!(nick::Nick::try_from(Element::from(n.clone())), Ok(n));
        let r = correction::Replace::new(id.clone());
        prop_assert_eq!(correction::Replace::try_from(Element::from(r.clone())), Ok(r));
        let v = version::SoftwareVersion { os: Some(s.clone()), ..version::SoftwareVersion::new(s.clone(), id.clone()) };
        prop_assert_eq!(version::SoftwareVersion::try_from(Element::from(v.clone())), Ok(v));
        let m = moderation::Moderate::retract(id, Some(s));
        prop_assert_eq!(moderation::Moderate::try_from(Element::from(m.clone())), Ok(m));
    }

    #[test]
    fn data_forms_round_trip(
        title in proptest::option::of(text()),
        instructions in proptest::collection::vec(text(), 0..3),
        fields in proptest::collection::vec(field(), 0..5),
        items in proptest::collection::vec(proptest::collection::vec(field(), 1..3), 0..3),
    ) {
        let mut form = data_forms::DataForm::new(data_forms::FormType::Result);
        form.title = title;
        form.instructions = instructions;
        form.fields = fields;
        form.items = items;
        prop_assert_eq!(data_forms::DataForm::try_from(Element::from(form.clone())), Ok(form));
    }

    #[test]
    fn rsm_round_trips(max in proptest::option::of(any::<u32>()), count in proptest::option::of(any::<u32>()),
                       after in proptest::option::of(text()), first in proptest::option::of((text(), proptest::option::of(any::<u32>())))) {
        let set = rsm::ResultSet {
            max, count, after,
            first: first.map(|(id, index)| rsm::First { id, index }),
            ..rsm::ResultSet::default()
        };
        prop_assert_eq!(rsm::ResultSet::try_from(Element::from(set.clone())), Ok(set));
    }

    #[test]
    fn caps_verification_string_ignores_order(
        features in proptest::collection::btree_set(non_empty(), 1..6),
        seed in any::<u64>(),
    ) {
        use disco::{DiscoInfoResult, Identity};
        let mut info = DiscoInfoResult::new()
            .with_identity(Identity::new("client", "pc"))
            .with_identity(Identity::new("client", "phone").with_name("x"));
        info.features = features.into_iter().collect();
        let s1 = caps::verification_string(&info).expect("no duplicates");
        let n = info.features.len();
        info.features.rotate_left((seed % n as u64) as usize);
        info.identities.reverse();
        prop_assert_eq!(caps::verification_string(&info).expect("no duplicates"), s1);
    }

    #[test]
    fn datetimes_round_trip(y in 0u32..10000, mo in 1u32..=12, d in 1u32..=31, h in 0u32..24, mi in 0u32..60, s in 0u32..60,
                            frac in proptest::option::of(0u32..1000), off in proptest::option::of((any::<bool>(), 0u32..24, 0u32..60))) {
        let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        if let Some(f) = frac { t.push_str(&format!(".{f:03}")); }
        match off {
            None => t.push('Z'),
            Some((neg, oh, om)) => t.push_str(&format!("{}{oh:02}:{om:02}", if neg { '-' } else { '+' })),
        }
        let parsed: datetime::DateTime = t.parse().expect("valid");
        prop_assert_eq!(parsed.as_str(), t.as_str());
    }

    #[test]
    fn arbitrary_strings_never_panic_the_datetime_parsers(s in "\\PC{0,40}") {
        let _ = s.parse::<datetime::DateTime>();
        let _ = s.parse::<datetime::TimeZoneOffset>();
    }

    /// Any element named like a payload, with random attributes and
    /// children, parses or fails without panicking, and what parses
    /// serializes to something that parses to the same value.
    #[test]
    fn random_elements_never_panic(
        which in 0usize..ALL.len(),
        attrs in proptest::collection::vec((prop_oneof!["h", "id", "type", "var", "jid", "by", "stamp", "node", "ver", "code", "affiliation", "role", "size", "filename"], text()), 0..4),
        kids in proptest::collection::vec((prop_oneof!["field", "value", "item", "status", "set", "max", "delay", "forwarded", "message", "history", "identity", "feature"], 0usize..ALL.len(), text()), 0..4),
    ) {
        let (name, ns) = ALL[which];
        let mut b = Element::builder(name, ns);
        for (k, v) in attrs { b = b.attr(k, v); }
        for (k, nsi, t) in kids { b = b.append(Element::builder(k, ALL[nsi].1).text(t)); }
        let el = b.build();
        check_all(&el);
    }
}

/// (name, namespace) of every payload root.
const ALL: &[(&str, &str)] = &[
    ("x", data_forms::NS),
    ("query", disco::NS_INFO),
    ("query", disco::NS_ITEMS),
    ("x", muc::NS),
    ("x", muc::NS_USER),
    ("query", muc::NS_ADMIN),
    ("query", muc::NS_OWNER),
    ("vCard", vcard::NS),
    ("set", rsm::NS),
    ("active", chatstates::NS),
    ("query", version::NS),
    ("c", caps::NS),
    ("nick", nick::NS),
    ("received", receipts::NS),
    ("block", blocking::NS),
    ("a", sm::NS),
    ("enabled", sm::NS),
    ("failed", sm::NS),
    ("resume", sm::NS),
    ("time", time::NS),
    ("delay", delay::NS),
    ("sent", carbons::NS),
    ("forwarded", forwarding::NS),
    ("replace", correction::NS),
    ("query", mam::NS),
    ("result", mam::NS),
    ("fin", mam::NS),
    ("displayed", markers::NS),
    ("store", hints::NS),
    ("inactive", csi::NS),
    ("stanza-id", stanza_id::NS),
    ("request", http_upload::NS),
    ("slot", http_upload::NS),
    ("retract", retraction::NS),
    ("retracted", retraction::NS),
    ("moderate", moderation::NS),
    ("moderated", moderation::NS),
];

fn check<T: Payload + PartialEq + std::fmt::Debug + Clone>(el: &Element) {
    if let Ok(v) = T::try_from(el.clone()) {
        let again = T::try_from(v.clone().into());
        assert_eq!(again.as_ref(), Ok(&v), "{el:?}");
    }
}

fn check_all(el: &Element) {
    check::<data_forms::DataForm>(el);
    check::<disco::DiscoInfoResult>(el);
    check::<disco::DiscoItemsResult>(el);
    check::<muc::Muc>(el);
    check::<muc::MucUser>(el);
    check::<muc::AdminQuery>(el);
    check::<muc::OwnerQuery>(el);
    check::<vcard::VCard>(el);
    check::<rsm::ResultSet>(el);
    check::<chatstates::ChatState>(el);
    check::<version::SoftwareVersion>(el);
    check::<caps::Caps>(el);
    check::<nick::Nick>(el);
    check::<receipts::Received>(el);
    check::<blocking::Block>(el);
    check::<sm::Ack>(el);
    check::<sm::Enabled>(el);
    check::<sm::Failed>(el);
    check::<sm::Resume>(el);
    check::<time::EntityTime>(el);
    check::<delay::Delay>(el);
    check::<carbons::Sent>(el);
    check::<forwarding::Forwarded>(el);
    check::<correction::Replace>(el);
    check::<mam::Query>(el);
    check::<mam::ArchivedResult>(el);
    check::<mam::Fin>(el);
    check::<markers::ChatMarker>(el);
    check::<hints::Hint>(el);
    check::<csi::ClientState>(el);
    check::<stanza_id::StanzaId>(el);
    check::<http_upload::SlotRequest>(el);
    check::<http_upload::Slot>(el);
    check::<retraction::Retract>(el);
    check::<retraction::Retracted>(el);
    check::<moderation::Moderate>(el);
    check::<moderation::Moderated>(el);
}
