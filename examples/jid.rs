//! A command-line JID normalizer.
//!
//! ```text
//! cargo run --example jid -- 'Juliet@Example.COM/Balcony' '@example.com'
//! printf 'a@b\nFOO@BAR\n' | cargo run --example jid
//! ```
//!
//! Normalizes each argument, or each line of standard input when there are
//! no arguments, and prints `ok\t<normalized>` or `err\t<error message>`
//! for each. Exits with status 0 if all were valid, 1 otherwise (2 if
//! standard input cannot be read).

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use xmpp_sansio::jid::Jid;

fn main() -> ExitCode {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut all_valid = true;
    let mut handle = |input: &str, out: &mut dyn Write| -> io::Result<()> {
        match Jid::new(input) {
            Ok(jid) => writeln!(out, "ok\t{jid}"),
            Err(e) => {
                all_valid = false;
                writeln!(out, "err\t{e}")
            }
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.is_empty() {
        io::stdin().lock().lines().try_for_each(|line| {
            let line = line?;
            handle(line.strip_suffix('\r').unwrap_or(&line), &mut out)
        })
    } else {
        args.iter().try_for_each(|a| handle(a, &mut out))
    };
    if let Err(e) = result.and_then(|()| out.flush()) {
        eprintln!("jid: {e}");
        return ExitCode::from(2);
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
