//! Published SCRAM examples (RFC 5802 §5, RFC 7677 §3) and real Prosody and
//! ejabberd transcripts (tests/data/sasl/), reproduced byte for byte by our
//! client and our server.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use xmpp_sansio::sasl::*;

struct Vector {
    name: String,
    params: HashMap<String, String>,
    /// (from_client, payload)
    messages: Vec<(bool, Vec<u8>)>,
}

fn load(file: &str) -> Vector {
    let path = format!("{}/tests/data/sasl/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("# source: "),
        "{file} lacks a source header"
    );
    let mut params = HashMap::new();
    let mut messages = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (key, value) = line.split_once(':').unwrap();
        let value = value.strip_prefix(' ').unwrap_or(value);
        match key {
            "C" => messages.push((true, value.as_bytes().to_vec())),
            "S" => messages.push((false, value.as_bytes().to_vec())),
            "auth" | "response" => messages.push((true, BASE64.decode(value).unwrap())),
            "challenge" | "success" => messages.push((false, BASE64.decode(value).unwrap())),
            _ => {
                params.insert(key.to_owned(), value.to_owned());
            }
        }
    }
    Vector {
        name: file.to_owned(),
        params,
        messages,
    }
}

const FILES: &[&str] = &[
    "rfc5802-section5-scram-sha-1.txt",
    "rfc7677-section3-scram-sha-256.txt",
    "prosody-scram-sha-1.txt",
    "ejabberd-scram-sha-1.txt",
    "prosody-plain.txt",
];

impl Vector {
    fn p(&self, key: &str) -> &str {
        self.params.get(key).map(String::as_str).unwrap_or_default()
    }
    fn server_nonce(&self) -> &str {
        // PLAIN has no nonce; the constructor still wants a valid one.
        if self.p("server-nonce").is_empty() {
            "unused"
        } else {
            self.p("server-nonce")
        }
    }
    fn mechanism(&self) -> Mechanism {
        Mechanism::from_name(self.p("mechanism")).unwrap()
    }
    fn client(&self) -> ClientMechanism {
        let config =
            ClientConfig::new(self.p("username"), self.p("password")).with_plaintext_allowed(true);
        let cb_flag = if self.p("gs2-flag") == "y" {
            Gs2CbFlag::ClientOnly
        } else {
            Gs2CbFlag::NotSupported
        };
        let selection = Selection {
            mechanism: self.mechanism(),
            cb_flag,
        };
        ClientMechanism::new(selection, &config, self.p("client-nonce")).unwrap()
    }
    /// The server's user database: the verifier derived from the password
    /// with the salt and iteration count the recorded server used.
    fn store(&self) -> Store {
        let (salt, iterations) = match self.messages.get(1) {
            Some((false, first)) if self.mechanism().scram_hash().is_some() => {
                let s = std::str::from_utf8(first).unwrap();
                let salt = s.split(',').find_map(|p| p.strip_prefix("s=")).unwrap();
                let i = s.split(',').find_map(|p| p.strip_prefix("i=")).unwrap();
                (BASE64.decode(salt).unwrap(), i.parse().unwrap())
            }
            _ => (b"plain-salt".to_vec(), 4096),
        };
        let hash = self.mechanism().scram_hash().unwrap_or(ScramHash::Sha256);
        Store {
            user: self.p("username").to_owned(),
            creds: ScramCredentials::derive(hash, self.p("password"), &salt, iterations).unwrap(),
        }
    }
}

struct Store {
    user: String,
    creds: ScramCredentials,
}

impl CredentialStore for Store {
    fn scram_credentials(
        &self,
        username: &str,
        hash: ScramHash,
    ) -> Result<ScramCredentials, LookupError> {
        if username == self.user && hash == self.creds.hash {
            Ok(self.creds.clone())
        } else {
            Err(LookupError::UnknownUser)
        }
    }
}

#[test]
fn client_reproduces_every_vector_byte_for_byte() {
    for file in FILES {
        let v = load(file);
        let mut client = v.client();
        let mut msgs = v.messages.iter().peekable();
        let (from_client, first) = msgs.next().unwrap();
        assert!(from_client);
        assert_eq!(
            client.initial_response().unwrap(),
            *first,
            "{}: initial response",
            v.name
        );
        let mut finished = false;
        while let Some((from_client, payload)) = msgs.next() {
            assert!(!from_client, "{}: two client messages in a row", v.name);
            match msgs.next() {
                Some((true, expected)) => {
                    let got = client.respond(payload).unwrap();
                    assert_eq!(
                        String::from_utf8_lossy(&got),
                        String::from_utf8_lossy(expected),
                        "{}",
                        v.name
                    );
                }
                Some((false, _)) => panic!("{}: two server messages in a row", v.name),
                None => {
                    client.finish(payload).unwrap();
                    finished = true;
                }
            }
        }
        assert!(finished, "{}: no success", v.name);
        assert_eq!(
            client.cached_keys().is_some(),
            v.mechanism().scram_hash().is_some(),
            "{}",
            v.name
        );
    }
}

#[test]
fn client_rejects_a_tampered_server_signature_in_every_vector() {
    for file in FILES.iter().filter(|f| !f.contains("plain")) {
        let v = load(file);
        let mut client = v.client();
        client.initial_response().unwrap();
        client.respond(&v.messages[1].1).unwrap();
        let mut success = v.messages[3].1.clone();
        // Flip one bit of the decoded signature and re-encode.
        let mut sig = BASE64.decode(&success[2..]).unwrap();
        sig[0] ^= 1;
        success.truncate(2);
        success.extend_from_slice(BASE64.encode(&sig).as_bytes());
        assert_eq!(
            client.finish(&success),
            Err(SaslError::InvalidServerSignature),
            "{}",
            v.name
        );
        assert!(client.cached_keys().is_none());
    }
}

#[test]
fn server_reproduces_every_vector_byte_for_byte() {
    for file in FILES {
        let v = load(file);
        let store = v.store();
        let config = ServerConfig {
            allow_plaintext: true,
            ..ServerConfig::default()
        };
        let mut server = ServerMechanism::new(v.p("mechanism"), &config, v.server_nonce()).unwrap();
        let mut msgs = v.messages.iter();
        let mut succeeded = false;
        while let Some((from_client, payload)) = msgs.next() {
            assert!(from_client, "{}", v.name);
            let (_, expected) = msgs.next().unwrap();
            match server.step(&store, payload).unwrap() {
                ServerStep::Challenge(c) => assert_eq!(
                    String::from_utf8_lossy(&c),
                    String::from_utf8_lossy(expected),
                    "{}",
                    v.name
                ),
                ServerStep::Success {
                    additional_data,
                    authcid,
                    authzid,
                } => {
                    assert_eq!(additional_data.unwrap_or_default(), *expected, "{}", v.name);
                    assert_eq!(authcid, v.p("username"));
                    assert_eq!(authzid, None);
                    succeeded = true;
                }
            }
        }
        assert!(succeeded, "{}", v.name);
    }
}

#[test]
fn server_rejects_the_vectors_with_a_wrong_password() {
    for file in FILES {
        let v = load(file);
        let mut store = v.store();
        store.creds = ScramCredentials::derive(
            store.creds.hash,
            "not the password",
            &store.creds.salt,
            store.creds.iterations,
        )
        .unwrap();
        let config = ServerConfig {
            allow_plaintext: true,
            ..ServerConfig::default()
        };
        let mut server = ServerMechanism::new(v.p("mechanism"), &config, v.server_nonce()).unwrap();
        let clients: Vec<_> = v
            .messages
            .iter()
            .filter(|(c, _)| *c)
            .map(|(_, p)| p)
            .collect();
        let mut result = Ok(ServerStep::Challenge(Vec::new()));
        for msg in clients {
            result = server.step(&store, msg);
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(SaslError::AuthenticationFailed), "{}", v.name);
        assert_eq!(
            SaslError::AuthenticationFailed.condition(),
            FailureCondition::NotAuthorized
        );
    }
}
