//! Reports merged into the pledges they are about.

use serde::Serialize;

use super::file::{Check, Problem, Report};
use super::steps::*;
use super::unit::Unit;
use crate::codes::Sector;
use corredor_ingest::Position;

/// What merging reports into the pledges changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Merged {
    pub new_pledges: usize,
    pub new_steps: usize,
    /// Reports of a step already known (the other party's report of it).
    pub confirmations: usize,
    /// Steps that took the verification the file states (an export read
    /// back), rather than the importer's.
    pub stated_verifications: usize,
}

/// Adds `reports` of `file` to `pledges`. A report of a step already
/// known must agree with it (date, amount, unit, estimate) and only adds
/// its source; a report of a known pledge must name the same donor,
/// recipient and purpose, and the same requirement and sector where both
/// state one; a later stage may not be dated before an earlier one.
/// `verify` is the secretariat's check when the secretariat itself sends
/// the file: the steps it reports are verified by it, new or known,
/// unless the file states each step's verification ([`Check::Stated`]),
/// as an export read back does. Only the secretariat's file may state one.
/// With any problem, `pledges` is left as it was.
pub fn merge(
    pledges: &mut Vec<Pledge>,
    file: &str,
    reports: &[Report],
    verify: Option<&Verified>,
) -> Result<Merged, Vec<Problem>> {
    // Work on a copy: a file with any problem changes nothing.
    let mut work = pledges.clone();
    let mut merged = Merged::default();
    let mut problems = Vec::new();
    let problem = |line: u64, column: usize, message: String| Problem {
        at: Position::Text {
            file: file.into(),
            line,
            column: Some(column),
        },
        message,
    };
    for r in reports {
        let check = match (&r.check, verify) {
            (Check::ByImporter, _) => verify.cloned(),
            (Check::Stated(Some(v)), None) => {
                problems.push(problem(
                    r.line,
                    14,
                    format!(
                        "verified_by '{}': verifying a step is the secretariat's; leave verified_by and verified_on empty",
                        v.by
                    ),
                ));
                continue;
            }
            (Check::Stated(Some(v)), Some(today)) => {
                // A step is verified once it has happened, and not later
                // than the day the file is read.
                let wrong = if v.on > today.on {
                    Some(format!("has not come yet (today is {})", today.on))
                } else if v.on < r.date {
                    Some(format!(
                        "is before the step's own date, {}: a step is verified once it has happened",
                        r.date
                    ))
                } else {
                    None
                };
                if let Some(wrong) = wrong {
                    problems.push(problem(r.line, 15, format!("verified_on {} {wrong}", v.on)));
                    continue;
                }
                Some(v.clone())
            }
            (Check::Stated(None), _) => None,
        };
        let at = match work.iter().position(|p| p.id == r.id) {
            Some(i) => i,
            None => {
                work.push(Pledge {
                    id: r.id.clone(),
                    donor: r.donor.clone(),
                    recipient: r.recipient.clone(),
                    purpose: r.purpose.clone(),
                    requirement: r.requirement.clone(),
                    sector: r.sector.clone(),
                    steps: Vec::new(),
                });
                merged.new_pledges += 1;
                work.len() - 1
            }
        };
        let p = &mut work[at];
        let differs = |known: &Option<String>, said: &Option<String>| matches!((known, said), (Some(k), Some(s)) if k != s);
        let sector = |s: &Option<Sector>| s.as_ref().map(|s| s.code().to_string());
        let mismatch = [
            (p.donor != r.donor, 2, "donor", p.donor.clone()),
            (
                p.recipient != r.recipient,
                3,
                "recipient",
                p.recipient.code().to_string(),
            ),
            (p.purpose != r.purpose, 4, "purpose", p.purpose.clone()),
            (
                differs(&p.requirement, &r.requirement),
                10,
                "requirement",
                p.requirement.clone().unwrap_or_default(),
            ),
            (
                differs(&sector(&p.sector), &sector(&r.sector)),
                11,
                "sector",
                sector(&p.sector).unwrap_or_default(),
            ),
        ];
        let mut agree = true;
        for (differs, column, what, known) in mismatch {
            if differs {
                problems.push(problem(
                    r.line,
                    column,
                    format!("pledge {} has {what} '{known}': a pledge has one {what}, whoever reports it", r.id),
                ));
                agree = false;
            }
        }
        if !agree {
            continue;
        }
        // What the secretariat verified stays as it verified it: another
        // reporter cannot add a requirement or a sector to a pledge with
        // verified steps (it would move verified money to another count).
        let verified = p.steps.iter().any(|s| s.verified.is_some());
        if verify.is_none() && verified {
            let added = [
                (
                    p.requirement.is_none() && r.requirement.is_some(),
                    10,
                    "requirement",
                ),
                (p.sector.is_none() && r.sector.is_some(), 11, "sector"),
            ];
            let mut refused = false;
            for (adds, column, what) in added {
                if adds {
                    problems.push(problem(
                        r.line,
                        column,
                        format!(
                            "pledge {} has steps the secretariat verified with no {what}: adding one is the secretariat's",
                            r.id
                        ),
                    ));
                    refused = true;
                }
            }
            if refused {
                continue;
            }
        }
        if p.requirement.is_none() {
            p.requirement = r.requirement.clone();
        }
        if p.sector.is_none() {
            p.sector = r.sector.clone();
        }
        match p.steps.iter_mut().find(|s| s.stage == r.stage) {
            Some(s) => {
                let same = s.amount == r.amount && s.unit == r.unit && s.date == r.date;
                if !same {
                    problems.push(problem(
                        r.line,
                        5,
                        format!(
                            "pledge {} is already {} as {} {} on {} ({}); this report says {} {} on {}: one of the two reports needs correcting",
                            r.id,
                            r.stage.as_str(),
                            s.amount,
                            s.unit,
                            s.date,
                            s.sources.join("; "),
                            r.amount,
                            r.unit,
                            r.date
                        ),
                    ));
                    continue;
                }
                match (&s.estimate, &r.estimate) {
                    (Some(k), Some(e)) if k != e => {
                        problems.push(problem(
                            r.line,
                            12,
                            format!(
                                "pledge {} is {} with an estimate of {} {}; this report says {} {}",
                                r.id,
                                r.stage.as_str(),
                                k.amount,
                                k.currency,
                                e.amount,
                                e.currency
                            ),
                        ));
                        continue;
                    }
                    (None, Some(_)) if s.verified.is_some() && verify.is_none() => {
                        problems.push(problem(
                            r.line,
                            12,
                            format!(
                                "pledge {} was verified {} by the secretariat with no estimate: adding one is the secretariat's",
                                r.id,
                                r.stage.as_str()
                            ),
                        ));
                        continue;
                    }
                    (None, Some(e)) => s.estimate = Some(e.clone()),
                    _ => {}
                }
                if !s.sources.contains(&r.source) {
                    s.sources.push(r.source.clone());
                }
                if s.verified.is_none() && check.is_some() {
                    if matches!(r.check, Check::Stated(_)) {
                        merged.stated_verifications += 1;
                    }
                    s.verified = check;
                }
                merged.confirmations += 1;
            }
            None => {
                let kind = |u: &Unit| u.in_kind();
                if let Some(other) = p.steps.iter().find(|s| kind(&s.unit) != kind(&r.unit)) {
                    problems.push(problem(
                        r.line,
                        6,
                        format!(
                            "pledge {} is {} in {}; this report is in {}: a pledge is in money or in one unit in kind throughout",
                            r.id,
                            other.stage.as_str(),
                            other.unit,
                            r.unit
                        ),
                    ));
                    continue;
                }
                if check.is_some() && matches!(r.check, Check::Stated(_)) {
                    merged.stated_verifications += 1;
                }
                p.steps.push(Step {
                    stage: r.stage,
                    date: r.date,
                    amount: r.amount,
                    unit: r.unit.clone(),
                    estimate: r.estimate.clone(),
                    sources: vec![r.source.clone()],
                    verified: check,
                });
                p.steps.sort_by_key(|s| s.stage);
                merged.new_steps += 1;
                let out_of_order = p
                    .steps
                    .windows(2)
                    .find(|w| w[1].date < w[0].date)
                    .map(|w| (w[0].clone(), w[1].clone()));
                if let Some((earlier, later)) = out_of_order {
                    problems.push(problem(
                        r.line,
                        8,
                        format!(
                            "pledge {} is {} on {}, before it was {} on {}",
                            r.id,
                            later.stage.as_str(),
                            later.date,
                            earlier.stage.as_str(),
                            earlier.date
                        ),
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        *pledges = work;
        Ok(merged)
    } else {
        Err(problems)
    }
}
