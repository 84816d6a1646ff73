//! An indicator's words and ranges at their edges: what a figure may be,
//! the names of statuses, reporting and horizons, and the templates.

use super::*;
use corredor_model::Lang;

#[test]
fn a_percentage_runs_from_0_to_100_and_any_figure_stays_below_a_trillion() {
    assert!(is_percent(" % "));
    assert!(!is_percent("people"));
    for (v, unit, taken) in [
        (0.0, "%", true),
        (100.0, "%", true),
        (100.5, "%", false),
        (-1.0, "%", false),
        (-5.0, "people", true),
        (MAX_FIGURE, "people", true),
        (-MAX_FIGURE, "people", true),
        (MAX_FIGURE * 1.5, "people", false),
        (-MAX_FIGURE * 1.5, "people", false),
        (f64::NAN, "people", false),
        (f64::INFINITY, "people", false),
    ] {
        assert_eq!(in_range(v, unit), taken, "{v} {unit}");
    }
}

#[test]
fn a_baseline_or_a_target_out_of_range_is_refused_alone() {
    let school = tests::school();
    let mut i = school.clone();
    i.target = 120.0;
    assert_eq!(i.check(), Err(IndicatorError::OutOfRange));
    let mut i = school;
    i.baseline = -3.0;
    assert_eq!(i.check(), Err(IndicatorError::OutOfRange));
}

#[test]
fn statuses_reporting_and_horizons_have_their_names() {
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "on_track",
            "at_risk",
            "off_track",
            "no_recent_data",
            "no_data"
        ]
    );
    for (r, name) in [
        (Reporting::Monthly, "monthly"),
        (Reporting::Quarterly, "quarterly"),
        (Reporting::Annual, "annual"),
    ] {
        assert_eq!(r.as_str(), name);
        assert_eq!(name.parse::<Reporting>(), Ok(r));
    }
    assert_eq!(
        "weekly".parse::<Reporting>(),
        Err("reporting 'weekly': use monthly, quarterly or annual".to_string())
    );
    let horizons = [Horizon::Short, Horizon::Medium, Horizon::Long].map(Horizon::as_str);
    assert_eq!(horizons, ["short", "medium", "long"]);
}

#[test]
fn a_templates_name_is_shown_in_the_readers_language_until_it_is_renamed() {
    let school = template("school").expect("the school template");
    assert_eq!(school.unit, "%");
    assert_eq!(template("housing"), None);
    let names = [Lang::En, Lang::Es, Lang::Pt, Lang::Fr].map(|l| school.name(l));
    assert_eq!(names, [school.en, school.es, school.pt, school.fr]);
    assert_eq!(
        shown_name(school.en, Lang::Es),
        "Niñas y niños desplazados en edad escolar matriculados"
    );
    assert_eq!(shown_name("Our own wording", Lang::Es), "Our own wording");
}
