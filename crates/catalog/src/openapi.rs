//! OpenAPI schemas for the types whose JSON is another type's: a checked wrapper is
//! documented as the spec it deserialises from, `Fen` as the integer it is.
//!
//! Written by hand because utoipa's derive cannot say "same schema as that type" at the
//! container level.

use std::borrow::Cow;

use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::Fen;
use crate::pricing::{Coupon, CouponSpec, PriceList, PriceListSpec};

impl PartialSchema for Fen {
    fn schema() -> RefOr<Schema> {
        <i64 as PartialSchema>::schema()
    }
}

impl ToSchema for Fen {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Fen")
    }
}

impl PartialSchema for PriceList {
    fn schema() -> RefOr<Schema> {
        <PriceListSpec as PartialSchema>::schema()
    }
}

impl ToSchema for PriceList {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PriceList")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <PriceListSpec as ToSchema>::schemas(schemas);
    }
}

impl PartialSchema for Coupon {
    fn schema() -> RefOr<Schema> {
        <CouponSpec as PartialSchema>::schema()
    }
}

impl ToSchema for Coupon {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Coupon")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <CouponSpec as ToSchema>::schemas(schemas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_document_their_spec() {
        let json = |s: RefOr<Schema>| serde_json::to_value(s).unwrap();
        assert_eq!(json(Fen::schema()), json(<i64 as PartialSchema>::schema()));
        assert_eq!(json(PriceList::schema()), json(PriceListSpec::schema()));
        assert_eq!(json(Coupon::schema()), json(CouponSpec::schema()));
    }
}
