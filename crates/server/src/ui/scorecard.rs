//! The public scorecard of the secretariat's follow-up, in English and
//! Spanish: per pillar, per working group and per country, the adopted
//! commitments with their indicators' computed status country by country
//! (and the regional status with its composition: which countries lag)
//! and charts, civil society's monitoring reports beside the governments'
//! figures, the integration figures per country, and pledges against
//! disbursements; `/scorecard/report` is the whole
//! progress report on one page that prints well. Drafts are shown to the
//! secretariat only, by the same service the API uses.

use std::sync::Arc;

use super::i18n::{self, colon};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use corredor_followup::consistency::{self, Inconsistency, NationalMeasure};
use corredor_followup::groups::{roster_on, GroupEvent, Roster};
use corredor_followup::indicator::{self, Regional, Status};
use corredor_followup::integration::CountryIntegration;
use corredor_followup::names;
use corredor_followup::pledge::{self, Currency, Pledge, PledgeReport};
use corredor_followup::registry::{Registry, Role as Standing, WorkingGroup};
use corredor_followup::review::Step;
use corredor_model::Lang;
use maud::{html, Markup};
use serde::Deserialize;

use super::group;
use super::i18n::{country, sort_key};
use super::indicator_chart::{figure, indicator_chart};
use super::integration;
use super::layout::{answer, error_page, page, Page};
use super::pledges;
use super::review;
use super::session::UiLang;
use super::words::{t, Word};
use crate::state::{AppState, Caller};
use corredor_app::auth::Actor;
use corredor_app::followup::{self as service, CommitmentView, IndicatorView};
use corredor_app::Error;

/// Everything the scorecard shows, read once per page.
struct Data {
    registry: Registry,
    commitments: Vec<CommitmentView>,
    pledges: Vec<Pledge>,
    report: Result<PledgeReport, pledge::ReportError>,
    inconsistencies: Vec<Inconsistency>,
    /// The working groups' recorded events, changes of lead among them.
    events: Vec<GroupEvent>,
    measures: Vec<NationalMeasure>,
    /// The steps of the measures' reviews the reader may see.
    steps: Vec<Step>,
    integration: Vec<CountryIntegration>,
    today: NaiveDate,
}

#[derive(Debug, Default, Deserialize)]
pub struct CurrencyParam {
    currency: Option<String>,
}

impl CurrencyParam {
    /// The currency asked for, US dollars when none is.
    pub(super) fn parse(currency: Option<String>) -> Result<Currency, Error> {
        currency
            .as_deref()
            .unwrap_or("USD")
            .parse()
            .map_err(Error::Invalid)
    }

    pub(super) fn into_inner(self) -> Option<String> {
        self.currency
    }

    /// `path` with the currency asked for, if any, so that the language
    /// switch comes back to the same figures.
    pub(super) fn here(&self, path: &str) -> String {
        match &self.currency {
            Some(c) => format!(
                "{path}?{}",
                serde_urlencoded::to_string([("currency", c)]).unwrap_or_default()
            ),
            None => path.to_string(),
        }
    }
}

async fn load(
    state: &Arc<AppState>,
    actor: &Actor,
    currency: Option<String>,
) -> Result<Data, Error> {
    let actor = actor.clone();
    state
        .run(move |s| {
            let currency = CurrencyParam::parse(currency)?;
            let today = corredor_app::clock::today();
            let registry = service::registry(s)?;
            let commitments = service::commitment_views(s, &actor, today)?;
            let measures = service::measures(s)?;
            let events = service::all_events(s, &registry)?;
            let plain: Vec<_> = commitments.iter().map(|c| c.commitment.clone()).collect();
            let inconsistencies = consistency::report(&registry, &plain, &measures, &events);
            let pledges = service::pledges(s)?;
            let report = pledge::report(&pledges, &service::rates(s)?, &currency);
            Ok(Data {
                registry,
                commitments,
                pledges,
                report,
                inconsistencies,
                events,
                steps: service::review_steps(s, &actor)?,
                measures,
                integration: service::integration_view(s)?,
                today,
            })
        })
        .await
        .map_err(|e| e.0)
}

fn badge(lang: Lang, s: Status) -> Markup {
    html! { span class={ "badge status " (s.as_str()) } { (t(lang, s)) } }
}

/// `items` in the order of their countries' names in `lang`.
fn by_name<T>(items: &[T], code: impl Fn(&T) -> &str, lang: Lang) -> Vec<&T> {
    let mut out: Vec<&T> = items.iter().collect();
    out.sort_by_cached_key(|x| sort_key(&country(code(x), lang), lang));
    out
}

fn names(codes: &[String], lang: Lang) -> String {
    codes
        .iter()
        .map(|c| country(c, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A working group's name in `lang` (see [`names::shown`]).
fn group_name(g: &WorkingGroup, lang: Lang) -> &str {
    names::shown(&g.id, &g.name, lang)
}

fn group_link(g: &WorkingGroup, lang: Lang) -> Markup {
    html! { a href={ "/scorecard/group/" (g.id) } { (group_name(g, lang)) } }
}

/// "3 of 5 countries", as each language orders it (French: "3 pays sur 5").
fn countries_of(k: usize, n: usize, lang: Lang) -> String {
    let countries = t(lang, Word::CountriesCount);
    match lang {
        Lang::Fr => format!("{k} {countries} {} {n}", t(lang, Word::Of)),
        Lang::En | Lang::Es | Lang::Pt => format!("{k} {} {n} {countries}", t(lang, Word::Of)),
    }
}

/// How the regional status is composed: the countries in each status.
fn composition(r: &Regional, lang: Lang) -> Markup {
    html! {
        ul.composition {
            @for g in &r.composition {
                li data-status=(g.status.as_str()) {
                    (countries_of(g.countries.len(), r.countries, lang)) " "
                    (badge(lang, g.status)) (colon(lang)) (names(&g.countries, lang))
                }
            }
        }
    }
}

fn indicator_block(i: &IndicatorView, lang: Lang) -> Markup {
    html! {
        div.indicator data-status=(i.regional.status.as_str()) {
            h4 { (indicator::shown_name(&i.indicator.name, lang)) " (" (i.indicator.unit) ") " (badge(lang, i.regional.status)) }
            p.help {
                (t(lang, Word::Baseline)) " " (figure(i.indicator.baseline, lang)) " (" (i18n::day(i.indicator.baseline_date, lang)) ") · "
                (t(lang, Word::Target)) " " (figure(i.indicator.target, lang)) " · "
                (t(lang, Word::Deadline)) " " (i18n::day(i.indicator.deadline, lang))
            }
            (composition(&i.regional, lang))
            // Cards on a narrow screen, as the figures below: at 320 px
            // the four columns ran off the side in French and Portuguese.
            table.by-country.cards {
                caption { (t(lang, Word::ByCountry)) }
                thead { tr {
                    th scope="col" { (t(lang, Word::CountryColumn)) } th scope="col" { (t(lang, Word::Status)) }
                    th scope="col" class="num" { (t(lang, Word::Latest)) } th scope="col" { (t(lang, Word::Date)) }
                } }
                tbody {
                    @for c in by_name(&i.countries, |c| &c.country, lang) {
                        tr data-country=(c.country) data-status=(c.assessment.status.as_str()) {
                            th scope="row" { (country(&c.country, lang)) }
                            td data-label=(t(lang, Word::Status)) { (badge(lang, c.assessment.status)) }
                            @if let Some(m) = &c.assessment.latest {
                                td.num data-label=(t(lang, Word::Latest)) { (figure(m.value, lang)) }
                                td data-label=(t(lang, Word::Date)) { (i18n::short_day(m.date, lang)) }
                            } @else {
                                td data-label=(t(lang, Word::Latest)) { "—" } td data-label=(t(lang, Word::Date)) { "—" }
                            }
                        }
                    }
                }
            }
            (indicator_chart(i, lang))
            @if !i.measurements.is_empty() {
                table.figures.cards {
                    caption { (t(lang, Word::Figures)) }
                    thead { tr {
                        th scope="col" { (t(lang, Word::Date)) } th scope="col" { (t(lang, Word::CountryColumn)) }
                        th scope="col" class="num" { (t(lang, Word::Value)) } th scope="col" { (t(lang, Word::Source)) }
                        th scope="col" { (t(lang, Word::Reporter)) }
                    } }
                    tbody {
                        @for m in &i.measurements {
                            tr {
                                td data-label=(t(lang, Word::Date)) { (i18n::short_day(m.date, lang)) }
                                td data-label=(t(lang, Word::CountryColumn)) { @match &m.country { Some(c) => (country(c, lang)), None => span.help { (t(lang, Word::CountryNotStated)) } } }
                                td.num data-label=(t(lang, Word::Value)) { (figure(m.value, lang)) }
                                td.written data-label=(t(lang, Word::Source)) { (m.source) }
                                td data-label=(t(lang, Word::Reporter)) { (m.reporter) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn commitment_block(v: &CommitmentView, lang: Lang) -> Markup {
    let c = &v.commitment;
    html! {
        article.commitment id={ "c-" (c.id) } {
            h3 {
                (c.id) " — " span.written { (c.title) }
                @if c.state == corredor_followup::commitment::State::Draft {
                    " " span.badge.draft { (t(lang, Word::Draft)) }
                }
            }
            p.help { (t(lang, Word::Countries)) (colon(lang)) (names(&c.countries, lang)) " · " (t(lang, Word::Source)) (colon(lang)) (c.source) }
            div.side-by-side {
                section.figures {
                    @for i in &v.indicators { (indicator_block(i, lang)) }
                }
                section.monitoring aria-labelledby={ "monitoring-" (v.commitment.id) } {
                    h4 id={ "monitoring-" (v.commitment.id) } { (t(lang, Word::Monitoring)) }
                    @if v.monitoring.is_empty() {
                        p.help { (t(lang, Word::NoMonitoring)) }
                    } @else {
                        @for r in &v.monitoring {
                            blockquote.report data-org=(r.org) {
                                p { strong { (r.org) } " · " (i18n::day(r.date, lang)) " · " span class={ "badge status " (r.assessment.as_str()) } { (t(lang, r.assessment)) } }
                                p.written { (r.text) }
                                @for (n, e) in r.evidence.iter().enumerate() {
                                    a href=(e) rel="nofollow noopener" { (t(lang, Word::Evidence)) " " (n + 1) } " "
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn commitments_of<'a>(d: &'a Data, group: &str) -> Vec<&'a CommitmentView> {
    d.commitments
        .iter()
        .filter(|c| c.commitment.group == group)
        .collect()
}

/// The statuses of every indicator of `views` country by country (one
/// country's only, when `only` names it), counted.
fn tally(lang: Lang, views: &[&CommitmentView], only: Option<&str>) -> Markup {
    let statuses: Vec<Status> = views
        .iter()
        .flat_map(|v| &v.indicators)
        .flat_map(|i| &i.countries)
        .filter(|c| only.is_none_or(|o| c.country == o))
        .map(|c| c.assessment.status)
        .collect();
    // What is counted is said where it is counted: countries' figures on
    // indicators, not commitments.
    html! {
        span.tallies title=(t(lang, Word::TallyHelp)) {
            @if !statuses.is_empty() { small.help { (t(lang, Word::Assessments)) (colon(lang)) } " " }
            @for s in Status::ALL {
                @let n = statuses.iter().filter(|x| **x == s).count();
                @if n > 0 {
                    span class={ "tally " (s.as_str()) } { (badge(lang, s)) " " (n) } " "
                }
            }
        }
    }
}

/// A pillar's groups and commitments (`full`: each commitment too). On
/// the pillar's own page (`alone`) its name is the page's heading.
fn pillar_section(d: &Data, pillar: u8, lang: Lang, full: bool, alone: bool) -> Markup {
    let groups: Vec<&WorkingGroup> = d
        .registry
        .groups
        .iter()
        .filter(|g| g.mechanism == "DLA" && g.pillar == Some(pillar))
        .collect();
    html! {
        section.pillar id={ "pillar-" (pillar) } {
            @if alone {
                h1 { (t(lang, Word::Pillar)) " " (pillar) (colon(lang)) (t(lang, Word::pillar(pillar))) }
            } @else {
                h2 { a href={ "/scorecard/pillar/" (pillar) } { (t(lang, Word::Pillar)) " " (pillar) (colon(lang)) (t(lang, Word::pillar(pillar))) } }
            }
            @if groups.is_empty() {
                p.help { (t(lang, Word::NoCommitments)) }
            }
            @for g in &groups {
                @let cs = commitments_of(d, &g.id);
                div.group {
                    // One level below the pillar, whichever level it has.
                    // The heading names the group; its tally follows it,
                    // so that a list of headings reads as a list of groups.
                    @if alone {
                        h2 { (group_link(g, lang)) }
                    } @else {
                        h3 { (group_link(g, lang)) }
                    }
                    p.group-tally { (tally(lang, &cs, None)) }
                    p.help { (leaders(&roster_on(g, &d.events, d.today), lang)) }
                    @let behind = lagging(&cs);
                    @if !behind.is_empty() {
                        p.lagging { (t(lang, Word::Lagging)) (colon(lang)) (names(&behind, lang)) }
                    }
                    @if full {
                        @for c in &cs { (commitment_block(c, lang)) }
                    }
                }
            }
        }
    }
}

/// Who leads and takes part in a group, as its roster stands (on the
/// page's day, with the registry's later events applied).
fn leaders(g: &Roster, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !g.leads.is_empty() {
        parts.push(format!(
            "{}{}{}",
            t(lang, Word::Lead),
            colon(lang),
            names(&g.leads, lang)
        ));
    }
    if !g.co_leads.is_empty() {
        parts.push(format!(
            "{}{}{}",
            t(
                lang,
                if g.co_leads.len() == 1 {
                    Word::CoLead
                } else {
                    Word::CoLeads
                }
            ),
            colon(lang),
            names(&g.co_leads, lang)
        ));
    }
    if !g.participants.is_empty() {
        parts.push(format!(
            "{}{}{}",
            t(lang, Word::Participants),
            colon(lang),
            names(&g.participants, lang)
        ));
    }
    parts.join(" · ")
}

/// The countries behind on any indicator of `views` (at risk, off track
/// or without recent data), in code order.
fn lagging(views: &[&CommitmentView]) -> Vec<String> {
    let mut out: Vec<String> = views
        .iter()
        .flat_map(|v| &v.indicators)
        .flat_map(|i| &i.countries)
        .filter(|c| {
            matches!(
                c.assessment.status,
                Status::AtRisk | Status::OffTrack | Status::NoRecentData
            )
        })
        .map(|c| c.country.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

async fn overview(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Query(q): Query<CurrencyParam>,
) -> Page {
    let here = q.here("/scorecard");
    let d = load(&state, &actor, q.currency)
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e))?;
    let mut members = d.registry.members_on("DLA", d.today);
    members.sort_by_cached_key(|c| sort_key(&country(c, lang), lang));
    let body = html! {
        h1 { (t(lang, Word::ScorecardTitle)) }
        p.help { (t(lang, Word::StatusComputed)) " " (t(lang, Word::RegionalRule)) }
        p { a #print-report href="/scorecard/report" { (t(lang, Word::Report)) } }
        @for p in 1..=4u8 { (pillar_section(&d, p, lang, false, false)) }
        (integration::table(&d.integration, lang))
        (pledges::section(&d.pledges, &d.report, lang, None))
        p { a #donors-forum href="/scorecard/donors" { (t(lang, Word::DonorsForum)) } }
        section aria-labelledby="countries-h" {
            h2 #countries-h { (t(lang, Word::Countries)) }
            ul.countries {
                @for c in &members {
                    li { a href={ "/scorecard/country/" (c) } { (country(c, lang)) } }
                }
            }
        }
    };
    Ok(answer(
        &state,
        lang,
        &actor,
        t(lang, Word::ScorecardTitle),
        &here,
        body,
    ))
}

async fn pillar_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(given): Path<String>,
) -> Page {
    // Read here rather than by the path's type, so that "abc" gets the
    // dashboard's page in the reader's language, as 99 does.
    let Some(pillar) = given.parse::<u8>().ok().filter(|p| (1..=4).contains(p)) else {
        return Err(error_page(
            &state,
            lang,
            &actor,
            &Error::NotFound(format!("pillar {given}")),
        ));
    };
    let d = load(&state, &actor, None)
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e))?;
    let here = format!("/scorecard/pillar/{pillar}");
    let body = html! {
        // The page is part of the scorecard, named above its heading.
        p.help { a href="/scorecard" { (t(lang, Word::ScorecardTitle)) } }
        (pillar_section(&d, pillar, lang, true, true))
    };
    let title = format!("{} {pillar}", t(lang, Word::Pillar));
    Ok(
        Html(page(lang, &actor, state.simulated, &title, &here, body).into_string())
            .into_response(),
    )
}

async fn group_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> Page {
    let d = load(&state, &actor, None)
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e))?;
    let Some(g) = d.registry.group(&id).cloned() else {
        return Err(error_page(
            &state,
            lang,
            &actor,
            &Error::NotFound(format!("no working group {id}")),
        ));
    };
    let cs = commitments_of(&d, &g.id);
    let (reader, gid) = (actor.clone(), g.id.clone());
    let report = state
        .run(move |s| service::group_report(s, &reader, &gid, corredor_app::clock::today()))
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let here = format!("/scorecard/group/{}", g.id);
    let body = html! {
        p { a href="/scorecard" { (t(lang, Word::ScorecardTitle)) } }
        h1 { (group_name(&g, lang)) }
        p.help {
            (names::shown(&g.mechanism, &g.mechanism, lang))
            @if let Some(p) = g.pillar { " · " (t(lang, Word::Pillar)) " " (p) }
        }
        (group::format(&report, lang))
        h2 { (t(lang, Word::Commitments)) " " (tally(lang, &cs, None)) }
        p.help { (t(lang, Word::RegionalRule)) }
        @if cs.is_empty() { p.help { (t(lang, Word::NoCommitments)) } }
        @for c in &cs { (commitment_block(c, lang)) }
        (pledges::section(&d.pledges, &d.report, lang, Some(&|p: &Pledge| p.recipient.code() == g.id)))
    };
    Ok(answer(
        &state,
        lang,
        &actor,
        group_name(&g, lang),
        &here,
        body,
    ))
}

async fn country_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(code): Path<String>,
) -> Page {
    let code = code.to_ascii_uppercase();
    if !corredor_followup::registry::is_state(&code) {
        return Err(error_page(
            &state,
            lang,
            &actor,
            &Error::NotFound(format!("no country {code}")),
        ));
    }
    let d = load(&state, &actor, None)
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e))?;
    let standings: Vec<(String, Standing)> = d
        .registry
        .mechanisms
        .iter()
        .filter_map(|m| {
            d.registry
                .standing(&m.code, &code, d.today)
                .map(|s| (m.code.clone(), s.role))
        })
        .collect();
    let led: Vec<&WorkingGroup> = d
        .registry
        .groups
        .iter()
        .filter(|g| {
            let r = roster_on(g, &d.events, d.today);
            r.leads.iter().chain(&r.co_leads).any(|l| *l == code)
        })
        .collect();
    let theirs: Vec<&CommitmentView> = d
        .commitments
        .iter()
        .filter(|c| c.commitment.countries.contains(&code))
        .collect();
    let figures = d
        .integration
        .iter()
        .find(|r| r.country == code)
        .cloned()
        .unwrap_or_else(|| {
            corredor_followup::integration::by_country(&[], std::slice::from_ref(&code)).remove(0)
        });
    let name = country(&code, lang);
    let here = format!("/scorecard/country/{code}");
    let body = html! {
        p { a href="/scorecard" { (t(lang, Word::ScorecardTitle)) } }
        h1 { (name) }
        section {
            h2 { (t(lang, Word::Mechanisms)) }
            @if standings.is_empty() {
                p.help { (t(lang, Word::NoMechanism)) }
            } @else {
                ul.standings {
                    @for (m, role) in &standings {
                        li data-mechanism=(m) { strong { (m) } " — " (t(lang, *role)) }
                    }
                }
            }
        }
        @if !led.is_empty() {
            section {
                h2 { (t(lang, Word::Groups)) " (" (t(lang, Word::Lead)) ")" }
                ul { @for g in &led { li { (g.mechanism) (colon(lang)) (group_link(g, lang)) } } }
            }
        }
        section {
            h2 { (t(lang, Word::Commitments)) " " (tally(lang, &theirs, Some(&code))) }
            @if theirs.is_empty() { p.help { (t(lang, Word::NoCommitments)) } }
            @for c in &theirs { (commitment_block(c, lang)) }
        }
        (integration::facts(&figures, lang))
        section {
            h2 { (t(lang, Word::Measures)) }
            (review::list(&d.inconsistencies, &d.measures, &d.steps, Some(&code), lang))
        }
        (pledges::section(&d.pledges, &d.report, lang, Some(&|p: &Pledge| p.recipient.code() == code)))
        // What the country gives, where a pledge's donor names it: a donor
        // is written as its publisher wrote it, so a name that reads as no
        // country (an agency, a fund) is listed on the scorecard only.
        @if d.pledges.iter().any(|p| pledges::donor_country(&p.donor) == Some(code.as_str())) {
            (pledges::titled(&d.pledges, &d.report, lang, Some(&|p: &Pledge| pledges::donor_country(&p.donor) == Some(code.as_str())), Word::PledgesGiven, "given-"))
        }
    };
    // Not the country page's title: the two pages are told apart in tabs.
    let title = format!("{name} — {}", t(lang, Word::ScorecardTitle));
    Ok(answer(&state, lang, &actor, &title, &here, body))
}

async fn report_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Query(q): Query<CurrencyParam>,
) -> Page {
    // The progress report is the public record: printed or passed on, it
    // never carries a draft, whoever prints it.
    let public = corredor_app::auth::Actor::public(&actor.remote);
    let here = q.here("/scorecard/report");
    let d = load(&state, &public, q.currency)
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e))?;
    let body = html! {
        div.print-report {
            h1 { (t(lang, Word::ReportTitle)) " — " (t(lang, Word::ScorecardTitle)) }
            p.help { (t(lang, Word::AsOf)) " " (i18n::date(&d.today.to_string(), lang)) ". " (t(lang, Word::StatusComputed)) " " (t(lang, Word::RegionalRule)) }
            @for p in 1..=4u8 { (pillar_section(&d, p, lang, true, false)) }
            (integration::table(&d.integration, lang))
            (pledges::section(&d.pledges, &d.report, lang, None))
            section {
                h2 { (t(lang, Word::Measures)) }
                (review::list(&d.inconsistencies, &d.measures, &d.steps, None, lang))
            }
        }
    };
    let title = t(lang, Word::ReportTitle);
    Ok(answer(&state, lang, &actor, title, &here, body))
}

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/scorecard", get(overview))
        .route("/scorecard/report", get(report_page))
        .route("/scorecard/pillar/{pillar}", get(pillar_page))
        .route("/scorecard/group/{id}", get(group_page))
        .route("/scorecard/country/{code}", get(country_page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn amounts_and_figures_are_written_as_each_language_does() {
        use super::pledges::amount;
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(amount(d("1250000.50"), Lang::En), "1,250,000.50");
        assert_eq!(amount(d("1250000.50"), Lang::Es), "1.250.000,50");
        assert_eq!(amount(d("250000"), Lang::En), "250,000");
        assert_eq!(amount(d("-1000.5"), Lang::Es), "-1000,5");
        assert_eq!(amount(d("-1000.5"), Lang::Pt), "-1.000,5");
        assert_eq!(figure(53.0, Lang::En), "53");
        assert_eq!(figure(41.25, Lang::Es), "41,25");
        assert_eq!(figure(1234.5, Lang::En), "1,234.5");
    }
}
