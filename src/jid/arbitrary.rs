//! `arbitrary` support (feature `arbitrary`): valid, normalized JIDs built
//! from fuzzer bytes, mixing ASCII, case, Unicode and IDN labels.

use arbitrary::{Arbitrary, Result, Unstructured};

use super::{BareJid, FullJid, Jid};

/// Characters drawn for localparts: ASCII, case, folding and NFKC material.
const NODE_CHARS: &[char] = &[
    'a', 'b', 'c', 'x', 'y', 'z', 'J', 'Q', '0', '7', '.', '-', '_', '+', '!', '\\', '%', 'é', 'É',
    'ß', 'Σ', 'σ', 'ς', 'π', 'И', 'Å', 'ﬁ', 'Ⅳ', '♚', '中', '\u{AD}', '\u{301}', 'ｗ',
];
/// Characters drawn for domain labels.
const LABEL_CHARS: &[char] = &[
    'a', 'e', 'm', 'o', 'x', 'z', 'C', 'M', '1', '9', '-', 'ü', 'Ü', 'ß', 'ж', 'ä', '中', '例',
];
/// Whole labels that exercise the IDNA conversions.
const LABELS: &[&str] = &[
    "xn--bcher-kva",
    "XN--BCHER-KVA",
    "xn--fa-hia",
    "com",
    "example",
    "127",
    "lit",
];
/// Characters drawn for resourceparts.
const RESOURCE_CHARS: &[char] = &[
    'a', 'B', 'c', ' ', '/', '@', '.', ':', '"', '<', '#', 'é', 'Σ', 'ﬁ', '♚', '中', '\u{A0}',
];

fn text(u: &mut Unstructured<'_>, pool: &[char], max: usize) -> Result<String> {
    let len = u.int_in_range(1..=max)?;
    (0..len).map(|_| u.choose(pool).copied()).collect()
}

fn domain(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 16)? {
        return Ok(u
            .choose(&["[::1]", "[2001:db8::7]", "192.0.2.1"])?
            .to_string());
    }
    let labels = u.int_in_range(1..=3)?;
    let mut d = String::new();
    for i in 0..labels {
        if i > 0 {
            d.push('.');
        }
        if u.ratio(1, 4)? {
            d.push_str(u.choose(LABELS)?);
        } else {
            d.push_str(&text(u, LABEL_CHARS, 10)?);
        }
    }
    if u.ratio(1, 8)? {
        d.push('.');
    }
    Ok(d)
}

/// A JID that is always valid: the drawn one, or a plain ASCII one built
/// from the same bytes when the drawn parts do not prepare.
fn jid(u: &mut Unstructured<'_>, with_resource: Option<bool>) -> Result<Jid> {
    let node = if u.arbitrary()? {
        Some(text(u, NODE_CHARS, 12)?)
    } else {
        None
    };
    let domain = domain(u)?;
    let has_resource = match with_resource {
        Some(r) => r,
        None => u.arbitrary()?,
    };
    let resource = if has_resource {
        Some(text(u, RESOURCE_CHARS, 16)?)
    } else {
        None
    };
    if let Ok(jid) = Jid::from_parts(node.as_deref(), &domain, resource.as_deref()) {
        return Ok(jid);
    }
    let plain = |s: &str, default: &str| {
        let p: String = s
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if p.is_empty() { default.to_owned() } else { p }
    };
    Jid::from_parts(
        node.as_deref().map(|n| plain(n, "node")).as_deref(),
        &plain(&domain, "example"),
        resource.as_deref().map(|r| plain(r, "res")).as_deref(),
    )
    .map_err(|_| arbitrary::Error::IncorrectFormat)
}

impl<'a> Arbitrary<'a> for Jid {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Jid> {
        jid(u, None)
    }
}

impl<'a> Arbitrary<'a> for BareJid {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<BareJid> {
        Ok(jid(u, Some(false))?.into_bare())
    }
}

impl<'a> Arbitrary<'a> for FullJid {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<FullJid> {
        FullJid::try_from(jid(u, Some(true))?).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produces_valid_normalized_jids() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let bytes: Vec<u8> = (0..20_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed.to_le_bytes()[0]
            })
            .collect();
        let mut u = Unstructured::new(&bytes);
        let mut non_ascii = 0;
        for _ in 0..200 {
            let Ok(j) = Jid::arbitrary(&mut u) else { break };
            assert_eq!(Jid::new(j.as_str()).as_ref(), Ok(&j));
            non_ascii += usize::from(!j.as_str().is_ascii());
            let Ok(f) = FullJid::arbitrary(&mut u) else {
                break;
            };
            assert!(f.as_jid().is_full());
            let Ok(b) = BareJid::arbitrary(&mut u) else {
                break;
            };
            assert!(b.as_jid().is_bare());
        }
        assert!(non_ascii > 0);
    }
}
