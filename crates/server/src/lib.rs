//! Corredor's services and its server.
//!
//! The services ([`pipeline`], [`engine`], [`alerts`], [`auth`], [`audit`],
//! [`protocol`], [`webhook`]) are what the command line and the HTTP API
//! both call: an import, a rescan, an acknowledgement mean the same thing
//! by either road, and are audited the same way. [`http`] is the API and
//! [`cap`] and [`atom`] the published formats of alerts.
//!
//! Every read for someone other than the local operator goes through
//! [`auth::Actor::access`] into the store's one visibility rule.

pub mod alerts;
pub mod atom;
pub mod audit;
pub mod auth;
pub mod cap;
pub mod clock;
pub mod engine;
pub mod export;
pub mod followup;
pub mod followup_api;
pub mod http;
pub mod keys;
pub mod lease;
pub mod pipeline;
pub mod protocol;
pub mod ui;
pub mod webhook;

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
    #[error(transparent)]
    Store(#[from] corredor_store::StoreError),
    #[error("{0}")]
    Internal(String),
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Error {
        Error::Internal(format!("{e:#}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;
