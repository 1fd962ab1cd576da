//! Fuzz body for JIDs: parsing never panics, the fast and slow paths agree,
//! a parsed JID re-parses to itself, its parts rebuild it, and XEP-0106
//! escaping round-trips. Shared by `fuzz_targets/jid.rs` and
//! `tests/fuzz_corpus_jid.rs`.

use xmpp_sansio::jid::{BareJid, FullJid, Jid, escape_node, unescape_node};

/// Runs every check on `data` (taken as UTF-8, lossily).
pub fn run(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let parsed = Jid::new(&s);
    assert_eq!(
        parsed,
        Jid::new_without_fast_path(&s),
        "fast and slow paths differ on {s:?}"
    );
    match &parsed {
        Ok(jid) => check_valid(jid),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    match escape_node(&s) {
        Ok(escaped) => assert_eq!(unescape_node(&escaped), s, "escaping round trip"),
        Err(_) => assert!(s.starts_with(' ') || s.ends_with(' ')),
    }
    let _ = unescape_node(&s);
}

fn check_valid(jid: &Jid) {
    let text = jid.to_string();
    assert_eq!(Jid::new(&text).as_ref(), Ok(jid), "re-parse of {text:?}");
    assert_eq!(
        Jid::from_parts(jid.node(), jid.domain(), jid.resource()).as_ref(),
        Ok(jid),
        "parts of {text:?}"
    );
    for part in [jid.node(), Some(jid.domain()), jid.resource()]
        .into_iter()
        .flatten()
    {
        assert!(
            !part.is_empty() && part.len() <= 1023,
            "part length in {text:?}"
        );
    }
    let bare = jid.to_bare();
    assert_eq!(BareJid::new(bare.as_str()).as_ref(), Ok(&bare));
    match jid.resource() {
        Some(r) => {
            let full = FullJid::try_from(jid.clone()).expect("has a resource");
            assert_eq!(full.resource(), r);
            assert_eq!(bare.with_resource(r).as_ref(), Ok(&full));
        }
        None => assert_eq!(&bare, jid),
    }
}
