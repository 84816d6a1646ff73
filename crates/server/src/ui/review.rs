//! National measures set against the commitments, with their reviews:
//! the measures the consistency check lists and those civil society
//! flagged, each with the steps the reader may see (civil society's flag,
//! the country's reply, the secretariat's ruling), in the order taken.

use super::i18n::{colon, semicolon};
use corredor_followup::consistency::{Inconsistency, NationalMeasure};
use corredor_followup::review::{Outcome, Step, StepKind};
use corredor_model::Lang;
use maud::{html, Markup};

use super::i18n;
use super::words::{t, Word};

/// The section's list: `listed` from the consistency check, `measures`
/// every measure (for those only flagged), `steps` those the reader may
/// see; only measures of `country` when given.
pub fn list(
    listed: &[Inconsistency],
    measures: &[NationalMeasure],
    steps: &[Step],
    country: Option<&str>,
    lang: Lang,
) -> Markup {
    let mut shown: Vec<(&NationalMeasure, Option<&Inconsistency>)> = measures
        .iter()
        .filter(|m| country.is_none_or(|c| m.country == c))
        .filter_map(|m| {
            let i = listed.iter().find(|i| i.measure.id == m.id);
            (i.is_some() || steps.iter().any(|s| s.measure == m.id)).then_some((m, i))
        })
        .collect();
    shown.sort_by_key(|(m, _)| (m.date, m.id));
    html! {
        @if shown.is_empty() { p.help { (t(lang, Word::NoMeasures)) } }
        ul.measures {
            @for (m, i) in &shown {
                li id={ "measure-" (m.id) } {
                    @if country.is_none() { (i18n::country(&m.country, lang)) ", " }
                    (i18n::day(m.date, lang)) " — " span.written { (m.title) } " (" (corredor_followup::themes::find(&m.theme).map_or(m.theme.as_str(), |th| th.name(lang))) (semicolon(lang)) span.written { (m.source) } ")"
                    @if let Some(i) = i {
                        (colon(lang)) (i.commitments.join(", "))
                        @if !i.commitments.is_empty() && !i.led_groups.is_empty() { ", " }
                        (i.led_groups.join(", "))
                    }
                    (steps_of(m.id, steps, lang))
                }
            }
        }
    }
}

fn steps_of(measure: i64, steps: &[Step], lang: Lang) -> Markup {
    let of: Vec<&Step> = steps.iter().filter(|s| s.measure == measure).collect();
    html! {
        @if !of.is_empty() {
            ol.review {
                @for s in of {
                    li class={ "step " (s.kind.as_str()) } {
                        time datetime=(s.at) { (i18n::date(&s.at, lang)) } " · " strong { (s.org) } " · "
                        (t(lang, kind(s.kind)))
                        @if let Some(c) = &s.commitment { " (" (c) ")" }
                        @if let Some(o) = s.outcome { (colon(lang)) strong.outcome { (t(lang, outcome(o))) } }
                        (colon(lang)) span.written { (s.text) }
                    }
                }
            }
        }
    }
}

fn kind(k: StepKind) -> Word {
    match k {
        StepKind::Flag => Word::StepFlag,
        StepKind::Reply => Word::StepReply,
        StepKind::Ruling => Word::StepRuling,
    }
}

fn outcome(o: Outcome) -> Word {
    match o {
        Outcome::Contradicts => Word::OutcomeContradicts,
        Outcome::Consistent => Word::OutcomeConsistent,
    }
}
