//! Organisations, tokens and roles: who is asking, and what they may see
//! and do. A token is 32 random bytes shown once; the store keeps only its
//! SHA-256, so a copy of the database gives no one a way in.

use corredor_store::orgs as repo;
use corredor_store::Store;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{audit, clock, Error, Result};

pub use corredor_model::actor::{Actor, Role};

/// The organisation the command line writes for when none is named: the
/// operator who holds the store, as histories and the audit record it.
pub const LOCAL_OPERATOR: &str = "local";

/// The organisation of the store in whose name the local operator acts
/// (`--as-org`), with its country (`None` for one that is no member
/// state's agency). The operator may do what only a country's agency may
/// (confirm its figures, register its residents) in that agency's name or
/// in its own (one no organisation of the store has), never in another
/// organisation's: the audit log would credit a member state, the
/// secretariat, an employer or a participant with an act it may not do.
pub struct ActingFor {
    org: String,
    country: Option<String>,
}

impl ActingFor {
    /// `None` for anyone but the operator, and for the operator in its
    /// own name.
    pub fn of(store: &mut dyn Store, actor: &Actor) -> Result<Option<ActingFor>> {
        if actor.role != Role::Operator {
            return Ok(None);
        }
        Ok(repo::orgs(store)?
            .into_iter()
            .find(|o| o.code == actor.org)
            .map(|o| ActingFor {
                org: o.code,
                country: o.country,
            }))
    }

    /// Why `act` (only `country`'s agency's) may not be done in this
    /// organisation's name, or `None` when it is that agency. `neither`
    /// names an organisation that is no member state's agency.
    pub fn refusal(&self, country: &str, neither: &str, act: &str) -> Option<String> {
        let whose = match &self.country {
            Some(c) if c == country => return None,
            Some(c) => format!("{c}'s agency"),
            None => neither.to_string(),
        };
        Some(format!(
            "{} is {whose}: {act} in the name of {country}'s agency or in the operator's own",
            self.org
        ))
    }
}

/// The local operator of the command line, acting for `org`, named by the
/// system's user.
pub fn operator(org: &str) -> Actor {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    Actor::operator(org, &user)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Org {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub created_at: String,
}

/// Adds an organisation. A code that is a country's alpha-3 makes it that
/// member state's agency.
pub fn add_org(store: &mut dyn Store, actor: &Actor, code: &str, name: &str) -> Result<Org> {
    actor.require(&[Role::Secretariat], "adding an organisation")?;
    let code = code.trim().to_ascii_uppercase();
    if code.is_empty()
        || code.len() > 32
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::Invalid(format!(
            "organisation code '{code}': use letters, digits, - and _ (a country's alpha-3 for a member state's agency)"
        )));
    }
    if name.trim().is_empty() {
        return Err(Error::Invalid("the organisation needs a name".into()));
    }
    let country = corredor_model::country::by_code(&code)
        .filter(|c| c.alpha3 == code)
        .map(|c| c.alpha3.to_string());
    let org = Org {
        code: code.clone(),
        name: name.trim().to_string(),
        country: country.clone(),
        created_at: clock::now(),
    };
    let row = repo::OrgRow {
        code: org.code.clone(),
        name: org.name.clone(),
        country,
        created_at: org.created_at.clone(),
    };
    corredor_store::transaction(store, |s| -> Result<()> {
        if !repo::insert_org(s, &row)? {
            return Err(Error::Conflict(format!(
                "the organisation {code} exists already"
            )));
        }
        audit::record(s, actor, "org.add", &code, &org.name)
    })?;
    Ok(org)
}

pub fn orgs(store: &mut dyn Store) -> Result<Vec<Org>> {
    Ok(repo::orgs(store)?
        .into_iter()
        .map(|o| Org {
            code: o.code,
            name: o.name,
            country: o.country,
            created_at: o.created_at,
        })
        .collect())
}

fn org(store: &mut dyn Store, code: &str) -> Result<Option<Org>> {
    Ok(orgs(store)?.into_iter().find(|o| o.code == code))
}

pub fn hash_token(token: &str) -> String {
    crate::pipeline::hex(&Sha256::digest(token.as_bytes()))
}

/// A new token, as its holder will send it.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Internal(format!("no randomness for a token: {e}")))?;
    Ok(format!("cor_{}", crate::pipeline::hex(&bytes)))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    pub org: String,
    pub role: Role,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Creates a token for `org` with `role`; returns it (the only time it
/// exists outside its holder's hands) and its id.
pub fn create_token(
    store: &mut dyn Store,
    actor: &Actor,
    org_code: &str,
    role: Role,
    label: &str,
) -> Result<(String, i64)> {
    actor.require(&[Role::Secretariat], "creating a token")?;
    if matches!(role, Role::Public | Role::Operator) {
        return Err(Error::Invalid(
            "tokens are for the secretariat, analyst, participant or observer roles".into(),
        ));
    }
    let org_code = org_code.trim().to_ascii_uppercase();
    let Some(org) = org(store, &org_code)? else {
        return Err(Error::NotFound(format!(
            "no organisation {org_code}: add it first with `corredor org add --code {org_code} --name …`"
        )));
    };
    if role == Role::Analyst && org.country.is_none() {
        return Err(Error::Invalid(format!(
            "{org_code} is not a member state's agency (its code is not a country's alpha-3), so it cannot have analysts: use participant or observer"
        )));
    }
    let token = new_token()?;
    let id = corredor_store::transaction(store, |s| -> Result<i64> {
        let id = repo::insert_token(
            s,
            &org_code,
            role.as_str(),
            label,
            &hash_token(&token),
            &clock::now(),
        )?;
        audit::record(
            s,
            actor,
            "token.create",
            &format!("token/{id}"),
            &format!("{org_code} {role} {label}"),
        )?;
        Ok(id)
    })?;
    Ok((token, id))
}

/// A token revoked: the pending tasks it leaves with no token that can
/// take them, by holder (an organisation, or the country whose analysts
/// take its tasks), so that whoever revoked it knows to give the holder
/// another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revoked {
    pub stranded: Vec<(String, i64)>,
}

pub fn revoke_token(store: &mut dyn Store, actor: &Actor, id: i64) -> Result<Revoked> {
    actor.require(&[Role::Secretariat], "revoking a token")?;
    corredor_store::transaction(store, |s| -> Result<Revoked> {
        if !repo::revoke_token(s, id, &clock::now())? {
            return Err(Error::NotFound(format!(
                "no active token {id}: see `corredor token list`"
            )));
        }
        // Its webhooks stop with it: a hook outliving its token would keep
        // receiving what only the token's holder was allowed to see.
        corredor_store::webhooks::deactivate_token(s, id)?;
        // And so do the dashboard's sessions opened with it.
        corredor_store::sessions::delete_for_token(s, id)?;
        // Counted among the alerts the revoker may see, and told only to
        // them: a count kept in the audit would tell its readers of
        // restricted alerts.
        let stranded = stranded(s, actor, id)?;
        audit::record(s, actor, "token.revoke", &format!("token/{id}"), "")?;
        Ok(Revoked { stranded })
    })
}

/// The pending tasks that revoked token `id` leaves with no active
/// analyst's or secretariat's token to take them: those held by its
/// organisation, or by its organisation's country
/// ([`crate::protocol`] lets a country's analysts take its tasks), on
/// the alerts `actor` may see.
fn stranded(s: &mut dyn Store, actor: &Actor, id: i64) -> Result<Vec<(String, i64)>> {
    let tokens = repo::tokens(s)?;
    let Some(org) = tokens.iter().find(|t| t.id == id).map(|t| t.org.clone()) else {
        return Ok(Vec::new());
    };
    let orgs = repo::orgs(s)?;
    let country_of = |code: &str| {
        orgs.iter()
            .find(|o| o.code == code)
            .and_then(|o| o.country.clone())
    };
    let mut holders = vec![org.clone()];
    holders.extend(country_of(&org).filter(|c| *c != org));
    let takes = [Role::Analyst.as_str(), Role::Secretariat.as_str()];
    let tasks = corredor_store::tasks::list(s, &actor.access(), &Default::default())?;
    let mut out = Vec::new();
    for holder in holders {
        let taken = tokens.iter().any(|t| {
            t.revoked_at.is_none()
                && takes.contains(&t.role.as_str())
                && (t.org == holder || country_of(&t.org).as_deref() == Some(holder.as_str()))
        });
        let n = tasks
            .iter()
            .filter(|t| t.responsible == holder && t.status.is_pending())
            .count() as i64;
        if !taken && n > 0 {
            out.push((holder, n));
        }
    }
    Ok(out)
}

pub fn tokens(store: &mut dyn Store) -> Result<Vec<TokenInfo>> {
    repo::tokens(store)?
        .into_iter()
        .map(|t| {
            Ok(TokenInfo {
                id: t.id,
                org: t.org,
                role: t
                    .role
                    .parse()
                    .map_err(|e: corredor_model::actor::UnknownRole| {
                        Error::Internal(e.to_string())
                    })?,
                label: t.label,
                created_at: t.created_at,
                revoked_at: t.revoked_at,
            })
        })
        .collect()
}

/// The actor a bearer token stands for, if it is valid and not revoked.
pub fn verify(store: &mut dyn Store, token: &str, remote: &str) -> Result<Option<Actor>> {
    let Some(h) = repo::holder(store, &hash_token(token))? else {
        return Ok(None);
    };
    holder_actor(h, remote).map(Some)
}

/// The actor a valid token's holder stands for, calling from `remote`
/// (a bearer token, or a session that stands for one).
pub(crate) fn holder_actor(h: repo::TokenHolder, remote: &str) -> Result<Actor> {
    Ok(Actor {
        token_id: Some(h.token_id),
        org: h.org,
        role: h
            .role
            .parse()
            .map_err(|e: corredor_model::actor::UnknownRole| Error::Internal(e.to_string()))?,
        country: h.country,
        remote: remote.to_string(),
    })
}
