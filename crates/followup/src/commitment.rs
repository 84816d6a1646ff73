//! Commitments: what countries undertook in a working group (hence under
//! a pillar), their indicators, and civil society's monitoring reports on
//! them, which are kept beside the governments' own figures and never
//! overwritten.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Under negotiation: seen only by those who may write.
    Draft,
    /// Adopted: public.
    Adopted,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Adopted => "adopted",
        }
    }
}

impl FromStr for State {
    type Err = String;
    fn from_str(s: &str) -> Result<State, String> {
        match s {
            "draft" => Ok(State::Draft),
            "adopted" => Ok(State::Adopted),
            _ => Err(format!("state '{s}': use draft or adopted")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Commitment {
    pub id: String,
    pub title: String,
    /// The working group it belongs to.
    pub group: String,
    /// The countries that made it (ISO 3166-1 alpha-3).
    pub countries: Vec<String>,
    pub state: State,
    pub source: String,
}

/// A permanent participant's assessment of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = CommitmentAssessment))]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    OnTrack,
    AtRisk,
    OffTrack,
    NotAssessable,
}

impl Assessment {
    pub fn as_str(self) -> &'static str {
        match self {
            Assessment::OnTrack => "on_track",
            Assessment::AtRisk => "at_risk",
            Assessment::OffTrack => "off_track",
            Assessment::NotAssessable => "not_assessable",
        }
    }
}

impl FromStr for Assessment {
    type Err = String;
    fn from_str(s: &str) -> Result<Assessment, String> {
        match s.replace('-', "_").as_str() {
            "on_track" => Ok(Assessment::OnTrack),
            "at_risk" => Ok(Assessment::AtRisk),
            "off_track" => Ok(Assessment::OffTrack),
            "not_assessable" => Ok(Assessment::NotAssessable),
            _ => Err(format!(
                "assessment '{s}': use on_track, at_risk, off_track or not_assessable"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MonitoringReport {
    pub id: i64,
    pub commitment: String,
    /// The permanent participant's organisation.
    pub org: String,
    pub date: NaiveDate,
    pub assessment: Assessment,
    pub text: String,
    /// Links to the evidence.
    pub evidence: Vec<String>,
}

/// Checks an evidence link: an absolute http(s) address, so that readers
/// of the published report can follow it.
pub fn check_evidence(link: &str) -> Result<(), String> {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.contains(char::is_whitespace) => Ok(()),
        _ => Err(format!(
            "evidence '{link}': give an http:// or https:// address"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_must_be_a_web_address() {
        assert!(check_evidence("https://example.org/report.pdf").is_ok());
        assert!(check_evidence("file:///etc/passwd").is_err());
        assert!(check_evidence("https://").is_err());
        assert!(check_evidence("https://a b").is_err());
    }
}
