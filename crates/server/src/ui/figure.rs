//! A series drawn for a page: its title in the reader's language, and its
//! chart with the forecast, the alerts marked and where the figures come
//! from. The series page, a place's pages and an alert's page all use it.

use super::i18n::{colon, semicolon};
use corredor_app::alerts::StoredAlert;
use corredor_app::series::SeriesDetail;
use corredor_model::{AlertKind, Frequency, Lang, Period, SeriesKey};
use maud::{html, Markup};

use super::chart;
use super::i18n::{self, country};
use super::layout::place_name;
use super::words::{t, Word};

/// An indicator's name as the reader reads it; an indicator the
/// secretariat added is shown by its code.
pub(super) fn indicator_name(code: &str, lang: Lang) -> String {
    corredor_model::indicator::short_name(code, lang)
        .map(str::to_string)
        .unwrap_or_else(|| code.replace('_', " "))
}

/// "Panama — Venezuela — irregular entries".
pub(super) fn series_title(key: &SeriesKey, lang: Lang) -> String {
    format!(
        "{} — {} — {}",
        place_name(&corredor_app::engine::place(key), lang),
        country(&key.nationality, lang),
        indicator_name(&key.indicator, lang)
    )
}

/// One time axis for the charts of `details`: from the earliest first
/// period any of them shows (each shows its last 48 figures, over its
/// last 48 periods, at most) to
/// the latest period any of them reaches, forecast included. Only the
/// series of the first one's frequency are counted; [`axis_for`] gives the
/// axis to each chart of that frequency and none to the others.
pub(super) fn common_axis<'a>(
    details: impl IntoIterator<Item = &'a SeriesDetail>,
) -> Option<(Period, Period)> {
    let mut axis: Option<(Period, Period)> = None;
    // The latest figure of the axis' series: the axis starts no earlier
    // than 48 periods before it, so that a place that stopped reporting
    // years ago does not stretch the others' charts.
    let mut latest: Option<Period> = None;
    for d in details {
        let periods: Vec<Period> = d
            .observations
            .iter()
            .filter_map(|o| o.period.parse().ok())
            .collect();
        // Its last 48 figures, and no more than its last 48 periods: a
        // series with a figure a year, or one that stopped years ago,
        // would otherwise take every chart of the page back decades.
        let Some(first) = periods.iter().rev().take(48).min().copied() else {
            continue;
        };
        let first = periods
            .last()
            .and_then(|l| l.checked_offset(-47))
            .map_or(first, |floor| first.max(floor));
        let last = d
            .forecast
            .iter()
            .filter_map(|b| b.period.parse::<Period>().ok())
            .chain(periods.last().copied())
            .max()
            .unwrap_or(first);
        axis = match axis {
            None => Some((first, last)),
            Some((a, b)) if a.frequency() == first.frequency() => Some((a.min(first), b.max(last))),
            keep => keep,
        };
        if let (Some(p), Some((a, _))) = (periods.last(), axis) {
            if p.frequency() == a.frequency() {
                latest = latest.max(Some(*p));
            }
        }
    }
    let floor = latest.and_then(|l| l.checked_offset(-47));
    axis.map(|(a, b)| (floor.map_or(a, |f| a.max(f).min(b)), b))
}

/// `axis` for the chart of `d` if it has the axis' frequency.
pub(super) fn axis_for(
    axis: Option<(Period, Period)>,
    d: &SeriesDetail,
) -> Option<(Period, Period)> {
    let frequency = d
        .observations
        .first()?
        .period
        .parse::<Period>()
        .ok()?
        .frequency();
    axis.filter(|(a, _)| a.frequency() == frequency)
}

/// The most rows a chart's table lists on a time axis: every month of an
/// alert's (37 at most), the latest 400 days of a daily one's.
const TABLE_ON_AXIS: usize = 400;

/// Whether a chart carries its figures as a table under it: a page with
/// a figures table of its own (the series page) says `Apart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Figures {
    Under,
    Apart,
}

/// The time axis of an alert's own chart: from the same period a year
/// before its own (the growth it may quote is over that one) to two years
/// after it at most, as far as the series and its forecast reach; so that
/// a movement of years before does not set the scale its month is read on
/// (the series' page draws the longer view).
pub(super) fn around_alert(a: &StoredAlert, d: &SeriesDetail) -> Option<(Period, Period)> {
    let at: Period = a.period.parse().ok()?;
    let year = match at.frequency() {
        Frequency::Month => 12,
        Frequency::Week => 52,
        Frequency::Day => 365,
    };
    let last = d
        .observations
        .iter()
        .map(|o| &o.period)
        .chain(d.forecast.iter().map(|b| &b.period))
        .filter_map(|p| p.parse::<Period>().ok())
        .filter(|p| p.frequency() == at.frequency())
        .max()
        .unwrap_or(at)
        .max(at);
    let first = at.checked_offset(-year).unwrap_or(at);
    let cap = at.checked_offset(2 * year).unwrap_or(last);
    Some((first, last.min(cap)))
}

/// The chart of a series detail, with its source and date of receipt;
/// `axis` as in [`chart::render`].
pub(super) fn series_chart(
    key: &SeriesKey,
    d: &SeriesDetail,
    alerts: &[StoredAlert],
    axis: Option<(Period, Period)>,
    figures: Figures,
    lang: Lang,
) -> Markup {
    let history: Vec<chart::Point> = d
        .observations
        .iter()
        .filter_map(|o| {
            Some(chart::Point {
                period: o.period.parse().ok()?,
                value: o.value as f64,
            })
        })
        .collect();
    let forecast: Vec<chart::Band> = d
        .forecast
        .iter()
        .filter_map(|b| {
            Some(chart::Band {
                period: b.period.parse().ok()?,
                mean: b.mean,
                lo80: b.lo80,
                hi80: b.hi80,
                lo95: b.lo95,
                hi95: b.hi95,
            })
        })
        .collect();
    let marks: Vec<chart::Mark> = alerts
        .iter()
        .filter(|a| a.series_key() == *key)
        .filter_map(|a| {
            Some(chart::Mark {
                period: a.period.parse().ok()?,
                range: (a.kind == AlertKind::Surge).then_some((a.lo95, a.expected, a.hi95)),
            })
        })
        .collect();
    let title = series_title(key, lang);
    html! {
        (chart::render(&title, &history, &forecast, &marks, axis, lang))
        p.provenance {
            (t(lang, Word::Source)) (colon(lang)) (if d.sources.is_empty() { "—".to_string() } else { d.sources.join(semicolon(lang)) })
            @if let Some(r) = &d.received_at {
                (semicolon(lang)) (t(lang, Word::Received)) " " (i18n::date(r, lang))
            }
            (semicolon(lang)) (t(lang, Word::Model)) (colon(lang)) (super::word_of::model_name(&d.model, lang))
        }
        // The chart's figures as text, for those who cannot see it: those
        // on its time axis (an alert's: the months around it), else the
        // latest 24.
        @if figures == Figures::Under { details {
            summary { (t(lang, Word::DataTable)) }
            div.scroll tabindex="0" { table {
                thead { tr { th scope="col" { (t(lang, Word::Period)) } th scope="col" class="num" { (t(lang, Word::Observed)) } } }
                tbody {
                    @for p in history.iter().rev().filter(|p| axis.is_none_or(|(a, b)| a <= p.period && p.period <= b)).take(if axis.is_some() { TABLE_ON_AXIS } else { 24 }) {
                        tr { td { (i18n::period(&p.period, lang)) } td.num { (i18n::number(p.value, lang)) } }
                    }
                }
            } }
        } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corredor_app::series::ObservationView;

    fn detail(periods: &[&str]) -> SeriesDetail {
        SeriesDetail {
            reporter: "USA".into(),
            location: "ALL".into(),
            nationality: "CUB".into(),
            indicator: "encounters".into(),
            sources: Vec::new(),
            received_at: None,
            observations: periods
                .iter()
                .map(|p| ObservationView {
                    period: p.to_string(),
                    value: 10,
                    source: None,
                    received_at: String::new(),
                    share: corredor_model::ShareLevel::Public,
                    revision: 1,
                })
                .collect(),
            as_of: String::new(),
            model: String::new(),
            reason: String::new(),
            forecast: Vec::new(),
        }
    }

    fn months(from: &str, n: i64) -> Vec<String> {
        let first: Period = from.parse().unwrap();
        (0..n).map(|k| first.offset(k).to_string()).collect()
    }

    #[test]
    fn the_common_axis_reaches_back_four_years_from_the_latest_figure_at_most() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let recent = months("2021-01", 52);
        let recent = detail(&recent.iter().map(String::as_str).collect::<Vec<_>>());
        // A figure a year: its last 48 figures go back to 1977, its last
        // 48 months to 2020-07.
        let sparse = (1977..=2024).map(|y| format!("{y}-06")).collect::<Vec<_>>();
        let sparse = detail(&sparse.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(common_axis([&sparse]), Some((p("2020-07"), p("2024-06"))));
        assert_eq!(
            common_axis([&recent, &sparse]),
            Some((p("2021-05"), p("2025-04")))
        );
        // A place that stopped reporting in 2015.
        let stopped = months("2010-01", 72);
        let stopped = detail(&stopped.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            common_axis([&recent, &stopped]),
            Some((p("2021-05"), p("2025-04")))
        );
        // Alone, every series keeps its own last 48 periods.
        assert_eq!(common_axis([&stopped]), Some((p("2012-01"), p("2015-12"))));
    }
}
