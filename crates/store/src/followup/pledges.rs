//! Pledges with their steps (pledged, committed, disbursed) and every
//! report that stated them, and the exchange rates of each day. Amounts
//! and rates are kept as the exact decimal text they were given in: the
//! store does no arithmetic on money. Nothing here revises a step or a
//! rate; whether a new one may be added is the caller's rule.

use chrono::NaiveDate;

use super::rows::date;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PledgeRow {
    pub code: String,
    pub donor: String,
    pub recipient_kind: String,
    pub recipient: String,
    pub purpose: String,
    pub requirement: Option<String>,
    /// DAC purpose code.
    pub sector: Option<String>,
    /// In the order read; the caller orders stages.
    pub steps: Vec<StepRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    pub stage: String,
    pub date: NaiveDate,
    /// Exact decimal text.
    pub amount: String,
    /// A currency code, or a unit in kind.
    pub unit: String,
    /// A step in kind's estimate in money: exact decimal text and currency.
    pub estimate: Option<(String, String)>,
    /// The reports' sources, each once, in the order received.
    pub sources: Vec<String>,
    /// The organisation that verified it, and the day.
    pub verified: Option<(String, NaiveDate)>,
}

/// One line of a pledge file, as received.
#[derive(Debug, Clone, Copy)]
pub struct PledgeReportRow<'a> {
    pub pledge: &'a str,
    pub stage: &'a str,
    pub source: &'a str,
    pub file: &'a str,
    pub line: i64,
    pub org: &'a str,
    pub received_at: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    pub date: NaiveDate,
    pub base: String,
    pub quote: String,
    /// Exact decimal text.
    pub rate: String,
}

const REPORTS: &str = "SELECT pledge, stage, source FROM pledge_report ORDER BY id";
const STEPS: &str = "SELECT pledge, stage, date, amount, unit, estimate, estimate_currency, \
     verified_by, verified_on FROM pledge_step";
const PLEDGES: &str = "SELECT code, donor, recipient_kind, recipient, purpose, requirement, \
     sector FROM pledge ORDER BY code";
const INSERT_PLEDGE: &str = "INSERT INTO pledge (code, donor, recipient_kind, recipient, \
     purpose, requirement, sector) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})";
const UPDATE_PLEDGE: &str = "UPDATE pledge SET requirement = {p}, sector = {p} WHERE code = {p}";
const INSERT_STEP: &str = "INSERT INTO pledge_step (pledge, stage, date, amount, unit, \
     estimate, estimate_currency, verified_by, verified_on) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";
/// A verification stands: an import that read the step before it was
/// verified does not clear it.
const UPDATE_STEP: &str = "UPDATE pledge_step SET estimate = {p}, estimate_currency = {p}, \
     verified_by = COALESCE(verified_by, {p}), verified_on = COALESCE(verified_on, {p}) \
     WHERE pledge = {p} AND stage = {p}";
/// Verifies a step no one has verified: a second verifier, even one
/// that read the step before the first committed, changes nothing.
const VERIFY_STEP: &str = "UPDATE pledge_step SET verified_by = {p}, verified_on = {p} \
     WHERE pledge = {p} AND stage = {p} AND verified_by IS NULL";
const INSERT_REPORT: &str = "INSERT INTO pledge_report (pledge, stage, source, file, line, \
     org, received_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})";
const RATES: &str = "SELECT date, base, quote, rate FROM fx_rate ORDER BY date, base, quote";
const INSERT_RATE: &str =
    "INSERT INTO fx_rate (date, base, quote, rate, source) VALUES ({p}, {p}, {p}, {p}, {p})";

pub(crate) const STATEMENTS: &[&str] = &[
    REPORTS,
    STEPS,
    PLEDGES,
    INSERT_PLEDGE,
    UPDATE_PLEDGE,
    INSERT_STEP,
    UPDATE_STEP,
    VERIFY_STEP,
    INSERT_REPORT,
    RATES,
    INSERT_RATE,
];

/// Every pledge with its steps and their sources.
pub fn pledges(store: &mut dyn Store) -> Result<Vec<PledgeRow>> {
    let sources = store.query(REPORTS, &[])?;
    let steps = store.query(STEPS, &[])?;
    let mut out = store
        .query(PLEDGES, &[])?
        .iter()
        .map(|r| {
            Ok(PledgeRow {
                code: r.text("code")?,
                donor: r.text("donor")?,
                recipient_kind: r.text("recipient_kind")?,
                recipient: r.text("recipient")?,
                purpose: r.text("purpose")?,
                requirement: r.opt_text("requirement")?,
                sector: r.opt_text("sector")?,
                steps: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &steps {
        let id = r.text("pledge")?;
        let step = StepRow {
            stage: r.text("stage")?,
            date: date(r, "date")?,
            amount: r.text("amount")?,
            unit: r.text("unit")?,
            estimate: match (r.opt_text("estimate")?, r.opt_text("estimate_currency")?) {
                (Some(a), Some(c)) => Some((a, c)),
                _ => None,
            },
            sources: Vec::new(),
            verified: match r.opt_text("verified_by")? {
                Some(by) => Some((by, date(r, "verified_on")?)),
                None => None,
            },
        };
        if let Some(p) = out.iter_mut().find(|p| p.code == id) {
            p.steps.push(step);
        }
    }
    for r in &sources {
        let (id, stage, source) = (r.text("pledge")?, r.text("stage")?, r.text("source")?);
        if let Some(s) = out
            .iter_mut()
            .find(|p| p.code == id)
            .and_then(|p| p.steps.iter_mut().find(|s| s.stage == stage))
        {
            if !s.sources.contains(&source) {
                s.sources.push(source);
            }
        }
    }
    Ok(out)
}

/// Adds a pledge without its steps.
pub fn insert_pledge(store: &mut dyn Store, p: &PledgeRow) -> Result<()> {
    store.execute(
        INSERT_PLEDGE,
        &[
            p.code.as_str().into(),
            p.donor.as_str().into(),
            p.recipient_kind.as_str().into(),
            p.recipient.as_str().into(),
            p.purpose.as_str().into(),
            p.requirement.clone().into(),
            p.sector.clone().into(),
        ],
    )?;
    Ok(())
}

/// Sets the requirement and the sector of a pledge (a later report
/// stated them).
pub fn update_pledge(store: &mut dyn Store, p: &PledgeRow) -> Result<()> {
    store.execute(
        UPDATE_PLEDGE,
        &[
            p.requirement.clone().into(),
            p.sector.clone().into(),
            p.code.as_str().into(),
        ],
    )?;
    Ok(())
}

/// Adds a step of `pledge`; its sources are the reports'.
pub fn insert_step(store: &mut dyn Store, pledge: &str, s: &StepRow) -> Result<()> {
    store.execute(
        INSERT_STEP,
        &[
            pledge.into(),
            s.stage.as_str().into(),
            s.date.to_string().into(),
            s.amount.as_str().into(),
            s.unit.as_str().into(),
            s.estimate.as_ref().map(|e| e.0.clone()).into(),
            s.estimate.as_ref().map(|e| e.1.clone()).into(),
            s.verified.as_ref().map(|v| v.0.clone()).into(),
            s.verified.as_ref().map(|v| v.1.to_string()).into(),
        ],
    )?;
    Ok(())
}

/// Sets a step's estimate and verification (added after it was first
/// reported); `false` when there is no such step.
pub fn update_step(store: &mut dyn Store, pledge: &str, s: &StepRow) -> Result<bool> {
    let n = store.execute(
        UPDATE_STEP,
        &[
            s.estimate.as_ref().map(|e| e.0.clone()).into(),
            s.estimate.as_ref().map(|e| e.1.clone()).into(),
            s.verified.as_ref().map(|v| v.0.clone()).into(),
            s.verified.as_ref().map(|v| v.1.to_string()).into(),
            pledge.into(),
            s.stage.as_str().into(),
        ],
    )?;
    Ok(n > 0)
}

/// Marks a step verified by `by` on `on`; `false` when it is verified
/// already (or missing).
pub fn verify_step(
    store: &mut dyn Store,
    pledge: &str,
    stage: &str,
    by: &str,
    on: chrono::NaiveDate,
) -> Result<bool> {
    let n = store.execute(
        VERIFY_STEP,
        &[
            by.into(),
            on.to_string().into(),
            pledge.into(),
            stage.into(),
        ],
    )?;
    Ok(n > 0)
}

pub fn insert_report(store: &mut dyn Store, r: &PledgeReportRow) -> Result<()> {
    store.execute(
        INSERT_REPORT,
        &[
            r.pledge.into(),
            r.stage.into(),
            r.source.into(),
            r.file.into(),
            r.line.into(),
            r.org.into(),
            r.received_at.into(),
        ],
    )?;
    Ok(())
}

pub fn rates(store: &mut dyn Store) -> Result<Vec<RateRow>> {
    store
        .query(RATES, &[])?
        .iter()
        .map(|r| {
            Ok(RateRow {
                date: date(r, "date")?,
                base: r.text("base")?,
                quote: r.text("quote")?,
                rate: r.text("rate")?,
            })
        })
        .collect()
}

pub fn insert_rate(store: &mut dyn Store, r: &RateRow, source: &str) -> Result<()> {
    store.execute(
        INSERT_RATE,
        &[
            r.date.to_string().into(),
            r.base.as_str().into(),
            r.quote.as_str().into(),
            r.rate.as_str().into(),
            source.into(),
        ],
    )?;
    Ok(())
}
