//! [`StreamParser`]: STUB (API only, being implemented).
use super::{Limits, StreamError, StreamHeader};
use crate::xml::Element;

/// One thing the stream parser recognized.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// The stream header.
    Header(StreamHeader),
    /// A complete top-level element.
    Element(Element),
    /// `</stream:stream>`.
    End,
}

/// Incremental stream parser.
#[derive(Debug)]
pub struct StreamParser {
    limits: Limits,
    header: Option<StreamHeader>,
}

impl StreamParser {
    /// A parser expecting a stream header.
    pub fn new(limits: Limits) -> StreamParser {
        StreamParser {
            limits,
            header: None,
        }
    }
    /// Adds received bytes.
    pub fn feed(&mut self, data: &[u8]) {
        let _ = (data, &self.limits);
    }
    /// The next event.
    pub fn next_event(&mut self) -> Result<Option<StreamEvent>, StreamError> {
        Ok(None)
    }
    /// Restarts the stream.
    pub fn restart(&mut self) {}
    /// The header.
    pub fn stream_header(&self) -> Option<&StreamHeader> {
        self.header.as_ref()
    }
    /// Bytes consumed.
    pub fn bytes_consumed(&self) -> u64 {
        0
    }
}
