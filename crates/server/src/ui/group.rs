//! A working group's standard report on its page: the charter (purpose,
//! expected outcomes), who takes part on the day with the dated changes,
//! and the mechanism's meetings. The commitments with their statuses and
//! civil society's reports follow on the page (`ui::scorecard`); the same
//! report is JSON at `/api/v1/groups/{id}/report`.

use super::i18n::colon;
use corredor_app::followup::GroupReport;
use corredor_followup::groups::EventKind;
use corredor_model::Lang;
use maud::{html, Markup};

use super::i18n::{self, country};
use super::words::{t, Word};

fn names(codes: &[String], lang: Lang) -> String {
    codes
        .iter()
        .map(|c| country(c, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind(k: EventKind) -> Word {
    match k {
        EventKind::Join => Word::GroupJoins,
        EventKind::Leave => Word::GroupLeaves,
        EventKind::Lead => Word::GroupTakesLead,
        EventKind::CoLead => Word::GroupCoLeads,
    }
}

pub fn format(r: &GroupReport, lang: Lang) -> Markup {
    html! {
        section.charter aria-labelledby="charter-h" {
            h2 #charter-h { (t(lang, Word::Purpose)) }
            @match &r.charter {
                Some(c) => {
                    p.purpose.written { (c.purpose) }
                    h3 { (t(lang, Word::ExpectedOutcomes)) }
                    ol.outcomes.written { @for o in &c.outcomes { li { (o) } } }
                    p.provenance { (t(lang, Word::Source)) (colon(lang)) (c.source) }
                }
                None => p.help { (t(lang, Word::NoCharter)) }
            }
        }
        section aria-labelledby="roster-h" {
            h2 #roster-h { (t(lang, Word::TakesPart)) " (" (i18n::day(r.on, lang)) ")" }
            dl.roster {
                @if !r.roster.leads.is_empty() { dt { (t(lang, Word::Lead)) } dd { (names(&r.roster.leads, lang)) } }
                @if !r.roster.co_leads.is_empty() { dt { (t(lang, if r.roster.co_leads.len() == 1 { Word::CoLead } else { Word::CoLeads })) } dd { (names(&r.roster.co_leads, lang)) } }
                dt { (t(lang, Word::Participants)) }
                dd { @if r.roster.participants.is_empty() { "—" } @else { (names(&r.roster.participants, lang)) } }
            }
            @if !r.events.is_empty() {
                ol.group-events {
                    @for e in &r.events {
                        li { (i18n::day(e.date, lang)) " · " (t(lang, kind(e.kind))) (colon(lang)) (country(&e.participant, lang)) " (" span.written { (e.source) } ")" }
                    }
                }
            }
        }
        section aria-labelledby="meetings-h" {
            h2 #meetings-h { (t(lang, Word::Meetings)) }
            @if r.meetings.is_empty() { p.help { (t(lang, Word::NoMeetings)) } }
            ul.meetings {
                @for m in &r.meetings {
                    li { time datetime=(m.start) { (i18n::date(&m.start.to_string(), lang)) } "–" time datetime=(m.end) { (i18n::date(&m.end.to_string(), lang)) } ", " span.written { (m.place) @if !m.title.is_empty() { (colon(lang)) (m.title) } } }
                }
            }
        }
        p.help { a href={ "/api/v1/groups/" (r.group.id) "/report" } { (t(lang, Word::GroupJson)) } }
    }
}
