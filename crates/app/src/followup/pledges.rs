//! Pledges and exchange rates: reading them, and importing pledge files
//! and rates files, each import in one transaction, all or nothing.
//! Parsing, merging and which rates are new are `corredor_followup`'s;
//! this module must never write a step or a rate those rules refused.

use std::str::FromStr;

use corredor_followup::forum::{Money, Party, Unit};
use corredor_followup::pledge::{self, Merged, Pledge, Rate, Recipient, Stage, Step, Verified};
use corredor_followup::rates::{self, RateError};
use corredor_followup::registry::{is_state, Registry};
use corredor_store::followup::pledges::{
    self as rows, PledgeReportRow, PledgeRow, RateRow, StepRow,
};
use corredor_store::Store;
use rust_decimal::Decimal;

use super::common::{need_source, stored, SECRETARIAT};
use super::registry::registry;
use crate::auth::{Actor, Role};
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

fn decimal(text: &str) -> Result<Decimal> {
    Decimal::from_str_exact(text).map_err(|e| Error::Internal(format!("stored amount: {e}")))
}

fn step(s: StepRow) -> Result<Step> {
    Ok(Step {
        stage: Stage::from_str(&s.stage).map_err(stored)?,
        date: s.date,
        amount: decimal(&s.amount)?,
        unit: Unit::from_str(&s.unit).map_err(stored)?,
        estimate: match s.estimate {
            Some((amount, currency)) => Some(Money {
                amount: decimal(&amount)?,
                currency: currency.parse().map_err(stored)?,
            }),
            None => None,
        },
        sources: s.sources,
        verified: s.verified.map(|(by, on)| Verified { by, on }),
    })
}

fn step_row(s: &Step) -> StepRow {
    StepRow {
        stage: s.stage.as_str().into(),
        date: s.date,
        amount: s.amount.to_string(),
        unit: s.unit.code().into(),
        estimate: s
            .estimate
            .as_ref()
            .map(|e| (e.amount.to_string(), e.currency.as_str().into())),
        sources: Vec::new(),
        verified: s.verified.as_ref().map(|v| (v.by.clone(), v.on)),
    }
}

fn pledge_row(p: &Pledge) -> PledgeRow {
    PledgeRow {
        code: p.id.clone(),
        donor: p.donor.clone(),
        recipient_kind: p.recipient.kind().into(),
        recipient: p.recipient.code().into(),
        purpose: p.purpose.clone(),
        requirement: p.requirement.clone(),
        sector: p.sector.as_ref().map(|s| s.code().into()),
        steps: Vec::new(),
    }
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
                requirement: p.requirement,
                sector: p.sector.map(|s| s.parse()).transpose().map_err(stored)?,
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
///
/// The secretariat's files are verified as they are merged. A pledge's
/// donor or recipient may send its own reports (each row about a pledge
/// it is a party to, [`Party::is_party`]); they stay unverified until the
/// secretariat verifies them ([`verify_step`]).
pub fn import_pledges(
    store: &mut dyn Store,
    actor: &Actor,
    files: &[(String, Vec<u8>)],
) -> std::result::Result<Vec<Merged>, ImportError> {
    actor.require(REPORTERS, "reporting pledges")?;
    let secretariat = matches!(actor.role, Role::Secretariat | Role::Operator);
    corredor_store::transaction(
        store,
        |s| -> std::result::Result<Vec<Merged>, ImportError> {
            let r = registry(s)?;
            let known = super::needs::requirements(s)?;
            let party = party(s, actor)?;
            let before = pledges(s)?;
            let mut all = before.clone();
            let mut problems = Vec::new();
            let mut merged = Vec::new();
            let mut reports = Vec::new();
            let verify = secretariat.then(|| Verified {
                by: actor.org.clone(),
                on: clock::today(),
            });
            for (file, bytes) in files {
                let rs = match pledge::parse_csv(file, bytes, &recipient_resolver(&r)) {
                    Ok(rs) => rs,
                    Err(p) => {
                        problems.extend(p);
                        continue;
                    }
                };
                let unknown = pledge::requirement_problems(file, &rs, &|id: &str| {
                    known
                        .iter()
                        .find(|k| k.id == id)
                        .map(|k| k.recipient.clone())
                });
                if !unknown.is_empty() {
                    problems.extend(unknown);
                    continue;
                }
                let future = pledge::future_steps(file, &rs, clock::today());
                if !future.is_empty() {
                    problems.extend(future);
                    continue;
                }
                if !secretariat {
                    let foreign = not_a_party(file, &rs, &all, &party);
                    if !foreign.is_empty() {
                        problems.extend(foreign);
                        continue;
                    }
                }
                match pledge::merge(&mut all, file, &rs, verify.as_ref()) {
                    Ok(m) => {
                        merged.push(m);
                        reports.push((file, rs));
                    }
                    Err(p) => problems.extend(p),
                }
            }
            if !problems.is_empty() {
                return Err(ImportError::Problems(problems));
            }
            write_changes(s, &before, &all)?;
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
                    if secretariat {
                        "pledge.import"
                    } else {
                        "pledge.report"
                    },
                    file,
                    &format!(
                        "{} reports: {} new pledges, {} new steps, {} confirmations{}",
                        rs.len(),
                        m.new_pledges,
                        m.new_steps,
                        m.confirmations,
                        if m.stated_verifications > 0 {
                            format!(
                                "; {} steps verified as the file states (verified_by, verified_on)",
                                m.stated_verifications
                            )
                        } else if secretariat {
                            String::new()
                        } else {
                            "; unverified until the secretariat verifies them".into()
                        }
                    ),
                )?;
            }
            Ok(merged)
        },
    )
}

/// Who may send pledge reports: the secretariat, and a pledge's parties
/// with their organisation's token. Observers and the public may not.
const REPORTERS: &[Role] = &[Role::Secretariat, Role::Analyst, Role::Participant];

/// The actor's organisation as the party rule sees it.
fn party(s: &mut dyn Store, actor: &Actor) -> Result<Party> {
    let org = corredor_store::orgs::orgs(s)?
        .into_iter()
        .find(|o| o.code == actor.org);
    Ok(Party {
        code: actor.org.clone(),
        name: org.map(|o| o.name).unwrap_or_default(),
        country: actor.country.clone(),
    })
}

/// The reports about a pledge `party` is not a party to: by the pledge as
/// known, else as the report names it.
fn not_a_party(
    file: &str,
    reports: &[pledge::Report],
    known: &[Pledge],
    party: &Party,
) -> Vec<pledge::Problem> {
    reports
        .iter()
        .filter_map(|r| {
            let (donor, recipient) = match known.iter().find(|p| p.id == r.id) {
                Some(p) => (p.donor.as_str(), &p.recipient),
                None => (r.donor.as_str(), &r.recipient),
            };
            (!party.is_party(donor, recipient)).then(|| pledge::Problem {
                at: corredor_model::problem::Position::Text {
                    file: file.into(),
                    line: r.line,
                    column: Some(1),
                },
                message: format!(
                    "pledge {}: {} is neither its donor ({donor}) nor its recipient ({}); a party reports its own pledges, the secretariat the others",
                    r.id,
                    party.code,
                    recipient.code()
                ),
            })
        })
        .collect()
}

/// Writes what merging changed: new pledges and steps, and a requirement,
/// sector, estimate or verification added to a known one.
fn write_changes(s: &mut dyn Store, before: &[Pledge], after: &[Pledge]) -> Result<()> {
    for p in after {
        let old = before.iter().find(|b| b.id == p.id);
        match old {
            None => rows::insert_pledge(s, &pledge_row(p))?,
            Some(o) if o.requirement != p.requirement || o.sector != p.sector => {
                rows::update_pledge(s, &pledge_row(p))?
            }
            Some(_) => {}
        }
        for step in &p.steps {
            match old.and_then(|o| o.step(step.stage)) {
                None => rows::insert_step(s, &p.id, &step_row(step))?,
                Some(o) if o.estimate != step.estimate || o.verified != step.verified => {
                    rows::update_step(s, &p.id, &step_row(step))?;
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// The secretariat verifies a step a party reported.
pub fn verify_step(
    store: &mut dyn Store,
    actor: &Actor,
    pledge: &str,
    stage: Stage,
) -> Result<Verified> {
    actor.require(SECRETARIAT, "verifying a pledge's step")?;
    corredor_store::transaction(store, |s| {
        let all = pledges(s)?;
        let p = all
            .iter()
            .find(|p| p.id == pledge)
            .ok_or_else(|| Error::NotFound(format!("no pledge {pledge}")))?;
        let step = p.step(stage).ok_or_else(|| {
            Error::NotFound(format!("pledge {pledge} has no {} step", stage.as_str()))
        })?;
        if let Some(v) = &step.verified {
            return Err(Error::Conflict(format!(
                "pledge {pledge}, {}: verified already by {} on {}",
                stage.as_str(),
                v.by,
                v.on
            )));
        }
        let verified = Verified {
            by: actor.org.clone(),
            on: clock::today(),
        };
        if !rows::verify_step(s, pledge, stage.as_str(), &verified.by, verified.on)? {
            return Err(Error::Conflict(format!(
                "pledge {pledge}, {}: verified meanwhile by another reader: read it again",
                stage.as_str()
            )));
        }
        audit::record(
            s,
            actor,
            "pledge.verify",
            pledge,
            &format!(
                "{} {} {} on {} verified",
                stage.as_str(),
                step.amount,
                step.unit,
                step.date
            ),
        )?;
        Ok(verified)
    })
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
