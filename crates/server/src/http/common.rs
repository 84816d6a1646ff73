//! What the API's handlers share: the libraries they speak, the state
//! and caller they stand on, and how query parameters and bodies are read.

pub(super) use std::net::SocketAddr;
pub(super) use std::sync::Arc;
pub(super) use std::time::Duration;

pub(super) use axum::body::{Body, Bytes};
pub(super) use axum::extract::{DefaultBodyLimit, Path, Query, State};
pub(super) use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
pub(super) use axum::middleware::Next;
pub(super) use axum::response::{IntoResponse, Response};
pub(super) use axum::routing::{get, post};
pub(super) use axum::{Json, Router};
pub(super) use corredor_ingest::{Format, Options};
pub(super) use corredor_model::{AlertStatus, Period, SeriesKey, ShareLevel};
pub(super) use corredor_store::{Filter, ReadOptions};
pub(super) use serde::{Deserialize, Serialize};
pub(super) use tower_http::catch_panic::CatchPanicLayer;
pub(super) use tower_http::compression::CompressionLayer;
pub(super) use tower_http::limit::RequestBodyLimitLayer;
pub(super) use tower_http::set_header::SetResponseHeaderLayer;
pub(super) use tower_http::trace::TraceLayer;
pub(super) use utoipa::{IntoParams, OpenApi, ToSchema};

pub(super) use corredor_app::alerts::{self, StoredAlert};
pub(super) use corredor_app::answers::{self, KeyAnswer, PlacementAnswer, Problems};
pub(super) use corredor_app::auth::{Actor, Role};
pub(super) use corredor_app::export::{self, ExportFormat};
pub(super) use corredor_app::keys::{Published, PublishedKey};
pub(super) use corredor_app::observations::{self, ImportAnswer, Scan};
pub(super) use corredor_app::pipeline::{Input, RefusalReport, Request};
pub(super) use corredor_app::protocol::{self, TaskQuery};
pub(super) use corredor_app::series::{self, SeriesDetail};
pub(super) use corredor_app::{atom, audit, cap, lease, webhook, Error};

pub(super) use crate::body::JsonBody;
pub(super) use crate::signed_in::SignedIn;
pub(super) use crate::state::*;

/// The whole body of a request whose caller has been checked; the layers
/// of its route bound its size.
pub(super) async fn received(body: Body) -> corredor_app::Result<Bytes> {
    axum::body::to_bytes(body, IMPORT_LIMIT)
        .await
        .map_err(|e| Error::Invalid(format!("the request's body could not be received: {e}")))
}

/// Bodies of data submissions may be large; everything else is small.
pub(super) const IMPORT_LIMIT: usize = 256 << 20;
pub(super) const BODY_LIMIT: usize = 1 << 20;

// ---------------------------------------------------------------- query parameters

/// A comma-separated query parameter as a list, blanks dropped.
pub(super) fn list_param(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A period query parameter (`2023-08`, `2023-W34`, `2023-08-15`), named in
/// its error.
pub(super) fn period_param(v: &Option<String>, name: &str) -> corredor_app::Result<Option<Period>> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<Period>()
                .map_err(|e| Error::Invalid(format!("{name}={s}: {e}")))
        })
        .transpose()
}

/// Countries given as codes or names, as alpha-3 codes.
pub(super) fn countries(v: &Option<String>, what: &str) -> corredor_app::Result<Vec<String>> {
    corredor_model::country::codes(&list_param(v), what).map_err(Error::Invalid)
}
