//! The scorecard's integration figures: foreign-born against native-born
//! workers and the immigrant stock, per country of the Americas, each
//! figure beside the year it is of; a country the tables do not cover
//! says so rather than showing a blank. The figures come from
//! `corredor_app::followup::integration_view`, as the API's do.

use corredor_followup::integration::{Comparison, CountryIntegration, Dated, Stock};
use corredor_model::Lang;
use maud::{html, Markup};

use super::i18n::{country, decimal, percent, sort_key};
use super::words::{t, Word};

fn year(y: i32) -> Markup {
    html! { " " span.year { "(" (y) ")" } }
}

fn none(lang: Lang) -> Markup {
    html! { span.help.no-figure { (t(lang, Word::NoFigure)) } }
}

fn comparison(c: Option<Comparison>, lang: Lang) -> Markup {
    match c {
        Some(c) => html! {
            (decimal(c.foreign_born, 1, lang)) " / " (decimal(c.native_born, 1, lang)) (year(c.year))
        },
        None => none(lang),
    }
}

fn dated(d: Option<Dated>, signed: bool, lang: Lang) -> Markup {
    match d {
        Some(d) => html! {
            // The sign of the figure as shown: 0.04 is "0.0", not "+0.0";
            // a minus is a minus sign, as elsewhere on the pages.
            @if signed && (d.value * 10.0).round() > 0.0 { "+" }
            @if signed && (d.value * 10.0).round() < 0.0 { "\u{2212}" (decimal(-d.value, 1, lang)) }
            @else { (decimal(d.value, 1, lang)) }
            (year(d.year))
        },
        None => none(lang),
    }
}

/// The gap as the page shows it: the difference of the two rates as they
/// are printed (one decimal each), so that a reader who subtracts them
/// finds the same figure. The API keeps the exact difference.
fn shown_gap(r: &CountryIntegration) -> Option<Dated> {
    // Rounded as the page prints them (`format!` on the exact binary
    // value: 8.45 is 8.4499… and prints 8.4).
    let tenth = |v: f64| format!("{v:.1}").parse::<f64>().unwrap_or(v);
    match r.unemployment {
        Some(u) => Some(Dated {
            value: tenth(u.foreign_born) - tenth(u.native_born),
            year: u.year,
        }),
        None => r.unemployment_gap,
    }
}

fn share(part: Option<f64>, total: f64) -> Option<f64> {
    part.filter(|_| total > 0.0).map(|p| 100.0 * p / total)
}

fn stock(s: Option<Stock>, lang: Lang) -> Markup {
    match s {
        Some(s) => html! {
            (decimal(s.total, 0, lang)) (year(s.year))
            @if let Some(w) = share(s.female, s.total) {
                br; span.help { (percent(&decimal(w, 0, lang), lang)) " " (t(lang, Word::Women)) }
            }
            @if let Some(y) = share(s.under_20, s.total) {
                " · " span.help { (percent(&decimal(y, 0, lang), lang)) " " (t(lang, Word::Under20)) }
            }
        },
        None => none(lang),
    }
}

/// The table of every country, one row each, in the alphabetical order of
/// their names in `lang` (accents do not count; Spanish puts ñ after n).
pub fn table(rows: &[CountryIntegration], lang: Lang) -> Markup {
    let mut rows: Vec<(String, &CountryIntegration)> = rows
        .iter()
        .map(|r| (country(&r.country, lang), r))
        .collect();
    rows.sort_by_cached_key(|(name, _)| sort_key(name, lang));
    html! {
        section.integration #integration aria-labelledby="integration-h" {
            h2 #integration-h { (t(lang, Word::Integration)) }
            p.help { (t(lang, Word::IntegrationHelp)) }
            div.scroll tabindex="0" { table.cards {
                thead { tr {
                    th scope="col" { (t(lang, Word::CountryColumn)) }
                    th scope="col" class="num" { (t(lang, Word::Unemployment)) br; span.help { (t(lang, Word::ForeignNative)) } }
                    th scope="col" class="num" { (t(lang, Word::UnemploymentGap)) }
                    th scope="col" class="num" { (t(lang, Word::Elementary)) br; span.help { (t(lang, Word::ForeignNative)) } }
                    th scope="col" class="num" { (t(lang, Word::EarningsRatio)) }
                    th scope="col" class="num" { (t(lang, Word::Immigrants)) }
                } }
                tbody {
                    @for (name, r) in &rows {
                        tr data-country=(r.country) {
                            th scope="row" { a href={ "/scorecard/country/" (r.country) } { (name) } }
                            td.num.unemployment data-label=(format!("{}, {}", t(lang, Word::Unemployment), t(lang, Word::ForeignNative))) { div { (comparison(r.unemployment, lang)) } }
                            td.num.gap data-label=(t(lang, Word::UnemploymentGap)) { div { (dated(shown_gap(r), true, lang)) } }
                            td.num.elementary data-label=(format!("{}, {}", t(lang, Word::Elementary), t(lang, Word::ForeignNative))) { div { (comparison(r.elementary, lang)) } }
                            td.num.earnings data-label=(t(lang, Word::EarningsRatio)) { div { (dated(r.earnings_ratio, false, lang)) } }
                            td.num.stock data-label=(t(lang, Word::Immigrants)) { div { (stock(r.stock, lang)) } }
                        }
                    }
                }
            } }
        }
    }
}

/// One country's figures, for its page.
pub fn facts(r: &CountryIntegration, lang: Lang) -> Markup {
    html! {
        section.integration #integration aria-labelledby="integration-h" {
            h2 #integration-h { (t(lang, Word::Integration)) }
            p.help { (t(lang, Word::IntegrationHelp)) }
            dl.facts {
                dt { (t(lang, Word::Unemployment)) ", " (t(lang, Word::ForeignNative)) } dd.unemployment { (comparison(r.unemployment, lang)) }
                dt { (t(lang, Word::UnemploymentGap)) } dd.gap { (dated(shown_gap(r), true, lang)) }
                dt { (t(lang, Word::Elementary)) ", " (t(lang, Word::ForeignNative)) } dd.elementary { (comparison(r.elementary, lang)) }
                dt { (t(lang, Word::EarningsRatio)) } dd.earnings { (dated(r.earnings_ratio, false, lang)) }
                dt { (t(lang, Word::Immigrants)) } dd.stock { (stock(r.stock, lang)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_without_figures_says_so_and_a_gap_shows_its_sign_and_year() {
        let row = CountryIntegration {
            country: "CHL".into(),
            unemployment: Some(Comparison {
                year: 2023,
                foreign_born: 9.04,
                native_born: 8.5,
            }),
            unemployment_gap: Some(Dated {
                value: 0.54,
                year: 2023,
            }),
            elementary: None,
            earnings_ratio: None,
            stock: None,
        };
        let html = table(std::slice::from_ref(&row), Lang::Es).into_string();
        assert!(html.contains("9,0 / 8,5"), "{html}");
        assert!(
            html.contains("+0,5 <span class=\"year\">(2023)</span>"),
            "{html}"
        );
        assert!(html.contains("sin cifra en las tablas"), "{html}");
        assert_eq!(decimal(-1234.56, 1, Lang::En), "-1,234.6");
        // 9.06 and 8.54 print as 9.1 and 8.5: the gap reads 0.6, not the
        // 0.5 that 0.52 would round to.
        let row = CountryIntegration {
            unemployment: Some(Comparison {
                year: 2023,
                foreign_born: 9.06,
                native_born: 8.54,
            }),
            unemployment_gap: Some(Dated {
                value: 0.52,
                year: 2023,
            }),
            ..row
        };
        let html = facts(&row, Lang::En).into_string();
        assert!(html.contains("9.1 / 8.5"), "{html}");
        assert!(html.contains("+0.6 <span"), "{html}");
        // 8.45 is stored as 8.4499… and prints 8.4: the gap to 9.2 is 0.8.
        let row = CountryIntegration {
            unemployment: Some(Comparison {
                year: 2023,
                foreign_born: 9.2,
                native_born: 8.45,
            }),
            ..row
        };
        let html = facts(&row, Lang::En).into_string();
        assert!(html.contains("9.2 / 8.4"), "{html}");
        assert!(html.contains("+0.8 <span"), "{html}");
        // A gap below zero carries a minus sign, not a hyphen.
        let row = CountryIntegration {
            unemployment: Some(Comparison {
                year: 2023,
                foreign_born: 4.0,
                native_born: 5.9,
            }),
            ..row
        };
        let html = facts(&row, Lang::Fr).into_string();
        assert!(html.contains("\u{2212}1,9 <span"), "{html}");
    }
}
