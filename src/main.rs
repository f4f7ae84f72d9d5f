//! The `duizhao` binary: parse the command line, run, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = duizhao::cli::Cli::parse();
    match duizhao::commands::run(cli, &mut std::io::stdout().lock()) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`duizhao list | head`) is not an error worth a message.
            if err.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) {
                return ExitCode::SUCCESS;
            }
            eprintln!("duizhao: {err:#}");
            ExitCode::from(2)
        }
    }
}
