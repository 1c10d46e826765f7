//! `gerbang-bench`: seed a large data set, then measure the platform under load.
//!
//! `seed` fills a database (SQLite or PostgreSQL) with agencies, services, applicants
//! with API tokens (written to a file) and existing applications. `load` drives a
//! running server through the JSON API with a mix of catalogue, detail, submit and
//! track requests and prints throughput and latency percentiles. Nothing here is a
//! test: figures depend on the machine and are recorded in bench/README.md.

mod load;
mod seed;

use clap::{Parser, Subcommand};

/// Gerbang's load harness.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a database with the benchmark data set (migrates it first).
    Seed(seed::SeedArgs),
    /// Drive a running server and print throughput and latency percentiles.
    Load(load::LoadArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Seed(args) => seed::run(args).await,
            Command::Load(args) => load::run(args).await,
        }
    })
}
