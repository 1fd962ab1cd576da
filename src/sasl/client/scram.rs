//! The client side of `SCRAM-*` and `SCRAM-*-PLUS` ([RFC 5802 §5], [RFC 7677]).
//!
//! Checks, each failing the exchange with its own [`SaslError`]: the server
//! nonce extends the client nonce; the iteration count lies within
//! [`ClientConfig::min_iterations`]..=[`ClientConfig::max_iterations`]; no
//! mandatory extension (`m=`); valid base64 and UTF-8; and the server
//! signature (`v=`) is present and correct (compared in constant time).
//!
//! [RFC 5802 §5]: https://www.rfc-editor.org/rfc/rfc5802#section-5
//! [RFC 7677]: https://www.rfc-editor.org/rfc/rfc7677

use std::fmt;

use super::ClientConfig;
use crate::sasl::channel_binding::Gs2Header;
use crate::sasl::ct::ct_eq;
use crate::sasl::scram::{
    b64_decode, b64_encode, check_extensions, escape_saslname, expect_attr, message_str,
    parse_iterations, split_attr, validate_nonce, xor,
};
use crate::sasl::{Gs2CbFlag, Mechanism, SaslError, ScramHash, saslprep, saslprep_query};

/// SCRAM keys a client may keep after a successful login, to skip PBKDF2 the
/// next time the server sends the same salt and iteration count.
///
/// They are as sensitive as the password for this server: store them like one.
#[derive(Clone, PartialEq, Eq)]
pub struct ScramClientKeys {
    /// The hash function.
    pub hash: ScramHash,
    /// The salt the server sent.
    pub salt: Vec<u8>,
    /// The iteration count the server sent.
    pub iterations: u32,
    /// `ClientKey = HMAC(SaltedPassword, "Client Key")`.
    pub client_key: Vec<u8>,
    /// `ServerKey = HMAC(SaltedPassword, "Server Key")`.
    pub server_key: Vec<u8>,
}

impl ScramClientKeys {
    /// Derives the keys from a password (runs PBKDF2; SASLprep is applied).
    pub fn derive(
        hash: ScramHash,
        password: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<ScramClientKeys, SaslError> {
        let password = saslprep(password, "password")?;
        let salted = hash.salted_password(password.as_bytes(), salt, iterations);
        let (client_key, server_key) = hash.keys(&salted);
        Ok(ScramClientKeys {
            hash,
            salt: salt.to_vec(),
            iterations,
            client_key,
            server_key,
        })
    }
}

impl fmt::Debug for ScramClientKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScramClientKeys")
            .field("hash", &self.hash)
            .field("salt", &b64_encode(&self.salt))
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}

/// A SCRAM client.
pub struct ScramClient {
    hash: ScramHash,
    plus: bool,
    gs2_header: String,
    cb_data: Vec<u8>,
    client_first_bare: String,
    nonce: String,
    password: String,
    min_iterations: u32,
    max_iterations: u32,
    cached: Vec<ScramClientKeys>,
    state: State,
}

enum State {
    Initial,
    SentFirst,
    SentFinal {
        server_signature: Vec<u8>,
        keys: ScramClientKeys,
    },
    Verified {
        keys: ScramClientKeys,
    },
    Done {
        keys: ScramClientKeys,
    },
    Failed,
}

impl ScramClient {
    /// A SCRAM client with hash `hash`; `cb_flag` says whether to bind the
    /// channel (`Bound(type)` needs binding data of that type in `config`,
    /// and makes this the `-PLUS` mechanism).
    pub fn new(
        hash: ScramHash,
        config: &ClientConfig,
        cb_flag: Gs2CbFlag,
        nonce: &str,
    ) -> Result<ScramClient, SaslError> {
        validate_nonce(nonce)?;
        // RFC 5802 §5.1: the user name is prepared as a query string
        // (unassigned code points allowed), the password as a stored one
        // (§2.2 Normalize).
        let username = saslprep_query(&config.username, "username")?;
        if username.is_empty() {
            return Err(SaslError::Malformed {
                message: "client-first-message",
                reason: "empty user name",
            });
        }
        let password = saslprep(&config.password, "password")?.into_owned();
        let (plus, cb_data) = match cb_flag {
            Gs2CbFlag::Bound(kind) => {
                let binding = config
                    .channel_bindings
                    .iter()
                    .find(|b| b.kind == kind)
                    .ok_or(SaslError::ChannelBindingFlag("SCRAM-*-PLUS"))?;
                (true, binding.data.clone())
            }
            _ => (false, Vec::new()),
        };
        // RFC 5802 §7: `authzid = "a=" saslname`, `saslname` is one or more
        // characters other than NUL.
        if config
            .authzid
            .as_deref()
            .is_some_and(|a| a.is_empty() || a.contains('\0'))
        {
            return Err(SaslError::Malformed {
                message: "client-first-message",
                reason: "empty authzid or NUL in authzid",
            });
        }
        let gs2_header = Gs2Header::encode(cb_flag, config.authzid.as_deref());
        let client_first_bare = format!("n={},r={}", escape_saslname(&username), nonce);
        Ok(ScramClient {
            hash,
            plus,
            gs2_header,
            cb_data,
            client_first_bare,
            nonce: nonce.to_owned(),
            password,
            min_iterations: config.min_iterations,
            max_iterations: config.max_iterations,
            cached: config
                .cached_keys
                .iter()
                .filter(|k| k.hash == hash)
                .cloned()
                .collect(),
            state: State::Initial,
        })
    }

    /// The mechanism name this client runs.
    pub fn mechanism(&self) -> Mechanism {
        Mechanism::scram(self.hash, self.plus)
    }

    /// `client-first-message`: GS2 header, user name and nonce.
    pub fn initial_response(&mut self) -> Result<Vec<u8>, SaslError> {
        if !matches!(self.state, State::Initial) {
            return Err(SaslError::UnexpectedMessage(
                "SCRAM client-first-message already sent",
            ));
        }
        self.state = State::SentFirst;
        let mut out = String::with_capacity(self.gs2_header.len() + self.client_first_bare.len());
        out.push_str(&self.gs2_header);
        out.push_str(&self.client_first_bare);
        Ok(out.into_bytes())
    }

    /// Answers `server-first-message` with `client-final-message`; also
    /// accepts `server-final-message` sent as a challenge (then answers with
    /// an empty response and expects an empty `<success/>`).
    pub fn respond(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        let state = std::mem::replace(&mut self.state, State::Failed);
        let result = match state {
            State::SentFirst => self.client_final(challenge),
            State::SentFinal {
                server_signature,
                keys,
            } => verify_server_final(challenge, &server_signature)
                .map(|()| (Vec::new(), State::Verified { keys })),
            _ => Err(SaslError::UnexpectedMessage("SCRAM challenge out of order")),
        };
        result.map(|(out, next)| {
            self.state = next;
            out
        })
    }

    /// Verifies `server-final-message` (`v=`), or accepts empty data if the
    /// signature already came in a challenge.
    pub fn finish(&mut self, success_data: &[u8]) -> Result<(), SaslError> {
        let state = std::mem::replace(&mut self.state, State::Failed);
        match state {
            State::SentFinal {
                server_signature,
                keys,
            } => {
                if success_data.is_empty() {
                    return Err(SaslError::MissingServerSignature);
                }
                verify_server_final(success_data, &server_signature)?;
                self.state = State::Done { keys };
                Ok(())
            }
            State::Verified { keys } if success_data.is_empty() => {
                self.state = State::Done { keys };
                Ok(())
            }
            _ => Err(SaslError::UnexpectedMessage("SCRAM success out of order")),
        }
    }

    /// After [`ScramClient::finish`] succeeded, the keys to cache.
    pub fn cached_keys(&self) -> Option<&ScramClientKeys> {
        match &self.state {
            State::Done { keys } => Some(keys),
            _ => None,
        }
    }

    fn client_final(&self, challenge: &[u8]) -> Result<(Vec<u8>, State), SaslError> {
        const M: &str = "server-first-message";
        let server_first = message_str(challenge, M)?;
        if server_first.starts_with("m=") {
            return Err(SaslError::UnknownMandatoryExtension);
        }
        let mut parts = server_first.split(',');
        let nonce = expect_attr(&mut parts, b'r', M, "expected the nonce (r=) first")?;
        let salt = expect_attr(&mut parts, b's', M, "expected the salt (s=) second")?;
        let iterations = expect_attr(
            &mut parts,
            b'i',
            M,
            "expected the iteration count (i=) third",
        )?;
        check_extensions(parts, M)?;
        if validate_nonce(nonce).is_err()
            || !nonce.starts_with(&self.nonce)
            || nonce.len() == self.nonce.len()
        {
            return Err(SaslError::NonceMismatch);
        }
        let salt = b64_decode(salt, "salt")?;
        if salt.is_empty() {
            return Err(SaslError::Malformed {
                message: M,
                reason: "empty salt",
            });
        }
        let iterations = parse_iterations(iterations)?;
        if iterations < self.min_iterations {
            return Err(SaslError::IterationCountTooLow {
                iterations,
                min: self.min_iterations,
            });
        }
        if iterations > self.max_iterations {
            return Err(SaslError::IterationCountTooHigh {
                iterations,
                max: self.max_iterations,
            });
        }
        let keys = match self
            .cached
            .iter()
            .find(|k| k.iterations == iterations && k.salt == salt)
        {
            Some(k) => k.clone(),
            None => {
                let salted = self
                    .hash
                    .salted_password(self.password.as_bytes(), &salt, iterations);
                let (client_key, server_key) = self.hash.keys(&salted);
                ScramClientKeys {
                    hash: self.hash,
                    salt,
                    iterations,
                    client_key,
                    server_key,
                }
            }
        };
        let mut cbind = Vec::with_capacity(self.gs2_header.len() + self.cb_data.len());
        cbind.extend_from_slice(self.gs2_header.as_bytes());
        cbind.extend_from_slice(&self.cb_data);
        let without_proof = format!("c={},r={}", b64_encode(&cbind), nonce);
        let auth_message: [&[u8]; 5] = [
            self.client_first_bare.as_bytes(),
            b",",
            server_first.as_bytes(),
            b",",
            without_proof.as_bytes(),
        ];
        let stored_key = self.hash.hash(&keys.client_key);
        let client_signature = self.hash.hmac(&stored_key, &auth_message);
        let proof = xor(&keys.client_key, &client_signature);
        let server_signature = self.hash.hmac(&keys.server_key, &auth_message);
        let mut out = without_proof;
        out.push_str(",p=");
        out.push_str(&b64_encode(&proof));
        Ok((
            out.into_bytes(),
            State::SentFinal {
                server_signature,
                keys,
            },
        ))
    }
}

/// Checks `server-final-message = (server-error / verifier) ["," extensions]`.
fn verify_server_final(data: &[u8], expected: &[u8]) -> Result<(), SaslError> {
    const M: &str = "server-final-message";
    let msg = message_str(data, M)?;
    let first = msg.split(',').next().unwrap_or_default();
    match split_attr(first, M) {
        Ok((b'v', sig)) => {
            let sig = b64_decode(sig, "server signature")?;
            if ct_eq(&sig, expected) {
                Ok(())
            } else {
                Err(SaslError::InvalidServerSignature)
            }
        }
        Ok((b'e', err)) => Err(SaslError::ServerError(err.chars().take(64).collect())),
        _ => Err(SaslError::MissingServerSignature),
    }
}

impl fmt::Debug for ScramClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScramClient")
            .field("mechanism", &self.mechanism())
            .finish_non_exhaustive()
    }
}
