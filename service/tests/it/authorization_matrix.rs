//! Walks the whole route table (taken from the OpenAPI document, which is generated from the
//! router) with every role and without a token, and checks each answer against the access
//! table below. A route missing from the table, or a table row without a route, fails.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::both_databases;
use crate::helpers::{TestApp, documented_routes};

both_databases!(every_route_enforces_its_roles);

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// Anyone, without a token.
    Public,
    /// Members (the mini program).
    Member,
    /// Any staff role.
    Staff,
    /// Admins and the front desk.
    Desk,
    /// Admins only.
    Admin,
}

const TABLE: &str = "
GET    /api/common/health                                   public
GET    /api/common/ready                                    public
POST   /api/common/auth/staff/login                         public
POST   /api/common/auth/wechat/login                        public
GET    /api/common/product-types                            public
GET    /api/common/product-types/{type}/form                public
GET    /api/common/products                                 public
GET    /api/common/products/{id}                            public
GET    /api/common/files/{name}                             public
GET    /api/mini/me                                         member
PUT    /api/mini/me                                         member
POST   /api/mini/quote                                      member
GET    /api/mini/packages                                   member
GET    /api/admin/me                                        staff
GET    /api/admin/staff                                     admin
POST   /api/admin/staff                                     admin
GET    /api/admin/staff/{id}                                admin
PUT    /api/admin/staff/{id}                                admin
DELETE /api/admin/staff/{id}                                admin
GET    /api/admin/club                                      staff
PUT    /api/admin/club                                      admin
GET    /api/admin/coaches                                   staff
POST   /api/admin/coaches                                   admin
GET    /api/admin/coaches/{id}                              staff
PUT    /api/admin/coaches/{id}                              admin
DELETE /api/admin/coaches/{id}                              admin
GET    /api/admin/coaches/{id}/exceptions                   staff
POST   /api/admin/coaches/{id}/exceptions                   admin
DELETE /api/admin/coaches/{id}/exceptions/{exception_id}    admin
GET    /api/admin/horses                                    staff
POST   /api/admin/horses                                    admin
GET    /api/admin/horses/{id}                               staff
PUT    /api/admin/horses/{id}                               admin
DELETE /api/admin/horses/{id}                               admin
GET    /api/admin/horses/{id}/vet-holds                     staff
POST   /api/admin/horses/{id}/vet-holds                     admin
DELETE /api/admin/horses/{id}/vet-holds/{hold_id}           admin
GET    /api/admin/arenas                                    staff
POST   /api/admin/arenas                                    admin
GET    /api/admin/arenas/{id}                               staff
PUT    /api/admin/arenas/{id}                               admin
DELETE /api/admin/arenas/{id}                               admin
GET    /api/admin/arenas/{id}/closures                      staff
POST   /api/admin/arenas/{id}/closures                      admin
DELETE /api/admin/arenas/{id}/closures/{closure_id}         admin
GET    /api/admin/slot-templates                            staff
POST   /api/admin/slot-templates                            admin
GET    /api/admin/slot-templates/{id}                       staff
PUT    /api/admin/slot-templates/{id}                       admin
DELETE /api/admin/slot-templates/{id}                       admin
GET    /api/admin/members                                   staff
POST   /api/admin/members                                   desk
GET    /api/admin/members/{id}                              staff
PUT    /api/admin/members/{id}                              desk
DELETE /api/admin/members/{id}                              admin
GET    /api/admin/products                                  staff
POST   /api/admin/products                                  admin
GET    /api/admin/products/{id}                             staff
PATCH  /api/admin/products/{id}                             admin
DELETE /api/admin/products/{id}                             admin
POST   /api/admin/products/{id}/quote                       staff
POST   /api/admin/products/{id}/images                      admin
DELETE /api/admin/products/{id}/images/{name}               admin
GET    /api/admin/coupons                                   staff
POST   /api/admin/coupons                                   admin
GET    /api/admin/coupons/{id}                              staff
PUT    /api/admin/coupons/{id}                              admin
DELETE /api/admin/coupons/{id}                              admin
";

/// Routes of the `scheduling` feature.
const SCHEDULING_TABLE: &str = "
GET    /api/admin/schedule/problem                          staff
";

fn table() -> Vec<(String, String, Access)> {
    let scheduling = if cfg!(feature = "scheduling") {
        SCHEDULING_TABLE
    } else {
        ""
    };
    TABLE
        .lines()
        .chain(scheduling.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let access = match cols[2] {
                "public" => Access::Public,
                "member" => Access::Member,
                "staff" => Access::Staff,
                "desk" => Access::Desk,
                "admin" => Access::Admin,
                other => panic!("unknown access {other}"),
            };
            (cols[0].to_owned(), cols[1].to_owned(), access)
        })
        .collect()
}

fn allowed(access: Access, caller: Option<&str>) -> bool {
    match (access, caller) {
        (Access::Public, _) => true,
        (_, None) => false,
        (Access::Member, Some(r)) => r == "member",
        (Access::Staff, Some(r)) => r != "member",
        (Access::Desk, Some(r)) => r == "admin" || r == "desk",
        (Access::Admin, Some(r)) => r == "admin",
    }
}

/// Fills path parameters with values that exist or at least parse.
fn concrete(path: &str) -> String {
    path.replace("{type}", "course")
        .replace("{name}", "0123456789abcdef0123456789abcdef.png")
        .replace("{id}", "1")
        .replace("{exception_id}", "1")
        .replace("{hold_id}", "1")
        .replace("{closure_id}", "1")
}

async fn every_route_enforces_its_roles(app: &TestApp) {
    let documented: BTreeSet<_> = documented_routes(app)
        .await
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    let rows = table();
    let listed: BTreeSet<_> = rows
        .iter()
        .map(|(m, p, _)| (m.clone(), p.clone()))
        .collect();
    let missing: Vec<_> = documented.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without an access rule: {missing:?}"
    );
    assert!(extra.is_empty(), "access rules without a route: {extra:?}");

    let callers: [(Option<&str>, Option<&str>); 5] = [
        (None, None),
        (Some("member"), Some(app.member.as_str())),
        (Some("coach"), Some(app.coach.as_str())),
        (Some("desk"), Some(app.desk.as_str())),
        (Some("admin"), Some(app.admin.as_str())),
    ];
    let mut failures = Vec::new();
    // Reads first, then writes, then deletes, so the probes disturb each other least.
    let order = |m: &str| match m {
        "GET" => 0,
        "DELETE" => 2,
        _ => 1,
    };
    let mut rows = rows;
    rows.sort_by_key(|(m, _, _)| order(m));
    for (method, path, access) in &rows {
        let uri = concrete(path);
        for (role, token) in callers {
            let m = Method::from_bytes(method.as_bytes()).unwrap();
            let body = (m != Method::GET && m != Method::DELETE).then(|| json!({}));
            let (status, b) = app.call(m, &uri, token, body).await;
            let ok = if allowed(*access, role) {
                status != StatusCode::UNAUTHORIZED
                    && status != StatusCode::FORBIDDEN
                    && !status.is_server_error()
            } else if role.is_none() {
                status == StatusCode::UNAUTHORIZED
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!("{method} {uri} as {role:?}: {status} {b}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
