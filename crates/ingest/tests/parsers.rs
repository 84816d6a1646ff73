//! Every parser on arbitrary input: no panic, and every problem has a place.
//! Line numbers are checked against a file whose bad line is known.

use std::io::Cursor;

mod common;

use common::*;
use corredor_ingest::{read, Format, Item, Options, Origin};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_parser_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in Format::ALL {
            let _ = parse(format, &bytes);
        }
        let _ = corredor_ingest::detect(&bytes);
    }

    #[test]
    fn no_parser_panics_on_mangled_valid_files(
        cut in 0usize..400,
        flip in 0usize..400,
        byte in any::<u8>(),
    ) {
        let files: [(Format, &[u8]); 5] = [
            (Format::Long, b"reporter,location,nationality,indicator,period,value\nPAN,ALL,VEN,irregular_entries,2023-08,5\nPAN,ALL,HTI,irregular_entries,2023-W35,7\n"),
            (Format::Hxl, b"Date,Reporter,Origin,Loc,Ind,N\n#date,#country+code,#country+origin,#loc,#indicator+code,#affected+num\n2023-08,PAN,VEN,ALL,irregular_entries,5\n"),
            (Format::Json, b"[{\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"VEN\",\"indicator\":\"irregular_entries\",\"period\":\"2023-08\",\"value\":5}]"),
            (Format::Cbp, b"Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n2025 (FYTD),FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,12\n"),
            (Format::Iom, b"month,geo,nat,n\n2023-08,PAN,VEN,64291\n2023-08,PAN,OOO,NA\n"),
        ];
        for (format, file) in files {
            let mut bytes = file.to_vec();
            let i = flip % bytes.len();
            bytes[i] = byte;
            bytes.truncate(cut.min(bytes.len()));
            let (items, report) = parse(format, &bytes);
            for p in report.problems.kept() {
                prop_assert_eq!(p.at.file(), "input");
                prop_assert!(!p.message.is_empty());
            }
            prop_assert!(items.len() <= 3);
        }
    }

    #[test]
    fn problems_name_the_true_line_whatever_the_line_ends_and_quotes(
        good_before in 0usize..20,
        crlf in any::<bool>(),
        quoted_newlines in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("reporter,location,nationality,indicator,period,value{end}");
        let mut line = 2;
        for i in 0..good_before {
            if quoted_newlines && i % 3 == 0 {
                text.push_str(&format!("PAN,ALL,\"Venezuela{end}\",irregular_entries,2020-{:02},{i}{end}", i % 12 + 1));
                line += 2;
            } else {
                text.push_str(&format!("PAN,ALL,HTI,irregular_entries,{:04}-01,{i}{end}", 2000 + i));
                line += 1;
            }
        }
        text.push_str(&format!("PAN,ALL,CUB,irregular_entries,2023-08,-1{end}"));
        let (_, report) = parse(Format::Long, text.as_bytes());
        let problems = report.problems.kept();
        prop_assert_eq!(problems.len(), 1);
        prop_assert_eq!(problems[0].at.to_string(), format!("input:{line}:6"));
    }
}

#[test]
fn an_indicator_given_for_a_file_that_names_its_own_is_refused() {
    let csv = b"reporter,location,nationality,indicator,period,value\nPAN,ALL,VEN,irregular_entries,2023-08,10\n";
    let options = Options {
        indicator: Some("regular_entries".into()),
        ..Options::default()
    };
    let (items, report) = parse_with(Format::Long, csv, &options);
    assert_eq!(report.rows, 0);
    assert!(items.is_empty());
    let problems = report.problems.messages();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let text = &problems[0];
    assert!(
        text.starts_with("input:1: ") && text.contains("regular_entries"),
        "{text}"
    );
}

#[test]
fn hxl_with_a_hashtag_row_under_the_header_imports() {
    let text = "Fecha,País,Nacionalidad,Lugar,Indicador,Personas,Fuente\n\
                #date,#country+code,#country+origin+code,#loc+code,#indicator+code,#affected+num,#meta+source\n\
                2023-08,PAN,VEN,ALL,irregular_entries,64291,SNM\n\
                2023-08,PAN,Haití,ALL,irregular_entries,3874,SNM\n";
    let (items, report) = parse(Format::Hxl, text.as_bytes());
    assert!(report.problems.is_empty(), "{:?}", report.problems.kept());
    assert_eq!(items.len(), 2);
    let Item::Observation(r) = &items[1] else {
        panic!()
    };
    assert_eq!(r.key.to_string(), "PAN/ALL/HTI/irregular_entries");
    assert_eq!(r.source.as_deref(), Some("SNM"));
}

#[test]
fn hxl_problems_point_at_the_data_line() {
    let text = "#date,#country+code,#country+origin,#loc,#indicator+code,#affected+num\n\
                2023-08,PAN,VEN,ALL,irregular_entries,5\n\
                2023-08,PAN,VEN,ALL,irregular_entries,x\n";
    let (_, report) = parse(Format::Hxl, text.as_bytes());
    assert_eq!(report.problems.kept()[0].at.to_string(), "input:3:6");
}

#[test]
fn a_missing_hxl_tag_is_reported_on_the_hashtag_row_line() {
    // A header cell broken over two lines and a blank line put the tags on
    // line 4 although they are the file's second row.
    let text = "\"Date\nof count\",Country\n\n#date,#country\n2023-08,PAN\n";
    let tags_problem = |text: &[u8]| {
        let (_, report) = parse(Format::Hxl, text);
        let p = report.problems.kept();
        let tags: Vec<_> = p.iter().filter(|p| p.message.contains("lacks")).collect();
        assert_eq!(tags.len(), 1, "{p:?}");
        assert!(
            tags[0].message.contains("#country+origin"),
            "{}",
            tags[0].message
        );
        tags[0].at.to_string()
    };
    assert_eq!(tags_problem(text.as_bytes()), "input:4");
    // Tags as the file's header: the first line that is not blank.
    assert_eq!(tags_problem(b"#date,#country\n2023-08,PAN\n"), "input:1");
    assert_eq!(tags_problem(b"\n#date,#country\n2023-08,PAN\n"), "input:2");
}

#[test]
fn cbp_totals_sum_the_breakdowns_and_keep_them() {
    let text = "Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n\
                2023,FYTD,OCT,U.S. Border Patrol,Single Adults,Other,Title 8,Apprehensions,100\n\
                2023,FYTD,OCT,Office of Field Operations,FMUA,Other,Title 8,Inadmissibles,20\n\
                2023,FYTD,NOV,U.S. Border Patrol,Single Adults,Mexico,Title 42,Expulsions,7\n";
    let (items, report) = parse(Format::Cbp, text.as_bytes());
    assert!(report.problems.is_empty());
    let totals = totals(&items);
    // Emitted grouped by series, then by period.
    assert_eq!(
        totals,
        vec![
            "USA/SWB/MEX/encounters 2022-11 7",
            "USA/SWB/XXX/encounters 2022-10 120"
        ]
    );
    assert_eq!(report.rows, 2);
    assert_eq!(report.breakdowns, 3);
}

#[test]
fn an_iom_file_whose_name_says_no_indicator_is_refused_not_read_as_irregular() {
    let file = b"month,geo,nat,n\n2023-08,ARG,VEN,64\n";
    let mut items = 0;
    let mut sink = |_: Item, _: &Origin| -> Result<(), String> {
        items += 1;
        Ok(())
    };
    let report = read(
        Format::Iom,
        Cursor::new(file.to_vec()),
        "entries.csv",
        &Options::default(),
        &mut sink,
    );
    let said: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| format!("{}: {}", p.at, p.message))
        .collect();
    assert_eq!(items, 0);
    assert!(
        said.len() == 1 && said[0].starts_with("entries.csv:1: IOM's compilations"),
        "{said:?}"
    );
    let report = read(
        Format::Iom,
        Cursor::new(file.to_vec()),
        "regin_monthly_by_nationality.csv",
        &Options::default(),
        &mut |i: Item, _: &Origin| {
            assert!(matches!(i, Item::Observation(r) if r.key.indicator == "regular_entries"));
            Ok(())
        },
    );
    assert!(report.problems.is_empty());
    // A wrong --indicator is said once, at the header, not on every row.
    let rows = b"month,geo,nat,n\n2023-08,ARG,VEN,64\n2023-09,ARG,VEN,70\n2023-10,ARG,VEN,71\n";
    let (items, report) = parse_with(
        Format::Iom,
        rows,
        &Options {
            indicator: Some("Irregular Entries".into()),
            ..Options::default()
        },
    );
    assert!(items.is_empty());
    assert_eq!(report.problems.kept().len(), 1);
    assert!(
        first_problem(&report).contains("--indicator 'Irregular Entries' is not an indicator code"),
        "{}",
        first_problem(&report)
    );
}

#[test]
fn an_iom_count_not_reported_is_still_checked_for_its_month_and_countries() {
    let (items, report) = parse(
        Format::Iom,
        b"month,geo,nat,n\n2023-08,PAN,VEN,NA\n2099-13,QQQ,ZZZ,NA\n,,,\n2023-08,PAN,HTI,\n",
    );
    let at: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| p.at.to_string())
        .collect();
    assert!(items.is_empty());
    assert!(
        at.contains(&"input:3:1".to_string()) && at.contains(&"input:4:1".to_string()),
        "{at:?}"
    );
    assert!(
        at.iter()
            .all(|a| a.starts_with("input:3:") || a.starts_with("input:4:")),
        "{at:?}"
    );
}

#[test]
fn an_iom_month_given_as_not_reported_and_as_a_count_is_refused_at_the_second() {
    for (first, second, said) in [
        ("NA", "5", "as not reported"),
        ("5", "NA", "as a count"),
        ("", "5", "as not reported"),
    ] {
        let body = format!("month,geo,nat,n\n2022-02,COL,CUB,{first}\n2022-02,COL,CUB,{second}\n");
        let (_, report) = parse(Format::Iom, body.as_bytes());
        let said_all: Vec<String> = report
            .problems
            .kept()
            .iter()
            .map(|p| format!("{}: {}", p.at, p.message))
            .collect();
        assert_eq!(said_all.len(), 1, "{said_all:?}");
        assert!(
            said_all[0].starts_with("input:3:4: ")
                && said_all[0].contains(&format!("2022-02 was already given on line 2, {said}")),
            "{said_all:?}"
        );
    }
    // Two different months of a series, one not reported, are two months.
    let (items, report) = parse(
        Format::Iom,
        b"month,geo,nat,n\n2022-02,COL,CUB,NA\n2022-03,COL,CUB,5\n",
    );
    assert!(report.problems.kept().is_empty());
    assert_eq!(items.len(), 1);
}

#[test]
fn a_wanted_column_given_twice_is_refused_at_the_headers_line() {
    let (items, report) = parse(
        Format::Long,
        b"\n\nreporter,location,nationality,indicator,period,value,Value\nPAN,ALL,VEN,irregular_entries,2023-08,5,7\n",
    );
    let said: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| format!("{}: {}", p.at, p.message))
        .collect();
    assert!(items.is_empty());
    // (Its blank lines are a problem of their own.)
    assert!(
        said.iter().any(
            |s| s.starts_with("input:3:7: the column 'value' is given twice (columns 6 and 7)")
        ),
        "{said:?}"
    );
    let (_, report) = parse(
        Format::Long,
        b"reporter,location,nationality,indicator,period,value,Nationality\nPAN,ALL,VEN,irregular_entries,2023-08,5,CUB\n",
    );
    let at: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| p.at.to_string())
        .collect();
    assert_eq!(at, vec!["input:1:7"]);
}

#[test]
fn lines_ended_by_a_lone_carriage_return_are_refused_with_the_fix() {
    let (items, report) = parse(
        Format::Long,
        b"reporter,location,nationality,indicator,period,value\rPAN,ALL,VEN,irregular_entries,2023-08,5\rPAN,ALL,VEN,irregular_entries,2023-09,x\r",
    );
    let said: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| format!("{}: {}", p.at, p.message))
        .collect();
    assert!(items.is_empty());
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("input:1: lines end with a carriage return alone"),
        "{said:?}"
    );
    // CRLF is fine, as is a file of one line ended by CR.
    let (items, report) = parse(
        Format::Long,
        b"reporter,location,nationality,indicator,period,value\r\nPAN,ALL,VEN,irregular_entries,2023-08,5\r\n",
    );
    assert!(report.problems.is_empty() && items.len() == 1);
}

#[test]
fn a_cbp_row_given_twice_is_a_problem_not_counted_twice() {
    let text = "Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n\
                2023,FYTD,OCT,U.S. Border Patrol,Single Adults,Other,Title 8,Apprehensions,100\n\
                2023,FYTD,OCT,Office of Field Operations,FMUA,Other,Title 8,Inadmissibles,20\n\
                2023,FYTD,OCT, U.S. Border Patrol,Single Adults,Other,Title 8,Apprehensions,112\n";
    let (_, report) = parse(Format::Cbp, text.as_bytes());
    let said: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| format!("{}: {}", p.at, p.message))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("input:4: the same row as line 2"),
        "{said:?}"
    );
}

#[test]
fn a_cbp_fiscal_year_out_of_range_is_named_not_its_month() {
    let text = "Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n\
                1900,FYTD,OCT,U.S. Border Patrol,Single Adults,Other,Title 8,Apprehensions,100\n";
    let (items, report) = parse(Format::Cbp, text.as_bytes());
    assert!(items.is_empty());
    assert_eq!(
        first_problem(&report),
        "input:2:1: fiscal year 1900 is outside the fiscal years a figure may be dated in: 1901 to 2200 (October 1900 to September 2200)"
    );
}

#[test]
fn cbp_nationwide_layout_reads_regions_and_full_citizenship_names() {
    let text = "Fiscal Year,Month Grouping,Month (abbv),Component,Land Border Region,Area of Responsibility,AOR (Abbv),Demographic,Citizenship,Title of Authority,Encounter Type,Encounter Count\n\
                2024,FYTD,DEC,U.S. Border Patrol,Southwest Land Border,Tucson Sector,Tucson,Single Adults,\"CHINA, PEOPLES REPUBLIC OF\",Title 8,Apprehensions,512\n\
                2024,FYTD,DEC,Office of Field Operations,Southwest Land Border,San Diego Field Office,San Diego,FMUA,\"CHINA, PEOPLES REPUBLIC OF\",Title 8,Inadmissibles,30\n\
                2024,FYTD,DEC,Office of Field Operations,Northern Land Border,Buffalo Field Office,Buffalo,Single Adults,MYANMAR (BURMA),Title 8,Inadmissibles,4\n\
                2024,FYTD,DEC,Office of Field Operations,Other,Miami Field Office,Miami,Single Adults,OTHER,Title 8,Inadmissibles,9\n";
    let (items, report) = parse(Format::Cbp, text.as_bytes());
    assert!(report.problems.is_empty(), "{:?}", report.problems.kept());
    let totals = totals(&items);
    assert_eq!(
        totals,
        vec![
            "USA/NLB/MMR/encounters 2023-12 4",
            "USA/OTH/XXX/encounters 2023-12 9",
            "USA/SWB/CHN/encounters 2023-12 542",
        ]
    );
    let dims: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Breakdown(b) => Some(b.dims.as_str()),
            Item::Observation(_) => None,
        })
        .collect();
    assert!(dims.contains(&"component=U.S. Border Patrol;aor=Tucson Sector;demographic=Single Adults;title=Title 8;encounter_type=Apprehensions"));
}

#[test]
fn a_json_field_given_twice_is_a_problem_not_the_last_one_silently() {
    let file = b"[\n{\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"VEN\",\"indicator\":\"irregular_entries\",\"period\":\"2023-08\",\"value\":5},\n{\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"HTI\",\"indicator\":\"irregular_entries\",\"period\":\"2023-08\",\"value\":5,\"value\":500}\n]";
    let (items, report) = parse(Format::Json, file);
    let problems = report.problems.kept();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].at.line(), 3);
    assert!(
        problems[0]
            .message
            .contains("\"value\" given more than once"),
        "{}",
        problems[0].message
    );
    assert_eq!(
        totals(&items),
        vec!["PAN/ALL/VEN/irregular_entries 2023-08 5"]
    );
}

#[test]
fn a_json_number_with_an_exponent_or_beyond_any_count_is_said_as_such() {
    let row = |value: &str| {
        format!("[{{\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"VEN\",\"indicator\":\"irregular_entries\",\"period\":\"2023-08\",\"value\":{value}}}]")
    };
    for (value, said) in [
        (
            "1e3",
            "has a decimal point or an exponent: write a count as plain digits",
        ),
        ("12.5", "has a decimal point or an exponent"),
        (
            "18446744073709551616",
            "is too large to be a count of people",
        ),
    ] {
        let (items, report) = parse(Format::Json, row(value).as_bytes());
        let problems = report.problems.kept();
        assert!(items.is_empty(), "{value}");
        assert_eq!(problems.len(), 1, "{value}: {problems:?}");
        assert!(
            problems[0].message.contains(said),
            "{value}: {}",
            problems[0].message
        );
    }
    let (items, report) = parse(Format::Json, row("1000").as_bytes());
    assert!(report.problems.kept().is_empty());
    assert_eq!(
        totals(&items),
        vec!["PAN/ALL/VEN/irregular_entries 2023-08 1000"]
    );
}

#[test]
fn a_json_record_over_several_lines_has_each_problem_at_its_fields_line_and_named() {
    let file = b"[\n  {\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"AFG\",\n   \"indicator\":\"irregular_entries\",\n   \"period\":\"2025-13\",\n   \"value\":-2}\n]";
    let (_, report) = parse(Format::Json, file);
    let problems: Vec<(u64, String)> = report
        .problems
        .kept()
        .iter()
        .map(|p| (p.at.line(), p.message.clone()))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, 4, "{problems:?}");
    assert!(
        problems[0].1.starts_with("field \"period\": '2025-13'"),
        "{problems:?}"
    );
    assert_eq!(problems[1].0, 5, "{problems:?}");
    assert!(
        problems[1].1.starts_with("field \"value\":"),
        "{problems:?}"
    );
}

#[test]
fn a_json_problem_names_the_character_its_field_starts_at_even_on_one_line() {
    // A compact array, as an API writes it: every record on line 1.
    let file = "[{\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"VEN\",\"indicator\":\"irregular_entries\",\"period\":\"2023-08\",\"value\":5},{\"reporter\":\"PAN\",\"location\":\"ALL\",\"nationality\":\"Atlantis\",\"indicator\":\"irregular_entries\",\"period\":\"2023-08\",\"value\":-7},{\"reporter\":\"PAN\",\"périod\":\"x\"}]";
    let (_, report) = parse(Format::Json, file.as_bytes());
    let problems: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let column = |needle: &str| file[..file.find(needle).unwrap()].chars().count() + 1;
    let second = file.find("},{").unwrap();
    let in_second = |needle: &str| {
        let at = second + file[second..].find(needle).unwrap();
        file[..at].chars().count() + 1
    };
    let expect = [
        format!(
            ":1:{}: field \"nationality\": ",
            in_second("\"nationality\"")
        ),
        format!(":1:{}: field \"value\": ", in_second("\"value\"")),
        // A name that is no field, at its own character (é counts one).
        format!(":1:{}: unknown field \"périod\"", column("\"périod\"")),
        // What a record lacks, at its opening brace.
        format!(
            ":1:{}: record lacks",
            file.rfind('{')
                .map(|b| file[..b].chars().count() + 1)
                .unwrap()
        ),
    ];
    assert_eq!(problems.len(), expect.len(), "{problems:?}");
    for (p, e) in problems.iter().zip(&expect) {
        assert!(p.contains(e.as_str()), "{p} should contain {e}");
    }
}

/// A cell at the sheet's last row and column spans a rectangle of 17
/// billion cells; the sheet is read cell by cell, so it costs what it
/// holds (a whole sheet read as a rectangle asked for 550 GB).
#[test]
fn a_stray_cell_at_the_end_of_a_sheet_costs_nothing() {
    let data = format!(
        r#"{OHSS_HEADER}<row r="2"><c r="A2"><v>2024</v></c>{}{}<c r="D2"><v>10</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        text_cell("B2", "01 October"),
        text_cell("C2", "Mexico")
    );
    let (items, report) = ohss(&data);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(items.len(), 1);
    let Item::Observation(r) = &items[0] else {
        panic!("a total")
    };
    assert_eq!((r.period.to_string().as_str(), r.value), ("2023-10", 10));
}

/// A count beyond what any count of people reaches is refused at its
/// cell, by every reader (the workbook's cells are not parsed as text).
#[test]
fn an_implausible_count_in_a_workbook_is_refused_at_its_cell() {
    let data = format!(
        r#"{OHSS_HEADER}<row r="2"><c r="A2"><v>2024</v></c>{}{}<c r="D2"><v>999999999999999</v></c></row>"#,
        text_cell("B2", "01 October"),
        text_cell("C2", "Mexico")
    );
    let (items, report) = ohss(&data);
    assert!(items.is_empty());
    let p = first_problem(&report);
    assert!(p.contains("D2") && p.contains("implausibly large"), "{p}");
}

/// A list is the countries a value is shared with, and nothing else.
#[test]
fn a_list_in_a_json_field_of_one_value_is_refused() {
    let (items, report) = parse(
        Format::Json,
        br#"[{"reporter":"PAN","location":"ALL","nationality":["VEN"],"indicator":"irregular_entries","period":"2023-08","value":["12"]},
{"reporter":"PAN","location":"ALL","nationality":"HTI","indicator":"irregular_entries","period":"2023-08","value":7,"share":"restricted","share_with":["CRI","MEX"]}]"#,
    );
    let problems: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems.iter().all(|p| p.contains("found a list")),
        "{problems:?}"
    );
    assert_eq!(items.len(), 1);
}

/// CBP's labels become a breakdown's `name=value` pairs: a label that
/// would not read back as itself is refused at its cell.
#[test]
fn a_cbp_label_that_would_not_read_back_is_refused_at_its_cell() {
    let (items, report) = parse(
        Format::Cbp,
        b"Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n\
2024,FYTD,OCT,\"U.S. Border\nPatrol\",Single Adults,Mexico,Title 8,Apprehensions,5\n\
2024,FYTD,OCT,U.S. Border Patrol,FMUA;x=y,Mexico,Title 8,Apprehensions,7\n\
2024,FYTD,NOV,U.S. Border Patrol,FMUA,Mexico,Title 8,Apprehensions,9\n",
    );
    let problems: Vec<String> = report
        .problems
        .kept()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("input:2:4:") && p.contains("control")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("input:4:5:") && p.contains("separate")),
        "{problems:?}"
    );
    // CBP's totals sum rows: none is given while any row is refused.
    assert!(items.is_empty());
}

/// A fiscal year no month can fall in is the year's fault, not the month's.
#[test]
fn a_fiscal_year_out_of_range_is_refused_at_its_own_cell() {
    for year in ["1", "99999999999", "-9223372036854775808"] {
        let data = format!(
            r#"{OHSS_HEADER}<row r="2">{}{}{}<c r="D2"><v>10</v></c></row>"#,
            text_cell("A2", year),
            text_cell("B2", "02 November"),
            text_cell("C2", "Mexico")
        );
        let (items, report) = ohss(&data);
        assert!(items.is_empty());
        let p = first_problem(&report);
        assert!(
            p.contains("A2") && p.contains("is not a fiscal year"),
            "{p}"
        );
    }
}

/// UTF-16 is refused with the fix, with its byte-order mark or without.
#[test]
fn utf16_without_its_mark_is_named_as_such() {
    let text = "reporter,location,nationality,indicator,period,value\nPAN,ALL,VEN,irregular_entries,2023-08,5\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for bytes in [le, be] {
        let (items, report) = parse(Format::Long, &bytes);
        assert!(items.is_empty());
        let p = first_problem(&report);
        assert!(p.contains("UTF-16"), "{p}");
    }
}

/// A blank cell with a border or a fill is written as a cell with no
/// value; it is no part of the table, wherever it sits.
#[test]
fn blank_formatted_cells_do_not_move_the_header() {
    let data = format!(
        r#"<row r="1"><c r="A1" s="1"/></row>{}<row r="3"><c r="A3"><v>2024</v></c>{}{}<c r="D3"><v>10</v></c></row><row r="4"><c r="F4" s="1"/></row>"#,
        OHSS_HEADER
            .replace("r=\"1\"", "r=\"2\"")
            .replace("1\"", "2\""),
        text_cell("B3", "01 October"),
        text_cell("C3", "Mexico")
    );
    let (items, report) = ohss(&data);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(items.len(), 1);
}

/// A workbook whose parts unpack to more than 256 MB is refused before
/// any of it is read (here 300 MB of zeros, a few hundred kilobytes
/// packed).
#[test]
fn a_workbook_that_unpacks_too_large_is_refused_unread() {
    use std::io::Write;
    let base = workbook(OHSS_HEADER);
    let mut archive = zip::ZipWriter::new_append(Cursor::new(base)).unwrap();
    archive
        .start_file(
            "xl/media/padding.bin",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true),
        )
        .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        archive.write_all(&zeros).unwrap();
    }
    let bytes = archive.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "{} bytes packed", bytes.len());
    let (items, report) = parse(Format::Ohss, &bytes);
    let p = first_problem(&report);
    assert!(
        p.contains("unpacks to 300 MB") && p.contains("refused unread"),
        "{p}"
    );
    assert!(items.is_empty());
}

/// A count written as text is digits only, as the text readers take it.
#[test]
fn a_workbook_count_written_as_text_is_digits_only() {
    for (text, taken) in [("12", true), ("+10", false), ("-0", false), ("1 0", false)] {
        let data = format!(
            r#"{OHSS_HEADER}<row r="2"><c r="A2"><v>2024</v></c>{}{}{}</row>"#,
            text_cell("B2", "01 October"),
            text_cell("C2", "Mexico"),
            text_cell("D2", text)
        );
        let (items, report) = ohss(&data);
        assert_eq!(items.len() == 1, taken, "{text}: {:?}", report.problems);
    }
}
