//! Date and time profiles of [XEP-0082], kept as validated strings.
//!
//! [`DateTime`] is the `CCYY-MM-DDThh:mm:ss[.sss]TZD` profile used by
//! XEP-0203 (`stamp`), XEP-0202 (`utc`) and XEP-0313; [`TimeZoneOffset`]
//! is the `TZD` part alone (XEP-0202 `tzo`). Both keep the text exactly as
//! received, so it is written back unchanged; this crate does no calendar
//! arithmetic.
//!
//! ```
//! use xmpp_sansio::stanza::xep::datetime::DateTime;
//! let t: DateTime = "2002-09-10T23:08:25.123Z".parse()?;
//! assert_eq!(t.as_str(), "2002-09-10T23:08:25.123Z");
//! assert!("2002-09-10 23:08:25".parse::<DateTime>().is_err());
//! # Ok::<(), xmpp_sansio::stanza::xep::datetime::InvalidDateTime>(())
//! ```
//!
//! [XEP-0082]: https://xmpp.org/extensions/xep-0082.html

use std::fmt;
use std::str::FromStr;

/// A `DateTime` of [XEP-0082 §3.2](https://xmpp.org/extensions/xep-0082.html#sect-idm45723967224384):
/// `CCYY-MM-DDThh:mm:ss[.sss]TZD`, with `TZD` either `Z` or `±hh:mm`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(String);

/// A time zone offset of XEP-0082 (`Z` or `±hh:mm`), as in XEP-0202's
/// `tzo`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeZoneOffset(String);

/// Why a string is not a XEP-0082 date, time or offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a XEP-0082 {0}")]
pub struct InvalidDateTime(pub &'static str);

impl DateTime {
    /// The text, as received or given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TimeZoneOffset {
    /// The text, as received or given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The offset from UTC in minutes (`Z` is 0).
    pub fn minutes(&self) -> i32 {
        let b = self.0.as_bytes();
        if b == b"Z" {
            return 0;
        }
        let n = |i: usize| i32::from(b.get(i).copied().unwrap_or(b'0').wrapping_sub(b'0'));
        let m = (n(1) * 10 + n(2)) * 60 + n(4) * 10 + n(5);
        if b.first() == Some(&b'-') { -m } else { m }
    }
}

impl FromStr for DateTime {
    type Err = InvalidDateTime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = InvalidDateTime("DateTime (CCYY-MM-DDThh:mm:ss[.sss]TZD)");
        let b = s.as_bytes();
        if b.len() < 20 || b.get(10) != Some(&b'T') {
            return Err(err);
        }
        if !is_date(&b[..10]) || !is_time(&b[11..19]) {
            return Err(err);
        }
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return Err(err);
            }
            rest = &rest[1 + digits..];
        }
        if !is_tzd(rest) {
            return Err(err);
        }
        Ok(DateTime(s.to_owned()))
    }
}

impl FromStr for TimeZoneOffset {
    type Err = InvalidDateTime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_tzd(s.as_bytes()) {
            Ok(TimeZoneOffset(s.to_owned()))
        } else {
            Err(InvalidDateTime("time zone offset (Z or ±hh:mm)"))
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for TimeZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The two-digit number at `b[i..i + 2]`, if both are digits.
fn two(b: &[u8], i: usize) -> Option<u32> {
    match (b.get(i), b.get(i + 1)) {
        (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
            Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
        }
        _ => None,
    }
}

/// `CCYY-MM-DD`.
fn is_date(b: &[u8]) -> bool {
    b.len() == 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(two(b, 5), Some(1..=12))
        && matches!(two(b, 8), Some(1..=31))
}

/// `hh:mm:ss` (a leap second is allowed).
fn is_time(b: &[u8]) -> bool {
    b.len() == 8
        && b[2] == b':'
        && b[5] == b':'
        && matches!(two(b, 0), Some(0..=23))
        && matches!(two(b, 3), Some(0..=59))
        && matches!(two(b, 6), Some(0..=60))
}

/// `Z` or `±hh:mm`.
fn is_tzd(b: &[u8]) -> bool {
    b == b"Z"
        || (b.len() == 6
            && matches!(b[0], b'+' | b'-')
            && b[3] == b':'
            && matches!(two(b, 1), Some(0..=23))
            && matches!(two(b, 4), Some(0..=59)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_from_xep_0082() {
        for ok in [
            "1969-07-21T02:56:15Z",
            "1969-07-20T21:56:15-05:00",
            "2002-09-10T23:08:25.123456Z",
            "2016-12-31T23:59:60Z",
        ] {
            assert_eq!(
                ok.parse::<DateTime>().map(|d| d.to_string()).as_deref(),
                Ok(ok)
            );
        }
        for bad in [
            "",
            "1969-07-21",
            "1969-07-21T02:56:15",
            "1969-07-21 02:56:15Z",
            "1969-13-21T02:56:15Z",
            "1969-07-21T24:56:15Z",
            "1969-07-21T02:56:15.Z",
            "1969-07-21T02:56:15+5:00",
            "1969-07-21T02:56:15Zjunk",
            "1969-07-21T02:56:15é",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn offsets() {
        assert_eq!("Z".parse::<TimeZoneOffset>().unwrap().minutes(), 0);
        assert_eq!("-06:00".parse::<TimeZoneOffset>().unwrap().minutes(), -360);
        assert_eq!("+05:30".parse::<TimeZoneOffset>().unwrap().minutes(), 330);
        assert!("06:00".parse::<TimeZoneOffset>().is_err());
        assert!("+24:00".parse::<TimeZoneOffset>().is_err());
    }
}
