//! One series as its readers see it, on the test store's backend (SQLite,
//! or PostgreSQL when `CORREDOR_TEST_POSTGRES` is set).

mod common;

use common::submit_csv;
use corredor_app::series;
use corredor_model::{SeriesKey, ShareLevel, Sharing, Viewer};
use corredor_store::Access;
use corredor_testkit::TestStore;

/// Months from 2023-01 for `n` months, each `value`, as lines of a long CSV.
fn months(nationality: &str, n: usize, value: u64) -> String {
    (0..n)
        .map(|i| {
            let (y, m) = (2023 + i / 12, i % 12 + 1);
            format!("PAN,DARIEN,{nationality},irregular_entries,{y}-{m:02},{value}\n")
        })
        .collect()
}

#[test]
fn a_series_that_stopped_is_forecast_from_its_places_latest_period_as_its_reader_sees_it() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let operator = corredor_app::auth::operator("test");
    let header = "reporter,location,nationality,indicator,period,value\n";
    // Ecuadorians stop after 2023-06; the place reports Venezuelans to
    // 2023-12, in public.
    let public = format!("{header}{}{}", months("ECU", 6, 40), months("VEN", 12, 900));
    submit_csv(store.as_mut(), &operator, Sharing::public(), &public).unwrap();
    // A restricted series at the place runs to 2024-03: the public does
    // not see it, so it does not move the public's forecast.
    let restricted = format!("{header}{}", months("CUB", 15, 70));
    submit_csv(
        store.as_mut(),
        &operator,
        Sharing::new(ShareLevel::Restricted, Vec::new()),
        &restricted,
    )
    .unwrap();

    let key: SeriesKey = "PAN/DARIEN/ECU/irregular_entries".parse().unwrap();
    let public = Access::Viewer(Viewer::Public);
    let d = series::detail(store.as_mut(), &key, &public, None, 2).unwrap();
    // Six months of none since its last figure: the forecast starts after
    // the place's latest month, not after 2023-06.
    assert_eq!(d.as_of, "2023-12");
    let periods: Vec<&str> = d.forecast.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["2024-01", "2024-02"]);
    assert!(d.forecast[0].mean < 40.0, "{:?}", d.forecast[0]);
    // The observations are the ones sent; nothing is made up for the
    // months between.
    assert_eq!(d.observations.len(), 6);

    // Panama's own agency sees the restricted series, and so the place's
    // latest month is 2024-03 for it.
    let panama = Access::Viewer(Viewer::Member {
        country: "PAN".into(),
    });
    let d = series::detail(store.as_mut(), &key, &panama, None, 1).unwrap();
    assert_eq!(d.as_of, "2024-03");

    // A series that runs to its place's latest is forecast from its own.
    let ven: SeriesKey = "PAN/DARIEN/VEN/irregular_entries".parse().unwrap();
    let d = series::detail(store.as_mut(), &ven, &public, None, 1).unwrap();
    assert_eq!(d.as_of, "2023-12");
    // An explicit origin is taken as given.
    let d = series::detail(
        store.as_mut(),
        &key,
        &public,
        Some("2023-03".parse().unwrap()),
        1,
    )
    .unwrap();
    assert_eq!(d.as_of, "2023-03");
}
