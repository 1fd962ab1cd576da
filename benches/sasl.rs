//! SCRAM exchange cost: xmpp-sansio against the `sasl` crate 0.5 (xmpp-rs)
//! and against bare PBKDF2 at the same iteration count, in the same run.
//!
//! Every "exchange" runs client and server together, the server working from
//! stored keys (no PBKDF2 per login), so a full exchange costs the client's
//! PBKDF2 plus a few HMACs; with cached client keys it costs only the HMACs.
//!
//! Run: `cargo bench --bench sasl -- --warm-up-time 1 --measurement-time 3`
//! (criterion groups, then an interleaved run printing medians and ratios).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use sasl::client::Mechanism as _;
use sasl::server::Mechanism as _;
use xmpp_sansio::sasl::{
    ClientConfig, ClientMechanism, CredentialStore, Gs2CbFlag, LookupError, Mechanism,
    ScramClientKeys, ScramCredentials, ScramHash, Selection, ServerConfig, ServerMechanism,
    ServerStep,
};

const ITERATIONS: u32 = 4096;
const SALT: &[u8] = b"0123456789abcdef";
const PASSWORD: &str = "pencil";

struct Users(ScramCredentials);

impl CredentialStore for Users {
    fn scram_credentials(
        &self,
        user: &str,
        hash: ScramHash,
    ) -> Result<ScramCredentials, LookupError> {
        if user == "user" && hash == self.0.hash {
            Ok(self.0.clone())
        } else {
            Err(LookupError::UnknownUser)
        }
    }
}

/// One xmpp-sansio exchange, client and server together.
fn ours(hash: ScramHash, config: &ClientConfig, server_config: &ServerConfig, users: &Users) {
    let selection = Selection {
        mechanism: Mechanism::scram(hash, false),
        cb_flag: Gs2CbFlag::NotSupported,
    };
    let mut client = ClientMechanism::new(selection, config, "fyko+d2lbbFgONRv9qkxdawL").unwrap();
    let mut server =
        ServerMechanism::from_mechanism(selection.mechanism, server_config, "3rfcNHYJY1ZVvWVs7j")
            .unwrap();
    let first = client.initial_response().unwrap();
    let ServerStep::Challenge(challenge) = server.step(users, &first).unwrap() else {
        panic!()
    };
    let fin = client.respond(&challenge).unwrap();
    let ServerStep::Success {
        additional_data, ..
    } = server.step(users, &fin).unwrap()
    else {
        panic!()
    };
    client.finish(&additional_data.unwrap()).unwrap();
    black_box(client);
}

macro_rules! peer_provider {
    ($name:ident, $secret:ty) => {
        struct $name($secret);
        impl sasl::server::Provider<$secret> for $name {
            fn provide(
                &self,
                _: &sasl::common::Identity,
            ) -> Result<$secret, sasl::server::ProviderError> {
                Ok(self.0.clone())
            }
        }
        sasl::impl_validator_using_provider!($name, $secret);
    };
}
peer_provider!(PeerSha1, sasl::secret::Pbkdf2Sha1);
peer_provider!(PeerSha256, sasl::secret::Pbkdf2Sha256);

/// One `sasl` 0.5 exchange, client and server together (its server stores
/// the salted password, so it runs no PBKDF2 either). It draws nonces from
/// the OS, which we cannot turn off.
fn peer<S, P>(server: &mut sasl::server::mechanisms::Scram<S, P>)
where
    S: sasl::common::scram::ScramProvider,
    P: sasl::server::Provider<S::Secret>,
    S::Secret: sasl::secret::Pbkdf2Secret,
{
    let mut client = sasl::client::mechanisms::Scram::<S>::new(
        "user",
        PASSWORD,
        sasl::common::ChannelBinding::Unsupported,
    )
    .unwrap();
    let first = client.initial();
    let sasl::server::Response::Proceed(challenge) = server.respond(&first).unwrap() else {
        panic!()
    };
    let fin = client.response(&challenge).unwrap();
    let sasl::server::Response::Success(_, data) = server.respond(&fin).unwrap() else {
        panic!()
    };
    client.success(&data).unwrap();
}

fn bench(c: &mut Criterion) {
    for hash in [ScramHash::Sha1, ScramHash::Sha256] {
        let mut group = c.benchmark_group(format!("scram-{}", hash.as_str().to_lowercase()));
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(3))
            .warm_up_time(Duration::from_secs(1));
        let users = Users(ScramCredentials::derive(hash, PASSWORD, SALT, ITERATIONS).unwrap());
        let server_config = ServerConfig::default();
        let config = ClientConfig::new("user", PASSWORD);
        let cached = config
            .clone()
            .with_cached_keys(ScramClientKeys::derive(hash, PASSWORD, SALT, ITERATIONS).unwrap());

        group.bench_function("pbkdf2-alone", |b| {
            b.iter(|| {
                black_box(hash.salted_password(black_box(PASSWORD.as_bytes()), SALT, ITERATIONS))
            })
        });
        group.bench_function("xmpp-sansio-exchange", |b| {
            b.iter(|| ours(hash, &config, &server_config, &users))
        });
        group.bench_function("xmpp-sansio-exchange-cached-keys", |b| {
            b.iter(|| ours(hash, &cached, &server_config, &users))
        });
        match hash {
            ScramHash::Sha1 => {
                let secret = sasl::secret::Pbkdf2Sha1::derive(PASSWORD, SALT, ITERATIONS).unwrap();
                group.bench_function("sasl-0.5-exchange", |b| {
                    b.iter(|| {
                        let mut server =
                            sasl::server::mechanisms::Scram::<sasl::common::scram::Sha1, _>::new(
                                PeerSha1(secret.clone()),
                                sasl::common::ChannelBinding::None,
                            );
                        peer(&mut server)
                    })
                });
            }
            _ => {
                let secret =
                    sasl::secret::Pbkdf2Sha256::derive(PASSWORD, SALT, ITERATIONS).unwrap();
                group.bench_function("sasl-0.5-exchange", |b| {
                    b.iter(|| {
                        let mut server =
                            sasl::server::mechanisms::Scram::<sasl::common::scram::Sha256, _>::new(
                                PeerSha256(secret.clone()),
                                sasl::common::ChannelBinding::None,
                            );
                        peer(&mut server)
                    })
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    interleaved();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Interleaved timing: on a loaded machine criterion's separate runs drift
/// apart; alternating the four measurements round by round makes load hit
/// them alike, so the ratios stay meaningful. Prints medians.
fn interleaved() {
    const ROUNDS: usize = 200;
    for hash in [ScramHash::Sha1, ScramHash::Sha256] {
        let users = Users(ScramCredentials::derive(hash, PASSWORD, SALT, ITERATIONS).unwrap());
        let server_config = ServerConfig::default();
        let config = ClientConfig::new("user", PASSWORD);
        let cached = config
            .clone()
            .with_cached_keys(ScramClientKeys::derive(hash, PASSWORD, SALT, ITERATIONS).unwrap());
        let s1 = sasl::secret::Pbkdf2Sha1::derive(PASSWORD, SALT, ITERATIONS).unwrap();
        let s256 = sasl::secret::Pbkdf2Sha256::derive(PASSWORD, SALT, ITERATIONS).unwrap();
        let (mut p, mut o, mut oc, mut s) = (vec![], vec![], vec![], vec![]);
        let time = |f: &mut dyn FnMut()| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        };
        for _ in 0..ROUNDS {
            // Interleaved, so that load from other processes hits all four alike.
            p.push(time(&mut || {
                black_box(hash.salted_password(black_box(PASSWORD.as_bytes()), SALT, ITERATIONS));
            }));
            o.push(time(&mut || ours(hash, &config, &server_config, &users)));
            oc.push(
                time(&mut || {
                    for _ in 0..10 {
                        ours(hash, &cached, &server_config, &users)
                    }
                }) / 10.0,
            );
            s.push(time(&mut || match hash {
                ScramHash::Sha1 => peer(&mut sasl::server::mechanisms::Scram::<
                    sasl::common::scram::Sha1,
                    _,
                >::new(
                    PeerSha1(s1.clone()),
                    sasl::common::ChannelBinding::None,
                )),
                _ => peer(&mut sasl::server::mechanisms::Scram::<
                    sasl::common::scram::Sha256,
                    _,
                >::new(
                    PeerSha256(s256.clone()),
                    sasl::common::ChannelBinding::None,
                )),
            }));
        }
        let (p, o, oc, s) = (median(p), median(o), median(oc), median(s));
        println!(
            "{:8} medians over {ROUNDS} interleaved rounds: pbkdf2-alone {p:.1} µs | xmpp-sansio exchange {o:.1} µs ({:.3}x pbkdf2) | cached keys {oc:.2} µs | sasl-0.5 exchange {s:.1} µs ({:.3}x pbkdf2; ours/sasl {:.3})",
            hash.as_str(),
            o / p,
            s / p,
            o / s
        );
    }
}
