//! The occupational mix of a destination's foreign-born and native-born
//! workers, from ILOSTAT's employment by occupation and place of birth
//! (`employment_by_occupation_birth.csv` of `ilostat-migrant-labour`,
//! columns `geo,birth,t,occup,sex,n`): context for the vacancies offered
//! there, never an input of the matching.
//!
//! For each country, the latest year in which both the foreign-born and
//! the native-born are counted in every ISCO-08 major group: each group's
//! share of the employed whose occupation is classified in ISCO-08
//! (group `X`, not classified, and ISCO-68 leftovers are left out), women
//! and men summed, as the table has no total. A year with an empty cell
//! in a group has no mix rather than an understated one. The file is read
//! all or nothing, every problem at `file:line:column`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::isco::{self, Code};
use crate::table::{FileName, Problem, ProblemKind, Problems, Row, Table};

/// The file's name in `ilostat-migrant-labour`.
pub const FILE: &str = "employment_by_occupation_birth.csv";

/// Where the figures come from, said with every mix.
pub const SOURCE: &str = "ILOSTAT employment by occupation and place of birth, compiled by IOM GDI (R package snapshot, commit da6397b)";

/// One ISCO-08 major group's share of the classified employed, in %.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Share {
    /// An ISCO-08 major group (one digit).
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub group: Code,
    pub foreign_born: f64,
    pub native_born: f64,
}

/// A country's occupational mix in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OccupationMix {
    /// ISO 3166-1 alpha-3
    pub country: String,
    pub year: i32,
    /// Major groups 0 to 9, in order.
    pub shares: Vec<Share>,
    pub source: String,
}

/// (country, year, foreign-born) → employed per major group 0–9.
type Counts = BTreeMap<(String, i32, bool), [f64; 10]>;

fn problem(row: &Row, column: usize, message: String) -> Problem {
    FileName.at(row, column, ProblemKind::Unreadable(message))
}

/// Every country's latest mix in the file, or every problem found.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<OccupationMix>, Problems> {
    let mut problems = Vec::new();
    let mut counts: Counts = BTreeMap::new();
    let mut incomplete = BTreeSet::new();
    if let Some(mut t) = Table::open(name, bytes, &mut problems) {
        if let Some([geo_c, birth_c, year_c, occup_c, sex_c, n_c]) =
            t.columns(["geo", "birth", "t", "occup", "sex", "n"], &mut problems)
        {
            t.rows(&mut problems, |_, row, problems| {
                let geo = row.cell(geo_c);
                let country = corredor_model::country::by_code(geo)
                    .filter(|_| geo.len() == 3)
                    .map(|c| c.alpha3.to_string());
                if country.is_none() {
                    problems.push(FileName.at(row, geo_c, ProblemKind::Country(geo.into())));
                }
                let birth = match row.cell(birth_c) {
                    "Foreign" => Some(Some(true)),
                    "Native" => Some(Some(false)),
                    "Total" | "Unknown" => Some(None),
                    other => {
                        problems.push(problem(
                            row,
                            birth_c,
                            format!("birth '{other}': Foreign, Native, Total or Unknown"),
                        ));
                        None
                    }
                };
                let year = row.cell(year_c).parse::<i32>().ok().filter(|y| (1900..=2100).contains(y));
                if year.is_none() {
                    problems.push(problem(
                        row,
                        year_c,
                        format!("'{}' is not a year", row.cell(year_c)),
                    ));
                }
                let occup = row.cell(occup_c);
                let group = match occup.strip_prefix("isco-08-") {
                    Some("X") => Some(None),
                    Some(g) if g.len() == 1 && g.as_bytes()[0].is_ascii_digit() => {
                        Some(Some(usize::from(g.as_bytes()[0] - b'0')))
                    }
                    _ if occup.starts_with("isco-68-") => Some(None),
                    _ => {
                        problems.push(problem(
                            row,
                            occup_c,
                            format!("occup '{occup}': an ISCO-08 major group (isco-08-0 … isco-08-9, isco-08-X) or isco-68-…"),
                        ));
                        None
                    }
                };
                if !matches!(row.cell(sex_c), "Female" | "Male") {
                    problems.push(problem(
                        row,
                        sex_c,
                        format!("sex '{}': Female or Male", row.cell(sex_c)),
                    ));
                }
                let text = row.cell(n_c);
                let n = if text.is_empty() {
                    Some(None)
                } else {
                    match text.parse::<f64>() {
                        Ok(v) if v.is_finite() && v >= 0.0 => Some(Some(v)),
                        _ => {
                            problems.push(problem(
                                row,
                                n_c,
                                format!("'{text}' is not a number of employed persons"),
                            ));
                            None
                        }
                    }
                };
                if let (Some(c), Some(Some(foreign)), Some(y), Some(Some(g)), Some(n)) =
                    (country, birth, year, group, n)
                {
                    let key = (c, y, foreign);
                    match n {
                        Some(n) => counts.entry(key).or_insert([0.0; 10])[g] += n,
                        None => {
                            incomplete.insert(key);
                        }
                    }
                }
            });
        }
    }
    if !problems.is_empty() {
        problems.truncate(crate::market::MAX_PROBLEMS);
        return Err(Problems(problems));
    }
    Ok(latest(&counts, &incomplete, name))
}

fn latest(
    counts: &Counts,
    incomplete: &BTreeSet<(String, i32, bool)>,
    name: &str,
) -> Vec<OccupationMix> {
    let complete = |key: &(String, i32, bool)| {
        !incomplete.contains(key) && counts.get(key).is_some_and(|c| c.iter().sum::<f64>() > 0.0)
    };
    let mut out: BTreeMap<String, OccupationMix> = BTreeMap::new();
    for (country, year, foreign) in counts.keys() {
        let (f, n) = (
            (country.clone(), *year, true),
            (country.clone(), *year, false),
        );
        if !*foreign || !complete(&f) || !complete(&n) {
            continue;
        }
        let (fc, nc) = (&counts[&f], &counts[&n]);
        let (ft, nt) = (fc.iter().sum::<f64>(), nc.iter().sum::<f64>());
        let shares = (0..10)
            .map(|g| Share {
                group: isco::group(&g.to_string()).expect("0 to 9 are ISCO-08 major groups"),
                foreign_born: 100.0 * fc[g] / ft,
                native_born: 100.0 * nc[g] / nt,
            })
            .collect();
        // Years come in order: a later one replaces an earlier one.
        out.insert(
            country.clone(),
            OccupationMix {
                country: country.clone(),
                year: *year,
                shares,
                source: format!("{SOURCE}, {name}"),
            },
        );
    }
    out.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "geo,birth,t,occup,sex,n\n";

    fn rows(country: &str, year: i32, birth: &str, group9: f64, group2: f64) -> String {
        let mut s = String::new();
        for sex in ["Female", "Male"] {
            for g in 0..10 {
                let n = match g {
                    9 => group9,
                    2 => group2,
                    _ => 0.0,
                };
                s.push_str(&format!(
                    "{country},{birth},{year},isco-08-{g},{sex},{}\n",
                    n / 2.0
                ));
            }
            s.push_str(&format!("{country},{birth},{year},isco-08-X,{sex},1000\n"));
        }
        s
    }

    #[test]
    fn the_latest_year_with_both_births_and_classified_groups_only() {
        let mut csv = String::from(HEAD);
        csv += &rows("ESP", 2020, "Foreign", 30.0, 70.0);
        csv += &rows("ESP", 2020, "Native", 10.0, 90.0);
        csv += &rows("ESP", 2024, "Foreign", 40.0, 60.0);
        csv += &rows("ESP", 2024, "Native", 20.0, 80.0);
        // 2025 has the foreign-born only: no mix.
        csv += &rows("ESP", 2025, "Foreign", 50.0, 50.0);
        csv += "ESP,Total,2024,isco-68-Y,Male,5\n";
        let mix = read("occ.csv", csv.as_bytes()).unwrap();
        assert_eq!(mix.len(), 1);
        let esp = &mix[0];
        assert_eq!(esp.year, 2024);
        let nine = &esp.shares[9];
        assert_eq!(nine.group.to_string(), "9");
        assert!((nine.foreign_born - 40.0).abs() < 1e-9);
        assert!((nine.native_born - 20.0).abs() < 1e-9);
        assert!(esp.source.ends_with("occ.csv"));
    }

    #[test]
    fn an_empty_cell_leaves_its_year_without_a_mix() {
        let mut csv = String::from(HEAD);
        csv += &rows("MEX", 2023, "Foreign", 30.0, 70.0);
        csv += &rows("MEX", 2023, "Native", 10.0, 90.0);
        csv += "MEX,Native,2023,isco-08-5,Female,\n";
        assert!(read("occ.csv", csv.as_bytes()).unwrap().is_empty());
        // Nobody classified among the foreign-born: no shares to give.
        let mut csv = String::from(HEAD);
        csv += &rows("MEX", 2023, "Foreign", 0.0, 0.0);
        csv += &rows("MEX", 2023, "Native", 10.0, 90.0);
        assert!(read("occ.csv", csv.as_bytes()).unwrap().is_empty());
    }

    #[test]
    fn a_major_group_is_one_digit() {
        for bad in ["isco-08-12", "isco-08-", "isco-08-A"] {
            let csv = format!("{HEAD}ESP,Foreign,2024,{bad},Female,5\n");
            let text = read("occ.csv", csv.as_bytes()).unwrap_err().to_string();
            assert!(text.contains("occ.csv:2:4"), "{bad}: {text}");
        }
    }

    #[test]
    fn bad_cells_are_named_and_nothing_is_read() {
        let csv = format!(
            "{HEAD}XQZ,Foreign,2024,isco-08-1,Female,5\nESP,Alien,20x4,isco-99-1,Both,-3\n"
        );
        let e = read("occ.csv", csv.as_bytes()).unwrap_err();
        let text = e.to_string();
        for at in [
            "occ.csv:2:1",
            "occ.csv:3:2",
            "occ.csv:3:3",
            "occ.csv:3:4",
            "occ.csv:3:5",
            "occ.csv:3:6",
        ] {
            assert!(text.contains(at), "{at} in {text}");
        }
    }
}
