//! The early warning over the store: load series (with the sharing of the
//! data they come from), run the pure detectors of `corredor-warning`, and
//! work out who may see each alert and what it means downstream.
//!
//! The command line's `scan --as-of`, the backtest and the server's rescans
//! all come through [`load`] and [`detect`], so a live alert and a replayed
//! one are computed by the same code.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use corredor_model::{Frequency, Period, SeriesKey, Sharing};
use corredor_store::{Access, Filter, ReadOptions, Store};
use corredor_warning::corridor::{self, Downstream, RouteFile};
use corredor_warning::quality::{self, Confirmed};
use corredor_warning::{backtest, triage, Alert, AlertKind, Config, DetectConfig, Series};

/// Series as loaded for the early warning, with the narrowest sharing of
/// the observations each was built from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub series: Vec<Series>,
    pub sharing: HashMap<SeriesKey, Sharing>,
    /// Months reporters have confirmed after the data-quality screen
    /// flagged them, and whose figures have not changed since: a
    /// confirmation stands for the figures it was given on, and a figure
    /// received after it (a revision, a series new to that month) is
    /// screened again.
    pub confirmed: Confirmed,
    /// When each reporter's month last received a figure (of the series
    /// loaded).
    pub last_received: HashMap<(String, Period), String>,
}

/// The forecaster's settings for a series of this frequency.
pub fn config_for(freq: Frequency) -> Config {
    Config {
        season: freq.seasonal_period(),
        ..Config::default()
    }
}

pub fn detect_config(freq: Frequency) -> DetectConfig {
    DetectConfig {
        forecast: config_for(freq),
        ..DetectConfig::default()
    }
}

/// Loads the current totals of the selected series, dated up to `as_of`
/// (nothing later is read), as dense series. Capacity series
/// ([`corredor_model::capacity`]) are left out: they count places, not
/// people moving, so a shelter that opens beds raises no surge, no
/// emergence and no data-quality notice, and no lag is learned from them.
pub fn load(
    store: &mut dyn Store,
    filter: &Filter,
    as_of: Option<Period>,
) -> crate::Result<Loaded> {
    let mut filter = filter.clone();
    if let Some(p) = as_of {
        // The earlier by their last days: periods of two frequencies do
        // not order as the calendar does.
        filter.to = Some(match filter.to {
            Some(t) if t.last_day() < p.last_day() => t,
            _ => p,
        });
    }
    let mut points: BTreeMap<SeriesKey, Vec<(Period, f64)>> = BTreeMap::new();
    // When each reporter's month last received a figure.
    let mut received: HashMap<(String, Period), String> = HashMap::new();
    let mut sharing: HashMap<SeriesKey, Sharing> = HashMap::new();
    store.observations(
        &filter,
        &ReadOptions::default(),
        &Access::Operator,
        &mut |o| {
            if corredor_model::capacity::is_capacity(&o.key.indicator) {
                return Ok(());
            }
            match sharing.get_mut(&o.key) {
                Some(s) if *s != o.sharing => *s = s.meet(&o.sharing),
                Some(_) => {}
                None => {
                    sharing.insert(o.key.clone(), o.sharing.clone());
                }
            }
            let at = received
                .entry((o.key.reporter.clone(), o.period))
                .or_default();
            if o.received_at > *at {
                at.clone_from(&o.received_at);
            }
            points
                .entry(o.key)
                .or_default()
                .push((o.period, o.value as f64));
            Ok(())
        },
    )?;
    let confirmed = corredor_store::confirmations::list(store)?
        .into_iter()
        .filter(|c| {
            received
                .get(&(c.reporter.clone(), c.period))
                .is_none_or(|last| c.stands(last))
        })
        .map(|c| (c.reporter, c.period))
        .collect();
    Ok(Loaded {
        series: points
            .into_iter()
            .filter_map(|(key, pts)| Series::from_observations(key, &pts))
            .collect(),
        sharing,
        confirmed,
        last_received: received,
    })
}

/// The latest period among `series`, by the calendar: the one that ends
/// last (of two that end together, the longer).
pub fn latest(series: &[Series]) -> Option<Period> {
    series
        .iter()
        .map(|s| s.period(s.values.len() - 1))
        .max_by_key(Period::calendar_key)
}

/// An alert with who may see it and what it means downstream.
#[derive(Debug, Clone)]
pub struct Computed {
    pub alert: Alert,
    /// Who may see it: those who may see all the data it was computed
    /// from (the series, and for an emergence the place's other series).
    /// Its owner is the reporter.
    pub sharing: Sharing,
    pub downstream: Vec<Downstream>,
    /// How much it matters (see [`corredor_warning::triage`]).
    pub priority: f64,
}

/// A place as routes name it: `PAN`, or `USA/SWB` below the whole country.
pub fn place(key: &SeriesKey) -> String {
    if key.location.as_str() == "ALL" {
        key.reporter.clone()
    } else {
        format!("{}/{}", key.reporter, key.location)
    }
}

type PlaceKey = (String, String, String);

fn place_key(k: &SeriesKey) -> PlaceKey {
    (
        k.reporter.clone(),
        k.location.to_string(),
        k.indicator.clone(),
    )
}

/// The alerts raised by the data up to and including `as_of`, with their
/// sharing and downstream effects.
pub fn detect(loaded: &Loaded, as_of: Period, routes: &RouteFile) -> Vec<Computed> {
    let config = detect_config(as_of.frequency());
    let alerts = backtest::scan_confirmed(&loaded.series, as_of, &config, &loaded.confirmed);
    complete(loaded, alerts, routes)
}

/// The period each (place, frequency) of the places in `places` (all
/// without it) is judged as of: its own latest, so that a place that sends
/// months and days has both judged.
fn latest_of(
    loaded: &Loaded,
    places: Option<&BTreeSet<PlaceKey>>,
) -> BTreeMap<(PlaceKey, Frequency), Period> {
    let mut latest: BTreeMap<(PlaceKey, Frequency), Period> = BTreeMap::new();
    for s in &loaded.series {
        let place = place_key(&s.key);
        if places.is_some_and(|p| !p.contains(&place)) {
            continue;
        }
        let last = s.period(s.values.len() - 1);
        let e = latest.entry((place, s.start.frequency())).or_insert(last);
        if last > *e {
            *e = last;
        }
    }
    latest
}

/// The period each of `loaded`'s series is forecast from, in their order:
/// its place's latest period of its frequency, as a scan judges it (a
/// nationality that stopped at a place that still reports has had nothing
/// since), and with `as_of` the last period of its frequency that ends by
/// the day `as_of` ends, no later than that. A series whose place stopped
/// reporting earlier is forecast from where the place stopped, not read as
/// zeros to a period no figure of the place reached; `None` for a series
/// that starts after its period.
pub fn origins(loaded: &Loaded, as_of: Option<Period>) -> Vec<Option<Period>> {
    let latest = latest_of(loaded, None);
    loaded
        .series
        .iter()
        .map(|s| {
            let frequency = s.start.frequency();
            let place = *latest.get(&(place_key(&s.key), frequency))?;
            let at = match as_of {
                Some(p) => Period::last_ending_by(frequency, p.last_day())?.min(place),
                None => place,
            };
            (s.start <= at).then_some(at)
        })
        .collect()
}

/// The series of the places in `places` (all without it), grouped by the
/// period each is judged as of ([`latest_of`]).
fn latest_groups(
    loaded: &Loaded,
    places: Option<&BTreeSet<PlaceKey>>,
) -> Vec<(Period, Vec<Series>)> {
    let latest = latest_of(loaded, places);
    let mut groups: BTreeMap<Period, Vec<Series>> = BTreeMap::new();
    for s in &loaded.series {
        if let Some(as_of) = latest.get(&(place_key(&s.key), s.start.frequency())) {
            groups.entry(*as_of).or_default().push(s.clone());
        }
    }
    groups.into_iter().collect()
}

/// The periods [`detect_latest`] judges the places of `touched` series
/// (all without it) as of, in the calendar's order.
pub fn latest_judged(loaded: &Loaded, touched: Option<&BTreeSet<SeriesKey>>) -> Vec<Period> {
    let places: Option<BTreeSet<PlaceKey>> = touched.map(|t| t.iter().map(place_key).collect());
    let periods: BTreeSet<Period> = latest_of(loaded, places.as_ref()).into_values().collect();
    let mut out: Vec<Period> = periods.into_iter().collect();
    out.sort_by_key(Period::calendar_key);
    out
}

/// Alerts for the places of `touched` series, each place judged as of its
/// own latest period: what an import that brought those series should
/// raise.
pub fn detect_latest(
    loaded: &Loaded,
    touched: Option<&BTreeSet<SeriesKey>>,
    routes: &RouteFile,
) -> Vec<Computed> {
    let places: Option<BTreeSet<PlaceKey>> = touched.map(|t| t.iter().map(place_key).collect());
    let mut alerts = Vec::new();
    for (as_of, series) in latest_groups(loaded, places.as_ref()) {
        let config = detect_config(as_of.frequency());
        alerts.extend(
            backtest::scan_confirmed(&series, as_of, &config, &loaded.confirmed)
                .into_iter()
                .filter(|a| {
                    touched.is_none_or(|t| {
                        t.contains(&a.key)
                            || a.kind == AlertKind::DataQuality
                                && t.iter().any(|k| k.reporter == a.key.reporter)
                    })
                }),
        );
    }
    complete(loaded, alerts, routes)
}

/// Who may see which figures: each series' sharing, and the narrowest of
/// each place's series (a figure judged against the whole place reveals
/// something of all of them).
pub(crate) struct Sharings<'a> {
    series: &'a HashMap<SeriesKey, Sharing>,
    places: HashMap<PlaceKey, Sharing>,
    /// Each place's series with their first month, when known: the totals
    /// a stored alert was judged against are those of the series that had
    /// begun by its month.
    begun: HashMap<PlaceKey, Vec<(Period, &'a Sharing)>>,
}

impl<'a> Sharings<'a> {
    pub(crate) fn new(series: &'a HashMap<SeriesKey, Sharing>) -> Self {
        let mut places: HashMap<PlaceKey, Sharing> = HashMap::new();
        for (k, s) in series {
            places
                .entry(place_key(k))
                .and_modify(|p| *p = p.meet(s))
                .or_insert_with(|| s.clone());
        }
        Sharings {
            series,
            places,
            begun: HashMap::new(),
        }
    }

    /// [`Sharings::new`], knowing when each series began.
    pub(crate) fn dated(loaded: &'a Loaded) -> Self {
        let mut s = Sharings::new(&loaded.sharing);
        for series in &loaded.series {
            if let Some(sharing) = loaded.sharing.get(&series.key) {
                s.begun
                    .entry(place_key(&series.key))
                    .or_default()
                    .push((series.period(0), sharing));
            }
        }
        s
    }

    /// The widest sharing an alert may have when it is judged: no wider
    /// than any figure it shows. A surge shows its series and, for an
    /// episode, the series of the same nationality at the other places it
    /// lists (their levels and names); an emergence the same, and is
    /// judged against its own place's total; a notice quotes the totals of
    /// the places whose series it holds, and goes to members and the
    /// secretariat at most. `None` when none of those figures is known.
    pub(crate) fn of_alert(
        &self,
        kind: AlertKind,
        key: &SeriesKey,
        places: &[String],
        covers: &[String],
    ) -> Option<Sharing> {
        let totals: Vec<&Sharing> = match kind {
            AlertKind::Surge => Vec::new(),
            AlertKind::Emergence => self.places.get(&place_key(key)).into_iter().collect(),
            AlertKind::DataQuality => covers
                .iter()
                .filter_map(|k| k.parse::<SeriesKey>().ok())
                .filter_map(|k| self.places.get(&place_key(&k)))
                .collect(),
        };
        meet_all(
            totals
                .into_iter()
                .chain(self.shown(kind, key, places, covers)),
            kind,
        )
    }

    /// The widest sharing a stored alert may keep now: no wider than the
    /// series it shows (its own and its episode's places', or the series a
    /// notice holds), nor, for an emergence or a notice judged in
    /// `period`, than the series of the totals it was judged against that
    /// had begun by then (known with [`Sharings::dated`]; a series that
    /// began later was not in them).
    pub(crate) fn of_stored(
        &self,
        kind: AlertKind,
        key: &SeriesKey,
        places: &[String],
        covers: &[String],
        period: Option<Period>,
    ) -> Option<Sharing> {
        let totals: Vec<PlaceKey> = match kind {
            AlertKind::Surge => Vec::new(),
            AlertKind::Emergence => vec![place_key(key)],
            AlertKind::DataQuality => covers
                .iter()
                .filter_map(|k| k.parse::<SeriesKey>().ok())
                .map(|k| place_key(&k))
                .collect(),
        };
        let judged = period.into_iter().flat_map(|p| {
            totals.iter().flat_map(move |t| {
                self.begun
                    .get(t)
                    .into_iter()
                    .flatten()
                    .filter(move |(first, _)| *first <= p)
                    .map(|(_, s)| *s)
            })
        });
        meet_all(
            self.shown(kind, key, places, covers)
                .into_iter()
                .chain(judged),
            kind,
        )
    }

    /// The sharings of the series an alert shows.
    fn shown<'s>(
        &'s self,
        kind: AlertKind,
        key: &SeriesKey,
        places: &[String],
        covers: &[String],
    ) -> Vec<&'s Sharing> {
        let keys: Vec<SeriesKey> = match kind {
            AlertKind::DataQuality => covers.iter().filter_map(|k| k.parse().ok()).collect(),
            _ => std::iter::once(key.clone())
                .chain(places.iter().filter_map(|p| {
                    Some(SeriesKey {
                        location: p.parse().ok()?,
                        ..key.clone()
                    })
                }))
                .collect(),
        };
        keys.iter().filter_map(|k| self.series.get(k)).collect()
    }
}

/// The meet of `sharings`, a notice's at most members; `None` for none.
fn meet_all<'s>(
    sharings: impl IntoIterator<Item = &'s Sharing>,
    kind: AlertKind,
) -> Option<Sharing> {
    let mut all = sharings.into_iter();
    let first = all.next()?.clone();
    let meet = all.fold(first, |acc, s| acc.meet(s));
    Some(match kind {
        AlertKind::DataQuality => meet.meet(&Sharing::new(
            corredor_model::ShareLevel::Members,
            Vec::new(),
        )),
        _ => meet,
    })
}

/// Adds sharing and downstream effects to raw alerts.
fn complete(loaded: &Loaded, alerts: Vec<Alert>, routes: &RouteFile) -> Vec<Computed> {
    let sharings = Sharings::new(&loaded.sharing);
    // Lags are learned only from series that everyone who sees the alert
    // may also see: one set of usable series per distinct sharing.
    let mut usable: HashMap<(Sharing, String), Vec<Series>> = HashMap::new();
    alerts
        .into_iter()
        .map(|alert| {
            // Figures Corredor does not know the sharing of are shown to
            // their reporter and the secretariat only.
            let covers = alert.covers.as_ref().map_or(&[][..], |c| &c.series[..]);
            let sharing = sharings
                .of_alert(alert.kind, &alert.key, &alert.places, covers)
                .unwrap_or_else(|| {
                    Sharing::new(corredor_model::ShareLevel::Restricted, Vec::new())
                });
            if alert.kind == AlertKind::DataQuality {
                let priority = triage::priority(&alert, 0);
                return Computed {
                    alert,
                    sharing,
                    downstream: Vec::new(),
                    priority,
                };
            }
            let owner = alert.key.reporter.clone();
            let series = usable
                .entry((sharing.clone(), owner.clone()))
                .or_insert_with(|| {
                    loaded
                        .series
                        .iter()
                        .filter(|s| {
                            loaded
                                .sharing
                                .get(&s.key)
                                .is_some_and(|x| x.covers(&s.key.reporter, &sharing, &owner))
                        })
                        .cloned()
                        .collect()
                });
            let downstream = corridor::propagate(
                routes,
                series,
                &place(&alert.key),
                &alert.key.nationality,
                alert.period,
                alert.excess,
            );
            let priority = triage::priority(&alert, downstream.len());
            Computed {
                alert,
                sharing,
                downstream,
                priority,
            }
        })
        .collect()
}

/// The alert as JSON, as `scan --json` and the API print it.
pub fn alert_json(c: &Computed) -> serde_json::Value {
    let a = &c.alert;
    serde_json::json!({
        "id": a.id, "kind": a.kind, "level": a.level,
        "reporter": a.key.reporter, "location": a.key.location.as_str(),
        "nationality": a.key.nationality, "indicator": a.key.indicator,
        "period": a.period.to_string(),
        "observed": a.observed.round(), "expected": a.expected.round(),
        "lo95": a.lo95.round(), "hi95": a.hi95.round(),
        "reference": a.reference.round(),
        "score": (a.score * 100.0).round() / 100.0,
        "months": a.months,
        "explanation": a.explanation,
        "downstream": c.downstream,
        "priority": c.priority,
        "places": a.places,
        "covers": a.covers,
    })
}

/// Every (reporter, indicator, month) the data-quality screen flags in
/// the loaded series, given the months reporters confirmed.
pub fn flagged(loaded: &Loaded) -> BTreeSet<(String, String, String)> {
    // As the scans of every place judge them, each as of its latest
    // period: what a reporter may confirm and which notices are settled
    // must agree with what a scan raises, or a notice would be raised and
    // settled again at every scan. The screen judges each place and
    // frequency apart, so one screen of every series cut at its place's
    // latest period is the scans' screens together.
    let latest = latest_of(loaded, None);
    let cut: Vec<Series> = loaded
        .series
        .iter()
        .filter_map(|s| {
            let as_of = latest.get(&(place_key(&s.key), s.start.frequency()))?;
            s.until(as_of)
        })
        .collect();
    // One setting for every frequency: `detect_config` sets only the
    // forecast's season, never the screen's.
    quality::screen(&cut, &loaded.confirmed, &DetectConfig::default().quality)
        .notices
        .iter()
        .flat_map(|n| {
            n.months
                .iter()
                .map(|m| (n.reporter.clone(), n.indicator.clone(), m.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corredor_model::ShareLevel;

    fn key(s: &str) -> SeriesKey {
        s.parse().unwrap()
    }

    fn restricted(with: &[&str]) -> Sharing {
        Sharing::new(
            ShareLevel::Restricted,
            with.iter().map(|c| c.to_string()).collect(),
        )
    }

    /// The United States' country-wide Indian series public, its
    /// south-west border's restricted to Mexico, and a Chinese series at
    /// the border restricted to no one.
    fn series() -> HashMap<SeriesKey, Sharing> {
        HashMap::from([
            (key("USA/ALL/IND/encounters"), Sharing::public()),
            (key("USA/USBP_SWB/IND/encounters"), restricted(&["MEX"])),
            (key("USA/USBP_SWB/CHN/encounters"), restricted(&[])),
            (key("USA/ALL/CHN/encounters"), Sharing::public()),
        ])
    }

    #[test]
    fn an_episode_is_no_wider_than_any_place_it_names() {
        let all = series();
        let s = Sharings::new(&all);
        let head = key("USA/ALL/IND/encounters");
        // Alone, the country-wide alert is public.
        assert_eq!(
            s.of_alert(AlertKind::Surge, &head, &[], &[]),
            Some(Sharing::public())
        );
        // With the border's sector among its places, it shows that
        // sector's level and name: restricted as the sector is.
        let places = ["USBP_SWB".to_string()];
        assert_eq!(
            s.of_alert(AlertKind::Surge, &head, &places, &[]),
            Some(restricted(&["MEX"]))
        );
        // An emergence is judged on its own place's total and shows its
        // episode's places like a surge: the border's Chinese series,
        // restricted to no one, is in neither.
        assert_eq!(
            s.of_alert(AlertKind::Emergence, &head, &places, &[]),
            Some(restricted(&["MEX"]))
        );
        assert_eq!(
            s.of_alert(AlertKind::Emergence, &head, &[], &[]),
            Some(Sharing::public())
        );
        // At the border, its total holds the Chinese series.
        let border = key("USA/USBP_SWB/IND/encounters");
        assert_eq!(
            s.of_alert(AlertKind::Emergence, &border, &[], &[]),
            Some(restricted(&[]))
        );
        // A stored alert is narrowed by the series it shows only.
        assert_eq!(
            s.of_stored(AlertKind::Emergence, &border, &[], &[], None),
            Some(restricted(&["MEX"]))
        );
        // Figures it does not know: no answer, the caller decides.
        let unknown = key("PAN/ALL/VEN/irregular_entries");
        assert_eq!(s.of_alert(AlertKind::Surge, &unknown, &[], &[]), None);
    }

    #[test]
    fn a_notice_is_no_wider_than_the_places_whose_totals_it_quotes() {
        let all = series();
        let s = Sharings::new(&all);
        let notice_key = key("USA/ALL/XXX/encounters");
        // A notice holding only the country-wide series quotes the
        // country-wide total: members at most.
        let covers = ["USA/ALL/IND/encounters".to_string()];
        assert_eq!(
            s.of_alert(AlertKind::DataQuality, &notice_key, &[], &covers),
            Some(Sharing::new(ShareLevel::Members, Vec::new()))
        );
        // Holding the border's Indian series (an outlier), it quotes the
        // border's total, the restricted Chinese series in it.
        let covers = ["USA/USBP_SWB/IND/encounters".to_string()];
        assert_eq!(
            s.of_alert(AlertKind::DataQuality, &notice_key, &[], &covers),
            Some(restricted(&[]))
        );
        // Stored, it keeps what the series it holds allow.
        assert_eq!(
            s.of_stored(AlertKind::DataQuality, &notice_key, &[], &covers, None),
            Some(restricted(&["MEX"]))
        );
    }

    /// A stored emergence is no wider than the series of the total it was
    /// judged against that had begun by its month: a series made
    /// restricted later narrows it; one that began after it does not.
    #[test]
    fn a_stored_emergence_follows_the_series_its_total_held() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let begun = |k: &str, from: &str| {
            Series::from_observations(key(k), &[(p(from), 5.0), (p("2024-06"), 9.0)]).unwrap()
        };
        let loaded = Loaded {
            series: vec![
                begun("PAN/ALL/VEN/irregular_entries", "2021-01"),
                begun("PAN/ALL/HTI/irregular_entries", "2021-01"),
                begun("PAN/ALL/CHN/irregular_entries", "2024-01"),
            ],
            sharing: HashMap::from([
                (key("PAN/ALL/VEN/irregular_entries"), Sharing::public()),
                (key("PAN/ALL/HTI/irregular_entries"), restricted(&["CRI"])),
                (key("PAN/ALL/CHN/irregular_entries"), restricted(&[])),
            ]),
            confirmed: Default::default(),
            last_received: Default::default(),
        };
        let s = Sharings::dated(&loaded);
        let venezuelans = key("PAN/ALL/VEN/irregular_entries");
        // Judged in 2023: the total held the Haitian series, now
        // restricted to Costa Rica, not the Chinese one.
        assert_eq!(
            s.of_stored(
                AlertKind::Emergence,
                &venezuelans,
                &[],
                &[],
                Some(p("2023-06"))
            ),
            Some(restricted(&["CRI"]))
        );
        assert_eq!(
            s.of_stored(
                AlertKind::Emergence,
                &venezuelans,
                &[],
                &[],
                Some(p("2024-03"))
            ),
            Some(restricted(&[]))
        );
        // A surge shows its own series only.
        assert_eq!(
            s.of_stored(AlertKind::Surge, &venezuelans, &[], &[], Some(p("2024-03"))),
            Some(Sharing::public())
        );
    }
}
