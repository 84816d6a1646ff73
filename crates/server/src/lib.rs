//! Corredor's server: the HTTP API ([`http`], [`followup_api`]) and the
//! dashboard ([`ui`]) over the use cases of `corredor-app`. Handlers
//! identify the caller, run a use case on a pooled store connection and
//! map its [`corredor_app::Error`] to a status; the rules live below.

pub mod body;
pub mod followup_api;
pub mod http;
pub mod limits;
pub mod listen;
pub mod signed_in;
pub mod signins;
pub mod state;
pub mod ui;
