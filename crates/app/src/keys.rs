//! Published distribution keys. A key computed by `share key` or
//! `POST /api/v1/share/key` is nobody's until the secretariat publishes it;
//! then it is public, with the request and the inputs exactly as received,
//! so anyone can read it and recompute it. A published key is never
//! changed (the schema refuses it): a new key gets a new name.

use corredor_sharing::inputs::{compute, Outcome, Request};
use corredor_sharing::{presets, GapRule};
use corredor_store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answers::KeyAnswer;
use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

/// What a key is asked for, as the command line and the API take it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct KeyRequest {
    pub preset: Option<String>,
    pub criteria: Option<String>,
    pub total: Option<u64>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub country_column: Option<String>,
    /// What an empty cell means: refuse (the default) or renormalise.
    #[serde(default)]
    #[schema(value_type = String)]
    pub gaps: GapRule,
}

/// The key these inputs give, or their problems by line and column (or a
/// preset that does not exist).
pub fn key(
    req: &KeyRequest,
    name: &str,
    inputs: &[u8],
) -> std::result::Result<Outcome, Vec<String>> {
    let preset = match &req.preset {
        Some(p) => Some(presets::find(p).ok_or_else(|| {
            vec![format!(
                "no preset '{p}': use {}",
                presets::ALL.map(|p| p.name).join(", ")
            )]
        })?),
        None => None,
    };
    compute(&Request {
        name,
        inputs,
        preset,
        criteria: req.criteria.as_deref(),
        total: req.total,
        exclude: &req.exclude,
        country_column: req.country_column.as_deref(),
        published: None,
        gaps: req.gaps,
    })
    .map_err(|e| e.messages())
}

fn valid_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "key name '{name}': lower-case letters, digits, - and _ (64 at most)"
        )))
    }
}

/// A published key as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Published {
    pub name: String,
    pub title: String,
    pub published_at: String,
    pub published_by: String,
}

/// A published key with what it was computed from.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublishedKey {
    #[serde(flatten)]
    pub published: Published,
    pub request: KeyRequest,
    /// The inputs exactly as received (CSV), so anyone can recompute it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<String>,
    /// The key, as `POST /api/v1/share/key` answers it.
    #[schema(value_type = KeyAnswer)]
    pub key: Value,
}

/// Publishes the key `outcome` computed from `inputs` for `req`.
pub fn publish(
    store: &mut dyn Store,
    actor: &Actor,
    name: &str,
    title: &str,
    req: &KeyRequest,
    inputs: &[u8],
    outcome: &Outcome,
) -> Result<PublishedKey> {
    actor.require(&[Role::Secretariat], "publishing a key")?;
    valid_name(name)?;
    let inputs = std::str::from_utf8(inputs)
        .map_err(|_| Error::Invalid("the inputs are not UTF-8 text".into()))?;
    let key = serde_json::to_value(KeyAnswer::new(outcome))
        .map_err(|e| Error::Internal(format!("the key: {e}")))?;
    let published = PublishedKey {
        published: Published {
            name: name.to_string(),
            title: title.to_string(),
            published_at: clock::now(),
            published_by: actor.org.clone(),
        },
        request: req.clone(),
        inputs: None,
        key,
    };
    let row = corredor_store::keys::PublishedKey {
        name: name.to_string(),
        title: title.to_string(),
        published_at: published.published.published_at.clone(),
        published_by: actor.org.clone(),
        request: serde_json::to_string(req).unwrap_or_default(),
        inputs: inputs.to_string(),
        result: published.key.to_string(),
    };
    corredor_store::transaction(store, |s| -> Result<()> {
        if corredor_store::keys::exists(s, name)? {
            return Err(Error::Conflict(format!(
                "a key named {name} is published already: a published key is never changed, give the new one a new name"
            )));
        }
        corredor_store::keys::insert(s, &row)?;
        audit::record(s, actor, "share.key.publish", name, title)
    })?;
    Ok(published)
}

/// Every published key, newest first: name, title, when and by whom.
pub fn list(store: &mut dyn Store) -> Result<Vec<Published>> {
    Ok(corredor_store::keys::list(store)?
        .into_iter()
        .map(|k| Published {
            name: k.name,
            title: k.title,
            published_at: k.published_at,
            published_by: k.published_by,
        })
        .collect())
}

/// The newest published key that follows `preset` (e.g. `americas`),
/// if any: the one the dashboard shows for it.
pub fn latest_of_preset(store: &mut dyn Store, preset: &str) -> Result<Option<PublishedKey>> {
    for k in list(store)? {
        let key = get(store, &k.name)?;
        if key.request.preset.as_deref() == Some(preset) {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

/// One published key with its request, inputs and shares.
pub fn get(store: &mut dyn Store, name: &str) -> Result<PublishedKey> {
    let k = corredor_store::keys::get(store, name)?
        .ok_or_else(|| Error::NotFound(format!("no key named {name} is published")))?;
    let stored = |what: &str, e: serde_json::Error| {
        Error::Internal(format!(
            "published key {name}: its {what} no longer reads: {e}"
        ))
    };
    Ok(PublishedKey {
        published: Published {
            name: k.name,
            title: k.title,
            published_at: k.published_at,
            published_by: k.published_by,
        },
        request: serde_json::from_str(&k.request).map_err(|e| stored("request", e))?,
        inputs: Some(k.inputs),
        key: serde_json::from_str(&k.result).map_err(|e| stored("key", e))?,
    })
}
