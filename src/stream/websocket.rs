//! WebSocket framing (RFC 7395). STUB.
use super::{Limits, StreamError, StreamHeader};
use crate::xml::{ByteStr, Element};

/// One WebSocket text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WsFrame {
    /// `<open/>`.
    Open(StreamHeader),
    /// `<close/>`.
    Close {
        /// `see-other-uri`.
        see_other_uri: Option<ByteStr>,
    },
    /// Any other element.
    Element(Element),
}

impl WsFrame {
    /// Parses one message.
    pub fn parse(msg: &[u8], limits: &Limits) -> Result<WsFrame, StreamError> {
        let _ = (msg, limits);
        Err(StreamError::Incomplete { offset: 0 })
    }
}
