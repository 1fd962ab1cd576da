//! A blocking `std::net` XMPP client built on `ClientSession`, with STARTTLS
//! through rustls. Used by `scripts/interop.sh` against Prosody and ejabberd.
//!
//! ```text
//! cargo run --example client -- --jid alice@localhost --password alicepass \
//!     --host 127.0.0.1 --port 5222 [--starttls [--insecure | --cafile F]] \
//!     [--mech SCRAM-SHA-1] [--to bob@localhost --message hi] \
//!     [--expect-from alice@localhost] [--timeout 20]
//! ```
//!
//! After login it fetches the roster, sends initial presence, pings the
//! server (XEP-0199), sends the message if asked, waits for a message from
//! `--expect-from` if asked, and closes. Every step prints one line; the exit
//! status is 0 only if every step succeeded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::{ChannelBinding, ChannelBindingType};
use xmpp_sansio::session::{ClientConfig, ClientEvent, ClientSession, TlsPolicy};
use xmpp_sansio::stanza::{IqPayload, Message, Presence, Stanza};
use xmpp_sansio::xml::{Element, ns};

struct Args {
    jid: String,
    password: String,
    host: String,
    port: u16,
    starttls: bool,
    insecure: bool,
    cafile: Option<String>,
    mech: Option<String>,
    to: Option<String>,
    message: String,
    expect_from: Option<String>,
    timeout: Duration,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        jid: String::new(),
        password: String::new(),
        host: "127.0.0.1".into(),
        port: 5222,
        starttls: false,
        insecure: false,
        cafile: None,
        mech: None,
        to: None,
        message: "hello from xmpp-sansio".into(),
        expect_from: None,
        timeout: Duration::from_secs(20),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--jid" => a.jid = value()?,
            "--password" => a.password = value()?,
            "--host" => a.host = value()?,
            "--port" => a.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--starttls" => a.starttls = true,
            "--insecure" => a.insecure = true,
            "--cafile" => a.cafile = Some(value()?),
            "--mech" => a.mech = Some(value()?),
            "--to" => a.to = Some(value()?),
            "--message" => a.message = value()?,
            "--expect-from" => a.expect_from = Some(value()?),
            "--timeout" => {
                a.timeout =
                    Duration::from_secs(value()?.parse().map_err(|e| format!("--timeout: {e}"))?)
            }
            "-h" | "--help" => {
                return Err("usage: see the doc comment of examples/client.rs".into());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.jid.is_empty() {
        return Err("--jid is required".into());
    }
    Ok(a)
}

enum Transport {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
    Gone,
}

impl Transport {
    fn write_all(&mut self, b: &[u8]) -> std::io::Result<()> {
        match self {
            Transport::Plain(s) => s.write_all(b),
            Transport::Tls(s) => s.write_all(b).and_then(|_| s.flush()),
            Transport::Gone => Err(std::io::ErrorKind::NotConnected.into()),
        }
    }
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Transport::Plain(s) => s.read(buf),
            Transport::Tls(s) => s.read(buf),
            Transport::Gone => Ok(0),
        }
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    match run(&args) {
        Ok(()) => println!("ok: all steps succeeded"),
        Err(e) => {
            println!("FAIL: {e}");
            std::process::exit(1);
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let jid = Jid::new(&args.jid).map_err(|e| format!("--jid: {e}"))?;
    let tcp = TcpStream::connect((args.host.as_str(), args.port))
        .map_err(|e| format!("connect {}:{}: {e}", args.host, args.port))?;
    tcp.set_nodelay(true).ok();
    println!("step: tcp connected to {}:{}", args.host, args.port);
    let mut config = ClientConfig::new(jid.clone(), args.password.clone())
        .with_tls(if args.starttls {
            TlsPolicy::Required
        } else {
            TlsPolicy::Disabled
        })
        .with_plaintext_auth(!args.starttls);
    if let Some(m) = &args.mech {
        config = config.with_mechanism(m.clone());
    }
    let start = Instant::now();
    let mut session = ClientSession::new(config, start);
    let mut transport = Transport::Plain(tcp);
    let mut buf = vec![0u8; 16 * 1024];
    let mut roster_id = None;
    let mut ping_id = None;
    let mut waiting_for = args.expect_from.clone();
    let mut sent_message = args.to.is_none();
    let mut done_roster = false;
    let mut done_ping = false;

    loop {
        if start.elapsed() > args.timeout {
            return Err(format!("timed out after {:?}", args.timeout));
        }
        while let Some(out) = session.poll_transmit() {
            transport
                .write_all(&out)
                .map_err(|e| format!("write: {e}"))?;
        }
        while let Some(event) = session.poll_event() {
            match event {
                ClientEvent::StartTls => {
                    let Transport::Plain(tcp) = std::mem::replace(&mut transport, Transport::Gone)
                    else {
                        return Err("STARTTLS twice".into());
                    };
                    let (tls, cb) = upgrade(tcp, args)?;
                    transport = Transport::Tls(Box::new(tls));
                    println!("step: TLS established (channel binding tls-exporter available)");
                    session
                        .tls_established(Some(cb))
                        .map_err(|e| format!("after TLS: {e}"))?;
                }
                ClientEvent::Authenticated { mechanism } => {
                    println!("step: authenticated with {}", mechanism.as_str());
                }
                ClientEvent::Online { jid } => {
                    println!("step: bound {jid}");
                    let roster =
                        xmpp_sansio::stanza::Iq::account_get(Element::new("query", ns::ROSTER));
                    roster_id = session.send(roster).map_err(|e| e.to_string())?;
                    session
                        .send(Presence::available())
                        .map_err(|e| e.to_string())?;
                    let domain = Jid::new(jid.domain()).map_err(|e| e.to_string())?;
                    let ping =
                        xmpp_sansio::stanza::Iq::get(domain, Element::new("ping", "urn:xmpp:ping"));
                    ping_id = session.send(ping).map_err(|e| e.to_string())?;
                    if let Some(to) = &args.to {
                        let to = Jid::new(to).map_err(|e| format!("--to: {e}"))?;
                        session
                            .send(Message::chat(to.clone()).with_body(args.message.clone()))
                            .map_err(|e| e.to_string())?;
                        println!("step: message sent to {to}");
                        sent_message = true;
                    }
                }
                ClientEvent::IqResponse { id, iq } => {
                    let ok = !matches!(iq.payload, IqPayload::Error { .. });
                    if Some(&id) == roster_id.as_ref() {
                        let items = iq
                            .payload_element()
                            .map(|q| q.children().filter(|c| c.name() == "item").count())
                            .unwrap_or(0);
                        if !ok {
                            return Err("roster get failed".into());
                        }
                        println!("step: roster received ({items} items)");
                        done_roster = true;
                    } else if Some(&id) == ping_id.as_ref() {
                        if !ok {
                            return Err("ping failed".into());
                        }
                        println!("step: ping answered");
                        done_ping = true;
                    }
                }
                ClientEvent::Stanza(Stanza::Message(m)) => {
                    let from = m.from.as_ref().map(|j| j.to_bare().to_string());
                    if let (Some(want), Some(from)) = (&waiting_for, &from)
                        && m.body().is_some()
                        && Jid::new(want)
                            .map(|w| w.to_bare().to_string())
                            .ok()
                            .as_ref()
                            == Some(from)
                    {
                        println!(
                            "step: message received from {from}: {}",
                            m.body().unwrap_or_default()
                        );
                        waiting_for = None;
                    }
                }
                ClientEvent::Stanza(_) => {}
                ClientEvent::Closed(reason) => {
                    let complete =
                        done_roster && done_ping && sent_message && waiting_for.is_none();
                    return if complete {
                        println!("step: closed ({reason:?})");
                        Ok(())
                    } else {
                        Err(format!(
                            "session closed before all steps were done: {reason:?}"
                        ))
                    };
                }
                other => println!("event: {other:?}"),
            }
        }
        if done_roster && done_ping && sent_message && waiting_for.is_none() && session.is_online()
        {
            session.close();
            continue;
        }
        // Wait for input, at most until the session's next timer.
        let wait = session
            .poll_timeout()
            .map(|t| t.saturating_duration_since(Instant::now()))
            .unwrap_or(Duration::from_millis(500))
            .clamp(Duration::from_millis(10), Duration::from_millis(500));
        set_timeout(&transport, wait);
        match transport.read(&mut buf) {
            Ok(0) => {
                return Err("the server closed the connection".into());
            }
            Ok(n) => session
                .handle_input(&buf[..n])
                .map_err(|e| format!("input: {e}"))?,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(format!("read: {e}")),
        }
        session.handle_timeout(Instant::now());
    }
}

fn set_timeout(t: &Transport, d: Duration) {
    let s = match t {
        Transport::Plain(s) => s,
        Transport::Tls(s) => s.get_ref(),
        Transport::Gone => return,
    };
    s.set_read_timeout(Some(d)).ok();
}

/// Runs the TLS handshake and returns the stream and its `tls-exporter`
/// channel binding (RFC 9266).
fn upgrade(
    tcp: TcpStream,
    args: &Args,
) -> Result<
    (
        rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
        ChannelBinding,
    ),
    String,
> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = if args.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCert(provider)))
            .with_no_client_auth()
    } else {
        let mut roots = rustls::RootCertStore::empty();
        if let Some(path) = &args.cafile {
            use rustls::pki_types::pem::PemObject;
            for cert in rustls::pki_types::CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("{path}: {e}"))?
            {
                roots
                    .add(cert.map_err(|e| format!("{path}: {e}"))?)
                    .map_err(|e| e.to_string())?;
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    let host = Jid::new(&args.jid)
        .map_err(|e| e.to_string())?
        .domain()
        .to_owned();
    let name = rustls::pki_types::ServerName::try_from(host).map_err(|e| e.to_string())?;
    let mut conn =
        rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let mut tcp = tcp;
    tcp.set_read_timeout(Some(Duration::from_secs(10))).ok();
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp)
            .map_err(|e| format!("TLS handshake: {e}"))?;
    }
    let mut exporter = [0u8; 32];
    conn.export_keying_material(&mut exporter, b"EXPORTER-Channel-Binding", None)
        .map_err(|e| format!("tls-exporter: {e}"))?;
    let cb = ChannelBinding::new(ChannelBindingType::TlsExporter, exporter.to_vec());
    Ok((rustls::StreamOwned::new(conn, tcp), cb))
}

/// `--insecure`: accepts any server certificate (test servers with
/// self-signed certificates only).
#[derive(Debug)]
struct AcceptAnyCert(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
