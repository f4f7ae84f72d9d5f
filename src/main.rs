//! The `duizhao` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = duizhao::cli::Cli::parse();
    match duizhao::commands::run(cli, &mut std::io::stdout().lock()) {
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
