//! Uploaded files, served publicly by their random names (`/api/common/files/{name}`).

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use rand::RngCore;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::Path;
use crate::error::{Error, Result};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_file))
}

/// A fresh unguessable file name stem: 32 hex digits.
pub(crate) fn random_name() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The content type of a name we generated, or `None` for any other name (which also keeps
/// `..` and slashes out of the path).
fn content_type(name: &str) -> Option<&'static str> {
    let (stem, ext) = name.split_once('.')?;
    if stem.len() != 32 || !stem.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match ext {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// An uploaded file.
#[utoipa::path(get, path = "/files/{name}", tag = "files", params(("name" = String, Path)),
    responses((status = 200, content_type = "image/*", body = Vec<u8>), (status = 404)))]
async fn get_file(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<impl IntoResponse> {
    let ct = content_type(&name).ok_or(Error::NotFound)?;
    let bytes = tokio::fs::read(state.uploads.dir.join(&name))
        .await
        .map_err(|_| Error::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_generated_names_are_served() {
        let n = format!("{}.png", super::random_name());
        assert_eq!(super::content_type(&n), Some("image/png"));
        assert_eq!(super::content_type("../../etc/passwd"), None);
        assert_eq!(
            super::content_type("0123456789abcdef0123456789abcdef.svg"),
            None
        );
    }
}
