//! Fuzz body: a server mechanism fed arbitrary client messages.
//!
//! Input: byte 0 picks the mechanism (`Mechanism::ALL[b % 9]`) and, in its
//! high bit, whether the server has channel-binding data; the rest is split
//! on `0xFF` (never valid in UTF-8, so no valid message needs it) into the
//! client messages, fed in order until one fails.

use xmpp_sansio::sasl::{
    ChannelBinding, ChannelBindingType, CredentialStore, LookupError, Mechanism, ScramCredentials,
    ScramHash, ServerConfig, ServerMechanism, ServerStep,
};

/// One user, "user" / "pencil", salt "saltsalt", 1 iteration (cheap to fuzz).
struct Users;

impl CredentialStore for Users {
    fn scram_credentials(
        &self,
        username: &str,
        hash: ScramHash,
    ) -> Result<ScramCredentials, LookupError> {
        if username != "user" {
            return Err(LookupError::UnknownUser);
        }
        ScramCredentials::derive(hash, "pencil", b"saltsalt", 1).map_err(|_| LookupError::Temporary)
    }
    fn authorize(&self, authcid: &str, authzid: &str) -> bool {
        authcid == "user" && authzid == "admin"
    }
    fn authorize_external(&self, _tls_identity: &str, authzid: &str) -> bool {
        authzid == "admin"
    }
}

pub fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mechanism = Mechanism::ALL[usize::from(selector & 0x7f) % Mechanism::ALL.len()];
    let mut config = ServerConfig {
        tls: true,
        anonymous: true,
        external_identity: Some("user@example.com".into()),
        ..ServerConfig::default()
    };
    if selector & 0x80 != 0 {
        config.channel_bindings.push(ChannelBinding::new(
            ChannelBindingType::TlsExporter,
            vec![7; 32],
        ));
    }
    let Ok(mut server) = ServerMechanism::from_mechanism(mechanism, &config, "3rfcNHYJY1ZVvWVs7j")
    else {
        return;
    };
    for msg in rest.split(|b| *b == 0xff).take(8) {
        match server.step(&Users, msg) {
            Ok(ServerStep::Challenge(c)) => assert!(c.len() < 16 * 1024),
            Ok(ServerStep::Success { .. }) => {}
            Err(e) => {
                let _ = (e.condition().as_str(), e.to_string());
                // A failed exchange stays failed.
                assert!(server.step(&Users, msg).is_err());
                return;
            }
        }
    }
}
