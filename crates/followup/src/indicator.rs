//! Commitments' indicators and their status, computed from the figures,
//! never typed in.
//!
//! The rule: an indicator is expected to move along the straight line from
//! its baseline (value, date) to its target at its deadline, and to stay at
//! the target after. Its latest measurement is compared with the line on
//! the measurement's date; the *shortfall* is how far behind the line it
//! is, as a share of the whole distance from baseline to target (0 on the
//! line, negative ahead of it, 1 when nothing has moved by the deadline):
//!
//! - on track: shortfall ≤ [`ON_TRACK_TOLERANCE`] (10% of the distance);
//! - at risk: shortfall ≤ [`AT_RISK_TOLERANCE`] (25%);
//! - off track: further behind;
//! - no data: no measurement since the baseline;
//! - no recent data: the latest measurement is older than the indicator's
//!   reporting period plus its grace ([`Reporting::grace_months`]): a
//!   status that nobody has confirmed for that long is not shown as if it
//!   still held.
//!
//! Countries are held to account one by one: a commitment that several
//! countries share has a status per country, from that country's figures
//! only ([`Indicator::assess_countries`]), and a regional status that says
//! how it is composed ([`Regional`]).

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// Up to a tenth of the way behind the line is still on track: the
/// tolerance the secretariat's progress reports allow for figures that
/// arrive late and get revised.
pub const ON_TRACK_TOLERANCE: f64 = 0.10;
/// Up to a quarter of the way behind is at risk; beyond it, off track.
pub const AT_RISK_TOLERANCE: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    /// Figures exist, but none within the reporting period and its grace.
    NoRecentData,
    NoData,
}

impl Status {
    /// Every status, in the order the scorecard lists them.
    pub const ALL: [Status; 5] = [
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::NoRecentData,
        Status::NoData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::NoRecentData => "no_recent_data",
            Status::NoData => "no_data",
        }
    }

    /// How far behind a status is, for the regional rule: off track is
    /// the worst; a missing figure is not progress and is not ranked here.
    fn lag(self) -> Option<u8> {
        match self {
            Status::OnTrack => Some(0),
            Status::AtRisk => Some(1),
            Status::OffTrack => Some(2),
            Status::NoRecentData | Status::NoData => None,
        }
    }
}

/// How often an indicator's figures are due. A figure stays current for
/// the period and a grace after it, for the time a ministry takes to
/// publish what it measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reporting {
    Monthly,
    Quarterly,
    /// What an indicator recorded before reporting periods existed is
    /// taken to be: the declaration's progress reports are annual.
    #[default]
    Annual,
}

impl Reporting {
    pub fn as_str(self) -> &'static str {
        match self {
            Reporting::Monthly => "monthly",
            Reporting::Quarterly => "quarterly",
            Reporting::Annual => "annual",
        }
    }

    pub fn months(self) -> u32 {
        match self {
            Reporting::Monthly => 1,
            Reporting::Quarterly => 3,
            Reporting::Annual => 12,
        }
    }

    /// The grace after a period: one month for monthly and quarterly
    /// figures (a month's statistics are usually out within the next),
    /// six for annual ones (national annual statistics come out in the
    /// first half of the next year).
    pub fn grace_months(self) -> u32 {
        match self {
            Reporting::Monthly | Reporting::Quarterly => 1,
            Reporting::Annual => 6,
        }
    }

    /// Whether a figure dated `date` is still current on `today`.
    pub fn is_current(self, date: NaiveDate, today: NaiveDate) -> bool {
        date.checked_add_months(Months::new(self.months() + self.grace_months()))
            .is_none_or(|until| today < until)
    }
}

impl std::str::FromStr for Reporting {
    type Err = String;
    fn from_str(s: &str) -> Result<Reporting, String> {
        match s {
            "monthly" => Ok(Reporting::Monthly),
            "quarterly" => Ok(Reporting::Quarterly),
            "annual" => Ok(Reporting::Annual),
            _ => Err(format!("reporting '{s}': use monthly, quarterly or annual")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    /// Deadline within a year of the baseline.
    Short,
    /// Within three years.
    Medium,
    Long,
}

impl Horizon {
    pub fn of(baseline: NaiveDate, deadline: NaiveDate) -> Horizon {
        let within = |years: i32| {
            baseline
                .checked_add_months(chrono::Months::new(12 * years as u32))
                .is_some_and(|limit| deadline <= limit)
        };
        if within(1) {
            Horizon::Short
        } else if within(3) {
            Horizon::Medium
        } else {
            Horizon::Long
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Short => "short",
            Horizon::Medium => "medium",
            Horizon::Long => "long",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub id: i64,
    pub commitment: String,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub baseline_date: NaiveDate,
    pub target: f64,
    pub deadline: NaiveDate,
    /// How often figures are due: when a status goes stale.
    pub reporting: Reporting,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Measurement {
    pub date: NaiveDate,
    pub value: f64,
    pub source: String,
    /// The country the figure measures (alpha-3); none for a figure
    /// recorded before figures had a country, whose country could not be
    /// told (a commitment of several countries, reported by the
    /// secretariat). Such a figure counts for no country.
    pub country: Option<String>,
    /// The organisation that reported it (empty before it is recorded).
    pub reporter: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = IndicatorAssessment))]
pub struct Assessment {
    pub status: Status,
    pub horizon: Horizon,
    /// The latest measurement, if any.
    pub latest: Option<Measurement>,
    /// Where the straight path from baseline to target stands on the
    /// latest measurement's date.
    pub expected: Option<f64>,
    pub shortfall: Option<f64>,
}

/// One country's status on an indicator, from its own figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CountryAssessment {
    pub country: String,
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// The countries in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct StatusCountries {
    pub status: Status,
    pub countries: Vec<String>,
}

/// The regional status of an indicator that several countries share, and
/// how it is composed. The rule: the status of the country furthest
/// behind among those with a current figure (a shared commitment is kept
/// only when each country keeps it); no recent data when no country has a
/// current figure but one had a figure; no data when none ever had.
/// `composition` lists the countries in each status, so that the page
/// says "1 of 2 countries on track" and which one lags.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Regional {
    pub status: Status,
    /// The number of countries of the commitment.
    pub countries: usize,
    /// Statuses with at least one country, in [`Status::ALL`] order.
    pub composition: Vec<StatusCountries>,
}

impl Regional {
    pub fn of(by_country: &[CountryAssessment]) -> Regional {
        let statuses: Vec<Status> = by_country.iter().map(|c| c.assessment.status).collect();
        let worst = statuses
            .iter()
            .copied()
            .filter(|s| s.lag().is_some())
            .max_by_key(|s| s.lag());
        let status = match worst {
            Some(s) => s,
            None if statuses.contains(&Status::NoRecentData) => Status::NoRecentData,
            None => Status::NoData,
        };
        let composition = Status::ALL
            .iter()
            .map(|&s| StatusCountries {
                status: s,
                countries: by_country
                    .iter()
                    .filter(|c| c.assessment.status == s)
                    .map(|c| c.country.clone())
                    .collect(),
            })
            .filter(|g| !g.countries.is_empty())
            .collect();
        Regional {
            status,
            countries: by_country.len(),
            composition,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    #[error("the deadline {deadline} is not after the baseline date {baseline}")]
    DeadlineBeforeBaseline {
        baseline: NaiveDate,
        deadline: NaiveDate,
    },
    #[error("the target equals the baseline: there is no progress to measure")]
    NoChange,
    #[error("the baseline and the target must be numbers")]
    NotANumber,
    #[error("the baseline and the target must be within ±1e12, and a percentage from 0 to 100")]
    OutOfRange,
}

/// The largest figure, either way, an indicator takes: beyond it a figure
/// is a typing mistake, and the path from baseline to target overflows.
pub const MAX_FIGURE: f64 = 1e12;

/// Whether `unit` is a percentage, whose figures run from 0 to 100.
pub fn is_percent(unit: &str) -> bool {
    unit.trim() == "%"
}

/// Whether `v` may be a figure of an indicator in `unit`.
pub fn in_range(v: f64, unit: &str) -> bool {
    v.is_finite() && v.abs() <= MAX_FIGURE && (!is_percent(unit) || (0.0..=100.0).contains(&v))
}

/// Why a government's figure is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MeasurementError {
    #[error("value {0}: a number")]
    NotANumber(f64),
    #[error("the figure is dated {0}, after today: give the date it was measured")]
    Future(NaiveDate),
}

impl Measurement {
    /// Checks a figure before it is recorded on `today`. A figure cannot
    /// be corrected once recorded, so one dated in the future (a typo)
    /// would stand as the latest for good.
    pub fn check(&self, today: NaiveDate) -> Result<(), MeasurementError> {
        if !self.value.is_finite() {
            return Err(MeasurementError::NotANumber(self.value));
        }
        if self.date > today {
            return Err(MeasurementError::Future(self.date));
        }
        Ok(())
    }
}

impl Indicator {
    pub fn check(&self) -> Result<(), IndicatorError> {
        if !self.baseline.is_finite() || !self.target.is_finite() {
            return Err(IndicatorError::NotANumber);
        }
        if !in_range(self.baseline, &self.unit) || !in_range(self.target, &self.unit) {
            return Err(IndicatorError::OutOfRange);
        }
        if self.deadline <= self.baseline_date {
            return Err(IndicatorError::DeadlineBeforeBaseline {
                baseline: self.baseline_date,
                deadline: self.deadline,
            });
        }
        if self.target == self.baseline {
            return Err(IndicatorError::NoChange);
        }
        Ok(())
    }

    /// The straight path's value on `date`.
    pub fn expected_on(&self, date: NaiveDate) -> f64 {
        let total = (self.deadline - self.baseline_date).num_days() as f64;
        let done = ((date - self.baseline_date).num_days() as f64 / total).clamp(0.0, 1.0);
        self.baseline + (self.target - self.baseline) * done
    }

    /// The status of each of `countries` from its own figures, in the
    /// order given.
    pub fn assess_countries(
        &self,
        countries: &[String],
        measurements: &[Measurement],
        today: NaiveDate,
    ) -> Vec<CountryAssessment> {
        countries
            .iter()
            .map(|c| {
                let own: Vec<Measurement> = measurements
                    .iter()
                    .filter(|m| m.country.as_ref() == Some(c))
                    .cloned()
                    .collect();
                CountryAssessment {
                    country: c.clone(),
                    assessment: self.assess(&own, today),
                }
            })
            .collect()
    }

    /// The status on `today` from the measurements (any order); those
    /// dated before the baseline do not count.
    pub fn assess(&self, measurements: &[Measurement], today: NaiveDate) -> Assessment {
        let horizon = Horizon::of(self.baseline_date, self.deadline);
        let latest = measurements
            .iter()
            .filter(|m| m.date >= self.baseline_date)
            .max_by_key(|m| m.date);
        let Some(latest) = latest else {
            return Assessment {
                status: Status::NoData,
                horizon,
                latest: None,
                expected: None,
                shortfall: None,
            };
        };
        let expected = self.expected_on(latest.date);
        let shortfall = (expected - latest.value) / (self.target - self.baseline);
        let status = if !self.reporting.is_current(latest.date, today) {
            Status::NoRecentData
        } else if shortfall <= ON_TRACK_TOLERANCE {
            Status::OnTrack
        } else if shortfall <= AT_RISK_TOLERANCE {
            Status::AtRisk
        } else {
            Status::OffTrack
        };
        Assessment {
            status,
            horizon,
            latest: Some(latest.clone()),
            expected: Some(expected),
            shortfall: Some(shortfall),
        }
    }
}

/// A ready-made integration indicator: the share of displaced people with
/// access to one of the four things the declaration's reports measure
/// integration by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Template {
    pub code: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
    pub fr: &'static str,
    pub unit: &'static str,
}

impl Template {
    pub fn name(&self, lang: corredor_model::Lang) -> &'static str {
        use corredor_model::Lang;
        match lang {
            Lang::En => self.en,
            Lang::Es => self.es,
            Lang::Pt => self.pt,
            Lang::Fr => self.fr,
        }
    }
}

/// What a reader in `lang` sees for an indicator the store holds by the
/// name `stored`: a template's name in that language while it is still the
/// template's English one, else the name as written.
pub fn shown_name(stored: &str, lang: corredor_model::Lang) -> &str {
    match TEMPLATES.iter().find(|t| t.en == stored) {
        Some(t) => t.name(lang),
        None => stored,
    }
}

pub const TEMPLATES: &[Template] = &[
    Template {
        code: "labour",
        en: "Displaced people of working age with access to the formal labour market",
        es: "Personas desplazadas en edad de trabajar con acceso al mercado laboral formal",
        pt: "Pessoas deslocadas em idade de trabalhar com acesso ao mercado de trabalho formal",
        fr: "Personnes déplacées en âge de travailler ayant accès au marché du travail formel",
        unit: "%",
    },
    Template {
        code: "school",
        en: "Displaced children of school age enrolled in school",
        es: "Niñas y niños desplazados en edad escolar matriculados",
        pt: "Crianças deslocadas em idade escolar matriculadas na escola",
        fr: "Enfants déplacés d’âge scolaire inscrits à l’école",
        unit: "%",
    },
    Template {
        code: "health",
        en: "Displaced people with access to public health care",
        es: "Personas desplazadas con acceso a la salud pública",
        pt: "Pessoas deslocadas com acesso à saúde pública",
        fr: "Personnes déplacées ayant accès aux soins de santé publics",
        unit: "%",
    },
    Template {
        code: "finance",
        en: "Displaced adults with an account at a financial institution",
        es: "Personas adultas desplazadas con una cuenta en una institución financiera",
        pt: "Adultos deslocados com conta em uma instituição financeira",
        fr: "Adultes déplacés titulaires d’un compte dans une institution financière",
        unit: "%",
    },
];

pub fn template(code: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// School enrolment from 40% (1 Jan 2024) to 80% by 1 Jan 2026: the
    /// path gains 20 points a year (731 days, 2024 being a leap year).
    pub(super) fn school() -> Indicator {
        Indicator {
            id: 1,
            commitment: "c".into(),
            name: "school".into(),
            unit: "%".into(),
            baseline: 40.0,
            baseline_date: d("2024-01-01"),
            target: 80.0,
            deadline: d("2026-01-01"),
            reporting: Reporting::Annual,
        }
    }

    /// A day on which every figure of these tests is still current.
    fn today() -> NaiveDate {
        d("2026-01-02")
    }

    fn at(date: &str, value: f64) -> Measurement {
        Measurement {
            date: d(date),
            value,
            source: "ministry".into(),
            country: None,
            reporter: "SEC".into(),
        }
    }

    fn of(country: &str, date: &str, value: f64) -> Measurement {
        Measurement {
            country: Some(country.into()),
            ..at(date, value)
        }
    }

    #[test]
    fn two_countries_sharing_a_commitment_get_two_statuses() {
        let i = school();
        // Chile reported 58 on 1 Jan 2025 (5% behind: on track); Ecuador
        // reported 45 later (off track). Ecuador's later figure does not
        // set Chile's status, and the region says who lags.
        let figures = [of("CHL", "2025-01-01", 58.0), of("ECU", "2025-02-01", 45.0)];
        let countries = ["CHL".to_string(), "ECU".to_string(), "PER".to_string()];
        let by = i.assess_countries(&countries, &figures, today());
        let status: Vec<(&str, Status)> = by
            .iter()
            .map(|c| (c.country.as_str(), c.assessment.status))
            .collect();
        assert_eq!(
            status,
            [
                ("CHL", Status::OnTrack),
                ("ECU", Status::OffTrack),
                ("PER", Status::NoData)
            ]
        );
        let r = Regional::of(&by);
        assert_eq!(r.status, Status::OffTrack, "the country furthest behind");
        assert_eq!(r.countries, 3);
        assert_eq!(
            r.composition,
            [
                StatusCountries {
                    status: Status::OnTrack,
                    countries: vec!["CHL".into()]
                },
                StatusCountries {
                    status: Status::OffTrack,
                    countries: vec!["ECU".into()]
                },
                StatusCountries {
                    status: Status::NoData,
                    countries: vec!["PER".into()]
                },
            ]
        );
    }

    #[test]
    fn a_figure_without_a_country_counts_for_none() {
        let i = school();
        let by = i.assess_countries(&["CHL".to_string()], &[at("2025-01-01", 58.0)], today());
        assert_eq!(by[0].assessment.status, Status::NoData);
    }

    #[test]
    fn a_stale_figure_ages_into_no_recent_data() {
        let i = school();
        let figure = [of("CHL", "2025-01-01", 58.0)];
        // Annual: twelve months and six of grace, to 1 Jul 2026 exclusive.
        let on = |day: &str| i.assess(&figure, d(day));
        assert_eq!(on("2026-06-30").status, Status::OnTrack);
        let stale = on("2026-07-01");
        assert_eq!(stale.status, Status::NoRecentData);
        assert_eq!(
            stale.latest.unwrap().date,
            d("2025-01-01"),
            "the old figure is still shown"
        );
        let mut monthly = school();
        monthly.reporting = Reporting::Monthly;
        assert_eq!(
            monthly.assess(&figure, d("2025-02-28")).status,
            Status::OnTrack
        );
        assert_eq!(
            monthly.assess(&figure, d("2025-03-01")).status,
            Status::NoRecentData
        );
        let mut quarterly = school();
        quarterly.reporting = Reporting::Quarterly;
        assert_eq!(
            quarterly.assess(&figure, d("2025-05-01")).status,
            Status::NoRecentData
        );
    }

    #[test]
    fn the_region_is_stale_only_when_no_country_is_current() {
        let i = school();
        let figures = [of("CHL", "2023-06-01", 58.0), of("ECU", "2025-06-01", 70.0)];
        let countries = ["CHL".to_string(), "ECU".to_string()];
        let r = Regional::of(&i.assess_countries(&countries, &figures, today()));
        assert_eq!(r.status, Status::OnTrack, "Ecuador's current figure");
        assert_eq!(
            r.composition[1].status,
            Status::NoData,
            "Chile's is before the baseline"
        );
        let later = d("2027-06-01");
        let r = Regional::of(&i.assess_countries(&countries, &figures, later));
        assert_eq!(r.status, Status::NoRecentData);
        assert_eq!(Regional::of(&[]).status, Status::NoData);
    }

    #[test]
    fn a_baseline_or_target_that_is_not_a_number_is_refused() {
        let mut i = school();
        i.baseline = f64::NAN;
        assert_eq!(i.check(), Err(IndicatorError::NotANumber));
        let mut i = school();
        i.target = f64::INFINITY;
        assert_eq!(i.check(), Err(IndicatorError::NotANumber));
        assert_eq!(school().check(), Ok(()));
    }

    #[test]
    fn the_straight_path_is_hand_checked() {
        let i = school();
        assert_eq!(i.expected_on(d("2024-01-01")), 40.0);
        // 366 of 731 days on 1 Jan 2025: 40 + 40 × 366/731.
        assert!((i.expected_on(d("2025-01-01")) - (40.0 + 40.0 * 366.0 / 731.0)).abs() < 1e-12);
        assert_eq!(
            i.expected_on(d("2027-06-01")),
            80.0,
            "the target after the deadline"
        );
        assert_eq!(i.expected_on(d("2023-01-01")), 40.0);
    }

    #[test]
    fn status_follows_the_shortfall_from_the_path() {
        let i = school();
        // On 1 Jan 2025 the path is at 60.03; 58 is 2.03 points behind of
        // 40 (5%): on track. 53 is 17.5% behind: at risk. 45: 37.6%, off.
        let status = |v: f64| i.assess(&[at("2025-01-01", v)], today()).status;
        assert_eq!(status(58.0), Status::OnTrack);
        assert_eq!(status(65.0), Status::OnTrack, "ahead of the path");
        assert_eq!(status(53.0), Status::AtRisk);
        assert_eq!(status(45.0), Status::OffTrack);
        let a = i.assess(&[at("2025-01-01", 53.0)], today());
        assert!((a.shortfall.unwrap() - (40.0 * 366.0 / 731.0 - 13.0) / 40.0).abs() < 1e-12);
    }

    #[test]
    fn the_latest_measurement_counts_and_none_is_no_data() {
        let i = school();
        assert_eq!(i.assess(&[], today()).status, Status::NoData);
        assert_eq!(
            i.assess(&[at("2023-06-01", 90.0)], today()).status,
            Status::NoData,
            "before the baseline"
        );
        let a = i.assess(&[at("2025-06-01", 70.0), at("2024-06-01", 41.0)], today());
        assert_eq!(a.latest.unwrap().date, d("2025-06-01"));
        assert_eq!(a.status, Status::OnTrack);
    }

    #[test]
    fn a_falling_target_works_the_same_way() {
        // Irregular status among displaced people: from 60% to 20%.
        let mut i = school();
        i.baseline = 60.0;
        i.target = 20.0;
        assert_eq!(
            i.assess(&[at("2026-01-01", 21.0)], today()).status,
            Status::OnTrack
        );
        assert_eq!(
            i.assess(&[at("2026-01-01", 28.0)], today()).status,
            Status::AtRisk
        );
        assert_eq!(
            i.assess(&[at("2026-01-01", 50.0)], today()).status,
            Status::OffTrack
        );
    }

    #[test]
    fn exactly_ten_and_twenty_five_percent_behind_are_the_last_of_their_status() {
        // At the deadline the path is at the target, 20, of a distance of 40:
        // 24 is 10% behind, 30 is 25% behind.
        let mut i = school();
        i.baseline = 60.0;
        i.target = 20.0;
        let status = |v: f64| i.assess(&[at("2026-01-01", v)], today()).status;
        assert_eq!(status(24.0), Status::OnTrack);
        assert_eq!(status(24.5), Status::AtRisk);
        assert_eq!(status(30.0), Status::AtRisk);
        assert_eq!(status(30.5), Status::OffTrack);
    }

    #[test]
    fn a_deadline_not_after_the_baseline_or_a_target_equal_to_it_is_refused() {
        let mut i = school();
        i.deadline = i.baseline_date;
        assert_eq!(
            i.check(),
            Err(IndicatorError::DeadlineBeforeBaseline {
                baseline: d("2024-01-01"),
                deadline: d("2024-01-01"),
            })
        );
        let mut i = school();
        i.target = i.baseline;
        assert_eq!(i.check(), Err(IndicatorError::NoChange));
    }

    #[test]
    fn horizons_are_one_and_three_years() {
        let b = d("2024-03-01");
        assert_eq!(Horizon::of(b, d("2025-03-01")), Horizon::Short);
        assert_eq!(Horizon::of(b, d("2025-03-02")), Horizon::Medium);
        assert_eq!(Horizon::of(b, d("2027-03-01")), Horizon::Medium);
        assert_eq!(Horizon::of(b, d("2027-03-02")), Horizon::Long);
    }

    #[test]
    fn a_figure_is_a_number_dated_no_later_than_today() {
        let m = |date: &str, value: f64| Measurement {
            date: d(date),
            value,
            source: "s".into(),
            country: None,
            reporter: String::new(),
        };
        let today = d("2025-06-01");
        assert_eq!(m("2025-06-01", 50.0).check(today), Ok(()));
        assert_eq!(
            m("2025-06-02", 50.0).check(today),
            Err(MeasurementError::Future(d("2025-06-02")))
        );
        assert!(m("2025-06-02", 50.0)
            .check(today)
            .unwrap_err()
            .to_string()
            .contains("after today"));
        assert!(matches!(
            m("2025-01-01", f64::NAN).check(today),
            Err(MeasurementError::NotANumber(_))
        ));
    }
}

#[cfg(test)]
#[path = "indicator_range_tests.rs"]
mod range_tests;
