//! Appeals' requirements as the use cases read them back: typed from the
//! store's rows, and the rows they are written as. Shared by the pledge
//! import (a pledge names the requirement it answers) and the forum.

use std::str::FromStr;

use corredor_followup::forum::{Requirement, Unit};
use corredor_followup::pledge::Recipient;
use corredor_store::followup::requirements::{self as rows, RequirementRow};
use corredor_store::Store;
use rust_decimal::Decimal;

use super::common::stored;
use crate::{Error, Result};

fn requirement(r: RequirementRow) -> Result<Requirement> {
    Ok(Requirement {
        recipient: Recipient::from_parts(&r.recipient_kind, &r.recipient)
            .ok_or_else(|| Error::Internal("stored recipient kind".into()))?,
        sector: r.sector.parse().map_err(stored)?,
        amount: Decimal::from_str_exact(&r.amount)
            .map_err(|e| Error::Internal(format!("stored amount: {e}")))?,
        unit: Unit::from_str(&r.unit).map_err(stored)?,
        id: r.id,
        appeal: r.appeal,
        requester: r.requester,
        for_whom: r.for_whom,
        start: r.start,
        end: r.end,
        source: r.source,
    })
}

pub(super) fn row(r: &Requirement) -> RequirementRow {
    RequirementRow {
        id: r.id.clone(),
        appeal: r.appeal.clone(),
        requester: r.requester.clone(),
        for_whom: r.for_whom.clone(),
        recipient_kind: r.recipient.kind().into(),
        recipient: r.recipient.code().into(),
        sector: r.sector.code().into(),
        amount: r.amount.to_string(),
        unit: r.unit.code().into(),
        start: r.start,
        end: r.end,
        source: r.source.clone(),
    }
}

/// Every requirement, by appeal and id.
pub fn requirements(store: &mut dyn Store) -> Result<Vec<Requirement>> {
    rows::requirements(store)?
        .into_iter()
        .map(requirement)
        .collect()
}
