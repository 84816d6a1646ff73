//! One import of several files: a series the first file created is found
//! in the store by the next, which gives the same value again (unchanged)
//! or another (a revision), on both backends.

use corredor_model::{SeriesKey, Sharing};
use corredor_store::{Counts, FileMeta, NewObservation};
use corredor_testkit::TestStore;

fn meta(file: &str) -> FileMeta {
    FileMeta {
        file: file.into(),
        format: "long".into(),
        source: None,
        org: "PAN".into(),
        received_at: "2026-01-01T00:00:00.000000Z".into(),
        sharing: Sharing::public(),
    }
}

/// Imports `files` (each its values for 2023-08 and 2023-09) in one
/// transaction; the counts of each.
fn import(url: &str, files: &[(&str, [u64; 2])]) -> Vec<Counts> {
    let mut store = corredor_store::open(url).unwrap();
    let key = SeriesKey {
        reporter: "PAN".into(),
        location: "ALL".parse().unwrap(),
        nationality: "VEN".into(),
        indicator: "irregular_entries".into(),
    };
    let mut import = store.begin_import().unwrap();
    let mut out = Vec::new();
    for (file, values) in files {
        import.start_file(&meta(file)).unwrap();
        for (i, (period, value)) in ["2023-08", "2023-09"].iter().zip(values).enumerate() {
            import
                .add(&NewObservation {
                    key: &key,
                    period: period.parse().unwrap(),
                    dims: "",
                    value: *value,
                    source: None,
                    sharing: None,
                    at: &corredor_model::Origin::row(corredor_model::Position::Text {
                        file: (*file).into(),
                        line: i as u64 + 2,
                        column: None,
                    }),
                })
                .unwrap()
                .unwrap();
        }
        let (counts, problems) = import.finish_file("0").unwrap();
        assert!(problems.is_empty(), "{file}: {problems:?}");
        out.push(counts);
    }
    import.commit().unwrap();
    out
}

#[test]
fn a_later_file_of_the_same_import_finds_the_series_the_first_created() {
    let test = TestStore::new();
    let counts = import(
        &test.url,
        &[
            ("a.csv", [5, 7]),
            ("a-again.csv", [5, 7]),
            ("a-revised.csv", [5, 8]),
        ],
    );
    let said: Vec<(u64, u64, u64)> = counts
        .iter()
        .map(|c| (c.new, c.unchanged, c.revised))
        .collect();
    assert_eq!(said, vec![(2, 0, 0), (0, 2, 0), (0, 1, 1)]);
}
