//! A commitment's indicator as a small chart: the straight path from its
//! baseline to its target, the governments' figures as points, and a
//! labelled value axis.

use chrono::NaiveDate;
use corredor_app::followup::IndicatorView;
use corredor_followup::indicator::{self, Indicator, Measurement};
use corredor_model::locale::grouped;
use corredor_model::Lang;
use maud::{html, Markup};

use super::i18n::{self, colon};
use super::words::{t, Word};

const CW: f64 = 360.0;
const CH: f64 = 140.0;
const PAD: f64 = 28.0;
/// The left margin, wide enough for the value axis's labels.
const LEFT: f64 = 52.0;

/// An indicator's chart: the straight path from baseline to target, and
/// the governments' figures as points; the same figures are in the table
/// beside it for screen readers and print.
pub(super) fn indicator_chart(i: &IndicatorView, lang: Lang) -> Markup {
    chart(&i.indicator, &i.measurements, i.countries.len() > 1, lang)
}

/// The chart of `ind` with its figures `measurements`, each point named
/// by its country where the commitment is of `several` countries or the
/// figures are.
fn chart(ind: &Indicator, measurements: &[Measurement], several: bool, lang: Lang) -> Markup {
    let last = measurements
        .iter()
        .map(|m| m.date)
        .max()
        .map_or(ind.deadline, |d| d.max(ind.deadline));
    // From the baseline, or from a figure dated before it.
    let first = measurements
        .iter()
        .map(|m| m.date)
        .min()
        .map_or(ind.baseline_date, |d| d.min(ind.baseline_date));
    let span = (last - first).num_days().max(1) as f64;
    let values = measurements
        .iter()
        .map(|m| m.value)
        .chain([ind.baseline, ind.target]);
    let ticks = value_axis(values);
    let (lo, hi) = (ticks[0], ticks[2]);
    let x = |d: NaiveDate| LEFT + (CW - LEFT - PAD) * (d - first).num_days() as f64 / span;
    let y = |v: f64| CH - PAD - (CH - 2.0 * PAD) * (v - lo) / (hi - lo);
    let tick = |v: f64| tick_label(v, ticks[2] - ticks[1], lang);
    let several = several
        || measurements
            .iter()
            .filter_map(|m| m.country.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1;
    // Figures of several countries: each point says whose, its label moved
    // down where it would cover another's.
    let labels = if several {
        spread(
            measurements
                .iter()
                .map(|m| (x(m.date), y(m.value) + 3.5))
                .collect(),
        )
    } else {
        Vec::new()
    };
    let label = format!(
        "{}{}{}",
        t(lang, Word::Path),
        colon(lang),
        indicator::shown_name(&ind.name, lang)
    );
    html! {
        figure.indicator-chart {
            svg viewBox={ "0 0 " (CW) " " (CH) } role="img" aria-label=(label) {
                @for v in ticks {
                    line.grid x1=(LEFT) x2=(CW - PAD) y1=(format!("{:.1}", y(v))) y2=(format!("{:.1}", y(v))) {}
                    text.ylabel x=(LEFT - 4.0) y=(format!("{:.1}", y(v) + 3.5)) text-anchor="end" { (tick(v)) }
                }
                line.axis x1=(LEFT) y1=(PAD) x2=(LEFT) y2=(CH - PAD) {}
                line.axis x1=(LEFT) y1=(CH - PAD) x2=(CW - PAD) y2=(CH - PAD) {}
                line.path x1=(format!("{:.1}", x(ind.baseline_date))) y1=(format!("{:.1}", y(ind.baseline)))
                    x2=(format!("{:.1}", x(ind.deadline))) y2=(format!("{:.1}", y(ind.target))) {}
                @for (k, m) in measurements.iter().enumerate() {
                    circle.figure cx=(format!("{:.1}", x(m.date))) cy=(format!("{:.1}", y(m.value))) r="4" {
                        title {
                            @if let Some(c) = &m.country { (i18n::country(c, lang)) ", " }
                            (i18n::date(&m.date.to_string(), lang)) (colon(lang)) (with_unit(&figure(m.value, lang), &ind.unit, lang))
                        }
                    }
                    @if let (Some((lx, ly)), Some(c)) = (labels.get(k), &m.country) {
                        text.point-label x=(format!("{:.1}", lx + 6.0)) y=(format!("{:.1}", ly)) { (c) }
                    }
                }
                text x=(LEFT) y=(CH - 8.0) { (month_of(first, lang)) }
                text x=(CW - PAD) y=(CH - 8.0) text-anchor="end" { (month_of(last, lang)) }
            }
        }
    }
}

/// The labels' baselines for points at `at` (x, y), in the same order:
/// a label within a label's width of another and less than a line from it
/// moves to the nearest free line below or above, inside the plot; where
/// none is free it stays at its point.
fn spread(at: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    const LINE: f64 = 10.0;
    const WIDTH: f64 = 24.0;
    // Baselines inside the plot: a line under its top, above its axis.
    let (top, bottom) = (PAD + LINE, CH - PAD - 2.0);
    let mut order: Vec<usize> = (0..at.len()).collect();
    order.sort_by(|&a, &b| at[a].1.total_cmp(&at[b].1).then(a.cmp(&b)));
    let mut placed: Vec<(f64, f64)> = at.clone();
    let mut done: Vec<usize> = Vec::new();
    for k in order {
        let (x, y) = at[k];
        let free = |y: f64| {
            done.iter()
                .all(|&d| (placed[d].0 - x).abs() >= WIDTH || (placed[d].1 - y).abs() >= LINE)
        };
        let steps = ((bottom - top) / LINE).ceil() as i64 + 1;
        let y = (0..=steps)
            .flat_map(|s| [y + s as f64 * LINE, y - s as f64 * LINE])
            .find(|&c| (top..=bottom).contains(&c) && free(c))
            .unwrap_or(y);
        placed[k] = (x, y);
        done.push(k);
    }
    placed
}

/// A date's month as an axis labels it ("Jan 2024").
fn month_of(d: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    corredor_model::Period::month(d.year(), d.month())
        .map(|p| i18n::short_month(&p, lang))
        .unwrap_or_else(|| d.to_string())
}

/// An indicator's figure: up to two decimals, none when it is whole.
pub(super) fn figure(v: f64, lang: Lang) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (i, f) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    grouped(i, f, lang)
}

/// A tick's label: large values shortened (`2 M`), small steps with as
/// many decimals as tell the ticks apart (0.0025, not 0), never `-0`.
fn tick_label(v: f64, step: f64, lang: Lang) -> String {
    if v.abs() >= 1e4 {
        let sign = if v < 0.0 { "−" } else { "" };
        format!("{sign}{}", super::chart::compact(v.abs(), lang))
    } else if step > 0.0 && step < 0.01 {
        // Six decimals, then the zeros that say nothing, and a separator
        // left alone.
        corredor_model::locale::decimal(v, 6, lang)
            .trim_end_matches('0')
            .trim_end_matches(['.', ','])
            .to_string()
    } else {
        figure(v, lang)
    }
}

/// The value axis's three labelled ticks for `values`: from zero to a
/// round figure above the highest; below zero, the lowest, zero and the
/// highest (or the middle, when nothing is above zero).
fn value_axis(values: impl Iterator<Item = f64>) -> [f64; 3] {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    // Zero is always on the axis.
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let hi = if lo == 0.0 {
        super::chart::nice(hi)
    } else {
        hi
    };
    let middle = if lo < 0.0 && hi > 0.0 {
        0.0
    } else {
        (lo + hi) / 2.0
    };
    [lo, middle, hi]
}

/// A figure with its unit, a percentage written as the reader's language
/// writes one (68% in English, 68 % in French).
fn with_unit(figure: &str, unit: &str, lang: Lang) -> String {
    if unit == "%" {
        i18n::percent(figure, lang)
    } else {
        format!("{figure} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(countries: &[(&str, &str, f64)]) -> (Indicator, Vec<Measurement>) {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let ind = Indicator {
            id: 1,
            commitment: "c".into(),
            name: "Share of applications decided within six months".into(),
            unit: "%".into(),
            baseline: 40.0,
            baseline_date: day("2023-01-01"),
            target: 80.0,
            deadline: day("2026-12-31"),
            reporting: indicator::Reporting::Annual,
        };
        let measurements = countries
            .iter()
            .map(|&(country, date, value)| Measurement {
                date: day(date),
                value,
                source: "s".into(),
                country: Some(country.into()),
                reporter: country.into(),
            })
            .collect();
        (ind, measurements)
    }

    /// The point labels of a chart: (text, x, y).
    fn labels(html: &str) -> Vec<(String, f64, f64)> {
        html.split("<text class=\"point-label\" ")
            .skip(1)
            .map(|t| {
                let attr = |name: &str| -> f64 {
                    let at = t.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    t[at..].split('"').next().unwrap().parse().unwrap()
                };
                let text = t.split('>').nth(1).unwrap().split('<').next().unwrap();
                (text.to_string(), attr("x"), attr("y"))
            })
            .collect()
    }

    #[test]
    fn each_point_names_its_country_when_there_are_several_and_no_two_labels_cover_each_other() {
        let (ind, ms) = figures(&[
            ("MEX", "2024-06-30", 55.0),
            ("GTM", "2024-06-30", 55.0),
            ("HND", "2024-07-31", 56.0),
            ("GTM", "2025-06-30", 70.0),
        ]);
        let html = chart(&ind, &ms, false, Lang::En).into_string();
        let got = labels(&html);
        assert_eq!(
            got.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
            ["MEX", "GTM", "HND", "GTM"],
            "{html}"
        );
        for (i, a) in got.iter().enumerate() {
            for b in &got[i + 1..] {
                assert!(
                    (a.1 - b.1).abs() >= 24.0 || (a.2 - b.2).abs() >= 10.0,
                    "{a:?} covers {b:?}"
                );
            }
            assert!(a.1 + 20.0 <= CW, "{a:?} runs out of the chart");
        }
        // Low figures close together stay inside the plot.
        let (ind, ms) = figures(&[
            ("MEX", "2024-06-30", 0.0),
            ("GTM", "2024-06-30", 0.0),
            ("HND", "2024-06-30", 0.0),
            ("SLV", "2024-06-30", 1.0),
        ]);
        for l in labels(&chart(&ind, &ms, false, Lang::En).into_string()) {
            assert!(l.2 <= CH - PAD && l.2 >= PAD, "{l:?} outside the plot");
        }
        // One country's figures need no label, unless the commitment is of
        // several countries (the others have not reported).
        let (ind, ms) = figures(&[("MEX", "2024-06-30", 55.0), ("MEX", "2025-06-30", 60.0)]);
        assert!(labels(&chart(&ind, &ms, false, Lang::En).into_string()).is_empty());
        assert_eq!(
            labels(&chart(&ind, &ms, true, Lang::En).into_string()).len(),
            2
        );
    }

    #[test]
    fn the_value_axis_runs_from_zero_to_a_round_figure() {
        assert_eq!(
            value_axis([40.0, 80.0, 68.0, 49.0].into_iter()),
            [0.0, 50.0, 100.0]
        );
        assert_eq!(value_axis([0.0, 0.0].into_iter()), [0.0, 0.5, 1.0]);
        assert_eq!(value_axis([0.3, 0.1].into_iter()), [0.0, 0.25, 0.5]);
        assert_eq!(value_axis([-3.0, 2.0].into_iter()), [-3.0, 0.0, 2.0]);
        assert_eq!(value_axis([-3.0, -1.0].into_iter()), [-3.0, -1.5, 0.0]);
        assert_eq!(value_axis([1_250_000.0].into_iter()), [0.0, 1e6, 2e6]);
        assert_eq!(crate::ui::chart::compact(2e6, Lang::Es), "2 M");
        let labels = |axis: [f64; 3]| axis.map(|v| tick_label(v, axis[2] - axis[1], Lang::Es));
        assert_eq!(
            labels(value_axis([0.003].into_iter())),
            ["0", "0,0025", "0,005"]
        );
        assert_eq!(
            labels(value_axis([-2e4, 3.0].into_iter())),
            ["−20 mil", "0", "3"]
        );
    }
}
