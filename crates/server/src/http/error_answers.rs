//! The error answers of the OpenAPI document: each operation lists the
//! errors its shape lets it give, so that the document is true to the
//! wire (schemathesis checks every status code the server sends against
//! it, `crates/cli/tests/schemathesis.rs`).
//!
//! The errors follow from what every handler does, not from each one's
//! logic: every operation checks its address (`400`, see `address`) and
//! identifies its caller (a token that is not valid is `401`, a role that
//! may not is `403`); one with parameters or a body checks them (`400`)
//! and one that names something (in its path, its query or its body) may
//! name what does not exist or is not visible (`404`); a write may
//! conflict with what the store holds (`409`); one with a body may be sent too much (`413`), the
//! wrong content type (`415`) or JSON of the wrong shape (`422`). An
//! operation's own description of a status, when it has one, is kept.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, RefOr, ResponseBuilder};

use super::common::*;

/// The body of every error the server answers itself.
#[derive(Serialize, ToSchema)]
pub(super) struct ErrorBody {
    /// What went wrong and, where it can, what to do.
    pub error: String,
}

pub(super) struct ErrorAnswers;

impl utoipa::Modify for ErrorAnswers {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.schemas.insert(
            "ErrorBody".into(),
            <ErrorBody as utoipa::PartialSchema>::schema(),
        );
        for item in doc.paths.paths.values_mut() {
            for (op, write) in [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.delete, true),
            ] {
                if let Some(op) = op {
                    document(op, write);
                }
            }
        }
    }
}

fn document(op: &mut Operation, write: bool) {
    let has_body = op.request_body.is_some();
    let params = op.parameters.as_deref().unwrap_or_default();
    let mut answers = vec![
        (
            400,
            "the address, a parameter or the body is not valid; the error says which",
        ),
        (401, "the Authorization header is not a valid bearer token"),
        (403, "the caller's role may not do this"),
    ];
    if has_body || !params.is_empty() {
        answers.push((
            404,
            "what it names does not exist, or is not visible to the caller",
        ));
    }
    if write {
        answers.push((409, "the change conflicts with what the store holds"));
    }
    if has_body {
        answers.push((413, "the body is larger than this operation takes"));
        answers.push((
            415,
            "the body is not of the content type this operation takes",
        ));
        answers.push((422, "the body is JSON of the wrong shape"));
    }
    for (status, description) in answers {
        let answer = op
            .responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::T(error_answer(description)));
        let RefOr::T(answer) = answer else { continue };
        // Where an operation describes a status of its own, its answer is
        // still the handlers' JSON error.
        answer
            .content
            .entry("application/json".into())
            .or_insert_with(json_error);
        // A request refused before its handler saw it is answered in plain
        // text.
        if REFUSED_UNREAD.contains(&status) {
            answer
                .content
                .entry("text/plain".into())
                .or_insert_with(plain_text);
        }
    }
}

/// What the HTTP layer answers for a request it refuses before a handler
/// sees it: a parameter or JSON it cannot read (`400`, `422`), a body too
/// large (`413`) or of another content type (`415`).
const REFUSED_UNREAD: [u16; 4] = [400, 413, 415, 422];

fn plain_text() -> utoipa::openapi::Content {
    ContentBuilder::new()
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String),
        ))
        .build()
}

/// An error answer: `{"error": …}` from the server's handlers.
fn error_answer(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", json_error())
        .build()
}

fn json_error() -> utoipa::openapi::Content {
    ContentBuilder::new()
        .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
        .build()
}
