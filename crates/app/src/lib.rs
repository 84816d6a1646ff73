//! Corredor's use cases: what the command line, the HTTP API and the
//! scheduler all call, so that an import, a rescan or an acknowledgement
//! means the same thing by every road and is audited the same way.
//!
//! [`observations`] is the import use case (rows, audit and the early
//! warning as one unit); [`engine`] runs the early warning over the store;
//! [`alerts`], [`protocol`] and [`webhook`] are the alert workflow;
//! [`auth`] and [`audit`] say who acts and record it; [`cap`] and [`atom`]
//! publish alerts; [`followup`] is the secretariat's store side.
//!
//! Every read for someone other than the local operator goes through
//! [`auth::Actor::access`] into the store's one visibility rule. This crate
//! knows nothing of HTTP: the server maps [`Error`] to status codes.

pub mod alerts;
pub mod answers;
pub mod atom;
pub mod audit;
pub mod auth;
pub mod cap;
pub mod capacity;
pub mod clock;
pub mod engine;
pub mod export;
pub mod fault;
pub mod followup;
pub mod keys;
pub mod labour;
pub mod lease;
pub mod observations;
pub mod pipeline;
pub mod protocol;
pub mod quality;
pub mod scan;
pub mod series;
pub mod session;
pub mod webhook;
pub mod workflow;

/// What a service can refuse, and why; the API maps each to its status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// Other writes held the store longer than this one waits, or the
    /// write ran past its request's deadline; nothing was written, and the
    /// same request may be sent again.
    #[error("{0}")]
    Busy(String),
    #[error(transparent)]
    Store(corredor_store::StoreError),
    /// Reading a file or writing an answer failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<corredor_store::StoreError> for Error {
    fn from(e: corredor_store::StoreError) -> Error {
        match e {
            // Bad input the store refuses alike on both backends.
            corredor_store::StoreError::Nul => Error::Invalid(e.to_string()),
            // Told without the store's words, which can hold other rows'
            // values (an id another country registered).
            corredor_store::StoreError::Conflict(_) => Error::Conflict(
                "another write changed the same records meanwhile: read them again and retry"
                    .into(),
            ),
            // Rolled back: nothing was written, and it may be sent again.
            corredor_store::StoreError::Busy(_) | corredor_store::StoreError::TimedOut => {
                Error::Busy(e.to_string())
            }
            e => Error::Store(e),
        }
    }
}

impl From<corredor_model::Refusal> for Error {
    fn from(r: corredor_model::Refusal) -> Error {
        match r {
            corredor_model::Refusal::NeedsToken(m) => Error::Unauthorized(m),
            corredor_model::Refusal::Forbidden(m) => Error::Forbidden(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn a_conflict_is_told_without_the_stores_words() {
        let e = Error::from(corredor_store::StoreError::Conflict(
            "duplicate key value violates unique constraint: Key (id)=(W-0001) already exists"
                .into(),
        ));
        assert!(matches!(&e, Error::Conflict(_)), "{e:?}");
        assert!(!e.to_string().contains("W-0001"), "{e}");
    }
}
