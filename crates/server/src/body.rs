//! JSON request bodies, read the same way by every route that takes one:
//! [`JsonBody`] in place of axum's `Json` extractor, [`parse`] for a body
//! already received. A key given twice in an object is refused with its
//! name and place: JSON readers differ on which of the two wins (serde
//! keeps the last, others the first), so the sender's intent is unknown.
//! A key the body's type does not know is refused too, by its path: a
//! misspelt optional field (`"deadline_day"` for `"due"`) would otherwise be
//! dropped without a word and the write done without it.

use std::collections::HashSet;
use std::fmt;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::IntoResponse;
use serde::de::{DeserializeOwned, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::state::ApiError;
use corredor_app::Error;

/// A JSON body of type `T`, with no key given twice at any depth.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = axum::response::Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.split(';').next().unwrap_or("").trim();
                v == "application/json" || v.ends_with("+json")
            });
        if !json {
            return Err(ApiError(Error::Invalid(
                "send the body as JSON, with Content-Type: application/json".into(),
            ))
            .into_response());
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            // A body over the route's limit is 413, as for every other body.
            let status = e.status();
            let mut r = ApiError(Error::Invalid(format!(
                "the request's body could not be received: {e}"
            )))
            .into_response();
            if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                *r.status_mut() = status;
            }
            r
        })?;
        Ok(JsonBody(
            parse(&bytes).map_err(|e| ApiError(e).into_response())?,
        ))
    }
}

/// `bytes` as a `T`: refused when it is not JSON, when a key is given twice
/// in one object, or when it is not a `T`, the problem named with its line
/// and column.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> corredor_app::Result<T> {
    // serde reads a struct from an array too (`["…"]`); every body of the
    // API is an object, as its document says.
    if !bytes.trim_ascii_start().starts_with(b"{") {
        return Err(Error::Invalid("the body must be a JSON object".into()));
    }
    serde_json::from_slice::<Unique>(bytes)
        .map_err(|e| Error::Invalid(format!("the body: {e}")))?;
    let mut unknown = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_ignored::deserialize(&mut de, |path| unknown.push(path.to_string()))
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| Error::Invalid(format!("the body: {e}")))?;
    if unknown.is_empty() {
        Ok(value)
    } else {
        let names: Vec<String> = unknown.iter().map(|p| format!("\"{p}\"")).collect();
        let what = if names.len() == 1 {
            "is not a field"
        } else {
            "are not fields"
        };
        Err(Error::Invalid(format!(
            "the body: {} {what} of this request; the API's document lists the fields it takes",
            names.join(", ")
        )))
    }
}

/// Any JSON value, read only to check that no object gives a key twice.
struct Unique;

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Unique, D::Error> {
        d.deserialize_any(UniqueVisitor)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Unique;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key.clone()) {
                return Err(A::Error::custom(format!(
                    "the key \"{key}\" is given twice: give each key once"
                )));
            }
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[derive(serde::Deserialize, Debug)]
    struct Hook {
        #[allow(dead_code)]
        url: String,
    }

    #[test]
    fn a_key_given_twice_at_any_depth_is_refused_by_name_and_place() {
        let e = parse::<Hook>(br#"{"url": "https://a.example", "url": "http://127.0.0.1"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"url\" is given twice") && e.contains("column"),
            "{e}"
        );
        let e = parse::<serde_json::Value>(b"{\"x\": [{\"a\": {\"b\": 1,\n \"b\": 2}}]}")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"b\" is given twice") && e.contains("line 2"),
            "{e}"
        );
        assert!(parse::<Hook>(br#"{"url": "https://a.example"}"#).is_ok());
        assert!(parse::<serde_json::Value>(br#"{"x": [{"a": 1}, {"a": 2}]}"#).is_ok());
        // Every body of the API is an object: an array is not read as one.
        let e = parse::<Hook>(br#"["https://a.example"]"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("must be a JSON object"), "{e}");
    }

    #[derive(serde::Deserialize, Debug)]
    struct Step {
        #[allow(dead_code)]
        name: String,
        #[allow(dead_code)]
        #[serde(default)]
        due: Option<u32>,
    }

    #[derive(serde::Deserialize, Debug)]
    struct Plan {
        #[allow(dead_code)]
        steps: Vec<Step>,
    }

    #[test]
    fn a_key_the_body_does_not_take_is_refused_by_its_path() {
        let e = parse::<Hook>(br#"{"url": "https://a.example", "secret": "x"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"secret\" is not a field"), "{e}");
        let e = parse::<Plan>(br#"{"steps": [{"name": "a"}, {"name": "b", "deadline": 3}]}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"steps.1.deadline\" is not a field"), "{e}");
        let e = parse::<Plan>(br#"{"steps": [], "a": 1, "b": 2}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"a\", \"b\" are not fields"), "{e}");
        assert!(parse::<Plan>(br#"{"steps": [{"name": "a", "due": 3}]}"#).is_ok());
        // Trailing text after the object is refused, as serde_json::from_slice does.
        assert!(parse::<Hook>(br#"{"url": "https://a.example"} x"#).is_err());
    }
}
