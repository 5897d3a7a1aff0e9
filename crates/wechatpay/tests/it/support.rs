//! Shared helpers: where the public test vectors live, and how to read them.

use std::path::PathBuf;

/// The published WeChat Pay test vectors, beside the repository (read-only, public test keys).
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/wechatpay-vectors"
    ))
}

/// Reads a file from the vectors folder.
pub fn vector_file(name: &str) -> String {
    let path = vectors_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `vectors.json`, parsed.
pub fn vectors() -> serde_json::Value {
    serde_json::from_str(&vector_file("vectors.json")).expect("vectors.json is json")
}

/// A string field of a vector.
pub fn field<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector field {key} is a string"))
}
