//! Reading a key's inputs (a CSV as the secretariat keeps it) and working
//! out the key they ask for: the one path the command line and the API
//! share, so a file gets the same key and the same errors by either road.
//! Parsing only: the caller reads the bytes.

use std::collections::BTreeMap;

use corredor_ingest::csvio;
use corredor_ingest::{Position, Problem, Problems};
use serde::Serialize;

use crate::presets::Preset;
use crate::{apportion, key_with_gaps, Effect, GapRule, Key, Spec};

/// A country code as publishers write it: alpha-3, alpha-2 (with the EU's
/// own EL for Greece and UK for the United Kingdom), or a name.
pub fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() == 2 {
        let alpha2 = match t.to_ascii_uppercase().as_str() {
            "EL" => "GR".to_string(),
            "UK" => "GB".to_string(),
            other => other.to_string(),
        };
        return corredor_model::country::all()
            .iter()
            .find(|c| c.alpha2 == alpha2)
            .map(|c| c.alpha3.to_string());
    }
    corredor_model::country::resolve(t).map(|c| c.alpha3.to_string())
}

/// What a key is asked for.
pub struct Request<'a> {
    /// The inputs' name, as problems cite it.
    pub name: &'a str,
    pub inputs: &'a [u8],
    pub preset: Option<Preset>,
    /// Criteria; the preset's when `None`.
    pub criteria: Option<&'a str>,
    /// Persons; the preset's when `None`.
    pub total: Option<u64>,
    pub exclude: &'a [String],
    pub country_column: Option<&'a str>,
    /// A published key to compare with (`scheme,iso2,…,key_pct_published`).
    pub published: Option<(&'a str, &'a [u8])>,
    /// What an empty cell (no figure) means.
    pub gaps: GapRule,
}

/// Where a country's figure for a criterion came from, when the inputs say:
/// `share inputs` writes `CRITERION_year` and `CRITERION_source` beside
/// each value (for a gap, its reason in the source).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Provenance {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A key, with what went into it.
pub struct Outcome {
    pub preset: Option<Preset>,
    pub spec: Spec,
    pub countries: Vec<String>,
    pub key: Key,
    pub persons: Vec<u64>,
    pub total: u64,
    /// The published key in percent, by country, when compared.
    pub published: Option<BTreeMap<String, f64>>,
    pub gaps: GapRule,
    /// Per country and criterion, the year and source the inputs give.
    pub provenance: Vec<Vec<Provenance>>,
    /// Per country, the year its figures were chosen for (the inputs'
    /// `reference_year` column), against which their age is measured.
    pub reference_years: Vec<Option<i32>>,
}

/// A figure older than the age allowed: country and criterion (indices),
/// its year and its age in years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    pub country: usize,
    pub criterion: usize,
    pub year: i32,
    pub age: i32,
}

impl Outcome {
    /// Countries by share, largest first.
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.countries.len()).collect();
        order.sort_by(|&a, &b| {
            self.key.shares[b]
                .total_cmp(&self.key.shares[a])
                .then(a.cmp(&b))
        });
        order
    }

    /// Computed minus published, in percentage points.
    pub fn difference(&self, i: usize) -> Option<f64> {
        let p = self.published.as_ref()?.get(&self.countries[i])?;
        Some(self.key.shares[i] * 100.0 - p)
    }

    /// Whether any input has a year: then a key is shown with the years.
    pub fn has_years(&self) -> bool {
        self.provenance.iter().flatten().any(|p| p.year.is_some())
    }

    /// The gaps, as (country, criterion) indices.
    pub fn gaps(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, parts) in self.key.parts.iter().enumerate() {
            for (k, part) in parts.iter().enumerate() {
                if part.value.is_none() {
                    out.push((i, k));
                }
            }
        }
        out
    }

    /// Figures dated more than `max_age` years before their row's
    /// reference year.
    pub fn stale(&self, max_age: i32) -> Vec<Stale> {
        let mut out = Vec::new();
        for (i, row) in self.provenance.iter().enumerate() {
            let Some(reference) = self.reference_years[i] else {
                continue;
            };
            for (k, p) in row.iter().enumerate() {
                if let Some(year) = p.year {
                    let age = reference - year;
                    if age > max_age && self.key.parts[i][k].value.is_some() {
                        out.push(Stale {
                            country: i,
                            criterion: k,
                            year,
                            age,
                        });
                    }
                }
            }
        }
        out
    }

    pub fn largest_difference(&self) -> Option<(String, f64)> {
        (0..self.countries.len())
            .filter_map(|i| self.difference(i).map(|d| (self.countries[i].clone(), d)))
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
    }
}

/// Why no key was computed.
#[derive(Debug, thiserror::Error)]
pub enum NoKey {
    /// Problems in the inputs or the published key, each where it is.
    #[error("{} problems in the files", .0.total())]
    Files(Problems),
    /// The request itself cannot give a key (no criteria, no total, a
    /// country to exclude that is not one, a key the figures cannot give).
    #[error("{0}")]
    Request(String),
}

impl NoKey {
    /// Every problem, one a line, as a command or the API lists them.
    pub fn messages(&self) -> Vec<String> {
        match self {
            NoKey::Files(p) => p.messages(),
            NoKey::Request(m) => vec![m.clone()],
        }
    }
}

/// One problem of a file.
fn refused(at: Position, message: String) -> NoKey {
    let mut p = Problems::default();
    p.push(Problem { at, message });
    NoKey::Files(p)
}

/// Reads the inputs and computes the key; every problem found, each with
/// its file, line and column, when it cannot.
pub fn compute(req: &Request) -> Result<Outcome, NoKey> {
    let one = NoKey::Request;
    let criteria = match (req.criteria, &req.preset) {
        (Some(c), _) => c.to_string(),
        (None, Some(p)) => p.criteria.replace(char::is_whitespace, ""),
        (None, None) => return Err(one("give criteria or a preset".into())),
    };
    let spec = Spec::parse(&criteria).map_err(|e| one(e.to_string()))?;
    let country_column = req
        .country_column
        .or(req.preset.map(|p| p.country_column))
        .unwrap_or("country");
    let member = req.preset.and_then(|p| p.member);
    let mut problems = Problems::default();
    let Some(mut reader) = csvio::open(req.name, req.inputs, &mut problems) else {
        return Err(NoKey::Files(problems));
    };
    let column = |wanted: &str| -> Result<usize, NoKey> {
        if let Some((first, again)) = reader.repeated(wanted) {
            return Err(refused(
                reader.at(reader.header_line(), Some(again)),
                csvio::repeated_message(wanted, first, again),
            ));
        }
        reader.column(wanted).ok_or_else(|| {
            refused(
                reader.at(1, None),
                format!(
                    "no column '{wanted}' (the columns are {})",
                    reader.header().join(", ")
                ),
            )
        })
    };
    let country_at = column(country_column)?;
    let member_at = member.map(|(c, _)| column(c)).transpose()?;
    let criteria_at: Vec<usize> = spec
        .criteria
        .iter()
        .map(|c| column(&c.name))
        .collect::<Result<_, _>>()?;
    let reference_at = reader.column("reference_year");
    let provenance_at: Vec<(Option<usize>, Option<usize>)> = spec
        .criteria
        .iter()
        .map(|c| {
            (
                reader.column(&format!("{}_year", c.name)),
                reader.column(&format!("{}_source", c.name)),
            )
        })
        .collect();
    let excluded: Vec<String> = req
        .exclude
        .iter()
        .map(|e| country_code(e).ok_or_else(|| one(format!("exclude {e}: not a country"))))
        .collect::<Result<_, _>>()?;
    let (mut countries, mut values) = (Vec::new(), Vec::new());
    let (mut provenance, mut reference_years) = (Vec::new(), Vec::new());
    reader.for_each_row(&mut problems, |row, problems| {
        if let (Some(at), Some((_, value))) = (member_at, member) {
            if row.cell(at) != value {
                return;
            }
        }
        let raw = row.get(country_at);
        let Some(code) = country_code(raw) else {
            problems.push(Problem {
                at: row.at(country_at),
                message: format!("'{raw}' is not a country"),
            });
            return;
        };
        if countries.contains(&code) {
            problems.push(Problem {
                at: row.at(country_at),
                message: format!("{code} is given twice"),
            });
            return;
        }
        let year_at = |at: Option<usize>, what: &str| -> Result<Option<i32>, Problem> {
            let Some(at) = at else { return Ok(None) };
            let text = row.cell(at);
            if text.is_empty() {
                return Ok(None);
            }
            text.parse()
                .ok()
                .filter(|y| corredor_model::period::YEARS.contains(y))
                .map(Some)
                .ok_or_else(|| Problem {
                    at: row.at(at),
                    message: format!(
                        "{what} of {code} is '{text}': give a year from 1900 to 2200, as in 2023"
                    ),
                })
        };
        let reference = year_at(reference_at, "reference_year").unwrap_or_else(|e| {
            problems.push(e);
            None
        });
        let mut row_values = Vec::new();
        let mut row_provenance = Vec::new();
        for (c, (&at, &(y_at, s_at))) in spec
            .criteria
            .iter()
            .zip(criteria_at.iter().zip(&provenance_at))
        {
            let year = year_at(y_at, &format!("{}_year", c.name)).unwrap_or_else(|e| {
                problems.push(e);
                None
            });
            row_provenance.push(Provenance {
                year,
                source: s_at
                    .map(|k| row.cell(k))
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            });
            let cell = row.cell(at);
            if cell.is_empty() && req.gaps == GapRule::Renormalise {
                row_values.push(None);
                continue;
            }
            // A comma is a thousands separator in one locale and the
            // decimal mark in another ("5,713" is 5.713 in a Spanish
            // spreadsheet): it is refused, never guessed.
            let number = if cell.contains(',') {
                None
            } else {
                cell.parse::<f64>().ok()
            };
            let message = match number {
                Some(v)
                    if v.is_finite() && v >= 0.0 && !(v == 0.0 && c.effect == Effect::Inverse) =>
                {
                    row_values.push(Some(v));
                    continue;
                }
                _ if cell.contains(',') => format!(
                    "{} of {code} is '{cell}': write the number with a point for decimals and no thousands separators (5713 or 5.713, not 5,713)",
                    c.name
                ),
                _ if cell.is_empty() => format!(
                    "{} of {code} is empty: give the figure, or choose the gap rule renormalise to leave {code} out of {} alone",
                    c.name,
                    c.name
                ),
                _ => format!(
                    "{} of {code} is '{cell}': give a number {}",
                    c.name,
                    if c.effect == Effect::Inverse {
                        "above zero (an inverse criterion divides by it)"
                    } else {
                        "of zero or more"
                    }
                ),
            };
            problems.push(Problem {
                at: row.at(at),
                message,
            });
        }
        if excluded.contains(&code) {
            return;
        }
        countries.push(code);
        values.push(row_values);
        provenance.push(row_provenance);
        reference_years.push(reference);
    });
    if !problems.is_empty() {
        return Err(NoKey::Files(problems));
    }
    let total = match (req.total, req.preset) {
        (Some(0), _) => {
            return Err(one(
                "a total of 0 persons shares nothing: give the number of persons to share".into(),
            ))
        }
        (Some(t), _) => t,
        (None, Some(p)) if p.total > 0 => p.total,
        _ => return Err(one("give the total: the number of persons to share".into())),
    };
    if total > crate::apportion::MAX_TOTAL {
        return Err(one(format!(
            "a total of {total} persons is more than can be shared out exactly (at most {})",
            crate::apportion::MAX_TOTAL
        )));
    }
    let key =
        key_with_gaps(&countries, &values, &spec, req.gaps).map_err(|e| one(e.to_string()))?;
    let persons = apportion(&key.shares, total);
    let published = match req.published {
        Some((pname, bytes)) => Some(read_published(
            pname,
            bytes,
            req.preset.and_then(|p| p.published_scheme).unwrap_or(""),
        )?),
        None => None,
    };
    Ok(Outcome {
        preset: req.preset,
        spec,
        countries,
        key,
        persons,
        total,
        published,
        gaps: req.gaps,
        provenance,
        reference_years,
    })
}

/// The published key (percent) by country, for a scheme.
fn read_published(name: &str, data: &[u8], scheme: &str) -> Result<BTreeMap<String, f64>, NoKey> {
    let mut problems = Problems::default();
    let Some(mut reader) = csvio::open(name, data, &mut problems) else {
        return Err(NoKey::Files(problems));
    };
    let at = |w: &str| {
        reader
            .column(w)
            .ok_or_else(|| refused(reader.at(1, None), format!("no column '{w}'")))
    };
    let (s, c, k) = (at("scheme")?, at("iso2")?, at("key_pct_published")?);
    let mut out = BTreeMap::new();
    reader.for_each_row(&mut problems, |row, problems| {
        if !row.get(s).starts_with(scheme) {
            return;
        }
        let Some(code) = country_code(row.get(c)) else {
            problems.push(Problem {
                at: row.at(c),
                message: format!("'{}' is not a country", row.get(c)),
            });
            return;
        };
        if out.contains_key(&code) {
            problems.push(Problem {
                at: row.at(c),
                message: if scheme.is_empty() {
                    format!("{code} is given twice: give one scheme's rows, or compare with a preset's scheme")
                } else {
                    format!("{code} is given twice for scheme {scheme}")
                },
            });
            return;
        }
        match row.get(k).parse::<f64>() {
            Ok(pct) if (0.0..=100.0).contains(&pct) => {
                out.insert(code, pct);
            }
            _ => problems.push(Problem {
                at: row.at(k),
                message: format!(
                    "key_pct_published of {code} is '{}': give a percentage from 0 to 100",
                    row.get(k)
                ),
            }),
        }
    });
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(NoKey::Files(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_on<'a>(data: &'a str, criteria: &'a str) -> Request<'a> {
        Request {
            name: "inputs.csv",
            inputs: data.as_bytes(),
            preset: None,
            criteria: Some(criteria),
            total: Some(100),
            exclude: &[],
            country_column: None,
            published: None,
            gaps: GapRule::Refuse,
        }
    }

    fn compute_on(data: &str, criteria: &str) -> Result<Outcome, NoKey> {
        compute(&request_on(data, criteria))
    }

    #[test]
    fn a_total_of_no_one_is_refused() {
        let refused = compute(&Request {
            total: Some(0),
            ..request_on("country,pop\nMEX,10\nCRI,5\n", "pop:1")
        });
        assert!(
            matches!(&refused, Err(NoKey::Request(m)) if m.contains("0 persons shares nothing")),
            "{:?}",
            refused.err().map(|e| e.messages())
        );
    }

    #[test]
    fn a_published_key_is_percentages_each_country_once() {
        let published = "scheme,iso2,key_pct_published\n\
                         eu,DE,26.2\neu,DE,20\neu,FR,NaN\neu,IT,-1\nother,ES,400\n";
        let Err(NoKey::Files(p)) = read_published("published.csv", published.as_bytes(), "eu")
        else {
            panic!("a key of NaN read")
        };
        let text: Vec<String> = p.kept().iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "published.csv:3:2: DEU is given twice for scheme eu",
                "published.csv:4:3: key_pct_published of FRA is 'NaN': give a percentage from 0 to 100",
                "published.csv:5:3: key_pct_published of ITA is '-1': give a percentage from 0 to 100",
            ]
        );
    }

    #[test]
    fn a_comma_in_a_figure_is_refused_at_its_cell_whatever_the_delimiter() {
        // A Spanish spreadsheet's decimal comma read as a thousands
        // separator would make Honduras's unemployment a thousand times
        // larger, and its share of an inverse key far smaller.
        let spanish = "country;population;unemployment_pct\nHND;10000000;5,713\nGTM;17000000;2,2\n";
        let Err(e) = compute_on(spanish, "population:0.5,unemployment_pct:0.5:inverse") else {
            panic!("a comma read as a number")
        };
        let messages = e.messages();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("inputs.csv:2:3: unemployment_pct of HND is '5,713'"),
            "{}",
            messages[0]
        );
        assert!(
            messages[0].contains("a point for decimals"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].starts_with("inputs.csv:3:3:"),
            "{}",
            messages[1]
        );
        // The same with points is read.
        let points = "country;population;unemployment_pct\nHND;10000000;5.713\nGTM;17000000;2.2\n";
        assert!(compute_on(points, "population:0.5,unemployment_pct:0.5:inverse").is_ok());
        // A year no figure can be dated in.
        let typo = "country,population,population_year\nHND,10000000,20230\nGTM,17000000,2023\n";
        let Err(e) = compute_on(typo, "population:1") else {
            panic!("the year 20230 read")
        };
        assert!(
            e.messages()[0].starts_with("inputs.csv:2:3:"),
            "{:?}",
            e.messages()
        );
        // A quoted thousands separator in a comma-separated file too.
        let quoted = "country,population\nHND,\"10,000,000\"\nGTM,17000000\n";
        let Err(e) = compute_on(quoted, "population:1") else {
            panic!("a thousands separator read")
        };
        assert!(
            e.messages()[0].starts_with("inputs.csv:2:2:"),
            "{:?}",
            e.messages()
        );
    }
}
