//! Dynamic product forms: one definition per product type, served to clients and enforced
//! on the server.
//!
//! A [`FormDefinition`] lists the type-specific attributes of a product (the common
//! columns — name, images, status — belong to the product row, not to the form): each
//! field's kind, limits, options, default, and the condition under which it is shown.
//! The service serves [`form_definition`] as JSON at
//! `/api/common/product-types/{type}/form` and passes request bodies through [`validate`]
//! (create) or [`validate_update`] (partial update) before storing the normalised
//! [`ValidatedAttributes`]. See `docs/product-forms.md`.

mod catalog_types;
mod definition;
mod typed;
mod validate;
mod value;

pub use catalog_types::form_definition;
pub use definition::{
    Condition, CrossFieldRule, EnumOption, FieldDef, FieldKind, FormDefinition, Label,
};
pub use typed::{
    ActivityAttributes, CourseAttributes, LessonFormat, LessonPackageAttributes, ProductAttributes,
    RefundPolicy, ValidityStart,
};
pub use validate::{FieldError, FieldErrorCode, FieldErrors, validate, validate_update};
pub use value::{AttributeValue, ValidatedAttributes};
