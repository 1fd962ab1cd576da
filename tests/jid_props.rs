//! Property tests for JIDs: round trips, idempotence, fast path = slow path,
//! and XEP-0106 escaping round trips.

use proptest::prelude::*;
use xmpp_sansio::jid::{BareJid, FullJid, Jid, escape_node, unescape_node};

/// Fragments that JID-like strings are built from: separators, ASCII of
/// every class, case, IDNA material, NFKC material, bidi, mapped-to-nothing,
/// prohibited and unassigned characters.
const FRAGMENTS: &[&str] = &[
    "a",
    "b",
    "z",
    "A",
    "Q",
    "0",
    "9",
    "@",
    "@",
    "/",
    "/",
    ".",
    ".",
    "-",
    "--",
    "_",
    " ",
    "\t",
    "\\",
    "\\20",
    "\\5c",
    "'",
    ":",
    "xn--",
    "XN--",
    "bcher-kva",
    "com",
    "[::1]",
    "[",
    "]",
    "127.0.0.1",
    "é",
    "É",
    "e\u{301}",
    "ß",
    "Σ",
    "ς",
    "Ⅳ",
    "ﬁ",
    "Ｅ",
    "．",
    "。",
    "\u{AD}",
    "\u{200B}",
    "\u{A0}",
    "\u{2028}",
    "\u{5D0}",
    "\u{627}",
    "\u{1F600}",
    "\u{E000}",
    "中",
    "♚",
    "\u{212A}",
    "\u{1C4}",
];

fn jid_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24).prop_map(|v| v.concat())
}

/// Strings that are valid JIDs more often: `node@domain/resource` shapes.
fn jid_shaped() -> impl Strategy<Value = String> {
    let part = || prop::collection::vec(prop::sample::select(&FRAGMENTS[..14]), 1..6);
    let uni = || prop::collection::vec(prop::sample::select(FRAGMENTS), 0..3);
    (
        prop::option::of((part(), uni())),
        part(),
        uni(),
        prop::option::of((part(), uni())),
    )
        .prop_map(|(node, domain, d_uni, res)| {
            let mut s = String::new();
            if let Some((n, u)) = node {
                s.push_str(&n.concat().replace(['@', '/'], ""));
                s.push_str(&u.concat().replace(['@', '/'], ""));
                s.push('@');
            }
            s.push_str(&domain.concat().replace(['@', '/'], ""));
            s.push_str(&d_uni.concat().replace(['@', '/'], ""));
            if let Some((r, u)) = res {
                s.push('/');
                s.push_str(&r.concat());
                s.push_str(&u.concat());
            }
            s
        })
}

fn check_invariants(s: &str) -> Result<(), TestCaseError> {
    let fast = Jid::new(s);
    let slow = Jid::new_without_fast_path(s);
    prop_assert_eq!(&fast, &slow, "fast and slow paths differ on {:?}", s);
    if let Ok(j) = fast {
        // parse(display(j)) == j, and normalizing is idempotent.
        let displayed = format!("{j}");
        let again = Jid::new(&displayed);
        prop_assert_eq!(again.as_ref(), Ok(&j));
        prop_assert_eq!(again.map(|a| a.to_string()), Ok(j.to_string()));
        // The parts rebuild the same JID.
        let rebuilt = Jid::from_parts(j.node(), j.domain(), j.resource());
        prop_assert_eq!(rebuilt.as_ref(), Ok(&j));
        // Bare/full views agree with the whole.
        let bare = j.to_bare();
        prop_assert_eq!(bare.as_str(), j.bare_str());
        let reparsed = BareJid::new(bare.as_str());
        prop_assert_eq!(reparsed.as_ref(), Ok(&bare));
        if let Some(r) = j.resource() {
            let full = FullJid::try_from(j.clone()).unwrap();
            prop_assert_eq!(full.resource(), r);
            let with = bare.with_resource(r);
            prop_assert_eq!(with.as_ref(), Ok(&full));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fast_and_slow_paths_agree_and_round_trip(s in jid_like()) {
        check_invariants(&s)?;
    }

    #[test]
    fn jid_shaped_strings_round_trip(s in jid_shaped()) {
        check_invariants(&s)?;
    }

    #[test]
    fn any_string_is_handled(s in any::<String>()) {
        check_invariants(&s)?;
    }

    #[test]
    fn ascii_strings_agree(s in "[ -~]{0,40}") {
        check_invariants(&s)?;
    }

    #[test]
    fn escaping_round_trips(s in jid_like()) {
        match escape_node(&s) {
            Ok(escaped) => {
                prop_assert_eq!(unescape_node(&escaped), s.as_str());
                prop_assert!(!escaped.contains(['"', '&', '\'', '/', ':', '<', '>', '@', ' ']));
                prop_assert!(!escaped.starts_with("\\20") && !escaped.ends_with("\\20"));
            }
            Err(_) => prop_assert!(s.starts_with(' ') || s.ends_with(' ')),
        }
    }
}

#[test]
fn jid_shaped_strings_are_often_valid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = jid_shaped();
    let valid = (0..500)
        .filter(|_| Jid::new(&strategy.new_tree(&mut runner).unwrap().current()).is_ok())
        .count();
    assert!(
        valid > 100,
        "only {valid} of 500 generated strings were valid"
    );
}
