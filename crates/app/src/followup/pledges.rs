//! Pledges and exchange rates: reading them, and importing pledge files
//! and rates files, each import in one transaction, all or nothing.
//! Parsing, merging and which rates are new are `corredor_followup`'s;
//! this module must never write a step or a rate those rules refused.

use std::str::FromStr;

use corredor_followup::pledge::{self, Merged, Pledge, Rate, Recipient, Stage, Step};
use corredor_followup::rates::{self, RateError};
use corredor_followup::registry::{is_state, Registry};
use corredor_store::followup::pledges::{
    self as rows, PledgeReportRow, PledgeRow, RateRow, StepRow,
};
use corredor_store::Store;
use rust_decimal::Decimal;

use super::common::{need_source, stored, SECRETARIAT};
use super::registry::registry;
use crate::auth::Actor;
use crate::{audit, clock, Error, Result};

/// How a pledge file names a recipient: a country, a mechanism or a
/// working group of the registry.
pub fn recipient_resolver(r: &Registry) -> impl Fn(&str) -> Option<Recipient> + '_ {
    move |code: &str| {
        if let Some(m) = r.mechanism(code) {
            return Some(Recipient::Mechanism(m.code.clone()));
        }
        if let Some(g) = r.group(code) {
            return Some(Recipient::WorkingGroup(g.id.clone()));
        }
        corredor_model::country::resolve(code)
            .filter(|c| is_state(c.alpha3))
            .map(|c| Recipient::Country(c.alpha3.to_string()))
    }
}

fn step(s: StepRow) -> Result<Step> {
    Ok(Step {
        stage: Stage::from_str(&s.stage).map_err(stored)?,
        date: s.date,
        amount: Decimal::from_str_exact(&s.amount)
            .map_err(|e| Error::Internal(format!("stored amount: {e}")))?,
        currency: s.currency.parse().map_err(stored)?,
        sources: s.sources,
    })
}

pub fn pledges(store: &mut dyn Store) -> Result<Vec<Pledge>> {
    rows::pledges(store)?
        .into_iter()
        .map(|p| {
            let mut steps = p.steps.into_iter().map(step).collect::<Result<Vec<_>>>()?;
            steps.sort_by_key(|s| s.stage);
            Ok(Pledge {
                recipient: Recipient::from_parts(&p.recipient_kind, &p.recipient)
                    .ok_or_else(|| Error::Internal("stored recipient kind".into()))?,
                id: p.code,
                donor: p.donor,
                purpose: p.purpose,
                steps,
            })
        })
        .collect()
}

/// Why an import was refused: every problem, by file, line and column.
#[derive(Debug)]
pub enum ImportError {
    Problems(Vec<pledge::Problem>),
    Refused(Error),
}

impl From<Error> for ImportError {
    fn from(e: Error) -> ImportError {
        ImportError::Refused(e)
    }
}

impl From<corredor_model::Refusal> for ImportError {
    fn from(r: corredor_model::Refusal) -> ImportError {
        ImportError::Refused(r.into())
    }
}

impl From<corredor_store::StoreError> for ImportError {
    fn from(e: corredor_store::StoreError) -> ImportError {
        ImportError::Refused(e.into())
    }
}

/// Imports pledge files in one transaction, all or nothing: any problem
/// in any file leaves the store as it was. Each file's reports are merged
/// after the previous file's, so a recipient's file may confirm what the
/// donor's file before it reported.
pub fn import_pledges(
    store: &mut dyn Store,
    actor: &Actor,
    files: &[(String, Vec<u8>)],
) -> std::result::Result<Vec<Merged>, ImportError> {
    actor.require(SECRETARIAT, "importing pledges")?;
    corredor_store::transaction(
        store,
        |s| -> std::result::Result<Vec<Merged>, ImportError> {
            let r = registry(s)?;
            let before = pledges(s)?;
            let mut all = before.clone();
            let mut problems = Vec::new();
            let mut merged = Vec::new();
            let mut reports = Vec::new();
            for (file, bytes) in files {
                match pledge::parse_csv(file, bytes, &recipient_resolver(&r)) {
                    Ok(rs) => match pledge::merge(&mut all, file, &rs) {
                        Ok(m) => {
                            merged.push(m);
                            reports.push((file, rs));
                        }
                        Err(p) => problems.extend(p),
                    },
                    Err(p) => problems.extend(p),
                }
            }
            if !problems.is_empty() {
                return Err(ImportError::Problems(problems));
            }
            for p in &all {
                let old = before.iter().find(|b| b.id == p.id);
                if old.is_none() {
                    let row = PledgeRow {
                        code: p.id.clone(),
                        donor: p.donor.clone(),
                        recipient_kind: p.recipient.kind().into(),
                        recipient: p.recipient.code().into(),
                        purpose: p.purpose.clone(),
                        steps: Vec::new(),
                    };
                    rows::insert_pledge(s, &row)?;
                }
                for step in &p.steps {
                    if old.and_then(|o| o.step(step.stage)).is_none() {
                        let row = StepRow {
                            stage: step.stage.as_str().into(),
                            date: step.date,
                            amount: step.amount.to_string(),
                            currency: step.currency.as_str().into(),
                            sources: Vec::new(),
                        };
                        rows::insert_step(s, &p.id, &row)?;
                    }
                }
            }
            let at = clock::now();
            for ((file, rs), m) in reports.iter().zip(&merged) {
                for rep in rs {
                    rows::insert_report(
                        s,
                        &PledgeReportRow {
                            pledge: &rep.id,
                            stage: rep.stage.as_str(),
                            source: &rep.source,
                            file,
                            line: rep.line as i64,
                            org: &actor.org,
                            received_at: &at,
                        },
                    )?;
                }
                audit::record(
                    s,
                    actor,
                    "pledge.import",
                    file,
                    &format!(
                        "{} reports: {} new pledges, {} new steps, {} confirmations",
                        rs.len(),
                        m.new_pledges,
                        m.new_steps,
                        m.confirmations
                    ),
                )?;
            }
            Ok(merged)
        },
    )
}

pub fn rates(store: &mut dyn Store) -> Result<Vec<Rate>> {
    rows::rates(store)?
        .into_iter()
        .map(|r| {
            Ok(Rate {
                date: r.date,
                base: r.base.parse().map_err(stored)?,
                quote: r.quote.parse().map_err(stored)?,
                rate: Decimal::from_str_exact(&r.rate)
                    .map_err(|e| Error::Internal(format!("stored rate: {e}")))?,
            })
        })
        .collect()
}

/// Imports a rates file; a rate already loaded for a date and pair must
/// be the same (rates are facts of their day, not revised here).
pub fn import_rates(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    source: &str,
) -> std::result::Result<usize, ImportError> {
    actor.require(SECRETARIAT, "loading exchange rates")?;
    need_source(source)?;
    let parsed = pledge::parse_rates(file, bytes).map_err(ImportError::Problems)?;
    corredor_store::transaction(store, |s| -> std::result::Result<usize, ImportError> {
        let known = rates(s)?;
        let new = rates::new_rates(&known, parsed).map_err(|errors| {
            ImportError::Problems(
                errors
                    .into_iter()
                    .map(|e| {
                        let RateError::Revised { line, .. } = e;
                        pledge::Problem {
                            at: corredor_model::problem::Position::Text {
                                file: file.into(),
                                line,
                                column: Some(4),
                            },
                            message: e.to_string(),
                        }
                    })
                    .collect(),
            )
        })?;
        for r in &new {
            let row = RateRow {
                date: r.date,
                base: r.base.as_str().into(),
                quote: r.quote.as_str().into(),
                rate: r.rate.to_string(),
            };
            rows::insert_rate(s, &row, source)?;
        }
        let added = new.len();
        audit::record(
            s,
            actor,
            "rates.import",
            file,
            &format!("{added} rates ({source})"),
        )?;
        Ok(added)
    })
}
