//! The 2023 registry shipped with Corredor (`data/registry-2023.toml`),
//! and the parser of registry files of that shape. Every membership, group
//! and claim must name a source the file declares; every country code must
//! be one.

use std::collections::HashSet;
use std::str::FromStr;

use serde::Deserialize;

use crate::registry::{
    Claim, Language, Mechanism, Membership, PresidencyRule, Registry, Role, Source, WorkingGroup,
};
use crate::themes;

/// The registry of 2023, transcribed with a source per claim.
pub const REGISTRY_2023: &str = include_str!("../data/registry-2023.toml");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SeedError {
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {what}: {message}")]
    Invalid {
        file: String,
        what: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    source: Vec<SourceRow>,
    #[serde(default)]
    mechanism: Vec<MechanismRow>,
    #[serde(default)]
    members: Vec<MembersRow>,
    #[serde(default)]
    group: Vec<GroupRow>,
    #[serde(default)]
    claim: Vec<ClaimRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRow {
    id: String,
    citation: String,
    date: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MechanismRow {
    code: String,
    name: String,
    name_es: String,
    presidency: String,
    #[serde(default)]
    presidency_text: String,
    #[serde(default)]
    language: Option<String>,
    secretariat: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MembersRow {
    mechanism: String,
    role: String,
    #[serde(default)]
    since: Option<String>,
    source: String,
    participants: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupRow {
    id: String,
    mechanism: String,
    #[serde(default)]
    pillar: Option<u8>,
    name: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    leads: Vec<String>,
    #[serde(default)]
    co_leads: Vec<String>,
    #[serde(default)]
    participants: Vec<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimRow {
    subject: String,
    statement: String,
    source: String,
    #[serde(default)]
    locator: Option<String>,
}

/// The 2023 registry.
pub fn registry_2023() -> Registry {
    parse("registry-2023.toml", REGISTRY_2023).expect("the shipped registry is valid")
}

/// Parses a registry file named `file` (for messages).
pub fn parse(file: &str, text: &str) -> Result<Registry, SeedError> {
    let raw: File = toml::from_str(text).map_err(|e| SeedError::Syntax {
        file: file.into(),
        message: e.to_string(),
    })?;
    let invalid = |what: String, message: String| SeedError::Invalid {
        file: file.into(),
        what,
        message,
    };
    let date = |what: &str, s: &str| {
        crate::calendar::file_day(s).ok_or_else(|| {
            invalid(
                what.into(),
                format!("date '{s}': use YYYY-MM-DD, a day from 1900 to 2200"),
            )
        })
    };
    let mut sources = Vec::new();
    for s in &raw.source {
        sources.push(Source {
            id: s.id.clone(),
            citation: s.citation.clone(),
            date: date(&format!("source {}", s.id), &s.date)?,
        });
    }
    let source = |what: &str, id: &str| -> Result<&Source, SeedError> {
        sources
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| invalid(what.into(), format!("unknown source '{id}'")))
    };
    let mut mechanisms = Vec::new();
    for m in &raw.mechanism {
        let what = format!("mechanism {}", m.code);
        source(&what, &m.source)?;
        mechanisms.push(Mechanism {
            code: m.code.clone(),
            name: m.name.clone(),
            name_es: m.name_es.clone(),
            presidency: PresidencyRule::from_str(&m.presidency)
                .map_err(|e| invalid(what.clone(), e))?,
            presidency_text: m.presidency_text.clone(),
            language: Language::from_str(m.language.as_deref().unwrap_or("es"))
                .map_err(|e| invalid(what.clone(), e))?,
            secretariat: m.secretariat.clone(),
            source: m.source.clone(),
        });
    }
    let codes: HashSet<&str> = mechanisms.iter().map(|m| m.code.as_str()).collect();
    let known_mechanism = |what: &str, code: &str| {
        if codes.contains(code) {
            Ok(())
        } else {
            Err(invalid(what.into(), format!("unknown mechanism '{code}'")))
        }
    };
    let participant = |what: &str, code: &str| -> Result<String, SeedError> {
        let looks_like_country = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
        if looks_like_country && !crate::registry::is_state(code) {
            return Err(invalid(
                what.into(),
                format!("'{code}' is not an ISO 3166-1 alpha-3 country"),
            ));
        }
        Ok(code.to_string())
    };
    let mut memberships = Vec::new();
    for m in &raw.members {
        let what = format!("members of {}", m.mechanism);
        known_mechanism(&what, &m.mechanism)?;
        let s = source(&what, &m.source)?;
        let since = match &m.since {
            Some(d) => date(&what, d)?,
            None => s.date,
        };
        let role = Role::from_str(&m.role).map_err(|e| invalid(what.clone(), e))?;
        for p in &m.participants {
            memberships.push(Membership {
                mechanism: m.mechanism.clone(),
                participant: participant(&what, p)?,
                role,
                since,
                source: m.source.clone(),
                until: None,
                until_source: None,
            });
        }
    }
    let mut groups = Vec::new();
    for g in &raw.group {
        let what = format!("working group {}", g.id);
        known_mechanism(&what, &g.mechanism)?;
        source(&what, &g.source)?;
        if let Some(t) = &g.theme {
            if themes::find(t).is_none() {
                return Err(invalid(what, format!("unknown theme '{t}'")));
            }
        }
        if let Some(p) = g.pillar {
            if !(1..=4).contains(&p) {
                return Err(invalid(what, format!("pillar {p}: the pillars are 1 to 4")));
            }
        }
        let list = |ps: &[String]| -> Result<Vec<String>, SeedError> {
            ps.iter().map(|p| participant(&what, p)).collect()
        };
        groups.push(WorkingGroup {
            id: g.id.clone(),
            mechanism: g.mechanism.clone(),
            pillar: g.pillar,
            name: g.name.clone(),
            theme: g.theme.clone(),
            leads: list(&g.leads)?,
            co_leads: list(&g.co_leads)?,
            participants: list(&g.participants)?,
            source: g.source.clone(),
        });
    }
    let mut claims = Vec::new();
    for c in &raw.claim {
        source(&format!("claim on {}", c.subject), &c.source)?;
        claims.push(Claim {
            subject: c.subject.clone(),
            statement: c.statement.clone(),
            source: c.source.clone(),
            locator: c.locator.clone(),
        });
    }
    Ok(Registry {
        sources,
        mechanisms,
        memberships,
        groups,
        claims,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_2023_registry_has_the_studys_membership_table() {
        let r = registry_2023();
        let on = d("2023-12-31");
        // Counted by hand from the membership table of the domain brief.
        for (code, n) in [
            ("DLA", 21),
            ("CAM", 35),
            ("MIRPS", 7),
            ("CRM", 11),
            ("CSM", 12),
            ("QP", 13),
            ("R4V", 17),
        ] {
            assert_eq!(r.members_on(code, on).len(), n, "{code}");
        }
        assert_eq!(
            r.participants_on("CSM", on)
                .iter()
                .filter(|(_, role)| *role == Role::Observer)
                .collect::<Vec<_>>(),
            vec![&("MEX", Role::Observer)]
        );
        assert!(r
            .standing("DLA", "ESP", on)
            .is_some_and(|m| m.role == Role::Observer));
        assert_eq!(r.groups.iter().filter(|g| g.mechanism == "DLA").count(), 11);
    }

    #[test]
    fn adherence_without_a_date_counts_from_the_source() {
        let r = registry_2023();
        // Guyana joined the declaration after the summit; the study of
        // June 2023 is the first source here that places it there.
        assert_eq!(r.members_on("DLA", d("2022-06-10")).len(), 20);
        assert!(!r.members_on("DLA", d("2023-05-31")).contains(&"GUY"));
        assert!(r.members_on("DLA", d("2023-06-01")).contains(&"GUY"));
    }

    #[test]
    fn the_2023_study_disagrees_with_itself_on_seven_subjects() {
        let found = crate::registry::conflicts(&registry_2023().claims);
        let subjects: Vec<_> = found.iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(
            subjects,
            vec![
                "countries CRM shares with the declaration",
                "United States in CRM",
                "Bolivia in CRM",
                "Suriname in CRM",
                "Venezuela in CRM",
                "pillar of the declaration's working group on xenophobia",
                "lead of MIRPS's jobs and livelihoods group",
            ]
        );
    }

    #[test]
    fn a_registry_file_naming_an_unknown_source_is_refused() {
        let text = r#"
[[mechanism]]
code = "X"
name = "X"
name_es = "X"
presidency = "none"
secretariat = "none"
source = "nowhere"
"#;
        assert_eq!(
            parse("r.toml", text).unwrap_err().to_string(),
            "r.toml: mechanism X: unknown source 'nowhere'"
        );
    }

    #[test]
    fn a_registry_file_with_a_code_that_is_no_country_is_refused() {
        let text = r#"
[[source]]
id = "s"
citation = "c"
date = "2023-01-01"
[[mechanism]]
code = "X"
name = "X"
name_es = "X"
presidency = "none"
secretariat = "none"
source = "s"
[[members]]
mechanism = "X"
role = "member"
source = "s"
participants = ["ARG", "QQQ"]
"#;
        assert_eq!(
            parse("r.toml", text).unwrap_err().to_string(),
            "r.toml: members of X: 'QQQ' is not an ISO 3166-1 alpha-3 country"
        );
    }
}
