#![no_main]
#[path = "../bodies/stream_xml_roundtrip.rs"]
mod body;
libfuzzer_sys::fuzz_target!(|d: &[u8]| body::run(d));
