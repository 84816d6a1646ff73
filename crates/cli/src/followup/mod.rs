//! The secretariat's follow-up on the command line: `registry`, `overlap`,
//! `themes`, `presidency`, `meeting`, `calendar`, `commitment`,
//! `monitoring`, `measure`, `consistency`, `integration`, `pledge` and
//! `rates`. The
//! services are `corredor_app::followup`'s and the computations
//! `corredor-followup`'s; this parses, prints, and passes today's date
//! where a command needs one and none was given.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use corredor_app::auth::Actor;
use corredor_app::followup::{self as service, ImportError};
use corredor_followup::calendar::{self, Meeting};
use corredor_followup::commitment::{Commitment, MonitoringReport, State};
use corredor_followup::consistency::NationalMeasure;
use corredor_followup::indicator::{self, Indicator, Measurement};
use corredor_followup::pledge::{self, Currency};
use corredor_followup::presidency::{self, Recorded};
use corredor_followup::registry::{self, Claim, Mechanism, Role as Standing};
use corredor_followup::{consistency, iati, overlap, themes};
use corredor_store::Store;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn open(db: &str, org: &str) -> Result<(Box<dyn Store>, Actor)> {
    Ok((crate::open_store(db)?, corredor_app::auth::operator(org)))
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// "1 clash", "2 clashes".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Mexico (MEX)" for a state, "IOM (organisation)" for anyone else.
fn who(code: &str) -> String {
    if registry::is_state(code) {
        format!("{} ({code})", country_name(code))
    } else {
        format!("{code} (organisation)")
    }
}

fn country_name(code: &str) -> String {
    corredor_model::country::by_code(code)
        .map_or_else(|| code.to_string(), |c| c.name_en.to_string())
}

mod commitment_commands;
mod integration_commands;
mod meeting_commands;
mod pledge_commands;
mod registry_commands;

pub use commitment_commands::*;
pub use integration_commands::*;
pub use meeting_commands::*;
pub use pledge_commands::*;
pub use registry_commands::*;
