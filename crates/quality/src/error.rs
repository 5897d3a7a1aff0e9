//! What can go wrong around a quality run (the solve itself never fails).

use std::path::PathBuf;

/// An error reading an instance or writing a report.
#[derive(Debug, thiserror::Error)]
pub enum QualityError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A problem file is not a valid JSON problem document.
    #[error("{path}: not a problem document: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// A problem document that the model rejects.
    #[error("{path}: invalid problem: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: paddock_solver::ModelError,
    },
}

impl QualityError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        QualityError::Io {
            path: path.to_owned(),
            source,
        }
    }
}
