//! The corridor's map with its alerts, and the pages of a country (what
//! is coming to it, what it raised, its series) and of a nationality
//! (its alerts and its series along the route).

use std::collections::HashMap;
use std::sync::Arc;

use super::i18n::colon;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use corredor_model::{AlertKind, Lang, Level};
use corredor_store::Filter;
use maud::{html, Markup};

use super::alerts::{alert_table, arrivals};
use super::figure::{axis_for, common_axis, indicator_name, series_chart, Figures};
use super::i18n::{country, number, period};

use super::latest::{by_names, download, movements_of, stale_mark, staleness, totals, Staleness};
use super::layout::{answer, error_page, page, place_name, Page};
use super::map::{self, Concern};
use super::series::{series_table, signed};
use super::session::UiLang;
use super::words::{t, Word};
use crate::state::{AppState, Caller};
use corredor_app::alerts;
use corredor_app::Error;

/// The alerts the overview lists, the most urgent first.
const SHOWN: usize = 100;
/// The series a country's page lists open, the biggest figures first;
/// the others are folded under them.
const FIRST_SERIES: usize = 25;

async fn overview(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
) -> Page {
    let access = actor.access();
    let (alerts, stale) = state
        .run(move |s| {
            let alerts = alerts::list(s, &access, &alerts::Query::active())?;
            Ok((alerts, staleness(s, &[], &access)?))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let levels = levels(
        alerts
            .iter()
            .map(|a| (a.kind, a.level, a.reporter.as_str(), a.affected.as_slice())),
    );
    // The most important first, as the store lists them (by priority).
    let mut sorted = alerts;
    let active = sorted.len();
    sorted.truncate(SHOWN);
    let body = html! {
        h1 { (t(lang, Word::CorridorMap)) }
        div.overview {
            (map::render(state.routes(), &levels, lang))
            section aria-labelledby="alerts-h" {
                h2 #alerts-h { (t(lang, Word::Alerts)) }
                (alert_table(&sorted, lang))
                @if active > SHOWN {
                    // The rest are not dropped silently: their number, and
                    // where all of them are.
                    p.help {
                        (t(lang, Word::MostUrgentShown)) (colon(lang))
                        (number(SHOWN as f64, lang)) " / " (number(active as f64, lang)) " · "
                        a href="/api/v1/alerts" { "/api/v1/alerts" }
                    }
                }
            }
        }
        (stale_section(&stale, lang))
    };
    Ok(answer(
        &state,
        lang,
        &actor,
        t(lang, Word::Title),
        "/",
        body,
    ))
}

/// The reporters whose figures are behind the others', each with its
/// latest month; nothing when every reporter is up to date.
fn stale_section(stale: &Staleness, lang: Lang) -> Markup {
    let all = stale.all(lang);
    html! {
        @if !all.is_empty() {
            section #stale aria-labelledby="stale-h" {
                h2 #stale-h { (t(lang, Word::StaleData)) }
                p.help { (t(lang, Word::StaleHelp)) }
                ul.stale {
                    @for (reporter, indicator, latest, newest) in &all {
                        li data-reporter=(reporter) {
                            a href={ "/country/" (reporter) } { (country(reporter, lang)) }
                            " — " (indicator_name(indicator, lang)) (colon(lang))
                            (t(lang, Word::LatestMonth)) " " (period(latest, lang))
                            " (" (period(newest, lang)) ")"
                        }
                    }
                }
            }
        }
    }
}

/// Each country's highest level among the alerts that concern it, raised
/// on its own figures or upstream of it. A data-quality notice is about
/// figures, not a movement of people: it does not colour the map.
/// Each alert is given as its kind, level, reporter and the countries
/// asked to acknowledge it.
fn levels<'a>(
    alerts: impl IntoIterator<Item = (AlertKind, Level, &'a str, &'a [String])>,
) -> HashMap<String, Concern> {
    let mut levels: HashMap<String, Concern> = HashMap::new();
    for (kind, level, reporter, affected) in alerts {
        if kind == AlertKind::DataQuality {
            continue;
        }
        let here = std::iter::once((reporter, true));
        for (c, here) in here.chain(affected.iter().map(|c| (c.as_str(), false))) {
            let first = Concern {
                level,
                upstream: !here,
            };
            let e = levels.entry(c.to_string()).or_insert(first);
            *e = e.with(level, here);
        }
    }
    levels
}

fn valid_code(code: &str) -> Result<String, Error> {
    corredor_model::country::resolve(code)
        .map(|c| c.alpha3.to_string())
        .ok_or_else(|| Error::NotFound(format!("no country {code}")))
}

async fn country_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(code): Path<String>,
) -> Page {
    let code = valid_code(&code).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let (access, c) = (actor.access(), code.clone());
    let (alerts, mut series, stale, moves) = state
        .run(move |s| {
            let alerts = alerts::list(
                s,
                &access,
                &alerts::Query {
                    country: Some(c.clone()),
                    ..alerts::Query::active()
                },
            )?;
            let series = s.series(
                &Filter {
                    reporters: vec![c.clone()],
                    ..Default::default()
                },
                &access,
            )?;
            let indicators: Vec<String> = series.iter().map(|x| x.key.indicator.clone()).collect();
            let stale = staleness(s, &indicators, &access)?;
            let moves = movements_of(s, &c, &series, &access)?;
            Ok((alerts, series, stale, moves))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let (here, coming): (Vec<_>, Vec<_>) = alerts.into_iter().partition(|a| a.reporter == code);
    let name = country(&code, lang);
    let sums = totals(&series, &moves);
    // The biggest figures first, then the order of the names.
    by_names(&mut series, lang);
    series.sort_by_key(|x| std::cmp::Reverse(moves.get(&x.key.to_string()).map(|m| m.value)));
    let body = html! {
        h1 { (name) }
        @if !sums.is_empty() {
            section #totals aria-labelledby="totals-h" {
                h2 #totals-h { (t(lang, Word::Totals)) }
                p.help { (t(lang, Word::TotalsHelp)) }
                dl.totals {
                    @for (indicator, month, total, change) in &sums {
                        div data-indicator=(indicator) {
                            dt { (indicator_name(indicator, lang)) ", " (period(month, lang))
                                @if let Some((latest, _)) = stale.stale_in(&code, indicator, month.frequency()) { " " (stale_mark(lang, &latest)) } }
                            dd { strong.total { (number(*total as f64, lang)) }
                                @if let Some(c) = change { " (" (t(lang, Word::Change)) (colon(lang)) (signed(*c, lang)) ")" }
                                // A series without the month before is a gap,
                                // never a zero: the change is not made up.
                                @else { " " span.help { "(" (t(lang, Word::ChangeNotShown)) ")" } } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="coming-h" {
            h2 #coming-h { (t(lang, Word::Coming)) }
            @if coming.is_empty() {
                p { (t(lang, Word::NothingComing)) }
            } @else {
                ul.coming {
                    @for a in &coming {
                        @for d in a.downstream.as_array().into_iter().flatten().filter(|d| d["place"].as_str().is_some_and(|p| p.split('/').next() == Some(code.as_str()))) {
                            li class={ "lvl-" (a.level.as_str()) } {
                                span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } " "
                                a href={ "/alerts/" (a.id) } { (country(&a.nationality, lang)) }
                                " — " (arrivals(d, lang))
                                " · " (t(lang, Word::ComingFrom)) (colon(lang)) (place_name(&corredor_app::engine::place(&a.series_key()), lang))
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="here-h" {
            h2 #here-h { (t(lang, Word::RaisedHere)) }
            (alert_table(&here, lang))
        }
        section aria-labelledby="series-h" {
            h2 #series-h { (t(lang, Word::Series)) }
            @if series.is_empty() {
                p { (t(lang, Word::NoSeriesHere)) }
            } @else {
                (download(lang, &format!("reporter={code}")))
                // The biggest figures first; on a phone, hundreds of
                // series would be a page of cards: the rest are folded.
                @let (first, rest) = series.split_at(series.len().min(FIRST_SERIES));
                (series_table(first, lang, &stale, Some(&moves)))
                @if !rest.is_empty() {
                    details.more-series {
                        summary { (t(lang, Word::OtherSeries)) " (" (number(rest.len() as f64, lang)) ")" }
                        (series_table(rest, lang, &stale, Some(&moves)))
                    }
                }
            }
        }
    };
    let here_path = format!("/country/{code}");
    Ok(
        Html(page(lang, &actor, state.simulated, &name, &here_path, body).into_string())
            .into_response(),
    )
}

async fn nationality_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(code): Path<String>,
) -> Page {
    let code = valid_code(&code).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let (access, c) = (actor.access(), code.clone());
    // The places of the routes in order, upstream first.
    let route: Vec<String> = state
        .routes()
        .routes
        .iter()
        .flat_map(|r| r.places.iter().cloned())
        .collect();
    let (series, alerts, charts, stale) = state
        .run(move |s| {
            let mut series = s.series(
                &Filter {
                    nationalities: vec![c.clone()],
                    ..Default::default()
                },
                &access,
            )?;
            let alerts = alerts::list(
                s,
                &access,
                &alerts::Query {
                    nationality: Some(c.clone()),
                    ..Default::default()
                },
            )?;
            by_names(&mut series, lang);
            // Upstream first; at one place on the route (a country's
            // whole and its border sectors), the series with the most
            // figures first, so that a sector seen once is not charted
            // before the country's main series.
            series.sort_by_key(|x| (route_position(&route, &x.key), std::cmp::Reverse(x.count)));
            // Charts of the places on the route, upstream first.
            let mut charts = Vec::new();
            for sm in series.iter().take(CHARTED_PLACES) {
                charts.push((
                    sm.key.clone(),
                    corredor_app::series::detail(s, &sm.key, &access, None, 3)?,
                ));
            }
            let indicators: Vec<String> = series.iter().map(|x| x.key.indicator.clone()).collect();
            let stale = staleness(s, &indicators, &access)?;
            Ok((series, alerts, charts, stale))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let name = country(&code, lang);
    let axis = common_axis(charts.iter().map(|(_, d)| d));
    // A place whose figures all came before the common axis (it stopped
    // reporting years ago) is in the table, not drawn as an empty chart.
    let on_axis = |d: &corredor_app::series::SeriesDetail| {
        axis_for(axis, d).is_none_or(|(a, b)| {
            d.observations
                .iter()
                .filter_map(|o| o.period.parse::<corredor_model::Period>().ok())
                .any(|p| a <= p && p <= b)
        })
    };
    let body = html! {
        h1 { (t(lang, Word::Nationality)) (colon(lang)) (name) }
        section aria-labelledby="alerts-h" {
            h2 #alerts-h { (t(lang, Word::Alerts)) }
            (alert_table(&alerts, lang))
        }
        section aria-labelledby="places-h" {
            h2 #places-h { (t(lang, Word::ByPlace)) }
            @if series.len() > charts.len() {
                p.help #charts-help { (t(lang, Word::ChartsOfPlaces)) }
            }
            @for (key, detail) in charts.iter().filter(|(_, d)| on_axis(d)) {
                h3 { a href={ "/series/" (key) } { (place_name(&corredor_app::engine::place(key), lang)) " — " (indicator_name(&key.indicator, lang)) } }
                (series_chart(key, detail, &alerts, axis_for(axis, detail), Figures::Under, lang))
            }
            (download(lang, &format!("nationality={code}")))
            (series_table(&series, lang, &stale, None))
        }
    };
    let here = format!("/nationality/{code}");
    Ok(answer(&state, lang, &actor, &name, &here, body))
}

/// The places a nationality's page draws (the rest are in its table): a
/// page that stays light on a slow connection.
const CHARTED_PLACES: usize = 6;

/// Where a series' place stands on the routes: the first position of its
/// place, else of its country, on any route; places off the routes last.
fn route_position(route: &[String], key: &corredor_model::SeriesKey) -> usize {
    let place = corredor_app::engine::place(key);
    route
        .iter()
        .position(|p| *p == place)
        .or_else(|| {
            route
                .iter()
                .position(|p| p.split('/').next() == Some(key.reporter.as_str()))
        })
        .unwrap_or(usize::MAX)
}

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/country/{code}", get(country_page))
        .route("/nationality/{code}", get(nationality_page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_shades_no_country_and_a_movement_shades_its_places() {
        let downstream = ["CRI".to_string(), "MEX".to_string()];
        let shades = levels([
            (
                AlertKind::DataQuality,
                Level::Warning,
                "MEX",
                &["MEX".to_string()][..],
            ),
            (AlertKind::Surge, Level::Watch, "PAN", &downstream[..]),
        ]);
        let at = |c: &str| shades.get(c).map(|c| (c.level, c.upstream));
        assert_eq!(at("PAN"), Some((Level::Watch, false)));
        assert_eq!(at("MEX"), Some((Level::Watch, true)));
        assert_eq!(at("CRI"), Some((Level::Watch, true)));
        assert_eq!(
            levels([(AlertKind::DataQuality, Level::Watch, "HND", &[][..])]).len(),
            0
        );
    }
}
