//! Every Unicode scalar value, U+0000 to U+10FFFF, placed in each JID part.
//!
//! Two properties, for each part:
//!
//! - preparation is idempotent: an accepted JID re-parses to itself,
//!   `Jid::new(j.as_str()) == Ok(j)`, so Display → parse and serde round
//!   trips keep the address;
//! - a code point unassigned in Unicode 3.2 (RFC 3454 Table A.1) is refused
//!   as such, since JIDs are stored strings ([RFC 3454 §7]; Nodeprep,
//!   Resourceprep: [RFC 6122 Appendix A.2, B.2]; Nameprep: [RFC 3491 §6]).
//!
//! Both failed while the `stringprep` crate's NFKC (newer Unicode data)
//! rewrote such code points before its Table A.1 check: `ᴬlice` (U+1D2C)
//! became `Alice`, an uppercase localpart that re-parsed to `alice`
//! (132 localpart and 8 domain code points were not idempotent).
//!
//! [RFC 3454 §7]: https://www.rfc-editor.org/rfc/rfc3454#section-7
//! [RFC 6122 Appendix A.2, B.2]: https://www.rfc-editor.org/rfc/rfc6122#appendix-A.2
//! [RFC 3491 §6]: https://www.rfc-editor.org/rfc/rfc3491#section-6

mod common;
use common::assert_none_found;
use xmpp_sansio::jid::{Jid, JidError, JidPart};

/// The three places a code point `c` is tried: inside a localpart, a
/// domain label and a resourcepart.
fn inputs(c: char) -> [(JidPart, String); 3] {
    [
        (JidPart::Localpart, format!("x{c}@example.com")),
        (JidPart::Domainpart, format!("x{c}.example")),
        (JidPart::Resourcepart, format!("example.com/x{c}")),
    ]
}

#[test]
fn every_code_point_in_every_part_is_idempotent_or_refused() {
    let mut not_idempotent = Vec::new();
    let mut unassigned_accepted = Vec::new();
    let mut accepted = [0usize; 3];
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        let unassigned = stringprep::tables::unassigned_code_point(c);
        for (i, (part, input)) in inputs(c).into_iter().enumerate() {
            let parsed = Jid::new(&input);
            if unassigned && parsed != Err(JidError::UnassignedCharacter { part, ch: c }) {
                unassigned_accepted.push(format!("U+{:04X} {part}: {parsed:?}", u32::from(c)));
            }
            let Ok(jid) = parsed else { continue };
            accepted[i] += 1;
            let again = Jid::new(jid.as_str());
            if again.as_ref() != Ok(&jid) {
                not_idempotent.push(format!(
                    "U+{:04X} {part}: {jid:?} -> {again:?}",
                    u32::from(c)
                ));
            }
        }
    }
    assert_none_found(&not_idempotent, "not idempotent");
    assert_none_found(
        &unassigned_accepted,
        "unassigned code points not refused as such",
    );
    // The sweep did test something: most assigned code points are fine in a
    // resourcepart, fewer in a localpart, fewer still in a domain label.
    assert!(
        accepted[2] > 90_000 && accepted[0] > 90_000 && accepted[1] > 40_000,
        "{accepted:?}"
    );
}

/// The audit's examples: each is a code point that Unicode 3.2 did not
/// have and that NFKC with newer data maps to assigned (even uppercase)
/// characters.
#[test]
fn unassigned_code_points_are_refused_before_normalization() {
    for (input, part, ch) in [
        // MODIFIER LETTER CAPITAL A (Unicode 4.0): was `Alice@example.com`.
        ("\u{1D2C}lice@example.com", JidPart::Localpart, '\u{1D2C}'),
        // SQUARED LATIN CAPITAL LETTER A (Unicode 6.0): was `.../A`.
        (
            "x@example.com/\u{1F130}",
            JidPart::Resourcepart,
            '\u{1F130}',
        ),
        // LATIN SUBSCRIPT SMALL LETTER A (Unicode 4.1): was `ab.com`.
        ("\u{2090}b.com", JidPart::Domainpart, '\u{2090}'),
        // GREEK CAPITAL LUNATE SIGMA SYMBOL (Unicode 4.0): was `xΣ.example`.
        ("x\u{3F9}.example", JidPart::Domainpart, '\u{3F9}'),
    ] {
        let expected = Err(JidError::UnassignedCharacter { part, ch });
        assert_eq!(Jid::new(input), expected, "{input:?}");
        assert_eq!(Jid::new_without_fast_path(input), expected, "{input:?}");
    }
}
