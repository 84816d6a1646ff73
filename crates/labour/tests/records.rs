//! The labour files' readers through their public interface.

use corredor_labour::records::{read_pathways, read_vacancies, read_workers};

#[test]
fn a_vacancy_without_its_occupation_still_has_its_other_cells_checked() {
    let mut problems = Vec::new();
    let pathways = read_pathways(
        "p.csv",
        corredor_labour::seed::PATHWAYS_CSV.as_bytes(),
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let csv =
        b"id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n\
V1,=E,XQZ,0000,2,zz,-1,harvest;@SUM(A1),NO-SUCH,2027-01-01,2027-12-31\n";
    assert!(read_vacancies("v.csv", csv, &pathways, &mut problems).is_empty());
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    // Employer, country, occupation, languages, experience, skills and
    // pathway, each at its cell.
    for at in [
        "v.csv:2:2: '=E' starts like a spreadsheet formula",
        "v.csv:2:8: '@SUM(A1)' starts like a spreadsheet formula",
        "v.csv:2:3:",
        "v.csv:2:4:",
        "v.csv:2:6:",
        "v.csv:2:7:",
        "v.csv:2:9:",
    ] {
        assert!(text.iter().any(|t| t.starts_with(at)), "{at} in {text:?}");
    }
}

#[test]
fn free_text_a_spreadsheet_would_run_is_refused_at_its_cell() {
    let mut problems = Vec::new();
    let csv = b"id,nationality,residence,isco,experience_years,languages,skills,consent\n\
+W1,HND,HND,9211,3,es,\"harvest;=cmd|' /C calc'!A0\",yes\n";
    read_workers("w.csv", csv, &mut problems);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("w.csv:2:1: '+W1' starts like")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("w.csv:2:7: '=cmd|' /C calc'!A0' starts like")),
        "{text:?}"
    );
    let mut problems = Vec::new();
    let csv = b"id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n\
P1,\"=HYPERLINK(\"\"http://x\"\")\",HND,USA,9211,,2024-01-01,,es,0,-source\n";
    read_pathways("p.csv", csv, &mut problems);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|t| t.starts_with("p.csv:2:2:")), "{text:?}");
    assert!(
        text.iter().any(|t| t.starts_with("p.csv:2:11:")),
        "{text:?}"
    );
}

#[test]
fn ids_that_would_break_an_address_or_pass_for_another_and_impossible_years_are_refused() {
    let mut problems = Vec::new();
    let long = "W".repeat(65);
    let csv = format!(
        "id,nationality,residence,isco,experience_years,languages,skills,consent\n\
HND/W-1,HND,HND,9211,3,es,harvest,yes\n\
H-A1\u{202e},HND,HND,9211,3,es,harvest,yes\n\
{long},HND,HND,9211,3,es,harvest,yes\n\
W 2,HND,HND,9211,3,es,harvest,yes\n\
W3,HND,HND,9211,1e308,es,harvest,yes\n\
W4,HND,HND,9211,81,es,harvest,yes\n\
W5,HND,HND,9211,80,es,{},yes\n\
W6,HND,HND,9211,40.5,es,harvest,yes\n",
        "s".repeat(1001)
    );
    read_workers("w.csv", csv.as_bytes(), &mut problems);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for at in [
        "w.csv:2:1: 'HND/W-1' is not an id",
        "w.csv:3:1: the text contains control characters",
        "w.csv:4:1: 'WWWW",
        "w.csv:5:1: 'W 2' is not an id",
        "w.csv:6:5: '1e308' is not a number of years (0 to 80)",
        "w.csv:7:5: '81' is not a number of years",
        "w.csv:8:7: the text is longer than 1000 characters",
    ] {
        assert!(text.iter().any(|t| t.starts_with(at)), "{at} in {text:?}");
    }
    assert_eq!(text.len(), 7, "{text:?}");
}

#[test]
fn a_date_outside_the_years_a_figure_may_be_dated_in_is_refused_at_its_cell() {
    let mut problems = Vec::new();
    let csv = b"id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n\
P1,Harvest,HND,USA,9211,,2024-01-01,9999-12-31,es,0,IOM\n\
P2,Harvest,HND,USA,9211,,0001-01-01,2026-12-31,es,0,IOM\n\
P3,Harvest,HND,USA,9211,,+2026-02-01,,es,0,IOM\n";
    let read = read_pathways("p.csv", csv, &mut problems);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "p.csv:2:8: 9999-12-31 is outside the years a date may be in: 1900 to 2200",
            "p.csv:3:7: 0001-01-01 is outside the years a date may be in: 1900 to 2200",
            "p.csv:4:7: '+2026-02-01' is not a date: write YYYY-MM-DD",
        ],
        "{read:?}"
    );
}

#[test]
fn a_worker_id_is_unique_within_its_country_of_residence_only() {
    let header = "id,nationality,residence,isco,experience_years,languages,skills,consent\n";
    let two_countries = format!(
        "{header}W-0001,HND,HND,9211,3,es,harvest,yes\nW-0001,GTM,GTM,9211,3,es,harvest,yes\n"
    );
    let mut problems = Vec::new();
    let workers = read_workers("w.csv", two_countries.as_bytes(), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(workers.len(), 2);
    let one_country = format!(
        "{header}W-0001,HND,HND,9211,3,es,harvest,yes\nW-0001,GTM,hnd,9211,3,es,harvest,yes\n"
    );
    let mut problems = Vec::new();
    read_workers("w.csv", one_country.as_bytes(), &mut problems);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .to_string()
            .contains("worker id 'W-0001' is given twice (first on line 2)"),
        "{}",
        problems[0]
    );
}
