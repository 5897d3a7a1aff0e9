//! Structured logs: every request is a JSON line with its method, URI, status and latency, and
//! no line holds a secret (passwords from bodies, bearer tokens from headers, the JWT key, the
//! WeChat AppSecret the login sends upstream). The logs do not depend on the database, so this
//! runs on SQLite only.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use paddock_service::config::{LogConfig, LogFormat};
use serde_json::{Value, json};
use tracing_subscriber::fmt::MakeWriter;

use crate::helpers::{PASSWORD, TestApp};

/// Log lines kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> MakeWriter<'w> for Captured {
    type Writer = Captured;

    fn make_writer(&'w self) -> Self::Writer {
        self.clone()
    }
}

// One thread: the subscriber is this thread's default, and every request runs on it.
#[tokio::test(flavor = "current_thread")]
async fn requests_are_json_lines_without_secrets() {
    let app = TestApp::sqlite().await;
    let captured = Captured::default();
    let config = LogConfig {
        format: LogFormat::Json,
        filter: "info".into(),
    };
    let guard = tracing::subscriber::set_default(paddock_service::telemetry::subscriber(
        &config,
        captured.clone(),
    ));

    let (s, login) = app
        .post(
            "/api/common/auth/staff/login",
            None,
            json!({"username": "admin", "password": PASSWORD}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{login}");
    let token = login["token"].as_str().unwrap().to_owned();
    let (s, _) = app.get("/api/admin/coaches", Some(&token)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .post(
            "/api/common/auth/wechat/login",
            None,
            json!({"code": "garbage"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_GATEWAY, "an upstream failure is logged");
    drop(guard);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let answered = |uri: &str, status: u64| {
        lines.iter().any(|l| {
            l["span"]["uri"] == uri
                && l["span"]["method"] == "GET"
                && l["fields"]["status"] == status
                && l["fields"]["latency"].is_string()
        })
    };
    assert!(answered("/api/admin/coaches", 200), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "staff login"
                && l["fields"]["user_id"] == app.admin_id),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["level"] == "ERROR" && l["fields"]["message"] == "upstream error"),
        "{text}"
    );
    for secret in [
        PASSWORD,
        token.as_str(),
        "test-secret-test-secret-test-secret",
        "test-appsecret",
    ] {
        assert!(!text.contains(secret), "{secret:?} logged:\n{text}");
    }
    app.teardown().await;
}
