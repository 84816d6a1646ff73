//! Series: a table of them, a series' chart with its forecast and
//! provenance, and a series' own page with its figures.

use std::collections::HashMap;
use std::sync::Arc;

use super::i18n::{colon, semicolon};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use corredor_model::{AlertKind, Lang, Period, SeriesKey};
use maud::{html, Markup};

use super::alerts::alert_table;
use super::figure::{indicator_name, series_chart, series_title, Figures};
use super::i18n::{country, number, period, short_month};
use super::latest::{download, stale_mark, staleness, Movement, Staleness};
use super::layout::{error_page, page, place_name, Page};
use super::session::UiLang;
use super::words::{t, Word};
use crate::state::{AppState, Caller};
use corredor_app::alerts::{self, StoredAlert};
use corredor_app::Error;

/// A table of series in the order given, each marked when its reporter
/// is stale; with `moves`, each series' latest figure and its change.
pub(super) fn series_table(
    series: &[corredor_store::SeriesSummary],
    lang: Lang,
    stale: &Staleness,
    moves: Option<&HashMap<String, Movement>>,
) -> Markup {
    html! {
        div.scroll tabindex="0" {
            table.series.cards {
                thead { tr {
                    th scope="col" { (t(lang, Word::Place)) }
                    th scope="col" { (t(lang, Word::Nationality)) }
                    th scope="col" { (t(lang, Word::OneSeries)) }
                    th scope="col" { (t(lang, Word::Period)) }
                    @if moves.is_some() {
                        th scope="col" class="num" { (t(lang, Word::Latest)) }
                        th scope="col" class="num" { (t(lang, Word::Change)) }
                    }
                } }
                tbody {
                    @for s in series {
                        tr data-key=(s.key) {
                            td data-label=(t(lang, Word::Place)) { (place_name(&corredor_app::engine::place(&s.key), lang)) }
                            td data-label=(t(lang, Word::Nationality)) { a href={ "/nationality/" (s.key.nationality) } { (country(&s.key.nationality, lang)) } }
                            td data-label=(t(lang, Word::OneSeries)) { a href={ "/series/" (s.key) } { (indicator_name(&s.key.indicator, lang)) } }
                            td data-label=(t(lang, Word::Period)) {
                                (short_month(&s.first, lang)) "–" (short_month(&s.last, lang))
                                @if let Some((latest, _)) = stale.stale(&s.key.reporter, &s.key.indicator) {
                                    " " (stale_mark(lang, &latest))
                                }
                            }
                            @if let Some(moves) = moves {
                                @let m = moves.get(&s.key.to_string());
                                td.num data-label=(t(lang, Word::Latest)) { (m.map(|m| number(m.value as f64, lang)).unwrap_or_default()) }
                                td.num data-label=(t(lang, Word::Change)) { (m.and_then(Movement::change).map(|c| signed(c, lang)).unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A change with its sign: "+1,234", "−56".
pub(super) fn signed(change: i64, lang: Lang) -> String {
    let sign = if change > 0 {
        "+"
    } else if change < 0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", number(change.unsigned_abs() as f64, lang))
}

async fn series_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path((r, l, n, i)): Path<(String, String, String, String)>,
) -> Page {
    let key: SeriesKey = format!("{r}/{l}/{n}/{i}")
        .parse()
        .map_err(|e| error_page(&state, lang, &actor, &Error::NotFound(format!("{e}"))))?;
    let (access, k) = (actor.access(), key.clone());
    let (detail, (alerts, notices), stale) = state
        .run(move |s| {
            let d = corredor_app::series::detail(s, &k, &access, None, 6)?;
            let stale = staleness(s, std::slice::from_ref(&k.indicator), &access)?;
            let alerts: Vec<StoredAlert> = alerts::list(
                s,
                &access,
                &alerts::Query {
                    country: Some(k.reporter.clone()),
                    nationality: Some(k.nationality.clone()),
                    ..Default::default()
                },
            )?
            .into_iter()
            .filter(|a| a.series_key() == k && a.kind != AlertKind::DataQuality)
            .collect();
            // The data-quality notices holding this series out of the early
            // warning, where the reader may see them.
            let named = k.to_string();
            let notices: Vec<StoredAlert> = alerts::list(
                s,
                &access,
                &alerts::Query {
                    country: Some(k.reporter.clone()),
                    kind: Some(AlertKind::DataQuality.to_string()),
                    ..alerts::Query::active()
                },
            )?
            .into_iter()
            .filter(|a| a.covers.as_ref().is_some_and(|c| c.series.contains(&named)))
            .collect();
            Ok((d, (alerts, notices), stale))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let title = series_title(&key, lang);
    let body = html! {
        h1 { (title) }
        @if let Some((latest, newest)) = stale.stale(&key.reporter, &key.indicator) {
            p.stale-note {
                (stale_mark(lang, &latest)) " " (t(lang, Word::LatestMonth)) (colon(lang)) (period(&latest, lang))
                (semicolon(lang)) (t(lang, Word::StaleHelp)) " (" (period(&newest, lang)) ")"
            }
        }
        (series_chart(&key, &detail, &alerts, None, Figures::Apart, lang))
        (download(lang, &format!("reporter={}&location={}&nationality={}&indicator={}", key.reporter, key.location.as_str(), key.nationality, key.indicator)))
        section aria-labelledby="fc-h" {
            h2 #fc-h { (t(lang, Word::Forecast)) }
            div.scroll tabindex="0" { table.cards {
                thead { tr {
                    th scope="col" { (t(lang, Word::Period)) }
                    th scope="col" class="num" { (t(lang, Word::Forecast)) }
                    th scope="col" class="num" { (t(lang, Word::Band80)) }
                    th scope="col" class="num" { (t(lang, Word::Band95)) }
                } }
                tbody {
                    @for b in &detail.forecast {
                        tr {
                            td data-label=(t(lang, Word::Period)) { (b.period.parse::<Period>().map(|p| period(&p, lang)).unwrap_or_default()) }
                            td.num data-label=(t(lang, Word::Forecast)) { (number(b.mean, lang)) }
                            td.num data-label=(t(lang, Word::Band80)) { (number(b.lo80, lang)) "–" (number(b.hi80, lang)) }
                            td.num data-label=(t(lang, Word::Band95)) { (number(b.lo95, lang)) "–" (number(b.hi95, lang)) }
                        }
                    }
                }
            } }
        }
        section aria-labelledby="alerts-h" {
            h2 #alerts-h { (t(lang, Word::Alerts)) }
            @if !notices.is_empty() {
                p #held-by-notice { (t(lang, Word::HeldByNotice)) }
                (alert_table(&notices, lang))
            }
            (alert_table(&alerts, lang))
        }
        details {
            summary { (t(lang, Word::DataTable)) }
            div.scroll tabindex="0" { table {
                thead { tr { th scope="col" { (t(lang, Word::Period)) } th scope="col" class="num" { (t(lang, Word::Observed)) } } }
                tbody {
                    @for o in detail.observations.iter().rev().take(60) {
                        tr { td { time datetime=(o.period) { (o.period.parse::<Period>().map(|p| period(&p, lang)).unwrap_or_else(|_| o.period.clone())) } } td.num { (number(o.value as f64, lang)) } }
                    }
                }
            } }
        }
    };
    let here = format!("/series/{key}");
    Ok(
        Html(page(lang, &actor, state.simulated, &title, &here, body).into_string())
            .into_response(),
    )
}

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new().route(
        "/series/{reporter}/{location}/{nationality}/{indicator}",
        get(series_page),
    )
}
