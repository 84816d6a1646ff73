//! Appeals and their requirements: who needs what, for whom, where, in
//! which sector, how much, over which period, and who says so. The needs
//! side that pledges are measured against.

use std::str::FromStr;

use chrono::NaiveDate;
use corredor_ingest::Problems;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::codes::Sector;
use crate::pledge::{Problem, Recipient, Unit, MAX_AMOUNT};

/// One requirement of an appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Requirement {
    pub id: String,
    /// The appeal or response plan it belongs to.
    pub appeal: String,
    /// Who needs it: the government, agency or mechanism that appeals.
    pub requester: String,
    /// The people it serves.
    pub for_whom: String,
    /// Where: a country, a mechanism or a working group.
    pub recipient: Recipient,
    pub sector: Sector,
    #[serde(serialize_with = "crate::pledge::exact")]
    pub amount: Decimal,
    pub unit: Unit,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub source: String,
}

pub const REQUIREMENT_COLUMNS: [&str; 11] = [
    "id",
    "appeal",
    "requester",
    "for_whom",
    "recipient",
    "sector",
    "amount",
    "unit",
    "start",
    "end",
    "source",
];

/// Parses a requirements file (one row a requirement, the columns of
/// [`REQUIREMENT_COLUMNS`]): each with its line. Every problem of every row
/// is reported, or none and every row.
pub fn parse_requirements(
    file: &str,
    bytes: &[u8],
    recipient: &dyn Fn(&str) -> Option<Recipient>,
) -> Result<Vec<(u64, Requirement)>, Vec<Problem>> {
    let mut read = Problems::default();
    let mut csv = crate::pledge::open(file, bytes, &REQUIREMENT_COLUMNS, &mut read)?;
    let mut problems = Vec::new();
    let mut out: Vec<(u64, Requirement)> = Vec::new();
    while let Some(row) = csv.next_row(&mut read) {
        let Ok(row) = row else { continue };
        let before = problems.len();
        let problem = |column: usize, message: String| Problem {
            at: row.at(column),
            message,
        };
        let cell = |i: usize| row.cell(i).to_string();
        // Free text (the amount, dates and codes are read below).
        const TEXT: [usize; 5] = [0, 1, 2, 3, 10];
        for (i, name) in REQUIREMENT_COLUMNS.iter().enumerate() {
            if row.cell(i).is_empty() {
                problems.push(problem(i, format!("{name} is empty")));
            } else if let Some(e) = TEXT
                .contains(&i)
                .then(|| crate::pledge::file::text_problem(name, row.cell(i)))
                .flatten()
            {
                problems.push(problem(i, e));
            }
        }
        // A row with an empty cell is still read through, so that one pass
        // names all its problems; what its empty cells would add again
        // (an empty amount is not a number) is left out below.
        let empty: Vec<_> = (0..REQUIREMENT_COLUMNS.len())
            .filter(|&i| row.cell(i).is_empty())
            .map(|i| row.at(i))
            .collect();
        let checks_from = problems.len();
        let id = cell(0);
        if let Some((line, _)) = out.iter().find(|(_, r)| r.id == id) {
            problems.push(problem(
                0,
                format!("requirement {id} is already on line {line}"),
            ));
        }
        let to = recipient(row.cell(4));
        if to.is_none() {
            problems.push(problem(4, format!(
                "recipient '{}': use a country's ISO 3166-1 alpha-3 code, a mechanism (MIRPS, CRM, …) or a working group id",
                row.cell(4)
            )));
        }
        let sector = Sector::from_str(row.cell(5))
            .map_err(|e| problems.push(problem(5, e)))
            .ok();
        let unit = Unit::from_str(row.cell(7))
            .map_err(|e| problems.push(problem(7, e)))
            .ok();
        let amount = match Decimal::from_str_exact(row.cell(6)) {
            Ok(a) if a > MAX_AMOUNT => {
                problems.push(problem(
                    6,
                    format!("amount {a}: more than any appeal ({MAX_AMOUNT}); check the figure"),
                ));
                None
            }
            Ok(a) if a > Decimal::ZERO => Some(a),
            Ok(a) => {
                problems.push(problem(6, format!("amount {a}: must be more than 0")));
                None
            }
            Err(_) => {
                problems.push(problem(6, format!(
                    "amount '{}': write a number with a point for decimals and no thousands separators (1250000.50)",
                    row.cell(6)
                )));
                None
            }
        };
        if let (Some(a), Some(u)) = (amount, &unit) {
            if a.scale() > u.places() {
                problems.push(problem(
                    6,
                    match u {
                        Unit::Money(c) => {
                            format!("amount {a}: {c} has {} decimal places", u.places())
                        }
                        Unit::InKind(k) => {
                            format!("amount {a}: {} are counted in whole numbers", k.code())
                        }
                    },
                ));
            }
        }
        let date = |i: usize, problems: &mut Vec<Problem>| {
            crate::calendar::file_day(row.cell(i)).or_else(|| {
                problems.push(problem(
                    i,
                    format!(
                        "{} '{}': use YYYY-MM-DD, a year from 1900 to 2200",
                        REQUIREMENT_COLUMNS[i],
                        row.cell(i)
                    ),
                ));
                None
            })
        };
        let start = date(8, &mut problems);
        let end = date(9, &mut problems);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                problems.push(problem(9, format!("end {e} is before start {s}")));
            }
        }
        let checks = problems.split_off(checks_from);
        problems.extend(checks.into_iter().filter(|p| !empty.contains(&p.at)));
        if problems.len() > before {
            continue;
        }
        let (Some(recipient), Some(sector), Some(unit), Some(amount), Some(start), Some(end)) =
            (to, sector, unit, amount, start, end)
        else {
            continue;
        };
        out.push((
            row.line,
            Requirement {
                id,
                appeal: cell(1),
                requester: cell(2),
                for_whom: cell(3),
                recipient,
                sector,
                amount,
                unit,
                start,
                end,
                source: cell(10),
            },
        ));
    }
    problems.extend(read.kept().iter().cloned());
    if problems.is_empty() {
        Ok(out)
    } else {
        crate::pledge::in_file_order(&mut problems);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forum::KindUnit;

    fn recipient(code: &str) -> Option<Recipient> {
        match code {
            "MIRPS" => Some(Recipient::Mechanism(code.into())),
            c if crate::registry::is_state(c) => Some(Recipient::Country(c.into())),
            _ => None,
        }
    }

    const HEADER: &str =
        "id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source\n";

    #[test]
    fn money_and_kind_requirements_read() {
        let file = format!(
            "{HEADER}R1,Plan 2025,Government of Costa Rica,Asylum seekers,CRI,15190,2500000.00,USD,2025-01-01,2025-12-31,appeal text\n\
             R2,Plan 2025,MIRPS,Refugees in need of resettlement,MIRPS,93010,300,places,2025-01-01,2026-12-31,appeal text\n"
        );
        let rs = parse_requirements("r.csv", file.as_bytes(), &recipient).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].0, 2);
        assert_eq!(rs[1].1.unit, Unit::InKind(KindUnit::Places));
        assert_eq!(rs[1].1.recipient, Recipient::Mechanism("MIRPS".into()));
    }

    #[test]
    fn a_formula_or_a_control_character_in_free_text_is_refused_at_its_cell() {
        let file = format!(
            "{HEADER}R1,=HYPERLINK(\"x\"),Gov,People\u{1},CRI,15190,12,beds,2025-01-01,2025-12-31,src\n"
        );
        let e = parse_requirements("r.csv", file.as_bytes(), &recipient).unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            [
                "r.csv:2:2: appeal '=HYPERLINK(\"x\")' starts like a spreadsheet formula (=): remove the leading character",
                "r.csv:2:4: for_whom contains control characters",
            ]
        );
    }

    #[test]
    fn every_problem_is_named_at_its_cell() {
        let file = format!(
            "{HEADER}R1,Plan,Gov,People,XYZ,1519,-5,USD,2025-01-01,2024-12-31,src\n\
             R2,Plan,Gov,People,CRI,15190,12.5,beds,2025-13-01,2025-12-31,src\n\
             R2,Plan,Gov,People,CRI,15190,12,beds,2025-01-01,2025-12-31,\n"
        );
        let e = parse_requirements("r.csv", file.as_bytes(), &recipient).unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        let all = text.join("\n");
        assert!(all.contains("r.csv:2:5: recipient 'XYZ'"), "{all}");
        assert!(all.contains("r.csv:2:6: sector '1519'"), "{all}");
        assert!(
            all.contains("r.csv:2:7: amount -5: must be more than 0"),
            "{all}"
        );
        assert!(
            all.contains("r.csv:2:10: end 2024-12-31 is before start 2025-01-01"),
            "{all}"
        );
        assert!(
            all.contains("r.csv:3:7: amount 12.5: beds are counted in whole numbers"),
            "{all}"
        );
        assert!(all.contains("r.csv:3:9: start '2025-13-01'"), "{all}");
        assert!(all.contains("r.csv:4:11: source is empty"), "{all}");
        // A row with an empty cell has its other cells checked too, and an
        // empty cell is said once.
        let file = format!("{HEADER}R3,Plan,Gov,People,XYZ,1519,,USD,2025-13-01,2025-12-31,\n");
        let e = parse_requirements("r.csv", file.as_bytes(), &recipient).unwrap_err();
        let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 5, "{text:?}");
        for at in [
            "r.csv:2:5: recipient",
            "r.csv:2:6: sector",
            "r.csv:2:7: amount is empty",
            "r.csv:2:9: start",
            "r.csv:2:11: source is empty",
        ] {
            assert!(text.iter().any(|t| t.starts_with(at)), "{at} in {text:?}");
        }
    }
}
