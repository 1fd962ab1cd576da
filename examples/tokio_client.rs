//! An echo bot on tokio, built on `ClientSession`: logs in, sends presence,
//! and answers every chat message with the same body.
//!
//! ```text
//! cargo run --example tokio_client -- --jid bot@localhost --password secret \
//!     [--host 127.0.0.1] [--port 5222] [--max-messages N]
//! ```
//!
//! For brevity this example speaks plaintext (no TLS): use it against a
//! server on loopback. `examples/client.rs` shows STARTTLS with rustls.

use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Duration, sleep_until};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::session::{ClientConfig, ClientEvent, ClientSession, TlsPolicy};
use xmpp_sansio::stanza::{Message, MessageType, Presence, Stanza};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let mut jid = None;
    let mut password = String::new();
    let mut host = "127.0.0.1".to_owned();
    let mut port = 5222u16;
    let mut max_messages: Option<u64> = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--jid" => jid = Some(Jid::new(&value()?).map_err(|e| format!("--jid: {e}"))?),
            "--password" => password = value()?,
            "--host" => host = value()?,
            "--port" => port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--max-messages" => {
                max_messages = Some(
                    value()?
                        .parse()
                        .map_err(|e| format!("--max-messages: {e}"))?,
                )
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let jid = jid.ok_or("--jid is required")?;
    let mut tcp = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let config = ClientConfig::new(jid, password)
        .with_tls(TlsPolicy::Disabled)
        .with_plaintext_auth(true);
    let mut session = ClientSession::new(config, Instant::now());
    let mut buf = vec![0u8; 16 * 1024];
    let mut echoed = 0u64;
    loop {
        while let Some(event) = session.poll_event() {
            match event {
                ClientEvent::Online { jid } => {
                    println!("online as {jid}");
                    session
                        .send(Presence::available())
                        .map_err(|e| e.to_string())?;
                }
                ClientEvent::Stanza(Stanza::Message(m)) if m.message_type == MessageType::Chat => {
                    if let (Some(from), Some(body)) = (m.from.clone(), m.body()) {
                        println!("{from}: {body}");
                        session
                            .send(Message::chat(from).with_body(body.to_owned()))
                            .map_err(|e| e.to_string())?;
                        echoed += 1;
                        if max_messages.is_some_and(|max| echoed >= max) {
                            session.close();
                        }
                    }
                }
                ClientEvent::Closed(reason) => {
                    println!("closed: {reason:?}");
                    return Ok(());
                }
                _ => {}
            }
        }
        while let Some(out) = session.poll_transmit() {
            tcp.write_all(&out)
                .await
                .map_err(|e| format!("write: {e}"))?;
        }
        // Wait for bytes, or for the session's next timer (keepalive, ping).
        let deadline = session
            .poll_timeout()
            .map(tokio::time::Instant::from_std)
            .unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(3600));
        tokio::select! {
            read = tcp.read(&mut buf) => match read {
                Ok(0) => return Err("the server closed the connection".into()),
                Ok(n) => session.handle_input(&buf[..n]).map_err(|e| e.to_string())?,
                Err(e) => return Err(format!("read: {e}")),
            },
            _ = sleep_until(deadline) => session.handle_timeout(Instant::now()),
        }
    }
}
