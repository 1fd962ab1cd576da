//! XMPP addresses (JIDs): parsing, normalization and XEP-0106 escaping.
//!
//! A JID is `[localpart@]domainpart[/resourcepart]` ([RFC 7622 §3]). Three
//! types hold one, always normalized:
//!
//! - [`Jid`]: any address;
//! - [`BareJid`]: no resourcepart (an account, a room, a server);
//! - [`FullJid`]: a resourcepart is required (a session, a room occupant).
//!
//! ```
//! use xmpp_sansio::jid::{BareJid, FullJid, Jid};
//!
//! let jid: Jid = "Romeo@Montague.LIT/Orchard".parse()?;
//! assert_eq!(jid.to_string(), "romeo@montague.lit/Orchard");
//! let full = FullJid::try_from(jid)?;
//! assert_eq!(full.to_bare(), BareJid::new("romeo@montague.lit")?);
//! # Ok::<(), xmpp_sansio::jid::JidError>(())
//! ```
//!
//! # Parsing and normalization
//!
//! The text is split at the first `/` (the resourcepart is everything after
//! it, `/` and `@` included), and what comes before at the first `@`. An
//! empty part whose separator is present is an error (`@example.com`,
//! `user@`, `example.com/`). Then each part is prepared so that two strings
//! naming the same address give the same JID, compared, hashed and ordered
//! by its normalized text:
//!
//! | part | preparation |
//! | --- | --- |
//! | localpart | stringprep Nodeprep ([RFC 6122 Appendix A]): case folded, NFKC, and spaces, controls and `"&'/:<>@` prohibited |
//! | domainpart | a bracketed IPv6 literal is kept as it is; otherwise the IDNA2003 label separators `。．｡` become `.`, one trailing dot is removed, and each label gets Nameprep ([RFC 3491]) and must pass IDNA2003 ToASCII with the STD3 rules ([RFC 3490 §4.1]: ASCII letters, digits and hyphens only, no hyphen first or last, no empty label, at most 63 octets in ASCII form); ACE labels (`xn--…`) are converted to U-labels when IDNA2003 ToUnicode can ([RFC 3490 §4.2]), else kept; IPv4 literals pass as they are |
//! | resourcepart | stringprep Resourceprep ([RFC 6122 Appendix B]): NFKC, controls prohibited, case kept |
//!
//! Each part must be 1 to 1023 bytes long after preparation. The bidi rule
//! of [RFC 3454 §6] applies to the localpart, the resourcepart and each
//! domain label. Code points unassigned in Unicode 3.2 are refused, as
//! stringprep requires for stored strings (so are emoji newer than 2002);
//! they are looked for in the input, before normalization, as libidn does
//! (the `stringprep` crate's NFKC, with newer Unicode data, would map some
//! of them to assigned characters first). Prosody by default (libidn without
//! `STRINGPREP_NO_UNASSIGNED`) lets them through unchanged.
//!
//! ## Internationalized domain labels
//!
//! Two labels are the same under IDNA2003 when their ToASCII forms are,
//! ignoring case ([RFC 3490 §3.1]), and the text kept for a label makes
//! equal labels equal text: a non-ASCII label is kept after Nameprep (its
//! U-label), and an ACE label (`xn--…`, any case) is converted to the
//! U-label it encodes when that U-label's ToASCII gives the ACE label back.
//! When it does not, ToUnicode "never fails" and returns its input, so the
//! ACE label is kept, lowercased. This happens for the labels whose
//! Punycode encodes something Nameprep changes or refuses: `xn--fa-hia`
//! (`faß`) stays `xn--fa-hia`, which is another domain than `faß.de`
//! (Nameprep maps it to `fass.de`); `xn--ls8h` (an emoji unassigned in
//! Unicode 3.2) stays too; and so does `xn--a`, whose Punycode does not
//! decode, since it is a valid letter-digit-hyphen label all the same.
//! Prosody and ejabberd, which only Nameprep domains, keep every ACE label
//! as it is.
//!
//! ASCII parts take a fast path that never runs the Unicode machinery; it
//! only accepts what the full preparation would accept, with the same
//! result, and leaves everything else (errors included) to it.
//!
//! # Stringprep, not PRECIS
//!
//! [RFC 7622] replaced the stringprep profiles of [RFC 6122] with PRECIS
//! ([RFC 8265] UsernameCaseMapped for the localpart, OpaqueString for the
//! resourcepart, IDNA2008 for the domainpart). Deployed servers (Prosody,
//! ejabberd) and the peer crate `jid` still use the RFC 6122 profiles, and
//! this module follows them, so that two addresses those servers consider
//! equal compare equal here. Where the answers differ (each case is tested
//! in `tests/jid_rfc7622.rs`):
//!
//! | input | RFC 7622 (PRECIS) | here (stringprep) |
//! | --- | --- | --- |
//! | `fußball@example.com` (§3.5.1 #7) | `fußball@example.com`, distinct from `fussball` | `fussball@example.com`: `ß` case-folds to `ss` |
//! | `ς@example.com/foo` (§3.5.1 #11) | `ς@example.com/foo` (final sigma kept) | `σ@example.com/foo`: final sigma folds to `σ` |
//! | `henriⅣ@example.com` (§3.5.2 #5) | invalid: compatibility character | `henriiv@example.com`: NFKC maps U+2163 to `IV`, folded to `iv` |
//! | `♚@example.com` (§3.5.2 #6) | invalid: symbol in a localpart | valid: Nodeprep allows symbols |
//! | `juliet@example.com/ foo` (§3.5.2 #3) | invalid (leading space; see RFC errata) | valid: Resourceprep allows spaces |
//! | emoji and other code points assigned after Unicode 3.2 | allowed in the resourcepart | refused everywhere |
//! | compatibility characters in a resourcepart (`ﬁ`, `Ⅳ`, fullwidth forms) | kept (NFC only) | mapped by NFKC (`fi`, `IV`, ASCII) |
//! | domain labels | IDNA2008 rules (`ß` kept, more symbols refused) | IDNA2003 Nameprep (`ß` → `ss`, symbols allowed) |
//! | `xn--fa-hia.de` (Punycode for `faß`) | `faß.de` (its U-label) | `xn--fa-hia.de`, kept: IDNA2003 does not round-trip it |
//! | `xn--a.example` (Punycode that does not decode) | invalid: not an A-label | `xn--a.example`, kept as a plain label |
//!
//! Both profiles limit each domain label to 63 octets in its ASCII form
//! (IDNA2003 ToASCII fails above it, and RFC 7622 §3.2 requires DNS
//! labels), and the whole domainpart to 1023 bytes. IPv6 literals are not
//! canonicalized (`[::1]` and `[0::1]` differ).
//!
//! # Escaping
//!
//! [`escape_node`] and [`unescape_node`] implement [XEP-0106] JID escaping,
//! which lets a localpart carry the characters Nodeprep refuses
//! (`d'artagnan` travels as `d\27artagnan`). Escaping is for building a
//! localpart from outside input and unescaping for display only; compare
//! JIDs, never unescaped text.
//!
//! # Cargo features
//!
//! - `serde`: the three types serialize as their normalized text and
//!   deserialize through [`Jid::new`] and friends (validated, normalized).
//! - `arbitrary`: `Arbitrary` impls that produce valid JIDs, for fuzzers.
//!
//! [RFC 3454 §6]: https://www.rfc-editor.org/rfc/rfc3454#section-6
//! [RFC 3490 §3.1]: https://www.rfc-editor.org/rfc/rfc3490#section-3.1
//! [RFC 3490 §4.1]: https://www.rfc-editor.org/rfc/rfc3490#section-4.1
//! [RFC 3490 §4.2]: https://www.rfc-editor.org/rfc/rfc3490#section-4.2
//! [RFC 3491]: https://www.rfc-editor.org/rfc/rfc3491
//! [RFC 6122]: https://www.rfc-editor.org/rfc/rfc6122
//! [RFC 6122 Appendix A]: https://www.rfc-editor.org/rfc/rfc6122#appendix-A
//! [RFC 6122 Appendix B]: https://www.rfc-editor.org/rfc/rfc6122#appendix-B
//! [RFC 7622]: https://www.rfc-editor.org/rfc/rfc7622
//! [RFC 7622 §3]: https://www.rfc-editor.org/rfc/rfc7622#section-3
//! [RFC 8265]: https://www.rfc-editor.org/rfc/rfc8265
//! [XEP-0106]: https://xmpp.org/extensions/xep-0106.html

mod address;
#[cfg(feature = "arbitrary")]
mod arbitrary;
mod error;
mod escape;
mod prep;
#[cfg(feature = "serde")]
mod serde;

pub use address::{BareJid, FullJid, Jid};
pub use error::{JidError, JidPart};
pub use escape::{escape_node, unescape_node};
pub(crate) use prep::first_unassigned;
