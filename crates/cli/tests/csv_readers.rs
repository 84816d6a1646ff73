//! Every CSV reader of the project goes through `corredor_ingest::csvio`:
//! the same malformed file (a byte-order mark, a `;` file, UTF-16, a
//! Latin-1 byte, a blank line, a short row) gets the same answer at the
//! same position whether it is a placement file, a pledge file, a key's
//! inputs, a labour file or a publisher's figures.

use corredor_followup::pledge::{self, Recipient};
use corredor_sharing::inputs::{self, Request};
use corredor_sharing::place::files;
use corredor_sharing::{sources, GapRule};

/// One reader: a valid header and row for it, and how it reads a file
/// (the problems it reports, as printed; none when the file is taken).
struct Reader {
    what: &'static str,
    header: &'static str,
    row: &'static str,
    read: fn(&str, &[u8]) -> Vec<String>,
}

fn placement(name: &str, bytes: &[u8]) -> Vec<String> {
    files::read(&files::Files {
        cases: (name, bytes),
        sites: ("sites.csv", b"id,country,capacity\nx,MEX,9\n"),
        scores: None,
        quotas: None,
        tolerance: 0.05,
    })
    .err()
    .map(|p| p.messages())
    .unwrap_or_default()
}

fn pledges(name: &str, bytes: &[u8]) -> Vec<String> {
    let recipient = |c: &str| (c == "CRI").then(|| Recipient::Country(c.into()));
    pledge::parse_csv(name, bytes, &recipient)
        .err()
        .map(|p| p.iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

fn rates(name: &str, bytes: &[u8]) -> Vec<String> {
    pledge::parse_rates(name, bytes)
        .err()
        .map(|p| p.iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

fn key_inputs(name: &str, bytes: &[u8]) -> Vec<String> {
    inputs::compute(&Request {
        name,
        inputs: bytes,
        preset: None,
        criteria: Some("population:1"),
        total: Some(10),
        exclude: &[],
        country_column: None,
        published: None,
        gaps: GapRule::Refuse,
    })
    .err()
    .map(|e| e.messages())
    .unwrap_or_default()
}

fn labour(name: &str, bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    corredor_labour::records::read_workers(name, bytes, &mut problems);
    problems.iter().map(ToString::to_string).collect()
}

fn publisher(name: &str, bytes: &[u8]) -> Vec<String> {
    sources::wdi(name, bytes)
        .err()
        .map(|p| p.messages())
        .unwrap_or_default()
}

const READERS: [Reader; 6] = [
    Reader {
        what: "placement",
        header: "id,size,needs",
        row: "a1,2,medical",
        read: placement,
    },
    Reader {
        what: "pledges",
        header: "id,donor,recipient,purpose,amount,currency,status,date,source",
        row: "P1,Italy,CRI,Asylum capacity,1000.50,EUR,pledged,2021-06-10,donor report",
        read: pledges,
    },
    Reader {
        what: "rates",
        header: "date,base,quote,rate",
        row: "2021-06-10,EUR,USD,1.2",
        read: rates,
    },
    Reader {
        what: "key inputs",
        header: "country,population",
        row: "MEX,100",
        read: key_inputs,
    },
    Reader {
        what: "labour",
        header: "id,nationality,residence,isco,experience_years,languages,skills,consent",
        row: "w1,GTM,GTM,7212,3,es,welding,yes",
        read: labour,
    },
    Reader {
        what: "publisher",
        header: "Country Name,Country Code,Year,Value",
        row: "Mexico,MEX,2020,5",
        read: publisher,
    },
];

/// A reader's valid file, spoilt in one way.
type Malformed = fn(&Reader) -> Vec<u8>;

fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend(unit.to_le_bytes());
    }
    out
}

/// The first field of the row, in Latin-1 (what Excel's plain "CSV" writes
/// on a Spanish-locale machine): `Bogotá`'s last letter is the byte 0xE1.
fn latin1_first_field(r: &Reader) -> Vec<u8> {
    let (_, rest) = r.row.split_once(',').unwrap();
    let mut out = format!("{}\nBogot", r.header).into_bytes();
    out.push(0xE1);
    out.extend(format!(",{rest}\n").into_bytes());
    out
}

#[test]
fn a_valid_file_is_taken_by_every_reader() {
    for r in &READERS {
        let file = format!("{}\n{}\n", r.header, r.row);
        assert_eq!(
            (r.read)("f.csv", file.as_bytes()),
            Vec::<String>::new(),
            "{}",
            r.what
        );
    }
}

#[test]
fn a_byte_order_mark_and_a_semicolon_file_are_read_as_csv() {
    for r in &READERS {
        let bom = format!("\u{feff}{}\n{}\r\n", r.header, r.row);
        assert_eq!(
            (r.read)("f.csv", bom.as_bytes()),
            Vec::<String>::new(),
            "{}",
            r.what
        );
        let semicolons = format!("{}\n{}\n", r.header, r.row).replace(',', ";");
        assert_eq!(
            (r.read)("f.csv", semicolons.as_bytes()),
            Vec::<String>::new(),
            "{}",
            r.what
        );
    }
}

#[test]
fn malformed_files_get_the_same_positioned_message_from_every_reader() {
    let cases: [(&str, Malformed, &str); 4] = [
        (
            "UTF-16",
            |r| utf16(&format!("{}\n{}\n", r.header, r.row)),
            "f.csv:1:1: the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\"",
        ),
        (
            "a Latin-1 byte",
            latin1_first_field,
            "f.csv:2:1: text is not UTF-8 (byte 0xE1 is 'á' in Latin-1/Windows-1252): save the file as \"CSV UTF-8\"",
        ),
        (
            "a blank line",
            |r| format!("{}\n\n{}\n", r.header, r.row).into_bytes(),
            "f.csv:2: blank line: remove it",
        ),
        (
            "a short row",
            |r| format!("{}\n{}\n", r.header, r.row.split(',').next().unwrap()).into_bytes(),
            "f.csv:2: this row has 1 fields but the header has",
        ),
    ];
    for (what, file, expected) in cases {
        for r in &READERS {
            let problems = (r.read)("f.csv", &file(r));
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{} with {what}: {problems:#?}",
                r.what
            );
        }
    }
}
