//! A pledge's identity and steps, and who verified them.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::currency::*;
use super::unit::{Money, Unit};
use crate::codes::Sector;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Pledged,
    Committed,
    Disbursed,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Pledged, Stage::Committed, Stage::Disbursed];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Pledged => "pledged",
            Stage::Committed => "committed",
            Stage::Disbursed => "disbursed",
        }
    }
}

impl FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Stage, String> {
        match s.trim() {
            "pledged" => Ok(Stage::Pledged),
            "committed" => Ok(Stage::Committed),
            "disbursed" => Ok(Stage::Disbursed),
            _ => Err(format!("status '{s}': use pledged, committed or disbursed")),
        }
    }
}

/// Who receives: a country, a mechanism or a working group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Recipient {
    Country(String),
    Mechanism(String),
    WorkingGroup(String),
}

impl Recipient {
    pub fn code(&self) -> &str {
        match self {
            Recipient::Country(c) | Recipient::Mechanism(c) | Recipient::WorkingGroup(c) => c,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Recipient::Country(_) => "country",
            Recipient::Mechanism(_) => "mechanism",
            Recipient::WorkingGroup(_) => "working_group",
        }
    }

    pub fn from_parts(kind: &str, code: &str) -> Option<Recipient> {
        match kind {
            "country" => Some(Recipient::Country(code.into())),
            "mechanism" => Some(Recipient::Mechanism(code.into())),
            "working_group" => Some(Recipient::WorkingGroup(code.into())),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = PledgeStep))]
pub struct Step {
    pub stage: Stage,
    pub date: NaiveDate,
    #[serde(serialize_with = "exact")]
    pub amount: Decimal,
    /// A currency, or a unit in kind: never summed with money.
    pub unit: Unit,
    /// A pledge in kind's value in money, as its donor estimates it:
    /// shown beside it, never added to money pledged.
    pub estimate: Option<Money>,
    /// Every report of this step: the donor's, the recipient's, …
    pub sources: Vec<String>,
    /// The secretariat's check of the step; none while only a party to
    /// the pledge has reported it.
    pub verified: Option<Verified>,
}

/// Who verified a step, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Verified {
    /// The organisation (the secretariat's) that verified it.
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Pledge {
    pub id: String,
    pub donor: String,
    pub recipient: Recipient,
    pub purpose: String,
    /// The requirement of an appeal it answers, if any.
    pub requirement: Option<String>,
    /// The DAC sector, when stated (else its requirement's).
    pub sector: Option<Sector>,
    /// At most one per stage, in stage order.
    pub steps: Vec<Step>,
}

impl Pledge {
    pub fn step(&self, stage: Stage) -> Option<&Step> {
        self.steps.iter().find(|s| s.stage == stage)
    }
}
