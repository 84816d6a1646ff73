//! Integration measured as migrants against the native-born, the way the
//! OECD/EU "Zaragoza" indicators compare them: from the ILOSTAT labour
//! force tables by place of birth and the UN DESA migrant stock, as IOM's
//! Global Data Institute compiled them (`ilostat-migrant-labour`, four
//! CSV tables). [`parse`] reads the tables all or nothing, every problem
//! at `file:line:column`, and returns [`Figure`]s, each with its country
//! and year; [`by_country`] gives each country its latest figures, and
//! says when a country has none.
//!
//! What is computed, and from which rows (sex and education "Total"
//! unless said):
//! - unemployment rate of the foreign-born and of the native-born (%), and
//!   the gap, foreign-born minus native-born, in percentage points, for a
//!   year that has both;
//! - the share of employed foreign-born, and native-born, workers in
//!   elementary occupations (ISCO-08 major group 9) among those whose
//!   occupation is classified in ISCO-08 (group `X`, not classified, and
//!   ISCO-68 leftovers are left out: a year reported only in ISCO-68 has
//!   no figure); women and men summed, as the table has no total;
//! - the earnings ratio: the mean monthly earnings of foreign-born
//!   employees as a percentage of the native-born's (local currency
//!   cancels out; rows by citizenship are not used);
//! - the immigrant stock (foreign-born living in the country), persons,
//!   by sex (total, female, male) and by broad age band (all ages, 0–19,
//!   20–64, 65 and over) summed from the five-year groups.
//!
//! Gaps are real and kept as gaps: an empty cell is no figure (UN DESA
//! has no estimate for some territories and years), and a total that would
//! need it (a stock whose age group is empty, a share whose group is
//! empty) is not computed rather than understated. A share of elementary
//! occupations needs a figure for each of the major groups 1–9 (armed
//! forces, group 0, may be absent): the compilation leaves out rows, and a
//! year of Honduras's foreign-born with group 9 alone would otherwise read
//! as 100%, one of Barbados's without it as 0%. The compilation writes
//! every ISCO-68 group as `isco-68-Y`, so those rows may repeat; any other
//! repeated key is refused.
//!
//! **No I/O**: the caller reads the files and passes their bytes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use corredor_ingest::{csvio, Problem, Problems};

/// Where the tables come from, said with every figure.
pub const ILOSTAT: &str = "ILOSTAT labour force statistics by place of birth, compiled by IOM GDI (R package snapshot, commit da6397b)";
pub const UN_DESA: &str =
    "UN DESA International Migrant Stock 2020, compiled by IOM GDI (R package snapshot, commit da6397b)";

/// The files of the folder, as PROVENANCE.md names them.
pub const UNEMPLOYMENT_FILE: &str = "unemployment_rate_by_birth.csv";
pub const OCCUPATION_FILE: &str = "employment_by_occupation_birth.csv";
pub const EARNINGS_FILE: &str = "earnings_by_birth.csv";
pub const STOCK_FILE: &str = "migrant_stock_age_sex.csv";
pub const FILES: [&str; 4] = [
    UNEMPLOYMENT_FILE,
    OCCUPATION_FILE,
    EARNINGS_FILE,
    STOCK_FILE,
];

/// The countries and territories of the Americas: UN M49 region 019
/// (Caribbean, Central America, South America, Northern America), the
/// statistical definition UN DESA's migrant stock uses.
pub const AMERICAS: [&str; 57] = [
    "AIA", "ATG", "ABW", "BHS", "BRB", "BES", "VGB", "CYM", "CUB", "CUW", "DMA", "DOM", "GRD",
    "GLP", "HTI", "JAM", "MTQ", "MSR", "PRI", "BLM", "KNA", "LCA", "MAF", "VCT", "SXM", "TTO",
    "TCA", "VIR", "BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "ARG", "BOL", "BVT",
    "BRA", "CHL", "COL", "ECU", "FLK", "GUF", "GUY", "PRY", "PER", "SGS", "SUR", "URY", "VEN",
    "BMU", "CAN", "GRL", "SPM", "USA",
];

/// Codes the publishers use that ISO 3166-1 does not assign: read, kept as
/// given, and outside the Americas.
pub const PUBLISHER_CODES: [(&str, &str); 1] = [(
    "CHA",
    "Channel Islands: UN DESA's code for Guernsey and Jersey together (M49 830)",
)];

pub fn in_americas(code: &str) -> bool {
    AMERICAS.contains(&code)
}

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    UnemploymentForeignBorn,
    UnemploymentNativeBorn,
    /// Foreign-born minus native-born, percentage points.
    UnemploymentGap,
    ElementaryForeignBorn,
    ElementaryNativeBorn,
    /// Foreign-born mean earnings as % of the native-born's.
    EarningsRatio,
    /// Foreign-born persons living in the country.
    MigrantStock,
}

impl Measure {
    pub const ALL: [Measure; 7] = [
        Measure::UnemploymentForeignBorn,
        Measure::UnemploymentNativeBorn,
        Measure::UnemploymentGap,
        Measure::ElementaryForeignBorn,
        Measure::ElementaryNativeBorn,
        Measure::EarningsRatio,
        Measure::MigrantStock,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::UnemploymentForeignBorn => "unemployment_foreign_born",
            Measure::UnemploymentNativeBorn => "unemployment_native_born",
            Measure::UnemploymentGap => "unemployment_gap",
            Measure::ElementaryForeignBorn => "elementary_foreign_born",
            Measure::ElementaryNativeBorn => "elementary_native_born",
            Measure::EarningsRatio => "earnings_ratio",
            Measure::MigrantStock => "migrant_stock",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Measure::UnemploymentGap => "pp",
            Measure::MigrantStock => "persons",
            _ => "%",
        }
    }

    pub fn parse(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Total,
    Female,
    Male,
}

impl Sex {
    pub const ALL: [Sex; 3] = [Sex::Total, Sex::Female, Sex::Male];

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Total => "total",
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    pub fn parse(s: &str) -> Option<Sex> {
        Sex::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

/// Broad age bands summed from UN DESA's five-year groups: children and
/// young people, working age, and older people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub enum AgeBand {
    #[serde(rename = "all")]
    All,
    #[serde(rename = "0-19")]
    Under20,
    #[serde(rename = "20-64")]
    WorkingAge,
    #[serde(rename = "65+")]
    Over64,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::All,
        AgeBand::Under20,
        AgeBand::WorkingAge,
        AgeBand::Over64,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::All => "all",
            AgeBand::Under20 => "0-19",
            AgeBand::WorkingAge => "20-64",
            AgeBand::Over64 => "65+",
        }
    }

    pub fn parse(s: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The group's name as UN DESA spells it (`group` is one of them).
    fn group_name(group: &str) -> &'static str {
        corredor_model::age::UNDESA_GROUPS
            .iter()
            .find(|g| **g == group)
            .copied()
            .unwrap_or("")
    }

    /// The band of one of UN DESA's sixteen five-year groups (`0-4`, …,
    /// `75+`); `None` for any other label ("20-29" would be counted twice
    /// over the groups it spans).
    fn of_group(group: &str) -> Option<AgeBand> {
        let i = corredor_model::age::UNDESA_GROUPS
            .iter()
            .position(|g| *g == group)?;
        Some(match i {
            0..=3 => AgeBand::Under20,
            4..=12 => AgeBand::WorkingAge,
            _ => AgeBand::Over64,
        })
    }
}

/// One figure of one country and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Figure {
    pub measure: Measure,
    pub country: String,
    pub year: i32,
    pub sex: Sex,
    pub age: AgeBand,
    pub value: f64,
    pub source: String,
}

/// The four tables' bytes, each with the name problems are reported under.
pub struct Tables<'a> {
    pub unemployment: (&'a str, &'a [u8]),
    pub occupations: (&'a str, &'a [u8]),
    pub earnings: (&'a str, &'a [u8]),
    pub stock: (&'a str, &'a [u8]),
}

/// Years a table may hold: ILOSTAT's series start in the 1980s.
const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

/// Reads every row of one table with the exact `columns`, handing the
/// fields of each to `row`, which returns the problems of that row as
/// (column index, message). A row whose key (every column but the last,
/// the value) came before is refused, naming the first, unless `repeats`
/// allows it.
fn read(
    (file, bytes): (&str, &[u8]),
    columns: &[&str],
    repeats: fn(&[&str]) -> bool,
    problems: &mut Vec<Problem>,
    mut row: impl FnMut(&[&str]) -> Vec<(usize, String)>,
) {
    let start = problems.len();
    let mut read = Problems::default();
    let Some(mut csv) = csvio::open(file, bytes, &mut read) else {
        problems.extend(read.kept().iter().cloned());
        return;
    };
    if csv.header() != columns {
        problems.push(Problem {
            at: csv.at(1, None),
            message: format!(
                "the header must be {} (found {})",
                columns.join(","),
                csv.header().join(",")
            ),
        });
        return;
    }
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(next) = csv.next_row(&mut read) {
        let Ok(record) = next else { continue };
        let line = record.line;
        let fields: Vec<&str> = (0..record.len()).map(|i| record.cell(i)).collect();
        // Every column but the last (the value) is the key of a row.
        let key = fields[..fields.len() - 1].join(",");
        if let Some(first) = seen.get(&key).filter(|_| !repeats(&fields)) {
            let message = format!("given twice: first at line {first}");
            problems.push(Problem {
                at: record.at(columns.len() - 1),
                message,
            });
            continue;
        }
        seen.insert(key, line);
        for (column, message) in row(&fields) {
            problems.push(Problem {
                at: record.at(column),
                message,
            });
        }
    }
    problems.extend(read.kept().iter().cloned());
    problems[start..].sort_by_key(|p| (p.at.line(), p.at.column()));
}

/// The checks every table shares: a known country code, a year, a
/// non-negative number (at most `max`).
struct Cells<'a> {
    fields: &'a [&'a str],
    columns: &'a [&'a str],
    problems: Vec<(usize, String)>,
}

impl<'a> Cells<'a> {
    fn new(fields: &'a [&'a str], columns: &'a [&'a str]) -> Cells<'a> {
        Cells {
            fields,
            columns,
            problems: Vec::new(),
        }
    }

    fn country(&mut self, i: usize) -> Option<String> {
        let code = self.fields[i];
        if PUBLISHER_CODES.iter().any(|(c, _)| *c == code) {
            return Some(code.to_string());
        }
        match corredor_model::country::by_code(code) {
            Some(c) if code.len() == 3 => Some(c.alpha3.to_string()),
            _ => {
                self.problems.push((
                    i,
                    format!("{} '{code}': an ISO 3166-1 alpha-3 code", self.columns[i]),
                ));
                None
            }
        }
    }

    fn year(&mut self, i: usize) -> Option<i32> {
        match self.fields[i].parse::<i32>() {
            Ok(y) if YEARS.contains(&y) => Some(y),
            _ => {
                self.problems.push((
                    i,
                    format!(
                        "{} '{}': a year such as 2023",
                        self.columns[i], self.fields[i]
                    ),
                ));
                None
            }
        }
    }

    /// A value: `Some(None)` when the cell is empty (the table has no
    /// figure there, a real gap), `None` when it is not a number in range.
    fn number(&mut self, i: usize, max: f64) -> Option<Option<f64>> {
        if self.fields[i].is_empty() {
            return Some(None);
        }
        match self.fields[i].parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=max).contains(&v) => Some(Some(v)),
            _ => {
                let range = if max.is_finite() {
                    format!("a number from 0 to {max}, or empty")
                } else {
                    "a number, 0 or more, or empty".to_string()
                };
                self.problems.push((
                    i,
                    format!("{} '{}': {range}", self.columns[i], self.fields[i]),
                ));
                None
            }
        }
    }

    fn one_of(&mut self, i: usize, allowed: &[&str]) -> Option<&'a str> {
        let v = self.fields[i];
        if allowed.contains(&v) {
            Some(v)
        } else {
            self.problems.push((
                i,
                format!("{} '{v}': use {}", self.columns[i], allowed.join(", ")),
            ));
            None
        }
    }
}

fn figure(measure: Measure, country: &str, year: i32, value: f64, source: &str) -> Figure {
    Figure {
        measure,
        country: country.to_string(),
        year,
        sex: Sex::Total,
        age: AgeBand::All,
        value,
        source: source.to_string(),
    }
}

/// (country, year) → (foreign-born, native-born), either possibly missing.
type Pairs = BTreeMap<(String, i32), (Option<f64>, Option<f64>)>;

/// Reads the four tables, all or nothing.
pub fn parse(t: &Tables) -> Result<Vec<Figure>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();

    const UNEMPLOYMENT: [&str; 6] = ["geo", "birth", "sex", "educ", "t", "v"];
    let mut rates = Pairs::new();
    read(
        t.unemployment,
        &UNEMPLOYMENT,
        |_| false,
        &mut problems,
        |f| {
            let mut c = Cells::new(f, &UNEMPLOYMENT);
            let (geo, birth) = (
                c.country(0),
                c.one_of(1, &["Foreign-born", "Native-born", "Unknown"]),
            );
            let sex = c.one_of(2, &["Total", "Female", "Male"]);
            let (year, v) = (c.year(4), c.number(5, 100.0));
            if let (Some(geo), Some(birth), Some(sex), Some(year), Some(Some(v))) =
                (geo, birth, sex, year, v)
            {
                let counted = sex == "Total" && f[3] == "Total" && birth != "Unknown";
                if counted {
                    let pair = rates.entry((geo, year)).or_default();
                    if birth == "Foreign-born" {
                        pair.0 = Some(v);
                    } else {
                        pair.1 = Some(v);
                    }
                }
            }
            c.problems
        },
    );
    for ((geo, year), (foreign, native)) in &rates {
        let source = format!("{ILOSTAT}, {}", t.unemployment.0);
        if let Some(f) = foreign {
            out.push(figure(
                Measure::UnemploymentForeignBorn,
                geo,
                *year,
                *f,
                &source,
            ));
        }
        if let Some(n) = native {
            out.push(figure(
                Measure::UnemploymentNativeBorn,
                geo,
                *year,
                *n,
                &source,
            ));
        }
        if let (Some(f), Some(n)) = (foreign, native) {
            out.push(figure(Measure::UnemploymentGap, geo, *year, f - n, &source));
        }
    }

    const OCCUPATION: [&str; 6] = ["geo", "birth", "t", "occup", "sex", "n"];
    // (country, year, birth) → (elementary, classified) summed over sexes;
    // a group left empty leaves the shares of its year unknown, as does a
    // group of 1–9 with no row (the groups seen are kept apart).
    let mut jobs: BTreeMap<(String, i32, bool), (f64, f64)> = BTreeMap::new();
    let mut seen: BTreeMap<(String, i32, bool), BTreeSet<char>> = BTreeMap::new();
    let mut incomplete = BTreeSet::new();
    // The compilation writes every ISCO-68 group as `isco-68-Y`, so those
    // rows repeat their key; they are read, checked and not used.
    let isco68 = |f: &[&str]| f[3].starts_with("isco-68-");
    read(t.occupations, &OCCUPATION, isco68, &mut problems, |f| {
        let mut c = Cells::new(f, &OCCUPATION);
        let geo = c.country(0);
        let birth = c.one_of(1, &["Foreign", "Native", "Total", "Unknown"]);
        let year = c.year(2);
        let occup = f[3];
        let isco08 = occup.strip_prefix("isco-08-");
        if isco08.is_none_or(|g| g.len() != 1 || !"0123456789X".contains(g))
            && !occup.starts_with("isco-68-")
        {
            c.problems.push((
                3,
                format!("occup '{occup}': an ISCO-08 major group (isco-08-0 … isco-08-9, isco-08-X) or isco-68-…"),
            ));
        }
        let sex = c.one_of(4, &["Female", "Male"]);
        let n = c.number(5, f64::INFINITY);
        if let (Some(geo), Some(birth), Some(year), Some(_), Some(n)) = (geo, birth, year, sex, n) {
            let counted = matches!(birth, "Foreign" | "Native");
            if let (true, Some(group)) = (counted, isco08.filter(|g| *g != "X")) {
                let key = (geo, year, birth == "Foreign");
                match n {
                    Some(n) => {
                        seen.entry(key.clone()).or_default().extend(group.chars());
                        let e = jobs.entry(key).or_default();
                        e.1 += n;
                        if group == "9" {
                            e.0 += n;
                        }
                    }
                    None => {
                        incomplete.insert(key);
                    }
                }
            }
        }
        c.problems
    });
    for (key, (elementary, classified)) in &jobs {
        let (geo, year, foreign) = key;
        let every_group = seen
            .get(key)
            .is_some_and(|g| ('1'..='9').all(|c| g.contains(&c)));
        if *classified > 0.0 && every_group && !incomplete.contains(key) {
            let measure = if *foreign {
                Measure::ElementaryForeignBorn
            } else {
                Measure::ElementaryNativeBorn
            };
            let source = format!("{ILOSTAT}, {}", t.occupations.0);
            let share = 100.0 * elementary / classified;
            out.push(figure(measure, geo, *year, share, &source));
        }
    }

    const EARNINGS: [&str; 6] = ["geo", "t", "type", "status", "sex", "v"];
    let mut pay = Pairs::new();
    read(
        t.earnings,
        &EARNINGS,
        |_| false,
        &mut problems,
        |f| {
            let mut c = Cells::new(f, &EARNINGS);
            let (geo, year) = (c.country(0), c.year(1));
            let kind = c.one_of(2, &["birth", "citizenship"]);
            let status = c.one_of(3, &["Foreign", "Native", "Total", "Unknown"]);
            let sex = c.one_of(4, &["Total", "Female", "Male"]);
            let v = c.number(5, f64::INFINITY);
            if let (Some(geo), Some(year), Some(kind), Some(status), Some(sex), Some(Some(v))) =
                (geo, year, kind, status, sex, v)
            {
                let counted = kind == "birth" && sex == "Total";
                if counted {
                    let pair = pay.entry((geo, year)).or_default();
                    match status {
                        "Foreign" => pair.0 = Some(v),
                        "Native" => pair.1 = Some(v),
                        _ => {}
                    }
                }
            }
            c.problems
        },
    );
    for ((geo, year), pair) in &pay {
        if let (Some(f), Some(n)) = *pair {
            if n > 0.0 {
                let source = format!("{ILOSTAT}, {}", t.earnings.0);
                out.push(figure(
                    Measure::EarningsRatio,
                    geo,
                    *year,
                    100.0 * f / n,
                    &source,
                ));
            }
        }
    }

    const STOCK: [&str; 6] = ["geo", "var", "t", "sex", "age", "n"];
    let mut stock: BTreeMap<(String, i32, Sex, AgeBand), f64> = BTreeMap::new();
    // (country, year, sex) with an age group left empty or missing: no
    // total for them (a sum short of a group would read as a fall).
    let mut incomplete = BTreeSet::new();
    // The groups given for each (country, year, sex), by name: a group
    // given twice under another spelling of the sex is refused, not
    // counted in place of one missing.
    let mut groups: BTreeMap<(String, i32, Sex), BTreeSet<&str>> = BTreeMap::new();
    read(
        t.stock,
        &STOCK,
        |_| false,
        &mut problems,
        |f| {
            let mut c = Cells::new(f, &STOCK);
            let geo = c.country(0);
            let var = c.one_of(1, &["immigrants", "emigrants"]);
            let year = c.year(2);
            let sex = Sex::parse(f[3]).or_else(|| {
                c.problems
                    .push((3, format!("sex '{}': use total, female or male", f[3])));
                None
            });
            let band = AgeBand::of_group(f[4]).or_else(|| {
                c.problems.push((
                    4,
                    format!(
                        "age '{}': one of UN DESA's five-year groups, {}",
                        f[4],
                        corredor_model::age::UNDESA_GROUPS.join(", ")
                    ),
                ));
                None
            });
            let n = c.number(5, f64::INFINITY);
            if let (Some(geo), Some(var), Some(year), Some(sex), Some(band), Some(n)) =
                (geo, var, year, sex, band, n)
            {
                if var == "immigrants" {
                    let given = groups.entry((geo.clone(), year, sex)).or_default();
                    if !given.insert(AgeBand::group_name(f[4])) {
                        c.problems.push((
                            4,
                            format!("{geo} {year} {} age {}: given twice", f[3], f[4]),
                        ));
                        return c.problems;
                    }
                }
                match (var == "immigrants", n) {
                    (true, Some(n)) => {
                        for b in [AgeBand::All, band] {
                            *stock.entry((geo.clone(), year, sex, b)).or_default() += n;
                        }
                    }
                    (true, None) => {
                        incomplete.insert((geo, year, sex));
                    }
                    (false, _) => {}
                }
            }
            c.problems
        },
    );
    incomplete.extend(
        groups
            .into_iter()
            .filter(|(_, given)| given.len() < corredor_model::age::UNDESA_GROUPS.len())
            .map(|(k, _)| k),
    );
    for ((geo, year, sex, age), n) in stock {
        if incomplete.contains(&(geo.clone(), year, sex)) {
            continue;
        }
        out.push(Figure {
            sex,
            age,
            ..figure(
                Measure::MigrantStock,
                &geo,
                year,
                n,
                &format!("{UN_DESA}, {}", t.stock.0),
            )
        });
    }

    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A figure as a country's row shows it: the value and the year it is of.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Dated {
    pub value: f64,
    pub year: i32,
}

/// Foreign-born against native-born in the latest year that has both.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub year: i32,
    pub foreign_born: f64,
    pub native_born: f64,
}

/// The immigrant stock of the latest year, by sex and age band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Stock {
    pub year: i32,
    pub total: f64,
    pub female: Option<f64>,
    pub male: Option<f64>,
    pub under_20: Option<f64>,
    pub working_age: Option<f64>,
    pub over_64: Option<f64>,
}

/// A country's latest integration figures; `None` where the shipped
/// tables have no figure for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CountryIntegration {
    pub country: String,
    pub unemployment: Option<Comparison>,
    /// Foreign-born minus native-born, percentage points, of
    /// `unemployment.year`.
    pub unemployment_gap: Option<Dated>,
    pub elementary: Option<Comparison>,
    pub earnings_ratio: Option<Dated>,
    pub stock: Option<Stock>,
}

impl CountryIntegration {
    pub fn is_empty(&self) -> bool {
        self.unemployment.is_none()
            && self.elementary.is_none()
            && self.earnings_ratio.is_none()
            && self.stock.is_none()
    }
}

/// Each of `countries` with its latest figures.
pub fn by_country(figures: &[Figure], countries: &[String]) -> Vec<CountryIntegration> {
    let mut index: HashMap<(String, Measure, Sex, AgeBand), BTreeMap<i32, f64>> = HashMap::new();
    for f in figures {
        index
            .entry((f.country.clone(), f.measure, f.sex, f.age))
            .or_default()
            .insert(f.year, f.value);
    }
    let series =
        |c: &str, m: Measure, sex: Sex, age: AgeBand| index.get(&(c.to_string(), m, sex, age));
    let total = |c: &str, m: Measure| series(c, m, Sex::Total, AgeBand::All);
    let latest = |c: &str, m: Measure| {
        total(c, m)
            .and_then(|s| s.last_key_value())
            .map(|(&year, &value)| Dated { value, year })
    };
    let compare = |c: &str, foreign: Measure, native: Measure| {
        let (f, n) = (total(c, foreign)?, total(c, native)?);
        f.iter().rev().find_map(|(year, &foreign_born)| {
            n.get(year).map(|&native_born| Comparison {
                year: *year,
                foreign_born,
                native_born,
            })
        })
    };
    countries
        .iter()
        .map(|c| {
            let stock = latest(c, Measure::MigrantStock).map(|d| {
                let part = |sex: Sex, age: AgeBand| {
                    series(c, Measure::MigrantStock, sex, age).and_then(|s| s.get(&d.year).copied())
                };
                Stock {
                    year: d.year,
                    total: d.value,
                    female: part(Sex::Female, AgeBand::All),
                    male: part(Sex::Male, AgeBand::All),
                    under_20: part(Sex::Total, AgeBand::Under20),
                    working_age: part(Sex::Total, AgeBand::WorkingAge),
                    over_64: part(Sex::Total, AgeBand::Over64),
                }
            });
            let unemployment = compare(
                c,
                Measure::UnemploymentForeignBorn,
                Measure::UnemploymentNativeBorn,
            );
            CountryIntegration {
                country: c.clone(),
                unemployment_gap: unemployment.map(|u| Dated {
                    value: u.foreign_born - u.native_born,
                    year: u.year,
                }),
                unemployment,
                elementary: compare(
                    c,
                    Measure::ElementaryForeignBorn,
                    Measure::ElementaryNativeBorn,
                ),
                earnings_ratio: latest(c, Measure::EarningsRatio),
                stock,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
