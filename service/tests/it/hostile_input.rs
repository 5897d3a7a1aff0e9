//! A client must never get a 500 for anything it sent. This walks every route of the OpenAPI
//! document (so a new route is probed without being listed here) with hostile input, as a
//! caller the route admits, and checks that every answer is below 500, that every error is
//! JSON, and that every 422 names its fields:
//! * each route with a JSON body gets a valid body in which one value at a time, at any depth,
//!   is replaced by a hostile value or removed (see [`valid_body`]; a route with a body but no
//!   entry there fails the test);
//! * each route gets bodies that are not the object it expects, bodies that are not JSON, and
//!   one that is too large;
//! * each query parameter in the document gets hostile values;
//! * each path parameter gets ids that do not exist, do not fit in 64 bits or are not numbers.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{PASSWORD, TestApp, documented_routes};

both_databases!(hostile_input_never_gets_a_500);

/// Values that break naive code: wrong types, extremes of every integer width, text that
/// PostgreSQL refuses (NUL), very long text, nonsense dates, nested structures.
fn hostile_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(0),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e300),
        json!(-0.5),
        json!(""),
        json!(" "),
        json!("a\u{0}b"),
        json!("x".repeat(5000)),
        json!("\u{202e}💥"),
        json!("%_\\'\""),
        json!([]),
        json!([null, -1]),
        json!({}),
        json!({"nested": {"deeper": [1, {"x": null}]}}),
        json!("9999-12-31T23:59:59Z"),
        json!("2026-02-30"),
        json!("25:61"),
    ]
}

/// Path parameter values: missing, negative, the largest id, too large for 64 bits, not a
/// number, NUL, dot segments.
const PATH_VALUES: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999999",
    "abc",
    "1.5",
    "%00",
    "%2e%2e",
    "%F0%9F%92%A5",
];

/// Query values.
const QUERY_VALUES: &[&str] = &[
    "",
    "-1",
    "0",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "abc",
    "1.5",
    "%00",
    "%25%5F",
    "%27%3B--",
    "2026-02-30",
];

/// The records the probes refer to, so that handlers get past their lookups: those of the
/// route cases, by collection.
struct Fixtures {
    ids: BTreeMap<&'static str, String>,
    course: i64,
    coach: i64,
}

async fn fixtures(app: &TestApp) -> Fixtures {
    let names = crate::route_cases::fixtures(app).await;
    let ids = [
        ("coaches", "coach"),
        ("horses", "horse"),
        ("arenas", "arena"),
        ("slot-templates", "slot"),
        ("members", "member"),
        ("products", "course"),
        ("coupons", "coupon"),
        ("staff", "staff"),
        ("exception_id", "exception"),
        ("hold_id", "hold"),
        ("closure_id", "closure"),
        ("name", "image"),
    ]
    .into_iter()
    .map(|(collection, name)| (collection, names[name].clone()))
    .collect();
    Fixtures {
        ids,
        course: names["course"].parse().unwrap(),
        coach: names["coach"].parse().unwrap(),
    }
}

/// A route's path with its parameters filled: `{id}` by the record of the collection before
/// it, the others by name; `replace` puts `value` into the named parameter instead.
fn fill(path: &str, f: &Fixtures, replace: Option<(&str, &str)>) -> String {
    let mut out = Vec::new();
    let mut previous = "";
    for seg in path.split('/') {
        let filled = match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => match replace {
                Some((p, v)) if p == param => v.to_owned(),
                _ => match param {
                    "id" => f.ids.get(previous).cloned().unwrap_or_else(|| "1".into()),
                    "type" => "course".to_owned(),
                    other => f.ids.get(other).cloned().unwrap_or_else(|| "1".into()),
                },
            },
            None => seg.to_owned(),
        };
        previous = seg;
        out.push(filled);
    }
    out.join("/")
}

/// A body each route accepts, to be spoiled one value at a time. `None`: the route takes no
/// JSON body (or a multipart one, probed in the products tests).
fn valid_body(method: &str, path: &str, f: &Fixtures) -> Option<Value> {
    let window = json!([{"weekday": 1, "start_time": "09:00", "end_time": "12:00"}]);
    let interval = json!({"starts_at": "2026-12-01T08:00:00+08:00",
                          "ends_at": "2026-12-03T08:00:00+08:00", "reason": "probe"});
    let quote = json!({"quantity": 2, "riders": 1, "rider_level": "novice",
                       "starts_at": "2026-12-05T10:00:00+08:00", "coupon_code": "WELCOME"});
    let coupon = json!({"code": "PROBE", "discount": {"kind": "percent", "percent_off": 20,
                        "max_discount": 5000}, "valid_from": "2026-01-01T00:00:00Z",
                        "valid_until": "2099-01-01T00:00:00Z", "min_spend_fen": 100,
                        "total_limit": 10, "per_member_limit": 1, "product_types": ["course"],
                        "active": true});
    Some(match (method, path) {
        ("POST", "/api/common/auth/staff/login") => {
            json!({"username": "admin", "password": PASSWORD})
        }
        ("POST", "/api/common/auth/wechat/login") => json!({"code": "probe"}),
        ("PUT", "/api/mini/me")
        | ("POST" | "PUT", "/api/admin/members" | "/api/admin/members/{id}") => {
            json!({"name": "Probe", "phone": "13700000000", "level": "novice", "weight_kg": 50,
                   "notes": "probe"})
        }
        ("POST", "/api/mini/quote") => {
            let mut q = quote;
            q["product_id"] = json!(f.course);
            q
        }
        ("POST", "/api/admin/products/{id}/quote") => quote,
        ("POST" | "PUT", "/api/admin/staff" | "/api/admin/staff/{id}") => {
            json!({"username": "probe", "display_name": "Probe", "role": "coach",
                   "coach_id": f.coach, "active": true,
                   "password": "long enough"})
        }
        ("PUT", "/api/admin/club") => {
            json!({"name": "Probe club", "time_zone": "Asia/Shanghai", "opens_at": "08:00",
                   "closes_at": "20:00", "slot_minutes": 15})
        }
        ("POST" | "PUT", "/api/admin/coaches" | "/api/admin/coaches/{id}") => {
            json!({"name": "Probe", "phone": "13700000000", "qualifications": ["dressage"],
                   "max_lessons_per_day": 5, "max_work_minutes_per_day": 300, "active": true,
                   "availability": window})
        }
        ("POST", "/api/admin/coaches/{id}/exceptions") => {
            json!({"date": "2026-12-26", "start_time": "14:00", "end_time": "18:00",
                   "available": false, "reason": "probe"})
        }
        ("POST" | "PUT", "/api/admin/horses" | "/api/admin/horses/{id}") => {
            json!({"name": "Probe", "min_level": "novice", "max_level": "advanced",
                   "max_rider_weight_kg": 90, "max_lessons_per_day": 3,
                   "max_work_minutes_per_day": 150, "min_rest_minutes": 30,
                   "rest_weekdays": [1], "school_horse": true, "active": true,
                   "notes": "probe", "availability": window})
        }
        ("POST", "/api/admin/horses/{id}/vet-holds" | "/api/admin/arenas/{id}/closures") => {
            interval
        }
        ("POST" | "PUT", "/api/admin/arenas" | "/api/admin/arenas/{id}") => {
            json!({"name": "Probe", "tags": ["indoor"], "capacity": 3, "active": true})
        }
        ("POST" | "PUT", "/api/admin/slot-templates" | "/api/admin/slot-templates/{id}") => {
            json!({"name": "Probe", "weekdays": [1, 3], "start_time": "09:00",
                   "end_time": "10:00", "active": true})
        }
        ("POST", "/api/admin/products") => {
            let mut p = crate::products::private_course("Probe");
            p["summary"] = json!("probe");
            p["coach_ids"] = json!([f.coach]);
            p
        }
        ("PATCH", "/api/admin/products/{id}") => {
            json!({"name": "Probe patched", "summary": "probe", "status": "on_sale",
                   "coach_ids": [f.coach],
                   "attributes": {"duration_minutes": 60,
                                  "price_list": {"tiers": [{"min_quantity": 1, "unit_price": 100}]}}})
        }
        ("POST" | "PUT", "/api/admin/coupons" | "/api/admin/coupons/{id}") => coupon,
        _ => return None,
    })
}

/// Extra valid bodies for routes whose body varies by kind (each product type has its form).
fn more_bodies(method: &str, path: &str, f: &Fixtures) -> Vec<Value> {
    match (method, path) {
        ("POST", "/api/admin/products") => vec![
            json!({"product_type": "lesson_package", "name": "Probe package", "status": "on_sale",
                   "attributes": {"lesson_format": "private",
                                  "course_id": f.course,
                                  "lesson_count": 10, "validity_days": 90,
                                  "price_fen": 420000, "stock": 5,
                                  "sale_ends_on": "2027-01-31"}}),
            json!({"product_type": "activity", "name": "Probe activity", "status": "on_sale",
                   "attributes": {"activity_kind": "trail_ride",
                                  "starts_at": "2027-04-10T09:00:00+08:00",
                                  "ends_at": "2027-04-10T13:00:00+08:00", "place": "West Hills",
                                  "capacity": 12, "price_fen": 68000, "refundable": true,
                                  "refund_deadline_hours": 48}}),
        ],
        _ => Vec::new(),
    }
}

/// Every JSON pointer into `v` (object members and array elements, at any depth).
fn pointers(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}/{k}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{prefix}/{i}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        _ => {}
    }
}

/// `v` with the value at `pointer` replaced, or removed when `new` is `None`.
fn spoil(v: &Value, pointer: &str, new: Option<&Value>) -> Value {
    let mut out = v.clone();
    match new {
        Some(n) => *out.pointer_mut(pointer).unwrap() = n.clone(),
        None => {
            let (parent, last) = pointer.rsplit_once('/').unwrap();
            match out.pointer_mut(parent).unwrap() {
                Value::Object(m) => {
                    m.remove(last);
                }
                Value::Array(a) => {
                    a.remove(last.parse::<usize>().unwrap());
                }
                _ => unreachable!(),
            }
        }
    }
    out
}

/// Makes the unique values of a body (names, codes, usernames, phones) fresh, unless the probe
/// is about that value, so probes reach past the uniqueness checks.
fn freshen(body: &mut Value, probed: &str, n: usize) {
    let Some(obj) = body.as_object_mut() else {
        return;
    };
    for key in ["name", "code", "username", "phone"] {
        if probed == format!("/{key}") {
            continue;
        }
        if let Some(Value::String(s)) = obj.get_mut(key) {
            *s = if key == "phone" {
                format!("137{n:08}")
            } else {
                format!("{s}{n}")
            };
        }
    }
}

struct Probe<'a> {
    app: &'a TestApp,
    failures: Vec<String>,
    count: usize,
}

impl Probe<'_> {
    async fn send(
        &mut self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) {
        self.count += 1;
        let mut req = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(uri);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let shown = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        let (status, answer) = self.app.send(req.body(Body::from(body)).unwrap()).await;
        let problem = if status.is_server_error() {
            Some("a server error")
        } else if status.is_client_error() && !answer["error"].is_string() {
            Some("an error that is not our JSON error body")
        } else if status == StatusCode::UNPROCESSABLE_ENTITY
            && !answer["errors"].as_array().is_some_and(|e| {
                !e.is_empty()
                    && e.iter()
                        .all(|x| x["field"].as_str().is_some_and(|f| !f.is_empty()))
            })
        {
            Some("a 422 that does not name its fields")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.failures.push(format!(
                "{method} {uri} {shown}\n    -> {problem}: {status} {answer}"
            ));
        }
    }

    async fn json(&mut self, method: &str, uri: &str, token: Option<&str>, body: &Value) {
        let bytes = body.to_string().into_bytes();
        self.send(method, uri, token, Some("application/json"), bytes)
            .await;
    }
}

async fn hostile_input_never_gets_a_500(app: &TestApp) {
    let f = fixtures(app).await;
    // Writes first and deletes last, so that the fixtures live as long as possible.
    let mut routes = documented_routes(app).await;
    let order = |m: &str| match m {
        "DELETE" => 2,
        "GET" => 1,
        _ => 0,
    };
    routes.sort_by_key(|r| (order(&r.method), r.path.clone()));

    let mut probe = Probe {
        app,
        failures: Vec::new(),
        count: 0,
    };
    let values = hostile_values();
    let mut n = 0;
    for route in &routes {
        let (method, path, query) = (&route.method, &route.path, &route.query);
        let token = if path.starts_with("/api/mini") {
            Some(app.member.as_str())
        } else {
            Some(app.admin.as_str())
        };
        let uri = fill(path, &f, None);

        if route.has_body && !path.ends_with("/images") {
            let Some(body) = valid_body(method, path, &f) else {
                probe
                    .failures
                    .push(format!("{method} {path}: no valid body to probe with"));
                continue;
            };
            let mut bodies = vec![body];
            bodies.extend(more_bodies(method, path, &f));
            for body in &bodies {
                let mut ptrs = Vec::new();
                pointers(body, "", &mut ptrs);
                for p in &ptrs {
                    for v in values.iter().map(Some).chain([None]) {
                        n += 1;
                        let mut spoiled = spoil(body, p, v);
                        freshen(&mut spoiled, p, n);
                        probe.json(method, &uri, token, &spoiled).await;
                    }
                }
            }
        }
        if method != "GET" && method != "DELETE" {
            // Not the object the route expects, not JSON, not UTF-8, too large.
            for v in &values {
                probe.json(method, &uri, token, v).await;
            }
            for (ct, bytes) in [
                (Some("application/json"), b"{\"name\": ".to_vec()),
                (
                    Some("application/json"),
                    b"{\"name\": \"\xff\xfe\"}".to_vec(),
                ),
                (Some("application/json"), "[".repeat(10_000).into_bytes()),
                (Some("application/json"), Vec::new()),
                (Some("text/plain"), b"{}".to_vec()),
                (None, b"{}".to_vec()),
                (Some("multipart/form-data"), b"--x--".to_vec()),
                (
                    Some("application/json"),
                    format!("{{\"name\": \"{}\"}}", "x".repeat(3 * 1024 * 1024)).into_bytes(),
                ),
            ] {
                probe.send(method, &uri, token, ct, bytes).await;
            }
        }
        for q in query {
            for v in QUERY_VALUES {
                let base = if path.ends_with("/schedule/problem") {
                    "from=2026-12-07&to=2026-12-13&"
                } else {
                    ""
                };
                probe
                    .send(
                        method,
                        &format!("{uri}?{base}{q}={v}"),
                        token,
                        None,
                        Vec::new(),
                    )
                    .await;
            }
        }
        let params: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for param in params {
            for v in PATH_VALUES {
                let uri = fill(path, &f, Some((param, v)));
                let body = (method != "GET" && method != "DELETE")
                    .then(|| valid_body(method, path, &f))
                    .flatten();
                match body {
                    Some(b) => probe.json(method, &uri, token, &b).await,
                    None => probe.send(method, &uri, token, None, Vec::new()).await,
                }
            }
        }
    }
    assert!(probe.count > 1000, "only {} probes", probe.count);
    assert!(
        probe.failures.is_empty(),
        "{} of {} probes failed:\n{}",
        probe.failures.len(),
        probe.count,
        probe.failures.join("\n")
    );
}
