//! Reading CSV as analysts actually save it, with the `csv` crate doing the
//! parsing. What this module adds is what the crate leaves to its callers:
//! a byte-order mark, the `;` delimiter of Spanish-locale spreadsheets, files
//! that are not UTF-8, blank lines, rows of the wrong width and absurdly long
//! lines, each turned into a message that says where and what to do.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use crate::{Context, Position};

/// A row longer than this is not a row of statistics (a truncated file or a
/// binary pasted in); refusing it early keeps messages and memory sane.
pub const MAX_ROW_BYTES: usize = 1 << 20;

const LF: u8 = b'\n';
const CR: u8 = b'\r';

pub(crate) struct CsvInput<R: Read> {
    reader: csv::Reader<LineCounter<BufReader<R>>>,
    record: csv::ByteRecord,
    ends: Rc<RefCell<LineEnds>>,
    width: usize,
}

/// Where the lines end, for the bytes the CSV reader has read but the
/// caller has not yet passed. The `csv` crate reports a record's position as
/// where it started looking, before any blank lines it skipped, and may stop
/// between the `\r` and `\n` of a Windows line end; counting line ends
/// ourselves gives true line numbers and lets blank lines be reported. Only
/// the line ends in the reader's look-ahead are kept: memory stays bounded.
#[derive(Default)]
struct LineEnds {
    /// Offset where each line end starts (the `\r` of a `\r\n`), and
    /// whether it is a `\r\n`.
    pending: VecDeque<(u64, bool)>,
    /// Line ends before the first pending one.
    passed: u64,
}

impl LineEnds {
    /// The 1-based line of byte `offset`; forgets line ends before it.
    fn line_of(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&(n, _)| n < offset) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// Line ends that start in `start..end`, and whether the record ending
    /// at `end` ended with one.
    fn between(&self, start: u64, end: u64) -> (u64, bool) {
        // Pending ends are in order and none is before `start` once
        // `line_of(start)` has run, so this stops at the record's end.
        let mut count = 0;
        let mut last = None;
        for &(n, crlf) in self.pending.iter().take_while(|&&(n, _)| n < end) {
            if n >= start {
                count += 1;
                last = Some((n, crlf));
            }
        }
        let terminated = last.is_some_and(|(n, crlf)| n + 1 == end || (crlf && n + 2 == end));
        (count, terminated)
    }
}

struct LineCounter<R> {
    inner: R,
    offset: u64,
    previous_was_cr: bool,
    ends: Rc<RefCell<LineEnds>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut ends = self.ends.borrow_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == LF {
                let at = self.offset + i as u64;
                if self.previous_was_cr {
                    ends.pending.push_back((at - 1, true));
                } else {
                    ends.pending.push_back((at, false));
                }
            }
            self.previous_was_cr = b == CR;
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// One data row: its line and its fields as text.
pub(crate) struct Row<'r> {
    pub line: u64,
    pub fields: Vec<&'r str>,
}

impl Row<'_> {
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).copied().unwrap_or("")
    }
}

/// Opens `input` as CSV and reads its first row. Returns the reader and the
/// first row (the header, as text), or `None` after recording why not.
pub(crate) fn open<R: Read>(input: R, ctx: &mut Context) -> Option<(CsvInput<R>, Vec<String>)> {
    let mut buf = BufReader::with_capacity(1 << 16, input);
    let head = match buf.fill_buf() {
        Ok(h) => h,
        Err(e) => {
            let at = ctx.at(1, None);
            ctx.problem(at, format!("cannot read the file: {e}"));
            return None;
        }
    };
    if head.is_empty() {
        let at = ctx.at(1, None);
        ctx.problem(at, "the file is empty: expected a header line");
        return None;
    }
    if let Err(message) = refuse_utf16(head) {
        let at = ctx.at(1, Some(1));
        ctx.problem(at, message);
        return None;
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        // A UTF-8 byte-order mark, as Excel writes in "CSV UTF-8": harmless,
        // and left in place it would become part of the first column name.
        buf.consume(3);
    }
    let delimiter = match sniff_delimiter(buf.fill_buf().unwrap_or(&[])) {
        Ok(d) => d,
        Err(message) => {
            let at = ctx.at(1, None);
            ctx.problem(at, message);
            return None;
        }
    };
    let ends = Rc::new(RefCell::new(LineEnds::default()));
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(LineCounter {
            inner: buf,
            offset: 0,
            previous_was_cr: false,
            ends: ends.clone(),
        });
    let mut input = CsvInput {
        reader,
        record: csv::ByteRecord::new(),
        ends,
        width: 0,
    };
    let header = match input.next_row(ctx)? {
        Ok(row) => row
            .fields
            .iter()
            .map(|f| f.trim().to_string())
            .collect::<Vec<_>>(),
        Err(()) => return None,
    };
    input.width = header.len();
    Some((input, header))
}

/// Text files must be UTF-8; UTF-16 (what Excel's "Unicode text" writes)
/// is recognised by its byte-order mark and refused with the fix.
pub(crate) fn refuse_utf16(head: &[u8]) -> Result<(), String> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" and import again".into());
    }
    Ok(())
}

/// The delimiter of the first line: `,`, or `;` as spreadsheets in Spanish
/// and other comma-decimal locales write it. Tabs and pipes are refused
/// with the fix rather than guessed at.
pub(crate) fn sniff_delimiter(head: &[u8]) -> Result<u8, String> {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let (commas, semis, tabs, pipes) = (count(b','), count(b';'), count(b'\t'), count(b'|'));
    if semis > commas {
        return Ok(b';');
    }
    if commas == 0 && (tabs > 0 || pipes > 0) {
        let what = if tabs >= pipes { "tabs" } else { "'|'" };
        return Err(format!(
            "the header is separated by {what}, not commas: save the file as CSV (comma-separated), or use ';'"
        ));
    }
    Ok(b',')
}

impl<R: Read> CsvInput<R> {
    /// The next row, `Some(Err(()))` if it was unusable (already reported),
    /// `None` at the end of the file.
    pub fn next_row(&mut self, ctx: &mut Context) -> Option<Result<Row<'_>, ()>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(0, |p| p.byte());
                let line = self.ends.borrow_mut().line_of(byte);
                let at = ctx.at(line, None);
                ctx.problem(at, format!("cannot read this line as CSV: {e}"));
                return Some(Err(()));
            }
        }
        let start = self.record.position().map_or(0, |p| p.byte());
        let end = self.reader.position().byte();
        let (line, blank, terminated) = {
            let mut nl = self.ends.borrow_mut();
            let reported = nl.line_of(start);
            let (count, terminated) = nl.between(start, end);
            let own = self.record.as_slice().iter().filter(|&&b| b == LF).count() as u64
                + u64::from(terminated);
            let blank = count.saturating_sub(own);
            (
                reported + blank,
                (blank > 0).then_some(reported),
                terminated,
            )
        };
        let mut bad = false;
        if let Some(blank_line) = blank {
            let at = ctx.at(blank_line, None);
            ctx.problem(
                at,
                "blank line: remove it (a blank line inside a file often means two files were pasted together)",
            );
        }
        let size = self.record.as_slice().len();
        if size > MAX_ROW_BYTES {
            let at = ctx.at(line, None);
            ctx.problem(
                at,
                format!(
                    "line is {:.1} MB long; a row of statistics never is: is the file truncated, or not a CSV?",
                    size as f64 / 1e6
                ),
            );
            return Some(Err(()));
        }
        if self.width > 0 && self.record.len() != self.width {
            let at = ctx.at(line, None);
            let hint = if !terminated && self.record.len() < self.width {
                " and the file ends inside it: the file looks truncated"
            } else if self.record.len() == 1 && self.width > 1 {
                " (is the row separated by another delimiter than the header?)"
            } else {
                ""
            };
            ctx.problem(
                at,
                format!(
                    "this row has {} fields but the header has {}{hint}",
                    self.record.len(),
                    self.width
                ),
            );
            return Some(Err(()));
        }
        let mut fields = Vec::with_capacity(self.record.len());
        for (i, raw) in self.record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => fields.push(s),
                Err(e) => {
                    let byte = raw[e.valid_up_to()];
                    let at = ctx.at(line, Some(i + 1));
                    ctx.problem(at, not_utf8(byte));
                    bad = true;
                    fields.push("");
                }
            }
        }
        if bad {
            return Some(Err(()));
        }
        Some(Ok(Row { line, fields }))
    }
}

pub(crate) fn not_utf8(byte: u8) -> String {
    let guess = if byte >= 0xA0 {
        format!(
            " (byte 0x{byte:02X} is '{}' in Latin-1/Windows-1252)",
            char::from(byte)
        )
    } else {
        String::new()
    };
    format!("text is not UTF-8{guess}: save the file as \"CSV UTF-8\" and import again")
}

/// Finds each wanted column in a header by name (case and surrounding
/// spaces ignored); reports every missing required column at line 1.
pub(crate) fn locate(
    header: &[String],
    required: &[&str],
    optional: &[&str],
    ctx: &mut Context,
) -> Option<(Vec<usize>, Vec<Option<usize>>)> {
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let mut missing = Vec::new();
    let req: Vec<usize> = required
        .iter()
        .filter_map(|n| {
            find(n).or_else(|| {
                missing.push(*n);
                None
            })
        })
        .collect();
    if !missing.is_empty() {
        let at = ctx.at(1, None);
        ctx.problem(
            at,
            format!(
                "the header lacks the column(s) {}: the header must name {}",
                missing.join(", "),
                required.join(",")
            ),
        );
        return None;
    }
    Some((req, optional.iter().map(|n| find(n)).collect()))
}

/// A position for a field of a row.
pub(crate) fn at_field(ctx: &Context, line: u64, index: usize) -> Position {
    ctx.at(line, Some(index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), Ok(b','));
        assert_eq!(sniff_delimiter(b"a;b;c\n"), Ok(b';'));
        assert!(sniff_delimiter(b"a\tb\tc\n").unwrap_err().contains("tabs"));
        assert!(sniff_delimiter(b"a|b|c\n").unwrap_err().contains("'|'"));
    }
}
