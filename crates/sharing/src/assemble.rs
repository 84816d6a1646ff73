//! The Americas key's inputs built from the publishers' figures: for each
//! country and criterion the latest figure dated at or before the
//! reference year, with that year and its source beside it, and every gap
//! named with its reason and handled by a [`GapRule`]. The result is the
//! CSV `share key --preset americas` reads, so that a key can be traced
//! back to the publisher's row.
//!
//! "At or before" because a key is made for a year with what was known by
//! then; the latest figure because a key shares today's responsibility
//! (a figure older than [`MAX_AGE_YEARS`] is flagged, not dropped: a
//! flagged figure is information, a dropped one is a hidden gap).

use crate::key::GapRule;
use crate::sources::Figures;

/// Where each figure comes from: the file under the data folder, and how
/// the inputs cite it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub path: &'static str,
    pub cite: &'static str,
}

pub const POPULATION: Source = Source {
    path: "worldbank-wdi/population.csv",
    cite: "World Bank WDI SP.POP.TOTL",
};
pub const GDP: Source = Source {
    path: "worldbank-wdi/gdp.csv",
    cite: "World Bank WDI NY.GDP.MKTP.CD (current US$)",
};
pub const UNEMPLOYMENT: Source = Source {
    path: "ilostat-migrant-labour/unemployment_rate_by_birth.csv",
    cite: "ILOSTAT unemployment rate, native-born, both sexes, all levels of education (IOM compilation)",
};
pub const IMMIGRANTS: Source = Source {
    path: "ilostat-migrant-labour/migrant_stock_age_sex.csv",
    cite: "UN DESA International Migrant Stock, immigrants of all ages (IOM compilation), per 1,000 of the World Bank population of the same year",
};

/// The four files, in the order [`Publishers`] holds them.
pub const SOURCES: [Source; 4] = [POPULATION, GDP, UNEMPLOYMENT, IMMIGRANTS];

/// The criteria the inputs give, as the `americas` preset names its
/// columns.
pub const CRITERIA: [&str; 4] = [
    "population",
    "gdp_usd",
    "unemployment_pct",
    "hosted_per_1000",
];

/// A figure older than this many years before the reference year is
/// flagged. UN DESA publishes its migrant stock every five years (2015,
/// 2020, 2024), the slowest cycle of the four sources: a figure older than
/// that is older than any publisher's regular update, and a newer one
/// should be sought.
pub const MAX_AGE_YEARS: i32 = 5;

/// The publishers' figures, parsed.
#[derive(Debug, Clone, Default)]
pub struct Publishers {
    pub population: Figures,
    pub gdp: Figures,
    pub unemployment: Figures,
    pub immigrants: Figures,
}

/// One country's input for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Figure {
        value: f64,
        year: i32,
        source: String,
    },
    /// No figure: why.
    Gap { reason: String },
}

/// A gap, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub country: String,
    pub criterion: &'static str,
    pub reason: String,
}

/// A figure older than the age allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    pub country: String,
    pub criterion: &'static str,
    pub year: i32,
    pub age: i32,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssembleError {
    #[error("no countries to build inputs for")]
    NoCountries,
    #[error("criterion {0} is given twice")]
    Twice(&'static str),
    #[error("criterion {criterion}: {given} inputs for {countries} countries")]
    Count {
        criterion: &'static str,
        given: usize,
        countries: usize,
    },
    #[error(
        "{} gap{} (the gap rule is refuse): {}; give the figures, or choose the rule renormalise to leave each country out of the criterion it lacks",
        .0.len(),
        if .0.len() == 1 { "" } else { "s" },
        .0.iter().map(|g| format!("{} {}", g.country, g.criterion)).collect::<Vec<_>>().join(", ")
    )]
    Gaps(Vec<Gap>),
}

/// The inputs of a key: per country, one [`Input`] per criterion of
/// [`CRITERIA`].
#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    pub year: i32,
    pub rule: GapRule,
    pub countries: Vec<String>,
    /// The criteria, in the order of each country's inputs: [`CRITERIA`],
    /// then those added with [`Assembled::add`].
    pub criteria: Vec<&'static str>,
    /// Per country, one [`Input`] per criterion.
    pub inputs: Vec<Vec<Input>>,
}

/// The inputs of `countries` for the reference `year`: for each criterion
/// the latest figure at or before it. People already hosted per 1,000
/// inhabitants is the migrant stock of its year over the population of the
/// same year. A gap is refused, or kept with its reason for the key to
/// renormalise, as `rule` says.
pub fn assemble(
    p: &Publishers,
    countries: &[String],
    year: i32,
    rule: GapRule,
) -> Result<Assembled, AssembleError> {
    if countries.is_empty() {
        return Err(AssembleError::NoCountries);
    }
    let none = |source: &Source, what: &str| Input::Gap {
        reason: format!(
            "no {what} at or before {year} in {}{}",
            source.path,
            if source.path == UNEMPLOYMENT.path {
                " (native-born, both sexes, all levels of education)"
            } else {
                ""
            }
        ),
    };
    let latest = |figures: &Figures, country: &str, source: &Source, what: &str| match figures
        .latest_at_or_before(country, year)
    {
        Some((y, value)) => Input::Figure {
            value,
            year: y,
            source: source.cite.to_string(),
        },
        None => none(source, what),
    };
    let mut inputs = Vec::with_capacity(countries.len());
    for c in countries {
        let hosted = match p.immigrants.latest_at_or_before(c, year) {
            None => none(&IMMIGRANTS, "migrant stock"),
            Some((y, stock)) => match p.population.at(c, y) {
                Some(pop) if pop > 0.0 => Input::Figure {
                    value: round3(stock / pop * 1000.0),
                    year: y,
                    source: IMMIGRANTS.cite.to_string(),
                },
                _ => Input::Gap {
                    reason: format!(
                        "no population in {} for {y}, the year of the migrant stock",
                        POPULATION.path
                    ),
                },
            },
        };
        inputs.push(vec![
            latest(&p.population, c, &POPULATION, "population"),
            latest(&p.gdp, c, &GDP, "GDP"),
            latest(&p.unemployment, c, &UNEMPLOYMENT, "unemployment rate"),
            hosted,
        ]);
    }
    let out = Assembled {
        year,
        rule,
        countries: countries.to_vec(),
        criteria: CRITERIA.to_vec(),
        inputs,
    };
    let gaps = out.gaps();
    if rule == GapRule::Refuse && !gaps.is_empty() {
        return Err(AssembleError::Gaps(gaps));
    }
    Ok(out)
}

/// Per 1,000 to three decimals: the inputs are published, and a published
/// figure should not pretend to more precision than its sources.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl Assembled {
    /// Adds a criterion the publishers' files do not give (a capacity the
    /// countries report), one input per country in the order of
    /// [`Assembled::countries`]. Its gaps follow the rule of the others:
    /// refused, or kept with their reason for the key to renormalise.
    pub fn add(
        &mut self,
        criterion: &'static str,
        inputs: Vec<Input>,
    ) -> Result<(), AssembleError> {
        if self.criteria.contains(&criterion) {
            return Err(AssembleError::Twice(criterion));
        }
        if inputs.len() != self.countries.len() {
            return Err(AssembleError::Count {
                criterion,
                given: inputs.len(),
                countries: self.countries.len(),
            });
        }
        let gaps: Vec<Gap> = self
            .countries
            .iter()
            .zip(&inputs)
            .filter_map(|(c, i)| match i {
                Input::Gap { reason } => Some(Gap {
                    country: c.clone(),
                    criterion,
                    reason: reason.clone(),
                }),
                Input::Figure { .. } => None,
            })
            .collect();
        if self.rule == GapRule::Refuse && !gaps.is_empty() {
            return Err(AssembleError::Gaps(gaps));
        }
        self.criteria.push(criterion);
        for (row, input) in self.inputs.iter_mut().zip(inputs) {
            row.push(input);
        }
        Ok(())
    }

    pub fn gaps(&self) -> Vec<Gap> {
        let mut out = Vec::new();
        for (c, row) in self.countries.iter().zip(&self.inputs) {
            for (criterion, input) in self.criteria.iter().zip(row) {
                if let Input::Gap { reason } = input {
                    out.push(Gap {
                        country: c.clone(),
                        criterion,
                        reason: reason.clone(),
                    });
                }
            }
        }
        out
    }

    /// Figures dated more than `max_age` years before the reference year.
    pub fn stale(&self, max_age: i32) -> Vec<Stale> {
        let mut out = Vec::new();
        for (c, row) in self.countries.iter().zip(&self.inputs) {
            for (criterion, input) in self.criteria.iter().zip(row) {
                if let Input::Figure { year, .. } = input {
                    let age = self.year - year;
                    if age > max_age {
                        out.push(Stale {
                            country: c.clone(),
                            criterion,
                            year: *year,
                            age,
                        });
                    }
                }
            }
        }
        out
    }

    /// The inputs as the CSV `share key` reads: `country,reference_year`,
    /// then for each criterion its value, `_year` and `_source`. A gap is an
    /// empty value and year, and its reason in the source.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut header = vec!["country".to_string(), "reference_year".to_string()];
        for c in &self.criteria {
            header.extend([c.to_string(), format!("{c}_year"), format!("{c}_source")]);
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        w.write_record(&header).expect("in memory");
        for (c, row) in self.countries.iter().zip(&self.inputs) {
            let mut record = vec![c.clone(), self.year.to_string()];
            for input in row {
                match input {
                    Input::Figure {
                        value,
                        year,
                        source,
                    } => record.extend([value.to_string(), year.to_string(), source.clone()]),
                    Input::Gap { reason } => {
                        record.extend([String::new(), String::new(), format!("gap: {reason}")])
                    }
                }
            }
            w.write_record(&record).expect("in memory");
        }
        w.into_inner().expect("in memory")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publishers() -> Publishers {
        let mut p = Publishers::default();
        for (c, y, v) in [
            ("AAA", 2020, 10e6),
            ("AAA", 2023, 11e6),
            ("AAA", 2024, 12e6),
            ("BBB", 2020, 2e6),
            ("BBB", 2024, 2.2e6),
        ] {
            p.population.insert(c, y, v);
        }
        p.gdp.insert("AAA", 2023, 5e11);
        p.gdp.insert("AAA", 2025, 6e11);
        p.gdp.insert("BBB", 2014, 4e10);
        p.unemployment.insert("AAA", 2023, 4.5);
        p.immigrants.insert("AAA", 2020, 50_000.0);
        p.immigrants.insert("BBB", 2020, 300_000.0);
        p
    }

    fn countries() -> Vec<String> {
        vec!["AAA".into(), "BBB".into()]
    }

    #[test]
    fn each_input_is_the_latest_at_or_before_the_year_with_its_year() {
        let a = assemble(&publishers(), &countries(), 2024, GapRule::Renormalise).unwrap();
        let [pop, gdp, _, hosted] = &a.inputs[0][..] else {
            panic!("four criteria")
        };
        assert!(matches!(pop, Input::Figure { year: 2024, value, .. } if *value == 12e6));
        // 2025 is after the reference year: not known yet.
        assert!(matches!(gdp, Input::Figure { year: 2023, .. }));
        // The stock of 2020 over the population of 2020.
        assert!(matches!(hosted, Input::Figure { year: 2020, value, .. } if *value == 5.0));
        let [_, gdp, ..] = &a.inputs[1][..] else {
            panic!("four criteria")
        };
        assert!(matches!(gdp, Input::Figure { year: 2014, .. }));
    }

    #[test]
    fn a_gap_is_refused_or_kept_with_its_reason() {
        let err = assemble(&publishers(), &countries(), 2024, GapRule::Refuse).unwrap_err();
        let AssembleError::Gaps(gaps) = &err else {
            panic!("{err}")
        };
        assert_eq!(gaps.len(), 1);
        assert_eq!(
            (gaps[0].country.as_str(), gaps[0].criterion),
            ("BBB", "unemployment_pct")
        );
        assert!(err.to_string().contains("BBB unemployment_pct"), "{err}");
        let a = assemble(&publishers(), &countries(), 2024, GapRule::Renormalise).unwrap();
        let gaps = a.gaps();
        assert_eq!(gaps.len(), 1);
        assert!(
            gaps[0].reason.contains("at or before 2024"),
            "{:?}",
            gaps[0]
        );
        let csv = String::from_utf8(a.to_csv()).unwrap();
        let bbb = csv.lines().find(|l| l.starts_with("BBB")).unwrap();
        assert!(
            bbb.contains(",,,\"gap: no unemployment rate at or before 2024"),
            "{bbb}"
        );
    }

    #[test]
    fn an_added_criterion_follows_the_gap_rule_and_is_written_with_its_year() {
        let mut a = assemble(&publishers(), &countries(), 2024, GapRule::Renormalise).unwrap();
        let reported = vec![
            Input::Figure {
                value: 1200.0,
                year: 2024,
                source: "capacity report 2024-11-30".into(),
            },
            Input::Gap {
                reason: "no report".into(),
            },
        ];
        a.add("capacity_reception_places", reported.clone())
            .unwrap();
        assert!(a
            .gaps()
            .iter()
            .any(|g| g.country == "BBB" && g.criterion == "capacity_reception_places"));
        let csv = String::from_utf8(a.to_csv()).unwrap();
        assert!(csv.lines().next().unwrap().ends_with(
            "capacity_reception_places,capacity_reception_places_year,capacity_reception_places_source"
        ));
        assert!(
            csv.contains(",1200,2024,capacity report 2024-11-30"),
            "{csv}"
        );
        assert!(matches!(
            a.add("capacity_reception_places", reported.clone()),
            Err(AssembleError::Twice(_))
        ));
        let mut strict =
            assemble(&publishers(), &["AAA".to_string()], 2024, GapRule::Refuse).unwrap();
        let err = strict
            .add("capacity_staff", vec![reported[1].clone()])
            .unwrap_err();
        assert!(err.to_string().contains("AAA capacity_staff"), "{err}");
    }

    #[test]
    fn a_year_before_every_figure_is_a_gap_everywhere() {
        let a = assemble(&publishers(), &countries(), 2010, GapRule::Renormalise).unwrap();
        assert_eq!(a.gaps().len(), 2 * CRITERIA.len());
    }

    #[test]
    fn an_input_older_than_the_age_allowed_is_flagged() {
        let a = assemble(&publishers(), &countries(), 2024, GapRule::Renormalise).unwrap();
        let stale = a.stale(MAX_AGE_YEARS);
        assert_eq!(
            stale,
            vec![Stale {
                country: "BBB".into(),
                criterion: "gdp_usd",
                year: 2014,
                age: 10
            }]
        );
        // The stock of 2020 is 4 years old in 2024: within the age allowed.
        assert!(a.stale(4).len() == 1 && a.stale(3).len() == 3);
    }

    #[test]
    fn the_csv_names_the_year_and_source_of_every_value() {
        let a = assemble(&publishers(), &countries(), 2024, GapRule::Renormalise).unwrap();
        let csv = String::from_utf8(a.to_csv()).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "country,reference_year,population,population_year,population_source,\
             gdp_usd,gdp_usd_year,gdp_usd_source,unemployment_pct,unemployment_pct_year,\
             unemployment_pct_source,hosted_per_1000,hosted_per_1000_year,hosted_per_1000_source"
        );
        let aaa = lines.next().unwrap();
        assert!(
            aaa.starts_with("AAA,2024,12000000,2024,World Bank WDI SP.POP.TOTL,"),
            "{aaa}"
        );
    }
}
