#![no_main]
#[path = "../bodies/stanza_xep.rs"]
mod body;
libfuzzer_sys::fuzz_target!(|d: &[u8]| body::run(d));
