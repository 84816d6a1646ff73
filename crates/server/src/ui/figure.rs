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
use super::layout::{key_of, place_name};
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
/// period any of them shows (each shows its last 48 figures at most) to
/// the latest period any of them reaches, forecast included. Only the
/// series of the first one's frequency are counted; [`axis_for`] gives the
/// axis to each chart of that frequency and none to the others.
pub(super) fn common_axis<'a>(
    details: impl IntoIterator<Item = &'a SeriesDetail>,
) -> Option<(Period, Period)> {
    let mut axis: Option<(Period, Period)> = None;
    for d in details {
        let periods: Vec<Period> = d
            .observations
            .iter()
            .filter_map(|o| o.period.parse().ok())
            .collect();
        let Some(first) = periods.iter().rev().take(48).min().copied() else {
            continue;
        };
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
    }
    axis
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
        .filter(|a| key_of(a) == *key)
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
        // The chart's figures as text, for those who cannot see it: the
        // latest 24.
        @if figures == Figures::Under { details {
            summary { (t(lang, Word::DataTable)) }
            div.scroll tabindex="0" { table {
                thead { tr { th scope="col" { (t(lang, Word::Period)) } th scope="col" class="num" { (t(lang, Word::Observed)) } } }
                tbody {
                    @for p in history.iter().rev().take(24) {
                        tr { td { (i18n::period(&p.period, lang)) } td.num { (i18n::number(p.value, lang)) } }
                    }
                }
            } }
        } }
    }
}
