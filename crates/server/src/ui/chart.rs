//! Time-series charts drawn on the server as SVG: the history, the
//! forecast with its 80% and 95% bands, and the alerts marked. No script, a
//! few kilobytes, readable on a slow connection; the figures are also given
//! as a table for screen readers.

use super::i18n::colon;
use corredor_model::{Lang, Period};
use maud::{html, Markup};

use super::i18n::{number, period, short_month};
use super::words::{t, Word};

#[derive(Debug, Clone, Copy)]
pub struct Point {
    pub period: Period,
    pub value: f64,
}

#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub period: Period,
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// An alert marked on its month: with the range the forecast made the
/// month before gave that month (`lo95`, expected, `hi95`), which the
/// alert's text quotes, when it rests on one.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub period: Period,
    pub range: Option<(f64, f64, f64)>,
}

const W: f64 = 640.0;
const H: f64 = 270.0;
/// Room for the y axis's labels at the size a phone draws them (20 units,
/// `style.css`): "100 mil" is some 77 units wide.
const LEFT: f64 = 88.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
/// Room under the plot for the months, clear of the lowest y label.
const BOTTOM: f64 = 38.0;

/// A chart of the last `history` points (at most 48 shown) and `forecast`;
/// with `axis`, on that time axis (first and last period, of the series'
/// frequency), so that the charts of one page can be read against each
/// other.
pub fn render(
    title: &str,
    history: &[Point],
    forecast: &[Band],
    alerts: &[Mark],
    axis: Option<(Period, Period)>,
    lang: Lang,
) -> Markup {
    let within = |p: &Period| axis.is_none_or(|(a, b)| a <= *p && *p <= b);
    let history: Vec<Point> = history
        .iter()
        .filter(|p| within(&p.period))
        .cloned()
        .collect();
    let forecast: Vec<Band> = forecast
        .iter()
        .filter(|b| within(&b.period))
        .cloned()
        .collect();
    let (history, forecast) = (&history[..], &forecast[..]);
    // From the axis's first period when there is one; else the last 48
    // periods (four years of months), not the last 48 figures: a series
    // with few figures would otherwise reach back decades.
    let from = match axis {
        Some((first, _)) => Some(first),
        None => history.last().and_then(|p| p.period.checked_offset(-47)),
    };
    let start = history
        .iter()
        .position(|p| from.is_none_or(|f| p.period >= f))
        .unwrap_or(history.len());
    let shown = &history[start..];
    let Some(first) = axis.map(|a| a.0).or(shown.first().map(|p| p.period)) else {
        return html! {};
    };
    if shown.is_empty() {
        return html! {};
    }
    let last = axis.map(|a| a.1).unwrap_or_else(|| {
        forecast
            .last()
            .map(|b| b.period)
            .or(shown.last().map(|p| p.period))
            .unwrap_or(first)
    });
    let span = first.steps_to(&last).max(1) as f64;
    // The axis follows the figures and the forecast; a band far above the
    // highest figure is cut at the top (its numbers are in the table
    // below), so that it never flattens the history to a line.
    let ranges: Vec<(Period, (f64, f64, f64))> = alerts
        .iter()
        .filter(|m| shown.iter().any(|p| p.period == m.period))
        .filter_map(|m| Some((m.period, m.range?)))
        .collect();
    let seen = shown
        .iter()
        .map(|p| p.value)
        .chain(forecast.iter().map(|b| b.mean))
        .chain(ranges.iter().map(|(_, (_, mean, _))| *mean))
        .fold(1.0f64, f64::max);
    // The 80% band may raise the axis to twice the highest figure, the
    // 95% band (a tail: one month in twenty) to half as much again, and
    // an alert's own expected range, which its text quotes, to three
    // times; beyond that they are cut at the top. The top is rounded to a
    // step of 1, 1.5, 2, 3, 4, 5, 6 or 8, so that rounding adds a half at
    // most, not the 2.5 times a 1–2–5 step can.
    let likely = forecast.iter().map(|b| b.hi80).fold(0.0f64, f64::max);
    let widest = forecast.iter().map(|b| b.hi95).fold(0.0f64, f64::max);
    let quoted = ranges
        .iter()
        .map(|(_, (_, _, hi))| *hi)
        .fold(0.0f64, f64::max);
    let top = rounded_top(
        seen.max(likely.min(2.0 * seen))
            .max(widest.min(1.5 * seen))
            .max(quoted.min(3.0 * seen)),
    );
    let x = |p: &Period| LEFT + (W - LEFT - RIGHT) * first.steps_to(p) as f64 / span;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
    let line = |pts: &mut dyn Iterator<Item = (f64, f64)>| -> String {
        pts.map(|(a, b)| format!("{a:.1},{b:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let band = |lo: &dyn Fn(&Band) -> f64, hi: &dyn Fn(&Band) -> f64| -> String {
        // From the last observation, so the band starts where the line ends.
        let start = shown.last().map(|p| (x(&p.period), y(p.value)));
        let upper = start
            .into_iter()
            .chain(forecast.iter().map(|b| (x(&b.period), y(hi(b)))));
        let lower = forecast
            .iter()
            .rev()
            .map(|b| (x(&b.period), y(lo(b))))
            .chain(start);
        line(&mut upper.chain(lower))
    };
    // A month with no figure is a gap in the line, never a slope across it.
    let mut runs: Vec<Vec<&Point>> = Vec::new();
    for p in shown {
        match runs.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|q| q.period.steps_to(&p.period) == 1) =>
            {
                run.push(p)
            }
            _ => runs.push(vec![p]),
        }
    }
    let history_lines: Vec<String> = runs
        .iter()
        .filter(|r| r.len() > 1)
        .map(|r| line(&mut r.iter().map(|p| (x(&p.period), y(p.value)))))
        .collect();
    let lone: Vec<&Point> = runs.iter().filter(|r| r.len() == 1).map(|r| r[0]).collect();
    let forecast_line = line(
        &mut shown
            .last()
            .map(|p| (x(&p.period), y(p.value)))
            .into_iter()
            .chain(forecast.iter().map(|b| (x(&b.period), y(b.mean)))),
    );
    // Counts are whole: a middle gridline at 7.5 would be labelled 8, so
    // a top of 15 is split in thirds (5, 10) rather than halves.
    let ticks: Vec<f64> = if (top / 2.0).fract() == 0.0 {
        vec![0.0, top / 2.0, top]
    } else if (top / 3.0).fract() == 0.0 {
        vec![0.0, top / 3.0, 2.0 * top / 3.0, top]
    } else {
        vec![0.0, top]
    };
    // One time axis: a label every `step` periods from the first shown to
    // the last forecast, whether or not a figure is there.
    let step = (span as usize).div_ceil(6).max(1);
    let xticks: Vec<Period> = (0..=span as usize)
        .step_by(step)
        .map(|k| first.offset(k as i64))
        .collect();
    let at_edge = |p: &Period| x(p) > W - RIGHT - 40.0;
    // A label is some 60 units wide at the size a wide screen draws it:
    // the last, ended at the edge, and the one before, centred on its
    // month, touch when their months are less than 100 units apart.
    let crowded = match xticks[..] {
        [.., a, b] => at_edge(&b) && x(&b) - x(&a) < 100.0,
        _ => false,
    };
    // Several charts share a page: each clips to its own plot area.
    static CHARTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let clip = format!(
        "plot-{}",
        CHARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    html! {
        figure.chart {
            svg viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(title) {
                title { (title) }
                // Bands cut at the top gridline, not above it.
                defs { clipPath id=(clip) { rect x=(LEFT) y=(TOP) width=(W - LEFT - RIGHT + 1.0) height=(H - BOTTOM - TOP) {} } }
                @for v in ticks {
                    line.grid x1=(LEFT) x2=(W - RIGHT) y1=(y(v)) y2=(y(v)) {}
                    text.ylabel x=(LEFT - 6.0) y=(y(v) + 4.0) text-anchor="end" { (compact(v, lang)) }
                }
                // Every other label gives way on a narrow screen, where
                // the labels are drawn larger (the style sheet).
                @for (i, p) in xticks.iter().enumerate() {
                    // A label at the right edge ends there, not past it;
                    // the one before it gives way when they would touch.
                    @if !(i + 2 == xticks.len() && crowded) {
                        text class={ "xlabel" @if i % 2 == 1 { " alternate" } } data-period=(p) x=(x(p)) y=(H - 8.0) text-anchor=(if at_edge(p) { "end" } else { "middle" }) { (short_month(p, lang)) }
                    }
                }
                g clip-path={ "url(#" (clip) ")" } {
                    @if !forecast.is_empty() {
                        polygon.band95 points=(band(&|b| b.lo95, &|b| b.hi95)) {}
                        polygon.band80 points=(band(&|b| b.lo80, &|b| b.hi80)) {}
                        polyline.forecast points=(forecast_line) {}
                    }
                }
                // The range the alert's month was expected in, drawn at
                // that month as a bar with the expected figure across it.
                g clip-path={ "url(#" (clip) ")" } {
                    @for (p, (lo, mean, hi)) in &ranges {
                        line.alert-range x1=(x(p)) x2=(x(p)) y1=(y(*lo)) y2=(y(*hi)) {
                            title { (t(lang, Word::AlertRange)) (colon(lang)) (number(*lo, lang)) "–" (number(*hi, lang)) }
                        }
                        line.alert-expected x1=(x(p) - 6.0) x2=(x(p) + 6.0) y1=(y(*mean)) y2=(y(*mean)) {}
                    }
                }
                @for l in &history_lines { polyline.history points=(l) {} }
                @for p in &lone { circle.history-point cx=(x(&p.period)) cy=(y(p.value)) r="2.5" {} }
                @for a in alerts {
                    @if let Some(p) = shown.iter().find(|p| p.period == a.period) {
                        circle.alert-mark cx=(x(&p.period)) cy=(y(p.value)) r="5" {
                            title { (t(lang, Word::AlertMark)) (colon(lang)) (period(&a.period, lang)) }
                        }
                    }
                }
            }
            figcaption.chart-legend {
                span.key { span.swatch.history-key {} (t(lang, Word::ObservedLine)) }
                // Each key only for what the chart draws.
                @if !forecast.is_empty() {
                    span.key { span.swatch.forecast-key {} (t(lang, Word::ForecastLine)) }
                    span.key { span.swatch.band80-key {} (t(lang, Word::Band80)) }
                    span.key { span.swatch.band95-key {} (t(lang, Word::Band95)) }
                }
                @if alerts.iter().any(|a| shown.iter().any(|p| p.period == a.period)) {
                    span.key { span.swatch.alert-key {} (t(lang, Word::AlertMark)) }
                }
                @if !ranges.is_empty() {
                    span.key { span.swatch.range-key {} (t(lang, Word::AlertRange)) }
                }
            }
        }
    }
}

/// An axis label short enough for the margin: thousands as `k`, millions
/// as `M` (Spanish `mil`/`M`, Portuguese `mil`/`mi`), the number itself
/// below ten thousand.
pub(super) fn compact(v: f64, lang: Lang) -> String {
    // CLDR's short forms: Spanish "mil" and "M", French "k" and "M".
    let (k, m) = match lang {
        Lang::Pt => (" mil", " mi"),
        Lang::Es => (" mil", " M"),
        Lang::En => ("k", "M"),
        Lang::Fr => (" k", " M"),
    };
    if v >= 1e6 {
        format!("{}{m}", number_trim(v / 1e6, lang))
    } else if v >= 1e4 {
        format!("{}{k}", number_trim(v / 1e3, lang))
    } else {
        number(v, lang)
    }
}

/// A number with at most one decimal, none when it is whole.
fn number_trim(v: f64, lang: Lang) -> String {
    if (v - v.round()).abs() < 0.05 {
        number(v.round(), lang)
    } else {
        super::i18n::decimal(v, 1, lang)
    }
}

/// The top of a chart's value axis: `v` rounded up to 1, 1.5, 2, 3, 4, 5,
/// 6 or 8 times a power of ten, so that the history fills most of the
/// height.
fn rounded_top(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        // Counts are whole, and so is the axis' top (2, not 1.5).
        .find(|&t| v <= t && t.fract() == 0.0)
        .unwrap_or(10.0 * p)
}

/// A round upper bound for an axis: 1, 2 or 5 times a power of ten.
pub(super) fn nice(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if v <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The y axis's labels of a rendered chart, bottom first.
    fn ylabels(svg: &str) -> Vec<String> {
        svg.split("class=\"ylabel\"")
            .skip(1)
            .map(|rest| {
                let text = &rest[rest.find('>').unwrap() + 1..];
                text[..text.find('<').unwrap()].to_string()
            })
            .collect()
    }

    #[test]
    fn a_chart_has_its_line_its_bands_and_its_alerts() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let history: Vec<Point> = (0..24)
            .map(|i| Point {
                period: p("2023-01").offset(i),
                value: 100.0 + i as f64,
            })
            .collect();
        let forecast = vec![Band {
            period: p("2025-01"),
            mean: 130.0,
            lo80: 110.0,
            hi80: 150.0,
            lo95: 100.0,
            hi95: 170.0,
        }];
        let mark = Mark {
            period: p("2024-12"),
            range: Some((90.0, 110.0, 130.0)),
        };
        let svg = render("t", &history, &forecast, &[mark], None, Lang::Es).into_string();
        assert!(svg.contains("class=\"band95\""));
        assert!(svg.contains("class=\"band80\""));
        assert!(svg.contains("class=\"alert-mark\""));
        // The alert's month shows the range its text quotes.
        assert!(svg.contains("class=\"alert-range\""), "{svg}");
        assert!(
            svg.contains(
                ">intervalo del 95\u{a0}% esperado para el período de la alerta: 90–130</title>"
            ),
            "{svg}"
        );
        assert!(svg.contains("intervalo del 95\u{a0}%"));
        assert_eq!(nice(173.0), 200.0);
        assert_eq!(nice(0.7), 1.0);
    }

    #[test]
    fn axis_labels_abbreviate_as_each_language_does() {
        assert_eq!(compact(20_000.0, Lang::Es), "20 mil");
        assert_eq!(compact(2_500_000.0, Lang::Es), "2,5 M");
        assert_eq!(compact(20_000.0, Lang::En), "20k");
        assert_eq!(compact(20_000.0, Lang::Fr), "20 k");
        assert_eq!(compact(2_000_000.0, Lang::Pt), "2 mi");
    }

    #[test]
    fn the_axis_labels_read_the_gridlines_they_stand_by() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let labels = |values: &[f64]| -> Vec<String> {
            let history: Vec<Point> = values
                .iter()
                .enumerate()
                .map(|(i, &value)| Point {
                    period: p("2024-01").offset(i as i64),
                    value,
                })
                .collect();
            ylabels(&render("t", &history, &[], &[], None, Lang::En).into_string())
        };
        assert_eq!(labels(&[1.0, 2.0, 3.0, 4.0]), ["0", "2", "4"]);
        assert_eq!(labels(&[1.0, 1.0]), ["0", "1"]);
        assert_eq!(labels(&[1.0, 14.0]), ["0", "5", "10", "15"]);
        assert_eq!(labels(&[1.0, 1.2]), ["0", "1", "2"]);
        assert_eq!(labels(&[10.0, 150.0]), ["0", "75", "150"]);
        assert_eq!(labels(&[10.0, 151.0]), ["0", "100", "200"]);
        assert_eq!(labels(&[10.0, 2_900.0]), ["0", "1,500", "3,000"]);
    }

    #[test]
    fn a_wide_band_does_not_set_the_scale_and_the_legend_names_only_what_is_drawn() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let history: Vec<Point> = (0..12)
            .map(|i| Point {
                period: p("2024-01").offset(i),
                value: 60.0 + i as f64 * 3.0,
            })
            .collect();
        let band = |i: i64, hi80: f64, hi95: f64| Band {
            period: p("2025-01").offset(i),
            mean: 90.0,
            lo80: 60.0,
            hi80,
            lo95: 20.0,
            hi95,
        };
        // The highest figure 93: a 95% band to 10,000 raises the axis to
        // 1.5 times it at most (139.5, shown to 150), an 80% band to twice
        // (186, shown to 200).
        let forecast = [band(0, 120.0, 10_000.0), band(1, 130.0, 10_000.0)];
        let svg = render("t", &history, &forecast, &[], None, Lang::En).into_string();
        assert_eq!(ylabels(&svg), ["0", "75", "150"], "{svg}");
        let forecast = [band(0, 250.0, 10_000.0)];
        let svg = render("t", &history, &forecast, &[], None, Lang::En).into_string();
        assert_eq!(ylabels(&svg), ["0", "100", "200"], "{svg}");
        // No alert marked, no alert in the legend; no forecast, no bands.
        assert!(!svg.contains("alert-key"), "{svg}");
        let svg = render("t", &history, &[], &[], None, Lang::En).into_string();
        assert!(
            !svg.contains("band95-key") && !svg.contains("forecast-key"),
            "{svg}"
        );
        let mark = [Mark {
            period: p("2024-12"),
            range: None,
        }];
        let svg = render("t", &history, &forecast, &mark, None, Lang::En).into_string();
        assert!(
            svg.contains("alert-key") && svg.contains("band95-key"),
            "{svg}"
        );
    }

    #[test]
    fn a_sparse_series_shows_its_last_four_years_not_its_last_48_figures() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        // A figure each January since 2001, then every month of 2024.
        let mut history: Vec<Point> = (0..23)
            .map(|i| Point {
                period: p("2001-01").offset(12 * i),
                value: 5.0,
            })
            .collect();
        history.extend((1..12).map(|i| Point {
            period: p("2024-01").offset(i),
            value: 9.0,
        }));
        let svg = render("t", &history, &[], &[], None, Lang::En).into_string();
        let first = svg.split("data-period=\"").nth(1).unwrap();
        assert_eq!(&first[..7], "2021-01", "{svg}");
    }

    #[test]
    fn a_series_of_the_first_supported_years_is_drawn() {
        let history: Vec<Point> = (0..5)
            .map(|i| Point {
                period: "1900-01".parse::<Period>().unwrap().offset(i),
                value: 3.0,
            })
            .collect();
        let svg = render("t", &history, &[], &[], None, Lang::En).into_string();
        assert!(svg.contains("data-period=\"1900-01\""), "{svg}");
    }
}
