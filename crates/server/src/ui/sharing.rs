//! Responsibility sharing on the dashboard: the Americas key the
//! secretariat published last (each country's share and persons, with
//! every input and the year of its figure, gaps named as gaps), and each
//! country's latest capacity report of every kind, as the reader may see
//! it. Both are read through the same use cases as the API
//! (`GET /api/v1/share/keys/{name}`, `GET /api/v1/capacity/countries`).

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use corredor_app::capacity::{self, CountryReports};
use corredor_app::keys::{self, PublishedKey};
use corredor_model::{CapacityKind, Lang};
use maud::{html, Markup};
use serde::Deserialize;

use super::i18n::{colon, country, date, decimal, number, percent, semicolon};
use super::layout::{answer, error_page, Page};
use super::session::UiLang;
use super::words::{t, Word};
use crate::state::{AppState, Caller};

/// The preset whose published key the page shows.
const PRESET: &str = "americas";

/// The fields of a published key's answer this page draws (the answer is
/// stored as the JSON `POST /api/v1/share/key` returns).
#[derive(Debug, Deserialize)]
struct KeyView {
    shares: Vec<ShareView>,
    #[serde(default)]
    criteria: Vec<CriterionView>,
    #[serde(default)]
    gap_rule: Option<String>,
}

/// A criterion of a key: its column, weight, effect and cap.
#[derive(Debug, Deserialize)]
struct CriterionView {
    name: String,
    weight: f64,
    effect: String,
    cap: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct ShareView {
    country: String,
    share: f64,
    persons: u64,
    #[serde(default)]
    inputs: Vec<InputView>,
}

#[derive(Debug, Deserialize)]
struct InputView {
    criterion: String,
    value: Option<f64>,
    year: Option<i32>,
    #[serde(default)]
    source: Option<String>,
}

/// A criterion's name in the reader's language, when it is one we know.
fn criterion_name(code: &str, lang: Lang) -> String {
    let word = match code {
        "population" => Some(Word::Population),
        "gdp_usd" => Some(Word::Gdp),
        "unemployment_pct" => Some(Word::Unemployment),
        "hosted_per_1000" => Some(Word::HostedPer1000),
        other => other.parse::<CapacityKind>().ok().map(Word::from),
    };
    word.map_or_else(|| code.to_string(), |w| t(lang, w).to_string())
}

/// A figure as its criterion is written: rates with a decimal, counts and
/// amounts whole.
fn figure(code: &str, v: f64, lang: Lang) -> String {
    match code {
        "unemployment_pct" | "hosted_per_1000" => decimal(v, 1, lang),
        _ => number(v, lang),
    }
}

fn key_section(key: Option<&PublishedKey>, lang: Lang) -> Markup {
    let view = key.and_then(|k| serde_json::from_value::<KeyView>(k.key.clone()).ok());
    html! {
        section #americas-key aria-labelledby="key-h" {
            h2 #key-h { (t(lang, Word::AmericasKey)) }
            p.help { (t(lang, Word::AmericasKeyHelp)) }
            @match (key, view) {
                (Some(k), Some(view)) => {
                    p.provenance {
                        strong { (k.published.title) } " · " (t(lang, Word::Published)) " "
                        (date(&k.published.published_at, lang)) " (" (k.published.published_by) ")"
                    }
                    (key_method(&view, lang))
                    (key_table(&view, lang))
                    (key_sources(&view, lang))
                }
                _ => { p #no-key { (t(lang, Word::NoKeyPublished)) } }
            }
        }
    }
}

/// How the key is made, as its own figures say: each criterion's weight,
/// whether it raises or lowers a share and its cap, what a gap meant, and
/// how shares become persons.
fn key_method(view: &KeyView, lang: Lang) -> Markup {
    html! {
        @if !view.criteria.is_empty() {
            dl.facts #key-method {
                dt { (t(lang, Word::Criteria)) }
                dd {
                    @for (k, c) in view.criteria.iter().enumerate() {
                        @if k > 0 { (semicolon(lang)) }
                        (criterion_name(&c.name, lang)) " " (percent(&decimal(c.weight * 100.0, 0, lang), lang))
                        @if c.effect == "inverse" {
                            " (" (t(lang, Word::LowersShare))
                            @if let Some(cap) = c.cap { (semicolon(lang)) (t(lang, Word::CappedAt)) " " (decimal(cap, 2, lang)) " " (t(lang, Word::TimesRaisingShares)) }
                            ")"
                        }
                    }
                }
                @if let Some(rule) = &view.gap_rule {
                    dt { (t(lang, Word::MissingFigures)) }
                    dd { (t(lang, if rule == "renormalise" { Word::GapRenormalised } else { Word::GapRefused })) }
                }
                dt { (t(lang, Word::Persons)) }
                dd { (t(lang, Word::LargestRemainder)) }
            }
        }
    }
}

/// Where each criterion's figures come from, as the key's inputs say.
fn key_sources(view: &KeyView, lang: Lang) -> Markup {
    let mut sources: Vec<(&str, &str)> = Vec::new();
    for s in &view.shares {
        // A gap's "source" says why there is none: the table shows gaps.
        for i in s.inputs.iter().filter(|i| i.value.is_some()) {
            if let Some(src) = i.source.as_deref().filter(|s| !s.is_empty()) {
                if !sources.contains(&(i.criterion.as_str(), src)) {
                    sources.push((&i.criterion, src));
                }
            }
        }
    }
    html! {
        @if !sources.is_empty() {
            ul.help #key-sources {
                @for (c, src) in &sources {
                    li { (criterion_name(c, lang)) (colon(lang)) span.written lang="en" { (src) } }
                }
            }
        }
    }
}

fn key_table(view: &KeyView, lang: Lang) -> Markup {
    let criteria: Vec<&str> = view
        .shares
        .first()
        .map(|s| s.inputs.iter().map(|i| i.criterion.as_str()).collect())
        .unwrap_or_default();
    html! {
        div.scroll tabindex="0" {
            table #key-table {
                thead {
                    tr {
                        th scope="col" { (t(lang, Word::CountryColumn)) }
                        th.num scope="col" { (t(lang, Word::Share)) " (%)" }
                        th.num scope="col" { (t(lang, Word::Persons)) }
                        @for c in &criteria {
                            th.num scope="col" { (criterion_name(c, lang)) br; small { (t(lang, Word::YearOfFigure)) } }
                        }
                    }
                }
                tbody {
                    @for s in &view.shares {
                        tr data-country=(s.country) {
                            th scope="row" { (country(&s.country, lang)) }
                            td.num { (decimal(s.share * 100.0, 2, lang)) }
                            td.num { (number(s.persons as f64, lang)) }
                            @for c in &criteria {
                                @match s.inputs.iter().find(|i| i.criterion == *c) {
                                    Some(InputView { value: Some(v), year, .. }) => {
                                        td.num { (figure(c, *v, lang)) br; small.year { (year.map(|y| y.to_string()).unwrap_or_default()) } }
                                    }
                                    _ => { td.num.gap { (t(lang, Word::Gap)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn capacity_section(reports: &[CountryReports], lang: Lang) -> Markup {
    html! {
        section #capacity aria-labelledby="capacity-h" {
            h2 #capacity-h { (t(lang, Word::CapacityReported)) }
            p.help { (t(lang, Word::CapacityHelp)) }
            @if reports.is_empty() {
                p #no-capacity { (t(lang, Word::NoCapacity)) }
            } @else {
                div.scroll tabindex="0" {
                    table #capacity-table {
                        thead {
                            tr {
                                th scope="col" { (t(lang, Word::CountryColumn)) }
                                @for k in CapacityKind::ALL {
                                    th.num scope="col" { (t(lang, k)) }
                                }
                            }
                        }
                        tbody {
                            @for r in reports {
                                tr data-country=(r.country) {
                                    th scope="row" { (country(&r.country, lang)) }
                                    @for k in CapacityKind::ALL {
                                        @match r.capacity.iter().find(|c| c.kind == k) {
                                            Some(c) => {
                                                td.num {
                                                    (number(c.value as f64, lang)) br;
                                                    small.period {
                                                        (date(&c.period, lang))
                                                        @if c.sites > 0 { " · " (c.sites) " " (t(lang, if c.sites == 1 { Word::OneSite } else { Word::SumOfSites })) }
                                                    }
                                                }
                                            }
                                            None => { td.num { "—" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn sharing_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
) -> Page {
    let access = actor.access();
    let (key, reports) = state
        .run(move |s| {
            let key = keys::latest_of_preset(s, PRESET)?;
            let today = corredor_app::clock::today();
            Ok((key, capacity::overview(s, &access, today)?))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let body = html! {
        h1 { (t(lang, Word::Sharing)) }
        (key_section(key.as_ref(), lang))
        (capacity_section(&reports, lang))
    };
    Ok(answer(
        &state,
        lang,
        &actor,
        t(lang, Word::Sharing),
        "/sharing",
        body,
    ))
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/sharing", get(sharing_page))
}
