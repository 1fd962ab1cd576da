#![no_main]
#[path = "../bodies/sasl_server.rs"]
mod body;
libfuzzer_sys::fuzz_target!(|d: &[u8]| body::run(d));
