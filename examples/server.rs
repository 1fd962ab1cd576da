//! A small c2s XMPP server on tokio, built on `ServerSession`: accounts from
//! flags or a file, routing between connected clients, roster get, ping,
//! and stream management (XEP-0198): a connection that breaks without
//! closing its stream is kept as a `DetachedSession` for `--resume-secs`
//! (stanzas routed to it meanwhile are queued), and a new connection of the
//! same user can resume it. It shows how a server author wires the crate to
//! a runtime.
//!
//! ```text
//! cargo run --example server -- --port 5222 --user alice:alicepass --user bob:bobpass \
//!     [--users FILE] [--domain localhost] [--allow-plain] [--max-connections N] \
//!     [--resume-secs 300] [--tls-cert CERT.pem --tls-key KEY.pem [--require-tls]]
//! ```
//!
//! `FILE` holds one `user:password` per line. Listens on 127.0.0.1 only.
//! With `--tls-cert` and `--tls-key` (PEM: the certificate chain and its
//! private key) it offers STARTTLS (RFC 6120 §5) through rustls, driven by
//! hand in the same feed-and-drain way as the session, and hands the
//! session tls-exporter channel-binding data (RFC 9266) on TLS 1.3, so
//! SCRAM-SHA-*-PLUS is offered; `--require-tls` refuses SASL before TLS.
//! Without them the stream stays unencrypted: clients must allow SASL on
//! an unencrypted stream, and PLAIN needs `--allow-plain`. A test
//! certificate:
//!
//! ```text
//! openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
//!     -addext subjectAltName=DNS:localhost -keyout key.pem -out cert.pem
//! ```

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use xmpp_sansio::jid::{FullJid, Jid};
use xmpp_sansio::sasl::{ChannelBinding, ChannelBindingType, MemoryCredentials};
use xmpp_sansio::session::{DetachedSession, ServerConfig, ServerEvent, ServerSession, SmConfig};
use xmpp_sansio::stanza::{DefinedCondition, IqPayload, Stanza};
use xmpp_sansio::xml::{Element, ns};

/// Where stanzas for a full JID go.
#[derive(Clone)]
enum Route {
    /// A connected session's delivery queue.
    Live(mpsc::Sender<Stanza>),
    /// A detached stream-management session, by SM-ID in `Detached`.
    Detached(String),
}

/// Sessions by full JID.
type Router = Arc<Mutex<HashMap<FullJid, Route>>>;

/// Detached sessions by SM-ID, awaiting resumption.
type Detached = Arc<Mutex<HashMap<String, DetachedSession>>>;

struct Options {
    port: u16,
    domain: String,
    allow_plain: bool,
    max_connections: usize,
    users: Vec<(String, String)>,
    resume_secs: u64,
    tls_cert: Option<String>,
    tls_key: Option<String>,
    require_tls: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        port: 5222,
        domain: "localhost".into(),
        allow_plain: false,
        max_connections: 1000,
        users: Vec::new(),
        resume_secs: 300,
        tls_cert: None,
        tls_key: None,
        require_tls: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => o.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--domain" => o.domain = value()?,
            "--allow-plain" => o.allow_plain = true,
            "--max-connections" => {
                o.max_connections = value()?
                    .parse()
                    .map_err(|e| format!("--max-connections: {e}"))?
            }
            "--user" => o.users.push(split_user(&value()?)?),
            "--tls-cert" => o.tls_cert = Some(value()?),
            "--tls-key" => o.tls_key = Some(value()?),
            "--require-tls" => o.require_tls = true,
            "--resume-secs" => {
                o.resume_secs = value()?
                    .parse()
                    .map_err(|e| format!("--resume-secs: {e}"))?
            }
            "--users" => {
                let path = value()?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                for line in text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    o.users.push(split_user(line)?);
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.tls_cert.is_some() != o.tls_key.is_some() {
        return Err("--tls-cert and --tls-key go together".into());
    }
    if o.require_tls && o.tls_cert.is_none() {
        return Err("--require-tls needs --tls-cert and --tls-key".into());
    }
    Ok(o)
}

/// The rustls server configuration from a PEM certificate chain and key.
fn tls_config(cert: &str, key: &str) -> Result<Arc<rustls::ServerConfig>, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{cert}: {e}"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{cert}: {e}"))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{key}: {e}"))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("{cert}: {e}"))?;
    Ok(Arc::new(config))
}

fn split_user(s: &str) -> Result<(String, String), String> {
    s.split_once(':')
        .map(|(u, p)| (u.to_owned(), p.to_owned()))
        .ok_or(format!("expected user:password, got {s:?}"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut creds = MemoryCredentials::new();
    for (i, (user, password)) in options.users.iter().enumerate() {
        // A per-user salt; a real server draws it at random at registration.
        let salt = format!("salt-{i:04}-{user}");
        if let Err(e) = creds.add_user(user, password, salt.as_bytes(), 4096) {
            eprintln!("error: user {user}: {e}");
            std::process::exit(2);
        }
    }
    let creds = Arc::new(creds);
    let tls = match (&options.tls_cert, &options.tls_key) {
        (Some(cert), Some(key)) => match tls_config(cert, key) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        },
        _ => None,
    };
    let router: Router = Arc::default();
    let detached: Detached = Arc::default();
    let listener = match TcpListener::bind(("127.0.0.1", options.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: bind 127.0.0.1:{}: {e}", options.port);
            std::process::exit(1);
        }
    };
    println!(
        "listening on 127.0.0.1:{} for {}{}",
        options.port,
        options.domain,
        match (&tls, options.require_tls) {
            (Some(_), true) => " (STARTTLS required)",
            (Some(_), false) => " (STARTTLS offered)",
            (None, _) => " (no TLS)",
        }
    );
    let active = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    loop {
        let Ok((tcp, peer)) = listener.accept().await else {
            continue;
        };
        if active.load(std::sync::atomic::Ordering::Relaxed) >= options.max_connections {
            drop(tcp);
            continue;
        }
        let mut config = ServerConfig::new(options.domain.clone(), creds.clone());
        config.allow_plaintext_auth = options.allow_plain;
        config.tls_available = tls.is_some();
        config.require_tls = options.require_tls;
        config.stream_management = Some(SmConfig {
            max_resume: Some(Duration::from_secs(options.resume_secs)),
            ..SmConfig::default()
        });
        let router = router.clone();
        let detached = detached.clone();
        let active = active.clone();
        let tls = tls.clone();
        active.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::spawn(async move {
            let conn = Conn::new(tcp, tls);
            if let Err(e) = serve(conn, config, router, detached).await {
                println!("{peer}: {e}");
            }
            active.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        });
    }
}

async fn serve(
    mut conn: Conn,
    config: ServerConfig,
    router: Router,
    detached: Detached,
) -> Result<(), String> {
    let domain = config.domain.clone();
    let mut session = ServerSession::new(config, Instant::now());
    let (tx, mut rx) = mpsc::channel::<Stanza>(256);
    let mut me: Option<FullJid> = None;
    let mut buf = vec![0u8; 16 * 1024];
    let result = loop {
        let mut closed = false;
        let mut starttls = false;
        while let Some(event) = session.poll_event() {
            match event {
                // `<proceed/>` is queued: written below, then the handshake.
                ServerEvent::StartTls => starttls = true,
                ServerEvent::BindRequest { requested } => {
                    let resource = requested.unwrap_or_else(|| {
                        format!("r{}", router.lock().map(|r| r.len()).unwrap_or(0))
                    });
                    match session.accept_bind(&resource) {
                        Ok(jid) => {
                            if let Ok(mut r) = router.lock() {
                                // A resource conflict replaces the older session's route.
                                r.insert(jid.clone(), Route::Live(tx.clone()));
                            }
                            println!("online: {jid}");
                            me = Some(jid);
                        }
                        Err(e) => println!("bind failed: {e}"),
                    }
                }
                ServerEvent::ResumeRequest { previd, .. } => {
                    let found = detached.lock().ok().and_then(|mut d| d.remove(&previd));
                    match found {
                        Some(d) => match session.accept_resume(d) {
                            Ok(jid) => {
                                if let Ok(mut r) = router.lock() {
                                    r.insert(jid.clone(), Route::Live(tx.clone()));
                                }
                                println!("resumed: {jid}");
                                me = Some(jid);
                            }
                            Err(refused) => {
                                println!("resumption refused: {}", refused.error);
                                let d = refused.detached;
                                if let Ok(mut store) = detached.lock() {
                                    store.insert(d.id().to_owned(), d);
                                }
                            }
                        },
                        None => {
                            let _ = session.reject_resume(DefinedCondition::ItemNotFound, None);
                        }
                    }
                }
                ServerEvent::Stanza(stanza) => {
                    handle_stanza(&mut session, &router, &detached, &domain, stanza)
                }
                ServerEvent::Closed(reason) => {
                    println!("closed: {reason:?}");
                    closed = true;
                }
                _ => {}
            }
        }
        // Drain every output after every input (the sans-IO rule): events
        // first, since answering them queues bytes.
        let mut out = Vec::new();
        while let Some(bytes) = session.poll_transmit() {
            out.extend_from_slice(&bytes);
        }
        if let Err(e) = conn.write_all(&out).await {
            break Err(format!("write: {e}"));
        }
        if closed || session.is_closed() {
            break Ok(());
        }
        if starttls {
            let handshake = conn.start_tls();
            match tokio::time::timeout(Duration::from_secs(10), handshake).await {
                Ok(Ok(cb)) => {
                    println!(
                        "TLS established{}",
                        if cb.is_some() {
                            " (tls-exporter channel binding)"
                        } else {
                            ""
                        }
                    );
                    if let Err(e) = session.tls_established(cb) {
                        break Err(format!("tls_established: {e}"));
                    }
                    continue;
                }
                Ok(Err(e)) => break Err(format!("TLS handshake: {e}")),
                Err(_) => break Err("TLS handshake: timed out".into()),
            }
        }
        let timer = session.poll_timeout();
        tokio::select! {
            read = conn.read(&mut buf) => match read {
                Ok(Got::Eof) => break Ok(()),
                Ok(Got::Nothing) => {}
                Ok(Got::Data(n)) => {
                    // Errors are already answered on the wire (stream error)
                    // and reported as a Closed event.
                    let _ = session.handle_input(&buf[..n]);
                }
                Err(e) => break Err(format!("read: {e}")),
            },
            Some(stanza) = rx.recv() => {
                if let Err(e) = session.send(stanza.clone()) {
                    println!("not delivered ({e})");
                    bounce(&router, vec![stanza]);
                }
            }
            _ = sleep_until(timer), if timer.is_some() => {
                session.handle_timeout(Instant::now());
            }
        }
    };
    // The transport is gone. Tell the session (a no-op when it already
    // closed). A resumable session that did not close its stream is kept
    // for its client to resume (XEP-0198 §5); otherwise what it did not
    // acknowledge goes back to the senders.
    session.transport_closed();
    while let Some(event) = session.poll_event() {
        if let ServerEvent::Closed(reason) = event {
            println!("closed: {reason:?}");
        }
    }
    let now = Instant::now();
    let mut waiting = Vec::new();
    while let Ok(s) = rx.try_recv() {
        waiting.push(s);
    }
    match session.take_detached(now) {
        Some(mut d) => {
            for s in waiting {
                if d.send(s.clone()).is_err() {
                    bounce(&router, vec![s]);
                }
            }
            let id = d.id().to_owned();
            let jid = d.jid().clone();
            let deadline = d.deadline();
            println!("detached: {jid}, resumable until its deadline");
            if let Ok(mut r) = router.lock() {
                r.insert(jid.clone(), Route::Detached(id.clone()));
            }
            if let Ok(mut store) = detached.lock() {
                store.insert(id.clone(), d);
            }
            tokio::spawn(expire_later(router, detached, id, jid, deadline));
        }
        None => {
            if let (Some(jid), Ok(mut r)) = (me, router.lock()) {
                r.remove(&jid);
            }
            let mut left = session.take_unacked();
            left.extend(waiting);
            bounce(&router, left);
        }
    }
    result
}

/// What [`Conn::read`] got.
enum Got {
    /// `n` bytes of plaintext in the buffer.
    Data(usize),
    /// TLS records without plaintext (a write may be due: the caller's next
    /// `write_all` flushes it).
    Nothing,
    /// The peer closed the connection.
    Eof,
}

/// The client's connection: TCP, and after STARTTLS a rustls server
/// connection driven by hand (records in and out through buffers, like the
/// session's bytes).
struct Conn {
    tcp: TcpStream,
    config: Option<Arc<rustls::ServerConfig>>,
    tls: Option<Box<rustls::ServerConnection>>,
    records: Vec<u8>,
}

impl Conn {
    fn new(tcp: TcpStream, config: Option<Arc<rustls::ServerConfig>>) -> Conn {
        Conn {
            tcp,
            config,
            tls: None,
            records: vec![0u8; 16 * 1024],
        }
    }

    /// Writes `data` (encrypted once TLS is up) and whatever TLS records are
    /// due.
    async fn write_all(&mut self, data: &[u8]) -> std::io::Result<()> {
        let Some(tls) = &mut self.tls else {
            return if data.is_empty() {
                Ok(())
            } else {
                self.tcp.write_all(data).await
            };
        };
        tls.writer().write_all(data)?;
        let mut out = Vec::new();
        while tls.wants_write() {
            tls.write_tls(&mut out)?;
        }
        if !out.is_empty() {
            self.tcp.write_all(&out).await?;
        }
        Ok(())
    }

    /// Reads plaintext. Cancel safe (it sits in a `select!`): its only
    /// await is the TCP read, and what that returns is processed at once.
    async fn read(&mut self, buf: &mut [u8]) -> std::io::Result<Got> {
        if self.tls.is_none() {
            let n = self.tcp.read(buf).await?;
            return Ok(if n == 0 { Got::Eof } else { Got::Data(n) });
        }
        if let Some(r) = self.plaintext(buf)? {
            return Ok(r);
        }
        let n = self.tcp.read(&mut self.records).await?;
        if n == 0 {
            return Ok(Got::Eof);
        }
        let Some(tls) = &mut self.tls else {
            return Ok(Got::Eof);
        };
        let mut records = &self.records[..n];
        while !records.is_empty() {
            tls.read_tls(&mut records)?;
            tls.process_new_packets().map_err(std::io::Error::other)?;
        }
        Ok(self.plaintext(buf)?.unwrap_or(Got::Nothing))
    }

    /// Plaintext rustls has already decrypted, if any.
    fn plaintext(&mut self, buf: &mut [u8]) -> std::io::Result<Option<Got>> {
        let Some(tls) = &mut self.tls else {
            return Ok(None);
        };
        match tls.reader().read(buf) {
            Ok(0) => Ok(Some(Got::Eof)),
            Ok(n) => Ok(Some(Got::Data(n))),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The TLS handshake after `<proceed/>`; returns the tls-exporter
    /// channel-binding data on TLS 1.3 (RFC 9266 §3 rules it out on TLS 1.2
    /// without the extended master secret, so none is offered there).
    async fn start_tls(&mut self) -> Result<Option<ChannelBinding>, String> {
        let config = self
            .config
            .clone()
            .ok_or("STARTTLS without a TLS configuration")?;
        let mut tls = rustls::ServerConnection::new(config).map_err(|e| e.to_string())?;
        while tls.is_handshaking() {
            if tls.wants_write() {
                let mut out = Vec::new();
                while tls.wants_write() {
                    tls.write_tls(&mut out).map_err(|e| e.to_string())?;
                }
                self.tcp.write_all(&out).await.map_err(|e| e.to_string())?;
                continue;
            }
            let n = self
                .tcp
                .read(&mut self.records)
                .await
                .map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed during the handshake".into());
            }
            let mut records = &self.records[..n];
            while !records.is_empty() {
                tls.read_tls(&mut records).map_err(|e| e.to_string())?;
                if let Err(e) = tls.process_new_packets() {
                    // Send the alert that says why, then give up.
                    let mut out = Vec::new();
                    while tls.wants_write() && tls.write_tls(&mut out).is_ok() {}
                    let _ = self.tcp.write_all(&out).await;
                    return Err(e.to_string());
                }
            }
        }
        let cb = if tls.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3) {
            let mut data = [0u8; 32];
            tls.export_keying_material(&mut data, b"EXPORTER-Channel-Binding", None)
                .map_err(|e| e.to_string())?;
            Some(ChannelBinding::new(
                ChannelBindingType::TlsExporter,
                data.to_vec(),
            ))
        } else {
            None
        };
        self.tls = Some(Box::new(tls));
        // The last handshake flight (and session tickets) go out now.
        self.write_all(&[]).await.map_err(|e| e.to_string())?;
        Ok(cb)
    }
}

/// Sleeps until `timer`, or forever without one.
async fn sleep_until(timer: Option<Instant>) {
    match timer {
        Some(t) => tokio::time::sleep_until(tokio::time::Instant::from_std(t)).await,
        None => std::future::pending().await,
    }
}

/// Ends a detached session at its deadline unless it was resumed (and not
/// detached again since).
async fn expire_later(
    router: Router,
    detached: Detached,
    id: String,
    jid: FullJid,
    deadline: Instant,
) {
    sleep_until(Some(deadline)).await;
    let expired = match detached.lock() {
        Ok(mut store) => match store.get(&id) {
            Some(d) if d.is_expired(Instant::now()) => store.remove(&id),
            _ => None,
        },
        Err(_) => None,
    };
    let Some(d) = expired else {
        return;
    };
    if let Ok(mut r) = router.lock()
        && matches!(r.get(&jid), Some(Route::Detached(i)) if *i == id)
    {
        r.remove(&jid);
    }
    let left = d.expire();
    println!(
        "expired: {jid}, {} stanzas returned to their senders",
        left.len()
    );
    bounce(&router, left);
}

/// Returns undelivered stanzas to their senders as `recipient-unavailable`
/// errors (this example keeps no offline storage); errors are not bounced.
fn bounce(router: &Router, stanzas: Vec<Stanza>) {
    for s in stanzas {
        if s.is_error() || matches!(s, Stanza::Presence(_)) {
            continue;
        }
        let reply = s.error_reply(DefinedCondition::RecipientUnavailable);
        let Some(to) = reply.to().cloned() else {
            continue;
        };
        let routes: Vec<Route> = match router.lock() {
            Ok(r) => r
                .iter()
                .filter(|(jid, _)| route_matches(jid, &to))
                .map(|(_, route)| route.clone())
                .collect(),
            Err(_) => Vec::new(),
        };
        for route in routes {
            if let Route::Live(tx) = route {
                let _ = tx.try_send(reply.clone());
            }
        }
    }
}

fn handle_stanza(
    session: &mut ServerSession,
    router: &Router,
    detached: &Detached,
    domain: &str,
    stanza: Stanza,
) {
    let to_server = match stanza.to() {
        None => true,
        Some(to) => {
            to.as_str() == domain
                || (to.node().is_some()
                    && to.resource().is_none()
                    && matches!(&stanza, Stanza::Iq(_))
                    && Some(to.to_bare().as_str().to_owned())
                        == session.jid().map(|j| j.to_bare().as_str().to_owned()))
        }
    };
    match stanza {
        Stanza::Iq(iq) if to_server => {
            if !iq.is_request() {
                return;
            }
            let reply = match iq.payload_element() {
                Some(p) if p.is("query", ns::ROSTER) && matches!(iq.payload, IqPayload::Get(_)) => {
                    // This example keeps no rosters: every roster is empty.
                    iq.result_reply_with(Element::new("query", ns::ROSTER))
                }
                Some(p) if p.is("ping", "urn:xmpp:ping") => iq.result_reply(),
                _ => iq.error_reply(DefinedCondition::ServiceUnavailable),
            };
            let _ = session.send(reply);
        }
        Stanza::Presence(_) if to_server => {
            // Presence broadcast needs rosters; this example only accepts it.
        }
        other => {
            let Some(to) = other.to().cloned() else {
                return;
            };
            let targets: Vec<Route> = match router.lock() {
                Ok(r) => r
                    .iter()
                    .filter(|(jid, _)| route_matches(jid, &to))
                    .map(|(_, route)| route.clone())
                    .collect(),
                Err(_) => Vec::new(),
            };
            if targets.is_empty() {
                if !matches!(&other, Stanza::Presence(_)) && !other.is_error() {
                    let _ = session.send(other.error_reply(DefinedCondition::ServiceUnavailable));
                }
                return;
            }
            for t in targets {
                match t {
                    Route::Live(tx) => {
                        let _ = tx.try_send(other.clone());
                    }
                    // Queued in the detached session; delivered on
                    // resumption or bounced when it expires.
                    Route::Detached(id) => {
                        let queued = detached.lock().ok().and_then(|mut store| {
                            store.get_mut(&id).map(|d| d.send(other.clone()))
                        });
                        if !matches!(queued, Some(Ok(()))) {
                            bounce(router, vec![other.clone()]);
                        }
                    }
                }
            }
        }
    }
}

fn route_matches(jid: &FullJid, to: &Jid) -> bool {
    match to.resource() {
        Some(_) => jid.as_str() == to.as_str(),
        None => jid.to_bare().as_str() == to.as_str(),
    }
}
