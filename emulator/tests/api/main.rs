//! The emulator's HTTP API tests, as one test binary: each integration test binary links the
//! whole emulator (SQLite, the crypto, tokio, axum), so one binary instead of fourteen keeps a
//! CI machine's disk and link time small.

mod common;
mod otp_support;

mod account;
mod bad_input_otp;
mod captcha;
mod custom;
mod faults;
mod http;
mod oauth;
mod restart;
mod restart_signup;
mod signin;
mod signup;
mod token;
mod user;
mod verification;
