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
                let r = $crate::stanza::xep::reader::Reader::new(el, $name, $ns)?;
                Ok($ty { unknown: r.finish() })
            }
        }

        impl From<$ty> for $crate::xml::Element {
            fn from(p: $ty) -> $crate::xml::Element {
                $crate::stanza::xep::reader::with_unknown(
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

/// Defines a closed set of empty elements in one namespace as a `Copy`
/// enum (chat states, hints, …). Attributes and children on these elements
/// are not kept (the XEPs define them as empty).
macro_rules! empty_element_enum {
    (
        $(#[$m:meta])* $ty:ident, $ns:expr, $expected:literal,
        { $( $(#[$vm:meta])* $variant:ident => $name:literal ),+ $(,)? }
    ) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $ty {
            $( $(#[$vm])* $variant, )+
        }

        impl $ty {
            /// The element's local name.
            pub fn name(self) -> &'static str {
                match self { $( $ty::$variant => $name, )+ }
            }

            /// The variant for local name `name`, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $( $name => Some($ty::$variant), )+ _ => None }
            }
        }

        impl TryFrom<$crate::xml::Element> for $ty {
            type Error = $crate::stanza::xep::PayloadError;
            fn try_from(el: $crate::xml::Element) -> Result<Self, Self::Error> {
                match $ty::from_name(el.name()) {
                    Some(v) if el.ns() == $ns => Ok(v),
                    _ => Err($crate::stanza::xep::reader::unexpected(&el, $expected, $ns)),
                }
            }
        }

        impl From<$ty> for $crate::xml::Element {
            fn from(p: $ty) -> $crate::xml::Element {
                $crate::xml::Element::new(p.name(), $ns)
            }
        }

        impl $crate::stanza::xep::Payload for $ty {
            fn matches(el: &$crate::xml::Element) -> bool {
                el.ns() == $ns && $ty::from_name(el.name()).is_some()
            }
        }
    };
}

pub(crate) use empty_element_enum;
pub(crate) use empty_payload;
pub(crate) use impl_payload;
