//! Macros for the simplest payload shapes, shared by the XEP modules.

/// Defines a payload with no content of its own: an empty element whose
/// unknown attributes and children are kept.
macro_rules! empty_payload {
    ($(#[$m:meta])* $ty:ident, $name:literal, $ns:expr) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $ty {
            /// Attributes and children not modelled, kept for round trips.
            pub unknown: $crate::stanza::xep::Unknown,
        }

        impl TryFrom<$crate::xml::Element> for $ty {
            type Error = $crate::stanza::xep::PayloadError;
            fn try_from(el: $crate::xml::Element) -> Result<Self, Self::Error> {
                let r = $crate::stanza::reader::Reader::new(el, $name, $ns)?;
                Ok($ty { unknown: r.finish() })
            }
        }

        impl From<$ty> for $crate::xml::Element {
            fn from(p: $ty) -> $crate::xml::Element {
                $crate::stanza::reader::with_unknown(
                    $crate::xml::Element::new($name, $ns),
                    p.unknown,
                )
            }
        }

        impl $crate::stanza::xep::Payload for $ty {
            fn matches(el: &$crate::xml::Element) -> bool {
                el.is($name, $ns)
            }
        }
    };
}

/// Implements [`Payload`](crate::stanza::xep::Payload) for a type that is
/// one element name in one namespace.
macro_rules! impl_payload {
    ($ty:ty, $name:literal, $ns:expr) => {
        impl $crate::stanza::xep::Payload for $ty {
            fn matches(el: &$crate::xml::Element) -> bool {
                el.is($name, $ns)
            }
        }
    };
}

/// Defines a closed set of empty elements in one namespace (chat states,
/// hints, …): a `Copy` enum `$kind` of the element names, and the payload
/// `$ty` that holds one with what the element carries besides (the XEPs
/// define them empty; anything there is kept and written back).
macro_rules! empty_element_enum {
    (
        $(#[$m:meta])* $ty:ident,
        $(#[$km:meta])* $kind:ident, $ns:expr, $expected:literal,
        { $( $(#[$vm:meta])* $variant:ident => $name:literal ),+ $(,)? }
    ) => {
        $(#[$km])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $kind {
            $( $(#[$vm])* $variant, )+
        }

        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $ty {
            /// Which element it is.
            pub kind: $kind,
            /// Attributes and children (not defined by the XEP), kept for
            /// round trips.
            pub unknown: $crate::stanza::xep::Unknown,
        }

        impl $kind {
            /// The element's local name.
            pub fn name(self) -> &'static str {
                match self { $( $kind::$variant => $name, )+ }
            }

            /// The variant for local name `name`, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $( $name => Some($kind::$variant), )+ _ => None }
            }
        }

        impl $ty {
            /// The element `kind`, with nothing else.
            pub fn new(kind: $kind) -> Self {
                $ty { kind, unknown: $crate::stanza::xep::Unknown::default() }
            }
        }

        impl From<$kind> for $ty {
            fn from(kind: $kind) -> Self {
                $ty::new(kind)
            }
        }

        impl PartialEq<$kind> for $ty {
            fn eq(&self, other: &$kind) -> bool {
                self.kind == *other
            }
        }

        impl TryFrom<$crate::xml::Element> for $ty {
            type Error = $crate::stanza::xep::PayloadError;
            fn try_from(el: $crate::xml::Element) -> Result<Self, Self::Error> {
                match $kind::from_name(el.name()) {
                    Some(kind) if el.ns() == $ns => {
                        let unknown = $crate::stanza::reader::Reader::unchecked(el, kind.name()).finish();
                        Ok($ty { kind, unknown })
                    }
                    _ => Err($crate::stanza::reader::unexpected(&el, $expected, $ns)),
                }
            }
        }

        impl From<$ty> for $crate::xml::Element {
            fn from(p: $ty) -> $crate::xml::Element {
                $crate::stanza::reader::with_unknown(
                    $crate::xml::Element::new(p.kind.name(), $ns),
                    p.unknown,
                )
            }
        }

        impl From<$kind> for $crate::xml::Element {
            fn from(k: $kind) -> $crate::xml::Element {
                $ty::new(k).into()
            }
        }

        impl $crate::stanza::xep::Payload for $ty {
            fn matches(el: &$crate::xml::Element) -> bool {
                el.ns() == $ns && $kind::from_name(el.name()).is_some()
            }
        }
    };
}

pub(crate) use empty_element_enum;
pub(crate) use empty_payload;
pub(crate) use impl_payload;
