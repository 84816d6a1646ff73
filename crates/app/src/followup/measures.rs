//! National measures as the secretariat records them, to be set against
//! the commitments by `corredor_followup::consistency`. This module checks
//! the country and the theme, writes and audits; it must never judge a
//! measure's consistency itself.

use std::str::FromStr;

use corredor_followup::commitment::Commitment;
use corredor_followup::consistency::{self, Effect, NationalMeasure};
use corredor_followup::review::{self, Outcome, Step, StepKind};
use corredor_followup::themes;
use corredor_store::followup::measures::{self as rows, NewMeasureRow};
use corredor_store::Store;

use super::common::{invalid, need_source, stored, SECRETARIAT};
use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

pub fn measures(store: &mut dyn Store) -> Result<Vec<NationalMeasure>> {
    rows::measures(store)?.into_iter().map(measure_of).collect()
}

fn measure_of(m: rows::MeasureRow) -> Result<NationalMeasure> {
    Ok(NationalMeasure {
        effect: Effect::from_str(&m.effect).map_err(stored)?,
        id: m.id,
        country: m.country,
        date: m.date,
        title: m.title,
        theme: m.theme,
        source: m.source,
    })
}

pub fn add_measure(
    store: &mut dyn Store,
    actor: &Actor,
    m: &NationalMeasure,
) -> Result<NationalMeasure> {
    actor.require(SECRETARIAT, "recording a national measure")?;
    need_source(&m.source)?;
    super::common::line(&m.title, "title")?;
    let country = corredor_model::country::codes(std::slice::from_ref(&m.country), "country")
        .map_err(Error::Invalid)?
        .remove(0);
    if themes::find(&m.theme).is_none() {
        return Err(Error::Invalid(format!(
            "theme '{}': use one of {}",
            m.theme,
            themes::THEMES
                .iter()
                .map(|t| t.code)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    corredor_store::transaction(store, |s| -> Result<NationalMeasure> {
        let id = rows::insert_measure(
            s,
            &NewMeasureRow {
                country: &country,
                date: m.date,
                title: &m.title,
                theme: &m.theme,
                effect: m.effect.as_str(),
                source: &m.source,
                recorded_at: &clock::now(),
            },
        )?;
        audit::record(
            s,
            actor,
            "measure.add",
            &country,
            &format!("{} {} ({})", m.effect.as_str(), m.theme, m.title),
        )?;
        Ok(NationalMeasure {
            id,
            country: country.clone(),
            ..m.clone()
        })
    })
}

/// What is known of a measure for its review: the measure, whether the
/// consistency check lists it, its steps so far, and the commitments
/// `actor` may see (which the check was made against).
fn under_review(
    store: &mut dyn Store,
    actor: &Actor,
    id: i64,
) -> Result<(NationalMeasure, bool, Vec<Step>, Vec<Commitment>)> {
    let measure = rows::measure(store, id)?
        .map(measure_of)
        .transpose()?
        .ok_or_else(|| Error::NotFound(format!("no national measure {id}")))?;
    let registry = super::registry::registry(store)?;
    let commitments = super::commitments::commitments(store, actor)?;
    let events = super::groups::all_events(store, &registry)?;
    let listed = consistency::report(
        &registry,
        &commitments,
        std::slice::from_ref(&measure),
        &events,
    )
    .iter()
    .any(|i| i.measure.id == id);
    Ok((measure, listed, all_steps(store, Some(id))?, commitments))
}

/// The restrictive measures that run against a country's commitments
/// (those `actor` may see) or the groups it led on the measure's date.
pub fn consistency(
    store: &mut dyn Store,
    actor: &Actor,
) -> Result<Vec<consistency::Inconsistency>> {
    let registry = super::registry::registry(store)?;
    let commitments = super::commitments::commitments(store, actor)?;
    let events = super::groups::all_events(store, &registry)?;
    Ok(consistency::report(
        &registry,
        &commitments,
        &measures(store)?,
        &events,
    ))
}

fn all_steps(store: &mut dyn Store, measure: Option<i64>) -> Result<Vec<Step>> {
    rows::steps(store, measure)?
        .into_iter()
        .map(|r| {
            Ok(Step {
                kind: StepKind::from_str(&r.kind).map_err(stored)?,
                outcome: r
                    .outcome
                    .as_deref()
                    .map(Outcome::from_str)
                    .transpose()
                    .map_err(stored)?,
                id: r.id,
                measure: r.measure,
                org: r.org,
                commitment: r.commitment,
                text: r.text,
                at: r.at,
            })
        })
        .collect()
}

/// Whether `actor` takes part in the review of `measure` (so sees its
/// steps before the ruling): the secretariat, the country that took it,
/// and an organisation that flagged it.
fn takes_part(actor: &Actor, measure: &NationalMeasure, steps: &[Step]) -> bool {
    match actor.role {
        Role::Operator | Role::Secretariat => true,
        Role::Analyst => actor.country.as_deref() == Some(measure.country.as_str()),
        Role::Participant => steps
            .iter()
            .any(|s| s.kind == StepKind::Flag && s.org == actor.org),
        Role::Observer | Role::Employer | Role::Public => false,
    }
}

/// The steps of every review `actor` may read, in the order taken: all of
/// a ruled review (public from the ruling on), and of an open one only
/// for those who take part in it.
pub fn review_steps(store: &mut dyn Store, actor: &Actor) -> Result<Vec<Step>> {
    let measures = measures(store)?;
    let steps = all_steps(store, None)?;
    let mut out = Vec::new();
    for m in &measures {
        let of: Vec<Step> = steps
            .iter()
            .filter(|s| s.measure == m.id)
            .cloned()
            .collect();
        if review::ruled(&of) || takes_part(actor, m, &of) {
            out.extend(of);
        }
    }
    Ok(out)
}

/// A step a person asks to take on measure `measure`.
#[derive(Debug, Clone)]
pub struct NewStep {
    pub kind: StepKind,
    pub text: String,
    /// The commitment a flag says the measure contradicts.
    pub commitment: Option<String>,
    /// A ruling's decision.
    pub outcome: Option<Outcome>,
}

/// Takes a step of measure `id`'s review: civil society (a permanent
/// participant's token) flags it against a commitment, the country that
/// took it replies, the secretariat rules. Dated and audited, in one
/// transaction; refused when the review is closed or there is nothing to
/// reply to or rule on.
pub fn take_step(store: &mut dyn Store, actor: &Actor, id: i64, step: &NewStep) -> Result<Step> {
    match step.kind {
        StepKind::Flag => actor.require(&[Role::Participant], "flagging a national measure")?,
        StepKind::Reply => actor.require(&[Role::Analyst], "replying for a country")?,
        StepKind::Ruling => actor.require(SECRETARIAT, "ruling on a national measure")?,
    }
    let text = crate::workflow::check_text(&step.text, "text")?;
    corredor_store::transaction(store, |s| -> Result<Step> {
        let (measure, listed, steps, commitments) = under_review(s, actor, id)?;
        if step.kind == StepKind::Reply
            && actor.country.as_deref() != Some(measure.country.as_str())
        {
            return Err(Error::Forbidden(format!(
                "measure {id} is {}'s: only its analysts reply",
                measure.country
            )));
        }
        review::may_add(id, &steps, listed, step.kind)
            .map_err(|e| Error::Conflict(e.to_string()))?;
        let commitment = match step.kind {
            StepKind::Flag => {
                let code = step
                    .commitment
                    .as_deref()
                    .ok_or_else(|| invalid(review::ReviewError::NoCommitment))?;
                let c = commitments
                    .into_iter()
                    .find(|c| c.id == code && c.countries.contains(&measure.country))
                    .ok_or_else(|| {
                        Error::NotFound(format!("no commitment {code} of {}", measure.country))
                    })?;
                Some(c.id)
            }
            StepKind::Reply | StepKind::Ruling => None,
        };
        let outcome = match step.kind {
            StepKind::Ruling => Some(
                step.outcome
                    .ok_or_else(|| invalid(review::ReviewError::NoOutcome))?,
            ),
            StepKind::Flag | StepKind::Reply => None,
        };
        let mut row = rows::StepRow {
            id: 0,
            measure: id,
            kind: step.kind.as_str().into(),
            org: actor.org.clone(),
            commitment,
            outcome: outcome.map(|o| o.as_str().to_string()),
            text,
            at: clock::now(),
        };
        row.id = rows::insert_step(s, &row)?;
        audit::record(
            s,
            actor,
            &format!("measure.{}", step.kind.as_str()),
            &format!("measure/{id}"),
            outcome.map_or("", Outcome::as_str),
        )?;
        Ok(Step {
            id: row.id,
            measure: id,
            kind: step.kind,
            org: row.org,
            commitment: row.commitment,
            outcome,
            text: row.text,
            at: row.at,
        })
    })
}
