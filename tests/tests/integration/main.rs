//! The end-to-end tests: one test binary (one link of wasmtime, one guest
//! build per run) whose modules are the areas tested. Run one area with
//! `cargo test -p livehost-tests --test integration <module>::`.

mod admin_actions;
mod async_calls;
mod browser;
mod cluster;
mod console;
mod console_browser;
mod crash;
mod data_file;
mod demo;
mod differential;
mod export;
mod fuzz;
mod hardening;
mod instances;
mod js_guests;
mod live_flow;
mod load_bench;
mod lossy;
mod metrics;
mod otree_apps;
mod otree_project;
mod otree_session_model;
mod promises;
mod python_guests;
mod scenarios;
mod sdk_pages;
mod sdk_session_hooks;
mod serve;
mod service;
