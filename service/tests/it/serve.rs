//! `paddock_service::serve` end to end: migrate, seed the demo club, answer over TCP.

use std::time::Duration;

use paddock_service::Config;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_migrates_seeds_the_demo_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = Config {
        database_url: format!("sqlite://{}", dir.path().join("demo.db").display()),
        bind: format!("127.0.0.1:{port}").parse().unwrap(),
        ..Config::default()
    };
    config.uploads.dir = dir.path().join("uploads");
    let server = tokio::spawn(paddock_service::serve(config, true));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/api/common/products");
    let mut answer = None;
    for _ in 0..100 {
        if let Ok(resp) = client.get(&url).send().await {
            answer = Some(resp.json::<serde_json::Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.abort();
    let page = answer.expect("the server answered");
    assert_eq!(page["total"], 4, "{page}");
}
