//! [`Unknown`]: the attributes and children a typed payload does not model.

use crate::xml::{Attribute, Element, Node};

/// The attributes and child nodes of an element that its typed model does
/// not know, kept in document order so that they are written back.
///
/// Every model in [`xep`](super) has one, so that an element round-trips to
/// an equivalent tree even when it carries extensions (another XEP's child,
/// a vendor attribute, `xml:lang`). Known children are written first, then
/// these, so siblings of *different* kinds may come back in another order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Unknown {
    /// Attributes not modelled (including `xml:lang`), in document order.
    pub attrs: Vec<Attribute>,
    /// Child nodes not modelled, in document order. Whitespace-only text
    /// between the children of an element that holds only elements is not
    /// kept.
    pub nodes: Vec<Node>,
}

impl Unknown {
    /// True if there is nothing unknown.
    pub fn is_empty(&self) -> bool {
        self.attrs.is_empty() && self.nodes.is_empty()
    }

    /// The unknown child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.nodes.iter().filter_map(Node::as_element)
    }

    /// Writes the unknown attributes and nodes onto `el`, after what is
    /// already there.
    pub fn write_to(self, el: &mut Element) {
        for a in self.attrs {
            el.push_attribute(a);
        }
        for n in self.nodes {
            el.append_node(n);
        }
    }
}
