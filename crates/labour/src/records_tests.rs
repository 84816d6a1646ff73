//! What a cell of the labour files holds: countries by their three
//! letters, text up to its limit, dates in order, residences only where
//! given, an occupation list's own problems told once.

use super::*;

const WORKERS: &str = "id,nationality,residence,isco,experience_years,languages,skills,consent\n";
const PATHWAYS: &str =
    "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source,residences\n";

fn said(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn a_country_is_its_three_letters_in_any_case_never_two() {
    let mut problems = Vec::new();
    let csv = format!("{WORKERS}W1,hnd,HN,9211,1,es,,yes\n");
    read_workers("w.csv", csv.as_bytes(), &mut problems);
    assert_eq!(said(&problems).len(), 1, "{problems:?}");
    assert!(said(&problems)[0].starts_with("w.csv:2:3:"), "{problems:?}");
    let mut problems = Vec::new();
    let csv = format!("{PATHWAYS}P1,P,GT;hnd,CAN,*,,,,,0,s,\n");
    read_pathways("p.csv", csv.as_bytes(), &mut problems);
    assert_eq!(said(&problems).len(), 1, "{problems:?}");
    assert!(said(&problems)[0].starts_with("p.csv:2:3:"), "{problems:?}");
    let mut problems = Vec::new();
    let csv = format!("{PATHWAYS}P1,P,GTM;hnd,CAN,*,,,,,0,s,\n");
    let p = read_pathways("p.csv", csv.as_bytes(), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        p[0].origins,
        Origins::Only(vec!["GTM".into(), "HND".into()])
    );
}

#[test]
fn residences_are_read_where_given_and_unrestricted_where_left_empty() {
    let mut problems = Vec::new();
    let csv = format!("{PATHWAYS}P1,P,*,CAN,*,,,,,0,s,\nP2,P,*,CAN,*,,,,,0,s,HND;GTM\n");
    let p = read_pathways("p.csv", csv.as_bytes(), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(p[0].residences, None);
    assert_eq!(p[1].residences, Some(vec!["GTM".into(), "HND".into()]));
}

#[test]
fn an_occupation_list_of_bad_codes_is_told_once_an_empty_one_as_empty() {
    let mut problems = Vec::new();
    let csv = format!("{PATHWAYS}P1,P,*,CAN,99999,,,,,0,s,\n");
    read_pathways("p.csv", csv.as_bytes(), &mut problems);
    assert_eq!(said(&problems).len(), 1, "{problems:?}");
    let mut problems = Vec::new();
    let csv = format!("{PATHWAYS}P1,P,*,CAN,,,,,,0,s,\n");
    read_pathways("p.csv", csv.as_bytes(), &mut problems);
    assert_eq!(said(&problems).len(), 1, "{problems:?}");
    assert!(said(&problems)[0].contains("use * for any"), "{problems:?}");
}

#[test]
fn a_pathway_may_end_the_day_it_starts_not_before() {
    let mut problems = Vec::new();
    let csv = format!(
        "{PATHWAYS}P1,P,*,CAN,*,,2026-05-01,2026-05-01,,0,s,\nP2,P,*,CAN,*,,2026-05-01,2026-04-30,,0,s,\n"
    );
    read_pathways("p.csv", csv.as_bytes(), &mut problems);
    assert_eq!(said(&problems).len(), 1, "{problems:?}");
    assert!(said(&problems)[0].starts_with("p.csv:3:8:"), "{problems:?}");
}

#[test]
fn free_text_is_taken_up_to_its_limit() {
    for (n, refused) in [(MAX_TEXT, false), (MAX_TEXT + 1, true)] {
        let mut problems = Vec::new();
        let name = "ñ".repeat(n);
        let csv = format!("{PATHWAYS}P1,{name},*,CAN,*,,,,,0,s,\n");
        read_pathways("p.csv", csv.as_bytes(), &mut problems);
        assert_eq!(!problems.is_empty(), refused, "{n}: {problems:?}");
    }
}

#[test]
fn problems_are_told_one_a_line_and_the_readers_own_among_them() {
    let mut problems = Vec::new();
    let mut csv = WORKERS.as_bytes().to_vec();
    csv.extend_from_slice(b"W1,HND,HND,9211,1,es,caf\xe9,yes\nW2,HN,HND,9211,1,es,,yes\n");
    read_workers("w.csv", &csv, &mut problems);
    // The reader's own (the text is not UTF-8) beside this crate's.
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        said(&problems).iter().any(|p| p.contains("UTF-8")),
        "{problems:?}"
    );
    let text = crate::table::Problems(problems.clone()).to_string();
    assert_eq!(text.lines().count(), problems.len(), "{text}");
    assert!(!text.starts_with('\n') && !text.ends_with('\n'), "{text:?}");
    assert!(text.starts_with("w.csv:"), "{text}");
}
