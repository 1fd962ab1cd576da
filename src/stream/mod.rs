//! Incremental, restricted-XML stream framing ([RFC 6120 §4], [§11]) and
//! its WebSocket binding ([RFC 7395]).
//!
//! An XMPP stream is one long XML document: a header (`<stream:stream …>`),
//! then top-level elements (stanzas and nonzas such as `<stream:features/>`),
//! then `</stream:stream>`. [`StreamParser`] takes the bytes as they arrive,
//! in pieces of any size, and gives back one [`StreamEvent`] per header,
//! complete top-level element and stream end. It accepts only the XML that
//! RFC 6120 §11.1 allows (UTF-8, no DTD, comments, processing instructions
//! or entities other than the predefined five), enforces [`Limits`] as the
//! bytes arrive, and reports the first problem as a [`StreamError`] with
//! the [`Condition`] to send the peer.
//!
//! ```
//! use xmpp_sansio::stream::{Limits, StreamEvent, StreamParser};
//! use xmpp_sansio::xml::ns;
//!
//! let mut p = StreamParser::new(Limits::default());
//! p.feed(b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
//!          xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>\
//!          <message to='juliet@example.com'><bo");
//! let Some(StreamEvent::Header(h)) = p.next_event()? else { panic!() };
//! assert_eq!(h.to.as_deref(), Some("example.com"));
//! assert_eq!(p.next_event()?, None); // the message is not complete yet
//! p.feed(b"dy>Art thou not Romeo?</body></message> </stream:stream>");
//! let Some(StreamEvent::Element(msg)) = p.next_event()? else { panic!() };
//! assert!(msg.is("message", ns::JABBER_CLIENT));
//! assert_eq!(msg.get_child("body", ns::JABBER_CLIENT).unwrap().text(), "Art thou not Romeo?");
//! assert_eq!(p.next_event()?, Some(StreamEvent::End));
//! # Ok::<(), xmpp_sansio::stream::StreamError>(())
//! ```
//!
//! [RFC 6120 §4]: https://www.rfc-editor.org/rfc/rfc6120#section-4
//! [§11]: https://www.rfc-editor.org/rfc/rfc6120#section-11
//! [RFC 7395]: https://www.rfc-editor.org/rfc/rfc7395

mod condition;
mod error;
mod header;
mod limits;
mod parser;
pub mod websocket;

pub use condition::{Condition, UnknownCondition};
pub use error::StreamError;
pub use header::{STREAM_CLOSE, StreamHeader, XML_DECLARATION};
pub use limits::Limits;
pub use parser::{StreamEvent, StreamParser};

#[cfg(test)]
mod tests;
