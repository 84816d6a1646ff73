//! The publishers' files a key's inputs are built from, read as published:
//! the World Bank's WDI indicators (`Country Code,Year,Value`), ILOSTAT's
//! unemployment rate by place of birth and UN DESA's international migrant
//! stock by age and sex (both as IOM compiled them). Each becomes
//! [`Figures`]: per country, its value in each year the publisher gives.
//! Parsing only: the caller reads the bytes. Every problem names its file,
//! line and column.
//!
//! A figure the publisher left empty is no figure (not a zero): the year is
//! simply absent, and [`Figures::latest_at_or_before`] looks further back.
//! Rows for codes that are not countries (the World Bank's aggregates,
//! `WLD`, `LCN`…) are kept but never asked for: inputs are looked up by the
//! countries of a key, never listed from a file.

use std::collections::BTreeMap;

use corredor_ingest::csvio;
use corredor_ingest::{Position, Problem, Problems};

/// A problem in a publisher's file, where it is: the model's, as for
/// every file.
pub type SourceError = Problem;

/// One publisher's figures: country (as the file writes its code) → year →
/// value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    by_country: BTreeMap<String, BTreeMap<i32, f64>>,
}

impl Figures {
    /// The latest figure for `country` dated `year` or earlier, with its
    /// year.
    pub fn latest_at_or_before(&self, country: &str, year: i32) -> Option<(i32, f64)> {
        self.by_country
            .get(country)?
            .range(..=year)
            .next_back()
            .map(|(&y, &v)| (y, v))
    }

    /// The figure for `country` in exactly `year`.
    pub fn at(&self, country: &str, year: i32) -> Option<f64> {
        self.by_country.get(country)?.get(&year).copied()
    }

    /// The latest year of any figure.
    pub fn latest_year(&self) -> Option<i32> {
        self.by_country
            .values()
            .filter_map(|years| years.keys().next_back().copied())
            .max()
    }

    pub fn insert(&mut self, country: &str, year: i32, value: f64) {
        self.by_country
            .entry(country.to_string())
            .or_default()
            .insert(year, value);
    }
}

/// The place of birth whose unemployment rate stands for a country's
/// labour market: the file gives rates by birth only (no rate for the
/// whole labour force), and the native-born are most of every labour force
/// in the Americas and have the fuller record (Barbados and Honduras give
/// no foreign-born rate in their latest years).
pub const UNEMPLOYMENT_BIRTH: &str = "Native-born";

/// UN DESA's age groups: a year's stock is their sum, and a year missing
/// any of them is no figure rather than an undercount.
pub const AGES: [&str; 16] = corredor_model::age::UNDESA_GROUPS;

/// How many [`AGES`] a year's stock adds up.
pub const AGE_GROUPS: usize = AGES.len();

/// A WDI indicator as the World Bank's CSV gives it.
pub fn wdi(file: &str, data: &[u8]) -> Result<Figures, Problems> {
    collect(read(
        file,
        data,
        &["Country Code", "Year", "Value"],
        [0, 1, 2],
        None,
        |_| true,
    )?)
}

/// ILOSTAT's unemployment rate (%) of the [`UNEMPLOYMENT_BIRTH`], both sexes,
/// every level of education.
pub fn ilostat_unemployment(file: &str, data: &[u8]) -> Result<Figures, Problems> {
    collect(read(
        file,
        data,
        &["geo", "birth", "sex", "educ", "t", "v"],
        [0, 4, 5],
        None,
        |row| row[1] == UNEMPLOYMENT_BIRTH && row[2] == "Total" && row[3] == "Total",
    )?)
}

/// UN DESA's international migrant stock, immigrants (people born
/// elsewhere living in the country), both sexes, all ages: the sum of the
/// [`AGE_GROUPS`].
pub fn undesa_immigrants(file: &str, data: &[u8]) -> Result<Figures, Problems> {
    let rows = read(
        file,
        data,
        &["geo", "var", "t", "sex", "age", "n"],
        [0, 2, 5],
        Some(4),
        |row| row[1] == "immigrants" && row[3] == "total",
    )?;
    // Each age group is a row of its own: add them up, and count them. A
    // group given twice is refused even when another is missing, which a
    // count alone would take for a whole year.
    let mut sums: BTreeMap<(String, i32), (f64, usize)> = BTreeMap::new();
    let mut seen: BTreeMap<(String, i32, usize), u64> = BTreeMap::new();
    let mut problems = Problems::default();
    for r in rows {
        let (age, at) = r
            .part
            .clone()
            .unwrap_or_else(|| (String::new(), r.whole.clone()));
        let Some(group) = AGES.iter().position(|a| *a == age) else {
            problems.push(SourceError {
                at: at.clone(),
                message: format!(
                    "age '{age}' is none of UN DESA's groups ({})",
                    AGES.join(", ")
                ),
            });
            continue;
        };
        match r.parse() {
            Ok((year, value)) => {
                let key = (r.country.clone(), year, group);
                if let Some(first) = seen.insert(key, r.whole.line()) {
                    problems.push(SourceError {
                        at: at.clone(),
                        message: format!(
                            "{} {year} age {age} was already given on line {first}: a file gives each age group once",
                            r.country
                        ),
                    });
                    continue;
                }
                let e = sums.entry((r.country.clone(), year)).or_default();
                if let Some(v) = value {
                    e.0 += v;
                    e.1 += 1;
                }
            }
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Figures::default();
    for ((country, year), (sum, groups)) in sums {
        if groups == AGE_GROUPS {
            out.insert(&country, year, sum);
        }
    }
    Ok(out)
}

/// A row's country, year and value, as text, with where they are.
struct Raw {
    whole: Position,
    country: String,
    year: (String, Position),
    value: (String, Position),
    /// The cell that tells apart rows of one country and year (UN DESA's
    /// age group), where a file has one.
    part: Option<(String, Position)>,
}

impl Raw {
    /// The year, and the value (`None` when the publisher left it empty).
    fn parse(&self) -> Result<(i32, Option<f64>), SourceError> {
        let year = self
            .year
            .0
            .parse::<i32>()
            .ok()
            .filter(|y| corredor_model::period::YEARS.contains(y))
            .ok_or_else(|| SourceError {
                at: self.year.1.clone(),
                message: format!("year '{}' is not a year from 1900 to 2200", self.year.0),
            })?;
        let text = self.value.0.as_str();
        if text.is_empty() || text == "NA" {
            return Ok((year, None));
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok((year, Some(v))),
            _ => Err(SourceError {
                at: self.value.1.clone(),
                message: format!("value '{text}' is not a number of zero or more"),
            }),
        }
    }
}

/// Reads `data` as CSV with a header row holding `columns`; `keep` gets
/// each row's cells in the order of `columns` and says whether the row
/// counts; `fields` are the positions, in `columns`, of the country, the
/// year and the value, and `part` that of a cell dividing a year's figure.
fn read(
    file: &str,
    data: &[u8],
    columns: &[&str],
    fields: [usize; 3],
    part: Option<usize>,
    keep: impl Fn(&[&str]) -> bool,
) -> Result<Vec<Raw>, Problems> {
    let mut problems = Problems::default();
    let Some(mut reader) = csvio::open(file, data, &mut problems) else {
        return Err(problems);
    };
    let at: Vec<usize> = columns
        .iter()
        .map(|c| {
            reader.column(c).ok_or_else(|| {
                let mut missing = Problems::default();
                missing.push(SourceError {
                    at: reader.at(1, None),
                    message: format!(
                        "no column '{c}' (the columns are {}): is this the publisher's file?",
                        reader.header().join(", ")
                    ),
                });
                missing
            })
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    reader.for_each_row(&mut problems, |row, _| {
        let cells: Vec<&str> = at.iter().map(|&i| row.cell(i)).collect();
        if keep(&cells) {
            let [country, year, value] = fields;
            out.push(Raw {
                whole: row.whole(),
                country: cells[country].to_string(),
                year: (cells[year].to_string(), row.at(at[year])),
                value: (cells[value].to_string(), row.at(at[value])),
                part: part.map(|p| (cells[p].to_string(), row.at(at[p]))),
            });
        }
    });
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// One figure per country and year; a second for the same pair is a
/// problem (the file would not say which to take).
fn collect(rows: Vec<Raw>) -> Result<Figures, Problems> {
    let mut out = Figures::default();
    let mut seen: BTreeMap<(String, i32), u64> = BTreeMap::new();
    let mut problems = Problems::default();
    for r in &rows {
        match r.parse() {
            Ok((year, value)) => {
                if let Some(first) = seen.insert((r.country.clone(), year), r.whole.line()) {
                    problems.push(SourceError {
                        at: r.year.1.clone(),
                        message: format!(
                            "{} {year} was already given on line {first}: a file gives each country and year once",
                            r.country
                        ),
                    });
                } else if let Some(v) = value {
                    out.insert(&r.country, year, v);
                }
            }
            Err(e) => problems.push(e),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wdi_figures_by_country_and_year_an_empty_value_is_no_figure() {
        let f = wdi(
            "gdp.csv",
            b"Country Name,Country Code,Year,Value\n\
              \"Venezuela, RB\",VEN,2013,2.5e11\n\
              \"Venezuela, RB\",VEN,2014,4.8e11\n\
              \"Venezuela, RB\",VEN,2015,\n\
              World,WLD,2023,1.0e14\n",
        )
        .unwrap();
        assert_eq!(f.latest_at_or_before("VEN", 2023), Some((2014, 4.8e11)));
        assert_eq!(f.latest_at_or_before("VEN", 2013), Some((2013, 2.5e11)));
        assert_eq!(f.latest_at_or_before("VEN", 2012), None);
        assert_eq!(f.at("VEN", 2015), None);
        assert_eq!(f.latest_year(), Some(2023));
    }

    #[test]
    fn problems_name_the_file_line_and_column() {
        let e = wdi(
            "gdp.csv",
            b"Country Name,Country Code,Year,Value\nA,AAA,20x3,1\nA,AAA,2023,-4\nA,AAA,2022,1\nA,AAA,2022,2\nA,AAA,20230,1\n",
        )
        .unwrap_err();
        assert_eq!(
            e.messages(),
            [
                "gdp.csv:2:3: year '20x3' is not a year from 1900 to 2200",
                "gdp.csv:3:4: value '-4' is not a number of zero or more",
                "gdp.csv:5:3: AAA 2022 was already given on line 4: a file gives each country and year once",
                "gdp.csv:6:3: year '20230' is not a year from 1900 to 2200",
            ]
        );
        let e = wdi("pop.csv", b"geo,t,v\nAAA,2020,1\n").unwrap_err();
        assert!(
            e.messages()[0].starts_with("pop.csv:1: no column 'Country Code'"),
            "{:?}",
            e.messages()
        );
    }

    #[test]
    fn a_file_wrong_on_every_line_is_counted_whole() {
        let mut text = String::from("Country Name,Country Code,Year,Value\n");
        for i in 0..120 {
            text.push_str(&format!("A,AAA,{},x\n", 1901 + i));
        }
        let e = wdi("gdp.csv", text.as_bytes()).unwrap_err();
        assert_eq!(e.total(), 120);
        let messages = e.messages();
        assert_eq!(messages.len(), Problems::KEPT + 1);
        assert_eq!(messages[Problems::KEPT], "… and 70 more problems");
    }

    #[test]
    fn unemployment_is_the_native_born_rate_for_both_sexes_and_all_education() {
        let f = ilostat_unemployment(
            "unemployment.csv",
            b"geo,birth,sex,educ,t,v\n\
              HND,Native-born,Total,Total,2019,5.713\n\
              HND,Foreign-born,Total,Total,2019,9.9\n\
              HND,Native-born,Male,Total,2019,4.0\n\
              HND,Native-born,Total,Basic,2019,6.0\n",
        )
        .unwrap();
        assert_eq!(f.latest_at_or_before("HND", 2024), Some((2019, 5.713)));
    }

    #[test]
    fn the_migrant_stock_is_the_sum_of_every_age_group_or_no_figure() {
        let mut text = String::from("geo,var,t,sex,age,n\n");
        for age in AGES {
            text.push_str(&format!("PAN,immigrants,2020,total,{age},10.5\n"));
            text.push_str(&format!("PAN,immigrants,2020,male,{age},5\n"));
            text.push_str(&format!("PAN,emigrants,2020,total,{age},99\n"));
            // One age group left empty: 2015 is no figure, not an undercount.
            let n = if age == "75+" { "" } else { "3" };
            text.push_str(&format!("PAN,immigrants,2015,total,{age},{n}\n"));
        }
        let f = undesa_immigrants("stock.csv", text.as_bytes()).unwrap();
        assert_eq!(f.at("PAN", 2020), Some(168.0));
        assert_eq!(f.at("PAN", 2015), None);
    }

    #[test]
    fn an_age_group_given_twice_or_unknown_is_refused_at_its_cell() {
        let mut text = String::from("geo,var,t,sex,age,n\n");
        // Fifteen groups, one of them twice: sixteen rows, but not a year.
        for age in &AGES[..15] {
            text.push_str(&format!("PAN,immigrants,2020,total,{age},10\n"));
        }
        text.push_str("PAN,immigrants,2020,total,0-4,10\n");
        text.push_str("PAN,immigrants,2020,total,80+,10\n");
        let problems = undesa_immigrants("stock.csv", text.as_bytes()).unwrap_err();
        let shown = problems.messages();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert_eq!(
            shown[0],
            "stock.csv:17:5: PAN 2020 age 0-4 was already given on line 2: a file gives each age group once"
        );
        assert!(
            shown[1].starts_with("stock.csv:18:5: age '80+' is none of UN DESA's groups"),
            "{}",
            shown[1]
        );
    }
}
