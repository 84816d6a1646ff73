//! Who is acting and what they may see and do: the roles of Corredor's
//! users, the actor every write is recorded with, and the access decisions
//! every layer takes from them (the store filters reads by [`Access`], the
//! use cases refuse writes with [`Refusal`]).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::country;
use crate::share::Viewer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The technical secretariat: administers; sees what members see.
    Secretariat,
    /// A member state's agency: submits its country's data, acknowledges
    /// alerts, takes tasks; sees its own and what is shared with it.
    Analyst,
    /// A permanent participant (civil society): reads shared data,
    /// comments, files monitoring reports; no vote.
    Participant,
    /// Reads shared data.
    Observer,
    /// An employer offering vacancies under a legal pathway: sees public
    /// data, and the minimal profiles of the workers matched to its own
    /// vacancies, nothing else of anyone.
    Employer,
    /// Anyone without a token: public data only.
    Public,
    /// Whoever holds the database itself, on the command line.
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::Analyst => "analyst",
            Role::Participant => "participant",
            Role::Observer => "observer",
            Role::Employer => "employer",
            Role::Public => "public",
            Role::Operator => "operator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role that cannot be given to a token, or a word that is no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("role '{0}': use secretariat, analyst, participant, observer or employer")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    /// The roles a token can hold; `public` and `operator` are not given.
    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        match s {
            "secretariat" => Ok(Role::Secretariat),
            "analyst" => Ok(Role::Analyst),
            "participant" => Ok(Role::Participant),
            "observer" => Ok(Role::Observer),
            "employer" => Ok(Role::Employer),
            _ => Err(UnknownRole(s.to_string())),
        }
    }
}

/// Who a read is for: the local operator, who holds the database itself
/// and sees everything, or a viewer, who sees what sharing allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Operator,
    Viewer(Viewer),
}

/// Why an actor may not do something: no token at all, or the wrong role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    NeedsToken(String),
    #[error("{0}")]
    Forbidden(String),
}

/// Who is acting: the organisation, its role, the token used and where the
/// request came from. Every write is recorded with these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub org: String,
    /// The member state an analyst's organisation belongs to.
    pub country: Option<String>,
    pub role: Role,
    pub token_id: Option<i64>,
    /// An address, or `cli:USER` for the command line.
    pub remote: String,
}

impl Actor {
    pub fn public(remote: &str) -> Actor {
        Actor {
            org: "public".into(),
            country: None,
            role: Role::Public,
            token_id: None,
            remote: remote.into(),
        }
    }

    /// Corredor itself, for work nobody asked for at that moment (the
    /// scheduled scan, recovering an interrupted one); `remote` says which.
    pub fn system(remote: &str) -> Actor {
        Actor {
            org: "corredor".into(),
            country: None,
            role: Role::Operator,
            token_id: None,
            remote: remote.into(),
        }
    }

    /// The local operator of the command line, signed in as `user`, acting
    /// for `org` (a country's alpha-3 makes it that member state).
    pub fn operator(org: &str, user: &str) -> Actor {
        Actor {
            org: org.into(),
            country: country::by_code(org).map(|c| c.alpha3.to_string()),
            role: Role::Operator,
            token_id: None,
            remote: format!("cli:{user}"),
        }
    }

    /// What this actor may read. Organisations without a country
    /// (secretariat, civil society, observers) see what is shared with the
    /// members, never a country's restricted data.
    pub fn access(&self) -> Access {
        match self.role {
            Role::Operator => Access::Operator,
            Role::Public | Role::Employer => Access::Viewer(Viewer::Public),
            Role::Analyst => match &self.country {
                Some(c) => Access::Viewer(Viewer::Member { country: c.clone() }),
                None => Access::Viewer(Viewer::Secretariat),
            },
            Role::Secretariat | Role::Participant | Role::Observer => {
                Access::Viewer(Viewer::Secretariat)
            }
        }
    }

    pub fn is_secretariat(&self) -> bool {
        matches!(self.role, Role::Secretariat | Role::Operator)
    }

    /// Refuses unless the actor has one of `roles` (the operator may do
    /// anything); `what` names the action in the refusal.
    pub fn require(&self, roles: &[Role], what: &str) -> Result<(), Refusal> {
        if self.role == Role::Operator || roles.contains(&self.role) {
            return Ok(());
        }
        if self.role == Role::Public {
            return Err(Refusal::NeedsToken(format!(
                "{what} needs a token: send Authorization: Bearer …"
            )));
        }
        let names: Vec<_> = roles.iter().map(|r| r.as_str()).collect();
        Err(Refusal::Forbidden(format!(
            "{what} is for the {} role{}; this token is {}'s {} token",
            names.join(" or "),
            if names.len() == 1 { "" } else { "s" },
            self.org,
            self.role
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, country: Option<&str>) -> Actor {
        Actor {
            org: "X".into(),
            country: country.map(str::to_string),
            role,
            token_id: Some(1),
            remote: "test".into(),
        }
    }

    #[test]
    fn only_an_analyst_of_a_country_reads_as_that_country() {
        assert_eq!(
            actor(Role::Analyst, Some("PAN")).access(),
            Access::Viewer(Viewer::Member {
                country: "PAN".into()
            })
        );
        for role in [Role::Secretariat, Role::Participant, Role::Observer] {
            // A country on a non-analyst token does not widen what it reads.
            assert_eq!(
                actor(role, Some("PAN")).access(),
                Access::Viewer(Viewer::Secretariat)
            );
        }
        assert_eq!(
            actor(Role::Analyst, None).access(),
            Access::Viewer(Viewer::Secretariat)
        );
        assert_eq!(Actor::public("x").access(), Access::Viewer(Viewer::Public));
        assert_eq!(Actor::system("x").access(), Access::Operator);
    }

    #[test]
    fn refusals_say_who_may_and_who_asked() {
        let r = actor(Role::Observer, None)
            .require(&[Role::Secretariat, Role::Analyst], "adding a token")
            .unwrap_err();
        assert_eq!(
            r.to_string(),
            "adding a token is for the secretariat or analyst roles; this token is X's observer token"
        );
        assert!(matches!(
            Actor::public("x").require(&[Role::Observer], "reading"),
            Err(Refusal::NeedsToken(_))
        ));
        assert!(Actor::operator("PAN", "ana")
            .require(&[Role::Secretariat], "anything")
            .is_ok());
        assert_eq!(
            Actor::operator("PAN", "ana").country.as_deref(),
            Some("PAN")
        );
    }

    #[test]
    fn only_token_roles_parse() {
        for r in [
            Role::Secretariat,
            Role::Analyst,
            Role::Participant,
            Role::Observer,
        ] {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("public".parse::<Role>().is_err());
        assert!("operator".parse::<Role>().is_err());
    }

    #[test]
    fn every_role_a_token_holds_is_read_and_only_the_secretariat_is_it() {
        for (name, role) in [
            ("secretariat", Role::Secretariat),
            ("analyst", Role::Analyst),
            ("participant", Role::Participant),
            ("observer", Role::Observer),
            ("employer", Role::Employer),
        ] {
            assert_eq!(name.parse::<Role>(), Ok(role));
            assert_eq!(
                actor(role, None).is_secretariat(),
                role == Role::Secretariat
            );
        }
        assert!(actor(Role::Operator, None).is_secretariat());
    }
}
