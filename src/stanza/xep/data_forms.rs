//! Data Forms, [XEP-0004](https://xmpp.org/extensions/xep-0004.html):
//! `<x xmlns='jabber:x:data'>` forms, submissions and multi-item results
//! (§3), with the field types of §3.3.
//!
//! Leniencies (all allowed or encouraged by §3.4 and the revision history):
//! `<reported/>` may come after `<item/>`s and alongside top-level fields;
//! a field of a single-value type with several `<value/>`s keeps them all;
//! an unknown field `type` is kept as [`FieldType::Other`] (and treated as
//! `text-single`, as §3.3 requires). Strict: the form `type` must be one of
//! the four of §3.1, and every field but `fixed` needs a `var` (§3.2).
//!
//! ```
//! use xmpp_sansio::stanza::xep::data_forms::{DataForm, Field, FormType};
//! use xmpp_sansio::xml::Element;
//! let form = DataForm::new(FormType::Submit)
//!     .with_field(Field::hidden("FORM_TYPE", "urn:xmpp:mam:2"))
//!     .with_field(Field::text_single("with", "juliet@capulet.lit"));
//! let el = Element::from(form.clone());
//! let back = DataForm::try_from(el)?;
//! assert_eq!(back.form_type(), Some("urn:xmpp:mam:2"));
//! assert_eq!(back.field("with").and_then(|f| f.value()), Some("juliet@capulet.lit"));
//! assert_eq!(back, form);
//! # Ok::<(), xmpp_sansio::stanza::xep::PayloadError>(())
//! ```

use super::macros::impl_payload;
use super::reader::{Reader, text_element, with_unknown};
use super::{PayloadError, Unknown};
use crate::xml::Element;

/// The namespace of XEP-0004.
pub const NS: &str = "jabber:x:data";

/// A data form: `<x xmlns='jabber:x:data' type='…'>` (§3.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataForm {
    /// What the form is for.
    pub form_type: FormType,
    /// The form's title.
    pub title: Option<String>,
    /// Natural-language instructions, one entry per `<instructions/>`.
    pub instructions: Vec<String>,
    /// The top-level fields, in order.
    pub fields: Vec<Field>,
    /// The header of a multi-item result (`<reported/>`): its fields.
    pub reported: Option<Vec<Field>>,
    /// The items of a multi-item result, each a list of fields.
    pub items: Vec<Vec<Field>>,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

/// The `type` of a data form (§3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormType {
    /// `form`: a form to fill in.
    Form,
    /// `submit`: a filled-in form.
    Submit,
    /// `cancel`: the form was not filled in.
    Cancel,
    /// `result`: data returned to the submitter.
    Result,
}

/// A field of a form (§3.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    /// The field's name (`None` only for `fixed` fields).
    pub var: Option<String>,
    /// The field's type; `None` means `text-single` (§3.3).
    pub field_type: Option<FieldType>,
    /// A human-readable name.
    pub label: Option<String>,
    /// A description (`<desc/>`).
    pub desc: Option<String>,
    /// Whether the field must be filled in (`<required/>`).
    pub required: bool,
    /// The values, in order.
    pub values: Vec<String>,
    /// The options of a `list-single` or `list-multi` field.
    pub options: Vec<FieldOption>,
    /// Attributes and children not modelled (e.g. XEP-0122 validation,
    /// XEP-0221 media), kept for round trips.
    pub unknown: Unknown,
}

/// A field type (§3.3).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// `boolean`.
    Boolean,
    /// `fixed`: text to show, not a field to fill.
    Fixed,
    /// `hidden`.
    Hidden,
    /// `jid-multi`.
    JidMulti,
    /// `jid-single`.
    JidSingle,
    /// `list-multi`.
    ListMulti,
    /// `list-single`.
    ListSingle,
    /// `text-multi`.
    TextMulti,
    /// `text-private`.
    TextPrivate,
    /// `text-single`.
    TextSingle,
    /// A type this crate does not know, kept as written (to be treated as
    /// `text-single`).
    Other(String),
}

/// An `<option label='…'><value>…</value></option>` of a list field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldOption {
    /// A human-readable name.
    pub label: Option<String>,
    /// The value submitted when the option is chosen.
    pub value: String,
    /// Attributes and children not modelled, kept for round trips.
    pub unknown: Unknown,
}

impl DataForm {
    /// An empty form of type `form_type`.
    pub fn new(form_type: FormType) -> Self {
        DataForm {
            form_type,
            title: None,
            instructions: Vec::new(),
            fields: Vec::new(),
            reported: None,
            items: Vec::new(),
            unknown: Unknown::default(),
        }
    }

    /// This form with `field` appended.
    pub fn with_field(mut self, field: Field) -> Self {
        self.fields.push(field);
        self
    }

    /// The top-level field named `var`.
    pub fn field(&self, var: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.var.as_deref() == Some(var))
    }

    /// The value of the `FORM_TYPE` field, which names the form's namespace
    /// ([XEP-0068](https://xmpp.org/extensions/xep-0068.html)). Only a
    /// `hidden` field counts, as XEP-0068 §3 says, except in a `submit` form
    /// where the type is often omitted.
    pub fn form_type(&self) -> Option<&str> {
        self.field("FORM_TYPE")
            .filter(|f| {
                f.field_type == Some(FieldType::Hidden)
                    || (f.field_type.is_none() && self.form_type == FormType::Submit)
            })
            .and_then(Field::value)
    }
}

impl Field {
    /// A field named `var` of type `field_type` with no value.
    pub fn new(var: impl Into<String>, field_type: Option<FieldType>) -> Self {
        Field {
            var: Some(var.into()),
            field_type,
            ..Field::default()
        }
    }

    /// A `hidden` field (e.g. `FORM_TYPE`) with one value.
    pub fn hidden(var: impl Into<String>, value: impl Into<String>) -> Self {
        Field::new(var, Some(FieldType::Hidden)).with_value(value)
    }

    /// A `text-single` field with one value.
    pub fn text_single(var: impl Into<String>, value: impl Into<String>) -> Self {
        Field::new(var, Some(FieldType::TextSingle)).with_value(value)
    }

    /// This field with `value` appended.
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.values.push(value.into());
        self
    }

    /// The first value, if any.
    pub fn value(&self) -> Option<&str> {
        self.values.first().map(String::as_str)
    }

    /// The value of a `boolean` field (`1`/`true` or `0`/`false`, §3.3);
    /// `None` if there is no value or it is not a boolean.
    pub fn bool_value(&self) -> Option<bool> {
        super::reader::parse_bool(self.value()?)
    }
}

impl FormType {
    /// The `type` attribute's value.
    pub fn as_str(self) -> &'static str {
        match self {
            FormType::Form => "form",
            FormType::Submit => "submit",
            FormType::Cancel => "cancel",
            FormType::Result => "result",
        }
    }
}

impl std::fmt::Display for FormType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for FormType {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "form" => FormType::Form,
            "submit" => FormType::Submit,
            "cancel" => FormType::Cancel,
            "result" => FormType::Result,
            _ => return Err(()),
        })
    }
}

impl FieldType {
    /// The `type` attribute's value.
    pub fn as_str(&self) -> &str {
        match self {
            FieldType::Boolean => "boolean",
            FieldType::Fixed => "fixed",
            FieldType::Hidden => "hidden",
            FieldType::JidMulti => "jid-multi",
            FieldType::JidSingle => "jid-single",
            FieldType::ListMulti => "list-multi",
            FieldType::ListSingle => "list-single",
            FieldType::TextMulti => "text-multi",
            FieldType::TextPrivate => "text-private",
            FieldType::TextSingle => "text-single",
            FieldType::Other(s) => s,
        }
    }
}

impl From<&str> for FieldType {
    fn from(s: &str) -> Self {
        match s {
            "boolean" => FieldType::Boolean,
            "fixed" => FieldType::Fixed,
            "hidden" => FieldType::Hidden,
            "jid-multi" => FieldType::JidMulti,
            "jid-single" => FieldType::JidSingle,
            "list-multi" => FieldType::ListMulti,
            "list-single" => FieldType::ListSingle,
            "text-multi" => FieldType::TextMulti,
            "text-private" => FieldType::TextPrivate,
            "text-single" => FieldType::TextSingle,
            other => FieldType::Other(other.to_owned()),
        }
    }
}

impl TryFrom<Element> for DataForm {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "x", NS)?;
        let form_type = r.req_attr_parse("type", "not one of form, submit, cancel, result")?;
        let title = r.child_text("title", NS)?;
        let instructions = r.children_texts("instructions", NS);
        let fields = fields(r.children("field", NS))?;
        let reported = match r.child_reader_of("reported", NS)? {
            Some(mut rr) => {
                let f = self::fields(rr.children("field", NS))?;
                r.keep(rr);
                Some(f)
            }
            None => None,
        };
        let mut items = Vec::new();
        for mut ir in r.children_readers("item", NS) {
            items.push(self::fields(ir.children("field", NS))?);
            r.keep(ir);
        }
        Ok(DataForm {
            form_type,
            title,
            instructions,
            fields,
            reported,
            items,
            unknown: r.finish(),
        })
    }
}

impl From<DataForm> for Element {
    fn from(p: DataForm) -> Element {
        let mut b = Element::builder("x", NS).attr("type", p.form_type.as_str());
        if let Some(t) = p.title {
            b = b.append(text_element("title", NS, t));
        }
        for i in p.instructions {
            b = b.append(text_element("instructions", NS, i));
        }
        b = b.append_all(p.fields.into_iter().map(Element::from));
        if let Some(rep) = p.reported {
            b = b.append(
                Element::builder("reported", NS).append_all(rep.into_iter().map(Element::from)),
            );
        }
        for item in p.items {
            b = b.append(
                Element::builder("item", NS).append_all(item.into_iter().map(Element::from)),
            );
        }
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for Field {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "field", NS)?;
        let field_type = r.attr("type").map(|t| FieldType::from(&*t));
        let var = r.attr("var").map(|v| v.to_string());
        if var.is_none() && field_type != Some(FieldType::Fixed) {
            return Err(PayloadError::MissingAttribute {
                element: "field",
                attribute: "var",
            });
        }
        let label = r.attr("label").map(|v| v.to_string());
        let desc = r.child_text("desc", NS)?;
        let required = r.child_flag("required", NS)?;
        let values = r.children_texts("value", NS);
        let options = r
            .children("option", NS)
            .into_iter()
            .map(FieldOption::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Field {
            var,
            field_type,
            label,
            desc,
            required,
            values,
            options,
            unknown: r.finish(),
        })
    }
}

impl From<Field> for Element {
    fn from(p: Field) -> Element {
        let mut b = Element::builder("field", NS)
            .attr_opt("label", p.label)
            .attr_opt("type", p.field_type.as_ref().map(|t| t.as_str().to_owned()))
            .attr_opt("var", p.var);
        if let Some(d) = p.desc {
            b = b.append(text_element("desc", NS, d));
        }
        if p.required {
            b = b.append(Element::new("required", NS));
        }
        for v in p.values {
            b = b.append(text_element("value", NS, v));
        }
        b = b.append_all(p.options.into_iter().map(Element::from));
        with_unknown(b.build(), p.unknown)
    }
}

impl TryFrom<Element> for FieldOption {
    type Error = PayloadError;
    fn try_from(el: Element) -> Result<Self, PayloadError> {
        let mut r = Reader::new(el, "option", NS)?;
        let label = r.attr("label").map(|v| v.to_string());
        let value = r.req_child_text("value", NS)?;
        Ok(FieldOption {
            label,
            value,
            unknown: r.finish(),
        })
    }
}

impl From<FieldOption> for Element {
    fn from(p: FieldOption) -> Element {
        with_unknown(
            Element::builder("option", NS)
                .attr_opt("label", p.label)
                .append(text_element("value", NS, p.value))
                .build(),
            p.unknown,
        )
    }
}

impl_payload!(DataForm, "x", NS);

/// Reads a list of `<field/>` elements.
fn fields(els: Vec<Element>) -> Result<Vec<Field>, PayloadError> {
    els.into_iter().map(Field::try_from).collect()
}
