#![no_main]
#[path = "../bodies/session.rs"]
mod body;
libfuzzer_sys::fuzz_target!(|d: &[u8]| body::run(d));
