//! The `duizhao` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = duizhao::cli::Cli::parse();
    // Buffered: the standard output is line-buffered, a system call per line of JSON.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = duizhao::commands::run(cli, &mut out).and_then(|code| {
        std::io::Write::flush(&mut out)?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`duizhao list | head`) is not an error worth a message.
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .map(std::io::Error::kind)
                    .or_else(|| e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind))
                    == Some(std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("duizhao: {err:#}");
            ExitCode::from(2)
        }
    }
}
