//! `serde` support (feature `serde`): JIDs as their normalized text,
//! validated and normalized on deserialization.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use super::{BareJid, FullJid, Jid};

macro_rules! serde_impls {
    ($($t:ident: $expecting:literal),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$t, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$t, E> {
                        $t::new(s).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    )*};
}

serde_impls!(
    Jid: "a JID as a string",
    BareJid: "a bare JID (no resource) as a string",
    FullJid: "a full JID (with a resource) as a string"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_a_string() {
        let jid = Jid::new("juliet@example.com/balcony").unwrap();
        let json = serde_json::to_string(&jid).unwrap();
        assert_eq!(json, "\"juliet@example.com/balcony\"");
        assert_eq!(serde_json::from_str::<Jid>(&json).unwrap(), jid);
        let full: FullJid = serde_json::from_str(&json).unwrap();
        assert_eq!(full, jid);
    }

    #[test]
    fn normalizes_and_validates_on_deserialize() {
        let bare: BareJid = serde_json::from_str("\"Juliet@Example.COM.\"").unwrap();
        assert_eq!(bare.as_str(), "juliet@example.com");
        let err = serde_json::from_str::<BareJid>("\"a@b/c\"").unwrap_err();
        assert!(
            err.to_string().contains("bare JID cannot have a resource"),
            "{err}"
        );
        let err = serde_json::from_str::<Jid>("\"@example.com\"").unwrap_err();
        assert!(err.to_string().contains("localpart is empty"), "{err}");
        assert!(serde_json::from_str::<FullJid>("\"a@b\"").is_err());
        assert!(serde_json::from_str::<Jid>("42").is_err());
    }
}
