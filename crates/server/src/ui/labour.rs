//! The legal pathways for labour mobility (`/labour`): who may go where —
//! for each nationality, the destinations and the pathways that admit its
//! nationals there, computed from each pathway's origins —
//! then every pathway with its occupations (ISCO-08, titled in the reader's
//! language where the classification has it), annual quota, requirements
//! and source. `?nationality=HND` keeps the pathways open to Hondurans.
//! Public: pathways are programmes, not people.

use std::sync::Arc;

use super::i18n::{self, colon, semicolon};
use axum::extract::{Query, State};
use corredor_labour::matching::LeftKind;
use corredor_labour::mix::OccupationMix;
use corredor_labour::public::Summary;
use corredor_labour::records::{Occupations, Origins, Pathway};
use corredor_model::locale::grouped;
use corredor_model::Lang;
use maud::{html, Markup};
use serde::Deserialize;

use super::i18n::{country, sort_key};
use super::layout::{answer, error_page, Page};
use super::session::UiLang;
use super::words::{t, Word};
use crate::state::{AppState, Caller};
use corredor_app::labour as service;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Filter {
    nationality: Option<String>,
}

/// Languages by their names, each marked with the language it is written
/// in (`Language::name`); a code no list knows, as it was given.
fn languages<'a>(codes: impl Iterator<Item = &'a str>) -> Markup {
    html! {
        @for (i, code) in codes.enumerate() {
            @if i > 0 { ", " }
            @match corredor_labour::language::Language::parse(code) {
                Some(l) => { @let (name, tag) = l.name(); span lang=(tag) { (name) } }
                None => { span.written { (code) } }
            }
        }
    }
}

/// Countries by their names in `lang`, in that language's alphabetical
/// order.
fn names(codes: &[String], lang: Lang) -> String {
    let mut names: Vec<String> = codes.iter().map(|c| country(c, lang)).collect();
    names.sort_by_cached_key(|n| super::i18n::sort_key(n, lang));
    names.join(", ")
}

fn origins(p: &Pathway, lang: Lang) -> Markup {
    html! {
        @match &p.origins {
            Origins::Any => (t(lang, Word::AnyNationality)),
            Origins::Only(codes) => { (names(codes, lang)) }
        }
        @if let Some(r) = &p.residences {
            br;
            small { (t(lang, Word::ResidentsOf)) (colon(lang)) (names(r, lang)) }
        }
    }
}

/// Each group the pathway is open to, with its title in `lang`, or in
/// English (marked so) where the classification has none.
fn occupations(p: &Pathway, lang: Lang) -> Markup {
    html! {
        @match &p.occupations {
            Occupations::Any => (t(lang, Word::AllOccupations)),
            Occupations::Within(groups) => ul.plain {
                @for g in groups {
                    li data-isco=(g) {
                        (g) " "
                        @match g.title(lang) {
                            Some(title) => (title),
                            None => span lang="en" { (g.title(Lang::En).unwrap_or_default()) },
                        }
                    }
                }
            },
        }
    }
}

fn quota(p: &Pathway, lang: Lang) -> String {
    match p.quota {
        Some(q) => grouped(&q.to_string(), None, lang),
        None => t(lang, Word::NoQuota).to_string(),
    }
}

/// A count of people as published: the figure, or "withheld".
fn count(n: Option<u64>, lang: Lang) -> Markup {
    html! {
        @match n {
            Some(n) => (grouped(&n.to_string(), None, lang)),
            None => span.withheld { (t(lang, Word::Withheld)) },
        }
    }
}

/// The quota cell: the annual quota, and what the latest run left of it.
fn quota_left(p: &Pathway, summary: Option<&Summary>, lang: Lang) -> Markup {
    let row = summary.and_then(|s| s.pathways.iter().find(|q| q.pathway == p.id));
    html! {
        (quota(p, lang))
        @if let (Some(_), Some(row)) = (p.quota, row) {
            @if summary.is_some_and(|s| s.ran) {
                br;
                small data-left { (t(lang, Word::QuotaLeft)) (colon(lang)) (count(row.left, lang)) }
            }
        }
    }
}

/// The register and the latest run in aggregate.
fn places(s: &Summary, lang: Lang) -> Markup {
    let has_run = s.ran;
    html! {
        section aria-labelledby="places-h" {
            h2 #places-h { (t(lang, Word::PlacesAndShortages)) }
            p.help { (t(lang, Word::PlacesHelp)) }
            @if s.places.is_empty() {
                p #no-vacancies { (t(lang, Word::NoVacancies)) }
            } @else {
                div.scroll tabindex="0" { table.cards #places {
                    caption { (t(lang, Word::PlacesAndShortages)) }
                    thead { tr {
                        th scope="col" { (t(lang, Word::Destination)) }
                        th scope="col" { (t(lang, Word::OccupationGroup)) }
                        th scope="col" class="num" { (t(lang, Word::PlacesOffered)) }
                        th scope="col" class="num" { (t(lang, Word::PlacesMatched)) }
                        th scope="col" class="num" { (t(lang, Word::PlacesUnfilled)) }
                    } }
                    tbody {
                        @for p in &s.places {
                            tr data-destination=(p.destination) data-isco=(p.occupation) {
                                td data-label=(t(lang, Word::Destination)) { div { (country(&p.destination, lang)) } }
                                td data-label=(t(lang, Word::OccupationGroup)) { div {
                                    (p.occupation) " "
                                    @match p.occupation.title(lang) {
                                        Some(title) => (title),
                                        None => span lang="en" { (p.occupation.title(Lang::En).unwrap_or_default()) },
                                    }
                                } }
                                td.num data-label=(t(lang, Word::PlacesOffered)) { div { (grouped(&p.places.to_string(), None, lang)) } }
                                @if has_run {
                                    td.num data-label=(t(lang, Word::PlacesMatched)) data-matched { div { (count(p.matched, lang)) } }
                                    td.num data-label=(t(lang, Word::PlacesUnfilled)) data-unfilled { div { (count(p.unfilled, lang)) } }
                                } @else {
                                    td.num data-label=(t(lang, Word::PlacesMatched)) { div { "—" } }
                                    td.num data-label=(t(lang, Word::PlacesUnfilled)) { div { "—" } }
                                }
                            }
                        }
                    }
                } }
            }
            @if !has_run {
                p #no-run { (t(lang, Word::NoRunYet)) }
            }
            dl.facts #register {
                dt { (t(lang, Word::WorkersTotal)) }
                dd data-workers { (count(s.workers, lang)) }
                @if has_run {
                    dt { (t(lang, Word::MatchedTotal)) }
                    dd data-matched-total { (count(s.matched, lang)) }
                }
            }
            @if !s.by_nationality.is_empty() {
                h3 { (t(lang, Word::WorkersByNationality)) }
                ul.plain #by-nationality {
                    @for n in &s.by_nationality {
                        li data-nationality=(n.nationality) { (country(&n.nationality, lang)) (colon(lang)) (count(n.workers, lang)) }
                    }
                }
            }
            @if !s.unmatched.is_empty() {
                h3 { (t(lang, Word::WorkersLeft)) }
                ul.plain #left {
                    @for r in &s.unmatched {
                        li data-reason=(r.reason) {
                            @match LeftKind::parse(&r.reason) {
                                Some(k) => (t(lang, Word::from(k))),
                                None => (r.reason),
                            }
                            (colon(lang)) (count(r.workers, lang))
                        }
                    }
                }
            }
        }
    }
}

/// A share in %, one decimal, written the reader's way.
fn percent(v: f64, lang: Lang) -> String {
    corredor_model::locale::decimal(v, 1, lang)
}

/// Each destination's occupational mix, for the destinations shown.
fn mix_section(mix: &[OccupationMix], destinations: &[&str], lang: Lang) -> Markup {
    let with: Vec<&OccupationMix> = destinations
        .iter()
        .filter_map(|d| mix.iter().find(|m| m.country == *d))
        .collect();
    let without: Vec<String> = destinations
        .iter()
        .filter(|d| !mix.iter().any(|m| m.country == **d))
        .map(|d| country(d, lang))
        .collect();
    html! {
        section aria-labelledby="mix-h" {
            h2 #mix-h { (t(lang, Word::OccupationMix)) }
            p.help { (t(lang, Word::OccupationMixHelp)) }
            @for m in &with {
                details data-mix=(m.country) {
                    summary { (country(&m.country, lang)) " (" (m.year) ")" }
                    div.scroll tabindex="0" { table.cards {
                        caption { (country(&m.country, lang)) ", " (m.year) }
                        thead { tr {
                            th scope="col" { (t(lang, Word::OccupationGroup)) }
                            th scope="col" class="num" { (t(lang, Word::ForeignBornShare)) }
                            th scope="col" class="num" { (t(lang, Word::NativeBornShare)) }
                        } }
                        tbody {
                            @for s in &m.shares {
                                tr data-isco=(s.group) {
                                    td data-label=(t(lang, Word::OccupationGroup)) { div {
                                        (s.group) " "
                                        @match s.group.title(lang) {
                                            Some(title) => (title),
                                            None => span lang="en" { (s.group.title(Lang::En).unwrap_or_default()) },
                                        }
                                    } }
                                    td.num data-label=(t(lang, Word::ForeignBornShare)) { div { (percent(s.foreign_born, lang)) } }
                                    td.num data-label=(t(lang, Word::NativeBornShare)) { div { (percent(s.native_born, lang)) } }
                                }
                            }
                        }
                    } }
                    p.source { small { (t(lang, Word::Source)) (colon(lang)) span lang="en" { (m.source) } } }
                }
            }
            @if !without.is_empty() {
                p #no-mix { (t(lang, Word::NoMixFor)) (colon(lang)) (without.join(", ")) "." }
            }
        }
    }
}

fn body(
    all: &[Pathway],
    nationalities: &[String],
    only: Option<&str>,
    summary: Option<&Summary>,
    mix: &[OccupationMix],
    lang: Lang,
) -> Markup {
    let shown = service::open_to(all, only);
    let mut destinations: Vec<&str> = shown.iter().map(|p| p.destination.as_str()).collect();
    destinations.sort_by_cached_key(|d| (sort_key(&country(d, lang), lang), d.to_string()));
    destinations.dedup();
    // Rows: each nationality a pathway names (or the one asked for), then
    // the pathways open to any nationality.
    let mut rows: Vec<Option<&str>> = match only {
        Some(n) => vec![Some(n)],
        None => {
            let mut named: Vec<&str> = nationalities.iter().map(String::as_str).collect();
            named.sort_by_cached_key(|c| sort_key(&country(c, lang), lang));
            named.into_iter().map(Some).collect()
        }
    };
    if only.is_none() {
        rows.push(None);
    }
    let open_to = |row: Option<&str>, dest: &str| -> Vec<&Pathway> {
        shown
            .iter()
            .copied()
            .filter(|p| p.destination == dest)
            .filter(|p| match row {
                Some(n) => p.origins.admits(n),
                None => p.origins == Origins::Any,
            })
            .collect()
    };
    // The choice of nationality in the order of the names shown.
    let mut choices: Vec<&String> = nationalities.iter().collect();
    choices.sort_by_cached_key(|n| sort_key(&country(n, lang), lang));
    html! {
        section aria-labelledby="matrix-h" {
            h2 #matrix-h { (t(lang, Word::WhoGoesWhere)) }
            // The choice of nationality filters this section, under its
            // heading (not the reader's own sections above it).
            form.inline method="get" action="/labour" {
                label for="nationality" { (t(lang, Word::OpenTo)) }
                " "
                select #nationality name="nationality" {
                    option value="" { (t(lang, Word::AnyNationalityOption)) }
                    @for n in choices {
                        option value=(n) selected[only == Some(n.as_str())] { (country(n, lang)) }
                    }
                }
                " "
                button type="submit" { (t(lang, Word::Show)) }
            }
            @if shown.is_empty() {
                p #none-open { (t(lang, Word::NoPathwayOpen)) }
            } @else {
                // A list, not a table of nationalities against twenty
                // destinations: it reads on a phone as on a desktop.
                dl.facts #matrix {
                    @for row in &rows {
                        dt { @match row { Some(n) => (country(n, lang)), None => (t(lang, Word::AnyNationality)) } }
                        dd data-origin=(row.unwrap_or("*")) {
                            @for (k, (d, open)) in destinations.iter().map(|d| (d, open_to(*row, d))).filter(|(_, open)| !open.is_empty()).enumerate() {
                                @if k > 0 { (semicolon(lang)) }
                                span data-destination=(d) {
                                    span.dest { (country(d, lang)) } (colon(lang))
                                    @for (i, p) in open.into_iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a.written href={ "#p-" (p.id) } { (p.id) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="list-h" {
            h2 #list-h { (t(lang, Word::PathwayList)) }
            div.scroll tabindex="0" { table.cards #pathways {
                caption { (t(lang, Word::PathwayList)) }
                thead { tr {
                    th scope="col" { (t(lang, Word::Pathway)) }
                    th scope="col" { (t(lang, Word::Nationality)) }
                    th scope="col" { (t(lang, Word::Destination)) }
                    th scope="col" { (t(lang, Word::Occupations)) }
                    th scope="col" class="num" { (t(lang, Word::AnnualQuota)) }
                    th scope="col" { (t(lang, Word::Asked)) }
                    th scope="col" { (t(lang, Word::Source)) }
                } }
                tbody {
                    @for p in &shown {
                        tr id={ "p-" (p.id) } data-pathway=(p.id) {
                            td data-label=(t(lang, Word::Pathway)) { div {
                                strong.written { (p.id) } br;
                                span lang="en" { (p.name) }
                            } }
                            td data-label=(t(lang, Word::Nationality)) { div { (origins(p, lang)) } }
                            td data-label=(t(lang, Word::Destination)) { div { (country(&p.destination, lang)) } }
                            td data-label=(t(lang, Word::Occupations)) { div { (occupations(p, lang)) } }
                            td.num data-label=(t(lang, Word::AnnualQuota)) data-quota { div { (quota_left(p, summary, lang)) } }
                            td data-label=(t(lang, Word::Asked)) { div {
                                @if p.languages.is_empty() && p.min_experience <= 0.0 && p.start.is_none() && p.end.is_none() {
                                    "—"
                                }
                                @if !p.languages.is_empty() {
                                    (t(lang, Word::Language)) (colon(lang)) (languages(p.languages.iter().map(|l| l.as_str()))) br;
                                }
                                @if p.min_experience > 0.0 {
                                    (t(lang, Word::YearsOfExperience)) (colon(lang)) (i18n::decimal(p.min_experience, usize::from(p.min_experience.fract() != 0.0), lang)) br;
                                }
                                @if let Some(d) = p.start {
                                    (t(lang, Word::OpenSince)) " " (i18n::day(d, lang)) br;
                                }
                                @if let Some(d) = p.end {
                                    (t(lang, Word::OpenUntil)) " " (i18n::day(d, lang))
                                }
                            } }
                            td data-label=(t(lang, Word::Source)) { div {
                                a href=(p.source) rel="noopener" { (t(lang, Word::Source)) }
                            } }
                        }
                    }
                }
            } }
        }
        @if let Some(s) = summary {
            (places(s, lang))
        }
        @if !mix.is_empty() {
            (mix_section(mix, &destinations, lang))
        }
    }
}

pub(super) async fn labour_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Query(f): Query<Filter>,
) -> Page {
    let cache = state.clone();
    let reader = actor.clone();
    let (all, summary, mix, (candidates, registered)) = state
        .run(move |s| {
            use corredor_app::auth::Role;
            // An employer sees the candidates the latest match proposed for
            // its vacancies, and a member state's analyst the workers its
            // country registered, as the API gives them (reads audited).
            let candidates = match reader.role {
                Role::Employer => Some(service::candidates(s, &reader)?),
                _ => None,
            };
            let registered = match (reader.role, &reader.country) {
                (Role::Analyst, Some(_)) => Some(service::workers(s, &reader)?),
                _ => None,
            };
            Ok((
                service::pathways(s)?,
                cache.labour_summary(s)?,
                service::occupation_mix(s)?,
                (candidates, registered),
            ))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let nationalities = service::named_nationalities(&all);
    // An unknown code shows every pathway, as no code does.
    let only = service::nationality(f.nationality.as_deref()).unwrap_or(None);
    let title = t(lang, Word::Pathways);
    let here = match &only {
        Some(code) => format!("/labour?nationality={code}"),
        None => "/labour".to_string(),
    };
    Ok(answer(
        &state,
        lang,
        &actor,
        title,
        &here,
        html! {
            // The page's heading first, then what is the reader's own (an
            // employer's candidates, an analyst's registered workers).
            h1 { (t(lang, Word::Pathways)) }
            p.help { (t(lang, Word::PathwaysHelp)) }
            @if let Some(c) = &candidates { (candidate_section(c, lang)) }
            @if let Some(w) = &registered { (registered_section(w, lang)) }
            (body(
                &all,
                &nationalities,
                only.as_deref(),
                Some(&summary),
                &mix,
                lang,
            ))
        },
    ))
}

/// The candidates the latest match proposed for an employer's vacancies:
/// each worker by the handle the employer knows them by in that run.
fn candidate_section(candidates: &[service::Candidate], lang: Lang) -> Markup {
    html! {
        section #candidates aria-labelledby="candidates-h" {
            h2 #candidates-h { (t(lang, Word::YourCandidates)) }
            @if candidates.is_empty() {
                p.help { (t(lang, Word::NoCandidates)) }
            } @else {
                div.scroll tabindex="0" { table.cards {
                    thead { tr {
                        th scope="col" { (t(lang, Word::Worker)) }
                        th scope="col" { (t(lang, Word::Vacancy)) }
                        th scope="col" { (t(lang, Word::Occupations)) }
                        th scope="col" class="num" { (t(lang, Word::ExperienceYears)) }
                        th scope="col" { (t(lang, Word::Language)) }
                        th scope="col" { (t(lang, Word::Skills)) }
                    } }
                    tbody {
                        @for c in candidates {
                            tr data-candidate=(c.worker) {
                                th scope="row" { (c.worker) }
                                td data-label=(t(lang, Word::Vacancy)) { span.written { (c.vacancy) } }
                                td data-label=(t(lang, Word::Occupations)) { (unit_titles(&c.isco, lang)) }
                                td.num data-label=(t(lang, Word::ExperienceYears)) { (i18n::decimal(c.experience_years, 1, lang)) }
                                td data-label=(t(lang, Word::Language)) { (languages(c.languages.iter().map(String::as_str))) }
                                td data-label=(t(lang, Word::Skills)) { span.written { (c.skills.join(", ")) } }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// ISCO-08 unit groups, one a line, as [`unit_title`] names them.
fn unit_titles(codes: &[String], lang: Lang) -> Markup {
    html! { @for (k, code) in codes.iter().enumerate() { @if k > 0 { br; } (unit_title(code, lang)) } }
}

/// An ISCO-08 unit group by its code and title, in English where the
/// reader's language has none (marked so).
fn unit_title(code: &str, lang: Lang) -> Markup {
    match corredor_labour::isco::unit(code) {
        Ok(c) => match c.title(lang) {
            Some(title) => html! { (code) " " (title) },
            None => html! { (code) " " span lang="en" { (c.title(Lang::En).unwrap_or_default()) } },
        },
        Err(_) => html! { (code) },
    }
}

/// The workers a member state's analyst's country registered, as its
/// analysts may read them: by the country's own ids.
fn registered_section(workers: &[service::WorkerRecord], lang: Lang) -> Markup {
    html! {
        section #registered aria-labelledby="registered-h" {
            h2 #registered-h { (t(lang, Word::RegisteredWorkers)) }
            @if workers.is_empty() {
                p.help { (t(lang, Word::NoWorkersRegistered)) }
            } @else {
                div.scroll tabindex="0" { table.cards {
                    thead { tr {
                        th scope="col" { (t(lang, Word::Worker)) }
                        th scope="col" { (t(lang, Word::Nationality)) }
                        th scope="col" { (t(lang, Word::Occupations)) }
                        th scope="col" class="num" { (t(lang, Word::ExperienceYears)) }
                        th scope="col" { (t(lang, Word::Language)) }
                        th scope="col" { (t(lang, Word::Consent)) }
                    } }
                    tbody {
                        @for w in workers {
                            tr data-worker=(w.id) {
                                th scope="row" { span.written { (w.id) } }
                                td data-label=(t(lang, Word::Nationality)) { (country(&w.nationality, lang)) }
                                td data-label=(t(lang, Word::Occupations)) { (unit_titles(&w.isco, lang)) }
                                td.num data-label=(t(lang, Word::ExperienceYears)) { (i18n::decimal(w.experience_years, 1, lang)) }
                                td data-label=(t(lang, Word::Language)) { (languages(w.languages.iter().map(String::as_str))) }
                                td data-label=(t(lang, Word::Consent)) { (t(lang, if w.consent { Word::Yes } else { Word::No })) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(only: Option<&str>, lang: Lang) -> String {
        let all = corredor_labour::seed::pathways().unwrap();
        let n = service::named_nationalities(&all);
        body(&all, &n, only, None, &[], lang).into_string()
    }

    #[test]
    fn the_matrix_is_computed_from_each_pathway_s_origins() {
        let html = render(None, Lang::En);
        assert!(html.contains(r##"<a class="written" href="#p-ESP-HND-CIRC">ESP-HND-CIRC</a>"##));
        // Hondurans reach Spain only by the circular programme; Cubans by
        // the Safe Mobility offices.
        let hnd = render(Some("HND"), Lang::En);
        assert!(hnd.contains("ESP-HND-CIRC"));
        assert!(!hnd.contains("SMO-ESP"));
        assert!(!hnd.contains("MERCOSUR-ARG"));
        assert!(render(Some("CUB"), Lang::En).contains("SMO-ESP"));
    }

    #[test]
    fn occupations_are_titled_in_the_reader_s_language_or_marked_english() {
        let es = render(Some("HND"), Lang::Es);
        assert!(
            es.contains("Agricultores y trabajadores calificados agropecuarios"),
            "{es}"
        );
        let fr = render(Some("HND"), Lang::Fr);
        assert!(
            fr.contains("Agriculteurs et ouvriers qualifiés de l’agriculture"),
            "{fr}"
        );
        assert!(fr.contains("Manœuvres de l’agriculture"), "{fr}");
        // Portuguese titles the major groups; a minor group is marked English.
        let pt = render(Some("HND"), Lang::Pt);
        assert!(
            pt.contains("Trabalhadores qualificados da agropecuária"),
            "{pt}"
        );
        assert!(
            pt.contains(r#"<span lang="en">Agricultural, forestry and fishery labourers"#),
            "{pt}"
        );
        assert!(render(None, Lang::Es).contains("66.000"));
    }

    #[test]
    fn nationalities_are_offered_in_the_order_of_their_names() {
        // Antigua y Barbuda (ATG) before Argentina (ARG) in Spanish, as
        // in English; Haití (HTI) before Honduras (HND), Perú among the P.
        let at = |html: &str, code: &str| html.find(&format!("<option value=\"{code}\"")).unwrap();
        let es = render(None, Lang::Es);
        assert!(at(&es, "ATG") < at(&es, "ARG"));
        assert!(at(&es, "HTI") < at(&es, "HND"));
        assert!(at(&es, "PRY") < at(&es, "PER") && at(&es, "PER") < at(&es, "SUR"));
    }
}
