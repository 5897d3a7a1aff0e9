//! The test app: a fresh database per test (a temporary SQLite file, or a uniquely named
//! PostgreSQL database created through `PADDOCK_TEST_POSTGRES_URL` and dropped afterwards), a
//! fake WeChat login server on a random local port, and request helpers that drive the
//! router in-process with `tower::ServiceExt::oneshot`.

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use paddock_service::auth::{Role, create_staff_user, password};
use paddock_service::{AppState, Config, Db};
use serde_json::Value;
use tower::ServiceExt;

/// Writes a test twice: on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::sqlite().await;
                super::$name(&app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::TestApp::postgres().await {
                    super::$name(&app).await;
                    app.teardown().await;
                }
            }
        }
    )+};
}

/// The password of every staff user the tests create.
pub const PASSWORD: &str = "correct horse battery";

/// Argon2 is slow in debug builds; hash the shared password once per test binary.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD).expect("hash"))
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: Db,
    _files: tempfile::TempDir,
    pg: Option<(String, String)>,
    /// Tokens by role.
    pub admin: String,
    pub desk: String,
    pub coach: String,
    pub member: String,
    pub member_id: i64,
    pub admin_id: i64,
}

async fn fake_wechat() -> String {
    use axum::extract::Query;
    use axum::routing::get;
    use std::collections::HashMap;
    async fn session(Query(q): Query<HashMap<String, String>>) -> String {
        // The real API answers JSON with text/plain; so does the fake.
        if q.get("secret").map(String::as_str) != Some("test-appsecret")
            || q.get("appid").map(String::as_str) != Some("wx-test")
        {
            return r#"{"errcode":40125,"errmsg":"invalid appsecret"}"#.into();
        }
        match q.get("js_code").map(String::as_str) {
            Some("bad-code") | None => r#"{"errcode":40029,"errmsg":"invalid code"}"#.into(),
            Some("garbage") => "<html>oops</html>".into(),
            Some(code) => {
                serde_json::json!({"openid": format!("openid-{code}"), "session_key": "k"})
                    .to_string()
            }
        }
    }
    let app = Router::new().route("/sns/jscode2session", get(session));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn random_suffix() -> String {
    use rand::RngCore;
    let mut b = [0u8; 6];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        Self::start(url, dir, None).await
    }

    /// `None` (and a loud message) when PostgreSQL is not configured, except in CI.
    pub async fn postgres() -> Option<TestApp> {
        let Ok(admin_url) = std::env::var("PADDOCK_TEST_POSTGRES_URL") else {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("PADDOCK_TEST_POSTGRES_URL must be set in CI");
            }
            eprintln!("SKIPPED: PADDOCK_TEST_POSTGRES_URL not set");
            return None;
        };
        let name = format!("paddock_test_{}", random_suffix());
        admin_sql(&admin_url, &format!("CREATE DATABASE {name}")).await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_owned())
            .unwrap_or(admin_url.clone());
        let url = format!("{base}/{name}");
        let dir = tempfile::tempdir().unwrap();
        Some(Self::start(url, dir, Some((admin_url, name))).await)
    }

    async fn start(url: String, dir: tempfile::TempDir, pg: Option<(String, String)>) -> TestApp {
        // Server faults are logged; show them in the failing test's output.
        paddock_service::telemetry::init(&paddock_service::config::LogConfig {
            format: paddock_service::config::LogFormat::Text,
            filter: "error".into(),
        });
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let mut config = Config {
            database_url: url,
            ..Config::default()
        };
        config.auth.jwt_secret = Some("test-secret-test-secret-test-secret".to_owned().into());
        config.wechat.appid = "wx-test".into();
        config.wechat.appsecret = Some("test-appsecret".to_owned().into());
        config.wechat.api_base_url = fake_wechat().await;
        config.uploads.dir = dir.path().join("uploads");
        config.uploads.max_bytes = 64 * 1024;
        let state = AppState::new(db.clone(), &config).unwrap();
        let router = paddock_service::http::app(state.clone());
        let hash = password_hash();
        let admin_id = create_staff_user(&db, "admin", "Admin", Role::Admin, hash)
            .await
            .unwrap();
        let desk_id = create_staff_user(&db, "desk", "Desk", Role::FrontDesk, hash)
            .await
            .unwrap();
        let coach_id = create_staff_user(&db, "coach", "Coach", Role::Coach, hash)
            .await
            .unwrap();
        let mut app = TestApp {
            admin: state.tokens.issue(admin_id, Role::Admin).unwrap(),
            desk: state.tokens.issue(desk_id, Role::FrontDesk).unwrap(),
            coach: state.tokens.issue(coach_id, Role::Coach).unwrap(),
            member: String::new(),
            member_id: 0,
            admin_id,
            router,
            state,
            db,
            _files: dir,
            pg,
        };
        // A member through the real WeChat login flow.
        let (status, body) = app
            .post(
                "/api/common/auth/wechat/login",
                None,
                serde_json::json!({"code": "member-1"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app.member = body["token"].as_str().unwrap().to_owned();
        app.member_id = body["member"]["id"].as_i64().unwrap();
        app
    }

    /// Drops the PostgreSQL database (SQLite's file goes with its temporary directory).
    pub async fn teardown(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = &self.pg {
            admin_sql(
                admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }

    pub async fn send(&self, req: Request<Body>) -> (StatusCode, Value) {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, body)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        self.send(req).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, token, None).await
    }

    /// Creates something as admin and returns its id, failing the test otherwise.
    pub async fn create(&self, path: &str, body: Value) -> i64 {
        let (status, b) = self.post(path, Some(&self.admin), body).await;
        assert_eq!(status, StatusCode::CREATED, "POST {path}: {b}");
        b["id"].as_i64().unwrap()
    }
}

async fn admin_sql(admin_url: &str, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to PADDOCK_TEST_POSTGRES_URL");
    sqlx::raw_sql(sql).execute(&mut conn).await.expect(sql);
    let _ = conn.close().await;
}

/// The fields named in a 422 body.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A route of the OpenAPI document, which is generated from the router.
pub struct Route {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The documented path, parameters in braces (`/api/admin/coaches/{id}`).
    pub path: String,
    /// Whether it takes a request body.
    pub has_body: bool,
    /// Its query parameters.
    pub query: Vec<String>,
}

/// Every route of the OpenAPI document, sorted by path then method.
pub async fn documented_routes(app: &TestApp) -> Vec<Route> {
    let (status, doc) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let query = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            routes.push(Route {
                method: method.to_uppercase(),
                path: path.clone(),
                has_body: op.get("requestBody").is_some(),
                query,
            });
        }
    }
    routes
}
