//! What the secretariat's handlers share: the libraries they speak, the
//! state and caller they stand on, and how a date parameter is read.

pub(super) use std::str::FromStr;
pub(super) use std::sync::Arc;

pub(super) use axum::extract::{Path, Query, State};
pub(super) use axum::http::{header, StatusCode};
pub(super) use axum::response::{IntoResponse, Response};
pub(super) use axum::routing::{get, post};
pub(super) use axum::{Json, Router};
pub(super) use chrono::NaiveDate;
pub(super) use corredor_followup::commitment::{self, Commitment, MonitoringReport};
pub(super) use corredor_followup::consistency::{Effect, NationalMeasure};
pub(super) use corredor_followup::indicator::{self, Indicator, Measurement};
pub(super) use corredor_followup::pledge::{self, Currency};
pub(super) use corredor_followup::registry::{self, Role as Standing};
pub(super) use corredor_followup::{calendar, consistency, iati, overlap, presidency, themes};
pub(super) use serde::{Deserialize, Serialize};
pub(super) use utoipa::{IntoParams, OpenApi, ToSchema};

pub(super) use crate::body::JsonBody;
pub(super) use crate::signed_in::SignedIn;
pub(super) use crate::state::{ApiError, AppState, Caller};
pub(super) use corredor_app::followup::{self as service, ImportError};
pub(super) use corredor_app::Error;

pub(super) type ApiResult<T> = Result<T, ApiError>;

pub(super) use corredor_app::clock::day_param as date_param;
