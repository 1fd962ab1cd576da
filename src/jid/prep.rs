//! Preparation (normalization and validation) of the three JID parts.
//!
//! - localpart: stringprep Nodeprep ([RFC 6122 Appendix A]);
//! - domainpart: IPv6 literal in brackets kept as it is, or a domain name
//!   ([RFC 6122 §2.2]): label separators `。．｡` mapped to `.`, one trailing
//!   dot removed, then per label Nameprep ([RFC 3491]), the checks of
//!   IDNA2003 ToASCII with the STD3 host name rules (ASCII letters, digits
//!   and hyphens only, no hyphen first or last, at most 63 octets in ASCII
//!   form) and ACE labels converted to U-labels where ToUnicode can
//!   ([RFC 3490 §4.2]), kept otherwise;
//! - resourcepart: stringprep Resourceprep ([RFC 6122 Appendix B]).
//!
//! Code points unassigned in Unicode 3.2 are refused in the input of every
//! part, before the `stringprep` crate normalizes it (see
//! [`refuse_unassigned`]).
//!
//! Each part has a fast path for ASCII input that only *accepts*: it copies
//! the part (lowercased where the profile case-folds) when the slow path
//! would give the same text, and hands anything else (non-ASCII, prohibited
//! characters, empty labels, `xn--` labels, too long parts or labels) to
//! the slow path, which therefore alone produces every error. So both paths
//! give the same results by construction; `tests/jid_props.rs` checks it on
//! random input.
//!
//! [RFC 3490 §4.2]: https://www.rfc-editor.org/rfc/rfc3490#section-4.2
//! [RFC 3491]: https://www.rfc-editor.org/rfc/rfc3491
//! [RFC 6122 §2.2]: https://www.rfc-editor.org/rfc/rfc6122#section-2.2
//! [RFC 6122 Appendix A]: https://www.rfc-editor.org/rfc/rfc6122#appendix-A
//! [RFC 6122 Appendix B]: https://www.rfc-editor.org/rfc/rfc6122#appendix-B

use std::net::Ipv6Addr;

use super::error::{JidError, JidPart, excerpt};

/// The longest a part may be, in bytes after preparation
/// ([RFC 7622 §3.1](https://www.rfc-editor.org/rfc/rfc7622#section-3.1)).
pub(crate) const MAX_PART_LEN: usize = 1023;

/// Which preparation code to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Path {
    /// The ASCII fast path where it applies, else the full one.
    Auto,
    /// Always the full (Unicode) preparation; for tests of the fast path.
    Slow,
}

/// Appends the prepared localpart `raw` to `out`.
pub(crate) fn push_node(raw: &str, out: &mut String, path: Path) -> Result<(), JidError> {
    if path == Path::Auto && node_fast(raw, out) {
        return Ok(());
    }
    refuse_unassigned(JidPart::Localpart, raw)?;
    let prepped =
        stringprep::nodeprep(raw).map_err(|e| stringprep_error(JidPart::Localpart, &e))?;
    check_len(JidPart::Localpart, prepped.len())?;
    out.push_str(&prepped);
    Ok(())
}

/// Appends the prepared resourcepart `raw` to `out`.
pub(crate) fn push_resource(raw: &str, out: &mut String, path: Path) -> Result<(), JidError> {
    if path == Path::Auto && resource_fast(raw, out) {
        return Ok(());
    }
    refuse_unassigned(JidPart::Resourcepart, raw)?;
    let prepped =
        stringprep::resourceprep(raw).map_err(|e| stringprep_error(JidPart::Resourcepart, &e))?;
    check_len(JidPart::Resourcepart, prepped.len())?;
    out.push_str(&prepped);
    Ok(())
}

/// Appends the prepared domainpart `raw` to `out`.
pub(crate) fn push_domain(raw: &str, out: &mut String, path: Path) -> Result<(), JidError> {
    if path == Path::Auto && domain_fast(raw, out) {
        return Ok(());
    }
    domain_slow(raw, out)
}

/// The prepared JID `s`, whose localpart (if any), domainpart and
/// resourcepart (if any) are `node`, `domain` and `resource`, when every
/// part is accepted by its ASCII fast path and preparation changes nothing
/// but ASCII case (so the separators stay where they are in `s`); otherwise
/// `None`, and the caller prepares the parts one by one.
///
/// This is the hot path for JIDs as they come on the wire: one check per
/// part with no copy, then one allocation of exactly `s.len()` bytes.
pub(crate) fn jid_fast(
    s: &str,
    node: Option<&str>,
    domain: &str,
    resource: Option<&str>,
) -> Option<Box<str>> {
    let mut upper = 0;
    if let Some(node) = node {
        upper |= node_classes(node)?;
    }
    upper |= domain_classes(domain)?;
    if let Some(resource) = resource
        && !resource_ok(resource)
    {
        return None;
    }
    let mut out = Box::<str>::from(s);
    if upper != 0 {
        let bare_end = s.len() - resource.map_or(0, |r| r.len() + 1);
        if let Some(bare) = out.get_mut(..bare_end) {
            bare.make_ascii_lowercase();
        }
    }
    Some(out)
}

// Byte classes for the fast paths. A part is accepted by a fast path when the
// OR of its bytes' classes has no BAD bit.
const OK: u8 = 0;
const UPPER: u8 = 1;
const BAD: u8 = 2;
/// A domain label separator or hyphen: two in a row, or one first or last,
/// is left to the slow path.
const SEP: u8 = 4;

/// Localpart bytes: printable ASCII except space and `"&'/:<>@`
/// (Nodeprep's prohibited ASCII), uppercase to fold.
static NODE_CLASS: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut b = 0x21;
    while b < 0x7f {
        t[b] = match b as u8 {
            b'"' | b'&' | b'\'' | b'/' | b':' | b'<' | b'>' | b'@' => BAD,
            b'A'..=b'Z' => UPPER,
            _ => OK,
        };
        b += 1;
    }
    t
};

/// Domain name bytes: lowercase letters and digits, with hyphens and dots
/// flagged for the label checks, uppercase to fold.
static DOMAIN_CLASS: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => OK,
            b'A'..=b'Z' => UPPER,
            b'-' | b'.' => SEP,
            _ => BAD,
        };
        b += 1;
    }
    t
};

/// The UPPER bit if the localpart `raw` is non-empty, short enough and
/// ASCII with no character Nodeprep prohibits (then Nodeprep is ASCII case
/// folding) and has uppercase letters, 0 if it has none; `None` otherwise.
fn node_classes(raw: &str) -> Option<u8> {
    if raw.is_empty() || raw.len() > MAX_PART_LEN {
        return None;
    }
    let acc = raw
        .bytes()
        .fold(0, |acc, b| acc | NODE_CLASS[usize::from(b)]);
    (acc & BAD == 0).then_some(acc & UPPER)
}

/// True if the resourcepart `raw` is non-empty, short enough and printable
/// ASCII (which Resourceprep leaves as it is).
fn resource_ok(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= MAX_PART_LEN
        && raw
            .bytes()
            .fold(true, |ok, b| ok & (b.wrapping_sub(0x20) < 0x5f))
}

/// The UPPER bit (or 0) if the domain name `name` (with no final dot
/// removed) is ASCII letters, digits, hyphens and dots forming non-empty
/// labels of at most 63 bytes that neither start nor end with a hyphen nor
/// contain `--` (`xn--` needs Punycode decoding; the other `--` labels are
/// left to the slow path too), and is short enough; `None` otherwise.
///
/// One branch-free pass over the bytes: this is the hot path. Label
/// lengths are only looked at in names longer than one label may be.
fn domain_classes(name: &str) -> Option<u8> {
    if name.is_empty() || name.len() > MAX_PART_LEN {
        return None;
    }
    let mut acc = 0;
    // Two SEP bytes in a row, or a SEP first (prev starts as SEP) or last.
    let mut pairs = 0;
    let mut prev = SEP;
    for &c in name.as_bytes() {
        let class = DOMAIN_CLASS[usize::from(c)];
        acc |= class;
        pairs |= prev & class;
        prev = class;
    }
    if (acc & BAD) | ((pairs | prev) & SEP) != 0 {
        return None;
    }
    if name.len() > MAX_LABEL_LEN && name.split('.').any(|l| l.len() > MAX_LABEL_LEN) {
        return None;
    }
    Some(acc & UPPER)
}

/// Appends `raw` lowercased if [`node_classes`] accepts it; otherwise
/// returns false and appends nothing.
fn node_fast(raw: &str, out: &mut String) -> bool {
    match node_classes(raw) {
        Some(upper) => {
            push_lowercased(raw, out, upper != 0);
            true
        }
        None => false,
    }
}

/// Appends `raw` if [`resource_ok`]; otherwise returns false.
fn resource_fast(raw: &str, out: &mut String) -> bool {
    let ok = resource_ok(raw);
    if ok {
        out.push_str(raw);
    }
    ok
}

/// Appends the lowercased domain name `raw` (minus one trailing dot) if
/// [`domain_classes`] accepts it; otherwise returns false.
fn domain_fast(raw: &str, out: &mut String) -> bool {
    let name = raw.strip_suffix('.').unwrap_or(raw);
    match domain_classes(name) {
        Some(upper) => {
            push_lowercased(name, out, upper != 0);
            true
        }
        None => false,
    }
}

fn push_lowercased(raw: &str, out: &mut String, has_upper: bool) {
    let start = out.len();
    out.push_str(raw);
    if has_upper && let Some(tail) = out.get_mut(start..) {
        tail.make_ascii_lowercase();
    }
}

/// The full domainpart preparation.
fn domain_slow(raw: &str, out: &mut String) -> Result<(), JidError> {
    if raw.starts_with('[') {
        let literal = raw
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .filter(|inner| inner.parse::<Ipv6Addr>().is_ok());
        return match literal {
            Some(_) => {
                out.push_str(raw);
                Ok(())
            }
            None => Err(JidError::InvalidIpv6 {
                literal: excerpt(raw),
            }),
        };
    }
    let mapped;
    let mut name = raw;
    if name.contains(LABEL_SEPARATORS) {
        mapped = name.replace(LABEL_SEPARATORS, ".");
        name = &mapped;
    }
    // RFC 7622 §3.2: one final dot (the DNS root) is removed.
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return Err(JidError::Empty(JidPart::Domainpart));
    }
    let start = out.len();
    for (i, label) in name.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_label(label, out)?;
        if out.len() - start > MAX_PART_LEN {
            break;
        }
    }
    check_len(JidPart::Domainpart, out.len() - start)
}

/// IDNA2003 (RFC 3490 §3.1) label separators besides `.`: ideographic,
/// fullwidth and halfwidth ideographic full stops.
const LABEL_SEPARATORS: [char; 3] = ['\u{3002}', '\u{FF0E}', '\u{FF61}'];

/// Appends one prepared domain label: Nameprep, then the checks of IDNA2003
/// ToASCII with UseSTD3ASCIIRules ([RFC 3490 §4.1]), which [RFC 6122 §2.2]
/// requires to succeed, and for an ACE label (`xn--…`) ToUnicode
/// ([RFC 3490 §4.2]).
///
/// The label kept is the U-label for non-ASCII input, and for an ACE label
/// the U-label it stands for when ToUnicode succeeds, else the ACE label
/// itself (lowercased). Two labels IDNA2003 considers the same (equal ToASCII
/// forms, compared without case, RFC 3490 §3.1 requirement 4) thus give the
/// same text, and different ones different text.
///
/// [RFC 3490 §4.1]: https://www.rfc-editor.org/rfc/rfc3490#section-4.1
/// [RFC 3490 §4.2]: https://www.rfc-editor.org/rfc/rfc3490#section-4.2
/// [RFC 6122 §2.2]: https://www.rfc-editor.org/rfc/rfc6122#section-2.2
fn push_label(label: &str, out: &mut String) -> Result<(), JidError> {
    if label.is_empty() {
        return Err(JidError::EmptyLabel);
    }
    refuse_unassigned(JidPart::Domainpart, label)?;
    let prepped =
        stringprep::nameprep(label).map_err(|e| stringprep_error(JidPart::Domainpart, &e))?;
    if prepped.is_empty() {
        return Err(JidError::EmptyLabel);
    }
    check_std3(&prepped)?;
    let is_ace = has_ace_prefix(&prepped);
    if !prepped.is_ascii() {
        // ToASCII step 6: a label that needs encoding must not already
        // look encoded.
        if is_ace {
            return Err(JidError::InvalidALabel {
                label: excerpt(&prepped),
            });
        }
        // ToASCII step 8, on the ACE form this label stands for.
        if ace_len(&prepped) > MAX_LABEL_LEN {
            return Err(JidError::LabelTooLong {
                label: excerpt(&prepped),
            });
        }
        out.push_str(&prepped);
        return Ok(());
    }
    // ToASCII step 8 (an ASCII label is its own ACE form). This also bounds
    // the Punycode decoder's work below.
    if prepped.len() > MAX_LABEL_LEN {
        return Err(JidError::LabelTooLong {
            label: excerpt(&prepped),
        });
    }
    match is_ace.then(|| to_unicode(&prepped)).flatten() {
        Some(u_label) => out.push_str(&u_label),
        // ToUnicode "never fails": when the label does not decode, or does
        // not decode to a label that ToASCII turns back into it, the label
        // is kept as it is (RFC 3490 §4.2). `xn--fa-hia` (Punycode for
        // `faß`, which Nameprep maps to `fass`) therefore stays
        // `xn--fa-hia`, another domain than `faß` under IDNA2003, and so
        // does `xn--ls8h` (an emoji unassigned in Unicode 3.2). A label
        // whose Punycode does not even decode (`xn--a`) is a valid
        // letter-digit-hyphen label all the same, and ToASCII accepts it,
        // which is all RFC 6122 §2.2 asks; Prosody and ejabberd (Nameprep
        // only, no ACE decoding) keep all of these as they are too.
        None => out.push_str(&prepped),
    }
    Ok(())
}

/// The longest a domain label may be in its ACE (ASCII) form: 63 octets, as
/// IDNA2003 ToASCII requires ([RFC 3490 §4.1 step 8]) and DNS allows.
///
/// [RFC 3490 §4.1 step 8]: https://www.rfc-editor.org/rfc/rfc3490#section-4.1
const MAX_LABEL_LEN: usize = 63;

/// The ACE prefix, compared without case ([RFC 3490 §5](https://www.rfc-editor.org/rfc/rfc3490#section-5)).
fn has_ace_prefix(label: &str) -> bool {
    label
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
}

/// Refuses the first code point of `raw` that is unassigned in Unicode 3.2
/// (RFC 3454 Table A.1), as stored strings require ([RFC 3454 §7]); see
/// [`first_unassigned`].
///
/// [RFC 3454 §7]: https://www.rfc-editor.org/rfc/rfc3454#section-7
fn refuse_unassigned(part: JidPart, raw: &str) -> Result<(), JidError> {
    match first_unassigned(raw) {
        Some(ch) => Err(JidError::UnassignedCharacter { part, ch }),
        None => Ok(()),
    }
}

/// The first code point of `raw` that is unassigned in Unicode 3.2 (RFC
/// 3454 Table A.1), which a stored string must not contain ([RFC 3454 §7]);
/// every stringprep profile used on stored strings checks its input with
/// this (JIDs here, SASLprep in `crate::sasl::saslprep`).
///
/// This looks at the input, before any mapping or normalization. The
/// `stringprep` crate checks only its output, after an NFKC with newer
/// Unicode data that maps many such code points to assigned ones (U+1D2C
/// MODIFIER LETTER CAPITAL A to an uppercase `A` in a case-folded
/// localpart, which would then not re-parse to itself). NFKC as of Unicode
/// 3.2, which RFC 3454 §4 specifies (and libidn implements), leaves them
/// unchanged for the final Table A.1 check to find. The mappings (Tables
/// B.1 and B.2; SASLprep's C.1.2 to SPACE) neither remove nor produce
/// unassigned code points, so
/// checking the input refuses the same strings as stringprep with Unicode
/// 3.2 data.
///
/// [RFC 3454 §7]: https://www.rfc-editor.org/rfc/rfc3454#section-7
pub(crate) fn first_unassigned(raw: &str) -> Option<char> {
    raw.chars()
        .find(|&c| stringprep::tables::unassigned_code_point(c))
}

/// The STD3 host name rules on a prepared label (RFC 3490 §4.1 step 3,
/// UseSTD3ASCIIRules): its ASCII characters are letters, digits and
/// hyphens, and it neither starts nor ends with a hyphen. Also refused: a
/// label separator, which Nameprep makes from some compatibility characters
/// (U+FE12 to U+3002), as such a domain would read back as other labels
/// (RFC 3490 §3.1 splits first).
fn check_std3(label: &str) -> Result<(), JidError> {
    if let Some(ch) = label.chars().find(|c| {
        (c.is_ascii() && !matches!(c, 'a'..='z' | '0'..='9' | '-')) || LABEL_SEPARATORS.contains(c)
    }) {
        return Err(JidError::ProhibitedCharacter {
            part: JidPart::Domainpart,
            ch,
        });
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(JidError::LabelHyphen {
            label: excerpt(label),
        });
    }
    Ok(())
}

/// The length in octets of the ACE form (`xn--` and the Punycode) of the
/// prepared non-ASCII label `u_label`, or a lower bound of it when that is
/// already more than [`MAX_LABEL_LEN`].
fn ace_len(u_label: &str) -> usize {
    // Punycode spends at least one octet per code point, so a label of
    // more than 59 code points cannot fit, and is not encoded.
    let chars = u_label.chars().count();
    if chars > MAX_LABEL_LEN - 4 {
        return 4 + chars;
    }
    // Encoding fails only on overflow, which needs far longer input.
    idna::punycode::encode_str(u_label).map_or(usize::MAX, |p| 4 + p.len())
}

/// IDNA2003 ToUnicode ([RFC 3490 §4.2]) of the prepared ACE label `ace`
/// (`xn--…`, lowercase letter-digit-hyphen, at most 63 octets): the U-label
/// when its Punycode decodes to a label that ToASCII with UseSTD3ASCIIRules,
/// for a stored string, turns back into `ace` (step 7); `None` when any
/// step fails, and the caller keeps `ace`, as ToUnicode returns its input.
///
/// ToASCII of the decoded label succeeds and gives `ace` exactly when the
/// label is non-ASCII (else ToASCII leaves it as it is), has no code point
/// unassigned in Unicode 3.2, is its own Nameprep, follows the STD3 rules,
/// does not start with `xn--` (ToASCII step 6) and encodes to the same
/// Punycode.
///
/// [RFC 3490 §4.2]: https://www.rfc-editor.org/rfc/rfc3490#section-4.2
fn to_unicode(ace: &str) -> Option<String> {
    let puny = ace.get(4..)?;
    let decoded = idna::punycode::decode_to_string(puny)?;
    let round_trips = !decoded.is_ascii()
        && refuse_unassigned(JidPart::Domainpart, &decoded).is_ok()
        && stringprep::nameprep(&decoded).is_ok_and(|p| p == decoded)
        && check_std3(&decoded).is_ok()
        && !has_ace_prefix(&decoded)
        && idna::punycode::encode_str(&decoded).as_deref() == Some(puny);
    round_trips.then_some(decoded)
}

fn check_len(part: JidPart, len: usize) -> Result<(), JidError> {
    if len == 0 {
        Err(JidError::Empty(part))
    } else if len > MAX_PART_LEN {
        Err(JidError::TooLong { part, len })
    } else {
        Ok(())
    }
}

/// Turns a `stringprep` error (an opaque type whose message names the
/// problem) into a [`JidError`].
fn stringprep_error(part: JidPart, e: &stringprep::Error) -> JidError {
    let msg = e.to_string();
    let ch = msg
        .strip_prefix("prohibited character `")
        .and_then(|r| r.strip_suffix('`'))
        .and_then(|c| {
            let mut chars = c.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => Some(ch),
                _ => None,
            }
        });
    match ch {
        Some(ch) if stringprep::tables::unassigned_code_point(ch) => {
            JidError::UnassignedCharacter { part, ch }
        }
        Some(ch) => JidError::ProhibitedCharacter { part, ch },
        None if msg == "prohibited bidirectional text" => JidError::Bidi(part),
        None => JidError::Stringprep { part, reason: msg },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        f: fn(&str, &mut String, Path) -> Result<(), JidError>,
        raw: &str,
        path: Path,
    ) -> Result<String, JidError> {
        let mut out = String::new();
        f(raw, &mut out, path).map(|()| out)
    }

    #[test]
    fn fast_paths_accept_only_what_the_slow_path_accepts_identically() {
        type Fast = fn(&str, &mut String) -> bool;
        type Full = fn(&str, &mut String, Path) -> Result<(), JidError>;
        let cases: &[(Fast, Full, &str)] = &[
            (node_fast, push_node, "juliet"),
            (node_fast, push_node, "JuLiEt"),
            (node_fast, push_node, "a~b_c.d#e$f%g"),
            (resource_fast, push_resource, "Balcony Phone/2"),
            (domain_fast, push_domain, "Example.COM."),
            (domain_fast, push_domain, "a-b.c-d"),
            (domain_fast, push_domain, "127.0.0.1"),
            (domain_fast, push_domain, &format!("{}.Com", "a".repeat(63))),
        ];
        for (fast, full, raw) in cases {
            let mut out = String::new();
            assert!(fast(raw, &mut out), "{raw}");
            assert_eq!(Ok(out), run(*full, raw, Path::Slow), "{raw}");
        }
    }

    #[test]
    fn fast_paths_defer_to_the_slow_path() {
        let mut out = String::new();
        for raw in ["", "a b", "é", "a@b", "a\u{7f}"] {
            assert!(!node_fast(raw, &mut out), "{raw:?}");
        }
        for raw in ["", "tab\t", "ü", &"r".repeat(1024)] {
            assert!(!resource_fast(raw, &mut out), "{raw:?}");
        }
        for raw in [
            "",
            ".",
            "..",
            "a..",
            "a..b",
            "-a",
            "a-",
            "a.-b",
            "a-.b",
            "a.b-",
            "ab--c",
            "xn--bcher-kva",
            "XN--x",
            "[::1]",
            "a_b",
            &"a".repeat(64),
            &format!("example.{}.com", "a".repeat(64)),
        ] {
            assert!(!domain_fast(raw, &mut out), "{raw:?}");
        }
        assert!(out.is_empty());
    }

    #[test]
    fn a_labels_become_u_labels() {
        for raw in [
            "xn--bcher-kva.example",
            "XN--BCHER-KVA.example",
            "Xn--Bcher-Kva.Example.",
            "bücher.example",
            "BÜCHER.example",
        ] {
            assert_eq!(
                run(push_domain, raw, Path::Auto).as_deref(),
                Ok("bücher.example"),
                "{raw}"
            );
        }
    }

    /// RFC 3490 §4.2: ToUnicode never fails; an ACE label it cannot turn
    /// into a U-label that ToASCII turns back into the same label is kept,
    /// lowercased (these were refused as invalid A-labels).
    #[test]
    fn a_labels_that_do_not_round_trip_are_kept() {
        for (raw, kept) in [
            // `faß`, `straße`, `βόλος`: Nameprep maps ß to ss and ς to σ.
            ("xn--fa-hia.de", "xn--fa-hia.de"),
            ("XN--FA-HIA.DE", "xn--fa-hia.de"),
            ("xn--strae-oqa.de", "xn--strae-oqa.de"),
            ("xn--nxasmm1c.com", "xn--nxasmm1c.com"),
            // With a ZWJ or ZWNJ, which Nameprep maps to nothing.
            ("xn--10cl1a0b660p.com", "xn--10cl1a0b660p.com"),
            ("xn--mgba3gch31f060k.com", "xn--mgba3gch31f060k.com"),
            // U+1F4A9, unassigned in Unicode 3.2.
            ("xn--ls8h.la", "xn--ls8h.la"),
            // Punycode that does not decode: still a valid LDH label.
            ("xn--a.example", "xn--a.example"),
            ("xn--abc", "xn--abc"),
        ] {
            assert_eq!(
                run(push_domain, raw, Path::Auto).as_deref(),
                Ok(kept),
                "{raw}"
            );
            assert_eq!(
                run(push_domain, kept, Path::Slow).as_deref(),
                Ok(kept),
                "{kept}"
            );
        }
        // `faß.de` is Nameprep'd to `fass.de`: under IDNA2003 another
        // domain than `xn--fa-hia.de` (their ToASCII forms differ).
        assert_eq!(
            run(push_domain, "faß.de", Path::Auto).as_deref(),
            Ok("fass.de")
        );
    }

    /// Labels that ToASCII refuses (RFC 3490 §4.1 steps 3, 6 and 8).
    #[test]
    fn labels_that_to_ascii_refuses() {
        let hyphen = |label: &str| JidError::LabelHyphen {
            label: label.into(),
        };
        for (raw, err) in [
            ("xn--", hyphen("xn--")),
            ("xn--bcher-kva-", hyphen("xn--bcher-kva-")),
            (
                "xn--ü.example",
                JidError::InvalidALabel {
                    label: "xn--ü".into(),
                },
            ),
            (
                "XN--Ü",
                JidError::InvalidALabel {
                    label: "xn--ü".into(),
                },
            ),
            (
                "xn--a_b",
                JidError::ProhibitedCharacter {
                    part: JidPart::Domainpart,
                    ch: '_',
                },
            ),
            (
                &"a".repeat(64),
                JidError::LabelTooLong {
                    label: "a".repeat(64),
                },
            ),
        ] {
            assert_eq!(run(push_domain, raw, Path::Auto), Err(err.clone()), "{raw}");
            assert_eq!(run(push_domain, raw, Path::Slow), Err(err), "{raw}");
        }
    }

    #[test]
    fn stringprep_errors_are_classified() {
        assert_eq!(
            run(push_node, "a b", Path::Auto),
            Err(JidError::ProhibitedCharacter {
                part: JidPart::Localpart,
                ch: ' '
            })
        );
        assert_eq!(
            run(push_node, "`a b", Path::Slow),
            Err(JidError::ProhibitedCharacter {
                part: JidPart::Localpart,
                ch: ' '
            })
        );
        assert_eq!(
            run(push_resource, "x\u{1F600}", Path::Auto),
            Err(JidError::UnassignedCharacter {
                part: JidPart::Resourcepart,
                ch: '\u{1F600}'
            })
        );
        assert_eq!(
            run(push_resource, "\u{5D0}a", Path::Auto),
            Err(JidError::Bidi(JidPart::Resourcepart))
        );
    }
}
