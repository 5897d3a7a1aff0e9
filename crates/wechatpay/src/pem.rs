//! A minimal PEM reader: we only need "find the block with this label and base64-decode it".
//!
//! It is deliberately lenient about text around the block (the public Go SDK test keys come
//! wrapped in source-code quotes), and strict about the block itself.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Why a PEM block could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PemError {
    /// No `-----BEGIN <label>-----` line was found.
    #[error("pem: no \"{0}\" block found")]
    MissingBlock(String),
    /// The block has a BEGIN line but no matching END line.
    #[error("pem: \"{0}\" block has no END line")]
    Unterminated(String),
    /// The block body is not valid base64.
    #[error("pem: \"{0}\" block body is not valid base64")]
    Base64(String),
}

/// Returns the DER bytes of the first block whose label is one of `labels`, and the label found.
pub(crate) fn decode_first<'l>(
    text: &str,
    labels: &[&'l str],
) -> Result<(&'l str, Vec<u8>), PemError> {
    // Pick the label whose BEGIN line appears first, so a file with several blocks is read in order.
    let found = labels
        .iter()
        .filter_map(|label| {
            let begin = format!("-----BEGIN {label}-----");
            text.find(&begin).map(|at| (at + begin.len(), *label))
        })
        .min_by_key(|(at, _)| *at);
    let Some((body_start, label)) = found else {
        return Err(PemError::MissingBlock(labels.join("\" or \"")));
    };
    let end = format!("-----END {label}-----");
    let rest = &text[body_start..];
    let Some(body_len) = rest.find(&end) else {
        return Err(PemError::Unterminated(label.to_owned()));
    };
    let body: String = rest[..body_len]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = STANDARD
        .decode(body.as_bytes())
        .map_err(|_| PemError::Base64(label.to_owned()))?;
    Ok((label, der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_block_wrapped_in_source_quotes() {
        let text = "\tkey = `-----BEGIN PUBLIC KEY-----\nAAEC\nAw==\n-----END PUBLIC KEY-----`\n";
        let (label, der) = decode_first(text, &["PUBLIC KEY"]).unwrap();
        assert_eq!(label, "PUBLIC KEY");
        assert_eq!(der, vec![0, 1, 2, 3]);
    }

    #[test]
    fn missing_and_unterminated_blocks_are_errors() {
        assert!(matches!(
            decode_first("nothing", &["X"]),
            Err(PemError::MissingBlock(_))
        ));
        assert!(matches!(
            decode_first("-----BEGIN X-----\nAAAA\n", &["X"]),
            Err(PemError::Unterminated(_))
        ));
        assert!(matches!(
            decode_first("-----BEGIN X-----\n!!!\n-----END X-----", &["X"]),
            Err(PemError::Base64(_))
        ));
    }
}
