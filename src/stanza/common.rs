//! Pieces shared by every stanza model: the content namespace a stanza was
//! written in, language-tagged texts, and the attribute/child helpers the
//! parsers use.
//!
//! See [RFC 6120 §4.8.3](https://www.rfc-editor.org/rfc/rfc6120#section-4.8.3)
//! (content namespaces) and
//! [§8.1](https://www.rfc-editor.org/rfc/rfc6120#section-8.1) (common attributes).

use super::unknown::Leaf;
use super::{StanzaParseError, Unknown};
use crate::jid::Jid;
use crate::xml::{ByteStr, Element, ns};

/// The content namespace a stanza is qualified by
/// ([RFC 6120 §4.8.3](https://www.rfc-editor.org/rfc/rfc6120#section-4.8.3)).
///
/// A parsed stanza remembers which one it came in, and is written back in
/// the same one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ContentNs {
    /// `jabber:client`, client-to-server streams.
    #[default]
    Client,
    /// `jabber:server`, server-to-server streams.
    Server,
    /// `jabber:component:accept`
    /// ([XEP-0114](https://xmpp.org/extensions/xep-0114.html)).
    Component,
}

impl ContentNs {
    /// The namespace URI.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentNs::Client => ns::JABBER_CLIENT,
            ContentNs::Server => ns::JABBER_SERVER,
            ContentNs::Component => ns::COMPONENT_ACCEPT,
        }
    }

    /// The content namespace named by `uri`, if it is one of the three.
    pub fn from_uri(uri: &str) -> Option<ContentNs> {
        match uri {
            ns::JABBER_CLIENT => Some(ContentNs::Client),
            ns::JABBER_SERVER => Some(ContentNs::Server),
            ns::COMPONENT_ACCEPT => Some(ContentNs::Component),
            _ => None,
        }
    }
}

/// Human-readable texts, at most one per `xml:lang` (a `None` language is the
/// text without an `xml:lang` of its own, i.e. in the stanza's language).
///
/// When a stanza is parsed, two texts in the same *effective* language are
/// refused: a text without `xml:lang` is in the language in scope (the
/// stanza's, or the stream's), so `<message xml:lang='en'><body>x</body>
/// <body xml:lang='en'>y</body></message>` has two English bodies.
///
/// Used for message bodies and subjects, presence statuses and error texts
/// ([RFC 6121 §5.2.3](https://www.rfc-editor.org/rfc/rfc6121#section-5.2.3),
/// [§4.7.2.2](https://www.rfc-editor.org/rfc/rfc6121#section-4.7.2.2)).
/// Order of insertion is kept.
///
/// ```
/// use xmpp_sansio::stanza::Texts;
/// let mut t = Texts::default();
/// t.insert(None, "hello");
/// t.insert(Some("de".into()), "hallo");
/// assert_eq!(t.get(None), Some("hello"));
/// assert_eq!(t.get(Some("de")), Some("hallo"));
/// assert_eq!(t.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Texts {
    entries: Vec<LangText>,
}

/// One text with its `xml:lang`; see [`Texts`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LangText {
    /// The element's own `xml:lang`, if it has one.
    pub lang: Option<ByteStr>,
    /// The text.
    pub text: ByteStr,
}

impl Texts {
    /// The text in language `lang` (`None`: the one without `xml:lang`).
    pub fn get(&self, lang: Option<&str>) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.lang.as_deref() == lang)
            .map(|e| &*e.text)
    }

    /// The text without `xml:lang`, else the first one.
    pub fn default_text(&self) -> Option<&str> {
        self.get(None)
            .or_else(|| self.entries.first().map(|e| &*e.text))
    }

    /// Sets the text for `lang`, replacing an existing one.
    pub fn insert(&mut self, lang: Option<ByteStr>, text: impl Into<ByteStr>) {
        let text = text.into();
        if let Some(e) = self.entries.iter_mut().find(|e| e.lang == lang) {
            e.text = text;
        } else {
            self.entries.push(LangText { lang, text });
        }
    }

    /// Reads the leaf `el` (a `<body/>`, `<status/>`, `<text/>`…) into a
    /// new entry, keeping what else it holds in `kept`; fails if a text
    /// with the same `xml:lang` of its own is already there.
    pub(crate) fn read(
        &mut self,
        el: Element,
        element: &'static str,
        kept: &mut Unknown,
    ) -> Result<(), StanzaParseError> {
        self.read_in(el, element, None, kept)
    }

    /// Like [`Texts::read`], for the children of an element whose
    /// `xml:lang` in scope (its own, or inherited from the stanza or the
    /// stream header) is `scope`: a text without `xml:lang` of its own is
    /// in that language, and two texts in the same language are refused
    /// ([RFC 6121 §5.2.3](https://www.rfc-editor.org/rfc/rfc6121#section-5.2.3),
    /// §5.2.4, [§4.7.2.2](https://www.rfc-editor.org/rfc/rfc6121#section-4.7.2.2):
    /// the language is the element's "either explicitly or by
    /// inheritance").
    pub(crate) fn read_in(
        &mut self,
        el: Element,
        element: &'static str,
        scope: Option<&str>,
        kept: &mut Unknown,
    ) -> Result<(), StanzaParseError> {
        let lang = own_lang(&el);
        let index = self.entries.len();
        let leaf = Leaf::new(el, &[], true);
        let text = leaf.text.clone();
        leaf.keep_in(kept, index);
        self.try_push(lang, text, element, scope)
    }

    /// Adds a text, failing if one in the same effective language is
    /// already there (a text without `xml:lang` is in `scope`).
    pub(crate) fn try_push(
        &mut self,
        lang: Option<ByteStr>,
        text: ByteStr,
        element: &'static str,
        scope: Option<&str>,
    ) -> Result<(), StanzaParseError> {
        fn effective<'a>(l: &'a Option<ByteStr>, scope: Option<&'a str>) -> Option<&'a str> {
            l.as_deref().or(scope)
        }
        let new = effective(&lang, scope);
        if self
            .entries
            .iter()
            .any(|e| effective(&e.lang, scope) == new)
        {
            return Err(StanzaParseError::DuplicateLanguage {
                element,
                lang: new.map(truncate),
            });
        }
        self.entries.push(LangText { lang, text });
        Ok(())
    }

    /// The texts, in order.
    pub fn iter(&self) -> impl Iterator<Item = &LangText> {
        self.entries.iter()
    }

    /// The number of texts.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes one `<name xmlns=ns xml:lang=..>text</name>` per entry.
    pub(crate) fn write(self, parent: &mut Element, name: &'static str, ns: &'static str) {
        for LangText { lang, text } in self.entries {
            let mut e = Element::new(name, ns);
            if let Some(l) = lang {
                e.set_attr_ns("lang", crate::xml::ns::XML, l);
            }
            e.append_text(text);
            parent.append_child(e);
        }
    }
}

impl<L: Into<ByteStr>, T: Into<ByteStr>> FromIterator<(Option<L>, T)> for Texts {
    fn from_iter<I: IntoIterator<Item = (Option<L>, T)>>(iter: I) -> Self {
        let mut t = Texts::default();
        for (l, x) in iter {
            t.insert(l.map(Into::into), x);
        }
        t
    }
}

/// The attributes every stanza shares, as parsed (private plumbing).
#[derive(Default)]
pub(crate) struct Header {
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub id: Option<ByteStr>,
    pub type_: Option<ByteStr>,
    pub lang: Option<ByteStr>,
    pub ns: ContentNs,
    /// The other attributes, in [`Unknown::attrs`].
    pub unknown: Unknown,
}

impl Header {
    /// Reads the common attributes of a stanza element named `name`.
    pub fn parse(el: &Element, name: &'static str) -> Result<Header, StanzaParseError> {
        let Some(content_ns) = ContentNs::from_uri(el.ns()) else {
            return Err(StanzaParseError::WrongNamespace {
                element: name,
                ns: truncate(el.ns()),
            });
        };
        if el.name() != name {
            return Err(StanzaParseError::WrongElement {
                expected: name,
                name: truncate(el.name()),
                ns: truncate(el.ns()),
            });
        }
        let mut h = Header {
            ns: content_ns,
            ..Header::default()
        };
        for a in el.attrs() {
            match (&a.ns, &*a.name) {
                (None, "from") => h.from = Some(parse_jid(&a.value, name, "from")?),
                (None, "to") => h.to = Some(parse_jid(&a.value, name, "to")?),
                (None, "id") => h.id = Some(a.value.clone()),
                (None, "type") => h.type_ = Some(a.value.clone()),
                (Some(n), "lang") if **n == *ns::XML => h.lang = Some(a.value.clone()),
                _ => h.unknown.attrs.push(a.clone()),
            }
        }
        Ok(h)
    }

    /// Writes the common attributes onto `el` (the kept ones are written
    /// with the rest of [`Unknown`] at the end, where the typed values win
    /// over a kept duplicate).
    pub fn write(
        el: &mut Element,
        type_: Option<&'static str>,
        id: Option<ByteStr>,
        from: Option<Jid>,
        to: Option<Jid>,
        lang: Option<ByteStr>,
    ) {
        if let Some(t) = type_ {
            el.set_attr("type", t);
        }
        if let Some(id) = id {
            el.set_attr("id", id);
        }
        if let Some(f) = from {
            el.set_attr("from", jid_to_bytestr(f));
        }
        if let Some(t) = to {
            el.set_attr("to", jid_to_bytestr(t));
        }
        if let Some(l) = lang {
            el.set_attr_ns("lang", ns::XML, l);
        }
    }
}

/// A JID attribute's text.
pub(crate) fn jid_to_bytestr(j: impl Into<Jid>) -> ByteStr {
    let j: Jid = j.into();
    ByteStr::from(j.as_str().to_owned())
}

/// Parses a JID-valued attribute.
pub(crate) fn parse_jid(
    value: &str,
    element: &'static str,
    attr: &'static str,
) -> Result<Jid, StanzaParseError> {
    Jid::new(value).map_err(|source| StanzaParseError::InvalidJid {
        element,
        attr,
        value: truncate(value),
        source,
    })
}

/// Keeps error messages bounded: at most 64 characters of input.
pub(crate) fn truncate(s: &str) -> String {
    const MAX: usize = 64;
    if s.len() <= MAX {
        return s.to_owned();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = s.get(..end).unwrap_or_default().to_owned();
    out.push('…');
    out
}

/// True for text that is only XML whitespace.
pub(crate) fn is_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// A leaf text element: `<name xmlns=ns>text</name>`.
pub(crate) fn text_element(
    name: &'static str,
    ns: &'static str,
    text: impl Into<ByteStr>,
) -> Element {
    let mut e = Element::new(name, ns);
    e.append_text(text);
    e
}

/// `t` without surrounding XML whitespace (a zero-copy slice).
pub(crate) fn trim_bytestr(t: ByteStr) -> ByteStr {
    let start = t.len() - t.trim_start_matches(is_ws_char).len();
    let end = t.trim_end_matches(is_ws_char).len();
    if start == 0 && end == t.len() {
        return t;
    }
    if start >= end {
        return ByteStr::new();
    }
    t.slice(start..end).unwrap_or_default()
}

fn is_ws_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The `xml:lang` in scope for the children of `el`: `own` (its own
/// `xml:lang`, as read), else the one it inherits (from its parent or the
/// stream header, for a parsed element).
pub(crate) fn in_scope(own: &Option<ByteStr>, el: &Element) -> Option<ByteStr> {
    own.clone()
        .or_else(|| el.lang().map(|l| ByteStr::from(l.to_owned())))
}

/// The element's own `xml:lang`, sharing the attribute's storage (no copy).
pub(crate) fn own_lang(el: &Element) -> Option<ByteStr> {
    el.attrs()
        .iter()
        .find(|a| a.is_xml_lang())
        .map(|a| a.value.clone())
}

/// The builder methods every stanza kind shares: `with_to`, `with_from`,
/// `with_lang`, and (`optional_id`) `with_id` for the kinds whose id is
/// optional.
macro_rules! addressing_builders {
    (optional_id) => {
        /// Sets `id`.
        pub fn with_id(mut self, id: impl Into<$crate::xml::ByteStr>) -> Self {
            self.id = Some(id.into());
            self
        }

        $crate::stanza::common::addressing_builders!();
    };
    () => {
        /// Sets `to`.
        pub fn with_to(mut self, to: impl Into<$crate::jid::Jid>) -> Self {
            self.to = Some(to.into());
            self
        }

        /// Sets `from`.
        pub fn with_from(mut self, from: impl Into<$crate::jid::Jid>) -> Self {
            self.from = Some(from.into());
            self
        }

        /// Sets the stanza's `xml:lang`.
        pub fn with_lang(mut self, lang: impl Into<$crate::xml::ByteStr>) -> Self {
            self.lang = Some(lang.into());
            self
        }
    };
}
pub(crate) use addressing_builders;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_insert_replaces_same_language() {
        let mut t = Texts::default();
        t.insert(None, "a");
        t.insert(Some("en".into()), "b");
        t.insert(None, "c");
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(None), Some("c"));
        assert_eq!(t.default_text(), Some("c"));
        assert!(
            t.try_push(Some("en".into()), "d".into(), "body", None)
                .is_err()
        );
    }

    /// RFC 6121 §5.2.3: a text without `xml:lang` is in the language in
    /// scope, so it clashes with one that says that language explicitly.
    #[test]
    fn texts_compare_effective_languages() {
        let mut t = Texts::default();
        assert!(t.try_push(None, "x".into(), "body", Some("en")).is_ok());
        let e = t.try_push(Some("en".into()), "y".into(), "body", Some("en"));
        assert_eq!(
            e,
            Err(StanzaParseError::DuplicateLanguage {
                element: "body",
                lang: Some("en".into())
            })
        );
        assert!(
            t.try_push(Some("de".into()), "z".into(), "body", Some("en"))
                .is_ok()
        );
        assert!(t.try_push(None, "w".into(), "body", Some("en")).is_err());
    }

    #[test]
    fn default_text_falls_back_to_first() {
        let t: Texts = [(Some("de"), "hallo"), (Some("fr"), "salut")]
            .into_iter()
            .collect();
        assert_eq!(t.default_text(), Some("hallo"));
    }

    #[test]
    fn trim_is_zero_copy_and_handles_blank() {
        assert_eq!(trim_bytestr(" \n x y \t".into()), "x y");
        assert_eq!(trim_bytestr("   ".into()), "");
        assert_eq!(trim_bytestr("".into()), "");
        assert_eq!(trim_bytestr("é ".into()), "é");
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        let s = "é".repeat(100);
        let t = truncate(&s);
        assert!(t.ends_with('…'));
        assert!(t.len() <= 64 + '…'.len_utf8());
        assert_eq!(truncate("short"), "short");
    }

    #[test]
    fn content_ns_round_trips() {
        for c in [ContentNs::Client, ContentNs::Server, ContentNs::Component] {
            assert_eq!(ContentNs::from_uri(c.as_str()), Some(c));
        }
        assert_eq!(ContentNs::from_uri(ns::STREAM), None);
    }
}
