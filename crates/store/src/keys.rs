//! Distribution keys the secretariat has published (V4). The schema refuses
//! any update or delete of a published key on both backends: this module
//! only inserts and reads.

use crate::{Result, Store};

/// A published key as stored: the request and the inputs exactly as
/// received, and the result computed from them, as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedKey {
    pub name: String,
    pub title: String,
    pub published_at: String,
    pub published_by: String,
    pub request: String,
    pub inputs: String,
    pub result: String,
}

/// A published key as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySummary {
    pub name: String,
    pub title: String,
    pub published_at: String,
    pub published_by: String,
}

const EXISTS: &str = "SELECT 1 FROM published_key WHERE name = {p}";
const INSERT: &str = "INSERT INTO published_key \
     (name, title, published_at, published_by, request, inputs, result) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})";
const LIST: &str = "SELECT name, title, published_at, published_by FROM published_key \
     ORDER BY published_at DESC, name";
const GET: &str = "SELECT name, title, published_at, published_by, request, inputs, result \
     FROM published_key WHERE name = {p}";

pub(crate) const STATEMENTS: &[&str] = &[EXISTS, INSERT, LIST, GET];

pub fn exists(store: &mut dyn Store, name: &str) -> Result<bool> {
    Ok(!store.query(EXISTS, &[name.into()])?.is_empty())
}

pub fn insert(store: &mut dyn Store, key: &PublishedKey) -> Result<()> {
    store.execute(
        INSERT,
        &[
            key.name.as_str().into(),
            key.title.as_str().into(),
            key.published_at.as_str().into(),
            key.published_by.as_str().into(),
            key.request.as_str().into(),
            key.inputs.as_str().into(),
            key.result.as_str().into(),
        ],
    )?;
    Ok(())
}

/// Every published key, newest first.
pub fn list(store: &mut dyn Store) -> Result<Vec<KeySummary>> {
    store
        .query(LIST, &[])?
        .iter()
        .map(|r| {
            Ok(KeySummary {
                name: r.text("name")?,
                title: r.text("title")?,
                published_at: r.text("published_at")?,
                published_by: r.text("published_by")?,
            })
        })
        .collect()
}

pub fn get(store: &mut dyn Store, name: &str) -> Result<Option<PublishedKey>> {
    store
        .query(GET, &[name.into()])?
        .first()
        .map(|r| {
            Ok(PublishedKey {
                name: r.text("name")?,
                title: r.text("title")?,
                published_at: r.text("published_at")?,
                published_by: r.text("published_by")?,
                request: r.text("request")?,
                inputs: r.text("inputs")?,
                result: r.text("result")?,
            })
        })
        .transpose()
}
