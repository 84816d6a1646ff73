//! What the follow-up's commands share: the libraries they speak, opening
//! the store as an organisation, printing JSON, plurals and names.

pub(super) use std::path::PathBuf;
pub(super) use std::process::ExitCode;

pub(super) use anyhow::{bail, Context as _, Result};
pub(super) use chrono::NaiveDate;
pub(super) use clap::{Args, Subcommand};
pub(super) use corredor_app::auth::Actor;
pub(super) use corredor_app::followup::{self as service, ImportError};
pub(super) use corredor_followup::calendar::{self, Meeting};
pub(super) use corredor_followup::commitment::{Commitment, MonitoringReport, State};
pub(super) use corredor_followup::consistency::NationalMeasure;
pub(super) use corredor_followup::indicator::{self, Indicator, Measurement};
pub(super) use corredor_followup::pledge::{self, Currency};
pub(super) use corredor_followup::presidency::{self, Recorded};
pub(super) use corredor_followup::registry::{self, Claim, Mechanism, Role as Standing};
pub(super) use corredor_followup::{iati, overlap, themes};
pub(super) use corredor_store::Store;

pub(super) fn today() -> NaiveDate {
    corredor_app::clock::today()
}

pub(super) fn open(db: &str, org: &str) -> Result<(Box<dyn Store>, Actor)> {
    Ok((crate::open_store(db)?, corredor_app::auth::operator(org)))
}

pub(super) fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// "1 clash", "2 clashes".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Mexico (MEX)" for a state, "IOM (organisation)" for anyone else.
pub(super) fn who(code: &str) -> String {
    if registry::is_state(code) {
        format!("{} ({code})", country_name(code))
    } else {
        format!("{code} (organisation)")
    }
}

pub(super) fn country_name(code: &str) -> String {
    corredor_model::country::by_code(code)
        .map_or_else(|| code.to_string(), |c| c.name_en.to_string())
}

/// Prints every problem of a refused file and says nothing was `what`.
pub(super) fn report_problems(problems: &[pledge::Problem], what: &str) -> anyhow::Error {
    for p in problems {
        eprintln!("{p}");
    }
    anyhow::anyhow!(
        "{} problem{}: nothing {what}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )
}
