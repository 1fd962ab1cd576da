//! An echo component (XEP-0114) on blocking `std::net`, built on
//! `ComponentSession`.
//!
//! ```text
//! cargo run --example component -- --domain echo.localhost --secret echosecret \
//!     --host 127.0.0.1 --port 5347 [--server localhost] [--to bob@localhost] [--serve]
//! ```
//!
//! It performs the handshake, pings `--server` (XEP-0199) and waits for the
//! answer, sends a message to `--to` if given, then closes — or, with
//! `--serve`, stays connected and echoes every message it receives. Exit
//! status 0 only if every step succeeded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::session::{ComponentConfig, ComponentEvent, ComponentSession};
use xmpp_sansio::stanza::{Iq, IqPayload, Message, Stanza};
use xmpp_sansio::xml::Element;

fn main() {
    match run() {
        Ok(()) => println!("ok: all steps succeeded"),
        Err(e) => {
            println!("FAIL: {e}");
            std::process::exit(1);
        }
    }
}

fn run() -> Result<(), String> {
    let mut domain = "echo.localhost".to_owned();
    let mut secret = String::new();
    let mut host = "127.0.0.1".to_owned();
    let mut port = 5347u16;
    let mut server = "localhost".to_owned();
    let mut to = None;
    let mut serve = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--domain" => domain = value()?,
            "--secret" => secret = value()?,
            "--host" => host = value()?,
            "--port" => port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--server" => server = value()?,
            "--to" => to = Some(value()?),
            "--serve" => serve = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let me = Jid::new(&domain).map_err(|e| format!("--domain: {e}"))?;
    let server = Jid::new(&server).map_err(|e| format!("--server: {e}"))?;
    let mut tcp = TcpStream::connect((host.as_str(), port)).map_err(|e| format!("connect: {e}"))?;
    tcp.set_read_timeout(Some(Duration::from_millis(500))).ok();
    println!("step: tcp connected to {host}:{port}");
    let start = Instant::now();
    let mut session =
        ComponentSession::new(ComponentConfig::connect(domain.clone(), secret), start);
    let mut buf = vec![0u8; 16 * 1024];
    let ping_id = "component-ping-1";
    let mut pinged = false;
    loop {
        if !serve && start.elapsed() > Duration::from_secs(20) {
            return Err("timed out".into());
        }
        // The handshake and close timeouts (ComponentConfig).
        session.handle_timeout(Instant::now());
        while let Some(out) = session.poll_transmit() {
            tcp.write_all(&out).map_err(|e| format!("write: {e}"))?;
        }
        while let Some(ev) = session.poll_event() {
            match ev {
                ComponentEvent::Online => {
                    println!("step: handshake accepted as {me}");
                    let ping = Iq::get(server.clone(), Element::new("ping", "urn:xmpp:ping"))
                        .with_from(me.clone())
                        .with_id(ping_id);
                    session.send(ping).map_err(|e| e.to_string())?;
                    if let Some(to) = &to {
                        let to = Jid::new(to).map_err(|e| format!("--to: {e}"))?;
                        let msg = Message::chat(to.clone())
                            .with_from(me.clone())
                            .with_body("hello from the xmpp-sansio component");
                        session.send(msg).map_err(|e| e.to_string())?;
                        println!("step: message sent to {to}");
                    }
                }
                ComponentEvent::Stanza(Stanza::Iq(iq)) if &*iq.id == ping_id => {
                    if matches!(iq.payload, IqPayload::Error { .. }) {
                        return Err("the server answered the ping with an error".into());
                    }
                    println!("step: ping answered by {server}");
                    pinged = true;
                    if !serve {
                        session.close();
                    }
                }
                ComponentEvent::Stanza(Stanza::Message(m)) => {
                    if let (Some(from), Some(body)) = (m.from.clone(), m.body()) {
                        println!("echo: {from}: {body}");
                        let reply = Message::chat(from)
                            .with_from(me.clone())
                            .with_body(body.to_owned());
                        session.send(reply).map_err(|e| e.to_string())?;
                    }
                }
                ComponentEvent::Stanza(Stanza::Iq(iq)) if iq.is_request() => {
                    session
                        .send(
                            iq.error_reply(
                                xmpp_sansio::stanza::DefinedCondition::ServiceUnavailable,
                            ),
                        )
                        .map_err(|e| e.to_string())?;
                }
                ComponentEvent::Closed(reason) => {
                    return if pinged {
                        println!("step: closed ({reason:?})");
                        Ok(())
                    } else {
                        Err(format!("closed before the ping was answered: {reason:?}"))
                    };
                }
                _ => {}
            }
        }
        match tcp.read(&mut buf) {
            Ok(0) => return Err("the server closed the connection".into()),
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
    }
}
