//! A national measure set against the commitments, in dated steps:
//! civil society may **flag** a measure as contradicting a commitment, the
//! country that took it may **reply**, and the secretariat **rules**. A
//! measure the consistency check lists (`crate::consistency::report`) is
//! flagged already; one nobody flagged has nothing to reply to or rule on.
//! A ruling ends the review; the steps are public from then on, and
//! before, seen only by those taking part (the rule is the use case's).

use std::str::FromStr;

use serde::Serialize;

/// What a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Civil society: the measure contradicts a commitment.
    Flag,
    /// The country that took the measure answers.
    Reply,
    /// The secretariat decides.
    Ruling,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Flag => "flag",
            StepKind::Reply => "reply",
            StepKind::Ruling => "ruling",
        }
    }
}

impl FromStr for StepKind {
    type Err = String;
    fn from_str(s: &str) -> Result<StepKind, String> {
        match s {
            "flag" => Ok(StepKind::Flag),
            "reply" => Ok(StepKind::Reply),
            "ruling" => Ok(StepKind::Ruling),
            other => Err(format!("step '{other}': use flag, reply or ruling")),
        }
    }
}

/// What the secretariat decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The measure runs against the commitment.
    Contradicts,
    /// It does not, or no longer.
    Consistent,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Contradicts => "contradicts",
            Outcome::Consistent => "consistent",
        }
    }
}

impl FromStr for Outcome {
    type Err = String;
    fn from_str(s: &str) -> Result<Outcome, String> {
        match s {
            "contradicts" => Ok(Outcome::Contradicts),
            "consistent" => Ok(Outcome::Consistent),
            other => Err(format!("outcome '{other}': use contradicts or consistent")),
        }
    }
}

/// One dated step of a measure's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = ReviewStep))]
pub struct Step {
    pub id: i64,
    pub measure: i64,
    pub kind: StepKind,
    /// The organisation that took it.
    pub org: String,
    /// The commitment a flag names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    /// A ruling's decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub text: String,
    /// When it was taken (RFC 3339).
    pub at: String,
}

/// Why a step may not be taken now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("measure {0} has been ruled on: its review is closed")]
    Ruled(i64),
    #[error("measure {0} is not flagged as contradicting a commitment: there is nothing to {1}")]
    NotFlagged(i64, &'static str),
    #[error("a ruling needs an outcome: contradicts or consistent")]
    NoOutcome,
    #[error("a flag names the commitment the measure contradicts")]
    NoCommitment,
    #[error("the step needs a text")]
    NoText,
}

/// Whether a step of `kind` may follow `steps` on `measure`, which the
/// consistency check lists (`listed`) or not.
pub fn may_add(
    measure: i64,
    steps: &[Step],
    listed: bool,
    kind: StepKind,
) -> Result<(), ReviewError> {
    if ruled(steps) {
        return Err(ReviewError::Ruled(measure));
    }
    let flagged = listed || steps.iter().any(|s| s.kind == StepKind::Flag);
    match kind {
        StepKind::Flag => Ok(()),
        StepKind::Reply if !flagged => Err(ReviewError::NotFlagged(measure, "reply to")),
        StepKind::Ruling if !flagged => Err(ReviewError::NotFlagged(measure, "rule on")),
        StepKind::Reply | StepKind::Ruling => Ok(()),
    }
}

/// Whether the secretariat has ruled: the steps are then public.
pub fn ruled(steps: &[Step]) -> bool {
    steps.iter().any(|s| s.kind == StepKind::Ruling)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: StepKind) -> Step {
        Step {
            id: 1,
            measure: 7,
            kind,
            org: "X".into(),
            commitment: None,
            outcome: None,
            text: "t".into(),
            at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn a_reply_and_a_ruling_need_a_flag_and_a_ruling_closes_the_review() {
        assert_eq!(
            may_add(7, &[], false, StepKind::Reply),
            Err(ReviewError::NotFlagged(7, "reply to"))
        );
        assert_eq!(
            may_add(7, &[], false, StepKind::Ruling),
            Err(ReviewError::NotFlagged(7, "rule on"))
        );
        assert_eq!(may_add(7, &[], true, StepKind::Reply), Ok(()));
        assert_eq!(may_add(7, &[], false, StepKind::Flag), Ok(()));
        let flagged = [step(StepKind::Flag)];
        assert_eq!(may_add(7, &flagged, false, StepKind::Reply), Ok(()));
        assert!(!ruled(&flagged));
        let closed = [step(StepKind::Flag), step(StepKind::Ruling)];
        assert!(ruled(&closed));
        for kind in [StepKind::Flag, StepKind::Reply, StepKind::Ruling] {
            assert_eq!(may_add(7, &closed, true, kind), Err(ReviewError::Ruled(7)));
        }
    }

    #[test]
    fn kinds_and_outcomes_read_back_what_they_write() {
        for k in [StepKind::Flag, StepKind::Reply, StepKind::Ruling] {
            assert_eq!(k.as_str().parse::<StepKind>(), Ok(k));
        }
        for o in [Outcome::Contradicts, Outcome::Consistent] {
            assert_eq!(o.as_str().parse::<Outcome>(), Ok(o));
        }
        assert!("maybe".parse::<Outcome>().is_err());
    }
}
