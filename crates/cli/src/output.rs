//! Small helpers for what the commands print.

use std::io::{self, IsTerminal};

/// 1234567 → "1,234,567": the command line writes English.
pub fn thousands(n: u64) -> String {
    corredor_model::locale::count(n, corredor_model::Lang::En)
}

/// "1 alert", "2,345 alerts".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Whether to draw progress bars.
pub fn interactive() -> bool {
    io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_audit_detail_stays_on_its_line() {
        assert_eq!(
            super::shown("ok\n2026-12-06T20:25:39Z SEC secretariat alert.close\r\u{202e}x"),
            "ok\\n2026-12-06T20:25:39Z SEC secretariat alert.close\\r\\u{202e}x"
        );
        assert_eq!(super::shown("Año, São, Noël"), "Año, São, Noël");
    }

    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn a_time_limit_is_seconds_from_zero_to_a_day() {
        assert_eq!(parse_seconds("0"), Ok(0.0));
        assert_eq!(parse_seconds("86400"), Ok(86_400.0));
        for bad in ["inf", "1e30", "-1", "NaN", "ten"] {
            assert!(parse_seconds(bad).unwrap_err().contains(bad), "{bad}");
        }
    }
}

/// The language in which a command writes what the early warning says
/// (alerts' and notices' explanations).
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct LangArg {
    /// Language of the explanations: en, es, pt or fr
    #[arg(long, env = "CORREDOR_LANG", default_value = "en", value_parser = parse_lang)]
    pub lang: corredor_model::Lang,
}

fn parse_lang(code: &str) -> Result<corredor_model::Lang, String> {
    corredor_model::Lang::from_code(code)
        .ok_or_else(|| format!("'{code}' is not a language of Corredor: use en, es, pt or fr"))
}

/// The longest search a command line may ask for: a day.
const MAX_SECONDS: f64 = 86_400.0;

/// A `--time-limit`: seconds from 0 to a day, so that "inf" or "1e30" is
/// refused where it is given rather than overflowing a deadline.
pub fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.0..=MAX_SECONDS).contains(&s) => Ok(s),
        _ => Err(format!(
            "give seconds from 0 to {MAX_SECONDS}, not '{text}'"
        )),
    }
}

/// `text` on one line of a terminal: a line break, a carriage return, an
/// escape sequence or a bidirectional override in what a caller wrote (a
/// comment quoted in an entry's detail, a file's name) is shown escaped,
/// so that no line can draw another below it or rewrite its own.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if corredor_model::record::is_hidden_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
