//! Organisations and their API tokens. A token is stored only as the
//! SHA-256 of its text (the caller hashes it); roles are stored as their
//! text and read back by the use cases, which own the role type.

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    pub code: String,
    pub name: String,
    /// The member state whose agency it is, when its code is one's alpha-3.
    pub country: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub id: i64,
    pub org: String,
    pub role: String,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Who holds a valid token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHolder {
    pub token_id: i64,
    pub org: String,
    pub role: String,
    pub country: Option<String>,
}

const INSERT_ORG: &str = "INSERT INTO org (code, name, country, created_at) \
     VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (code) DO NOTHING";
const ORGS: &str = "SELECT code, name, country, created_at FROM org ORDER BY code";
const INSERT_TOKEN: &str = "INSERT INTO token (org, role, label, hash, created_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}) RETURNING id";
const REVOKE_TOKEN: &str =
    "UPDATE token SET revoked_at = {p} WHERE id = {p} AND revoked_at IS NULL";
const TOKENS: &str = "SELECT id, org, role, label, created_at, revoked_at FROM token ORDER BY id";
const HOLDER: &str = "SELECT t.id, t.org, t.role, o.country FROM token t \
     JOIN org o ON o.code = t.org WHERE t.hash = {p} AND t.revoked_at IS NULL";

pub(crate) const STATEMENTS: &[&str] =
    &[INSERT_ORG, ORGS, INSERT_TOKEN, REVOKE_TOKEN, TOKENS, HOLDER];

/// Adds `org`; `false` when its code exists already.
pub fn insert_org(store: &mut dyn Store, org: &OrgRow) -> Result<bool> {
    let n = store.execute(
        INSERT_ORG,
        &[
            org.code.as_str().into(),
            org.name.as_str().into(),
            org.country.clone().into(),
            org.created_at.as_str().into(),
        ],
    )?;
    Ok(n > 0)
}

pub fn orgs(store: &mut dyn Store) -> Result<Vec<OrgRow>> {
    store
        .query(ORGS, &[])?
        .iter()
        .map(|r| {
            Ok(OrgRow {
                code: r.text("code")?,
                name: r.text("name")?,
                country: r.opt_text("country")?,
                created_at: r.text("created_at")?,
            })
        })
        .collect()
}

/// Stores a token by its hash; its id.
pub fn insert_token(
    store: &mut dyn Store,
    org: &str,
    role: &str,
    label: &str,
    hash: &str,
    created_at: &str,
) -> Result<i64> {
    let rows = store.query(
        INSERT_TOKEN,
        &[
            org.into(),
            role.into(),
            label.into(),
            hash.into(),
            created_at.into(),
        ],
    )?;
    match rows.first() {
        Some(r) => r.int("id"),
        None => Err(crate::StoreError::Invalid(
            "the token was not stored".into(),
        )),
    }
}

/// Revokes token `id` at `at`; `false` when there is no such active token.
pub fn revoke_token(store: &mut dyn Store, id: i64, at: &str) -> Result<bool> {
    Ok(store.execute(REVOKE_TOKEN, &[at.into(), id.into()])? > 0)
}

pub fn tokens(store: &mut dyn Store) -> Result<Vec<TokenRow>> {
    store
        .query(TOKENS, &[])?
        .iter()
        .map(|r| {
            Ok(TokenRow {
                id: r.int("id")?,
                org: r.text("org")?,
                role: r.text("role")?,
                label: r.text("label")?,
                created_at: r.text("created_at")?,
                revoked_at: r.opt_text("revoked_at")?,
            })
        })
        .collect()
}

/// The holder of the token whose hash is `hash`, if it is not revoked.
pub fn holder(store: &mut dyn Store, hash: &str) -> Result<Option<TokenHolder>> {
    store
        .query(HOLDER, &[hash.into()])?
        .first()
        .map(|r| {
            Ok(TokenHolder {
                token_id: r.int("id")?,
                org: r.text("org")?,
                role: r.text("role")?,
                country: r.opt_text("country")?,
            })
        })
        .transpose()
}
