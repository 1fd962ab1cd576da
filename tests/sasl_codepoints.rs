//! Every Unicode scalar value, U+0000 to U+10FFFF, through SASLprep
//! ([RFC 4013]) as a stored and as a query string ([RFC 3454 §7]), alone
//! and after an ASCII letter:
//!
//! - a code point unassigned in Unicode 3.2 (RFC 3454 Table A.1) is
//!   refused in a stored string (RFC 4013 §2.5);
//! - a stored string's preparation is idempotent: `saslprep(p) == p` for
//!   every output `p`, so a stored password or user name prepares to itself
//!   again;
//! - without unassigned code points the two modes agree (they differ only
//!   in §2.5), and query strings keep allowing unassigned code points.
//!
//! The first failed while `stringprep::saslprep` alone did the work: its
//! NFKC (newer Unicode data) rewrote such code points before its Table A.1
//! check, so U+1D2C MODIFIER LETTER CAPITAL A was stored as `A`. The JID
//! preparation had the same fault (`tests/jid_codepoints.rs`); both now
//! check the input with one function.
//!
//! [RFC 4013]: https://www.rfc-editor.org/rfc/rfc4013
//! [RFC 3454 §7]: https://www.rfc-editor.org/rfc/rfc3454#section-7

mod common;
use common::assert_none_found;
use xmpp_sansio::sasl::{SaslError, saslprep, saslprep_query};

#[test]
fn every_code_point_is_refused_when_unassigned_and_idempotent_when_stored() {
    let mut unassigned_stored = Vec::new();
    let mut not_idempotent = Vec::new();
    let mut modes_differ = Vec::new();
    let mut query_unassigned_changed = Vec::new();
    let (mut stored_ok, mut query_unassigned_ok) = (0usize, 0usize);
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        let unassigned = stringprep::tables::unassigned_code_point(c);
        for input in [c.to_string(), format!("x{c}")] {
            let stored = saslprep(&input, "password");
            let query = saslprep_query(&input, "username");
            if unassigned {
                if stored.is_ok() {
                    unassigned_stored.push(format!("U+{:04X}: {stored:?}", u32::from(c)));
                }
                query_unassigned_ok += usize::from(query.is_ok());
                // Unicode 3.2's NFKC leaves a code point it does not
                // assign as it is (RFC 3454 §4): a query keeps it.
                if let Ok(q) = &query
                    && *q != input
                {
                    query_unassigned_changed.push(format!("U+{:04X}: {q:?}", u32::from(c)));
                }
                continue;
            }
            if stored.as_deref().ok() != query.as_deref().ok() {
                modes_differ.push(format!("U+{:04X}: {stored:?} {query:?}", u32::from(c)));
            }
            let Ok(prepared) = stored else { continue };
            stored_ok += 1;
            let again = saslprep(&prepared, "password");
            if again.as_deref() != Ok(&*prepared) {
                not_idempotent.push(format!("U+{:04X}: {prepared:?} -> {again:?}", u32::from(c)));
            }
        }
    }
    assert_none_found(
        &unassigned_stored,
        "unassigned code points accepted in stored strings",
    );
    assert_none_found(&not_idempotent, "not idempotent");
    assert_none_found(
        &query_unassigned_changed,
        "unassigned code points changed in query strings",
    );
    assert_none_found(
        &modes_differ,
        "assigned code points prepared differently by the two modes",
    );
    // The sweep did test something: most assigned code points pass, and
    // query strings still take most unassigned ones (RFC 3454 §7).
    assert!(
        stored_ok > 150_000 && query_unassigned_ok > 1_000_000,
        "{stored_ok} {query_unassigned_ok}"
    );
}

/// RFC 4013 §2.5 with the code points whose NFKC (newer Unicode data)
/// gives assigned characters: refused in stored strings, whichever field.
#[test]
fn unassigned_code_points_are_refused_before_normalization() {
    // U+1D2C MODIFIER LETTER CAPITAL A (Unicode 4.0) was stored as `A`.
    assert_eq!(
        saslprep("\u{1D2C}lice", "username"),
        Err(SaslError::Saslprep { field: "username" })
    );
    // A query string keeps it as it is (Unicode 3.2's NFKC does not know
    // it), rather than looking up the user `Alice`.
    assert_eq!(
        saslprep_query("\u{1D2C}lice", "username").as_deref(),
        Ok("\u{1D2C}lice")
    );
}
