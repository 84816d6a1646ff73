//! Pledges on the scorecard: the table of pledges and disbursements with
//! its totals in money (pledges in kind listed in their units, never
//! added), the part the secretariat verified, and how donors, recipients
//! and amounts are named in the reader's language.

use corredor_followup::pledge::{self, Currency, Pledge, PledgeReport, Stage};
use corredor_model::locale::grouped;
use corredor_model::Lang;
use maud::{html, Markup};
use rust_decimal::Decimal;

use super::i18n::{self, colon, country, percent};
use super::words::{t, Word};

/// The pledges and their report, as the scorecard's pages load them.
pub(super) type Report = Result<PledgeReport, pledge::ReportError>;

/// Pledged, committed and disbursed over `lines`; `None` for a stage no
/// line has reached (a disbursement made without a recorded commitment
/// leaves "committed" unrecorded, not zero).
fn totals(lines: &[&pledge::ReportLine]) -> [Option<Decimal>; 3] {
    let sum = |f: fn(&pledge::ReportLine) -> Option<Decimal>| {
        lines
            .iter()
            .filter_map(|l| f(l))
            .fold(None, |acc: Option<Decimal>, d| {
                Some(acc.unwrap_or_default() + d)
            })
    };
    [
        sum(|l| l.pledged),
        sum(|l| l.committed),
        sum(|l| l.disbursed),
    ]
}

/// The part of `lines`' total at `stage` that the secretariat verified,
/// in `currency`'s minor unit.
fn verified(lines: &[&pledge::ReportLine], stage: Stage, currency: &Currency) -> Decimal {
    lines
        .iter()
        .filter(|l| l.verified.contains(&stage))
        .filter_map(|l| match stage {
            Stage::Pledged => l.pledged,
            Stage::Committed => l.committed,
            Stage::Disbursed => l.disbursed,
        })
        .fold(currency.zero(), |a, b| a + b)
}

/// A total, or a dash with its meaning when no line has reached the stage.
/// The verified part of a stage whose total is `of`: a dash, as the total
/// shows, where nothing was recorded at that stage.
fn verified_part(
    of: Option<Decimal>,
    lines: &[&pledge::ReportLine],
    stage: Stage,
    currency: &Currency,
    lang: Lang,
) -> Markup {
    match of {
        Some(_) => html! { (amount(verified(lines, stage, currency), lang)) },
        None => html! { span title=(t(lang, Word::NoneRecorded)) { "—" } },
    }
}

fn total(d: Option<Decimal>, currency: &pledge::Currency, lang: Lang) -> Markup {
    match d {
        Some(d) => html! { (amount(d, lang)) " " (currency) },
        None => html! { span title=(t(lang, Word::NoneRecorded)) { "—" } },
    }
}

/// The pledges `shown`, with their totals; `id` begins the ids of its
/// totals (`""` for a page's only or first table).
fn pledge_table(r: &PledgeReport, shown: &[&Pledge], id: &str, lang: Lang) -> Markup {
    let lines: Vec<&pledge::ReportLine> = r
        .lines
        .iter()
        .filter(|l| shown.iter().any(|p| p.id == l.id))
        .collect();
    let in_kind: Vec<&pledge::InKindLine> = r
        .in_kind
        .iter()
        .filter(|l| shown.iter().any(|p| p.id == l.id))
        .collect();
    let [pledged, committed, disbursed] = totals(&lines);
    // One decimal, so that a small share does not read as none.
    let share = pledge::disbursed_share(pledged.unwrap_or_default(), disbursed.unwrap_or_default());
    html! {
        dl.facts.totals {
            dt { (t(lang, Word::Pledged)) } dd id={ (id) "total-pledged" } { (total(pledged, &r.currency, lang)) }
            dt { (t(lang, Word::Committed)) } dd id={ (id) "total-committed" } { (total(committed, &r.currency, lang)) }
            dt { (t(lang, Word::Disbursed)) } dd id={ (id) "total-disbursed" } { (total(disbursed, &r.currency, lang)) }
        }
        // A disbursement may come without a commitment reported before it
        // (a grant paid at once): said, so that the totals do not read as
        // an error.
        @if lines.iter().any(|l| l.disbursed.is_some() && l.committed.is_none_or(|c| Some(c) < l.disbursed)) {
            p.help id={ (id) "total-uncommitted" } { (t(lang, Word::DisbursedUncommitted)) }
        }
        // A step reported by a donor or a recipient counts as reported;
        // what the secretariat verified is said apart.
        @if !lines.is_empty() {
            p.help.verified id={ (id) "total-verified" } {
                (t(lang, Word::VerifiedPart)) (colon(lang))
                (t(lang, Word::Pledged)) " " (verified_part(pledged, &lines, Stage::Pledged, &r.currency, lang)) ", "
                (t(lang, Word::Committed)) " " (verified_part(committed, &lines, Stage::Committed, &r.currency, lang)) ", "
                (t(lang, Word::Disbursed)) " " (verified_part(disbursed, &lines, Stage::Disbursed, &r.currency, lang)) " " (r.currency)
                "."
            }
        }
        @if let Some(share) = share {
            div.bar role="img" aria-label={ (t(lang, Word::Disbursed)) " " (percent(&amount(share, lang), lang)) " " (t(lang, Word::OfPledged)) } {
                div.fill style={ "width: " (share) "%" } {}
            }
        }
        @if !lines.is_empty() || !in_kind.is_empty() { div.scroll tabindex="0" { table.cards {
            thead { tr {
                th scope="col" { (t(lang, Word::Donor)) } th scope="col" { (t(lang, Word::Recipient)) } th scope="col" { (t(lang, Word::Purpose)) }
                th scope="col" { (t(lang, Word::PledgedOn)) }
                th scope="col" class="num" { (t(lang, Word::Pledged)) } th scope="col" class="num" { (t(lang, Word::Committed)) } th scope="col" class="num" { (t(lang, Word::Disbursed)) }
            } }
            tbody {
                @for l in &lines {
                    tr data-pledge=(l.id) {
                        td data-label=(t(lang, Word::Donor)) { (donor_name(&l.donor, lang)) }
                        td data-label=(t(lang, Word::Recipient)) { (recipient_name(l.recipient.code(), lang)) }
                        td.written data-label=(t(lang, Word::Purpose)) { (l.purpose) }
                        td data-label=(t(lang, Word::PledgedOn)) { (first_date(shown, &l.id, lang)) }
                        td.num data-label=(t(lang, Word::Pledged)) { (cell(l.pledged, lang)) }
                        td.num data-label=(t(lang, Word::Committed)) { (cell(l.committed, lang)) }
                        td.num data-label=(t(lang, Word::Disbursed)) { (cell(l.disbursed, lang)) }
                    }
                }
                // Pledges in kind, each in its own unit: listed with the
                // others, never added to the money totals.
                @for l in &in_kind {
                    @let unit = l.unit.label(lang);
                    tr.in-kind data-pledge=(l.id) {
                        td data-label=(t(lang, Word::Donor)) { (donor_name(&l.donor, lang)) }
                        td data-label=(t(lang, Word::Recipient)) { (recipient_name(l.recipient.code(), lang)) }
                        td data-label=(t(lang, Word::Purpose)) { span.written { (l.purpose) } br; small.help { (t(lang, Word::InKind)) } }
                        td data-label=(t(lang, Word::PledgedOn)) { (first_date(shown, &l.id, lang)) }
                        td.num data-label=(t(lang, Word::Pledged)) { (kind_cell(l.pledged, unit, lang)) }
                        td.num data-label=(t(lang, Word::Committed)) { (kind_cell(l.committed, unit, lang)) }
                        td.num data-label=(t(lang, Word::Disbursed)) { (kind_cell(l.disbursed, unit, lang)) }
                    }
                }
            }
        } } }
        @if !in_kind.is_empty() {
            p.help.in-kind-apart { (t(lang, Word::InKindNotCounted)) }
        }
    }
}

/// A donor as the reader names it: a country in the reader's language,
/// anything else as written.
pub(super) fn donor_name(donor: &str, lang: Lang) -> Markup {
    match donor_country(donor) {
        Some(code) => html! { (country(code, lang)) },
        None => html! { span.written { (donor) } },
    }
}

/// The country a pledge's donor names, where it names one ("Canada",
/// "CAN", "Gobierno de México" does not).
pub(super) fn donor_country(donor: &str) -> Option<&'static str> {
    corredor_model::country::resolve(donor.trim()).map(|c| c.alpha3)
}

/// When pledge `id` was first reported (its pledge, else its first step):
/// a precedent of 1994 and a pledge of this year read apart.
fn first_date(shown: &[&Pledge], id: &str, lang: Lang) -> Markup {
    match shown
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| p.step(Stage::Pledged).or(p.steps.first()))
    {
        Some(s) => i18n::day(s.date, lang),
        None => html! {},
    }
}

fn kind_cell(d: Option<Decimal>, unit: &str, lang: Lang) -> String {
    d.map(|d| format!("{} {unit}", amount(d, lang)))
        .unwrap_or_default()
}

fn cell(d: Option<Decimal>, lang: Lang) -> String {
    d.map(|d| amount(d, lang)).unwrap_or_default()
}

/// An exact amount, every decimal kept.
pub(super) fn amount(d: Decimal, lang: Lang) -> String {
    let text = d.to_string();
    let (i, f) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    grouped(&i, f.as_deref(), lang)
}

/// The pledges `only` keeps (all without it) under the scorecard's title.
pub(super) fn section(
    pledges: &[Pledge],
    report: &Report,
    lang: Lang,
    only: Option<&dyn Fn(&Pledge) -> bool>,
) -> Markup {
    titled(pledges, report, lang, only, Word::Pledges, "")
}

/// The pledges `only` keeps under `title`; `id` begins its ids, so that a
/// page may hold two such sections.
pub(super) fn titled(
    pledges: &[Pledge],
    report: &Report,
    lang: Lang,
    only: Option<&dyn Fn(&Pledge) -> bool>,
    title: Word,
    id: &str,
) -> Markup {
    let shown: Vec<&Pledge> = pledges
        .iter()
        .filter(|p| only.is_none_or(|f| f(p)))
        .collect();
    let heading = format!("{id}pledges-h");
    html! {
        section.pledges aria-labelledby=(heading) {
            h2 id=(heading) { (t(lang, title)) }
            @if shown.is_empty() {
                p.help { (t(lang, Word::NoPledges)) }
            } @else {
                @match report {
                    Ok(r) => {
                        (unconverted(r.unconverted.iter().filter(|m| shown.iter().any(|p| p.id == m.pledge)), &shown, lang))
                        (pledge_table(r, &shown, id, lang))
                    }
                    Err(pledge::ReportError::MissingRate(m)) => { (unconverted([m], &shown, lang)) }
                    Err(pledge::ReportError::TooLarge(c)) => { p.error { (t(lang, Word::TotalsTooLarge)) " " (c) } }
                }
            }
        }
    }
}

/// The steps no rate converts, in the reader's words: the rate missing,
/// not the operator's hint. Nothing when there are none.
pub(super) fn unconverted<'a>(
    missing: impl IntoIterator<Item = &'a pledge::MissingRate>,
    pledges: &[&Pledge],
    lang: Lang,
) -> Markup {
    let missing: Vec<&pledge::MissingRate> = missing.into_iter().collect();
    html! {
        @if !missing.is_empty() {
            div.unconverted role="note" {
                p { (t(lang, Word::NoRate)) }
                ul { @for m in missing {
                    li data-unconverted=(m.pledge) {
                        span.written { (m.pledge) }
                        @if let Some(p) = pledges.iter().find(|p| p.id == m.pledge) {
                            " (" (donor_name(&p.donor, lang)) ")"
                        }
                        ", " (t(lang, stage_word(m.stage))) " " (amount(m.amount, lang)) " " (m.from)
                        ", " (i18n::day(m.date, lang)) " (" (m.from) " → " (m.to) ")"
                    }
                } }
            }
        }
    }
}

/// The word of a pledge's stage.
pub(super) fn stage_word(stage: Stage) -> Word {
    match stage {
        Stage::Pledged => Word::Pledged,
        Stage::Committed => Word::Committed,
        Stage::Disbursed => Word::Disbursed,
    }
}

/// A recipient as the reader names it: a state in the reader's language,
/// a mechanism by its code.
pub(super) fn recipient_name(code: &str, lang: Lang) -> String {
    if corredor_followup::registry::is_state(code) {
        country(code, lang)
    } else {
        code.to_string()
    }
}
