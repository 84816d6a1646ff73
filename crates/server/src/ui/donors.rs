//! The donors' forum on the scorecard (`/scorecard/donors`): each appeal's
//! requirements against the pledges that answer them, as OCHA's Financial
//! Tracking Service shows coverage — pledged, committed and disbursed
//! against required, the part the secretariat verified, money converted at
//! each step's date, contributions in kind in their own unit and never
//! added to money — then the pledges outside any requirement.

use std::sync::Arc;

use super::i18n::{self, colon};
use axum::extract::{Query, State};
use corredor_followup::forum::{
    Apart, Coverage, Needed, RequirementCoverage, Sector, Stages, Unit,
};
use corredor_followup::pledge::{Pledge, Stage};
use corredor_model::Lang;
use maud::{html, Markup};
use rust_decimal::Decimal;

use super::layout::{answer, error_page, Page};
use super::pledges::{amount, recipient_name, stage_word};
use super::scorecard::CurrencyParam;
use super::session::UiLang;
use super::words::{t, Word};
use crate::state::{AppState, Caller};
use corredor_app::followup as service;

struct Data {
    coverage: Coverage,
    pledges: Vec<Pledge>,
}

/// A unit after a number: the currency's code, or the unit in kind in
/// `lang`.
fn unit(u: &Unit, lang: Lang) -> String {
    match u {
        Unit::Money(c) => c.to_string(),
        Unit::InKind(k) => k.label(lang).to_string(),
    }
}

/// A sector's DAC code and name; a name the table has only in English is
/// marked so.
fn sector(s: &Sector, lang: Lang) -> Markup {
    html! {
        (s.code()) " "
        @match s.name_in(lang) {
            Some(name) => (name),
            None => span lang="en" { (s.name(Lang::En)) },
        }
    }
}

fn bar(part: Decimal, label: &str) -> Markup {
    let width = part.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED).round_dp(0);
    html! {
        div.bar role="img" aria-label=(label) { div.fill style={ "width: " (width) "%" } {} }
    }
}

fn stage_cells(s: &Stages, percent: Option<&Stages>, u: &Unit, lang: Lang) -> Markup {
    html! {
        @for (stage, word) in [(Stage::Pledged, Word::Pledged), (Stage::Committed, Word::Committed), (Stage::Disbursed, Word::Disbursed)] {
            td.num data-label=(t(lang, word)) data-stage=(stage.as_str()) {
                (amount(s.get(stage), lang)) " " (unit(u, lang))
                @if let Some(p) = percent {
                    br; small { (i18n::percent(&amount(p.get(stage), lang), lang)) }
                }
            }
        }
    }
}

fn apart(a: &Apart, lang: Lang) -> Markup {
    let shown = [Stage::Disbursed, Stage::Committed, Stage::Pledged]
        .into_iter()
        .find(|s| !a.amounts.get(*s).is_zero())
        .unwrap_or(Stage::Pledged);
    let word = stage_word(shown);
    html! {
        li data-apart=(a.pledge) {
            (super::pledges::donor_name(&a.donor, lang)) (colon(lang)) (t(lang, word)) " "
            (amount(a.amounts.get(shown), lang)) " " (unit(&a.unit, lang))
            @if let Some(e) = &a.estimate {
                " (" (t(lang, Word::EstimatedAt)) " " (amount(e.amount, lang)) " " (e.currency) ")"
            }
        }
    }
}

fn requirement_row(r: &RequirementCoverage, lang: Lang) -> Markup {
    let q = &r.requirement;
    // "Pledged 41.2% of requirement CRI-ASYLUM-2025".
    let label = format!(
        "{} {} {} {}",
        t(lang, Word::Pledged),
        i18n::percent(&amount(r.percent.pledged, lang), lang),
        t(lang, Word::OfRequirement),
        q.id
    );
    html! {
        tr data-requirement=(q.id) {
            th scope="row" data-label=(t(lang, Word::Requirement)) {
                span.written { (q.id) } br;
                small { span.written { (q.requester) } " — " span.written { (q.for_whom) } }
                br; small.period { (i18n::day(q.start, lang)) " – " (i18n::day(q.end, lang)) }
            }
            td data-label=(t(lang, Word::Recipient)) { (recipient_name(q.recipient.code(), lang)) }
            td data-label=(t(lang, Word::Sector)) { (sector(&q.sector, lang)) }
            td.num data-label=(t(lang, Word::Required)) { (amount(q.amount, lang)) " " (unit(&q.unit, lang)) }
            (stage_cells(&r.covered, Some(&r.percent), &q.unit, lang))
        }
        tr.detail data-requirement-detail=(q.id) {
            td.whole colspan="7" {
                (bar(r.percent.pledged, &label))
                p.help.verified {
                    (t(lang, Word::VerifiedPart)) (colon(lang))
                    (t(lang, Word::Pledged)) " " (amount(r.verified.pledged, lang)) ", "
                    (t(lang, Word::Committed)) " " (amount(r.verified.committed, lang)) ", "
                    (t(lang, Word::Disbursed)) " " (amount(r.verified.disbursed, lang)) " " (unit(&q.unit, lang))
                    "."
                }
                @if !r.unconverted.is_empty() {
                    p.help.unconverted data-unconverted=(r.unconverted.join(" ")) {
                        (t(lang, Word::NoRate)) " "
                        @for (i, id) in r.unconverted.iter().enumerate() {
                            @if i > 0 { ", " }
                            span.written { (id) }
                        }
                    }
                }
                @if !r.apart.is_empty() {
                    p.help { (t(lang, Word::InKindApart)) }
                    ul.apart { @for a in &r.apart { (apart(a, lang)) } }
                }
                p.source { small.written { (q.source) } }
            }
        }
    }
}

fn body(d: &Data, lang: Lang) -> Markup {
    let c = &d.coverage;
    let money = Unit::Money(c.currency.clone());
    let unverified: Vec<(&Pledge, Stage)> = d
        .pledges
        .iter()
        .flat_map(|p| {
            p.steps
                .iter()
                .filter(|s| s.verified.is_none())
                .map(move |s| (p, s.stage))
        })
        .collect();
    html! {
        h1 { (t(lang, Word::DonorsForum)) }
        p.help { (t(lang, Word::DonorsHelp)) }
        @if c.requirements.is_empty() {
            p.help #no-requirements { (t(lang, Word::NoRequirements)) }
        }
        @for a in &c.appeals {
            section.appeal aria-label=(a.appeal) {
                h2 { (t(lang, Word::Appeal)) (colon(lang)) span.written { (a.appeal) } }
                dl.facts.totals {
                    dt { (t(lang, Word::Required)) } dd data-total="required" { (amount(a.required, lang)) " " (c.currency) }
                    dt { (t(lang, Word::Pledged)) } dd data-total="pledged" { (amount(a.covered.pledged, lang)) " " (c.currency) }
                    dt { (t(lang, Word::Committed)) } dd data-total="committed" { (amount(a.covered.committed, lang)) " " (c.currency) }
                    dt { (t(lang, Word::Disbursed)) } dd data-total="disbursed" { (amount(a.covered.disbursed, lang)) " " (c.currency) }
                    @for n in &a.in_kind {
                        dt { (t(lang, Word::InKind)) ", " (n.unit.label(lang)) }
                        dd data-kind=(n.unit.code()) {
                            (amount(n.covered.pledged, lang)) " / " (amount(n.required, lang))
                        }
                    }
                }
                div.scroll tabindex="0" { table.cards.coverage {
                    caption { (t(lang, Word::Coverage)) }
                    thead { tr {
                        th scope="col" { (t(lang, Word::Requirement)) }
                        th scope="col" { (t(lang, Word::Recipient)) }
                        th scope="col" { (t(lang, Word::Sector)) }
                        th scope="col" class="num" { (t(lang, Word::Required)) }
                        th scope="col" class="num" { (t(lang, Word::Pledged)) }
                        th scope="col" class="num" { (t(lang, Word::Committed)) }
                        th scope="col" class="num" { (t(lang, Word::Disbursed)) }
                    } }
                    tbody {
                        @for r in c.requirements.iter().filter(|r| r.requirement.appeal == a.appeal) {
                            (requirement_row(r, lang))
                        }
                    }
                } }
            }
        }
        section.outside aria-labelledby="outside-h" {
            h2 #outside-h { (t(lang, Word::Outside)) }
            @if c.outside_pledges.is_empty() {
                p.help { (t(lang, Word::NoPledges)) }
            } @else {
                table.cards {
                    thead { tr {
                        th scope="col" class="num" { (t(lang, Word::Pledged)) }
                        th scope="col" class="num" { (t(lang, Word::Committed)) }
                        th scope="col" class="num" { (t(lang, Word::Disbursed)) }
                    } }
                    tbody { tr data-outside="money" { (stage_cells(&c.outside, None, &money, lang)) } }
                }
                @for k in &c.outside_in_kind {
                    p data-outside=(k.unit.code()) {
                        (t(lang, Word::InKind)) (colon(lang)) (t(lang, Word::Pledged)) " " (amount(k.pledged, lang)) " " (k.unit.label(lang))
                    }
                }
            }
        }
        @if !unverified.is_empty() {
            section aria-labelledby="unverified-h" {
                h2 #unverified-h { (t(lang, Word::Unverified)) }
                ul { @for (p, stage) in &unverified {
                    li data-unverified=(p.id) { span.written { (p.id) } ", " (super::pledges::donor_name(&p.donor, lang)) " — " (t(lang, stage_word(*stage))) }
                } }
            }
        }
        @if !c.unconverted.is_empty() {
            section.unconverted aria-labelledby="unconverted-h" {
                h2 #unconverted-h { (t(lang, Word::NotConverted)) }
                p { (t(lang, Word::NoRate)) }
                ul { @for m in &c.unconverted {
                    li {
                        @match &m.needed {
                            Needed::Pledge { pledge, stage, amount: sum } => {
                                span.written { (pledge) }
                                @if let Some(p) = d.pledges.iter().find(|p| p.id == *pledge) {
                                    " (" (super::pledges::donor_name(&p.donor, lang)) ")"
                                }
                                ", " (t(lang, stage_word(*stage))) " " (amount(*sum, lang)) " " (m.from)
                            }
                            Needed::Requirement { requirement } => { (t(lang, Word::Requirement)) " " span.written { (requirement) } }
                        }
                        (colon(lang)) (m.from) " → " (m.to) ", " (i18n::day(m.date, lang))
                    }
                } }
            }
        }
        p.download {
            a #iati href="/api/v1/pledges.iati" { (t(lang, Word::IatiExport)) }
            " · " a #pledges-csv href="/api/v1/pledges.csv" download { (t(lang, Word::PledgesCsv)) }
        }
    }
}

pub(super) async fn donors_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Query(q): Query<CurrencyParam>,
) -> Page {
    let here = q.here("/scorecard/donors");
    let currency = q.into_inner();
    let d = state
        .run(move |s| {
            let currency = CurrencyParam::parse(currency)?;
            Ok(Data {
                coverage: service::coverage(s, &currency)?,
                pledges: service::pledges(s)?,
            })
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let title = t(lang, Word::DonorsForum);
    Ok(answer(&state, lang, &actor, title, &here, body(&d, lang)))
}
