//! Typed stanzas and stream-level elements, converted to and from
//! [`xml::Element`](crate::xml::Element).
//!
//! - [`Stanza`] = [`Message`] | [`Presence`] | [`Iq`]
//!   ([RFC 6120 §8](https://www.rfc-editor.org/rfc/rfc6120#section-8),
//!   [RFC 6121 §4–5](https://www.rfc-editor.org/rfc/rfc6121#section-4)),
//!   with [`StanzaError`] (§8.3).
//! - [`StreamErrorElement`] (`<stream:error/>`,
//!   [RFC 6120 §4.9](https://www.rfc-editor.org/rfc/rfc6120#section-4.9)).
//! - Stream negotiation: [`StreamFeatures`] (§4.3.2), STARTTLS (§5),
//!   SASL (§6), resource binding (§7), the legacy session (RFC 3921 §3).
//! - The roster ([RFC 6121 §2](https://www.rfc-editor.org/rfc/rfc6121#section-2)).
//!
//! Every model implements `TryFrom<Element>` (with a precise
//! [`StanzaParseError`]) and `From<Model> for Element`. Parsing takes the
//! element by value and moves its strings and children into the model.
//!
//! ## Round trips
//!
//! Unknown attributes, payloads and namespaces are kept and written back,
//! so any stanza round-trips to an equivalent tree. Extension payloads are
//! kept as elements ([`Message::payloads`], …); everything else a model
//! does not read is kept in its [`Unknown`]: attributes it does not define,
//! and what the children it types hold besides their values (an attribute
//! on a `<body/>`, a child inside the `<bind/>` feature), by position. A
//! value read in one of several lexical forms (a roster `approved='1'`, a
//! `<priority> 5 </priority>`, line-wrapped SASL base64) is written back as
//! read while it is unchanged. Lexical forms take no part in equality.
//!
//! "Equivalent" means the same elements, attributes and text, except that
//! attribute order may change, typed children are written in the
//! specification's order before kept ones (siblings of the same name keep
//! their order), and whitespace-only text between child elements is not
//! kept. `tests/stanza_roundtrip_props.rs` checks this on every RFC 6120,
//! RFC 6121 and XEP example with unknown attributes and children inserted
//! at random, anywhere but directly inside an `<iq/>` (whose payload count
//! RFC 6120 fixes).
//!
//! ## Strict and lenient
//!
//! Parsing is strict where the RFCs are: an `iq` needs `id` and `type`, a
//! `get`/`set` exactly one payload and a `result` at most one; presence
//! `type` and `priority` must have defined values; two texts in the
//! same language (their own `xml:lang`, or the one they inherit from the
//! stanza or the stream), a repeated `thread`/`show`/`priority`, a stanza
//! error with neither a condition element nor a legacy `code`, an invalid
//! JID and invalid base64 are errors.
//! [`StanzaParseError::condition`] gives the condition to reply with
//! (`bad-request`, or `jid-malformed` for addresses).
//!
//! It is lenient where deployed software is sloppy, each case documented on
//! the `TryFrom` impl concerned:
//! - whitespace between a stanza's children is dropped;
//! - a typed leaf (`<body/>`, `<show/>`, `<mechanism/>`, …) may hold child
//!   elements: its text is the text nodes joined, the elements are kept;
//! - a message `type` that is missing or unknown means `normal` (RFC 6121
//!   §5.2.2), and an unknown value is kept and written back;
//! - an `<error/>` without `type` gets its condition's usual type;
//! - a message or presence of type `error` without `<error/>` is accepted;
//! - whitespace around `show`, `priority`, `gone`/`redirect` URIs,
//!   `see-other-host` hosts and mechanism names is ignored; so is ASCII
//!   whitespace inside SASL base64;
//! - text directly inside a stanza `<error/>` or a `<stream:error/>` is
//!   kept and written back;
//! - a `<stream:error/>` condition that RFC 6120 does not define is read as
//!   `not-well-formed` (RFC 3920's `xml-not-well-formed`) or
//!   `undefined-condition` (any other), its name kept and written back;
//!   so is a stanza `<error/>` condition RFC 6120 does not define (as
//!   `undefined-condition`), and a legacy `<error code='404'/>` without a
//!   condition is `undefined-condition` with its `code` kept;
//! - a presence `<show/>` value RFC 6121 does not define leaves `show`
//!   unset (available) and is kept in `original_show`;
//! - roster items may carry full JIDs, and RFC 3921's `ask='unsubscribe'`
//!   (kept, `ask` is false); a SASL `<failure/>` without a
//!   defined condition is accepted (`condition` is `None`; an undefined
//!   condition element is kept with the other payloads). The conditions are
//!   [`sasl::FailureCondition`](crate::sasl::FailureCondition), shared with
//!   the SASL mechanisms.
//!
//! Stanzas can be in `jabber:client`, `jabber:server` or
//! `jabber:component:accept` ([`ContentNs`]); the namespace is kept and
//! used when writing back.
//!
//! ```
//! use xmpp_sansio::jid::Jid;
//! use xmpp_sansio::stanza::{Message, Stanza};
//! use xmpp_sansio::xml::Element;
//!
//! let to: Jid = "juliet@example.com".parse()?;
//! let el: Element = Message::chat(to).with_body("hi").into();
//! match Stanza::try_from(el)? {
//!     Stanza::Message(m) => assert_eq!(m.body(), Some("hi")),
//!     _ => unreachable!(),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bind;
mod common;
mod error;
mod features;
mod iq;
mod message;
mod parse_error;
mod presence;
mod reader;
mod roster;
mod sasl;
mod session;
#[allow(clippy::module_inception)]
mod stanza;
mod starttls;
mod stream_error;
mod unknown;

pub use bind::Bind;
pub use common::{ContentNs, LangText, Texts};
pub use error::{DefinedCondition, ErrorType, StanzaError};
pub use features::{NS_PRE_APPROVAL, NS_ROSTER_VER, SessionFeature, StreamFeatures};
pub use iq::{Iq, IqPayload, IqType};
pub use message::{Message, MessageType, Thread};
pub use parse_error::StanzaParseError;
pub use presence::{Presence, PresenceType, Show};
pub use roster::{Roster, RosterItem, Subscription};
pub use sasl::{SaslAuth, SaslData, SaslFailure, SaslMechanisms, SaslNegotiation};
pub use session::Session;
pub use stanza::Stanza;
pub use starttls::{StartTls, TlsNegotiation};
pub use stream_error::StreamErrorElement;
pub use unknown::{ChildUnknown, LexicalForms, Unknown};

// ---- XEP payload modules (owned by the `xep` branch; add `pub mod xepNNNN;` lines here) ----
pub mod xep;
// ---- end of XEP payload modules ----
