//! The caller of an operation that needs a token.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use corredor_app::auth::{Actor, Role};
use corredor_app::Error;

use crate::state::{ApiError, AppState, Caller};

/// A caller who sent a valid token. An operation that needs one takes this
/// instead of [`Caller`], so that the public is answered `401` before
/// anything it sent is read or checked: a refusal then says nothing about
/// the request, and the answer is the one the OpenAPI document promises
/// for a missing `Authorization` header.
pub struct SignedIn(pub Actor);

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Caller(actor) = Caller::from_request_parts(parts, state).await?;
        if actor.role == Role::Public {
            return Err(ApiError(Error::Unauthorized(
                "this needs a token: send Authorization: Bearer <token>".into(),
            )));
        }
        Ok(SignedIn(actor))
    }
}
