//! Incremental XML stream framing (RFC 6120 §4, §11). PLACEHOLDER: the
//! parser arrives with the stream implementation.

/// Why the XML stream was not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The input was not well-formed XML.
    #[error("not well-formed at byte {offset}")]
    NotWellFormed {
        /// Byte offset in the stream.
        offset: u64,
    },
}

/// Bounds on what a peer can make the parser hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest stanza, in bytes.
    pub max_stanza_bytes: usize,
}
