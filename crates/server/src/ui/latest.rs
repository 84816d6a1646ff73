//! The latest month of series, read for a page: which reporters are behind
//! the others (stale), a country's totals of its newest month, each
//! series' latest figure and its change, lists in the order of the names a
//! reader sees, and the link that downloads a page's figures. Functions
//! over what the store returned; only [`staleness`] and [`movements_of`]
//! ask the store, inside a page's store call.

use std::collections::HashMap;

use super::i18n::colon;
use corredor_model::Access;
use corredor_model::{Frequency, Lang, Period};
use corredor_store::{Filter, ReadOptions, SeriesSummary, Store, StoredObservation};
use maud::{html, Markup};

use super::figure::indicator_name;
use super::i18n::{country, sort_key};
use super::layout::place_name;
use super::words::{t, Word};

/// A reporter is stale for an indicator when its latest month is more
/// than this many months behind the newest month any reporter has for
/// that indicator (monthly figures arrive with a month or two of delay;
/// a third month missing is no longer the usual delay).
pub(super) const STALE_AFTER_MONTHS: i64 = 2;

/// Each indicator's newest month, and each reporter's latest month for
/// it, per frequency: weekly figures arrive sooner than monthly ones, and
/// a reporter that sends months is judged against the months others send.
#[derive(Debug, Default)]
pub(super) struct Staleness {
    newest: HashMap<(String, Frequency), Period>,
    latest: HashMap<(String, String), Vec<(Frequency, Period)>>,
}

impl Staleness {
    pub(super) fn of(series: &[SeriesSummary]) -> Staleness {
        let mut s = Staleness::default();
        for x in series {
            let last = x.last.to_month();
            let n = s
                .newest
                .entry((x.key.indicator.clone(), x.frequency))
                .or_insert(last);
            *n = (*n).max(last);
            let l = s
                .latest
                .entry((x.key.reporter.clone(), x.key.indicator.clone()))
                .or_default();
            match l.iter_mut().find(|(f, _)| *f == x.frequency) {
                Some((_, p)) => *p = (*p).max(last),
                None => l.push((x.frequency, last)),
            }
        }
        s
    }

    /// `Some((latest, newest))` when `reporter` is stale for `indicator`:
    /// the most behind of its frequencies, if any is.
    pub(super) fn stale(&self, reporter: &str, indicator: &str) -> Option<(Period, Period)> {
        self.behind(reporter, indicator, None)
    }

    /// As [`Staleness::stale`], for the periods of `freq` only.
    pub(super) fn stale_in(
        &self,
        reporter: &str,
        indicator: &str,
        freq: Frequency,
    ) -> Option<(Period, Period)> {
        self.behind(reporter, indicator, Some(freq))
    }

    fn behind(
        &self,
        reporter: &str,
        indicator: &str,
        only: Option<Frequency>,
    ) -> Option<(Period, Period)> {
        self.latest
            .get(&(reporter.to_string(), indicator.to_string()))?
            .iter()
            .filter(|(f, _)| only.is_none_or(|o| o == *f))
            .filter_map(|(f, latest)| {
                let newest = *self.newest.get(&(indicator.to_string(), *f))?;
                let behind = latest.steps_to(&newest);
                (behind > STALE_AFTER_MONTHS).then_some((behind, *latest, newest))
            })
            .max_by_key(|(behind, ..)| *behind)
            .map(|(_, latest, newest)| (latest, newest))
    }

    /// Every stale (reporter, indicator) with its latest and the newest
    /// month, in the order of the reporters' names in `lang`.
    pub(super) fn all(&self, lang: Lang) -> Vec<(String, String, Period, Period)> {
        let mut out: Vec<_> = self
            .latest
            .keys()
            .filter_map(|(r, i)| self.stale(r, i).map(|(l, n)| (r.clone(), i.clone(), l, n)))
            .collect();
        out.sort_by_cached_key(|(r, i, ..)| {
            (
                sort_key(&country(r, lang), lang),
                sort_key(&indicator_name(i, lang), lang),
            )
        });
        out
    }
}

/// The staleness of `indicators` (every indicator when empty), from every
/// series the reader may see.
pub(super) fn staleness(
    s: &mut dyn Store,
    indicators: &[String],
    access: &Access,
) -> corredor_app::Result<Staleness> {
    let mut indicators = indicators.to_vec();
    indicators.sort();
    indicators.dedup();
    let all = s.series(
        &Filter {
            indicators,
            ..Default::default()
        },
        access,
    )?;
    Ok(Staleness::of(&all))
}

/// The movements of `series`, all of one reporter, read in one pass from
/// the month before the earliest of their latest months.
pub(super) fn movements_of(
    s: &mut dyn Store,
    reporter: &str,
    series: &[SeriesSummary],
    access: &Access,
) -> corredor_app::Result<HashMap<String, Movement>> {
    // The earliest by the calendar: periods of two frequencies do not
    // order by their dates.
    let Some(from) = series
        .iter()
        .map(|x| x.last.checked_offset(-1).unwrap_or(x.last))
        .min_by_key(|p| p.first_day())
    else {
        return Ok(HashMap::new());
    };
    let mut observations = Vec::new();
    s.observations(
        &Filter {
            reporters: vec![reporter.to_string()],
            from: Some(from),
            ..Default::default()
        },
        &ReadOptions::default(),
        access,
        &mut |o| {
            observations.push(o);
            Ok(())
        },
    )?;
    Ok(movements(series, &observations))
}

/// The marker beside a stale figure: the word, with the rule as its title.
pub(super) fn stale_mark(lang: Lang, latest: &Period) -> Markup {
    html! {
        span.badge.stale title=(t(lang, Word::StaleHelp)) {
            (t(lang, Word::Stale)) " (" (super::i18n::period(latest, lang)) ")"
        }
    }
}

/// Series in the order of the names a reader sees: place, nationality,
/// indicator, each compared as `lang` sorts them (see [`sort_key`]).
pub(super) fn by_names(series: &mut [SeriesSummary], lang: Lang) {
    series.sort_by_cached_key(|s| {
        (
            sort_key(
                &place_name(&corredor_app::engine::place(&s.key), lang),
                lang,
            ),
            sort_key(&country(&s.key.nationality, lang), lang),
            sort_key(&indicator_name(&s.key.indicator, lang), lang),
        )
    });
}

/// A series' latest figure and the one of the month before, if reported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Movement {
    pub(super) period: Period,
    pub(super) value: u64,
    pub(super) previous: Option<u64>,
}

impl Movement {
    pub(super) fn change(&self) -> Option<i64> {
        self.previous.map(|p| self.value as i64 - p as i64)
    }
}

/// Each series' movement, from the totals (no breakdowns) of the series.
pub(super) fn movements(
    series: &[SeriesSummary],
    observations: &[StoredObservation],
) -> HashMap<String, Movement> {
    let values: HashMap<(String, Period), u64> = observations
        .iter()
        .filter(|o| o.dims.is_empty())
        .map(|o| ((o.key.to_string(), o.period), o.value))
        .collect();
    series
        .iter()
        .filter_map(|s| {
            let key = s.key.to_string();
            let value = *values.get(&(key.clone(), s.last))?;
            let previous = s
                .last
                .checked_offset(-1)
                .and_then(|before| values.get(&(key.clone(), before)))
                .copied();
            Some((
                key,
                Movement {
                    period: s.last,
                    value,
                    previous,
                },
            ))
        })
        .collect()
}

/// A country's total per indicator and frequency for its newest period of
/// that indicator and frequency (a week and a month are not summed, nor
/// compared): the sum over nationalities of the whole-country series
/// (location ALL), or of every location when it reports none for the
/// whole country. Series that lack that period are left out of the sum;
/// they are marked stale or are gaps, never counted as zero.
pub(super) fn totals(
    series: &[SeriesSummary],
    movements: &HashMap<String, Movement>,
) -> Vec<(String, Period, u64, Option<i64>)> {
    let mut by_indicator: HashMap<(&str, Frequency), Vec<&SeriesSummary>> = HashMap::new();
    for s in series {
        by_indicator
            .entry((&s.key.indicator, s.frequency))
            .or_default()
            .push(s);
    }
    let mut out = Vec::new();
    for ((indicator, _), all) in by_indicator {
        let whole: Vec<&SeriesSummary> = all
            .iter()
            .copied()
            .filter(|s| s.key.location.as_str() == "ALL")
            .collect();
        let used = if whole.is_empty() { all } else { whole };
        let Some(newest) = used.iter().map(|s| s.last).max() else {
            continue;
        };
        let moves: Vec<&Movement> = used
            .iter()
            .filter(|s| s.last == newest)
            .filter_map(|s| movements.get(&s.key.to_string()))
            .collect();
        let total: u64 = moves.iter().map(|m| m.value).sum();
        let change = moves.iter().map(|m| m.change()).sum::<Option<i64>>();
        out.push((indicator.to_string(), newest, total, change));
    }
    out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    out
}

/// A link to the API's export of the figures `query` selects, as CSV and
/// as HXL; the export applies the reader's own sharing, as every read does.
pub(super) fn download(lang: Lang, query: &str) -> Markup {
    html! {
        p.download {
            (t(lang, Word::Download)) (colon(lang))
            a.csv href={ "/api/v1/export?" (query) "&format=csv" } download { "CSV" }
            " · "
            a.hxl href={ "/api/v1/export?" (query) "&format=hxl" } download { "HXL" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corredor_model::SeriesKey;

    fn summary(key: &str, first: &str, last: &str) -> SeriesSummary {
        SeriesSummary {
            key: key.parse::<SeriesKey>().unwrap(),
            frequency: Frequency::Month,
            first: first.parse().unwrap(),
            last: last.parse().unwrap(),
            count: 1,
            shares: Vec::new(),
        }
    }

    #[test]
    fn a_reporter_more_than_two_months_behind_is_stale() {
        let s = Staleness::of(&[
            summary("MEX/ALL/VEN/irregular_entries", "2024-01", "2025-06"),
            summary("PAN/ALL/VEN/irregular_entries", "2024-01", "2025-03"),
            summary("PAN/ALL/ECU/irregular_entries", "2024-01", "2025-02"),
            summary("CRI/ALL/VEN/irregular_entries", "2024-01", "2025-04"),
        ]);
        assert_eq!(
            s.stale("PAN", "irregular_entries"),
            Some(("2025-03".parse().unwrap(), "2025-06".parse().unwrap()))
        );
        assert_eq!(
            s.stale("CRI", "irregular_entries"),
            None,
            "two months is the usual delay"
        );
        assert_eq!(s.stale("MEX", "irregular_entries"), None);
        assert_eq!(s.all(Lang::Es).len(), 1);
        // Weeks sent up to May do not make April's months stale.
        let weekly = SeriesSummary {
            frequency: Frequency::Week,
            ..summary("GTM/ALL/VEN/irregular_entries", "2024-W01", "2025-W20")
        };
        let s = Staleness::of(&[
            summary("MEX/ALL/VEN/irregular_entries", "2024-01", "2025-02"),
            summary("HND/ALL/VEN/irregular_entries", "2024-01", "2025-04"),
            weekly,
        ]);
        assert_eq!(s.stale("MEX", "irregular_entries"), None);
        // A reporter behind in its months only is stale in them only.
        let s = Staleness::of(&[
            summary("GTM/ALL/VEN/irregular_entries", "2024-01", "2025-01"),
            summary("HND/ALL/VEN/irregular_entries", "2024-01", "2025-04"),
            SeriesSummary {
                frequency: Frequency::Week,
                ..summary("GTM/ALL/HTI/irregular_entries", "2024-W01", "2025-W20")
            },
        ]);
        assert!(s
            .stale_in("GTM", "irregular_entries", Frequency::Month)
            .is_some());
        assert!(s
            .stale_in("GTM", "irregular_entries", Frequency::Week)
            .is_none());
    }
}
