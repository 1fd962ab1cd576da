//! Preparation (normalization and validation) of the three JID parts.
//!
//! - localpart: stringprep Nodeprep ([RFC 6122 Appendix A]);
//! - domainpart: IPv6 literal in brackets kept as it is, or a domain name
//!   ([RFC 6122 §2.2]): label separators `。．｡` mapped to `.`, one trailing
//!   dot removed, then per label Nameprep ([RFC 3491]), A-labels converted
//!   to U-labels ([RFC 3490 §4.2]) and the STD3 host name rules (ASCII
//!   letters, digits and hyphens only, no hyphen first or last);
//! - resourcepart: stringprep Resourceprep ([RFC 6122 Appendix B]).
//!
//! Each part has a fast path for ASCII input that only *accepts*: it copies
//! the part (lowercased where the profile case-folds) when the slow path
//! would give the same text, and hands anything else (non-ASCII, prohibited
//! characters, empty labels, `xn--` labels, too long) to the slow path, which
//! therefore alone produces every error. So both paths give the same results
//! by construction; `tests/jid_props.rs` checks it on random input.
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

/// The longest an A-label may be (a DNS label: 63 octets,
/// [RFC 5890 §2.3.2.1](https://www.rfc-editor.org/rfc/rfc5890#section-2.3.2.1)).
/// This also bounds the Punycode decoder's work.
const MAX_A_LABEL_LEN: usize = 63;

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
/// labels that neither start nor end with a hyphen nor contain `--`
/// (`xn--` needs Punycode decoding; the other `--` labels are left to the
/// slow path too), and is short enough; `None` otherwise.
///
/// One branch-free pass over the bytes: this is the hot path.
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
    ((acc & BAD) | ((pairs | prev) & SEP) == 0).then_some(acc & UPPER)
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

/// Appends one prepared domain label.
fn push_label(label: &str, out: &mut String) -> Result<(), JidError> {
    if label.is_empty() {
        return Err(JidError::EmptyLabel);
    }
    let prepped =
        stringprep::nameprep(label).map_err(|e| stringprep_error(JidPart::Domainpart, &e))?;
    if prepped.is_empty() {
        return Err(JidError::EmptyLabel);
    }
    let is_a_label = prepped
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("xn--"));
    let u_label = if is_a_label {
        std::borrow::Cow::Owned(decode_a_label(&prepped)?)
    } else {
        prepped
    };
    // STD3 rules (RFC 3490 §4.1 step 3, UseSTD3ASCIIRules).
    if let Some(ch) = u_label
        .chars()
        .find(|c| c.is_ascii() && !matches!(c, 'a'..='z' | '0'..='9' | '-'))
    {
        return Err(JidError::ProhibitedCharacter {
            part: JidPart::Domainpart,
            ch,
        });
    }
    // A label cannot hold a label separator: Nameprep maps some
    // compatibility characters to one (U+FE12 to U+3002), and such a
    // domain would read back as other labels (RFC 3490 §3.1 splits first).
    if let Some(ch) = u_label.chars().find(|c| LABEL_SEPARATORS.contains(c)) {
        return Err(JidError::ProhibitedCharacter {
            part: JidPart::Domainpart,
            ch,
        });
    }
    if u_label.starts_with('-') || u_label.ends_with('-') {
        return Err(JidError::LabelHyphen {
            label: excerpt(&u_label),
        });
    }
    out.push_str(&u_label);
    Ok(())
}

/// Converts an A-label (`xn--…`, already lowercase) to its U-label, checking
/// that it is one ToASCII could have produced (RFC 3490 §4.2 step 7).
fn decode_a_label(label: &str) -> Result<String, JidError> {
    let invalid = || JidError::InvalidALabel {
        label: excerpt(label),
    };
    if label.len() > MAX_A_LABEL_LEN {
        return Err(invalid());
    }
    let puny = label.get(4..).ok_or_else(invalid)?;
    let decoded = idna::punycode::decode_to_string(puny).ok_or_else(invalid)?;
    let round_trips = !decoded.is_ascii()
        && !decoded.starts_with("xn--")
        && stringprep::nameprep(&decoded).is_ok_and(|p| p == decoded)
        && idna::punycode::encode_str(&decoded).as_deref() == Some(puny);
    if round_trips {
        Ok(decoded)
    } else {
        Err(invalid())
    }
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
        ] {
            assert!(!domain_fast(raw, &mut out), "{raw:?}");
        }
        assert!(out.is_empty());
    }

    #[test]
    fn a_labels_become_u_labels() {
        assert_eq!(
            run(push_domain, "xn--bcher-kva.example", Path::Auto).as_deref(),
            Ok("bücher.example")
        );
        assert_eq!(
            run(push_domain, "XN--BCHER-KVA.example", Path::Auto).as_deref(),
            Ok("bücher.example")
        );
        for bad in ["xn--", "xn--abc", "xn--a-ecp.ru", "xn--bcher-kva-"] {
            assert!(
                matches!(
                    run(push_domain, bad, Path::Auto),
                    Err(JidError::InvalidALabel { .. } | JidError::LabelHyphen { .. })
                ),
                "{bad}: {:?}",
                run(push_domain, bad, Path::Auto)
            );
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
