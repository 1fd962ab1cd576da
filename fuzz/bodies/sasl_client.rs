//! Fuzz body: a client mechanism fed arbitrary challenges.
//!
//! Input: byte 0 picks the mechanism (`Mechanism::ALL[b % 9]`) and, in its
//! high bit, whether the client has channel-binding data (`p=`/`y`); the rest
//! is split on `0xFF` into server messages: all but the last are
//! challenges, the last is the success data.

use xmpp_sansio::sasl::{
    ChannelBinding, ChannelBindingType, ClientConfig, ClientMechanism, Gs2CbFlag, Mechanism,
    Selection,
};

pub fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mechanism = Mechanism::ALL[usize::from(selector & 0x7f) % Mechanism::ALL.len()];
    // Iterations 1..=4096 keep each run cheap while allowing the RFC examples.
    let mut config = ClientConfig::new("user", "pencil")
        .with_tls(true)
        .with_iterations(1, 4096);
    config.anonymous_trace = Some("trace".into());
    let mut cb_flag = Gs2CbFlag::NotSupported;
    if selector & 0x80 != 0 || mechanism.is_plus() {
        config.channel_bindings.push(ChannelBinding::new(
            ChannelBindingType::TlsExporter,
            vec![7; 32],
        ));
        cb_flag = if mechanism.is_plus() {
            Gs2CbFlag::Bound(ChannelBindingType::TlsExporter)
        } else {
            Gs2CbFlag::ClientOnly
        };
    }
    let selection = Selection { mechanism, cb_flag };
    let Ok(mut client) = ClientMechanism::new(selection, &config, "fyko+d2lbbFgONRv9qkxdawL")
    else {
        return;
    };
    if client.initial_response().is_err() {
        return;
    }
    let msgs: Vec<&[u8]> = rest.split(|b| *b == 0xff).take(8).collect();
    let Some((last, challenges)) = msgs.split_last() else {
        return;
    };
    for c in challenges {
        match client.respond(c) {
            Ok(r) => assert!(r.len() < 16 * 1024),
            Err(e) => {
                let _ = (e.condition(), e.to_string());
                return;
            }
        }
    }
    if client.finish(last).is_ok() && client.mechanism().scram_hash().is_some() {
        // Only reachable with a correct server signature.
        assert!(client.cached_keys().is_some());
    }
}
