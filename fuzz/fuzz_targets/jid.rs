#![no_main]
#[path = "../bodies/jid.rs"]
mod body;
libfuzzer_sys::fuzz_target!(|d: &[u8]| body::run(d));
