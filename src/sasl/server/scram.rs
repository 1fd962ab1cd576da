//! The server side of `SCRAM-*` and `SCRAM-*-PLUS` ([RFC 5802 §5, §6],
//! [RFC 7677]), working from stored keys: a login costs a few HMACs, never PBKDF2.
//!
//! Checks, each failing with its own [`SaslError`]: the GS2 header and its
//! channel-binding flag (`y` while this server offers `-PLUS` is a downgrade;
//! `p=` needs a `-PLUS` mechanism and binding data of that type; `n` with a
//! `-PLUS` mechanism is refused), mandatory extensions (`m=`), user names with
//! unescaped `,`/`=`, SASLprep, base64, UTF-8, the channel-binding data
//! (`c=`), the nonce and the proof (compared in constant time). Unknown users
//! get a mock challenge (a salt derived from the user name) and fail only at
//! the proof, like a wrong password (RFC 5802 §9), after the same proof
//! computation and comparison (against a stored key no proof matches).
//!
//! [RFC 5802 §5, §6]: https://www.rfc-editor.org/rfc/rfc5802#section-5
//! [RFC 7677]: https://www.rfc-editor.org/rfc/rfc7677

use std::fmt;

use super::{
    CredentialStore, LookupError, ScramCredentials, ServerConfig, ServerStep, check_authzid,
};
use crate::sasl::channel_binding::{Gs2Flag, Gs2Header};
use crate::sasl::ct::ct_eq;
use crate::sasl::scram::{
    b64_decode, b64_encode, check_extensions, expect_attr, message_str, unescape_saslname,
    validate_nonce, xor,
};
use crate::sasl::{
    ChannelBinding, ChannelBindingType, Mechanism, SaslError, ScramHash, saslprep_query,
};

/// A SCRAM server.
pub struct ScramServer {
    hash: ScramHash,
    plus: bool,
    bindings: Vec<ChannelBinding>,
    server_nonce: String,
    mock_salt_key: Vec<u8>,
    mock_iterations: u32,
    state: State,
}

enum State {
    Initial,
    SentFirst(Box<Exchange>),
    Finished,
}

struct Exchange {
    /// GS2 header followed by the channel-binding data: what `c=` must decode to.
    cbind_input: Vec<u8>,
    client_first_bare: String,
    server_first: String,
    nonce: String,
    authcid: String,
    authzid: Option<String>,
    /// `None` for an unknown user (mock exchange that always fails).
    credentials: Option<ScramCredentials>,
}

impl ScramServer {
    /// A SCRAM server for `hash`, `-PLUS` if `plus`. `server_nonce` is the
    /// part the server appends to the client's nonce.
    pub fn new(
        hash: ScramHash,
        plus: bool,
        config: &ServerConfig,
        server_nonce: &str,
    ) -> Result<ScramServer, SaslError> {
        validate_nonce(server_nonce)?;
        if plus && config.channel_bindings.is_empty() {
            return Err(SaslError::ChannelBindingFlag("SCRAM-*-PLUS"));
        }
        Ok(ScramServer {
            hash,
            plus,
            bindings: config.channel_bindings.clone(),
            server_nonce: server_nonce.to_owned(),
            mock_salt_key: config.mock_salt_key.clone(),
            mock_iterations: config.mock_iterations.max(1),
            state: State::Initial,
        })
    }

    /// The mechanism name this server runs.
    pub fn mechanism(&self) -> Mechanism {
        Mechanism::scram(self.hash, self.plus)
    }

    /// Handles `client-first-message` (answering `server-first-message`) or
    /// `client-final-message` (answering success with `server-final-message`).
    pub fn step<C: CredentialStore + ?Sized>(
        &mut self,
        store: &C,
        msg: &[u8],
    ) -> Result<ServerStep, SaslError> {
        match std::mem::replace(&mut self.state, State::Finished) {
            State::Initial => {
                let exchange = self.server_first(store, msg)?;
                let challenge = exchange.server_first.clone().into_bytes();
                self.state = State::SentFirst(Box::new(exchange));
                Ok(ServerStep::Challenge(challenge))
            }
            State::SentFirst(exchange) => self.server_final(store, *exchange, msg),
            State::Finished => Err(SaslError::UnexpectedMessage(
                "SCRAM exchange already finished",
            )),
        }
    }

    fn server_first<C: CredentialStore + ?Sized>(
        &self,
        store: &C,
        msg: &[u8],
    ) -> Result<Exchange, SaslError> {
        const M: &str = "client-first-message";
        let msg = message_str(msg, M)?;
        let (gs2, gs2_len) = Gs2Header::parse(msg)?;
        let cb_data: &[u8] = match &gs2.flag {
            Gs2Flag::P(name) => {
                if !self.plus {
                    return Err(SaslError::ChannelBindingFlag("SCRAM without -PLUS"));
                }
                let kind = ChannelBindingType::from_name(name).ok_or_else(|| {
                    SaslError::ChannelBindingUnsupported(name.chars().take(64).collect())
                })?;
                let binding = self
                    .bindings
                    .iter()
                    .find(|b| b.kind == kind)
                    .ok_or_else(|| SaslError::ChannelBindingUnsupported(name.clone()))?;
                &binding.data
            }
            Gs2Flag::Y if !self.plus && !self.bindings.is_empty() => {
                return Err(SaslError::ChannelBindingDowngrade);
            }
            _ if self.plus => return Err(SaslError::ChannelBindingFlag("SCRAM-*-PLUS")),
            _ => &[],
        };
        let gs2_bytes = msg.as_bytes().get(..gs2_len).unwrap_or_default();
        let mut cbind_input = Vec::with_capacity(gs2_len + cb_data.len());
        cbind_input.extend_from_slice(gs2_bytes);
        cbind_input.extend_from_slice(cb_data);

        let bare = msg.get(gs2_len..).unwrap_or_default();
        if bare.starts_with("m=") {
            return Err(SaslError::UnknownMandatoryExtension);
        }
        let mut parts = bare.split(',');
        let username = expect_attr(&mut parts, b'n', M, "expected the user name (n=)")?;
        let client_nonce = expect_attr(
            &mut parts,
            b'r',
            M,
            "expected the nonce (r=) after the user name",
        )?;
        check_extensions(parts, M)?;
        let username = unescape_saslname(username, "username")?;
        // RFC 5802 §5.1: SASLprep "treating it as a query string (i.e.,
        // unassigned Unicode codepoints are allowed)".
        let authcid = saslprep_query(&username, "username")?.into_owned();
        if authcid.is_empty() {
            return Err(SaslError::Malformed {
                message: M,
                reason: "empty user name",
            });
        }
        validate_nonce(client_nonce).map_err(|_| SaslError::Malformed {
            message: M,
            reason: "invalid nonce",
        })?;

        let credentials = match store.scram_credentials(&authcid, self.hash) {
            Ok(c) if c.is_well_formed(self.hash) => Some(c),
            Ok(_) => return Err(SaslError::TemporaryFailure),
            Err(LookupError::UnknownUser) => None,
            Err(e) => return Err(e.into()),
        };
        let (salt, iterations) = match &credentials {
            Some(c) => (c.salt.clone(), c.iterations),
            None => (self.mock_salt(&authcid), self.mock_iterations),
        };
        let nonce = format!("{client_nonce}{}", self.server_nonce);
        let server_first = format!("r={nonce},s={},i={iterations}", b64_encode(&salt));
        Ok(Exchange {
            cbind_input,
            client_first_bare: bare.to_owned(),
            server_first,
            nonce,
            authcid,
            authzid: gs2.authzid,
            credentials,
        })
    }

    fn server_final<C: CredentialStore + ?Sized>(
        &self,
        store: &C,
        ex: Exchange,
        msg: &[u8],
    ) -> Result<ServerStep, SaslError> {
        const M: &str = "client-final-message";
        let msg = message_str(msg, M)?;
        let proof_at = msg.rfind(",p=").ok_or(SaslError::Malformed {
            message: M,
            reason: "missing proof (p=) at the end",
        })?;
        let without_proof = msg.get(..proof_at).unwrap_or_default();
        let proof = msg.get(proof_at + 3..).unwrap_or_default();
        let mut parts = without_proof.split(',');
        let cbind = expect_attr(&mut parts, b'c', M, "expected channel binding (c=) first")?;
        let nonce = expect_attr(&mut parts, b'r', M, "expected the nonce (r=) second")?;
        check_extensions(parts, M)?;
        let cbind = b64_decode(cbind, "channel binding")?;
        let proof = b64_decode(proof, "proof")?;
        if !ct_eq(&cbind, &ex.cbind_input) {
            return Err(SaslError::ChannelBindingMismatch);
        }
        if nonce != ex.nonce {
            return Err(SaslError::Malformed {
                message: M,
                reason: "nonce differs from the one in server-first-message",
            });
        }
        if proof.len() != self.hash.output_len() {
            return Err(SaslError::AuthenticationFailed);
        }
        let auth_message: [&[u8]; 5] = [
            ex.client_first_bare.as_bytes(),
            b",",
            ex.server_first.as_bytes(),
            b",",
            without_proof.as_bytes(),
        ];
        // RFC 6120 §6.5.10: an unknown user fails like a wrong proof, after
        // the same check (against a stored key no proof matches), so that
        // the time of the answer does not tell whether the user exists.
        // No allocation for it on every login: a slice of a zero block as
        // long as the longest hash output (SHA-512's 64 bytes).
        const NO_KEY: [u8; ScramHash::Sha512.output_len()] = [0; ScramHash::Sha512.output_len()];
        let unknown = NO_KEY.get(..self.hash.output_len()).unwrap_or_default();
        let stored_key = ex
            .credentials
            .as_ref()
            .map_or(unknown, |c| &c.stored_key[..]);
        let client_signature = self.hash.hmac(stored_key, &auth_message);
        let client_key = xor(&proof, &client_signature);
        let proof_ok = ct_eq(&self.hash.hash(&client_key), stored_key);
        #[cfg(test)]
        PROOF_CHECKS.with(|n| n.set(n.get() + 1));
        let Some(creds) = ex.credentials.filter(|_| proof_ok) else {
            return Err(SaslError::AuthenticationFailed);
        };
        let authzid = check_authzid(store, &ex.authcid, ex.authzid)?;
        let server_signature = self.hash.hmac(&creds.server_key, &auth_message);
        let mut data = b"v=".to_vec();
        data.extend_from_slice(b64_encode(&server_signature).as_bytes());
        Ok(ServerStep::Success {
            additional_data: Some(data),
            authcid: ex.authcid,
            authzid,
        })
    }

    fn mock_salt(&self, username: &str) -> Vec<u8> {
        let mut salt = self.hash.hmac(
            &self.mock_salt_key,
            &[b"SCRAM mock salt", username.as_bytes()],
        );
        salt.truncate(16);
        salt
    }
}

impl fmt::Debug for ScramServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScramServer")
            .field("mechanism", &self.mechanism())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
thread_local! {
    /// Proof checks that ran to the comparison on this thread.
    static PROOF_CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sasl::server::MemoryCredentials;

    /// RFC 6120 §6.5.10: `not-authorized` must not tell whether the user
    /// exists. An unknown user's client-final-message goes through the same
    /// proof computation and comparison as a known user's wrong proof (it
    /// used to return before them), and both fail the same way.
    #[test]
    fn unknown_users_and_wrong_proofs_do_the_same_work() {
        let mut users = MemoryCredentials::new();
        users
            .add_user("alice", "pencil", b"a fixed salt....", 4096)
            .unwrap_or_else(|e| panic!("{e}"));
        let config = ServerConfig::default();
        for user in ["alice", "mallory"] {
            let mut server = ScramServer::new(ScramHash::Sha256, false, &config, "srvnonce")
                .unwrap_or_else(|e| panic!("{e}"));
            let first = format!("n,,n={user},r=clientnonce");
            assert!(matches!(
                server.step(&users, first.as_bytes()),
                Ok(ServerStep::Challenge(_))
            ));
            let proof = b64_encode(&[7u8; 32]);
            let last = format!("c=biws,r=clientnoncesrvnonce,p={proof}");
            let before = PROOF_CHECKS.with(|n| n.get());
            assert_eq!(
                server.step(&users, last.as_bytes()),
                Err(SaslError::AuthenticationFailed),
                "{user}"
            );
            assert_eq!(PROOF_CHECKS.with(|n| n.get()) - before, 1, "{user}");
        }
    }
}
