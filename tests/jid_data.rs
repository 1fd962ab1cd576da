//! Table-driven JID tests from data files in `tests/data/jid/`:
//! RFC 7622 §3.5 examples, XEP-0106 examples and hostile edge cases, plus
//! the length limits.
//!
//! Expected results are written `ok:<normalized>` or `err:<code>`, where the
//! code is one of `empty:<part>`, `toolong:<part>:<len>`,
//! `prohibited:<part>:U+XXXX`, `unassigned:<part>:U+XXXX`, `bidi:<part>`,
//! `emptylabel`, `labelhyphen`, `alabel`, `labeltoolong`, `ipv6`.

use std::path::Path;

use xmpp_sansio::jid::{BareJid, FullJid, Jid, JidError, escape_node, unescape_node};

/// One data line: its name (or example number), its fields after the name.
struct Row {
    file: &'static str,
    name: String,
    fields: Vec<String>,
}

/// Reads a tab-separated data file, skipping `#` comments and blank lines,
/// with `\u{XXXX}` escapes decoded.
fn rows(file: &'static str) -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/jid")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let rows: Vec<Row> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut fields = l.split('\t').map(decode_escapes);
            Row {
                file,
                name: fields.next().unwrap(),
                fields: fields.collect(),
            }
        })
        .collect();
    assert!(!rows.is_empty(), "{file} has no rows");
    rows
}

fn decode_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find("\\u{") {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 3..];
        let end = after.find('}').expect("unterminated \\u{ escape");
        let cp = u32::from_str_radix(&after[..end], 16).expect("bad hex in \\u{}");
        out.push(char::from_u32(cp).expect("not a scalar value"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn code(e: &JidError) -> String {
    match e {
        JidError::Empty(p) => format!("empty:{p}"),
        JidError::TooLong { part, len } => format!("toolong:{part}:{len}"),
        JidError::ProhibitedCharacter { part, ch } => {
            format!("prohibited:{part}:U+{:04X}", u32::from(*ch))
        }
        JidError::UnassignedCharacter { part, ch } => {
            format!("unassigned:{part}:U+{:04X}", u32::from(*ch))
        }
        JidError::Bidi(p) => format!("bidi:{p}"),
        JidError::EmptyLabel => "emptylabel".into(),
        JidError::LabelHyphen { .. } => "labelhyphen".into(),
        JidError::InvalidALabel { .. } => "alabel".into(),
        JidError::LabelTooLong { .. } => "labeltoolong".into(),
        JidError::InvalidIpv6 { .. } => "ipv6".into(),
        other => format!("other:{other:?}"),
    }
}

fn outcome(r: &Result<Jid, JidError>) -> String {
    match r {
        Ok(j) => format!("ok:{j}"),
        Err(e) => format!("err:{}", code(e)),
    }
}

/// Checks one `input → expected` row, through both paths, and that a valid
/// result is a fixed point of normalization.
fn check(row: &Row) {
    let input = &row.fields[0];
    let expected = &row.fields[1];
    let got = Jid::new(input);
    assert_eq!(
        &outcome(&got),
        expected,
        "{} {}: {input:?}",
        row.file,
        row.name
    );
    assert_eq!(
        Jid::new_without_fast_path(input),
        got,
        "{} {}: fast and slow paths differ",
        row.file,
        row.name
    );
    match got {
        Ok(jid) => {
            assert_eq!(Jid::new(jid.as_str()).as_ref(), Ok(&jid), "{}", row.name);
            assert!(!jid.to_string().is_empty());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

#[test]
fn rfc7622_3_5_1_valid_examples() {
    let rows = rows("rfc7622-3.5.1-valid.tsv");
    assert_eq!(rows.len(), 15, "RFC 7622 §3.5.1 lists 15 examples");
    rows.iter().for_each(check);
}

#[test]
fn rfc7622_3_5_2_invalid_examples() {
    let rows = rows("rfc7622-3.5.2-invalid.tsv");
    assert_eq!(rows.len(), 8, "RFC 7622 §3.5.2 lists 8 examples");
    rows.iter().for_each(check);
}

/// The stringprep/PRECIS differences listed in the module docs give equal
/// JIDs where stringprep folds.
#[test]
fn stringprep_folds_where_precis_keeps() {
    let same = |a: &str, b: &str| assert_eq!(Jid::new(a).unwrap(), Jid::new(b).unwrap());
    same("fußball@example.com", "fussball@example.com");
    same("ς@example.com/foo", "σ@example.com/foo");
    same("Σ@example.com/foo", "σ@example.com/foo");
    same("henriⅣ@example.com", "henriiv@example.com");
}

#[test]
fn edge_cases() {
    rows("edge-cases.tsv").iter().for_each(check);
}

#[test]
fn xep0106_examples() {
    for row in rows("xep0106-examples.tsv") {
        let [unescaped, escaped, domain] = &row.fields[..] else {
            panic!("{}: expected 3 fields", row.name)
        };
        assert_eq!(
            escape_node(unescaped).as_deref(),
            Ok(escaped.as_str()),
            "XEP-0106 {}: escaping",
            row.name
        );
        assert_eq!(
            unescape_node(escaped),
            unescaped.as_str(),
            "XEP-0106 {}: unescaping",
            row.name
        );
        let jid = BareJid::new(&format!("{escaped}@{domain}"))
            .unwrap_or_else(|e| panic!("XEP-0106 {}: {e}", row.name));
        assert_eq!(jid.node(), Some(escaped.to_lowercase().as_str()));
    }
}

#[test]
fn xep0106_spaces_at_the_edges_cannot_be_escaped() {
    for s in [" cadet", "cadet ", " ", "  a  "] {
        assert_eq!(escape_node(s), Err(JidError::EscapedSpaceAtEdge), "{s:?}");
    }
    assert_eq!(escape_node("a b").as_deref(), Ok(r"a\20b"));
}

/// Each part may be 1023 bytes after preparation, not 1024, whatever the
/// input length.
#[test]
fn length_limits_at_1023_and_1024_bytes() {
    let a1023 = "a".repeat(1023);
    let a1024 = "a".repeat(1024);
    let label63 = "b".repeat(63);
    // 16 labels of 63 and 15 dots = 1023 bytes; one more byte = 1024.
    let domain1023 = vec![label63.as_str(); 16].join(".");
    // Labels are at most 63 bytes: 15 of 63, one of 62 and one of 1, with
    // 16 dots, make 1024.
    let domain1024 = format!(
        "{}.{}.c",
        vec![label63.as_str(); 15].join("."),
        "b".repeat(62)
    );
    assert_eq!(domain1024.len(), 1024);
    assert_eq!(domain1023.len(), 1023);
    let ok = |s: String| {
        let j = Jid::new(&s).unwrap_or_else(|e| panic!("{}: {e}", s.len()));
        assert_eq!(Jid::new_without_fast_path(&s).as_ref(), Ok(&j));
        j
    };
    let err = |s: String| {
        let e = Jid::new(&s).unwrap_err();
        assert_eq!(Jid::new_without_fast_path(&s).unwrap_err(), e);
        code(&e)
    };
    assert_eq!(ok(format!("{a1023}@x")).node().map(str::len), Some(1023));
    assert_eq!(err(format!("{a1024}@x")), "toolong:localpart:1024");
    assert_eq!(
        ok(format!("x/{a1023}")).resource().map(str::len),
        Some(1023)
    );
    assert_eq!(err(format!("x/{a1024}")), "toolong:resourcepart:1024");
    assert_eq!(ok(domain1023.clone()).domain().len(), 1023);
    assert_eq!(ok(format!("{domain1023}.")).domain().len(), 1023);
    assert_eq!(err(domain1024), "toolong:domainpart:1024");
    // The longest JID: 1023 + 1 + 1023 + 1 + 1023 = 3071 bytes.
    let longest = ok(format!("{a1023}@{domain1023}/{a1023}"));
    assert_eq!(longest.as_str().len(), 3071);
    assert_eq!(
        FullJid::try_from(longest.clone()).unwrap().resource().len(),
        1023
    );
    // Uppercase ASCII and multi-byte input: the length counted is the
    // prepared one.
    assert!(Jid::new(&format!("{}@x", "A".repeat(1023))).is_ok());
    assert_eq!(
        err(format!("{}@x", "é".repeat(512))),
        "toolong:localpart:1024"
    );
    // e + combining acute (3 bytes) composes to é (2 bytes): 1533 bytes in,
    // 1022 out.
    let decomposed = "e\u{301}".repeat(511);
    assert_eq!(decomposed.len(), 1533);
    assert_eq!(
        ok(format!("{decomposed}@x")).node().map(str::len),
        Some(1022)
    );
    assert_eq!(
        err(format!("{}@x", "e\u{301}".repeat(512))),
        "toolong:localpart:1024"
    );
    // Soft hyphens vanish: a long input can prepare to a short part.
    let padded = format!("a{}", "\u{AD}".repeat(2000));
    assert_eq!(ok(format!("{padded}@x")).node(), Some("a"));
}

#[test]
fn idn_domains_in_unicode_and_punycode_compare_equal() {
    let forms = [
        "user@bücher.example",
        "user@BÜCHER.example",
        "user@xn--bcher-kva.example",
        "user@Xn--Bcher-Kva.Example.",
    ];
    let jids: Vec<Jid> = forms.iter().map(|f| Jid::new(f).unwrap()).collect();
    assert!(jids.windows(2).all(|w| w[0] == w[1]), "{jids:?}");
    assert_eq!(jids[0].domain(), "bücher.example");
}

/// IDNA2003 compares labels by their ToASCII forms, without case (RFC 3490
/// §3.1 requirement 4). `xn--fa-hia` (Punycode for `faß`) does not
/// round-trip, since Nameprep maps `ß` to `ss`: ToUnicode keeps it
/// (RFC 3490 §4.2), and it is a different domain from `faß`, which is
/// `fass`. Before, `xn--fa-hia` was refused as an invalid A-label.
#[test]
fn a_labels_that_do_not_round_trip_are_their_own_domain() {
    let forms = [
        "user@xn--fa-hia.example",
        "user@XN--FA-HIA.example",
        "user@Xn--Fa-Hia.Example.",
    ];
    let jids: Vec<Jid> = forms.iter().map(|f| Jid::new(f).unwrap()).collect();
    assert!(jids.windows(2).all(|w| w[0] == w[1]), "{jids:?}");
    assert_eq!(jids[0].domain(), "xn--fa-hia.example");
    let fass = Jid::new("user@faß.example").unwrap();
    assert_eq!(fass, Jid::new("user@fass.example").unwrap());
    assert_ne!(fass, jids[0]);
}

/// A domain label is at most 63 octets in its ASCII form (`xn--` and the
/// Punycode for a non-ASCII label): RFC 6122 §2.2 requires IDNA2003
/// ToASCII to succeed, and RFC 3490 §4.1 step 8 makes it fail above 63.
/// These were accepted before. The 1023-byte domainpart limit still holds
/// (see `length_limits_at_1023_and_1024_bytes`).
#[test]
fn domain_labels_are_at_most_63_octets_in_ascii_form() {
    let too_long = |s: &str| {
        let e = Jid::new(s).unwrap_err();
        assert_eq!(Jid::new_without_fast_path(s).unwrap_err(), e, "{s}");
        assert_eq!(code(&e), "labeltoolong", "{s}");
    };
    let a63 = "a".repeat(63);
    let a64 = "a".repeat(64);
    assert_eq!(
        Jid::new(&format!("{a63}.example")).unwrap().domain().len(),
        71
    );
    too_long(&format!("{a64}.example"));
    too_long(&format!("x@example.{}.com/r", a64.to_uppercase()));
    too_long(&"c".repeat(1023));
    // IP literals are not labels, and no label of an IPv4 address is long.
    assert!(Jid::new("[0000:0000:0000:0000:0000:0000:0000:0001]").is_ok());
    // Non-ASCII labels: the length of the ACE form counts.
    for n in 1..=70 {
        let label = "ü".repeat(n);
        let ace = idna::punycode::encode_str(&label).unwrap().len() + 4;
        let domain = format!("{label}.example");
        match Jid::new(&domain) {
            Ok(j) if ace <= 63 => assert_eq!(j.domain(), domain),
            Err(_) if ace > 63 => too_long(&domain),
            other => panic!("{n} × ü, ACE form {ace} octets: {other:?}"),
        }
    }
    too_long(&format!("{}.example", "ü".repeat(60)));
    // ACE labels count as they are.
    too_long(&format!("xn--{}.example", "a".repeat(60)));
}

#[test]
fn bare_and_full_constructors_check_the_resource() {
    assert_eq!(
        BareJid::new("a@b/c").unwrap_err(),
        JidError::ResourceNotAllowed
    );
    assert_eq!(FullJid::new("a@b").unwrap_err(), JidError::ResourceMissing);
    assert_eq!(
        FullJid::from_parts(Some("A"), "B.", "r/s@t")
            .unwrap()
            .as_str(),
        "a@b/r/s@t"
    );
    assert_eq!(
        BareJid::from_parts(None, "b/c").unwrap_err(),
        JidError::ProhibitedCharacter {
            part: xmpp_sansio::jid::JidPart::Domainpart,
            ch: '/'
        }
    );
    assert!(BareJid::from_parts(Some("a@b"), "c").is_err());
    assert!(BareJid::from_parts(Some(""), "c").is_err());
}

/// Nameprep (with the `stringprep` crate's newer NFKC data) maps U+FE12
/// (vertical ideographic full stop) to U+3002, a label separator: a label
/// must not end up holding one, or the JID would read back as other labels
/// (found by `jid_props`: "︒" parsed to "。", which re-parsed as an empty
/// domain). U+FE12 is unassigned in Unicode 3.2 (it came in 4.1), so it is
/// now refused as such before Nameprep (RFC 3454 §7). A label separator can
/// still come out of Punycode: such an ACE label is kept as it is, as
/// IDNA2003 ToUnicode keeps what it cannot convert (RFC 3490 §4.2).
#[test]
fn a_label_cannot_become_a_label_separator() {
    for s in ["︒", "a︒b", "x@︒", "example︒com"] {
        let err = Jid::new(s).unwrap_err();
        assert_eq!(
            err,
            JidError::UnassignedCharacter {
                part: xmpp_sansio::jid::JidPart::Domainpart,
                ch: '\u{FE12}'
            },
            "{s}"
        );
        assert_eq!(Jid::new_without_fast_path(s).unwrap_err(), err, "{s}");
    }
    // Compatibility full stops assigned in Unicode 3.2 become `.`, which
    // the STD3 rules refuse inside a label.
    for s in ["a\u{FE52}b", "a\u{2024}b"] {
        assert_eq!(
            Jid::new(s).unwrap_err(),
            JidError::ProhibitedCharacter {
                part: xmpp_sansio::jid::JidPart::Domainpart,
                ch: '.'
            },
            "{s}"
        );
    }
    let ace = format!("xn--{}", idna::punycode::encode_str("aü\u{3002}b").unwrap());
    assert_eq!(Jid::new(&ace).unwrap().as_str(), ace);
    // The separators themselves still separate labels.
    assert_eq!(Jid::new("example。com").unwrap().as_str(), "example.com");
}
